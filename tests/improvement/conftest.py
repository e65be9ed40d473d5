"""Bury's story as the improvement tests tell it: the 2021 inspection and the fourth monitoring visit.

Dates, areas and inspectors of the visit are the seed letter's facts; the recommendations and
findings are written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority
from improvement.services import plan_from_recommendations, tag_event
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind, Recommendation
from inspections.services import EventData, RecommendationData, upsert_event

RECOMMENDATIONS_2021 = (
    "The quality and impact of management oversight and supervision of social work practice.",
    "The timeliness and effectiveness of strategy meetings when children may be at risk of significant harm.",
    "The response to children who go missing from home or care, including the offer of return home interviews.",
    "The quality of assessments for children in need of help and protection.",
)

VISIT_AREAS_2023 = (
    "Children at risk of sexual or criminal exploitation",
    "Children who are missing from home or care",
    "Children at risk of radicalisation",
)

VISIT_FINDINGS_2023 = (
    "Senior leaders have strengthened arrangements for children at risk of exploitation.",
    "Supervision is regular, but it does not always challenge drift or set clear actions for social workers.",
    "Strategy meetings are not always held promptly when risks to children escalate.",
)


@pytest.fixture
def bury(authorities: None) -> Authority:
    return Authority.objects.get(name="Bury")


@pytest.fixture
def inspection_2021(bury: Authority) -> Event:
    event, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            inspection_type="standard",
            start_date=dt.date(2021, 10, 25),
            end_date=dt.date(2021, 11, 5),
            recommendations=tuple(RecommendationData(text) for text in RECOMMENDATIONS_2021),
        )
    )
    return event


@pytest.fixture
def visit_2023(bury: Authority, inspection_2021: Event) -> Event:
    event, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.MONITORING_VISIT,
            framework=FrameworkCode.ILACS,
            sequence_number=4,
            triggered_by=inspection_2021,
            start_date=dt.date(2023, 8, 1),
            end_date=dt.date(2023, 8, 2),
            published_date=dt.date(2023, 9, 5),
            lead_inspector="Lisa Walsh",
            inspectors=("Rebekah Tucker",),
            themes=VISIT_AREAS_2023,
            findings=VISIT_FINDINGS_2023,
        )
    )
    return event


def add_plan_and_concerns(bury: Authority) -> None:
    """On Bury's demonstration history: the 2021 recommendations, a plan answering them, and the 2023 visit's
    findings, all tagged, so every section of a briefing has something in it."""
    inspection = Event.objects.get(authority=bury, kind=EventKind.INSPECTION, start_date=dt.date(2021, 10, 25))
    for order, text in enumerate(RECOMMENDATIONS_2021, start=1):
        Recommendation.objects.create(event=inspection, order=order, text=text)
    visit = Event.objects.get(authority=bury, kind=EventKind.MONITORING_VISIT, start_date=dt.date(2023, 8, 1))
    visit.findings = list(VISIT_FINDINGS_2023)
    visit.save(update_fields=["findings"])
    tag_event(inspection)
    tag_event(visit)
    plan_from_recommendations(inspection, owner_default="Head of Safeguarding")
