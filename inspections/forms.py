from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from authorities.models import Authority

from .frameworks import framework_for
from .ingest import safe_name
from .models import EventKind, InspectionType
from .parsing.text import sniff_format
from .services import EventData, RecommendationData


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError("Select one or more files to upload", code="required")
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


# The kinds of file the upload form offers; the bytes are sniffed as well, since a name proves nothing.
UPLOAD_EXTENSIONS = (".pdf", ".docx", ".html", ".htm", ".txt", ".md")


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Reports",
        help_text="PDF, Word (.docx), HTML or plain text. You can choose several at once.",
        widget=MultipleFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    publication_date = forms.DateField(
        required=False,
        label="Publication date (optional)",
        help_text="ILACS reports do not print the date Ofsted published them. Leave blank if unknown.",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"}),
    )

    def __init__(self, *args: Any, too_large: Sequence[str] = (), **kwargs: Any) -> None:
        """`too_large`: the names of files the upload handler stopped storing at the limit (config/uploads.py)."""
        super().__init__(*args, **kwargs)
        self.too_large = tuple(too_large)
        if self.too_large:
            self.fields["files"].required = False  # the one file chosen may be the one refused

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        limit_mb = settings.UPLOAD_MAX_BYTES / 1_048_576
        if self.too_large:
            raise forms.ValidationError(
                [f"{name} must be smaller than {limit_mb:.0f} MB" for name in self.too_large], code="too_large"
            )
        if len(files) > settings.UPLOAD_MAX_FILES:
            raise forms.ValidationError(f"Upload at most {settings.UPLOAD_MAX_FILES} files at a time")
        for upload in files:
            if upload.size == 0:
                raise forms.ValidationError(f"{upload.name} is empty")
            if upload.size > settings.UPLOAD_MAX_BYTES:
                raise forms.ValidationError(f"{upload.name} must be smaller than {limit_mb:.0f} MB")
            # A text file named .exe, .js or .svg would otherwise be stored and handed out again under that name.
            if PurePath(safe_name(upload.name)).suffix.lower() not in UPLOAD_EXTENSIONS:
                raise forms.ValidationError(f"{upload.name} must be a PDF, Word (.docx), HTML or plain text file")
            head = upload.read(4096)
            upload.seek(0)
            if sniff_format(head) is None:  # sniffed from the bytes: the extension proves nothing
                raise forms.ValidationError(f"{upload.name} must be a PDF, Word (.docx), HTML or plain text file")
        return files


# type=date inputs take ISO dates whatever the locale. The GOV.UK classes of each component come from govuk_field
# ({% load govuk %}): only the extra ones, widths, are set here.
DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "govuk-input--width-10"})
TEXT_WIDGET = forms.TextInput()
LINES_WIDGET = forms.Textarea(attrs={"rows": 6})


class ReviewForm(forms.Form):
    """The main event of a parsed document, as the reviewer confirms or corrects it."""

    authority = forms.ModelChoiceField(
        queryset=Authority.objects.order_by("-is_current", "name"),
        empty_label="Choose the authority",
    )
    start_date = forms.DateField(widget=DATE_WIDGET)
    end_date = forms.DateField(required=False, widget=DATE_WIDGET)
    published_date = forms.DateField(required=False, widget=DATE_WIDGET, label="Publication date")
    lead_inspector = forms.CharField(required=False, max_length=120, widget=TEXT_WIDGET)
    inspectors = forms.CharField(
        required=False, widget=TEXT_WIDGET, help_text="Names separated by commas.", label="Other inspectors"
    )

    def __init__(self, *args: Any, initial_event: EventData, **kwargs: Any) -> None:
        self.kind = initial_event.kind
        self.framework = framework_for(initial_event.framework)
        initial = {
            "authority": initial_event.authority.pk if initial_event.authority else None,
            "start_date": initial_event.start_date,
            "end_date": initial_event.end_date,
            "published_date": initial_event.published_date,
            "lead_inspector": initial_event.lead_inspector or "",
            "inspectors": ", ".join(n for n in initial_event.inspectors if n != initial_event.lead_inspector),
            "inspection_type": initial_event.inspection_type,
            "sequence_number": initial_event.sequence_number,
            "focus": initial_event.focus,
            "themes": "\n".join(initial_event.themes),
            "recommendations": "\n".join(r.text for r in initial_event.recommendations if not r.for_lscb),
        }
        for area_key, grade in initial_event.judgements.items():
            initial[f"judgement_{area_key}"] = grade
        super().__init__(*args, initial=initial, **kwargs)
        self.base_event = initial_event
        if self.kind == EventKind.INSPECTION and self.framework and self.framework.code in {"ilacs", "ilacs_2026"}:
            self.fields["inspection_type"] = forms.ChoiceField(
                required=False,
                choices=[("", "Not known"), *InspectionType.choices],
                help_text="One week on site is a short inspection, two weeks a standard one.",
            )
        if self.kind == EventKind.MONITORING_VISIT:
            self.fields["sequence_number"] = forms.IntegerField(
                min_value=1,
                max_value=30,
                label="Monitoring visit number",
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            )
        if self.framework:
            grade_choices = [("", "Not judged"), *[(g.value, g.label) for g in self.framework.grades]]
            for area in self.framework.areas:
                self.fields[f"judgement_{area.key}"] = forms.ChoiceField(
                    required=False,
                    label=area.label,
                    choices=grade_choices,
                )
        if self.kind in {EventKind.FOCUSED_VISIT, EventKind.JTAI}:
            self.fields["focus"] = forms.CharField(required=False, max_length=300, widget=TEXT_WIDGET)
        if self.kind == EventKind.MONITORING_VISIT:
            self.fields["themes"] = forms.CharField(
                required=False, widget=LINES_WIDGET, label="Areas covered", help_text="One per line."
            )
        if self.kind != EventKind.COMMITTEE_REPORT:
            self.fields["recommendations"] = forms.CharField(
                required=False,
                widget=LINES_WIDGET,
                help_text="One per line, in the report's order.",
                label="Recommendations / what needs to improve",
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        return cleaned

    def judgement_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("judgement_")]

    def event_data(self) -> EventData:
        """The reviewed main event."""
        data = self.cleaned_data
        judgements = {
            name.removeprefix("judgement_"): grade
            for name, grade in data.items()
            if name.startswith("judgement_") and grade
        }
        lead = data["lead_inspector"].strip() or None
        team = tuple(n.strip() for n in data.get("inspectors", "").split(",") if n.strip())
        lscb = tuple(r for r in self.base_event.recommendations if r.for_lscb)
        recommendations = self.base_event.recommendations
        if "recommendations" in data:
            kept = {r.text: r for r in self.base_event.recommendations}
            recommendations = (
                tuple(
                    kept.get(line.strip()) or RecommendationData(text=line.strip())
                    for line in data["recommendations"].splitlines()
                    if line.strip()
                )
                + lscb
            )
        return dataclasses.replace(
            self.base_event,
            authority=data["authority"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            published_date=data.get("published_date"),
            lead_inspector=lead,
            inspectors=team,
            inspection_type=data.get("inspection_type", self.base_event.inspection_type) or "",
            sequence_number=data.get("sequence_number", self.base_event.sequence_number),
            judgements=judgements if self.framework else {},
            recommendations=recommendations,
            focus=data.get("focus", self.base_event.focus),
            themes=tuple(t.strip() for t in data["themes"].splitlines() if t.strip())
            if "themes" in data
            else self.base_event.themes,
        )
