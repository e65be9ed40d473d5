"""Lists: numbered and bulleted items, the top level of a list, and lists whose markers the text lost."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ListItem:
    """One item of a numbered or bulleted list; offsets are into the string searched plus `offset`."""

    text: str
    start: int
    end: int
    marker: str


_ITEM_RE = re.compile(
    # Markers: "12." (also glued to the text: "12.Ensure"), "a)", "iv.", "(3)", "(b)", and bullets,
    # including the private-use glyphs PDF symbol fonts extract to.
    r"^[ \t]*(?P<marker>\d{1,3}[.)](?=\s|[A-Z])|(?:[a-z]|[ivx]{1,4})[.)](?=\s)|\(\d{1,3}\)|\([a-z]\)"
    r"|[•◼◾▪■●◦○◆♦‣∙·➢✓\u2022\u25aa\u25cf\u2212\-–*\ue000-\uf8ff])[ \t]*(?P<body>\S[^\n]*)",
    re.MULTILINE,
)


def list_items(block: str, offset: int = 0) -> list[ListItem]:
    """Items of the numbered or bulleted list(s) in `block`; an item's wrapped lines join its text."""
    items: list[ListItem] = []
    matches = list(_ITEM_RE.finditer(block))
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(block)
        body = " ".join(block[match.start("body") : stop].split())
        items.append(ListItem(body, offset + match.start(), offset + stop, match.group("marker")))
    return items


def main_items(items: list[ListItem]) -> list[ListItem]:
    """The top level of a list: the items whose marker is of the kind its first item carries.

    Sub-points carry another marker ("◼" items with "-" sub-points, "1." items with "•"
    sub-points) and numbered paragraphs may follow a bulleted list; lettered markers
    ("a)", "(i)") only ever mark sub-points. A single numbered paragraph before bullets
    introduces them ("15. The local authority should take the following action.").
    """
    numbered = [item for item in items if item.marker[:1].isdigit()]
    bulleted = [item for item in items if not item.marker[:1].isalnum() and item.marker[:1] != "("]
    if not bulleted or (len(numbered) >= 2 and numbered[0].start < bulleted[0].start):
        return numbered
    return [item for item in bulleted if item.marker == bulleted[0].marker]


# The end of a sentence, of an introduction ("should improve:") or of a bracketed reference
# ("(outcome 3, national framework)"); an item opens with a capital or a number ("16- and 17-year-olds").
_ITEM_END = re.compile(r"[.!?;:)]['’\")]*[ \t]*$")
_OPENS_ITEM = re.compile(r"[A-Z0-9‘“'\"]")


def layout_items(block: str, offset: int = 0) -> list[ListItem]:
    """Items of a list whose markers are not in the text (bullets drawn as shapes, numbering
    kept outside the text), told by line layout: an item starts on a line that opens with a
    capital or a number after a line that ended a sentence, as items do and wrapped lines
    rarely do. A paragraph ending in ":" introduces the list and is not an item; bare page
    numbers are skipped."""
    groups: list[list[tuple[int, str]]] = []
    position = 0
    for line in block.split("\n"):
        stripped = line.strip()
        start, position = position, position + len(line) + 1
        if not stripped or re.fullmatch(r"\d{1,3}", stripped):
            continue
        if not groups or (_ITEM_END.search(groups[-1][-1][1]) and _OPENS_ITEM.match(stripped)):
            groups.append([])
        groups[-1].append((start, stripped))
    items = []
    for group in groups:
        body = " ".join(text for _, text in group)
        if not body.endswith(":"):
            stop = group[-1][0] + len(group[-1][1])
            items.append(ListItem(" ".join(body.split()), offset + group[0][0], offset + stop, ""))
    return items
