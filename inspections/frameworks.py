"""Ofsted's inspection frameworks for local authority children's services, as rules in code.

Each framework judges its own areas on its own scale. Every area maps to a
cross-framework *strand* so a timeline can follow, say, help and protection
from a 2016 SIF report to a 2025 ILACS report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from .parsing.types import Grade


class Strand(models.TextChoices):
    OVERALL = "overall", "Overall effectiveness"
    LEADERSHIP = "leadership", "Leadership"
    HELP_AND_PROTECTION = "help_and_protection", "Help and protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    CARE_LEAVERS = "care_leavers", "Care leavers"
    ADOPTION = "adoption", "Adoption"
    LSCB = "lscb", "Safeguarding children board"


# The parser's Grade is the one scale (values as stored in Judgement.grade); re-exported here beside the frameworks.
GRADE_CHOICES = [(grade.value, grade.label) for grade in Grade]


# Position on a common 1–4 scale (1 best) for charts and comparisons across frameworks.
# "Adequate" (2009–13) and "requires improvement" share a rung: both sit between good and inadequate.
# Keyed by str: a Grade member is its value, so a grade as read from the database looks itself up.
GRADE_LEVEL: dict[str, int] = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.ADEQUATE: 3,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.INADEQUATE: 4,
}


class FrameworkCode(models.TextChoices):
    SAFEGUARDING_LAC = "safeguarding_lac_2009", "Safeguarding and looked after children (2009–13)"
    LOOKED_AFTER = "looked_after_2012", "Looked after children services (2012–13)"
    CHILD_PROTECTION = "child_protection_2012", "Arrangements for the protection of children (2012–13)"
    SIF = "sif", "Single inspection framework (2013–18)"
    ILACS = "ilacs", "ILACS (2018–March 2026)"
    ILACS_2026 = "ilacs_2026", "ILACS (from April 2026)"


@dataclass(frozen=True)
class Area:
    """A judgement area of one framework: its key (as parsers name it), label and strand."""

    key: str
    label: str
    strand: Strand


@dataclass(frozen=True)
class Framework:
    code: FrameworkCode
    short_name: str
    start: dt.date
    end: dt.date | None
    areas: tuple[Area, ...]
    grades: tuple[Grade, ...]

    def area(self, key: str) -> Area | None:
        return next((a for a in self.areas if a.key == key), None)


_FOUR_POINT_OLD = (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.INADEQUATE)
_FOUR_POINT = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)

FRAMEWORKS: dict[FrameworkCode, Framework] = {
    f.code: f
    for f in (
        Framework(
            FrameworkCode.SAFEGUARDING_LAC,
            "Safeguarding and LAC",
            dt.date(2009, 6, 1),
            dt.date(2013, 10, 31),
            (
                Area("overall", "Overall effectiveness of safeguarding services", Strand.OVERALL),
                Area("leadership", "Leadership and management (safeguarding)", Strand.LEADERSHIP),
                Area(
                    "looked_after",
                    "Overall effectiveness of services for looked after children",
                    Strand.CHILDREN_IN_CARE,
                ),
            ),
            _FOUR_POINT_OLD,
        ),
        Framework(
            FrameworkCode.LOOKED_AFTER,
            "Looked after children",
            dt.date(2012, 5, 1),
            dt.date(2013, 10, 31),
            (
                # A looked-after-only inspection: its overall grade is a children-in-care grade.
                Area("overall", "Overall effectiveness", Strand.CHILDREN_IN_CARE),
                Area("leadership", "Leadership and management", Strand.LEADERSHIP),
            ),
            _FOUR_POINT_OLD,
        ),
        Framework(
            FrameworkCode.CHILD_PROTECTION,
            "Child protection",
            dt.date(2012, 6, 1),
            dt.date(2013, 10, 31),
            # A child-protection-only inspection: its overall grade is a help-and-protection grade.
            (
                Area(
                    "overall",
                    "Overall effectiveness of the arrangements to protect children",
                    Strand.HELP_AND_PROTECTION,
                ),
            ),
            _FOUR_POINT_OLD,
        ),
        Framework(
            FrameworkCode.SIF,
            "SIF",
            dt.date(2013, 11, 1),
            dt.date(2017, 12, 31),
            (
                Area("overall", "Overall effectiveness", Strand.OVERALL),
                Area("help_and_protection", "Children who need help and protection", Strand.HELP_AND_PROTECTION),
                Area("looked_after", "Children looked after and achieving permanence", Strand.CHILDREN_IN_CARE),
                Area("adoption", "Adoption performance", Strand.ADOPTION),
                Area("care_leavers", "Experiences and progress of care leavers", Strand.CARE_LEAVERS),
                Area("leadership", "Leadership, management and governance", Strand.LEADERSHIP),
                Area("lscb", "Local Safeguarding Children Board", Strand.LSCB),
            ),
            _FOUR_POINT,
        ),
        Framework(
            FrameworkCode.ILACS,
            "ILACS",
            dt.date(2018, 1, 1),
            dt.date(2026, 3, 31),
            (
                Area("overall", "Overall effectiveness", Strand.OVERALL),
                Area("leadership", "Impact of leaders on social work practice", Strand.LEADERSHIP),
                Area(
                    "help_and_protection",
                    "Experiences and progress of children who need help and protection",
                    Strand.HELP_AND_PROTECTION,
                ),
                Area("in_care", "Experiences and progress of children in care", Strand.CHILDREN_IN_CARE),
                Area("care_leavers", "Experiences and progress of care leavers", Strand.CARE_LEAVERS),
            ),
            _FOUR_POINT,
        ),
        Framework(
            FrameworkCode.ILACS_2026,
            "ILACS 2026",
            dt.date(2026, 4, 1),
            None,
            (
                Area("leadership", "Impact of leaders", Strand.LEADERSHIP),
                Area("help_and_protection", "Children who need help and protection", Strand.HELP_AND_PROTECTION),
                Area("in_care", "Children in care", Strand.CHILDREN_IN_CARE),
                Area("care_leavers", "Care leavers", Strand.CARE_LEAVERS),
            ),
            _FOUR_POINT,
        ),
    )
}


def framework_for(code: str) -> Framework | None:
    try:
        return FRAMEWORKS[FrameworkCode(code)]
    except ValueError:
        return None


# ILACS judged children in care and care leavers together ("the experiences and progress of children in care and
# care leavers") until a separate care leavers judgement was introduced for inspections from 1 January 2023
# (Ofsted's official statistics, ILACS inspection history). Parsers and the demo history file that judgement under
# the `in_care` area, so it is told apart by date, named as the report names it, and counts for both strands.
ILACS_CARE_LEAVERS_FROM = dt.date(2023, 1, 1)
COMBINED_IN_CARE_LABEL = "Experiences and progress of children in care and care leavers"


def judges_care_leavers_with_children_in_care(framework: str, start: dt.date) -> bool:
    """Whether an inspection's children in care judgement is also its care leavers judgement."""
    return framework == FrameworkCode.ILACS and start < ILACS_CARE_LEAVERS_FROM


