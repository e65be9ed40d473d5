"""What the parser is told from outside, so it never reads Django settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from .authority_names import AuthorityIndex, default_index

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000


@dataclass(frozen=True)
class ParseContext:
    """Frozen inputs of a parse: the authority names to resolve against, and limits."""

    authorities: AuthorityIndex = field(default_factory=default_index)
    filename: str = ""
    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
