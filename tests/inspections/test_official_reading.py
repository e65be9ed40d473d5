"""Reading Ofsted's official statistics: tables found by their header rows, whatever the layout around them.

The small workbooks here are written by the tests (as .xlsx: the same reader, python-calamine, reads both).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from inspections.models import Event, OfficialRecord
from inspections.official import OFFICIAL_FACTS, read_facts
from inspections.official_reading import OfficialStatisticsError, read_release

LONG_HEADER = [
    "Web link",
    "Local authority\nname",  # line breaks and stray spaces, as the releases have them
    " Inspection date ",
    "Publication date",
    "Inspection type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers",
]
BURY_2021 = [
    "link",
    "Bury",
    dt.datetime(2021, 10, 25),
    dt.datetime(2021, 12, 17),
    "ILACS Standard Inspection",
    "Inadequate",
    "Inadequate",
    "Inadequate",
    "Requires improvement to be good",
    "",
]


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    book.create_sheet("Cover").append(["Local authority inspection outcomes as at 31 March 2025"])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _long(path: Path) -> Path:
    return _workbook(path, {"ILACS_history": [["A title"], [], ["A note"], LONG_HEADER, BURY_2021]})


def test_a_long_table_is_found_below_its_title_with_its_own_row_numbers(tmp_path: Path) -> None:
    release = read_release(_long(tmp_path / "long.xlsx"))
    [fact] = release.facts
    assert (release.as_at, fact.sheet, fact.row, fact.la_code) == ("2025-03-31", "ILACS history", 5, "351")
    assert (fact.kind, fact.framework, fact.inspection_type) == ("inspection", "ilacs", "standard")
    assert (fact.start_date, fact.published_date) == ("2021-10-25", "2021-12-17")
    assert fact.judgements == {
        "overall": "inadequate",
        "leadership": "inadequate",
        "help_and_protection": "inadequate",
        "in_care": "requires_improvement",
    }
    assert fact.citation == "Ofsted official statistics as at 31 March 2025, ILACS history, row 5"


def test_the_second_table_on_a_sheet_is_of_authorities_that_no_longer_exist(tmp_path: Path) -> None:
    header = [
        "Local authority name",
        "First ILACS publication date",
        "First ILACS inspection type",
        "First ILACS overall effectiveness",
        "First ILACS impact of leaders",
        "First ILACS experiences and progress of children who need help and protection",
        "First ILACS experiences and progress of children in care",
        "First ILACS experiences and progress of care leavers",
    ]
    row = [dt.datetime(2019, 7, 29), "ILACS Short Inspection", "Good", "Good", "Good", "Good", ""]
    path = _workbook(
        tmp_path / "wide.xlsx",
        {"ILACS": [["Title"], header, ["Dorset", *row], [], ["Former authorities"], header, ["Dorset", *row]]},
    )
    current, former = read_release(path).facts
    assert (current.la_code, current.row, current.group) == ("838", 3, "First ILACS")  # Dorset Council
    assert (former.la_code, former.row) == ("835", 7)  # Dorset County Council, which it replaced
    assert (former.published_date, former.start_date, former.inspection_type) == ("2019-07-29", None, "short")


def test_a_workbook_with_no_known_table_is_refused_naming_what_was_looked_for(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "other.xlsx", {"Data": [["Local authority name", "Children in care"], ["Bury", 300]]})
    with pytest.raises(OfficialStatisticsError, match="no table of inspections found") as error:
        read_release(path)
    assert "Inspection/Visit type" in str(error.value)
    assert "Publication date" in str(error.value)


def test_a_known_table_without_a_column_it_needs_is_refused(tmp_path: Path) -> None:
    header = ["Local authority name", "Second ILACS publication date", "Second ILACS inspection type"]
    path = _workbook(
        tmp_path / "short.xlsx", {"ILACS": [header, ["Bury", dt.datetime(2025, 7, 1), "ILACS Standard Inspection"]]}
    )
    with pytest.raises(OfficialStatisticsError, match="second ilacs overall effectiveness"):
        read_release(path)


def test_an_unknown_inspection_type_or_grade_is_refused(tmp_path: Path) -> None:
    odd = [*BURY_2021[:4], "ILACS Extended Inspection", *BURY_2021[5:]]
    with pytest.raises(OfficialStatisticsError, match="ILACS Extended Inspection"):
        read_release(_workbook(tmp_path / "a.xlsx", {"H": [LONG_HEADER, odd]}))
    odd = [*BURY_2021[:5], "Very good", *BURY_2021[6:]]
    with pytest.raises(OfficialStatisticsError, match="Very good"):
        read_release(_workbook(tmp_path / "b.xlsx", {"H": [LONG_HEADER, odd]}))


@pytest.mark.django_db
def test_the_command_writes_nothing_when_one_file_is_refused(authorities: None, tmp_path: Path) -> None:
    bad = _workbook(tmp_path / "bad.xlsx", {"Data": [["Local authority name", "Score"], ["Bury", 3]]})
    with pytest.raises(CommandError, match=r"Nothing imported: bad\.xlsx: no table of inspections found"):
        call_command("import_official_statistics", str(_long(tmp_path / "good.xlsx")), str(bad))
    assert (Event.objects.count(), OfficialRecord.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_the_command_imports_and_a_second_run_changes_nothing(authorities: None, tmp_path: Path, capsys: Any) -> None:
    path = _long(tmp_path / "good.xlsx")
    call_command("import_official_statistics", str(path))
    first = capsys.readouterr().out
    assert "ILACS inspection: 1 new" in first
    assert " s in all (" in first  # the time it took
    event = Event.objects.get()
    assert (event.provenance, event.start_date, event.overall_grade()) == (
        "official",
        dt.date(2021, 10, 25),
        "inadequate",
    )
    history = (Event.history.count(), OfficialRecord.objects.count())
    call_command("import_official_statistics", str(path))
    assert "Nothing changed." in capsys.readouterr().out
    assert (Event.history.count(), OfficialRecord.objects.count()) == history


def test_the_shipped_facts_are_what_the_releases_say(shared_dir: Path) -> None:
    """The committed file is regenerated from the spreadsheets (`import_official_statistics --write-fixture`)."""
    releases = [read_release(path) for path in sorted((shared_dir / "reference" / "official").glob("*.ods"))]
    assert [r.as_at for r in releases] == ["2023-03-31", "2024-03-31", "2025-03-31"]
    assert [f for r in releases for f in r.facts] == read_facts()
    shipped = json.loads(OFFICIAL_FACTS.read_text(encoding="utf-8"))["releases"]
    assert [s["summaries"][0]["overall_counts"] for s in shipped] == [r.summaries[0].counts for r in releases]
    # The 2025 release's own table of every authority's latest overall effectiveness.
    assert releases[2].summaries[0].counts == {
        "outstanding": 36,
        "good": 67,
        "requires_improvement": 31,
        "inadequate": 19,
    }
