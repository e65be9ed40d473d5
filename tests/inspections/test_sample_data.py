import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from authorities.models import Authority
from inspections.frameworks import FrameworkCode, framework_for
from inspections.models import Document, Event, EventKind, InspectionType, Judgement, Provenance
from tests.benchmarks import load_national_sample as load_national_sample_command
from tests.benchmarks.sample_data import SUMMARY, RealDataPresent, load_national_sample, plan_authority

UNTIL = dt.date(2026, 6, 30)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.slow
@pytest.mark.django_db
def test_every_current_authority_gets_at_least_n_valid_events(authorities: None, media: Path) -> None:
    stats = load_national_sample(events_per_authority=10, seed=3, until=UNTIL)

    current = Authority.objects.current()
    counts = Counter(Event.objects.values_list("authority_id", flat=True))
    assert stats.authorities == current.count() == 153
    assert set(counts) == set(current.values_list("pk", flat=True))
    assert min(counts.values()) >= 10
    assert not Event.objects.exclude(provenance=Provenance.SYNTHETIC).exists()
    assert not Event.objects.filter(start_date__gt=UNTIL).exists()
    # Every framework but 2012–13 child protection, which the official statistics alone record.
    assert set(Event.objects.filter(kind=EventKind.INSPECTION).values_list("framework", flat=True)) == set(
        FrameworkCode
    ) - {FrameworkCode.CHILD_PROTECTION}

    for judgement in Judgement.objects.select_related("event"):
        framework = framework_for(judgement.event.framework)
        assert framework is not None
        area = framework.area(judgement.area)
        assert area is not None
        assert area.strand == judgement.strand
        assert judgement.grade in framework.grades
    # ILACS judged care leavers on their own only from 2023.
    assert not Judgement.objects.filter(
        event__framework=FrameworkCode.ILACS, area="care_leavers", event__start_date__lt=dt.date(2023, 1, 1)
    ).exists()
    assert Judgement.objects.filter(event__framework=FrameworkCode.ILACS, area="care_leavers").exists()
    assert (
        not Event.objects.filter(framework__in=[FrameworkCode.SIF, FrameworkCode.SAFEGUARDING_LAC])
        .exclude(inspection_type="")
        .exists()
    )
    assert Event.objects.filter(framework=FrameworkCode.ILACS, inspection_type=InspectionType.SHORT).exists()

    # Monitoring visits are numbered from 1 and follow an inadequate inspection of the same authority.
    visits = Event.objects.filter(kind=EventKind.MONITORING_VISIT).select_related("triggered_by")
    assert visits.filter(sequence_number=1).exists()
    for visit in visits:
        trigger = visit.triggered_by
        assert trigger is not None
        assert trigger.authority_id == visit.authority_id
        assert trigger.start_date < visit.start_date
        assert trigger.judgements.filter(grade="inadequate").exists()

    inspection = Event.objects.filter(kind=EventKind.INSPECTION).first()
    assert inspection.recommendations.count() >= 2
    assert inspection.inspector_roles.filter(role="lead").count() == 1
    assert inspection.summary == SUMMARY
    # One searchable text document per inspection, stored as a file that can be opened again.
    document = inspection.source_document
    assert document is not None
    assert inspection.authority.name in document.text
    assert (media / document.file.name).read_text() == document.text
    assert stats.documents == Document.objects.count() == Event.objects.filter(kind=EventKind.INSPECTION).count()


def test_plan_is_deterministic_for_a_seed() -> None:
    first = plan_authority(1, "330", 12, UNTIL)
    assert first == plan_authority(1, "330", 12, UNTIL)
    assert first != plan_authority(2, "330", 12, UNTIL)
    assert len(first) >= 12
    assert [e.start_date for e in first] == sorted(e.start_date for e in first)


@pytest.mark.slow
@pytest.mark.django_db
def test_loading_again_replaces_the_sample_identically(authorities: None, media: Path) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return sorted(Event.objects.values_list("authority__la_code", "kind", "start_date", "framework"))

    load_national_sample(events_per_authority=4, seed=7, until=UNTIL)
    first = snapshot()
    load_national_sample(events_per_authority=4, seed=7, until=UNTIL)
    assert snapshot() == first
    assert Document.objects.count() == Event.objects.filter(kind=EventKind.INSPECTION).count()


@pytest.mark.django_db
def test_refuses_beside_real_events_unless_forced(demo_history: None, media: Path) -> None:
    real = Event.objects.count()
    with pytest.raises(RealDataPresent):
        load_national_sample(events_per_authority=2, until=UNTIL)
    with pytest.raises(CommandError, match="real events"):
        call_command(load_national_sample_command.Command(), "--events-per-authority", "2", "--no-documents")
    assert Event.objects.count() == real

    load_national_sample(events_per_authority=2, until=UNTIL, force=True, documents=False)
    assert Event.objects.exclude(provenance=Provenance.SYNTHETIC).count() == real
    assert Event.objects.filter(provenance=Provenance.SYNTHETIC).exists()


@pytest.mark.django_db
def test_command_needs_authorities(media: Path) -> None:
    with pytest.raises(CommandError, match="load_authorities"):
        call_command(load_national_sample_command.Command())
