from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.models import Authority
from inspections.frameworks import FrameworkCode, Grade, Strand
from inspections.models import Event, EventInspector, EventKind, Inspector, Judgement
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def bury(authorities: None) -> Authority:
    return Authority.objects.get(name="Bury")


def _inspection(authority: Authority, **overrides: object) -> Event:
    fields = {
        "authority": authority,
        "kind": EventKind.INSPECTION,
        "framework": FrameworkCode.ILACS,
        "start_date": dt.date(2021, 10, 25),
        "end_date": dt.date(2021, 11, 5),
    } | overrides
    return Event.objects.create(**fields)


def test_an_event_cannot_end_before_it_starts(bury: Authority) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _inspection(bury, end_date=dt.date(2021, 10, 1))


def test_a_monitoring_visit_needs_its_number(bury: Authority) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(authority=bury, kind=EventKind.MONITORING_VISIT, start_date=dt.date(2022, 10, 12))
    visit = Event(authority=bury, kind=EventKind.MONITORING_VISIT, start_date=dt.date(2022, 10, 12))
    with pytest.raises(ValidationError, match="number"):
        visit.full_clean()


def test_a_dfe_milestone_has_no_inspection_framework(bury: Authority) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            authority=bury,
            kind=EventKind.IMPROVEMENT_NOTICE,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2022, 1, 1),
        )


def test_an_area_is_graded_once_per_inspection(bury: Authority) -> None:
    event = _inspection(bury)
    Judgement.objects.create(event=event, area="overall", strand=Strand.OVERALL, grade=Grade.INADEQUATE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Judgement.objects.create(event=event, area="overall", strand=Strand.OVERALL, grade=Grade.GOOD)


def test_an_inspection_has_one_lead_inspector(bury: Authority) -> None:
    event = _inspection(bury)
    first, second = Inspector.objects.create(name="A Lead"), Inspector.objects.create(name="B Lead")
    EventInspector.objects.create(event=event, inspector=first, role=EventInspector.Role.LEAD)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventInspector.objects.create(event=event, inspector=second, role=EventInspector.Role.LEAD)


def test_a_judgement_must_be_an_area_and_grade_of_its_framework(bury: Authority) -> None:
    event = _inspection(bury)
    with pytest.raises(ValidationError, match="does not judge"):
        Judgement(event=event, area="adoption", strand=Strand.ADOPTION, grade=Grade.GOOD).full_clean()
    with pytest.raises(ValidationError, match="does not use the grade"):
        Judgement(event=event, area="overall", strand=Strand.OVERALL, grade=Grade.ADEQUATE).full_clean()


def test_storing_the_same_event_twice_duplicates_nothing(bury: Authority) -> None:
    data = EventData(
        authority=bury,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS,
        start_date=dt.date(2021, 10, 25),
        lead_inspector="Lorna Schlechte",
        judgements={"overall": "inadequate", "in_care": "requires_improvement"},
    )
    first, created = upsert_event(data)
    second, created_again = upsert_event(data)
    assert (created, created_again) == (True, False)
    assert first.pk == second.pk
    assert first.judgements.count() == 2
    assert first.inspector_roles.get().role == EventInspector.Role.LEAD


def test_a_judgement_outside_the_framework_is_refused_when_stored(bury: Authority) -> None:
    data = EventData(
        authority=bury,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS_2026,
        start_date=dt.date(2026, 5, 11),
        judgements={"overall": "good"},
    )
    with pytest.raises(ValueError, match="does not judge overall"):
        upsert_event(data)


def test_republishing_keeps_recommendations_that_actions_point_at(bury: Authority) -> None:
    from inspections.services import RecommendationData

    def data(*texts: str) -> EventData:
        return EventData(
            authority=bury,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2021, 10, 25),
            recommendations=tuple(RecommendationData(t) for t in texts),
        )

    event, _ = upsert_event(data("Improve supervision.", "Reduce caseloads."))
    first_ids = list(event.recommendations.values_list("pk", flat=True))
    upsert_event(data("Improve supervision.", "Reduce caseloads of social workers."))
    assert list(event.recommendations.values_list("pk", flat=True)) == first_ids
    assert event.recommendations.get(order=2).text == "Reduce caseloads of social workers."
    upsert_event(data("Improve supervision."))
    assert list(event.recommendations.values_list("pk", flat=True)) == first_ids[:1]
