"""GOV.UK Frontend components in Django templates: ``{% load govuk %}``.

The markup comes from govuk-frontend-jinja, the community port of GOV.UK Frontend's own Nunjucks macros,
so components stay what the Design System publishes rather than markup copied into our templates.
We render those macros through one Jinja environment kept for the life of the process: govuk-frontend-django
(which wraps the same macros) builds a new environment and recompiles the macro on every call, measured here at
21-29 ms a component against 0.1 ms for a cached one, and it declares Django < 6.

Parameters are the macro's own (camelCase, as in the Design System's documentation). Nested ones are written with
``__``: ``{% govuk "input" name="q" label__text="Search" label__classes="govuk-label--s" %}`` passes
``{"name": "q", "label": {"text": "Search", "classes": "govuk-label--s"}}``. Under ``attributes`` an underscore
becomes a hyphen, since keywords cannot hold one: ``attributes__hx_get=url`` is ``hx-get``. A dict given as the
first argument is merged underneath, for parameters built in Python (table rows, items). ``None`` values are left
out, as the macros treat a missing parameter and an empty one alike.

- ``{% govuk "tag" text=grade %}``: any component.
- ``{% govukblock "details" summaryText="Help" %}...{% endgovukblock %}``: the enclosed template is the ``html``
  (or the parameter ``into`` names, e.g. ``into="slots__navigationEnd"``).
- ``{% govuk_field form.owner label__classes="govuk-label--s" %}``: a Django form field as its GOV.UK component
  (input, textarea, select, radios, checkboxes, file upload, date input), with its label, hint, value and errors.
- ``{% govuk_error_summary form other_form %}``: the error summary for one or more forms, linking to each field.
- ``{% govuk_breadcrumbs "Authorities" list_url authority.name %}``: breadcrumbs, text and address in turn.
- ``{% govuk_items choices selected=value empty="Any" as items %}``: items for a select, radios or checkboxes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.forms.widgets import Input
from django.utils.safestring import SafeData, SafeString, mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, Template, TemplateNotFound

register = template.Library()

_COMPONENT_NAME = re.compile(r"^[a-z]+(-[a-z]+)*$")


@functools.cache
def _environment() -> Environment:
    return Environment(
        # The macros import one another under this prefix.
        loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        autoescape=True,
        auto_reload=False,
        # The macros are written for Nunjucks' whitespace handling; these drop the blank lines it would leave.
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def _component_template(component: str) -> Template:
    if not _COMPONENT_NAME.match(component):
        raise template.TemplateSyntaxError(f"{component!r} is not a GOV.UK component name")
    path = f"govuk_frontend_jinja/components/{component}/macro.html"
    try:
        _environment().get_template(path)
    except TemplateNotFound as exc:
        raise template.TemplateSyntaxError(f"No GOV.UK component called {component!r}") from exc
    macro = "govuk" + "".join(part.capitalize() for part in component.split("-"))
    return _environment().from_string(f"{{%- from '{path}' import {macro} -%}}{{{{ {macro}(params) }}}}")


def render_component(component: str, params: Mapping[str, Any]) -> SafeString:
    """The HTML of one GOV.UK Frontend component, from the macro's parameters."""
    return mark_safe(_component_template(component).render(params=_without_none(params)).strip())


@functools.lru_cache(maxsize=512)
def tag(text: str, classes: str | None = None) -> SafeString:
    """A GOV.UK tag, kept once made: tables repeat the same few tags on every row."""
    return render_component("tag", {"text": text, "classes": classes})


def _without_none(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_without_none(v) for v in value if v is not None]
    return value


