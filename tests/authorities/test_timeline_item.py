"""An event in an authority's list of inspections and visits (templates/authorities/_timeline_item.html)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

from authorities.models import Authority
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind, Provenance
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


def _item(event: Event, authority: Authority) -> str:
    event = Event.objects.prefetch_related("judgements", "inspector_roles__inspector").get(pk=event.pk)
    template = Template('{% include "authorities/_timeline_item.html" %}')
    return template.render(Context({"event": event, "authority": authority}))


def test_an_inspection_gives_its_dates_judgements_focus_areas_and_inspectors(authorities: None) -> None:
    bury = Authority.objects.get(name="Bury")
    event, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2023, 3, 6),
            end_date=dt.date(2023, 3, 17),
            judgements={"overall": "good", "care_leavers": "inadequate"},
            lead_inspector="Ann O'Brien",
            inspectors=("Bob <Smith> & Co",),
            focus="The <front door>",
            themes=("Help & protection", "Care leavers"),
        )
    )
    html = _item(event, bury)
    url = f"/events/{event.pk}/"
    assert html.startswith(f'<li class="govuk-!-margin-bottom-6" id="event-{event.pk}">')
    assert f'<a class="govuk-link" href="{url}">ILACS inspection</a></h3>' in html
    assert '<p class="govuk-body govuk-!-margin-bottom-2">6 March 2023 to 17 March 2023</p>' in html
    assert (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">Overall effectiveness</th>'
        '<td class="govuk-table__cell"><span class="app-grade app-grade--good">Good</span></td></tr>'
    ) in html
    assert '<span class="app-grade app-grade--inadequate">Inadequate</span>' in html
    assert '<p class="govuk-body">Focus: The &lt;front door&gt;</p>' in html
    assert '<p class="govuk-body">Areas covered: Help &amp; protection; Care leavers</p>' in html
    assert '<p class="govuk-body-s">Inspectors: Ann O&#x27;Brien (lead), Bob &lt;Smith&gt; &amp; Co</p>' in html
    assert (
        f'<a class="govuk-link app-event-toggle" href="{url}" hx-get="{url}" hx-target="#details-of-event-{event.pk}"'
    ) in html
    assert "> of the ILACS inspection, March 2023</span>" in html
    assert html.endswith(f'<div id="details-of-event-{event.pk}" class="app-event-details-slot" hidden></div></li>')
    assert "predecessor" not in html
    assert "demonstration data" not in html


def test_a_one_day_visit_gives_one_date_and_leaves_out_what_it_does_not_have(authorities: None) -> None:
    bury = Authority.objects.get(name="Bury")
    event, _ = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.MONITORING_VISIT,
            sequence_number=2,
            start_date=dt.date(2024, 5, 9),
            end_date=dt.date(2024, 5, 9),
            provenance=Provenance.DEMO,
        )
    )
    html = _item(event, bury)
    assert (
        '<p class="govuk-body govuk-!-margin-bottom-2">9 May 2024 '
        '<span class="app-demo-note">· demonstration data</span></p>'
    ) in html
    assert f'<div id="summary-of-event-{event.pk}"></div>' in html
    for absent in ("<table", "Focus:", "Areas covered:", "Inspectors:"):
        assert absent not in html


def test_a_predecessors_event_is_tagged_with_its_name(authorities: None) -> None:
    event, _ = upsert_event(
        EventData(
            authority=Authority.objects.get(name="Cumbria"),
            kind=EventKind.FOCUSED_VISIT,
            start_date=dt.date(2020, 3, 10),
        )
    )
    html = _item(event, Authority.objects.get(name="Cumberland"))
    assert '10 March 2020 <strong class="govuk-tag govuk-tag--grey">' in html
    assert "Cumbria (predecessor)" in html
