"""The practice themes Ofsted returns to, and a deterministic tagger that finds them in text.

Django-free: the database mirrors `THEMES` (see `improvement.services.sync_themes`), but this module is the source.
Each theme lists the phrases that signal it as regular expressions, matched case-insensitively on word
boundaries; an acronym that is also an ordinary word is wrapped in `(?-i:...)` so only the capitals match
("SEND", not "send"). `tag()` reports, for each theme found, the earliest phrase and where it is, so every tag
can be explained by pointing at the words that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_APOS = "['’]"  # reports use both straight and curly apostrophes


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    phrases: tuple[str, ...]
    _compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", tuple(re.compile(p, re.IGNORECASE) for p in self.phrases))

    def first_match(self, text: str) -> ThemeMatch | None:
        """The earliest phrase of this theme in `text` (the longest, when two start at the same place)."""
        best: re.Match[str] | None = None
        best_pattern = ""
        for pattern in self._compiled:
            found = pattern.search(text)
            if found is None:
                continue
            if best is None or (found.start(), -len(found.group())) < (best.start(), -len(best.group())):
                best, best_pattern = found, pattern.pattern
        if best is None:
            return None
        return ThemeMatch(key=self.key, phrase=best.group(), offset=best.start(), pattern=best_pattern)


@dataclass(frozen=True)
class ThemeMatch:
    key: str
    phrase: str  # the words as they appear in the text
    offset: int  # where they start, in characters
    pattern: str  # the vocabulary entry that matched, for explaining the tag


THEMES: tuple[Theme, ...] = (
    Theme(
        "missing",
        "Children missing from home or care, and return home interviews",
        (
            r"\bmissing from (?:home|care)(?: (?:or|and) care)?\b",
            r"\b(?:go|goes|going|went|gone) missing\b",
            r"\bmissing (?:episodes?|children|incidents?)\b",
            r"\breturn(?:[- ]home)? interviews?\b",
        ),
    ),
    Theme(
        "exploitation",
        "Exploitation (criminal and sexual), county lines",
        (
            r"\bexploitation\b",
            r"\bexploited\b",
            r"\bcounty lines\b",
            r"(?-i:\b(?:CSE|CCE)\b)",
            r"\b(?:complex|contextual) safeguarding\b",
            r"\bmodern slavery\b",
            r"\btrafficking\b",
        ),
    ),
    Theme(
        "oversight_supervision",
        "Management oversight and supervision",
        (
            r"\bmanage(?:ment|rial|rs?" + _APOS + r"?) oversight\b",
            r"\boversight (?:by|from) (?:team |first[- ]line |senior )?managers\b",
            r"\bsupervision\b(?! orders?\b)",
            r"\bsupervisory\b",
            r"\breflective supervision\b",
        ),
    ),
    Theme(
        "caseloads",
        "Caseloads",
        (
            r"\bcase ?loads?\b",
            r"\bworkloads?\b",
        ),
    ),
    Theme(
        "workforce",
        "Workforce stability and agency staff",
        (
            r"\bagency (?:staff|social workers?|workers?|managers?)\b",
            r"\b(?:stable|unstable|stability of the|instability in the|permanent) workforce\b",
            r"\bworkforce (?:stability|instability|strategy|challenges?)\b",
            r"\b(?:staff|workforce) turnover\b",
            r"\bturnover (?:of|in) (?:staff|social workers|managers)\b",
            r"\brecruitment and retention\b",
            r"\bretention of (?:staff|social workers)\b",
            r"\bchanges? (?:of|in) social workers?\b",
            r"\binterim (?:staff|managers?|leaders?)\b",
            r"\bvacanc(?:y|ies)\b",
        ),
    ),
    Theme(
        "assessments",
        "Quality of assessments",
        (
            r"\bquality of (?:social work |children" + _APOS + r"s |child and family )?assessments?\b",
            r"\b(?:child and family|single|social work|children" + _APOS + r"s|updated) assessments?\b",
            r"\bassessments? (?:are|is|were|was) (?:not |too |in)?(?:thorough|comprehensive|detailed|timely|"
            r"variable|weak|poor|strong|analytical|updated|consistently|well|sufficiently|always)\b",
            r"\bassessments? (?:do|does|did) not\b",
            r"\bassessments? of (?:risks?|needs?)\b",
        ),
    ),
    Theme(
        "plans",
        "Quality of plans",
        (
            r"\bquality of (?:[\w" + _APOS[1:-1] + r"-]+,?\s+(?:and\s+)?){0,3}?plans?\b",
            r"\b(?:care|child protection|child in need|children" + _APOS + r"s|safety|contingency) plans?\b",
            r"\bplans? (?:are|is|were|was) (?:not |too |overly |in)?(?:specific|clear|timely|generic|vague|"
            r"variable|weak|poor|strong|effective|focused|detailed|measurable|sufficiently|always|consistently)\b",
            r"\bplans? (?:do|does|did) not\b",
            r"\bplanning for children\b",
        ),
    ),
    Theme(
        "care_leavers",
        "Care leavers: accommodation, education, employment and training",
        (
            r"\bcare leavers?\b",
            r"\bcare[- ]experienced young (?:people|adults)\b",
            r"\bleaving care\b",
            r"\bpathway plans?\b",
            r"\bpersonal advis[eo]rs?\b",
            r"\bstaying put\b",
            r"(?-i:\bNEET\b)",
            r"\bnot in education, employment or training\b",
            r"\beducation, employment (?:or|and) training\b",
            r"\b(?:un)?suitable accommodation\b",
            r"\bbed and breakfast\b",
        ),
    ),
    Theme(
        "pre_proceedings",
        "Pre-proceedings and the Public Law Outline",
        (
            r"\bpre-?proceedings\b",
            r"\bpublic law outline\b",
            r"(?-i:\bPLO\b)",
            r"\bletters? before proceedings\b",
            r"\blegal (?:gateway|planning) meetings?\b",
            r"\bcare proceedings\b",
        ),
    ),
    Theme(
        "private_fostering",
        "Private fostering",
        (r"\bprivate(?:ly)? fost(?:ering|ered)\b",),
    ),
    Theme(
        "disabled_children",
        "Disabled children",
        (
            r"\bdisabled children\b",
            r"\bchildren (?:and young people )?with (?:a )?disabilit(?:y|ies)\b",
            r"\bdisabilit(?:y|ies) (?:team|service)s?\b",
            r"\bchildren with special educational needs and disabilities\b",
            r"(?-i:\bSEND\b)",
        ),
    ),
    Theme(
        "iro",
        "Independent reviewing officers",
        (
            r"\bindependent reviewing officers?\b",
            r"\bindependent reviewing (?:service|officer service)\b",
            r"(?-i:\bIROs?\b)",
        ),
    ),
    Theme(
        "chronologies",
        "Chronologies",
        (r"\bchronolog(?:y|ies)\b",),
    ),
    Theme(
        "early_help",
        "Early help",
        (r"\bearly help\b",),
    ),
    Theme(
        "front_door",
        "The front door and MASH",
        (
            r"\bfront door\b",
            r"(?-i:\bMASH\b)",
            r"\bmulti-?agency safeguarding hubs?\b",
            r"\bcontacts? and referrals?\b",
            r"\b(?:application of|understanding of|consistent) thresholds?\b",
            r"\bthreshold decisions?\b",
        ),
    ),
    Theme(
        "strategy_meetings",
        "Strategy meetings",
        (r"\bstrategy (?:meetings?|discussions?)\b",),
    ),
    Theme(
        "health_assessments",
        "Health assessments",
        (
            r"\b(?:initial |review |annual )?health assessments?\b",
            r"(?-i:\b(?:IHA|RHA)s?\b)",
            r"\bdental (?:checks?|appointments?)\b",
        ),
    ),
    Theme(
        "peps",
        "Personal education plans",
        (
            r"\bpersonal education plans?\b",
            r"(?-i:\bPEPs?\b)",
            r"\bvirtual school\b",
        ),
    ),
    Theme(
        "sufficiency",
        "Placement sufficiency",
        (
            r"\bsufficiency\b",
            r"\bshortages? of (?:placements|foster carers|homes|children" + _APOS + r"s homes)\b",
            r"\bunregistered (?:placements?|children" + _APOS + r"s homes|homes|provision)\b",
            r"\bplaced (?:at a distance|out of (?:area|borough|county)|far from home)\b",
            r"\bout[- ]of[- ](?:area|borough|county) placements?\b",
            r"\b(?:range|choice) of (?:placements|homes|foster carers)\b",
            r"\bplacement choice\b",
        ),
    ),
    Theme(
        "corporate_parenting",
        "Corporate parenting",
        (r"\bcorporate parent(?:ing|s)?\b",),
    ),
    Theme(
        "qa_performance",
        "Quality assurance and performance data",
        (
            r"\bquality assurance\b",
            r"\bperformance (?:data|information|management|reports?|reporting|scorecards?)\b",
            r"\bmanagement information\b",
            r"\b(?:case (?:file )?|practice |thematic |dip[- ]sample )audits?\b",
            r"\bauditing\b",
        ),
    ),
    Theme(
        "voice_of_child",
        "The voice of the child",
        (
            r"\bvoices? of (?:the )?(?:child|children|young (?:person|people))\b",
            r"\bchildren" + _APOS + r"s (?:voices?|views|lived experiences?)\b",
            r"\bwishes and feelings\b",
            r"\blived experiences?\b",
            r"\bdirect work\b",
            r"\bseen alone\b",
            r"\bviews of (?:children|the child|young people)\b",
            r"\blisten(?:s|ed|ing)? to (?:children|the child|young people)\b",
        ),
    ),
)

THEMES_BY_KEY: dict[str, Theme] = {theme.key: theme for theme in THEMES}


def tag(text: str, themes: tuple[Theme, ...] = THEMES) -> list[ThemeMatch]:
    """Every theme found in `text`, once each (its earliest phrase), in the order they appear."""
    if not text:
        return []
    matches = [m for theme in themes if (m := theme.first_match(text)) is not None]
    return sorted(matches, key=lambda m: (m.offset, m.key))
