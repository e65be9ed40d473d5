"""People: a person's name told from prose, the role words and titles written around names, and the
inspectors a report or letter names (its lead inspector, its inspection team, its inspector sentences)."""

from __future__ import annotations

import re

from .sources import READ_IN_PLACE, STATED, found_at
from .text import DocumentText, one_line
from .types import Field

# The roles Ofsted writes after an inspector's name: "His Majesty's Inspector", "HMI", "Ofsted Inspector",
# "OI", "Social Care Regulatory Inspector", "Additional Inspector" and their older and plural forms.
ROLES = (
    r"(?:Senior\s+)?(?:His|Her)\s+Majesty['’]?s?(?:\s+Chief)?(?:\s+(?:Lead|Senior))?\s+Inspectors?(?:\s+of\s+Schools)?|"
    r"HM\s+Inspectors?|(?:Senior\s+)?HMIs?|SHMIs?|OIs?|SCRI|Ofsted\s+Inspectors?|"
    r"Social\s+Care(?:\s+Regulatory\s+Inspectors?)?|(?:Additional|Contracted|Seconded|Associate)\s+Inspectors?|"
    r"Regional\s+Director"
)
TITLES = r"Mr|Mrs|Ms|Mx|Miss|Dr"
# A role or "Lead inspector" ends a name: everything from it on is dropped.
_FROM_ROLE = re.compile(rf",?\s*\(?(?:{ROLES}|Lead\s+inspectors?|Ofsted)\b.*$", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(rf"^(?:{TITLES})\.?\s+", re.IGNORECASE)
# Between names in a list a role separates them as a comma would, with or without brackets.
_ROLE_BETWEEN = re.compile(rf"\([^)]*\)|\b(?:{ROLES})\b", re.IGNORECASE)
# A word of a name in any alphabet ("Zoë", "Seán", "O’Brien-Smith"), an initial with a full stop.
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*\.?")
# Lower-case words that may stand inside a name ("Anne-Marie de Souza", "Ludwig van der Berg").
PARTICLES = frozenset({"ap", "bin", "da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "van", "von"})
# "Deputy lead inspector: …" names the deputy; the word before "lead" is looked for this far back.
_DEPUTY_REACH = 8


def clean_name(raw: str) -> str:
    """A person's name without titles and role words."""
    name = " ".join(raw.split())
    name = _FROM_ROLE.sub("", name)
    name = _TITLE.sub("", name)
    return name.strip(" ,.;:()")


def is_person_name(name: str) -> bool:
    """Two to five capitalised words (initials and inner particles allowed): a name, not running prose."""
    words = name.split()
    if not 2 <= len(words) <= 5 or words[-1].endswith("."):
        return False
    for index, word in enumerate(words):
        if not _NAME_WORD.fullmatch(word):
            return False
        inner = 0 < index < len(words) - 1
        # A surname may open with an elided particle: "d’Inverno", "l'Estrange".
        elided = len(word) > 2 and word[1] in "'’" and word[2].isupper()
        if not (word[0].isupper() or elided or (inner and word in PARTICLES)):
            return False
    return True


# "Lead inspector: Pat Example, His Majesty’s Inspector", "The lead inspector was Pat Example HMI".
_LEAD_RE = re.compile(
    r"\b(?:Lead|Reporting|Managing)\s+inspectors?\b\s*(?:[:\-–]|\b(?:was|is|were)\b)?[ \t]*"
    r"(?P<name>[^\W\d_][^\n]{2,90})",
    re.IGNORECASE,
)


def _run_on(haystack: str, end: int, written: str, lines: int = 2) -> str:
    """`written` (a line ending at `end`) with the lines it runs on into: a line that breaks inside a
    name ("Smith-" / "Jones") or a list of names ("… and" / "Sam Second") continues on the next."""
    for _ in range(lines):
        if not re.search(r"(?:-|,|\band)\s*$", written):
            break
        following = re.match(r"\n[ \t]*([^\n]{1,60})", haystack[end:])
        if not following:
            break
        written = written.rstrip()
        written += ("" if written.endswith("-") else " ") + following.group(1)
        end += following.end()
    return written


def find_lead_inspector(text: DocumentText, pages: int = 3) -> Field:
    """The lead (or reporting) inspector: named on the first pages, else in 'The inspection team'."""
    head = text.first_pages(pages)
    for haystack in (head, text.full):
        for match in _LEAD_RE.finditer(haystack):
            if re.search(r"deputy\s*$", haystack[max(0, match.start() - _DEPUTY_REACH) : match.start()], re.IGNORECASE):
                continue
            written = _run_on(haystack, match.end(), match.group("name"))
            # Two people may share the lead ("Pat Example HMI and Sam Second HMI"): both, as written.
            roles_apart = _ROLE_BETWEEN.sub(",", " ".join(written.split()))
            people = [part for part in (clean_name(p) for p in re.split(r",|&|\band\b", roles_apart)) if part]
            if len(people) == 2 and all(is_person_name(person) for person in people):
                return found_at(" and ".join(people), text, match.start(), match.end(), READ_IN_PLACE)
            name = clean_name(written)
            if is_person_name(name):
                return found_at(name, text, match.start(), match.end(), STATED)
    return Field.missing()


# The labelled lines of a SIF report's "The inspection team" list that name inspectors. Shadow inspectors,
# data analysts and quality assurance managers are named there too but did not inspect.
_TEAM_LINE = re.compile(
    r"^[ \t]*(?:Deputy\s+lead\s+inspector\b\s*[:\-–]?|Team\s+inspectors?\s*:)[ \t]*(?P<names>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# Any "Label:" line ends the names of the line before ("Senior data analyst:", "Shadow inspectors:").
_LABEL_LINE = re.compile(r"^[ \t]*[A-Z][A-Za-z ]{2,40}:")


def _team_names(text: str) -> list[str]:
    """The people a team line names: "A HMI, B (OI) C and D." → [A, B, C, D]."""
    parts = re.split(r",|;|&|\band\b", _ROLE_BETWEEN.sub(",", one_line(text)))
    return [name for name in (clean_name(part) for part in parts) if is_person_name(name)]


def _team_line(full: str, start: int) -> str:
    """A team line's names with its wrapped continuation lines: they run on while the text so far
    ends in a comma or "and" or the next line is neither blank, a label, nor a page number."""
    end = full.find("\n", start)
    end = len(full) if end < 0 else end
    collected = full[start:end]
    while end < len(full):
        following = re.match(r"\n(?:[ \t]*\n)*([^\n]*)", full[end:])
        if not following:
            break
        line = following.group(1)
        open_list = bool(re.search(r"(?:,|\band)\s*$", collected))
        blank_before = "\n" in following.group(0)[1:]
        if (
            not line.strip()
            or _LABEL_LINE.match(line)
            or re.fullmatch(r"\s*\d{1,3}\s*", line)
            or (blank_before and not open_list)
        ):
            break
        collected += "\n" + line
        end += following.end()
    return collected


def find_team(text: DocumentText, lead: Field[str]) -> Field[tuple[str, ...]]:
    """Everyone the inspection team list names as an inspector, the lead first; missing when the report
    has no such list (its lead inspector alone is not a team)."""
    full = text.full
    people: list[str] = [lead.value] if lead.is_found and lead.value else []
    first = last = -1
    for match in _TEAM_LINE.finditer(full):
        names = _team_names(_team_line(full, match.start("names")))
        people.extend(name for name in names if name not in people)
        first = match.start() if first < 0 else first
        last = match.end()
    if first < 0:
        return Field.missing()
    return found_at(tuple(people), text, first, last, READ_IN_PLACE)


# In a letter's inspector sentence, the words between names: roles, titles, and the phrases that
# introduce them ("both of whom are", "who were"). Splitting at them keeps prose like "carried out
# by remote means" from reading as a name.
_BETWEEN_NAMES = re.compile(
    rf"\b(?:(?:all|both)\s+of\s+whom\s+(?:are|were)|who\s+(?:are|were|is|was)|both|all|{ROLES}|"
    rf"(?:the\s+)?(?:lead\s+|team\s+)?inspectors?|designate|Ofsted|{TITLES})\b\.?",
    re.IGNORECASE,
)


def names_in(segment: str) -> list[str]:
    """The people a phrase such as "X, His Majesty's Inspector, and Y HMI" names, in order."""
    text = re.sub(r"\([^)]*\)", " ", one_line(segment))
    names: list[str] = []
    for part in re.split(r",|;|&|\band\b|\bwith\b", _BETWEEN_NAMES.sub(",", text)):
        part = part.strip(" .:'\"")
        if is_person_name(part) and part not in names:
            names.append(part)
    return names
