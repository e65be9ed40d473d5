from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority
from authorities.position import (
    RULE_GOOD,
    RULE_MONITORING,
    RULE_REINSPECTION,
    RULE_REQUIRES_IMPROVEMENT,
    add_months,
    current_position,
    describe_days,
)
from inspections.frameworks import FrameworkCode, Strand
from inspections.models import Event, EventKind
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


def _events(authority: Authority) -> list[Event]:
    return list(Event.objects.filter(authority=authority).for_timeline())


def _inspect(authority: Authority, start: dt.date, framework: str = FrameworkCode.ILACS, **grades: str) -> None:
    upsert_event(
        EventData(
            authority=authority, kind=EventKind.INSPECTION, framework=framework, start_date=start, judgements=grades
        )
    )


def test_bury_after_its_2025_inspection_expects_a_standard_inspection_about_three_years_on(
    demo_history: None,
) -> None:
    position = current_position(_events(Authority.objects.get(name="Bury")), today=dt.date(2026, 1, 15))
    assert position.last_inspection_date == dt.date(2025, 6, 9)
    assert position.days_since_inspection == 220
    assert position.headline_grade == "requires_improvement"
    (expected,) = position.expected
    assert expected.what == "Standard inspection"
    assert (expected.earliest, expected.latest) == (dt.date(2027, 12, 9), dt.date(2028, 12, 9))
    assert expected.rule == RULE_REQUIRES_IMPROVEMENT
    assert not expected.overdue


def test_bury_spent_1323_days_inadequate_from_october_2021_to_june_2025(demo_history: None) -> None:
    position = current_position(_events(Authority.objects.get(name="Bury")), today=dt.date(2026, 1, 15))
    (period,) = position.inadequate_periods
    assert (period.start, period.end, period.ongoing) == (dt.date(2021, 10, 25), dt.date(2025, 6, 9), False)
    assert position.days_inadequate == 1323
    assert not position.currently_inadequate
    assert describe_days(position.days_inadequate) == "3 years 7 months"


def test_bury_in_2023_is_still_inadequate_and_expects_monitoring_visit_5(demo_history: None) -> None:
    today = dt.date(2023, 9, 1)
    position = current_position(_events(Authority.objects.get(name="Bury")), today=today)
    assert position.last_inspection_date == dt.date(2021, 10, 25)
    assert position.currently_inadequate
    assert position.days_inadequate == (today - dt.date(2021, 10, 25)).days
    visit, reinspection = position.expected
    assert visit.what == "Monitoring visit 5"
    assert (visit.earliest, visit.latest) == (dt.date(2023, 11, 1), dt.date(2023, 12, 1))
    assert visit.rule == RULE_MONITORING
    assert reinspection.rule == RULE_REINSPECTION
    assert (reinspection.earliest, reinspection.latest) == (dt.date(2023, 4, 25), dt.date(2023, 10, 25))
    assert not reinspection.overdue
    assert current_position(_events(Authority.objects.get(name="Bury")), today=dt.date(2024, 1, 1)).expected[0].overdue


def test_the_latest_grade_of_each_strand_keeps_its_own_date(demo_history: None) -> None:
    position = current_position(_events(Authority.objects.get(name="Bury")), today=dt.date(2024, 1, 1))
    by_strand = {p.strand: (p.grade, p.date) for p in position.strands}
    assert by_strand[Strand.OVERALL] == ("inadequate", dt.date(2021, 10, 25))
    # The 2021 ILACS inspection did not judge care leavers separately: the SIF grade still stands.
    assert by_strand[Strand.CARE_LEAVERS] == ("requires_improvement", dt.date(2016, 2, 22))


def test_after_a_good_judgement_a_short_inspection_is_expected(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    _inspect(authority, dt.date(2022, 3, 31), overall="good")
    (expected,) = current_position(_events(authority), today=dt.date(2026, 1, 1)).expected
    assert expected.what == "Short inspection"
    assert (expected.earliest, expected.latest) == (dt.date(2024, 9, 30), dt.date(2025, 9, 30))
    assert expected.overdue
    assert expected.rule == RULE_GOOD


def test_ilacs_2026_without_an_overall_grade_counts_its_worst_strand(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    _inspect(authority, dt.date(2022, 1, 10), overall="good")
    _inspect(authority, dt.date(2026, 5, 4), FrameworkCode.ILACS_2026, leadership="good", in_care="inadequate")
    position = current_position(_events(authority), today=dt.date(2026, 7, 4))
    assert position.headline_grade == "inadequate"
    assert position.currently_inadequate
    assert position.days_inadequate == 61
    assert position.expected[0].what == "Monitoring visit 1"
    assert position.expected[0].earliest == dt.date(2026, 8, 4)


def test_an_authority_never_inspected_has_no_position(authorities: None) -> None:
    position = current_position([], today=dt.date(2026, 1, 1))
    assert position.last_inspection is None
    assert position.days_since_inspection is None
    assert position.days_inadequate == 0
    assert position.expected == ()


def test_add_months_keeps_the_day_or_clamps_to_the_month_end() -> None:
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2021, 10, 25), 24) == dt.date(2023, 10, 25)
    assert add_months(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


def test_describe_days_speaks_in_years_and_months() -> None:
    assert describe_days(1) == "1 day"
    assert describe_days(20) == "20 days"
    assert describe_days(365) == "1 year"
    assert describe_days(400) == "1 year 1 month"
