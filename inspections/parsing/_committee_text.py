"""Text handling for council committee reports: normalised units (sentences, list lines, headings)
with the page each came from.

Committee reports arrive as PDFs, Word files or text exported from them, with Markdown or
HTML marks ("11<sup>th</sup> March"), ordinal dates ("the 12th and 13th of October 2022")
and numbered paragraphs. They are normalised here so the event rules in `kinds/committee.py`
can stay simple; offsets into the original are not kept, only each unit's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import _MONTH
from .letters import BULLET, PLAIN_CHARACTERS
from .text import DocumentText

_TAGS = re.compile(r"</?(?:sup|sub|span|b|i|u|strong|em)\b[^>]*>", re.IGNORECASE)
_DAY_OF_MONTH = re.compile(rf"\b(\d{{1,2}}(?:st|nd|rd|th)?)\s+of\s+(?={_MONTH}\b)", re.IGNORECASE)
_LIST_MARK = re.compile(
    rf"^\s*(?:[-–•]|\d{{1,3}}(?:\.\d{{1,2}})*[.)]?(?=\s)(?!\s+{_MONTH}\b)|\([a-z0-9]{{1,3}}\)|[a-z][.)](?=\s))\s*",
    re.IGNORECASE,
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])['\")]*\s+(?=[A-Z0-9('\"])")


@dataclass(frozen=True)
class Unit:
    """A sentence, list item or heading, whitespace collapsed."""

    text: str
    page: int
    heading: bool = False  # a short line that does not end a sentence (a title or heading)
    item: bool = False  # a bulleted or numbered list line


def plain_text(text: str) -> str:
    """`text` without markup (HTML tags, Markdown marks, table rules), with the letters' plain characters and
    "the 12th of October" written "the 12th October"; offsets into it are not offsets into `text`."""
    text = _TAGS.sub("", text)
    text = text.translate(PLAIN_CHARACTERS).replace("\t", "  ").replace("|", " ")
    return _DAY_OF_MONTH.sub(r"\1 ", text)


def units(doc: DocumentText) -> list[Unit]:
    """The document as units in reading order."""
    found: list[Unit] = []
    for number, page in enumerate(doc.pages, start=1):
        lines = plain_text(page).split("\n")
        buffer: list[str] = []
        buffer_item = False

        def flush(page_number: int = number) -> None:
            nonlocal buffer, buffer_item
            if buffer:
                joined = " ".join(" ".join(buffer).split())
                for sentence in _SENTENCE_SPLIT.split(joined):
                    if sentence.strip():
                        found.append(Unit(sentence.strip(), page_number, item=buffer_item))
            buffer, buffer_item = [], False

        for index, raw in enumerate(lines):
            line = raw.strip()
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            if not line:
                flush()
                continue
            marked = _LIST_MARK.match(line)
            is_item = bool(marked) or line.startswith(BULLET)
            body = line[marked.end() :] if marked else line.lstrip(BULLET).strip()
            if is_item:
                flush()
                buffer, buffer_item = [body], True
            elif (
                not buffer
                and len(line) <= 90
                and not re.search(r"[.,;]['\")]*$", line)
                and not (following[:1].islower() and len(line) > 60)
            ):
                # A short free-standing line: a heading or a label line ("Report to: Cabinet").
                found.append(Unit(" ".join(line.split()), number, heading=True))
                continue
            else:
                buffer.append(body)
            if re.search(r"[.!?:]['\")]*$", line):
                flush()
        flush()
    return found
