from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.forms.utils import pretty_name

from authorities.models import Authority
from config.govuk_forms import GovukDateField

from . import review
from .frameworks import framework_for
from .ingest import safe_name
from .models import InspectionType
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
    # The metaclass moves declared fields into base_fields, so self.files is still the uploaded files' dict.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Reports",
        help_text="PDF, Word (.docx), HTML or plain text. You can choose several at once.",
        widget=MultipleFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    publication_date = GovukDateField(
        label="Publication date (optional)",
        help_text="ILACS reports do not print the date Ofsted published them. For example, 27 3 2026. "
        "Leave blank if unknown.",
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
            # Django's upload handlers always set both.
            assert upload.size is not None
            assert upload.name is not None
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


TEXT_WIDGET = forms.TextInput()
LINES_WIDGET = forms.Textarea(attrs={"rows": 6})

ABSENT_SUFFIX = "_absent"


class ReviewForm(forms.Form):
    """The main event of a parsed document, as the reviewer confirms or corrects it.

    It asks only the fields its kind of document's family has (inspections/parsing/families.py). A value the
    parser could not read starts empty, never defaulted, with a "not in the report" box beside it: publishing is
    refused until each such value is entered or the box ticked. `version` is the document's review version when the form
    was shown, so a save from a form someone else has published over since is caught (`views.document_detail`).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    authority = forms.ModelChoiceField(
        queryset=Authority.objects.order_by("-is_current", "name"),
        empty_label="Choose the authority",
    )
    start_date = GovukDateField(required=True, label="Start date")
    end_date = GovukDateField(label="End date")
    published_date = GovukDateField(label="Publication date")
    lead_inspector = forms.CharField(required=False, max_length=120, widget=TEXT_WIDGET)
    inspectors = forms.CharField(
        required=False, widget=TEXT_WIDGET, help_text="Names separated by commas.", label="Other inspectors"
    )

    def __init__(
        self,
        *args: Any,
        initial_event: EventData,
        doc_kind: str,
        version: int = 0,
        found: frozenset[str] | set[str] = frozenset(),
        reviewed: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.kind = initial_event.kind
        self.framework = framework_for(initial_event.framework)
        family = review.family_for(doc_kind)
        applies = frozenset(family.fields)
        initial: dict[str, Any] = {
            "version": version,
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
        if reviewed:  # what the last reviewer published, corrections and all, rather than the raw reading
            initial |= {k: v for k, v in reviewed.items() if k != "version"}
        super().__init__(*args, **kwargs | {"initial": initial})
        self.base_event = initial_event
        for name in ("start_date", "end_date", "published_date", "lead_inspector", "inspectors"):
            if name not in applies:
                del self.fields[name]
        if "inspection_type" in applies:
            self.fields["inspection_type"] = forms.ChoiceField(
                required=False,
                label="Inspection type",
                choices=[("", "Choose the type"), *InspectionType.choices],
                help_text="One week on site is a short inspection, two weeks a standard one.",
            )
        if "sequence_number" in applies:
            self.fields["sequence_number"] = forms.IntegerField(
                min_value=1,
                max_value=30,
                label="Monitoring visit number",
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
            )
        if self.framework and "judgements" in applies:
            grade_choices = [("", "Choose a grade"), *[(g.value, g.label) for g in self.framework.grades]]
            areas = family.areas
            for area in self.framework.areas:
                if areas is None or area.key in areas:
                    self.fields[f"judgement_{area.key}"] = forms.ChoiceField(
                        required=False, label=area.label, choices=grade_choices
                    )
        if "focus" in applies:
            self.fields["focus"] = forms.CharField(required=False, max_length=300, widget=TEXT_WIDGET)
        if "themes" in applies:
            self.fields["themes"] = forms.CharField(
                required=False, widget=LINES_WIDGET, label="Areas covered", help_text="One per line."
            )
        if "recommendations" in applies:
            self.fields["recommendations"] = forms.CharField(
                required=False,
                widget=LINES_WIDGET,
                help_text="One per line, in the report's order.",
                label="Recommendations / what needs to improve",
            )
        for name, label in family.labels.items():  # e.g. a committee report's start date is its meeting's
            self.fields[name].label = label
        # Each value the parser could not read, and that the event can do without, gets its own "not in the
        # report" box: an empty value is then a decision someone made, not a default.
        self.unread = [
            name
            for name, field in self.fields.items()
            if name not in found
            and name not in {"version", "authority"}
            and not _is_required(field)
            and not self._initial_value(name)
        ]
        for name in self.unread:
            self.fields[name + ABSENT_SUFFIX] = forms.BooleanField(
                required=False, label=f"Not in the report ({self.fields[name].label or pretty_name(name)})"
            )
        # Values the event cannot do without (the authority, a start date) that the parser could not read.
        self.unread_required = [
            name
            for name, field in self.fields.items()
            if name in {"authority", "start_date", "sequence_number"} and not self._initial_value(name)
        ]

    def _initial_value(self, name: str) -> bool:
        value = self.initial.get(name)
        return value not in (None, "", [], ())

    def main_fields(self) -> list[tuple[forms.BoundField, forms.BoundField | None]]:
        """Each asked field with its "not in the report" box, if it has one, in the form's order."""
        return [
            (self[name], self[name + ABSENT_SUFFIX] if name in self.unread else None)
            for name in self.fields
            if name != "version" and not name.endswith(ABSENT_SUFFIX)
        ]

    def unresolved(self) -> list[str]:
        """Unread fields still neither entered nor marked not in the report, as the form stands (shown or sent)."""
        names = []
        for name in [*self.unread_required, *self.unread]:
            bound = self[name]
            value = bound.value()
            empty = value in (None, "") or (isinstance(value, list | tuple) and not any(str(v).strip() for v in value))
            marked = name in self.unread and bool(self[name + ABSENT_SUFFIX].value())
            if empty and not marked:
                names.append(name)
        return names

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        for name in self.unread:
            if name in self.errors:
                continue
            given = cleaned.get(name) not in (None, "")
            absent = cleaned.get(name + ABSENT_SUFFIX)
            label = (self.fields[name].label or pretty_name(name)).lower()
            if given and absent:
                self.add_error(name, f"Enter the {label} or tick “not in the report”, not both")
            elif not given and not absent:
                self.add_error(
                    name, f"The {label} could not be read: enter it from the document, or tick “not in the report”"
                )
        return cleaned

    def reviewed_values(self) -> dict[str, Any]:
        """The form's values as JSON, to start the next review of the document from."""
        values: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name == "version":
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Authority):
                value = value.pk
            values[name] = value
        return values

    def event_data(self) -> EventData:
        """The reviewed main event."""
        data = self.cleaned_data
        judgements = {
            name.removeprefix("judgement_"): grade
            for name, grade in data.items()
            if name.startswith("judgement_") and not name.endswith(ABSENT_SUFFIX) and grade
        }
        lead = (data.get("lead_inspector") or "").strip() or None
        team = tuple(n.strip() for n in data.get("inspectors", "").split(",") if n.strip())
        if "inspectors" not in data:  # not asked of this kind: keep what was read
            team = tuple(n for n in self.base_event.inspectors if n != lead)
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
            lead_inspector=lead if "lead_inspector" in data else self.base_event.lead_inspector,
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


def _is_required(field: forms.Field) -> bool:
    return field.required or getattr(field, "date_required", False)
