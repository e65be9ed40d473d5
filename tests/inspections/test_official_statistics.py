"""Ofsted's official statistics as shipped (inspections/data/official_statistics.json), loaded once for the module
with the authorities and the demo history, as `make run` loads them; each test runs in a transaction of its own
inside that, so what one changes the next does not see."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.frameworks import GRADE_LEVEL
from inspections.models import Disagreement, Document, DocumentStatus, Event, EventKind, Judgement, Provenance
from inspections.official import OFFICIAL_FACTS, read_facts, reconcile, store_facts
from inspections.overview import Filters, national_overview
from inspections.publishing import events_from_extraction, publish

pytestmark = pytest.mark.django_db

AS_AT_2025 = dt.date(2025, 3, 31)


@pytest.fixture(scope="module")
def national(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Authorities, demo history and the shipped official statistics, loaded once and rolled back at the end."""
    from authorities.services import load_authorities
    from inspections.demo import load_demo_history

    with django_db_blocker.unblock(), transaction.atomic():
        load_authorities()
        load_demo_history()
        store_facts(read_facts())
        yield
        transaction.set_rollback(True)


def test_every_current_authority_has_an_event(national: None) -> None:
    empty = Authority.objects.current().filter(events__isnull=True).values_list("name", flat=True)
    assert Authority.objects.current().count() == 153
    assert list(empty) == []


def read_summaries() -> dict[str, dict[str, int]]:
    """Each release's own count of authorities by latest overall effectiveness, by its "as at" date."""
    releases = json.loads(OFFICIAL_FACTS.read_text(encoding="utf-8"))["releases"]
    return {r["as_at"]: r["summaries"][0]["overall_counts"] for r in releases if r["summaries"]}


def test_the_overview_as_at_31_march_2025_counts_as_the_release_does(national: None) -> None:
    """The release's own table of every authority's latest overall effectiveness (its figures are in the shipped
    file; `test_official_reading` checks them against the spreadsheet)."""
    release = read_summaries()["2025-03-31"]
    expected = Counter({GRADE_LEVEL[grade]: n for grade, n in release.items()})
    overview = national_overview(Filters(), today=AS_AT_2025)
    counted = Counter(record.level for record in overview.records)
    assert counted == expected
    assert sum(counted.values()) == 153


def test_burys_page_shows_each_inspection_once(national: None, client: Client) -> None:
    bury = Authority.objects.get(name="Bury")
    events = list(Event.objects.filter(authority=bury).order_by("start_date"))
    keys = Counter((e.kind, e.framework, e.start_date) for e in events)
    assert max(keys.values()) == 1
    sif = next(e for e in events if e.framework == "sif" and e.start_date.year == 2016)
    assert {j.area: j.grade for j in sif.judgements.all()} == {
        "overall": "requires_improvement",
        "help_and_protection": "good",
        "looked_after": "requires_improvement",
        "adoption": "good",
        "care_leavers": "requires_improvement",
        "leadership": "good",
        "lscb": "good",
    }
    [ilacs_2021] = [e for e in events if e.framework == "ilacs" and e.start_date.year == 2021]
    assert ilacs_2021.official_records.count() == 3  # the 2023, 2024 and 2025 releases: one event
    visits = [e.start_date.isoformat() for e in events if e.kind == EventKind.MONITORING_VISIT]
    assert visits == ["2022-10-12", "2023-02-28", "2023-08-01", "2023-11-01", "2024-10-31"]
    assert [e.start_date.year for e in events if e.framework == "ilacs"] == [2021, 2025]

    page = client.get(bury.get_absolute_url()).content.decode()
    for event in (sif, ilacs_2021, *[e for e in events if e.kind == EventKind.MONITORING_VISIT]):
        assert page.count(f'href="{event.get_absolute_url()}"') >= 1

    sif_page = client.get(sif.get_absolute_url()).content.decode()
    for label in (
        "Adoption performance",
        "Local Safeguarding Children Board",
        "Experiences and progress of care leavers",
    ):
        assert label in sif_page
    assert "Ofsted official statistics as at 31 March 2023, LA inspections 2009-2023, row 24 (First SIF)" in sif_page


def test_a_release_only_event_says_where_it_came_from_and_which_words_it_uses(national: None, client: Client) -> None:
    slac = Event.objects.get(authority__name="Bury", framework="safeguarding_lac_2009")
    assert (slac.provenance, slac.dated_by_publication, slac.published_date) == ("official", True, dt.date(2012, 6, 13))
    page = client.get(slac.get_absolute_url()).content.decode()
    assert "No record held of the inspection dates" in page
    assert "Ofsted official statistics as at 31 March 2023, LA inspections 2009-2023, row 24 (SLAC)" in page
    assert "the inspection report itself said “adequate”" in page


def test_loading_again_changes_nothing(national: None) -> None:
    before = (Event.history.count(), Judgement.history.count(), Disagreement.objects.count())
    result = store_facts(read_facts())
    assert not result.changed
    assert (Event.history.count(), Judgement.history.count(), Disagreement.objects.count()) == before


