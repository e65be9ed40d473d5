"""Issue 13 §3 and issue 14.1–2 on the authorities' pages: where nothing is held, "No record held" (never "Not
judged" or "Not inspected"); no overall grade for an ILACS 2026 inspection; ILACS's combined children in care and
care leavers judgement under both strands; time judged inadequate not carried across a missing inspection."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db

NEVER = ("Not judged", "Not inspected", "None recorded")


def inspect(
    name: str,
    start: dt.date,
    framework: str = FrameworkCode.ILACS,
    *,
    end: dt.date | None = None,
    published: dt.date | None = None,
    **grades: str,
) -> tuple[Event, bool]:
    return upsert_event(
        EventData(
            authority=Authority.objects.get(name=name),
            kind=EventKind.INSPECTION,
            framework=framework,
            start_date=start,
            end_date=end,
            published_date=published,
            judgements=grades,
        )
    )


def blackpool_2026() -> Authority:
    inspect("Blackpool", dt.date(2022, 3, 7), overall="good", leadership="good", help_and_protection="good")
    inspect(
        "Blackpool",
        dt.date(2026, 4, 20),
        FrameworkCode.ILACS_2026,
        leadership="good",
        help_and_protection="requires_improvement",
        in_care="good",
        care_leavers="good",
    )
    return Authority.objects.get(name="Blackpool")


def doncaster() -> Authority:
    inspect(
        "Doncaster",
        dt.date(2015, 9, 21),
        FrameworkCode.SIF,
        end=dt.date(2015, 10, 15),
        published=dt.date(2015, 11, 27),
        overall="inadequate",
    )
    inspect("Doncaster", dt.date(2025, 1, 20), end=dt.date(2025, 1, 31), published=dt.date(2025, 3, 18), overall="good")
    return Authority.objects.get(name="Doncaster")


def body_of(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_says_no_record_held_and_what_the_record_covers(client: Client, authorities: None) -> None:
    inspect("Bury", dt.date(2025, 6, 9), overall="requires_improvement", leadership="good")
    body = body_of(client, reverse("authorities:list"))
    for words in NEVER:
        assert words not in body
    assert body.count("No record held") >= 152 + 3  # 152 authorities with none; Bury's three strands not held
    assert "This record holds 1 event from these sources: 1 entered by hand." in body


def test_an_ilacs_2026_inspection_shows_no_overall_grade_on_the_list(client: Client, authorities: None) -> None:
    blackpool_2026()
    body = body_of(client, reverse("authorities:list"), q="Blackpool")
    row = body[body.index(">Blackpool<") :]
    row = row[: row.index("</tr>")]
    assert "No overall effectiveness judgement under ILACS 2026" in row
    assert ">Good<" in row  # leadership
    assert row.count("app-grade--good") == 3  # leadership, children in care, care leavers: not overall


def test_an_authority_page_under_ilacs_2026_names_the_last_overall_judgement_with_its_date(
    client: Client, authorities: None
) -> None:
    body = body_of(client, blackpool_2026().get_absolute_url())
    grades = body[body.index('id="latest-grades"') : body.index("</dl>", body.index('id="latest-grades"'))]
    assert "No overall effectiveness judgement under ILACS 2026" in grades
    assert "The last overall effectiveness judgement, good, was given at the" in grades
    assert "of March 2022, under an earlier framework" in grades
    for words in NEVER:
        assert words not in body


def test_an_authority_page_without_a_record_says_so_and_what_the_record_covers(
    client: Client, authorities: None
) -> None:
    inspect("Bury", dt.date(2025, 6, 9), overall="requires_improvement")
    body = body_of(client, Authority.objects.get(name="Bolton").get_absolute_url())
    assert "No record held of a full inspection of Bolton. This record holds 1 event" in body
    for words in NEVER:
        assert words not in body


def test_the_combined_children_in_care_and_care_leavers_judgement_counts_for_both_on_list_and_page(
    client: Client, authorities: None
) -> None:
    event, *_ = inspect("Bury", dt.date(2021, 10, 25), overall="inadequate", in_care="requires_improvement")
    assert [j.area_label() for j in event.judgements.all() if j.area == "in_care"] == [
        "Experiences and progress of children in care and care leavers"
    ]
    body = body_of(client, reverse("authorities:list"), q="Bury")
    row = body[body.index(">Bury<") :]
    row = row[: row.index("</tr>")]
    assert row.count("Requires improvement") == 2
    assert "with children in care" in row
    page = body_of(client, Authority.objects.get(name="Bury").get_absolute_url())
    assert "Care leavers (judged with children in care)" in page
    assert "Experiences and progress of children in care and care leavers" in page


def test_a_2023_ilacs_judges_children_in_care_alone(client: Client, authorities: None) -> None:
    inspect("Bury", dt.date(2023, 1, 9), overall="good", in_care="good")
    body = body_of(client, reverse("authorities:list"), q="Bury")
    row = body[body.index(">Bury<") :]
    row = row[: row.index("</tr>")]
    assert row.count("app-grade--good") == 2
    assert "with children in care" not in row


def test_doncasters_page_counts_no_time_inadequate_across_its_missing_inspection(
    client: Client, authorities: None
) -> None:
    body = body_of(client, doncaster().get_absolute_url())
    section = body[body.index('id="time-inadequate"') :]
    section = section[: section.index("</dd>")]
    assert "3416" not in section
    assert "Overall effectiveness: no time that can be counted: from November 2015 (published)" in section
    assert "an inspection is missing from the record before March 2025" in section
    assert "from the day its report was published" in section


def test_the_overview_counts_doncaster_neither_inadequate_nor_judged_across_its_missing_inspection(
    client: Client, authorities: None
) -> None:
    from inspections.overview import Filters, national_overview

    doncaster()
    result = national_overview(Filters(), today=dt.date(2026, 1, 1))
    years = {row.year: row for row in result.years}
    assert years[2015].judged_inadequate == 1
    assert all(years[y].inadequate == 0 for y in range(2015, 2027))
    assert all(years[y].not_known == 1 for y in range(2015, 2025))
    assert (years[2025].not_known, years[2025].graded) == (0, 1)  # good, from March 2025
    assert result.inadequate_now == ()
    body = body_of(client, reverse("authorities:overview"))
    assert "Not known: an inspection missing from the record" in body
    assert "Not judged" not in body


def test_the_overview_counts_an_ilacs_2026_authority_as_having_no_overall_grade(
    client: Client, authorities: None
) -> None:
    blackpool_2026()
    body = body_of(client, reverse("authorities:overview"))
    counts = body[body.index('id="strand-counts"') :]
    overall = counts[
        counts.index(">Overall effectiveness<") : counts.index("</tr>", counts.index(">Overall effectiveness<"))
    ]
    cells = [c.split("<")[0] for c in overall.split('govuk-table__cell--numeric">')[1:]]
    assert cells == ["0", "0", "0", "0", "1", "152"]
    assert "No such judgement in the latest inspection&#x27;s framework" in counts
    for words in NEVER:
        assert words not in body


def test_the_comparison_shows_the_combined_judgement_under_both_strands_and_no_record_held(
    client: Client, authorities: None
) -> None:
    inspect("Bury", dt.date(2021, 10, 25), overall="inadequate", in_care="requires_improvement")
    body = body_of(client, reverse("authorities:compare"), focus="bury", a="bolton")
    table = body[body.index('id="comparison-table"') : body.index("</table>", body.index('id="comparison-table"'))]
    bury = table[table.index(">Bury<") : table.index("</tr>", table.index(">Bury<"))]
    assert bury.count("Requires improvement") == 2
    assert "with children in care" in bury
    bolton = table[table.index(">Bolton<") :]
    assert "No record held" in bolton[: bolton.index("</tr>")]
    for words in NEVER:
        assert words not in body
