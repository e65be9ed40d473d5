"""Fuzzing the parser with damaged copies of real reports: whatever the bytes, `parse_document` returns a
result or raises ParseError with a known code, never another exception, and within a time bound.

Mutations of a few real files from ../shared/corpus: truncation, byte flips, insertions and deletions,
and headers spliced onto other files' bodies. Derandomized so CI runs the same examples every time.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspections.parsing import ParseContext, ParsedDocument, ParseError, ParseErrorCode, parse_document

pytestmark = pytest.mark.slow

FILES = [
    "ofsted/80575_warrington/children's services inspection - 19 august 2019.pdf",  # ILACS
    "ofsted/80458_darlington/children's services inspection - 24 march 2026.pdf",  # reformed ILACS
    "focused/80458_darlington/children's services focused visit - 22 march 2019.pdf",
    "ofsted/80431_blackpool/children's services inspection - 13 july 2012.pdf",  # an HTML page named .pdf
]
# Each parse of these reports takes well under a second; a damaged file may make pdfium repair it,
# which must still finish in seconds.
TIME_LIMIT_S = 15
FUZZ = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=dt.timedelta(seconds=TIME_LIMIT_S),
    suppress_health_check=[HealthCheck.too_slow],
)
CONTEXT = ParseContext(filename="report.pdf", max_pages=200)
KNOWN_CODES = set(ParseErrorCode)


class _Files(list):
    """The originals, with a short repr: Hypothesis prints the test's arguments when an example fails."""

    def __repr__(self) -> str:
        return f"<{len(self)} corpus files>"


@pytest.fixture(scope="session")
def originals(corpus_dir: Path) -> list[bytes]:
    return _Files((corpus_dir / name).read_bytes() for name in FILES)


def _parse_or_refuse(data: bytes, context: ParseContext = CONTEXT) -> ParsedDocument | ParseError:
    start = time.monotonic()
    try:
        outcome: ParsedDocument | ParseError = parse_document(data, context)
    except ParseError as exc:
        outcome = exc
    assert time.monotonic() - start < TIME_LIMIT_S
    if isinstance(outcome, ParseError):
        assert outcome.code in KNOWN_CODES
        assert outcome.detail.strip()
    else:
        assert isinstance(outcome, ParsedDocument)
    return outcome


def test_the_originals_parse(originals: list[bytes]) -> None:
    outcomes = [_parse_or_refuse(data) for data in originals]
    assert [isinstance(outcome, ParsedDocument) for outcome in outcomes] == [True, True, True, False]


@FUZZ
@given(st.data())
def test_a_file_cut_short_anywhere(originals: list[bytes], data: st.DataObject) -> None:
    original = data.draw(st.sampled_from(originals))
    _parse_or_refuse(original[: data.draw(st.integers(0, len(original)))])


@FUZZ
@given(st.data())
def test_flipped_bytes(originals: list[bytes], data: st.DataObject) -> None:
    damaged = bytearray(data.draw(st.sampled_from(originals)))
    for _ in range(data.draw(st.integers(1, 40))):
        damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    _parse_or_refuse(bytes(damaged))


@FUZZ
@given(st.data())
def test_inserted_and_deleted_bytes(originals: list[bytes], data: st.DataObject) -> None:
    damaged = bytearray(data.draw(st.sampled_from(originals)))
    for _ in range(data.draw(st.integers(1, 10))):
        at = data.draw(st.integers(0, len(damaged)))
        if data.draw(st.booleans()):
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=64))
        else:
            del damaged[at : at + data.draw(st.integers(1, 4096))]
    _parse_or_refuse(bytes(damaged))


@FUZZ
@given(st.data())
def test_headers_spliced_onto_other_bodies(originals: list[bytes], data: st.DataObject) -> None:
    head_of = data.draw(st.sampled_from([*originals, b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE html><html>"]))
    body_of = data.draw(st.sampled_from(originals))
    head = head_of[: data.draw(st.integers(1, min(len(head_of), 4096)))]
    body = body_of[data.draw(st.integers(0, len(body_of))) :]
    name = data.draw(st.sampled_from(["report.pdf", "report.docx", "report.html", "report.txt", "report"]))
    _parse_or_refuse(head + body, ParseContext(filename=name, max_pages=200))
