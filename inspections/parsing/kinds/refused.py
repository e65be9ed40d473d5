"""Recognise documents that are out of scope and refuse them with a clear reason.

Trajectory tracks Ofsted's inspections of local authorities' children's services. Ofsted
also inspects local areas' SEND arrangements (with CQC), schools, children's homes and
other social care providers, further education and early years providers; uploads of
those reports are refused with ParseError(OUT_OF_SCOPE), never parsed as something else.

Each recogniser reads only the opening of the document (title, labels on the cover),
because in-scope reports and letters mention SEND inspections, schools and children's
homes in their body text.
"""

from __future__ import annotations

import logging
import re

from ..errors import ParseError, ParseErrorCode
from ..letters import plain_opening
from ..text import DocumentText
from . import REFUSALS

logger = logging.getLogger(__name__)

_HEAD_CHARS = 3000


# The title lines of in-scope reports and letters. A document that opens with one is about a
# local authority's children's services, whatever its opening paragraphs go on to mention
# ("since the area SEND inspection", "children placed with an independent fostering agency").
# A long authority's name may wrap onto a second line.
_IN_SCOPE_TITLE = re.compile(
    r"^[ \t]*(?:(?:Re-?\s?)?Inspection\s+of\s+(?:[^\n]{0,80}(?:\n[^\n]{0,80})?\s)?(?:local\s+authority\s+)?"
    r"children's\s+(?:social\s+care\s+)?services|"
    r"(?:Re-?\s?)?Inspection\s+of\s+services\s+for\s+children\s+in\s+need|"
    r"Inspection\s+of\s+(?:safeguarding\s+and\s+)?looked\s+after\s+children|"
    r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+Local\s+Safeguarding\s+Children\s+Board|"
    r"(?:Focused|Monitoring)\s+visit\s+(?:to|of)\s+[^\n]{0,80}(?:\n[^\n]{0,80})?children's\s+services|"
    r"Joint\s+targeted\s+area\s+inspection\s+of\s+the\s+multi-agency)",
    re.IGNORECASE | re.MULTILINE,
)


def _opening(text: DocumentText) -> str:
    """The opening of the document, its characters made plain as the letters' are."""
    return plain_opening(text)[:_HEAD_CHARS]


def _head(text: DocumentText) -> str:
    """The opening of the document, up to the title of an in-scope report or letter if it has one (then
    only an address block or salutation may come before)."""
    head = _opening(text)
    title = _IN_SCOPE_TITLE.search(head)
    return head[: title.start()] if title else head


def _refuse(detail: str) -> None:
    raise ParseError(ParseErrorCode.OUT_OF_SCOPE, detail)


_SEND_TITLE = re.compile(
    r"^[ \t]*(?:Local\s+area\s+partnership\s+report|(?:Joint\s+)?(?:local\s+)?area\s+SEND\s+"
    r"(?:full\s+|monitoring\s+|re-?)?(?:inspection|revisit|visit)|"
    r"Joint\s+local\s+area\s+special\s+educational\s+needs)",
    re.IGNORECASE | re.MULTILINE,
)
_SEND_PHRASES = re.compile(
    r"Area\s+SEND\s+(?:full\s+|monitoring\s+)?(?:re-?)?inspection\s+of\b|"
    r"effectiveness\s+of\s+the\s+(?:local\s+)?area\s+in\s+implementing\s+the\s+(?:disability\s+and\s+special\s+"
    r"educational\s+needs|special\s+educational\s+needs\s+and\s+disability)\s+reforms|"
    r"joint\s+inspection\s+of\s+the\s+local\s+area\s+of\b|"
    r"local\s+area\s+partnership'?s?\s+(?:special\s+educational\s+needs|SEND)\s+arrangements",
    re.IGNORECASE,
)


def refuse_send(text: DocumentText) -> None:
    """Area SEND inspections (and the 2016–22 joint local area SEND inspections and revisits)."""
    head = _head(text)
    if _SEND_TITLE.search(head) or _SEND_PHRASES.search(head):
        _refuse(
            "This is an area SEND inspection report: Ofsted and the Care Quality Commission's inspection "
            "of a local area's arrangements for children and young people with special educational needs "
            "and/or disabilities. It is a different framework from the inspection of local authority "
            "children's services, so Trajectory does not record it."
        )


_SCHOOL_TITLE = re.compile(
    r"^[ \t]*(?:School\s+report|Short\s+inspection\s+of\b[^\n]{0,80}|"
    r"Inspection\s+of\s+(?:a\s+good\s+)?[^\n]{0,80}?"
    r"\b(?:School|Academy|Primary|Infant|Junior|Nursery\s+School|Pupil\s+Referral\s+Unit|Federation)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_SCHOOL_LABELS = re.compile(
    r"\b(?:Headteacher|Head\s+teacher|Executive\s+headteacher|Chair\s+of\s+(?:governors|trust)|"
    r"Age\s+range\s+of\s+pupils|Number\s+of\s+pupils|Type\s+of\s+school|DfE\s+registration\s+number)\b",
    re.IGNORECASE,
)
_SCHOOL_GRADES = re.compile(r"Quality\s+of\s+education[\s\S]{0,400}Behaviour\s+and\s+attitudes", re.IGNORECASE)


def refuse_school(text: DocumentText) -> None:
    """School inspection reports."""
    head = _head(text)
    labels = len({m.group(0).lower() for m in _SCHOOL_LABELS.finditer(head)})
    if (_SCHOOL_TITLE.search(head) and labels >= 1) or labels >= 2 or _SCHOOL_GRADES.search(head):
        _refuse(
            "This is a school inspection report. Trajectory records Ofsted's inspections of local "
            "authorities' children's services, not of schools."
        )