def is_combined_in_care(framework: str, area: str, start: dt.date) -> bool:
    return area == "in_care" and judges_care_leavers_with_children_in_care(framework, start)


def area_label(framework: str, area: str, start: dt.date | None) -> str:
    """An area's name as the inspection's report gives it."""
    if start is not None and is_combined_in_care(framework, area, start):
        return COMBINED_IN_CARE_LABEL
    found = framework_for(framework)
    known = found.area(area) if found else None
    return known.label if known else area.replace("_", " ").capitalize()


def grades_by_strand(framework: str, start: dt.date, judgements: Iterable[tuple[str, str, str]]) -> dict[str, str]:
    """Primary judgements (area, strand, grade) by strand: a combined children in care and care leavers
    judgement counts for care leavers too."""
    grades: dict[str, str] = {}
    for area, strand, grade in judgements:
        grades.setdefault(strand, grade)
        if is_combined_in_care(framework, area, start):
            grades.setdefault(Strand.CARE_LEAVERS, grade)
    return grades


def judges_strand(framework: str, strand: str) -> bool | None:
    """Whether `framework` has an area in `strand` (None: a framework this module does not know)."""
    found = framework_for(framework)
    return None if found is None else any(a.strand == strand for a in found.areas)


def replaces(later: str, earlier: str) -> bool:
    """Whether an inspection under `later` takes the place of one under `earlier`: `later` began after `earlier`
    ended. A targeted inspection run alongside (2012–13 looked after children) replaces nothing."""
    new, old = framework_for(later), framework_for(earlier)
    return bool(new and old and old.end is not None and new.start > old.end)
