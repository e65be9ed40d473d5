"""The corpus's text, extracted once per test process (`corpus_text` in tests/parsing/conftest.py)."""

from __future__ import annotations

from pathlib import Path

from inspections.parsing import DocumentText, ParseError, extract_text


class CorpusTexts:
    """Each corpus file's text as `extract_text` gives it, extracted the first time a test asks for it: the tests
    that read the whole corpus (test_refused, test_name_substitution, test_reports_sif, test_visits_focused) share
    one extraction in each test process that runs them instead of doing it again each."""

    def __init__(self) -> None:
        self._texts: dict[Path, DocumentText | ParseError] = {}

    def __call__(self, path: Path) -> DocumentText:
        """The file's text, or the ParseError extracting it raised."""
        if path not in self._texts:
            try:
                self._texts[path] = extract_text(path.read_bytes(), filename=path.name)
            except ParseError as error:
                self._texts[path] = error
        text = self._texts[path]
        if isinstance(text, ParseError):
            raise text
        return text
