"""Families of documents: what each kind of document holds, said once for the parser's record, the review form,
the review screen's provenance and publishing.

A family is the shape of a kind's result: which ParsedDocument attribute gives each review form field (so the
kind's start date is decided here and nowhere else), which keys its scoring record has, the event kind it is
published as. Kinds name their family where DocKind lists them (types.py). Django-free, like the whole package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Family:
    name: str
    # The inspections.models.EventKind value the document's main event is published as.
    event_kind: str
    # Review form field → the ParsedDocument attribute it is read from (the authority, always asked, is read from
    # la_name). A field the table does not give the family is not asked; a field it gives is asked even where a
    # parser version marked it not applicable. `judgements` stands for one field per area the framework grades.
    fields: Mapping[str, str]
    # The scoring record's keys after file, doc_kind, urn and la_name (corpus README), in order.
    record: tuple[str, ...]
    # Judgement areas the family grades, where it is not every area of its framework.
    areas: frozenset[str] | None = None
    # Review form labels that differ from the field's usual one.
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def source(self, form_field: str) -> str | None:
        """The ParsedDocument attribute behind a review form field (None: the family does not have it)."""
        return AUTHORITY_SOURCE if form_field == "authority" else self.fields.get(form_field)


# Every family's review asks the authority, read from the name the document gives.
AUTHORITY_SOURCE = "la_name"


def _fields(**fields: str) -> Mapping[str, str]:
    return MappingProxyType(fields)


_INSPECTION_FIELDS = {
    "start_date": "inspection_start",
    "end_date": "inspection_end",
    "published_date": "publication_date",
    "lead_inspector": "lead_inspector",
}
_GRADED = {"judgements": "judgements", "recommendations": "recommendations"}
_INSPECTION_RECORD = (
    "ilacs_type",
    "inspection_start",
    "inspection_end",
    "publication_date",
    "lead_inspector",
    "judgements",
    "recommendations_count",
)
# Letters name their inspectors without a lead, and a monitoring letter makes no recommendations.
_VISIT_FIELDS = {
    "start_date": "visit_start",
    "end_date": "visit_end",
    "published_date": "letter_date",
    "inspectors": "inspectors",
}
_VISIT_RECORD = ("visit_start", "visit_end", "letter_date", "inspectors")

# The deputy lead and team are named near the end of a SIF report.
SIF_INSPECTION = Family(
    "SIF inspection",
    "inspection",
    _fields(**_INSPECTION_FIELDS, inspectors="inspectors", **_GRADED),
    _INSPECTION_RECORD,
)
ILACS_INSPECTION = Family(
    "ILACS inspection",
    "inspection",
    _fields(**_INSPECTION_FIELDS, **_GRADED, inspection_type="ilacs_type"),
    _INSPECTION_RECORD,
)
INSPECTION_2009 = Family(
    "2009–13 inspection", "inspection", _fields(**_INSPECTION_FIELDS, **_GRADED), _INSPECTION_RECORD
)
LSCB_REVIEW = Family(
    "LSCB review",
    "lscb_review",
    _fields(**_INSPECTION_FIELDS, **_GRADED),
    _INSPECTION_RECORD,
    areas=frozenset({"lscb"}),
)
MONITORING_VISIT = Family(
    "Monitoring visit",
    "monitoring_visit",
    _fields(**_VISIT_FIELDS, sequence_number="visit_number", themes="areas"),
    (*_VISIT_RECORD, "visit_number", "areas"),
)
FOCUSED_VISIT = Family(
    "Focused visit",
    "focused_visit",
    _fields(**_VISIT_FIELDS, focus="focus_text", recommendations="recommendations"),
    (*_VISIT_RECORD, "focus_theme", "focus_text", "priority_actions", "improvement_count"),
)
JTAI = Family(
    "Joint targeted area inspection",
    "jtai",
    _fields(**_VISIT_FIELDS, focus="focus_text", recommendations="recommendations"),
    (*_VISIT_RECORD, "focus_text"),
)
# A committee report is a meeting: its date is the event's, and it has no inspectors or publication.
COMMITTEE_REPORT = Family(
    "Committee report",
    "committee_report",
    _fields(start_date="meeting_date"),
    ("meeting_date", "committee", "authorities"),
    labels=MappingProxyType({"start_date": "Meeting date"}),
)
