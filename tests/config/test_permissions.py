"""Every URL of the project against every role, with reading public and sign-in-only.

ROUTES classifies each URL pattern once; a pattern missing from it fails `test_every_url_is_classified`, so a
new view cannot ship without its permissions being tested here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.roles import ADMIN, EDITOR, VIEWER
from tests.config.conftest import USERS, Samples

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the sign-in page

# Access classes: who may do what. Each maps (user, reading is public) to the expected outcome.
READ = "read"  # reading pages: public, or for people with a role when reading needs sign-in
READER = "reader"  # always needs sign-in with a role (documents in review)
# A briefing file: its requester (the sample's is the viewer) and administrators; 404 for anyone else, so a
# file's existence is not revealed (403 when reading needs sign-in and the middleware refuses first).
OWNER_OR_ADMIN = "owner-or-admin"
EDITOR_ONLY = "editor"  # the Editor role (upload, review, publish, edit plans)
OPEN = "open"  # sign-in pages and the accessibility statement: anyone, always
SIGNED_IN = "signed-in"  # anyone signed in, role or not (changing one's own password)

HAS_ROLE = {"viewer", "editor", "administrator"}


def expected(access: str, user: str, public: bool) -> int | str:
    """200, 403 or LOGIN for a GET of a page of the given access class."""
    if access == OPEN:
        return 200
    if user == "anonymous":
        return 200 if access == READ and public else LOGIN
    if access == SIGNED_IN:
        return 200
    if access == READ:
        return 200 if public or user in HAS_ROLE else 403
    if access == READER:
        return 200 if user in HAS_ROLE else 403
    if access == OWNER_OR_ADMIN:
        return 200 if user in {"viewer", "administrator"} else 404 if public or user in HAS_ROLE else 403
    return 200 if user in {"editor", "administrator"} else 403


@dataclass(frozen=True)
class Route:
    access: str
    kwargs: Callable[[Samples], dict[str, Any]] = lambda s: {}
    method: str = "GET"  # POST: the view only accepts POST (a GET is 405 for anyone it lets through)
    query: str = ""


def _pk(name: str) -> Callable[[Samples], dict[str, Any]]:
    return lambda s: {"pk": getattr(s, name).pk}


def _pdf_document() -> Any:
    """A one-page PDF waiting for review (the page pictures are drawn only from PDFs)."""
    import io

    from fpdf import FPDF

    from inspections.ingest import store_upload

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Lead inspector: Jane Doe")
    document, _ = store_upload(io.BytesIO(bytes(pdf.output())), "report.pdf")
    document.extracted = {"page_count": 1}
    document.doc_kind = "ilacs_inspection"  # a reading always names its kind
    document.save(update_fields=["extracted", "doc_kind"])
    return document


# The one table: every named URL of the project. The admin site (namespace "admin") is tested separately.
ROUTES: dict[str, Route] = {
    "login": Route(OPEN),
    "logout": Route(OPEN, method="POST"),
    "password_change": Route(SIGNED_IN),
    "password_change_done": Route(SIGNED_IN),
    "accessibility": Route(OPEN),
    "authorities:list": Route(READ),
    "authorities:detail": Route(READ, lambda s: {"slug": s.authority_slug}),
    "authorities:authority-compare": Route(READ, lambda s: {"slug": s.authority_slug}),
    "authorities:compare": Route(READ, query="authorities=bury&authorities=bolton"),
    "authorities:overview": Route(READ),
    "authorities:map": Route(READ),
    # Following an authority and the list of those followed: one's own, for signed-in people with a role.
    "authorities:follow": Route(READER, lambda s: {"slug": s.authority_slug}, method="POST"),
    "authorities:following": Route(READER),
    "inspections:event": Route(READ, _pk("event")),
    "inspections:search": Route(READ, query="q=safeguarding"),
    "inspections:document-file": Route(READ, _pk("document")),  # a published report is public
    "inspections:upload": Route(EDITOR_ONLY),
    "inspections:documents": Route(READER),
    "inspections:ofsted-new": Route(READER),  # documents fetched from Ofsted, before review
    "inspections:document": Route(READER, _pk("document")),
    "inspections:document-status": Route(READER, _pk("document")),
    "inspections:document-reparse": Route(EDITOR_ONLY, _pk("document"), method="POST"),
    "inspections:document-remove": Route(EDITOR_ONLY, _pk("document"), method="POST"),
    "inspections:document-page": Route(READER, lambda s: {"pk": _pdf_document().pk, "page": 1}),
    "inspections:disagreements": Route(EDITOR_ONLY),
    "inspections:disagreement-settle": Route(EDITOR_ONLY, lambda s: {"pk": 1}, method="POST"),
    "improvement:authority": Route(READ, lambda s: {"slug": s.authority_slug}),
    "improvement:event-themes": Route(READ, _pk("event")),
    "improvement:plan": Route(READER, _pk("plan")),
    "improvement:action": Route(READER, _pk("action")),
    "improvement:plan-edit": Route(EDITOR_ONLY, _pk("plan"), method="POST"),
    "improvement:plan-create": Route(EDITOR_ONLY, _pk("event_without_plan")),
    "improvement:action-create": Route(EDITOR_ONLY, _pk("plan")),
    "improvement:action-edit": Route(EDITOR_ONLY, _pk("action"), method="POST"),
    "improvement:action-progress": Route(EDITOR_ONLY, _pk("action"), method="POST"),
    "improvement:progress-edit": Route(EDITOR_ONLY, _pk("update")),
    "improvement:authority-retag": Route(EDITOR_ONLY, lambda s: {"slug": s.authority_slug}, method="POST"),
    "improvement:event-retag": Route(EDITOR_ONLY, _pk("event"), method="POST"),
    "improvement:tag-add": Route(EDITOR_ONLY, _pk("event"), method="POST"),
    "improvement:tag-remove": Route(EDITOR_ONLY, _pk("tag"), method="POST"),
    "improvement:tag-restore": Route(EDITOR_ONLY, _pk("tag"), method="POST"),
    "briefings:briefing": Route(READ, lambda s: {"slug": s.authority_slug}),
    # The cover fields are POSTed (a lead officer's contact details stay out of addresses and logs).
    "briefings:briefing-preview": Route(READ, lambda s: {"slug": s.authority_slug}, method="POST"),
    "briefings:status": Route(OWNER_OR_ADMIN, _pk("export")),
    "briefings:download": Route(OWNER_OR_ADMIN, _pk("export")),
    "briefings:retry": Route(OWNER_OR_ADMIN, _pk("export"), method="POST"),
    "data:downloads": Route(READ),
    "data:latest-csv": Route(READ),
    "data:latest-xlsx": Route(READ),
    "data:history-csv": Route(READ),
    "data:history-xlsx": Route(READ),
}


def _patterns(patterns: list[Any], namespaces: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield ":".join((*namespaces, pattern.name or "")), str(pattern.pattern)


def test_every_url_is_classified() -> None:
    found = {name: route for name, route in _patterns(get_resolver().url_patterns) if not name.startswith("admin:")}
    unnamed = [route for name, route in found.items() if name.endswith(":") or not name]
    assert not unnamed, f"name these URL patterns so their permissions can be tested: {unnamed}"
    missing = sorted(set(found) - set(ROUTES))
    assert not missing, f"add these URLs to ROUTES in {__file__} with who may open them: {missing}"
    stale = sorted(set(ROUTES) - set(found))
    assert not stale, f"these ROUTES no longer exist: {stale}"


def _outcome(response: Any) -> int | str:
    if response.streaming:  # a download holds its file open until read to the end (the test client then closes it)
        b"".join(response.streaming_content)
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_role_gets_what_it_may(name: str, samples: Samples, clients: dict[str, Client], settings: Any) -> None:
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(samples)) + (f"?{route.query}" if route.query else "")
    wrong = {}
    # POSTs last: an allowed one changes things (a tag removed, a document queued).
    for method in ("GET", "POST") if route.method == "POST" else ("GET",):
        for public in (True, False):
            settings.TRAJECTORY_PUBLIC_READ = public
            for user in USERS:
                want = expected(route.access, user, public)
                if method == "POST":
                    got = _outcome(clients[user].post(url))
                    # An allowed POST does its work (a redirect, a page, or a form error), never a refusal.
                    ok = got == want or (want == 200 and got not in {LOGIN, 403, 405} and int(got) < 500)
                elif route.method == "POST":
                    got = _outcome(clients[user].get(url))
                    # A GET of an action is refused: 405 for those who may POST; sign-in, 403 or 405 for others.
                    ok = got == want if want == LOGIN else got == 405 if want == 200 else got in {403, 404, 405}
                else:
                    got = _outcome(clients[user].get(url))
                    ok = got == want
                if not ok:
                    wrong[f"{method} as {user}, public read {public}"] = f"expected {want}, got {got}"
    assert not wrong, f"{name} ({route.access}) {url}: {wrong}"


@pytest.mark.parametrize("public", [True, False])
def test_the_admin_site_is_for_staff_administrators(public: bool, clients: dict[str, Client], settings: Any) -> None:
    settings.TRAJECTORY_PUBLIC_READ = public
    index, users = reverse("admin:index"), reverse("admin:auth_user_changelist")
    for user in USERS:
        response = clients[user].get(index)
        if user == "administrator":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, user
            assert response["Location"].startswith(reverse("admin:login")), user
    assert clients["administrator"].get(users).status_code == 200
    assert clients["administrator"].get(reverse("admin:login")).status_code == 302  # already signed in


def test_reading_can_be_refused_to_a_signed_in_person_without_a_role(
    samples: Samples, clients: dict[str, Client], settings: Any
) -> None:
    settings.TRAJECTORY_PUBLIC_READ = False
    response = clients["nobody"].get(reverse("authorities:detail", kwargs={"slug": "bury"}))
    assert response.status_code == 403
    anonymous = clients["anonymous"].get(reverse("authorities:detail", kwargs={"slug": "bury"}))
    assert anonymous["Location"] == f"{reverse('login')}?next=/authorities/bury/"


def test_roles_match_the_issue() -> None:
    """Viewer reads; Editor also uploads, reviews, publishes and edits plans; Administrator also manages users."""
    from django.contrib.auth.models import Group

    perms = {
        g.name: {f"{p.content_type.app_label}.{p.codename}" for p in g.permissions.all()} for g in Group.objects.all()
    }
    assert {"authorities.view_authority", "inspections.view_event"} <= perms[VIEWER]
    assert "inspections.add_document" not in perms[VIEWER]
    assert {"inspections.add_document", "inspections.publish_document", "improvement.change_action"} <= perms[EDITOR]
    assert "auth.change_user" not in perms[EDITOR]
    assert perms[VIEWER] | perms[EDITOR] <= perms[ADMIN]
    assert "auth.change_user" in perms[ADMIN]
    assert not AnonymousUser().has_perm("authorities.view_authority")


# Plans, actions and progress are for signed-in roles only, in every page, fragment and file, whether reading is
# public or not. Each request here would show the sample plan's title, action or progress to whoever may see it.
PLAN_MARKERS = ("Plan Zeta-7", "Audit every strategy meeting", "Head of Zeta", "Audit begun")
COVER = {
    "report_to": "Scrutiny",
    "report_of": "Director",
    "lead_officer": "Officer",
    "classification": "Open",
    "wards": "All",
    "key_decision": "No",
}
PLAN_VIEWS: dict[str, tuple[str, str, dict[str, Any], dict[str, str]]] = {
    # name: (URL name, method, POST data, headers)
    "plans list": ("improvement:authority", "GET", {}, {}),
    "plans list, htmx": ("improvement:authority", "GET", {}, {"HX-Request": "true"}),
    "plan": ("improvement:plan", "GET", {}, {}),
    "action": ("improvement:action", "GET", {}, {}),
    "action, htmx": ("improvement:action", "GET", {}, {"HX-Request": "true"}),
    "briefing preview": ("briefings:briefing-preview", "POST", COVER, {}),
    "briefing preview by its address": ("briefings:briefing-preview", "GET", COVER, {}),
    "briefing form's preview": ("briefings:briefing", "POST", COVER | {"action": "preview"}, {}),
    "briefing form": ("briefings:briefing", "GET", {}, {}),
}


def _plan_view_url(name: str, samples: Samples) -> str:
    kwargs = {
        "improvement:authority": {"slug": samples.authority_slug},
        "improvement:plan": {"pk": samples.plan.pk},
        "improvement:action": {"pk": samples.action.pk},
        "briefings:briefing-preview": {"slug": samples.authority_slug},
        "briefings:briefing": {"slug": samples.authority_slug},
    }[name]
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("view", sorted(PLAN_VIEWS))
def test_plan_data_reaches_only_signed_in_roles(
    view: str, samples: Samples, clients: dict[str, Client], settings: Any
) -> None:
    from improvement.models import Action, ImprovementPlan

    ImprovementPlan.objects.filter(pk=samples.plan.pk).update(title=PLAN_MARKERS[0])
    Action.objects.filter(pk=samples.action.pk).update(owner="Head of Zeta")
    name, method, data, headers = PLAN_VIEWS[view]
    url = _plan_view_url(name, samples)
    wrong = {}
    for public in (True, False):
        settings.TRAJECTORY_PUBLIC_READ = public
        for user in USERS:
            client = clients[user]
            # Redirects followed: a preview once redirected to an address anyone could open.
            if method == "POST":
                response = client.post(url, data, headers=headers, follow=True)
            else:
                response = client.get(url, data, headers=headers, follow=True)
            shown = [m for m in PLAN_MARKERS if m in response.content.decode()]
            if shown and user not in HAS_ROLE:
                wrong[f"{user}, public read {public}"] = f"shows {shown} ({response.status_code})"
            if response.status_code == 200 and "private" not in response.get("Cache-Control", "") and shown:
                wrong[f"{user}, public read {public}"] = "a page with plan data may be kept by a shared cache"
    assert not wrong, f"{view}: {wrong}"


def test_signed_in_roles_do_get_the_plan_in_the_briefing(samples: Samples, clients: dict[str, Client]) -> None:
    url = _plan_view_url("briefings:briefing-preview", samples)
    for user in ("viewer", "editor", "administrator"):
        assert "Audit every strategy meeting" in clients[user].post(url, COVER).content.decode(), user
    anonymous = clients["anonymous"].post(url, COVER).content.decode()
    assert "Improvement plan" not in anonymous
    assert "leaves out the improvement plan" in anonymous
