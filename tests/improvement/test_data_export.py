"""The national data export: latest grades per authority and the full history, as CSV and Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from authorities.models import Authority
from inspections.data_export import HISTORY_COLUMNS, LATEST_COLUMNS, safe_cell
from inspections.models import Event

pytestmark = pytest.mark.django_db


def _csv(url: str) -> tuple[Any, list[dict[str, str]]]:
    response = Client().get(url)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # the byte order mark Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))
    return response, rows


def _xlsx(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_written_as_text(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_ordinary_values_are_left_alone() -> None:
    assert safe_cell("Bury") == "Bury"
    assert safe_cell(3) == 3
    assert safe_cell(dt.date(2025, 6, 9)) == dt.date(2025, 6, 9)


def test_latest_csv_has_one_row_per_current_authority(demo_history: None) -> None:
    response, rows = _csv(reverse("data:latest-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="trajectory-latest-')
    assert list(rows[0]) == [c.key for c in LATEST_COLUMNS]
    assert len(rows) == 153
    assert len({r["la_code"] for r in rows}) == 153
    bury = next(r for r in rows if r["authority"] == "Bury")
    assert bury["la_code"] == "351"
    assert bury["gss_code"] == "E08000002"
    assert bury["region"] == "North West"
    assert bury["last_inspection_start"] == "2025-06-09"
    assert bury["framework"] == "ILACS"
    assert bury["overall_grade"] == "Requires improvement"
    assert bury["leadership_grade"] == "Good"
    assert bury["leadership_date"] == "2025-06-09"
    assert bury["last_visit"] == "Monitoring visit 4"
    assert bury["last_visit_date"] == "2023-08-01"
    never = next(r for r in rows if r["last_inspection_start"] == "")
    assert never["overall_grade"] == "No record held"
    assert never["leadership_grade"] == "No record held"


def test_latest_strand_grades_can_come_from_different_inspections(demo_history: None) -> None:
    Event.objects.filter(authority__slug="bury", start_date=dt.date(2025, 6, 9)).delete()
    _, rows = _csv(reverse("data:latest-csv"))
    bury = next(r for r in rows if r["authority"] == "Bury")
    assert bury["help_and_protection_grade"] == "Inadequate"
    assert bury["help_and_protection_date"] == "2021-10-25"
    # ILACS judged children in care and care leavers together in 2021: that grade counts for care leavers.
    assert bury["care_leavers_grade"] == "Requires improvement"
    assert bury["care_leavers_date"] == "2021-10-25"


def test_history_csv_has_one_row_per_event(demo_history: None) -> None:
    _, rows = _csv(reverse("data:history-csv"))

    assert list(rows[0]) == [c.key for c in HISTORY_COLUMNS]
    assert len(rows) == Event.objects.count() == 147
    visit = next(r for r in rows if r["authority"] == "Bury" and r["start_date"] == "2023-08-01")
    assert visit["kind"] == "Monitoring visit 4"
    assert visit["sequence_number"] == "4"
    sif = next(r for r in rows if r["authority"] == "Bury" and r["start_date"] == "2016-02-22")
    assert (sif["framework"], sif["overall_grade"], sif["lscb_grade"]) == ("SIF", "Requires improvement", "Good")


def test_an_ilacs_2026_inspection_has_no_overall_grade_in_either_export(authorities: None) -> None:
    from inspections.frameworks import FrameworkCode
    from inspections.models import EventKind
    from inspections.services import EventData, upsert_event

    blackpool = Authority.objects.get(name="Blackpool")
    for start, framework, grades in (
        (dt.date(2022, 3, 7), FrameworkCode.ILACS, {"overall": "good", "in_care": "good"}),
        (dt.date(2026, 4, 20), FrameworkCode.ILACS_2026, {"leadership": "good", "in_care": "requires_improvement"}),
    ):
        upsert_event(
            EventData(
                authority=blackpool, kind=EventKind.INSPECTION, framework=framework, start_date=start, judgements=grades
            )
        )
    _, rows = _csv(reverse("data:latest-csv"))
    latest = next(r for r in rows if r["authority"] == "Blackpool")
    assert latest["overall_grade"] == "No overall effectiveness judgement under ILACS 2026"
    assert latest["leadership_grade"] == "Good"
    _, rows = _csv(reverse("data:history-csv"))
    by_date = {r["start_date"]: r for r in rows if r["authority"] == "Blackpool"}
    assert by_date["2026-04-20"]["overall_grade"] == "No overall effectiveness judgement under ILACS 2026"
    assert by_date["2026-04-20"]["help_and_protection_grade"] == "No record held"
    assert by_date["2022-03-07"]["care_leavers_grade"] == "Good"  # judged with children in care
    assert by_date["2022-03-07"]["adoption_grade"] == "No adoption judgement under ILACS"
    for row in rows:
        assert "Not judged" not in row.values()


def test_csv_guards_against_formula_injection(demo_history: None) -> None:
    Authority.objects.filter(slug="bury").update(name='=HYPERLINK("http://evil.example","Bury")')
    _, rows = _csv(reverse("data:latest-csv"))
    assert any(r["authority"] == '\'=HYPERLINK("http://evil.example","Bury")' for r in rows)
    assert not any(r["authority"].startswith("=") for r in rows)


def test_latest_xlsx_has_a_bold_frozen_header_real_dates_and_no_formulas(demo_history: None) -> None:
    Authority.objects.filter(slug="bury").update(name="=1+1")
    sheet = _xlsx(reverse("data:latest-xlsx"))

    header = [c.value for c in sheet[1]]
    assert header == [c.key for c in LATEST_COLUMNS]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 28
    assert sheet.max_row == 154
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "351")
    by_key = dict(zip(header, row, strict=True))
    assert by_key["authority"].value == "'=1+1"
    assert by_key["authority"].data_type == "s"
    assert isinstance(by_key["last_inspection_start"].value, dt.datetime)
    assert by_key["last_inspection_start"].value.date() == dt.date(2025, 6, 9)
    assert by_key["last_inspection_start"].is_date


def test_history_xlsx_has_one_row_per_event_with_dates(demo_history: None) -> None:
    sheet = _xlsx(reverse("data:history-xlsx"))
    assert sheet.max_row == Event.objects.count() + 1
    start = [c.value for c in sheet[1]].index("start_date")
    assert all(isinstance(r[start].value, dt.datetime) for r in sheet.iter_rows(min_row=2))


@pytest.mark.parametrize("name", ["data:latest-csv", "data:history-csv"])
def test_csv_exports_take_a_fixed_number_of_queries(
    demo_history: None, name: str, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(4):
        response = Client().get(reverse(name))
        b"".join(response.streaming_content)


def test_the_downloads_page_links_the_four_files(db: None) -> None:
    page = Client().get(reverse("data:downloads")).content.decode()
    for name in ("latest-csv", "latest-xlsx", "history-csv", "history-xlsx"):
        assert reverse(f"data:{name}") in page
