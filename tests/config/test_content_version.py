"""The content version (config/content_version.py) moves with every committed change to what pages show, and only
then. Transactional tests: on PostgreSQL the triggers fire at commit, which only a real commit shows."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from authorities.models import Authority, Region
from config import content_version
from config.content_version import trigger_names, unwatched_tables, watched_tables
from improvement.models import Action, ActionStatus, BriefingExport, ExportFormat, ImprovementPlan
from improvement.services import record_progress
from inspections.models import Document, DocumentStatus, Event, Judgement
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _moves(change: Callable[[], Any]) -> bool:
    before = content_version.current()
    change()
    return content_version.current() != before


@pytest.fixture
def region() -> Region:
    return Region.objects.create(code="XX", name="Test region")


@pytest.fixture
def event(region: Region) -> Event:
    authority = Authority.objects.create(
        name="Testshire", slug="testshire", region=region, la_code="999", gss_code="E99999999", authority_type="county"
    )
    return Event.objects.create(
        authority=authority, kind="inspection", framework="ilacs", start_date=dt.date(2024, 1, 8)
    )


def _triggers_in_database() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_every_table_the_pages_read_is_watched() -> None:
    tables = watched_tables()
    # The tables behind every public page, history and many-to-many tables included.
    for table in [
        "authorities_authority",
        "authorities_statisticalneighbour",
        "authorities_authorityboundary",
        "inspections_event",
        "inspections_judgement",
        "inspections_recommendation",
        "inspections_eventinspector",
        "inspections_historicalevent",
        "inspections_document",
        "improvement_themetag",
    ]:
        assert table in tables
    assert not unwatched_tables() & set(tables)
    installed = _triggers_in_database()
    missing = {name for table in tables for name in trigger_names(connection, table)} - installed
    assert not missing


def test_an_insert_an_update_a_bulk_update_and_a_delete_each_move_it(event: Event) -> None:
    judgement: list[Judgement] = []
    assert _moves(
        lambda: judgement.append(Judgement.objects.create(event=event, area="overall", strand="overall", grade="good"))
    )
    assert _moves(lambda: Judgement.objects.filter(pk=judgement[0].pk).update(grade="inadequate"))
    assert _moves(lambda: Event.objects.filter(pk=event.pk).update(title="Renamed"))
    assert _moves(lambda: judgement[0].delete())


def test_a_transaction_moves_it_once_and_only_when_it_commits(event: Event) -> None:
    before = content_version.current()
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(title="One")
        Event.objects.filter(pk=event.pk).update(title="Two")
    after = content_version.current()
    assert after != before
    if connection.vendor == "postgresql":  # at commit, once; SQLite's triggers fire at each statement
        assert int(after.split("@")[0]) == int(before.split("@")[0]) + 1

    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(title="Three")
        transaction.set_rollback(True)
    assert content_version.current() == after


def test_a_document_being_read_leaves_it_alone_until_published(region: Region) -> None:
    document: list[Document] = []
    assert not _moves(lambda: document.append(DocumentFactory(status=DocumentStatus.QUEUED)))
    pk = document[0].pk
    assert not _moves(lambda: Document.objects.filter(pk=pk).update(status=DocumentStatus.PARSING, progress_step=2))
    assert not _moves(lambda: Document.objects.filter(pk=pk).update(status=DocumentStatus.NEEDS_REVIEW))
    assert _moves(lambda: Document.objects.filter(pk=pk).update(status=DocumentStatus.PUBLISHED))
    # Read again after publishing: still public (its file and its place in search stay), so every change counts.
    Document.objects.filter(pk=pk).update(published_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    assert _moves(lambda: Document.objects.filter(pk=pk).update(status=DocumentStatus.PARSING))
    assert _moves(lambda: Document.objects.filter(pk=pk).delete())


def test_a_briefing_being_built_leaves_it_alone(event: Event) -> None:
    export: list[BriefingExport] = []
    assert not _moves(
        lambda: export.append(
            BriefingExport.objects.create(authority=event.authority, as_of=dt.date(2025, 1, 1), format=ExportFormat.PDF)
        )
    )
    assert not _moves(lambda: BriefingExport.objects.filter(pk=export[0].pk).update(progress_step=3))


def test_plans_actions_and_progress_leave_it_alone(event: Event) -> None:
    plan = ImprovementPlan.objects.create(authority=event.authority, responds_to=event, title="Plan")
    action = Action.objects.create(plan=plan, description="Audit supervision")
    assert not _moves(lambda: record_progress(action, dt.date(2024, 2, 1), "Begun", ActionStatus.ON_TRACK))
    assert not _moves(lambda: Action.objects.filter(pk=action.pk).update(owner="Head of service"))


def test_installing_again_touches_no_trigger_in_place_and_moves_it_once(event: Event) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert _moves(content_version.install_triggers)
    assert not [q["sql"] for q in queries if re.match(r"\s*(CREATE (CONSTRAINT )?|DROP )TRIGGER", q["sql"], re.I)]
    assert _moves(lambda: Event.objects.filter(pk=event.pk).update(title="Again"))


def test_a_missing_trigger_is_reported_and_put_back(event: Event) -> None:
    name = trigger_names(connection, "inspections_judgement")[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER {name}" + (" ON inspections_judgement" if connection.vendor == "postgresql" else "")
        )
    warnings = content_version.check_triggers(databases=["default"])
    assert [w.id for w in warnings] == ["trajectory.W001"]
    assert "inspections_judgement" in warnings[0].msg
    content_version.install_triggers()
    assert content_version.check_triggers(databases=["default"]) == []


def test_the_version_survives_its_row_being_emptied(event: Event) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM config_contentversion")
    assert content_version.current() == "0"
    assert _moves(lambda: Event.objects.filter(pk=event.pk).update(title="Once more"))
