from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from authorities.models import Authority
from improvement.models import TagPart, TagSource, Theme, ThemeTag
from improvement.services import recurring_concerns, tag_event
from improvement.themes import THEMES
from inspections.models import Event, EventKind
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


def _keys(tags: list[ThemeTag]) -> set[str]:
    return {t.theme.key for t in tags}


def test_the_migration_loads_every_theme_of_the_vocabulary() -> None:
    assert set(Theme.objects.values_list("key", flat=True)) == {t.key for t in THEMES}


def test_a_monitoring_visit_is_tagged_from_its_areas_and_findings(visit_2023: Event) -> None:
    tags = tag_event(visit_2023)

    areas = {(t.finding_index, t.theme.key, t.matched_phrase) for t in tags if t.part == TagPart.AREA}
    assert areas == {(0, "exploitation", "exploitation"), (1, "missing", "missing from home or care")}
    findings = {(t.finding_index, t.theme.key, t.matched_phrase) for t in tags if t.part == TagPart.FINDING}
    assert findings == {
        (0, "exploitation", "exploitation"),
        (1, "oversight_supervision", "Supervision"),
        (2, "strategy_meetings", "Strategy meetings"),
    }
    assert all(t.source == TagSource.AUTO for t in tags)


def test_recommendations_are_tagged_one_row_per_theme(inspection_2021: Event) -> None:
    tags = tag_event(inspection_2021)
    by_order = {}
    for t in tags:
        by_order.setdefault(t.recommendation.order, set()).add(t.theme.key)
    assert by_order == {
        1: {"oversight_supervision"},
        2: {"strategy_meetings"},
        3: {"missing"},
        4: {"assessments"},
    }


def test_tagging_twice_changes_nothing(visit_2023: Event) -> None:
    first = sorted(t.pk for t in tag_event(visit_2023))
    second = sorted(t.pk for t in tag_event(visit_2023))
    assert first == second
    assert ThemeTag.objects.filter(event=visit_2023).count() == len(first)


def test_a_concern_raised_in_2021_and_again_at_the_august_2023_visit_recurs(
    bury: Authority, inspection_2021: Event, visit_2023: Event
) -> None:
    tag_event(inspection_2021)
    tag_event(visit_2023)

    concerns = recurring_concerns(bury)

    # Exploitation was raised only at the visit and assessments only in 2021, so neither recurs.
    assert [c.theme.key for c in concerns] == ["missing", "oversight_supervision", "strategy_meetings"]
    supervision = concerns[1]
    assert [(a.event, a.date, a.kind) for a in supervision.appearances] == [
        (inspection_2021, dt.date(2021, 10, 25), EventKind.INSPECTION),
        (visit_2023, dt.date(2023, 8, 1), EventKind.MONITORING_VISIT),
    ]
    assert [a.matched_phrase for a in supervision.appearances] == ["management oversight", "Supervision"]
    missing = concerns[0]
    assert [a.matched_phrase for a in missing.appearances] == ["go missing", "missing from home or care"]
    assert missing.first_raised == dt.date(2021, 10, 25)
    assert missing.last_raised == dt.date(2023, 8, 1)


def test_concerns_are_sorted_by_when_they_were_first_raised(bury: Authority, inspection_2021: Event) -> None:
    early, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.FOCUSED_VISIT,
            framework=inspection_2021.framework,
            start_date=dt.date(2019, 5, 1),
            findings=("Too many children wait for strategy meetings.", "Caseloads are high."),
        )
    )
    late, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.MONITORING_VISIT,
            framework=inspection_2021.framework,
            sequence_number=1,
            start_date=dt.date(2022, 6, 1),
            findings=("Caseloads remain high.", "Supervision is infrequent."),
        )
    )
    for event in (early, inspection_2021, late):
        tag_event(event)

    concerns = recurring_concerns(bury)

    assert [(c.theme.key, c.first_raised) for c in concerns] == [
        ("caseloads", dt.date(2019, 5, 1)),
        ("strategy_meetings", dt.date(2019, 5, 1)),
        ("oversight_supervision", dt.date(2021, 10, 25)),
    ]


def test_a_tag_a_person_removed_stays_removed_after_re_tagging(
    bury: Authority, inspection_2021: Event, visit_2023: Event
) -> None:
    tag_event(inspection_2021)
    tag_event(visit_2023)
    wrong = ThemeTag.objects.get(event=visit_2023, part=TagPart.FINDING, theme__key="strategy_meetings")
    wrong.removed = True
    wrong.save(update_fields=["removed"])

    tags = tag_event(visit_2023)

    wrong.refresh_from_db()
    assert wrong.removed
    assert "strategy_meetings" not in _keys(tags)
    assert "strategy_meetings" not in [c.theme.key for c in recurring_concerns(bury)]


def test_a_tag_a_person_added_is_kept_by_re_tagging(visit_2023: Event) -> None:
    tag_event(visit_2023)
    added = ThemeTag.objects.create(
        event=visit_2023,
        part=TagPart.AREA,
        finding_index=2,
        theme=Theme.objects.get(key="voice_of_child"),
        source=TagSource.MANUAL,
    )

    tags = tag_event(visit_2023)

    assert added.pk in {t.pk for t in tags}


def test_a_tag_whose_text_has_changed_is_dropped_by_re_tagging(visit_2023: Event) -> None:
    tag_event(visit_2023)
    visit_2023.findings = ["Leaders have a clear understanding of practice."]
    visit_2023.save(update_fields=["findings"])

    tags = tag_event(visit_2023)

    assert not [t for t in tags if t.part == TagPart.FINDING]


def test_the_bury_seed_letters_findings_are_tagged(seeds_dir: Path, bury: Authority) -> None:
    from inspections.parsing import extract_text, parse_text

    paths = sorted(seeds_dir.glob("001_*.txt"))
    if not paths:
        pytest.skip(f"no 001_*.txt seed in {seeds_dir}")
    parsed = parse_text(extract_text(paths[0].read_bytes(), filename=paths[0].name))
    assert parsed.la_name.value == "Bury"
    visit, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.MONITORING_VISIT,
            framework="ilacs",
            sequence_number=parsed.visit_number.value or 4,
            start_date=parsed.visit_start.value,
            themes=parsed.areas.value or (),
            findings=parsed.findings,
        )
    )

    tags = tag_event(visit)

    found = _keys([t for t in tags if t.part == TagPart.FINDING])
    assert {"exploitation", "strategy_meetings", "assessments", "oversight_supervision", "missing"} <= found
    assert {"exploitation", "missing"} <= _keys([t for t in tags if t.part == TagPart.AREA])
