"""Grades: the words Ofsted judges with, read from a phrase or found in running text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .types import Grade

# 2009–13 frameworks number grades 1–4 with "adequate" as 3.
LEGACY_SCALE = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.ADEQUATE, 4: Grade.INADEQUATE}

# Longest phrasing first: "requires improvement to be good" before "good".
GRADE_PATTERN = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate|"
    r"grade\s+[1-4](?!\d))"
)
# A footnote mark may follow the grade directly ("Good1"); a letter may not ("goods").
_GRADE_RE = re.compile(rf"\b{GRADE_PATTERN}(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class GradeMatch:
    grade: Grade
    start: int
    end: int


def normalise_grade(words: str, scale: dict[int, Grade] | None = None) -> Grade | None:
    """The grade a phrase states, else None. "Grade N" needs a `scale`."""
    lowered = " ".join(words.lower().split())
    if re.search(r"\brequires?\s+improvement", lowered):
        return Grade.REQUIRES_IMPROVEMENT
    for grade in (Grade.INADEQUATE, Grade.OUTSTANDING, Grade.ADEQUATE, Grade.GOOD):
        if re.search(rf"\b{grade.value}\b", lowered):
            return grade
    numbered = re.search(r"\bgrade\s+([1-4])\b", lowered)
    if numbered and scale:
        return scale.get(int(numbered.group(1)))
    return None


def find_grade(
    text: str, start: int = 0, end: int | None = None, scale: dict[int, Grade] | None = None
) -> GradeMatch | None:
    """The first grade phrase in text[start:end]."""
    for match in _GRADE_RE.finditer(text, start, len(text) if end is None else end):
        grade = normalise_grade(match.group(0), scale)
        if grade:
            return GradeMatch(grade, match.start(), match.end())
    return None
