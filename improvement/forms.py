from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone

from inspections.models import Event, Recommendation

from .models import Action, ActionStatus, ImprovementPlan, ProgressUpdate, Theme

# type=date inputs take ISO dates whatever the locale. Templates render these fields with {% govuk_field %},
# which adds the GOV.UK base classes itself: a class here is only a width.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"})
OWNER_WIDGET = forms.TextInput(attrs={"class": "govuk-!-width-two-thirds", "autocomplete": "off"})
TEXT_AREA = forms.Textarea(attrs={"rows": 4})


class PlanForm(forms.Form):
    """Which of an event's recommendations (and findings) become actions, and who owns them at first."""

    recommendations = forms.MultipleChoiceField(
        required=False,
        label="Recommendations that become actions",
        widget=forms.CheckboxSelectMultiple,
    )
    findings = forms.MultipleChoiceField(
        required=False,
        label="Findings that become actions (areas for improvement)",
        widget=forms.CheckboxSelectMultiple,
    )
    owner = forms.CharField(
        required=False,
        max_length=120,
        label="Owner of each action (optional)",
        help_text="A role rather than a name lasts longer, for example Head of Children's Social Care.",
        widget=OWNER_WIDGET,
    )

    def __init__(self, *args: Any, event: Event, recommendations: list[Recommendation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.MultipleChoiceField, self.fields["recommendations"])
        chosen.choices = [(str(r.pk), f"{r.order}. {r.text}") for r in recommendations]
        chosen.initial = [str(r.pk) for r in recommendations]  # all, unless unticked
        cast(forms.MultipleChoiceField, self.fields["findings"]).choices = [
            (str(i), text) for i, text in enumerate(event.findings or [])
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("recommendations") and not cleaned.get("findings"):
            raise forms.ValidationError("Choose at least one recommendation or finding to turn into an action")
        return cleaned


class ActionEditForm(forms.ModelForm):
    """What an action is, who owns it and when it is due; `version` is the action's version when the form was
    opened, so a save from a stale form is caught instead of undoing someone else's change (config.versioning)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": "This form is out of date: reload the page and make your change again"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    class Meta:
        model = Action
        fields = ["description", "owner", "due_date"]
        labels = {"description": "What will be done", "due_date": "Due date (optional)", "owner": "Owner (optional)"}
        widgets = {"description": TEXT_AREA, "owner": OWNER_WIDGET, "due_date": DATE_WIDGET}
        error_messages = {"description": {"required": "Enter what will be done"}}


class PlanTitleForm(forms.ModelForm):
    """A plan's title, with the plan's version when the form was opened (see ActionEditForm)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": "This form is out of date: reload the page and make your change again"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version

    class Meta:
        model = ImprovementPlan
        fields = ["title"]
        labels = {"title": "Title of the plan"}
        error_messages = {"title": {"required": "Enter the plan's title"}}


class ActionForm(ActionEditForm):
    """A new action of a plan, answering one of the event's recommendations or none."""

    class Meta(ActionEditForm.Meta):
        fields = ["recommendation", "description", "owner", "due_date"]
        labels = ActionEditForm.Meta.labels | {"recommendation": "Answers recommendation (optional)"}

    def __init__(self, *args: Any, plan_event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["version"]  # a new action has no version to check
        field = cast(forms.ModelChoiceField, self.fields["recommendation"])
        field.queryset = Recommendation.objects.filter(event=plan_event, for_lscb=False).order_by("order")
        field.empty_label = "None: an area for improvement or another action"
        # Set on this form's own copy of the field, so no subclass of ModelChoiceField just for its labels.
        field.label_from_instance = lambda obj: f"{obj.order}. {obj.text[:120]}"  # type: ignore[method-assign]


class WebLinkField(forms.URLField):
    """A link people will follow from the page: http or https only (never javascript:, data: or file:)."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Enter a link that starts with http or https"}


class ProgressDetailsForm(forms.Form):
    """What happened on a date: recorded with a new status (ProgressForm), or corrected later as it is."""

    date = forms.DateField(label="Date", widget=DATE_WIDGET, error_messages={"required": "Enter the date"})
    note = forms.CharField(
        label="What happened",
        max_length=4000,
        widget=TEXT_AREA,
        error_messages={"required": "Enter what happened"},
    )
    evidence_url = WebLinkField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label="Link to evidence (optional)",
        help_text="For example an audit report or committee paper on the council's website.",
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )

    def __init__(
        self, *args: Any, after: ProgressUpdate | None = None, before: ProgressUpdate | None = None, **kwargs: Any
    ) -> None:
        """`after` and `before`: the updates recorded just before and just after this one, whose dates bound its
        own, so that an action's updates read in the order its statuses changed."""
        super().__init__(*args, **kwargs)
        self.after, self.before = after, before
        self.fields["date"].widget.attrs["max"] = (before.date if before else timezone.localdate()).isoformat()
        if after:
            self.fields["date"].widget.attrs["min"] = after.date.isoformat()

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        if self.after and date < self.after.date:
            raise forms.ValidationError(
                f"The date must be on or after {self.after.date:%-d %B %Y}, the date of the update before it"
            )
        if self.before and date > self.before.date:
            raise forms.ValidationError(
                f"The date must be on or before {self.before.date:%-d %B %Y}, the date of the update after it"
            )
        return date


class ProgressForm(ProgressDetailsForm):
    status = forms.ChoiceField(
        label="Status after this update",
        choices=ActionStatus.choices,
        help_text="Once work has been reported, an action cannot go back to Not started.",
    )
    field_order = ["date", "note", "status", "evidence_url"]

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate(), "status": action.status})
        super().__init__(*args, after=action.updates.order_by("pk").last(), **kwargs)
        self.action = action

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        if not self.action.can_move_to(status):
            raise forms.ValidationError(
                f"An action that is {self.action.get_status_display().lower()} cannot go back to "
                f"{ActionStatus(status).label.lower()}: choose another status"
            )
        return status


class ManualTagForm(forms.Form):
    """A theme a person adds to one part of an event: `part` is recommendation:<pk>, finding:<i> or area:<i>."""

    part = forms.CharField(widget=forms.HiddenInput)
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.order_by("label"),
        label="Add a theme",
        empty_label="Choose a theme",
        error_messages={"required": "Choose a theme", "invalid_choice": "Choose a theme from the list"},
    )

    def clean_part(self) -> tuple[str, int]:
        kind, _, number = self.cleaned_data["part"].partition(":")
        if kind not in {"recommendation", "finding", "area"} or not number.isdigit():
            raise forms.ValidationError("Choose a part of the report")
        return kind, int(number)
