from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority
from inspections.demo import load_demo_history
from inspections.frameworks import FrameworkCode, Strand
from inspections.models import Event, EventKind

pytestmark = pytest.mark.django_db


def test_bury_has_its_trajectory_from_sif_to_reinspection(demo_history: None) -> None:
    events = list(
        Authority.objects.get(name="Bury")
        .events.select_related("authority")
        .prefetch_related("judgements")
        .order_by("start_date", "pk")
    )
    inspections = [e for e in events if e.kind == EventKind.INSPECTION]
    assert [(e.framework, e.start_date.year) for e in inspections] == [
        (FrameworkCode.SIF, 2016),
        (FrameworkCode.ILACS, 2021),
        (FrameworkCode.ILACS, 2025),
    ]
    sif, ilacs_2021, ilacs_2025 = inspections
    assert sif.overall_grade() == "requires_improvement"
    assert sum(j.grade == "good" for j in sif.judgements.all() if j.area != "lscb") == 3
    assert ilacs_2021.overall_grade() == "inadequate"
    assert ilacs_2025.overall_grade() == "requires_improvement"
    assert ilacs_2025.judgement_for(Strand.LEADERSHIP).grade == "good"
    visits = [e for e in events if e.kind == EventKind.MONITORING_VISIT]
    assert [v.sequence_number for v in visits] == [2, 4]
    assert all(v.triggered_by == ilacs_2021 for v in visits)
    assert visits[1].start_date == dt.date(2023, 8, 1)


def test_loading_the_demo_twice_duplicates_nothing(demo_history: None) -> None:
    count = Event.objects.count()
    load_demo_history()
    assert Event.objects.count() == count
    assert Authority.objects.filter(events__isnull=False).distinct().count() >= 20
