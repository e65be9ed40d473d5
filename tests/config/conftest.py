"""Sample objects for URL arguments, and a signed-in client per role."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from config.roles import ADMIN, EDITOR, VIEWER
from improvement.models import (
    Action,
    ActionStatus,
    BriefingExport,
    ExportFormat,
    ExportStatus,
    ImprovementPlan,
    TagPart,
    TagSource,
    Theme,
    ThemeTag,
)
from improvement.services import record_progress
from inspections.models import Document, DocumentStatus, Event
from tests.factories import UserFactory

USERS = ("anonymous", "nobody", "viewer", "editor", "administrator")


@dataclass
class Samples:
    """Objects whose keys fill the URL patterns' arguments."""

    authority_slug: str
    event: Event
    document: Document
    plan: Any
    action: Any
    tag: Any
    event_without_plan: Event
    export: Any
    update: Any


@pytest.fixture
def samples(demo_history: None, settings: Any, tmp_path: Any) -> Samples:
    from inspections.ingest import store_upload

    settings.MEDIA_ROOT = tmp_path / "media"
    event, event_without_plan = Event.objects.filter(authority__slug="bury").order_by("start_date")[:2]
    document, _ = store_upload(io.BytesIO(b"Ofsted report text"), "report.txt")
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PUBLISHED, authority=event.authority)
    document.refresh_from_db()
    plan = ImprovementPlan.objects.create(authority=event.authority, responds_to=event, title="Improvement plan")
    action = Action.objects.create(plan=plan, description="Audit every strategy meeting")
    update = record_progress(action, event.start_date, "Audit begun", ActionStatus.ON_TRACK)
    tag = ThemeTag.objects.create(
        event=event, part=TagPart.AREA, finding_index=0, theme=Theme.objects.first(), source=TagSource.MANUAL
    )
    export = BriefingExport.objects.create(
        authority=event.authority,
        as_of=event.start_date,
        format=ExportFormat.PDF,
        status=ExportStatus.DONE,
        requested_by=UserFactory(username="bob", role=VIEWER),  # the viewer of `clients`
    )
    export.file.save("briefing.pdf", ContentFile(b"%PDF-1.4 briefing"))
    return Samples("bury", event, document, plan, action, tag, event_without_plan, export, update)


@pytest.fixture
def clients(db: None) -> dict[str, Client]:
    users = {
        "nobody": UserFactory(username="nobody"),
        "viewer": UserFactory(username="bob", role=VIEWER),
        "editor": UserFactory(username="alice", role=EDITOR),
        "administrator": UserFactory(username="carol", role=ADMIN, is_staff=True),
    }
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients
