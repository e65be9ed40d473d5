"""GOV.UK Frontend components rendered from Django templates (config/govuk.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.utils.safestring import mark_safe

from config.govuk import _component_template, render_component


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


class SampleForm(forms.Form):
    owner = forms.CharField(
        label="Owner",
        help_text="Who answers for it",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds", "autocomplete": "off"}),
    )
    due = forms.DateField(label="Due", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label="Status", choices=[("a", "At <risk>"), ("b", "On track")])
    decision = forms.ChoiceField(label="Key decision", choices=[("No", "No"), ("Yes", "Yes")], widget=forms.RadioSelect)
    picks = forms.MultipleChoiceField(
        label="Recommendations", choices=[("1", "One"), ("2", "Two")], widget=forms.CheckboxSelectMultiple
    )
    upload = forms.FileField(label="File", required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_a_component_is_the_design_systems_markup_with_text_escaped() -> None:
    html = render('{% govuk "tag" text=grade classes="govuk-tag--red" %}', grade="Inadequate <b>")
    assert 'class="govuk-tag govuk-tag--red"' in html
    assert "Inadequate &lt;b&gt;" in html


def test_nested_parameters_are_written_with_double_underscores() -> None:
    html = render('{% govuk "input" id="q" name="q" label__text="Search" label__classes="govuk-label--s" %}')
    assert '<label class="govuk-label govuk-label--s" for="q">' in html
    assert 'name="q"' in html


def test_attribute_names_take_hyphens_for_underscores() -> None:
    html = render(
        '{% govuk "button" text="More" attributes__hx_get="/more" attributes__data_prevent_double_click="true" %}'
    )
    assert 'hx-get="/more"' in html
    assert 'data-prevent-double-click="true"' in html


def test_a_dict_argument_is_merged_under_the_keyword_parameters() -> None:
    rows = {"firstCellIsHeader": True, "head": [{"text": "Strand"}], "rows": [[{"text": "Overall"}]]}
    html = render('{% govuk "table" rows caption="Grades" %}', rows=rows)
    assert "<caption" in html
    assert "Grades" in html
    assert '<th scope="row" class="govuk-table__header">Overall</th>' in html


def test_a_block_becomes_the_components_html() -> None:
    html = render('{% govukblock "details" summaryText="Help" %}<p id="x">{{ n }}</p>{% endgovukblock %}', n="<i>")
    assert '<details class="govuk-details">' in html
    assert '<p id="x">&lt;i&gt;</p>' in html


def test_a_block_can_fill_another_parameter() -> None:
    html = render(
        '{% govukblock "service-navigation" navigation=items into="slots__navigationEnd" %}'
        '<li id="end">Sign out</li>{% endgovukblock %}',
        items=[{"href": "/", "text": "Home", "current": True}],
    )
    assert '<li id="end">Sign out</li>' in html
    assert 'aria-current="page"' in html


def test_breadcrumbs_take_text_and_address_in_turn() -> None:
    html = render('{% govuk_breadcrumbs "Authorities" "/" name %}', name="Bury & Co")
    assert '<a class="govuk-breadcrumbs__link" href="/">Authorities</a>' in html
    assert "Bury &amp; Co" in html
    assert html.count("govuk-breadcrumbs__list-item") == 2


def test_items_come_from_choices_or_objects_with_the_chosen_one_marked() -> None:
    html = render(
        '{% govuk_items choices selected="b" empty="Any" as items %}'
        '{% govuk "select" id="s" name="s" label__text="Pick" items=items %}',
        choices=[("a", "A"), ("b", "B <2>")],
    )
    assert '<option value="">Any</option>' in html
    assert '<option value="b" selected>B &lt;2&gt;</option>' in html
    html = render(
        '{% govuk_items choices selected=picked key="checked" as items %}'
        '{% govuk "checkboxes" name="a" idPrefix="a" items=items %}',
        choices=[("x", "X"), ("y", "Y"), ("z", "Z")],
        picked=["x", "z"],
    )
    assert html.count(" checked") == 2


def test_an_unknown_component_is_a_template_error() -> None:
    with pytest.raises(TemplateSyntaxError, match=r"No GOV\.UK component"):
        render_component("no-such-thing", {})
    with pytest.raises(TemplateSyntaxError, match=r"not a GOV\.UK component name"):
        render_component("../etc", {})


def test_each_field_becomes_its_component_with_value_hint_and_error() -> None:
    form = SampleForm(data={"owner": "<script>", "status": "b", "picks": ["2"], "decision": ""})
    form.is_valid()
    html = render("{% for f in form %}{% govuk_field f %}{% endfor %}", form=form)

    assert 'value="&lt;script&gt;"' in html
    assert "<script>" not in html
    assert 'id="id_owner-hint"' in html
    assert 'aria-describedby="id_owner-hint"' in html
    assert 'class="govuk-input govuk-!-width-two-thirds"' in html
    assert 'autocomplete="off"' in html
    assert 'id="id_due-error"' in html
    assert "govuk-input--error" in html
    assert 'type="date"' in html
    assert '<textarea class="govuk-textarea govuk-textarea--error" id="id_note" name="note" rows="3"' in html
    assert '<option value="b" selected>On track</option>' in html
    assert "At &lt;risk&gt;" in html
    assert 'class="govuk-radios"' in html
    assert 'id="id_decision-2"' in html
    assert 'type="checkbox" value="2" checked' in html
    assert 'class="govuk-file-upload"' in html
    assert '<input type="hidden" name="hidden" id="id_hidden">' in html
    # Django's own aria attributes would duplicate the macro's.
    assert "_helptext" not in html
    assert html.count('aria-describedby="id_due-error"') == 1


def test_a_password_is_never_written_back_and_safe_help_text_stays_html() -> None:
    class PasswordForm(forms.Form):
        password = forms.CharField(widget=forms.PasswordInput, help_text=mark_safe("<ul><li>8 characters</li></ul>"))
        upload = forms.FileField(widget=forms.ClearableFileInput(attrs={"class": "govuk-file-upload"}))

    form = PasswordForm(data={"password": "hunter2-secret"})
    form.is_valid()
    html = render("{% govuk_field form.password %}{% govuk_field form.upload %}", form=form)
    assert "hunter2-secret" not in html
    assert "<ul><li>8 characters</li></ul>" in html
    assert html.count("govuk-file-upload") == 2  # the input's own class and its error modifier, not repeated


def test_a_date_parts_field_is_a_date_input() -> None:
    class MeetingForm(forms.Form):
        meeting = forms.MultiValueField(
            fields=[forms.CharField()] * 3,
            widget=forms.MultiWidget(widgets=[forms.TextInput] * 3),
            require_all_fields=False,
        )

    form = MeetingForm(initial={"meeting": ["4", "11", "2026"]})
    html = render("{% govuk_field form.meeting %}", form=form)
    assert 'class="govuk-date-input"' in html
    assert 'name="meeting_0"' in html
    assert 'value="2026"' in html
    assert "govuk-input--width-4" in html


def test_the_error_summary_links_each_error_to_its_field() -> None:
    form = SampleForm(data={})
    form.is_valid()
    html = render("{% govuk_error_summary form other %}", form=form, other=SampleForm())
    assert "There is a problem" in html
    assert 'href="#id_owner"' in html
    assert 'href="#id_decision"' in html
    assert render("{% govuk_error_summary form %}", form=SampleForm()) == ""


def test_the_macros_are_compiled_once_not_per_render() -> None:
    render_component("tag", {"text": "warm"})
    before = _component_template.cache_info()
    for _ in range(20):
        render_component("tag", {"text": "Good"})
    after = _component_template.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + 20


def test_an_unbound_date_field_shows_its_initial_value() -> None:
    form = SampleForm(initial={"due": dt.date(2026, 3, 31)})
    assert 'value="2026-03-31"' in render("{% govuk_field form.due %}", form=form)
