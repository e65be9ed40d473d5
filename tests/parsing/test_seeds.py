"""The five documents the product was designed from: the two inspection reports among them.
(The monitoring letter and the two committee reports have their own tests.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspections.parsing import ParseContext, parse_document, to_record

pytestmark = pytest.mark.slow


def _record(seeds_dir: Path, prefix: str) -> dict:
    [path] = seeds_dir.glob(f"{prefix}_*.txt")
    return to_record(parse_document(path.read_bytes(), ParseContext(filename=path.name)), path.name)


def test_the_bury_2016_sif_report_reads_every_grade_care_leavers_included(seeds_dir: Path) -> None:
    record = _record(seeds_dir, "000")
    assert (record["doc_kind"], record["urn"]) == ("sif_inspection", "80443")
    assert (record["inspection_start"], record["inspection_end"]) == ("2016-02-22", "2016-03-17")
    assert record["lead_inspector"] == "Sheena Doyle"
    # Every grade, care leavers' included: its line carries a stray letter before the grade.
    assert record["judgements"] == {
        "overall": "requires improvement",
        "help_and_protection": "good",
        "looked_after": "requires improvement",
        "adoption": "good",
        "care_leavers": "requires improvement",
        "leadership": "good",
        "lscb": "good",
    }
    assert record["recommendations_count"] == 11


def test_the_south_gloucestershire_2012_inspection_reads_on_the_adequate_scale(seeds_dir: Path) -> None:
    record = _record(seeds_dir, "004")
    assert (record["doc_kind"], record["urn"]) == ("safeguarding_lac_inspection", "80556")
    assert record["judgements"]["overall"] == "adequate"
    assert record["judgements"]["looked_after"] == "adequate"
    assert record["recommendations_count"] == 14
