"""Name substitution over the real corpus: each report and letter, with every way it names its own authority
rewritten as another authority's names, must read as that authority's and otherwise exactly as before.

Our corpus covers 26 authorities; this checks that the other names (prefixes of one another, "City of",
"&", "County Durham", line breaks inside names …) are found as well as the ones we have seen. Every current
authority is substituted into a sample of documents: two of each kind, taken in turn so that every
document is used, each with the next of the authority's written forms, every other one with its names
wrapped across lines. TRAJECTORY_SUBSTITUTION_PER_KIND=100 substitutes every authority into every
document (some 22,000 parses: about five minutes on one core).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from inspections.parsing import DocumentText, ParseContext, ParsedDocument, ParseError, parse_text
from inspections.parsing.records import to_record
from tests.parsing._authority_forms import Forms, Substitution, current_forms
from tests.parsing._corpus import CorpusTexts

pytestmark = pytest.mark.slow

PER_KIND = int(os.environ.get("TRAJECTORY_SUBSTITUTION_PER_KIND", "2"))
FORMS = current_forms()
CONTEXT = ParseContext()


@dataclass(frozen=True)
class Sample:
    name: str
    text: DocumentText
    parsed: ParsedDocument
    record: dict[str, Any]


@pytest.fixture(scope="module")
def samples_by_kind(corpus_dir: Path, corpus_text: CorpusTexts) -> dict[str, list[Sample]]:
    """Every readable report and letter of the corpus, text extracted once, grouped by kind."""
    grouped: dict[str, list[Sample]] = {}
    for folder in ("ofsted", "focused"):
        for path in sorted((corpus_dir / folder).rglob("*.pdf")):
            try:
                text = corpus_text(path)
            except ParseError:
                continue  # a file that is not a PDF has no names to swap
            parsed = parse_text(text, CONTEXT)
            name = f"{folder}/{path.relative_to(corpus_dir / folder)}"
            grouped.setdefault(str(parsed.doc_kind), []).append(Sample(name, text, parsed, to_record(parsed, name)))
    return grouped


def chosen(samples_by_kind: dict[str, list[Sample]], turn: int) -> list[Sample]:
    """The documents the `turn`-th authority is substituted into: the next PER_KIND of each kind."""
    picked = []
    for kind in sorted(samples_by_kind):
        group = samples_by_kind[kind]
        for offset in range(min(PER_KIND, len(group))):
            picked.append(group[(turn * PER_KIND + offset) % len(group)])
    return picked


def differences(sample: Sample, forms: Forms, choice: int) -> list[str]:
    """What reads differently once `sample`'s own authority is rewritten as `forms`'s, beyond the authority."""
    own = next(a for a in CONTEXT.authorities.authorities if a.la_code == sample.parsed.la_code.value)
    substitute = Substitution(own, forms, choice, wrap=choice % 2 == 1)
    wrapped = " (wrapped)" if substitute.wrap else ""
    where = f"{sample.name} as {substitute.council!r} / {substitute.place!r}{wrapped}"
    text = DocumentText(sample.text.format, tuple(substitute(page) for page in sample.text.pages))
    try:
        parsed = parse_text(text, CONTEXT)
    except ParseError as exc:
        return [f"{where}: refused: {exc.detail}"]
    wanted = forms.authority
    found = []
    if (parsed.urn.value, parsed.la_code.value) != (wanted.lookup_urn, wanted.la_code):
        found.append(f"urn {parsed.urn.value} ({parsed.la_name.value!r}, candidates {parsed.authority_candidates})")
    expected = {key: _plain(value, substitute) for key, value in sample.record.items()}
    record = {key: _plain(value) for key, value in to_record(parsed, sample.name).items()}
    for key in sorted(set(expected) | set(record)):
        if key not in {"urn", "la_name"} and expected.get(key) != record.get(key):
            found.append(f"{key}: {record.get(key)!r}, was {expected.get(key)!r}")
    return [f"{where}: {difference}" for difference in found]


def _plain(value: Any, rewrite: Callable[[str], str] | None = None) -> Any:
    """A value with the text in it (a focus statement, areas) rewritten, then its line breaks made spaces."""
    if isinstance(value, str):
        return " ".join((rewrite(value) if rewrite else value).split())
    if isinstance(value, list):
        return [_plain(item, rewrite) for item in value]
    return value


@pytest.mark.parametrize("turn", range(len(FORMS)), ids=[forms.authority.name for forms in FORMS])
def test_a_document_naming_another_authority_reads_as_that_authority_and_nothing_else_changes(
    samples_by_kind: dict[str, list[Sample]], turn: int
) -> None:
    forms = FORMS[turn]
    found = []
    for choice, sample in enumerate(chosen(samples_by_kind, turn)):
        found.extend(differences(sample, forms, choice))
    assert not found, "\n".join(found)