# Provider reports name the provider type in their title and label the registration on the
# cover; a line-start match keeps an ILACS report's passing mention of "children's homes" out.
_PROVIDER = re.compile(
    r"^[ \t]*(?:(?:Inspection\s+of\s+(?:a|the)\s+)?(?:secure\s+)?children'?s\s+homes?\b[^\n]{0,40}?"
    r"(?:inspection|visit)|"
    r"(?:Inspection\s+of\s+(?:a|the)\s+)?secure\s+children'?s\s+home|"
    r"Registered\s+manager|Responsible\s+individual|Unique\s+reference\s+number:?\s*SC\d|"
    r"(?:[^\n]{0,60}\b)?(?:residential\s+holiday\s+scheme|residential\s+family\s+centre|residential\s+special\s+school|"
    r"independent\s+fostering\s+agency|voluntary\s+adoption\s+agency|adoption\s+support\s+agency|"
    r"secure\s+training\s+centre|boarding\s+school)\b|"
    r"(?:Local\s+authority\s+)?(?:fostering|adoption)\s+(?:agency|service)\s+(?:inspection|report)|"
    r"Social\s+care\s+common\s+inspection\s+framework)"
    r"|\bSC\d{6}\b",
    re.IGNORECASE | re.MULTILINE,
)


def refuse_provider(text: DocumentText) -> None:
    """Children's homes and other registered social care providers (fostering and adoption agencies...)."""
    match = _PROVIDER.search(_head(text))
    if match:
        _refuse(
            "This is an inspection report on a children's home or another registered social care provider "
            f"(it mentions '{' '.join(match.group(0).split())}'). Trajectory records inspections of local "
            "authorities' children's services as a whole, not of individual providers."
        )


_FURTHER_EDUCATION = re.compile(
    r"further\s+education\s+and\s+skills|independent\s+learning\s+provider|\bemployer\s+provider\b|"
    r"sixth\s+form\s+college|general\s+further\s+education\s+college|adult\s+learning\s+programmes|"
    r"education\s+programmes\s+for\s+young\s+people|initial\s+teacher\s+(?:education|training)|"
    r"^[ \t]*Inspection\s+of\s+[^\n]{0,80}\bCollege\b",
    re.IGNORECASE | re.MULTILINE,
)
_EARLY_YEARS = re.compile(
    r"childcare\s+on\s+(?:non-?)?domestic\s+premises|\bchildminder\b|early\s+years\s+(?:provider|registration|"
    r"inspection\s+report)|Childcare\s+Register|\bregistered\s+person\b|Setting\s+address|Registered\s+person\s+address",
    re.IGNORECASE,
)
_OTHER_INSPECTORATES = re.compile(
    r"HM\s+Inspectorate\s+of\s+(?:Probation|Prisons|Constabulary)|youth\s+(?:offending|justice)\s+(?:service|team)\s+"
    r"inspection|Care\s+Quality\s+Commission\s+inspection\s+report|\bCafcass\b",
    re.IGNORECASE,
)


def refuse_other_providers(text: DocumentText) -> None:
    """Further education, early years, Cafcass and other inspectorates' reports."""
    head = _head(text)
    if _FURTHER_EDUCATION.search(head):
        _refuse(
            "This is a further education and skills (or teacher training) inspection report. "
            "Trajectory records inspections of local authorities' children's services only."
        )
    if _EARLY_YEARS.search(head):
        _refuse(
            "This is an early years or childcare provider inspection report. Trajectory records inspections "
            "of local authorities' children's services only."
        )
    if _OTHER_INSPECTORATES.search(head) and not re.search(
        r"children'?s\s+services|focused\s+visit|monitoring\s+visit|joint\s+targeted\s+area",
        head,
        re.IGNORECASE,
    ):
        _refuse(
            "This report is about a service Trajectory does not track (youth justice, Cafcass, "
            "probation, prisons or health). Trajectory records inspections of local authorities' "
            "children's services only."
        )


# Two inspections of local authority children's services the parser does not read: the 2012–13 inspection of
# arrangements for the protection of children, and the 2009–12 unannounced inspection of contact, referral and
# assessment (areas of strength and for development, no grade). Only a
# title at a line's start with an inspection's own labels counts: a committee report about one is in scope.
_OLDER_FRAMEWORKS = (
    (
        re.compile(
            r"^[ \t]*Inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children",
            re.IGNORECASE | re.MULTILINE,
        ),
        "This is a 2012–13 inspection of local authority arrangements for the protection of children, a "
        "framework Trajectory does not read yet.",
    ),
    (
        re.compile(
            r"^[ \t]*Unannounced\s+inspection\s+of\s+contact,?\s+referral\s+and\s+assessment",
            re.IGNORECASE | re.MULTILINE,
        ),
        "This is a 2009–12 unannounced inspection of contact, referral and assessment arrangements, which gives "
        "no grades for the trajectory to follow.",
    ),
)
_INSPECTION_LABELS = re.compile(
    r"^[ \t]*(?:Inspection\s+dates?|(?:Lead|Reporting)\s+inspector)\b", re.IGNORECASE | re.MULTILINE
)


def refuse_older_frameworks(text: DocumentText) -> None:
    """Local authority inspections under frameworks the trajectory does not follow."""
    head = _opening(text)
    if not _INSPECTION_LABELS.search(head):
        return
    for title, reason in _OLDER_FRAMEWORKS:
        if title.search(head):
            _refuse(f"{reason} An administrator can record the inspection by hand in the admin.")


REFUSALS.extend([refuse_send, refuse_school, refuse_provider, refuse_other_providers, refuse_older_frameworks])