def test_releases_that_revised_a_grade_are_listed_as_a_disagreement(national: None) -> None:
    """The 2024 release gave Staffordshire's care leavers "good"; the 2025 one corrected it. The event takes the
    newest, and the difference waits for an editor."""
    event = Event.objects.get(authority__name="Staffordshire", framework="ilacs", start_date=dt.date(2023, 11, 6))
    assert event.judgements.get(area="care_leavers").grade == "requires_improvement"
    [disagreement] = Disagreement.objects.filter(event=event)
    assert (disagreement.official_value, disagreement.recorded_value) == ("requires_improvement", "good")
    assert "as at 31 March 2024" in disagreement.recorded_source
    assert "as at 31 March 2025" in disagreement.official_source


def _synthetic_sif(authority: Authority, start: str, published: str, grades: dict[str, str]) -> Document:
    found = lambda v: {"value": v, "state": "found", "confidence": 0.95}  # noqa: E731
    return Document.objects.create(
        sha256=f"{authority.pk:064d}",
        original_name=f"{authority.slug}-sif.pdf",
        size=1,
        status=DocumentStatus.NEEDS_REVIEW,
        doc_kind="sif_inspection",
        authority=authority,
        extracted={
            "inspection_start": found(start),
            "inspection_end": found(start),
            "publication_date": found(published),
            "lead_inspector": found("A Inspector"),
            "judgements": {area: found(grade) for area, grade in grades.items()},
            "recommendations": [{"text": "Improve the quality of plans."}],
        },
    )


def test_a_report_published_afterwards_merges_into_the_matching_event(national: None) -> None:
    """Barnet's first SIF is known from the 2023 release by its publication date only; the report gives the
    inspection's dates, its inspector and recommendations, and one grade that differs."""
    barnet = Authority.objects.get(name="Barnet")
    [official] = Event.objects.filter(authority=barnet, framework="sif", published_date=dt.date(2017, 7, 7))
    assert official.dated_by_publication
    grades = {j.area: j.grade.replace("_", " ") for j in official.judgements.all()}
    grades["adoption"] = "good"  # the release says requires improvement
    document = _synthetic_sif(barnet, "2017-05-02", "2017-07-07", grades)

    [event] = publish(document, events_from_extraction(document))

    assert event.pk == official.pk
    assert Event.objects.filter(authority=barnet, framework="sif", published_date=dt.date(2017, 7, 7)).count() == 1
    assert (event.start_date, event.dated_by_publication, event.provenance) == (dt.date(2017, 5, 2), False, "parsed")
    assert (event.recommendations.count(), event.inspectors.get().name) == (1, "A Inspector")
    assert event.official_records.count() == 1
    [disagreement] = Disagreement.objects.filter(event=event)
    assert (disagreement.field, disagreement.official_value, disagreement.recorded_value) == (
        "judgement:adoption",
        "requires_improvement",
        "good",
    )
    assert disagreement.recorded_source == "Published report “barnet-sif.pdf”"
    assert event.judgements.get(area="adoption").grade == "good"  # the reviewed value stays

    # A later import keeps the report's values and finds the same disagreement, not a new one.
    store_facts(read_facts())
    event.refresh_from_db()
    assert (event.provenance, event.judgements.get(area="adoption").grade) == ("parsed", "good")
    assert Disagreement.objects.filter(event=event).count() == 1


def test_a_seeded_disagreement_is_listed_for_editors_and_can_be_settled(national: None, editor_client: Client) -> None:
    event = Event.objects.get(authority__name="Gateshead", framework="sif")
    assert event.provenance == Provenance.DEMO
    Judgement.objects.filter(event=event, area="overall").update(grade="outstanding")  # the release says good
    [disagreement] = reconcile(event)

    listing = editor_client.get(reverse("inspections:disagreements")).content.decode()
    assert all(word in listing for word in ("Gateshead", "Outstanding", "Good"))
    assert disagreement.official_source in listing

    settle_url = reverse("inspections:disagreement-settle", args=[disagreement.pk])
    assert settle_url in listing
    response = editor_client.post(settle_url, {"chosen": "official", "note": "Checked"})
    assert response.status_code == 302
    disagreement.refresh_from_db()
    assert (disagreement.status, disagreement.chosen, disagreement.settled_by.username) == (
        "settled",
        "official",
        "alice",
    )
    assert event.judgements.get(area="overall").grade == "good"
    change = Judgement.history.filter(event_id=event.pk, area="overall").latest("history_date")
    assert change.history_user.username == "alice"
    assert change.history_change_reason.startswith("Settled the disagreement on grade: overall effectiveness")
    assert disagreement.history.filter(status="settled").exists()
    assert settle_url not in editor_client.get(reverse("inspections:disagreements")).content.decode()


def test_an_editor_keeping_an_earlier_releases_value_survives_the_next_import(national: None, editor: Any) -> None:
    from inspections.official import settle

    event = Event.objects.get(authority__name="Staffordshire", framework="ilacs", start_date=dt.date(2023, 11, 6))
    settle(Disagreement.objects.get(event=event), Disagreement.Choice.RECORDED, editor, "Checked the report")
    event.refresh_from_db()
    assert (event.provenance, event.judgements.get(area="care_leavers").grade) == ("manual", "good")
    store_facts(read_facts())
    event.refresh_from_db()
    assert event.judgements.get(area="care_leavers").grade == "good"
    assert Disagreement.objects.get(event=event).chosen == "recorded"
