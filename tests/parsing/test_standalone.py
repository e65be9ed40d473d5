"""The parser stands alone: it imports none of the project's apps, and the authorities app's loader needs no part
of inspections. Checked in a fresh interpreter, where nothing else has been imported yet."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("config", "authorities", "improvement", "inspections")


def _modules_after(statement: str) -> set[str]:
    script = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def _project_modules(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in APPS or name == "django" or name.startswith("django.")}


def test_the_parser_imports_no_app_of_the_project() -> None:
    loaded = _project_modules(_modules_after("import inspections.parsing, inspections.parsing.cli"))
    outside = {name for name in loaded if name != "inspections" and not name.startswith("inspections.parsing")}
    assert "inspections.parsing.kinds.committee" in loaded  # the check saw the kind parsers load
    assert outside == set()


def test_the_authorities_loader_files_need_no_part_of_inspections() -> None:
    loaded = _project_modules(_modules_after("import authorities.data_files"))
    assert "authorities.data_files" in loaded
    assert {name for name in loaded if name.split(".")[0] == "inspections"} == set()


def test_the_parser_reads_the_same_authorities_file_the_loader_does() -> None:
    from authorities.data_files import AUTHORITIES_CSV, REORGANISATIONS_CSV
    from inspections.parsing import authority_names

    assert authority_names.AUTHORITIES_CSV == AUTHORITIES_CSV
    assert authority_names.REORGANISATIONS_CSV == REORGANISATIONS_CSV
    assert AUTHORITIES_CSV.is_file()
