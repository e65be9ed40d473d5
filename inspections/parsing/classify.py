"""Choose a document's kind by asking each kind's detector for a score."""

from __future__ import annotations

from .errors import ParseError, ParseErrorCode
from .kinds import DETECTORS, REFUSALS
from .text import DocumentText
from .types import DocKind

# Below this score no detector is confident enough to name the document.
MIN_SCORE = 0.5


def classify(text: DocumentText) -> DocKind:
    """The best-scoring kind, or ParseError for an out-of-scope or unrecognised document."""
    for refuse in REFUSALS:
        refuse(text)  # raises ParseError(OUT_OF_SCOPE, ...) for SEND, school, children's home ...
    scored = sorted(((detect(text), kind) for kind, detect in DETECTORS.items()), reverse=True)
    if not scored or scored[0][0] < MIN_SCORE:
        raise ParseError(
            ParseErrorCode.UNRECOGNISED,
            "This does not look like an Ofsted report on a local authority's children's services "
            "or a council committee report about one.",
        )
    return scored[0][1]
