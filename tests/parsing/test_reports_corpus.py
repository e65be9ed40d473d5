"""The inspection-report parsers against the hand-checked truth for the real reports in the shared corpus."""

from __future__ import annotations

import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest

from inspections.parsing.cli import run

# Targets from the brief: share of values right per field.
THRESHOLDS = {
    "doc_kind": 0.98,
    "urn": 1.0,
    "ilacs_type": 0.98,
    "inspection_start": 0.98,
    "inspection_end": 0.98,
    "publication_date": 0.98,
    "lead_inspector": 0.98,
    "recommendations_count": 0.95,
    "judgements": 0.99,
    "rejected_correctly": 1.0,
}


def _scorer(shared_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parse", shared_dir / "tools" / "score_parse.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored(corpus_dir: Path, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    scorer = _scorer(shared_dir)
    out = io.StringIO()
    run([corpus_dir / "ofsted"], out)
    predictions = tmp_path_factory.mktemp("corpus") / "ofsted.jsonl"
    predictions.write_text(out.getvalue(), encoding="utf-8")
    tally, _whole, errors = scorer.score(scorer.load(corpus_dir / "truth.jsonl"), scorer.load(predictions))
    return {"tally": tally, "errors": errors, "lines": out.getvalue().splitlines()}


@pytest.mark.slow
@pytest.mark.parametrize("field", sorted(THRESHOLDS))
def test_it_reads_each_field_of_the_real_reports_accurately(scored: dict, field: str) -> None:
    correct, total = scored["tally"][field]
    assert total, f"no {field} values were scored"
    wrong = [e for e in scored["errors"] if e[1] == field or e[1].startswith(field + ".")][:10]
    assert correct / total >= THRESHOLDS[field], f"{field}: {correct}/{total}; first errors: {wrong}"


@pytest.mark.slow
def test_it_writes_one_line_per_report(scored: dict, corpus_dir: Path) -> None:
    files = [p for p in (corpus_dir / "ofsted").rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"]
    assert len(scored["lines"]) == len(files)
    assert all("file" in json.loads(line) for line in scored["lines"])