def _nest(flat: Mapping[str, Any], base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``{"label__text": "A"}`` → ``{"label": {"text": "A"}}``, merged over a copy of ``base``."""
    params: dict[str, Any] = _deep_copy(base or {})
    for key, value in flat.items():
        *parents, leaf = key.split("__")
        if parents and parents[-1] == "attributes":
            leaf = leaf.replace("_", "-")  # HTML attribute names have hyphens, template keywords cannot
        node = params
        for parent in parents:
            child = node.get(parent)
            if not isinstance(child, dict):
                child = node[parent] = {}
            node = child
        node[leaf] = value
    return params


def _deep_copy(value: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deep_copy(v) if isinstance(v, Mapping) else v for k, v in value.items()}


@register.simple_tag
def govuk(component: str, params: Mapping[str, Any] | None = None, **kwargs: Any) -> SafeString:
    return render_component(component, _nest(kwargs, params))


@register.simple_block_tag
def govukblock(
    content: str, component: str, params: Mapping[str, Any] | None = None, into: str = "html", **kwargs: Any
) -> SafeString:
    return render_component(component, _nest({into: mark_safe(content), **kwargs}, params))


@register.simple_tag
def govuk_breadcrumbs(*trail: Any) -> SafeString:
    """Breadcrumbs from alternating text and address; the last text, the current page, has none."""
    texts, hrefs = trail[0::2], [*trail[1::2], None]
    items = [{"text": text, "href": href} for text, href in zip(texts, hrefs, strict=True)]
    return render_component("breadcrumbs", {"items": items})


@register.simple_tag
def govuk_items(
    choices: Iterable[Any], selected: Any = None, empty: str | None = None, *, key: str = "selected"
) -> list[dict[str, Any]]:
    """Select, radio or checkbox items from ``(value, label)`` pairs or model objects (value: the primary key).

    ``{% govuk_items regions selected=filters.region empty="All regions" as items %}``; ``selected`` may be one value
    or a collection of them; ``key="checked"`` for radios and checkboxes.
    """
    chosen = {str(v) for v in selected} if isinstance(selected, list | tuple | set | frozenset) else {str(selected)}
    items = [{"value": "", "text": empty, key: selected in (None, "")}] if empty is not None else []
    for choice in choices:
        value, text = choice if isinstance(choice, tuple | list) else (choice.pk, str(choice))
        items.append({"value": value, "text": text, key: str(value) in chosen})
    return items


# Form fields ---------------------------------------------------------------------------------------------------

# Widget attributes that the macros take as parameters of their own rather than as free attributes.
_OWN_PARAMETERS = {"autocomplete", "spellcheck", "inputmode", "pattern", "rows", "autocapitalize"}
# The macros set these themselves, from the label, hint and error message.
_HANDLED = {"class", "id", "name", "type", "value", "aria-describedby", "aria-invalid", "cols"}
# Classes the macros add themselves; any others on the widget (widths, say) are passed on.
_BASE_CLASSES = {
    "govuk-input",
    "govuk-select",
    "govuk-textarea",
    "govuk-file-upload",
    "govuk-checkboxes__input",
    "govuk-radios__input",
}


def _widget_parameters(field: BoundField) -> dict[str, Any]:
    attrs = dict(field.field.widget.attrs)
    if field.field.disabled:
        attrs["disabled"] = True
    params: dict[str, Any] = {}
    free: dict[str, Any] = {}
    for key, value in attrs.items():
        if key in _HANDLED or value is False or value is None:
            continue
        if key in _OWN_PARAMETERS:
            params[key] = {"true": True, "false": False}.get(str(value), value) if key == "spellcheck" else value
        elif key == "required":
            continue  # GOV.UK forms use server-side validation (novalidate) so the error summary is ours
        else:
            free[key] = "" if value is True else value
    if free:
        params["attributes"] = free
    extra_classes = [c for c in str(attrs.get("class", "")).split() if c not in _BASE_CLASSES]
    if extra_classes:
        params["classes"] = " ".join(extra_classes)
    return params


def _field_value(field: BoundField) -> Any:
    if isinstance(field.field.widget, forms.PasswordInput) and not field.field.widget.render_value:
        return None  # a password typed is never sent back in the page
    value = field.value()
    return field.field.widget.format_value(value) if value is not None else None


def _choice_items(field: BoundField, key: str) -> list[dict[str, Any]]:
    """The field's choices as items, `key` ("selected" or "checked") set on the chosen ones. Read from the
    choices directly: Django's subwidgets build a whole widget context per option, slow for 150 authorities."""
    chosen = set(field.field.widget.format_value(field.value()))
    items = []
    for value, label in field.field.widget.choices:
        option = "" if value is None else str(value)
        items.append({"value": option, "text": label, key: option in chosen})
    return items


def field_params(field: BoundField) -> tuple[str, dict[str, Any]]:
    """The GOV.UK component for a form field and its parameters, before any overrides from the template."""
    widget = field.field.widget
    label = {"text": field.label}
    # Help text Django marked safe (its password rules, a list) is HTML; any other is text, escaped.
    hint_key = "html" if isinstance(field.help_text, SafeData) else "text"
    common: dict[str, Any] = {"hint": {hint_key: field.help_text} if field.help_text else None}
    if field.errors:
        common["errorMessage"] = {"text": " ".join(str(e) for e in field.errors)}

    if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple is a RadioSelect too
        component = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        return component, {
            **common,
            "name": field.html_name,
            "idPrefix": field.auto_id,
            "fieldset": {"legend": label},
            "items": _choice_items(field, "checked"),
            **_widget_parameters(field),
        }
    if isinstance(widget, forms.CheckboxInput):
        return "checkboxes", {
            **common,
            "name": field.html_name,
            "idPrefix": field.auto_id,
            "items": [{"value": "on", "text": field.label, "checked": bool(field.value())}],
        }
    if isinstance(widget, forms.Select):
        return "select", {
            **common,
            "id": field.auto_id,
            "name": field.html_name,
            "label": label,
            "items": _choice_items(field, "selected"),
            **_widget_parameters(field),
        }
    if isinstance(widget, forms.Textarea):
        return "textarea", {
            **common,
            "id": field.auto_id,
            "name": field.html_name,
            "label": label,
            "value": _field_value(field),
            **_widget_parameters(field),
        }
    if isinstance(widget, forms.FileInput):
        return "file-upload", {
            **common,
            "id": field.auto_id,
            "name": field.html_name,
            "label": label,
            **_widget_parameters(field),
        }
    if isinstance(widget, forms.MultiWidget) and len(widget.widgets) == 3:
        values = field.value()
        if not isinstance(values, list | tuple):
            values = widget.decompress(values)
        error_class = " govuk-input--error" if field.errors else ""
        widths = ("govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4")
        return "date-input", {
            **common,
            "id": field.auto_id,
            "fieldset": {"legend": label},
            "items": [
                {
                    "id": f"{field.auto_id}_{i}",
                    "name": f"{field.html_name}_{i}",
                    "label": part,
                    "value": values[i] if i < len(values) else None,
                    "classes": widths[i] + error_class,
                }
                for i, part in enumerate(("Day", "Month", "Year"))
            ],
        }
    if isinstance(widget, Input):
        return "input", {
            **common,
            "id": field.auto_id,
            "name": field.html_name,
            "type": widget.input_type,
            "label": label,
            "value": _field_value(field),
            **_widget_parameters(field),
        }
    raise template.TemplateSyntaxError(f"govuk_field cannot render a {type(widget).__name__}")


@register.simple_tag
def govuk_field(field: BoundField, **overrides: Any) -> SafeString:
    if isinstance(field.field.widget, forms.HiddenInput):
        return mark_safe(str(field))  # Django's own rendering, escaped
    component, params = field_params(field)
    return render_component(component, _nest(overrides, params))


def first_input_id(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return field.auto_id


def error_list(forms_: Iterable[forms.BaseForm], prefix_labels: bool = False) -> list[dict[str, str]]:
    """Each error of the forms as an error-summary item linking to the field it belongs to."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        items.extend({"text": str(error)} for error in form.non_field_errors())
        for field in form:
            for error in field.errors:
                text = f"{field.label}: {error}" if prefix_labels else str(error)
                items.append({"text": text, "href": f"#{first_input_id(field)}"})
    return items


@register.simple_tag
def govuk_error_summary(*forms_: forms.BaseForm, prefix_labels: bool = False) -> SafeString:
    items = error_list(forms_, prefix_labels=prefix_labels)
    if not items:
        return mark_safe("")
    return render_component("error-summary", {"titleText": "There is a problem", "errorList": items})
