"""The comparison page's chooser and history cells, made in authorities/templatetags/authority_pages.py."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template

from authorities.models import Authority


def _render(source: str, **context: object) -> str:
    return Template("{% load authority_pages %}" + source).render(Context(context))


def _authorities() -> list[Authority]:
    return [Authority(pk=1, name="Bolton", slug="bolton"), Authority(pk=2, name="Bury <& Co>", slug="bury")]


def test_the_focus_options_name_every_authority_and_select_the_focus() -> None:
    bolton, bury = _authorities()
    html = _render("{% focus_options everyone focus %}", everyone=[bolton, bury], focus=bury)
    assert html == (
        '<option value="bolton">Bolton</option><option value="bury" selected>Bury &lt;&amp; Co&gt;</option>'
    )
    assert " selected" not in _render("{% focus_options everyone focus %}", everyone=[bolton, bury], focus=None)


def test_the_checkboxes_tick_the_chosen_authorities_but_not_the_focus() -> None:
    bolton, bury = _authorities()
    html = _render(
        "{% authority_checkboxes members chosen focus %}", members=[bolton, bury], chosen={"bolton", "bury"}, focus=bury
    )
    assert html == (
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="a-bolton" name="a"'
        ' type="checkbox" value="bolton" checked><label class="govuk-label govuk-checkboxes__label" for="a-bolton">'
        "Bolton</label></div>"
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="a-bury" name="a"'
        ' type="checkbox" value="bury"><label class="govuk-label govuk-checkboxes__label" for="a-bury">'
        "Bury &lt;&amp; Co&gt;</label></div>"
    )


def test_dated_grades_read_oldest_first_or_say_none_is_recorded() -> None:
    grades = ((dt.date(2019, 3, 4), "Good"), (dt.date(2022, 6, 1), "Requires <improvement>"))
    assert (
        _render("{{ grades|dated_grades }}", grades=grades)
        == "Good (Mar 2019); Requires &lt;improvement&gt; (Jun 2022)"
    )
    assert _render("{{ grades|dated_grades }}", grades=()) == "No record held"
