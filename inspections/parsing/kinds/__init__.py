"""One module per document kind. Each exposes `KIND`, `detect(text) -> float` (0–1) and
`parse(text, context) -> ParsedDocument`; out-of-scope recognisers live in `refused.py`."""

from __future__ import annotations

from collections.abc import Callable

from ..context import ParseContext
from ..text import DocumentText
from ..types import DocKind, ParsedDocument

Detector = Callable[[DocumentText], float]
Parser = Callable[[DocumentText, ParseContext], ParsedDocument]
Refusal = Callable[[DocumentText], None]

DETECTORS: dict[DocKind, Detector] = {}
PARSERS: dict[DocKind, Parser] = {}
REFUSALS: list[Refusal] = []


def register(kind: DocKind, detect: Detector, parse: Parser) -> None:
    DETECTORS[kind] = detect
    PARSERS[kind] = parse


def _load() -> None:
    # Kind modules register themselves on import; imported here so the registry is complete.
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if not module.name.startswith("_"):
            importlib.import_module(f"{__name__}.{module.name}")


_load()
