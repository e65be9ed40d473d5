"""Parse files to JSON lines without a database: `python -m inspections.parsing PATH... --jsonl OUT`.

`manage.py parse_reports` calls `run` too; the output is what the corpus scorer reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .context import ParseContext
from .errors import ParseError
from .pipeline import parse_document
from .records import to_record

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".html", ".htm"}


def iter_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """(file, name relative to the folder given) for every file under the paths, sorted."""
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                yield file, file.relative_to(path).as_posix()
        else:
            yield path, path.name


def parse_file(file: Path, name: str, context: ParseContext) -> dict[str, object]:
    try:
        parsed = parse_document(
            file.read_bytes(),
            ParseContext(
                authorities=context.authorities,
                filename=file.name,
                max_bytes=context.max_bytes,
                max_pages=context.max_pages,
            ),
        )
    except ParseError as exc:
        return {"file": name, "error": exc.detail, "error_code": str(exc.code)}
    return to_record(parsed, name)


def run(paths: Iterable[Path], out: SupportsWrite[str], context: ParseContext | None = None) -> int:
    """Write one JSON line per file; return the number of files written."""
    context = context or ParseContext()
    count = 0
    for file, name in iter_files(paths):
        out.write(json.dumps(parse_file(file, name, context), ensure_ascii=False) + "\n")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inspections.parsing", description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--jsonl", type=Path, help="output file (default: standard output)")
    args = parser.parse_args(argv)
    if args.jsonl:
        with args.jsonl.open("w", encoding="utf-8") as out:
            run(args.paths, out)
    else:
        run(args.paths, sys.stdout)
    return 0
