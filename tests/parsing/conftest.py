"""The corpus's text, extracted once per test process and shared by the tests that read the whole corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parsing._corpus import CorpusTexts


@pytest.fixture(scope="session")
def corpus_text(corpus_dir: Path) -> CorpusTexts:
    return CorpusTexts()
