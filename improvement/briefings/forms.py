"""The committee briefing's cover fields, as the person exporting types them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from config.govuk_forms import DatePartsWidget

from .build import Header

MEETING_LEAD_DAYS = 14  # committee papers usually go out about two weeks before the meeting


class GovukDateField(forms.MultiValueField):
    """A GOV.UK date input: day, month and year boxes, all empty (no date) or all filled. The boxes are the review
    form's (config/govuk_forms.py); the messages here are the briefing form's own."""

    widget = DatePartsWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1900, max_value=2100),
        )
        super().__init__(fields=fields, require_all_fields=False, required=False, **kwargs)

    def compress(self, data_list: list[Any]) -> dt.date | None:
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        if any(v in (None, "") for v in data_list):
            raise forms.ValidationError("Enter a day, month and year, or leave all three empty.")
        day, month, year = data_list
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            raise forms.ValidationError("Enter a real date.") from exc


class BriefingForm(forms.Form):
    title = forms.CharField(
        required=False,
        max_length=200,
        label="Title (optional)",
        help_text="Leave empty for “Ofsted inspections of children's services in …”.",
    )
    report_to = forms.CharField(max_length=120, label="Report to", initial="Children's Scrutiny Committee")
    meeting_date = GovukDateField(label="Meeting date", help_text="For example, 27 3 2026. Leave empty if not set.")
    report_of = forms.CharField(max_length=120, label="Report of", initial="Director of Children's Services")
    lead_officer = forms.CharField(
        required=False, max_length=120, label="Lead officer (optional)", help_text="Name and contact details."
    )
    classification = forms.CharField(max_length=60, label="Classification", initial="Open")
    wards = forms.CharField(max_length=120, label="Wards affected", initial="All wards")
    key_decision = forms.ChoiceField(
        choices=[("No", "No"), ("Yes", "Yes")], label="Key decision", initial="No", widget=forms.RadioSelect
    )
    as_of = GovukDateField(
        label="Position at", help_text="The briefing leaves out anything after this date. Leave empty for today."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting = timezone.localdate() + dt.timedelta(days=MEETING_LEAD_DAYS)
        self.fields["meeting_date"].initial = [meeting.day, meeting.month, meeting.year]

    def clean_as_of(self) -> dt.date:
        as_of = self.cleaned_data.get("as_of") or timezone.localdate()
        if as_of > timezone.localdate():
            raise forms.ValidationError("The position date must be today or in the past.")
        return as_of

    def header(self) -> Header:
        data = self.cleaned_data
        return Header(
            title=data["title"],
            report_to=data["report_to"],
            meeting_date=data["meeting_date"],
            report_of=data["report_of"],
            lead_officer=data["lead_officer"],
            classification=data["classification"],
            wards=data["wards"],
            key_decision=data["key_decision"],
        )

    def as_query(self) -> dict[str, str]:
        """The submitted values, to carry into the preview's address (no CSRF token, no button names)."""
        names = [n for n in self.data if n in self.fields or n.rsplit("_", 1)[0] in self.fields]
        return {n: self.data[n] for n in names if self.data[n] != ""}
