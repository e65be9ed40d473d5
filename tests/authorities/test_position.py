from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority
from inspections.frameworks import FrameworkCode, Strand
from inspections.models import Event, EventKind
from inspections.position import (
    RULE_GOOD,
    RULE_MONITORING,
    RULE_REINSPECTION,
    RULE_REQUIRES_IMPROVEMENT,
    add_months,
    current_position,
    describe_days,
)
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


def _events(authority: Authority) -> list[Event]:
    return list(
        Event.objects.filter(authority=authority)
        .select_related("authority")
        .prefetch_related("judgements")
        .order_by("start_date", "pk")
    )


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


def test_bury_spent_1323_days_inadequate_from_its_2021_inspection_to_its_2025_one(demo_history: None) -> None:
    # Neither report's publication date is held: each judgement counts from its inspection's last day.
    position = current_position(_events(Authority.objects.get(name="Bury")), today=dt.date(2026, 1, 15))
    (period,) = position.inadequate_periods
    assert (period.start, period.end, period.ongoing) == (dt.date(2021, 11, 5), dt.date(2025, 6, 20), False)
    assert period.known
    assert period.basis == "last day of the inspection"
    assert position.days_inadequate == 1323
    assert not position.currently_inadequate
    assert describe_days(position.days_inadequate) == "3 years 7 months"


def test_bury_in_2023_is_still_inadequate_and_expects_monitoring_visit_5(demo_history: None) -> None:
    today = dt.date(2023, 9, 1)
    position = current_position(_events(Authority.objects.get(name="Bury")), today=today)
    assert position.last_inspection_date == dt.date(2021, 10, 25)
    assert position.currently_inadequate
    assert position.days_inadequate == (today - dt.date(2021, 11, 5)).days
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
    # The 2021 ILACS inspection judged children in care and care leavers together: that grade counts for both.
    assert by_strand[Strand.CHILDREN_IN_CARE] == ("requires_improvement", dt.date(2021, 10, 25))
    assert by_strand[Strand.CARE_LEAVERS] == ("requires_improvement", dt.date(2021, 10, 25))


def test_after_a_good_judgement_a_short_inspection_is_expected(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    _inspect(authority, dt.date(2022, 3, 31), overall="good")
    (expected,) = current_position(_events(authority), today=dt.date(2026, 1, 1)).expected
    assert expected.what == "Short inspection"
    assert (expected.earliest, expected.latest) == (dt.date(2024, 9, 30), dt.date(2025, 9, 30))
    assert expected.overdue
    assert expected.rule == RULE_GOOD


def test_ilacs_2026_gives_no_overall_grade_and_its_inadequate_strand_is_timed_as_that_strand(
    authorities: None,
) -> None:
    authority = Authority.objects.get(name="Bury")
    _inspect(authority, dt.date(2022, 1, 10), overall="inadequate")
    _inspect(authority, dt.date(2026, 5, 4), FrameworkCode.ILACS_2026, leadership="good", in_care="inadequate")
    position = current_position(_events(authority), today=dt.date(2026, 7, 4))
    assert position.headline_grade is None
    # The 2026 inspection ends the overall judgement without giving one: no longer inadequate overall.
    (overall,) = position.inadequate_periods
    assert (overall.end, overall.replaced, overall.ongoing) == (dt.date(2026, 5, 4), True, False)
    assert not position.currently_inadequate
    in_care = dict(position.inadequate_by_strand)[Strand.CHILDREN_IN_CARE]
    assert [(p.start, p.days, p.ongoing) for p in in_care] == [(dt.date(2026, 5, 4), 61, True)]
    # What Ofsted does next still follows the inadequate strand.
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


def _doncaster(*, with_2018: bool = False) -> Authority:
    """Doncaster as issue 14 found it: a 2015 SIF judged inadequate and a 2025 ILACS judged good, nothing between
    (it was in fact judged good at a SIF re-inspection published in January 2018)."""
    authority = Authority.objects.get(name="Doncaster")
    inspections = [
        (dt.date(2015, 9, 21), dt.date(2015, 10, 15), dt.date(2015, 11, 27), FrameworkCode.SIF, "inadequate"),
        (dt.date(2025, 1, 20), dt.date(2025, 1, 31), dt.date(2025, 3, 18), FrameworkCode.ILACS, "good"),
    ]
    if with_2018:
        inspections.append(
            (dt.date(2017, 11, 6), dt.date(2017, 11, 17), dt.date(2018, 1, 19), FrameworkCode.SIF, "good")
        )
    for start, end, published, framework, grade in inspections:
        upsert_event(
            EventData(
                authority=authority,
                kind=EventKind.INSPECTION,
                framework=framework,
                start_date=start,
                end_date=end,
                published_date=published,
                judgements={"overall": grade},
            )
        )
    return authority


def test_doncaster_is_not_counted_inadequate_across_the_ten_years_its_record_is_missing_an_inspection(
    authorities: None,
) -> None:
    position = current_position(_events(_doncaster()), today=dt.date(2026, 1, 1))
    assert position.days_inadequate == 0
    assert not position.currently_inadequate
    (period,) = position.inadequate_not_known
    assert period.start == dt.date(2015, 11, 27)  # from publication
    assert period.basis == "published"


def test_with_its_2018_re_inspection_doncaster_was_inadequate_from_publication_to_the_next_publication(
    authorities: None,
) -> None:
    position = current_position(_events(_doncaster(with_2018=True)), today=dt.date(2026, 1, 1))
    (period,) = position.inadequate_periods
    assert (period.start, period.end, period.known) == (dt.date(2015, 11, 27), dt.date(2018, 1, 19), True)
    assert position.days_inadequate == 784
    assert position.inadequate_not_known == ()


def test_an_inadequate_judgement_long_unfollowed_is_not_carried_to_today(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    _inspect(authority, dt.date(2016, 3, 1), FrameworkCode.SIF, overall="inadequate")
    assert current_position(_events(authority), today=dt.date(2021, 3, 1)).currently_inadequate
    later = current_position(_events(authority), today=dt.date(2023, 3, 2))  # more than six years on
    assert not later.currently_inadequate
    assert later.days_inadequate == 0
    assert len(later.inadequate_not_known) == 1
