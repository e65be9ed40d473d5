"""Full-text search over documents' text: matching, passages, filters, permissions and hostile input.

Runs on both backends CI uses: PostgreSQL full-text search and the SQLite fallback.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from inspections.frameworks import FrameworkCode
from inspections.models import Document, DocumentStatus, EventKind
from inspections.search import MARK_START, MARK_STOP, passage, terms_of
from inspections.services import EventData, upsert_event
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("inspections:search")
OVERSIGHT = "Senior leaders lack management oversight of child protection enquiries in the front door."


def _report(authority: str, text: str, start: dt.date | None = None, **fields: Any) -> Document:
    """A document of `authority`; with `start`, published as an ILACS inspection beginning that day."""
    document = DocumentFactory(authority=Authority.objects.get(name=authority), text=text, **fields)
    if start is not None:
        upsert_event(
            EventData(
                authority=document.authority,
                kind=EventKind.INSPECTION,
                framework=FrameworkCode.ILACS,
                start_date=start,
                judgements={"overall": "inadequate"},
                source_document=document,
            )
        )
    return document


def _results(response: Any) -> str:
    body = response.content.decode()
    assert response.status_code == 200
    return body[body.index('<div id="results">') :]


def test_terms_are_words_and_quoted_phrases() -> None:
    assert terms_of('"child protection" children\'s oversight') == ["child protection", "children's", "oversight"]
    assert terms_of("' OR 1=1 --") == ["OR", "1", "1"]
    assert terms_of("% \\ --") == []


def test_the_fallback_passage_escapes_the_text_and_marks_the_hits() -> None:
    document = Document(
        text="Intro. " * 40 + "<script>alert(1)</script> Leaders lacked OVERSIGHT & grip. " + "More. " * 80
    )
    html = passage(document, "oversight")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>OVERSIGHT</mark>" in html
    assert "&amp; grip" in html
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert len(html) < 600


def test_the_fallback_passage_is_where_the_words_occur_together_and_marks_whole_words() -> None:
    document = Document(
        text="Children were seen. " * 30
        + "Return home interviews for children who go missing are not timely. "
        + "Filler words. " * 60
    )
    html = passage(document, "return home children")
    assert "<mark>Return</mark> <mark>home</mark> interviews for <mark>children</mark> who go missing" in html
    assert "<mark>child</mark>ren" not in passage(document, "child")
    assert "<mark>Children</mark> were seen" in passage(document, "child")


def test_a_postgresql_headline_is_escaped_and_only_its_markers_become_mark_tags() -> None:
    document = Document(text="")
    document.headline = f"<b onclick=x>{MARK_START}oversight{MARK_STOP}</b> {MARK_STOP}stray{MARK_START}"
    html = passage(document, "oversight")
    assert html == "&lt;b onclick=x&gt;<mark>oversight</mark>&lt;/b&gt; stray"


def test_search_finds_the_passage_and_links_to_the_event(client: Client, authorities: None) -> None:
    document = _report("Bury", "Introduction. " + OVERSIGHT, dt.date(2021, 10, 25))
    _report("Salford", "Children in care are well supported by their social workers.", dt.date(2022, 3, 7))
    results = _results(client.get(SEARCH, {"q": "oversight"}))
    assert "1 report found" in results
    assert "<mark>oversight</mark>" in results.lower()
    assert document.events.get().get_absolute_url() in results
    assert "Salford" not in results


def test_every_word_must_appear(client: Client, authorities: None) -> None:
    _report("Bury", OVERSIGHT, dt.date(2021, 10, 25))
    assert "1 report found" in _results(client.get(SEARCH, {"q": "oversight enquiries"}))
    assert "0 reports found" in _results(client.get(SEARCH, {"q": "oversight adoption"}))


def test_an_empty_result_says_whether_there_was_anything_to_search(
    client: Client, authorities: None, editor: Any
) -> None:
    nothing = "There are no published reports to search yet"
    assert nothing in _results(client.get(SEARCH, {"q": "oversight"}))
    _report("Bury", OVERSIGHT, status=DocumentStatus.NEEDS_REVIEW)
    assert nothing in _results(client.get(SEARCH, {"q": "oversight"}))
    client.force_login(editor)
    # An editor searches reports waiting for review, so there is something to search, though not these words.
    results = _results(client.get(SEARCH, {"q": "adoption"}))
    assert "No report contains all those words" in results
    assert "no uploaded reports" not in results
    client.logout()
    _report("Wigan", OVERSIGHT, dt.date(2022, 1, 10))
    results = _results(client.get(SEARCH, {"q": "adoption"}))
    assert "No report contains all those words" in results
    assert nothing not in results


def test_hostile_document_text_is_shown_as_text(client: Client, authorities: None) -> None:
    _report("Bury", 'Leaders <script>alert("x")</script><img src=x onerror=alert(1)> oversight.', dt.date(2021, 1, 4))
    results = _results(client.get(SEARCH, {"q": "oversight"}))
    assert "1 report found" in results
    assert "<script>alert" not in results
    assert "<img" not in results


@pytest.mark.parametrize(
    "query", ["' OR 1=1 --", "%", "_", "\\", "%' --", '"unclosed', "a & b | !c", "x:* <-> y", "1=1"]
)
def test_sql_like_and_operator_strings_are_harmless(client: Client, authorities: None, query: str) -> None:
    _report("Bury", "Plain words only, without digits or symbols.", dt.date(2021, 1, 4))
    response = client.get(SEARCH, {"q": query})
    results = _results(response)
    assert "report found" not in results  # never "1 report found": nothing matches everything
    assert Document.objects.count() == 1  # and nothing was changed


def test_a_percent_sign_is_matched_literally_not_as_a_wildcard(client: Client, authorities: None) -> None:
    _report("Bury", "Plain words only.", dt.date(2021, 1, 4))
    _report("Salford", "Re-referrals rose to 25% this year.", dt.date(2022, 1, 4))
    assert "0 reports found" in _results(client.get(SEARCH, {"q": "words 25%"}))


def test_filters_by_authority_kind_and_date(client: Client, authorities: None) -> None:
    bury = _report("Bury", OVERSIGHT, dt.date(2021, 10, 25))
    _report("Salford", OVERSIGHT, dt.date(2018, 5, 14), doc_kind="sif_inspection")
    _report("Wigan", OVERSIGHT, dt.date(2023, 2, 6), doc_kind="focused_visit")

    def found(**filters: str) -> set[str]:
        results = _results(client.get(SEARCH, {"q": "oversight", **filters}))
        return {name for name in ("Bury", "Salford", "Wigan") if f">{name}:" in results or f"{name}: " in results}

    assert found() == {"Bury", "Salford", "Wigan"}
    assert found(authority=bury.authority.slug) == {"Bury"}
    assert found(kind="sif_inspection") == {"Salford"}
    assert found(**{"from": "2021-01-01"}) == {"Bury", "Wigan"}
    assert found(to="2021-12-31") == {"Bury", "Salford"}
    assert found(**{"from": "2019-01-01", "to": "2022-01-01"}) == {"Bury"}


def test_the_authority_filter_offers_only_authorities_with_searchable_documents(
    client: Client, authorities: None
) -> None:
    _report("Bury", OVERSIGHT, dt.date(2021, 10, 25))
    _report("Wigan", OVERSIGHT, status=DocumentStatus.NEEDS_REVIEW)
    body = client.get(SEARCH).content.decode()
    assert '<option value="bury">Bury</option>' in body
    assert "Wigan" not in body


def test_bad_dates_are_explained(client: Client, authorities: None) -> None:
    body = client.get(SEARCH, {"q": "oversight", "from": "2021-02-30"}).content.decode()
    assert "There is a problem" in body
    assert "Enter the ‘from’ date as a real date" in body
    body = client.get(SEARCH, {"q": "oversight", "from": "2022-01-01", "to": "2021-01-01"}).content.decode()
    assert "must be the same as or after" in body


def test_unknown_filters_are_errors_not_crashes(client: Client, authorities: None) -> None:
    body = client.get(SEARCH, {"q": "x", "authority": "atlantis", "kind": "send_area_inspection"}).content.decode()
    assert "There is a problem" in body
    assert 'href="#search-authority"' in body
    assert 'href="#search-kind"' in body


def test_only_reviewers_search_documents_waiting_for_review(
    client: Client, authorities: None, editor: Any, viewer: Any
) -> None:
    _report("Bury", OVERSIGHT, status=DocumentStatus.NEEDS_REVIEW)
    _report("Wigan", OVERSIGHT, status=DocumentStatus.FAILED)
    _report("Salford", OVERSIGHT, status=DocumentStatus.QUEUED)
    assert "0 reports found" in _results(client.get(SEARCH, {"q": "oversight"}))
    client.force_login(viewer)
    assert "0 reports found" in _results(client.get(SEARCH, {"q": "oversight"}))
    client.force_login(editor)
    results = _results(client.get(SEARCH, {"q": "oversight"}))
    assert "1 report found" in results
    assert "Needs review" in results
    assert "Bury: ILACS inspection</a>" in results  # named by its kind until published as an event


def test_results_are_paged(client: Client, authorities: None) -> None:
    for day in range(25):
        _report("Bury", f"{OVERSIGHT} Visit {day}.", dt.date(2020, 1, 1) + dt.timedelta(days=30 * day))
    first = _results(client.get(SEARCH, {"q": "oversight", "kind": "ilacs_inspection"}))
    assert "25 reports found, page 1 of 2" in first
    assert first.count('class="app-search-result"') == 20
    assert "page=2" in first
    assert "kind=ilacs_inspection" in first
    second = _results(client.get(SEARCH, {"q": "oversight", "kind": "ilacs_inspection", "page": "2"}))
    assert second.count('class="app-search-result"') == 5


def test_the_number_of_queries_does_not_grow_with_the_results(client: Client, authorities: None) -> None:
    _report("Bury", OVERSIGHT, dt.date(2021, 10, 25))
    with CaptureQueriesContext(connection) as one:
        assert "1 report found" in _results(client.get(SEARCH, {"q": "oversight"}))
    for day in range(1, 15):
        _report("Wigan", OVERSIGHT, dt.date(2020, 1, 1) + dt.timedelta(days=40 * day))
    with CaptureQueriesContext(connection) as many:
        assert "15 reports found" in _results(client.get(SEARCH, {"q": "oversight"}))
    assert len(many) == len(one) <= 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_can_answer_the_search_from_the_gin_index(authorities: None) -> None:
    from django.contrib.postgres.search import SearchQuery

    from inspections.search import SEARCH_CONFIG

    document = _report("Bury", OVERSIGHT, dt.date(2021, 10, 25))
    document.refresh_from_db()
    assert document.search_vector  # filled by the trigger, not by the application
    query = SearchQuery("oversight", search_type="websearch", config=SEARCH_CONFIG)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table is otherwise read whole
        plan = Document.objects.filter(search_vector=query).explain()
        cursor.execute("RESET enable_seqscan")
    assert "inspections_document_search_vector" in plan


def test_a_passage_from_a_markdown_text_shows_plain_words() -> None:
    document = Document(
        text="## Recommendations\n\n- 11. Improve **management oversight** of [plans](https://example.org/x).\n"
        "- Strengthen the `front door`.\n\n### Next steps ## \n| Area | Grade |\n|---|---|\n| Leaders | Good |\n"
    )
    html = passage(document, "oversight")
    assert "#" not in html
    assert "- " not in html
    for mark in ("**", "`", "](", "|"):
        assert mark not in html
    assert "Recommendations 11. Improve management <mark>oversight</mark> of plans. Strengthen the front door." in html
    assert "Next steps Area Grade Leaders Good" in html


def test_a_postgresql_headline_from_a_markdown_text_shows_plain_words() -> None:
    document = Document(text="")
    document.headline = f"of the plan. ## Help and protection\n- 11. Improve {MARK_START}oversight{MARK_STOP}"
    assert passage(document, "oversight") == "of the plan. Help and protection 11. Improve <mark>oversight</mark>"
