"""The national picture as data: one row per authority (latest grades), and the full history (one row per event).

Rows are built with a fixed number of queries, and CSV is streamed row by row. Both formats guard against
formula injection: a text cell that a spreadsheet would run as a formula is prefixed with an apostrophe.
CSV files start with a UTF-8 byte order mark, because Excel (the tool most council analysts open them with)
otherwise reads UTF-8 as the Windows code page and garbles names such as "Ofsted’s"; Python's csv reader
and pandas read it with encoding="utf-8-sig".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from authorities.models import Authority
from inspections.frameworks import Grade, Strand, framework_for, grades_by_strand
from inspections.models import OFSTED_KINDS, Event, EventKind, Judgement
from inspections.position import headline_grade, latest_strand_grades
from inspections.summaries import LIST_STRANDS, NO_RECORD, no_grade_words

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what Excel, LibreOffice and Sheets may treat as a formula
DATE_FORMAT = "dd/mm/yyyy"
HISTORY_CHUNK = 1000  # events fetched per query while streaming the history


@dataclass(frozen=True)
class Column:
    key: str
    width: int  # in Excel's character units


_STRAND_COLUMNS = [s for s in LIST_STRANDS if s != Strand.OVERALL]

LATEST_COLUMNS: tuple[Column, ...] = (
    Column("la_code", 8),
    Column("gss_code", 11),
    Column("authority", 28),
    Column("region", 24),
    Column("authority_type", 22),
    Column("last_inspection_start", 12),
    Column("last_inspection_end", 12),
    Column("last_inspection_published", 12),
    Column("framework", 12),
    Column("inspection_type", 10),
    Column("overall_grade", 20),
    *(c for s in _STRAND_COLUMNS for c in (Column(f"{s}_grade", 20), Column(f"{s}_date", 12))),
    Column("last_visit", 22),
    Column("last_visit_date", 12),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("event_id", 8),
    Column("la_code", 8),
    Column("gss_code", 11),
    Column("authority", 28),
    Column("region", 24),
    Column("kind", 24),
    Column("framework", 12),
    Column("inspection_type", 10),
    Column("sequence_number", 9),
    Column("start_date", 12),
    Column("end_date", 12),
    Column("published_date", 12),
    *(Column(f"{s.value}_grade", 20) for s in Strand),
    Column("provenance", 12),
)

Value = str | int | dt.date | None


def safe_cell(value: Value) -> Value:
    """Text a spreadsheet would run as a formula, written as text instead (OWASP's advice: a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _grade(grade: str | None) -> str:
    return str(Grade(grade).label) if grade else ""


def _judged(event: Event | None, grade: str | None, strand: str) -> str:
    """A graded event's grade for `strand`, or why there is none: no record held, or its framework gives no such
    judgement (ILACS 2026: no overall one). Blank for ungraded events (visits)."""
    if grade:
        return _grade(grade)
    if event is None:
        return NO_RECORD
    if not event.is_graded or (event.kind == EventKind.LSCB_REVIEW and strand != Strand.LSCB):
        return ""
    return no_grade_words(event.framework, strand)


def _framework(code: str) -> str:
    framework = framework_for(code)
    return framework.short_name if framework else ""


def latest_rows() -> Iterator[list[Value]]:
    """One row per current authority, by name: its last full inspection and each strand's latest grade."""
    authorities = list(Authority.objects.current().select_related("region").order_by("name"))
    events = (
        Event.objects.filter(authority__in=authorities, kind__in=OFSTED_KINDS)
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.filter(is_primary=True)))
        .order_by("start_date", "pk")
    )
    by_authority: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_authority[event.authority_id].append(event)
    for authority in authorities:
        own = by_authority.get(authority.pk, [])
        inspections = [e for e in own if e.kind == EventKind.INSPECTION]
        visits = [e for e in own if e.kind != EventKind.INSPECTION]
        last = inspections[-1] if inspections else None
        visit = visits[-1] if visits else None
        strands = {p.strand: p for p in latest_strand_grades(own)}
        # ILACS 2026 gives no overall grade: that is said, never a grade made up from its other judgements.
        overall = _judged(last, headline_grade(last) if last else None, Strand.OVERALL)
        yield [
            authority.la_code,
            authority.gss_code,
            authority.name,
            authority.region.name,
            authority.get_authority_type_display(),
            last.start_date if last else None,
            last.end_date if last else None,
            last.published_date if last else None,
            _framework(last.framework) if last else "",
            last.get_inspection_type_display() if last else "",
            overall,
            *(v for s in _STRAND_COLUMNS for v in (_judged(strands[s].event, strands[s].grade, s), strands[s].date)),
            visit.label() if visit else "",
            visit.start_date if visit else None,
        ]


def history_rows() -> Iterator[list[Value]]:
    """One row per event of every authority (former ones too), by authority and date."""
    events = (
        Event.objects.select_related("authority__region")
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.filter(is_primary=True)))
        .order_by("authority__name", "start_date", "pk")
    )
    for event in events.iterator(chunk_size=HISTORY_CHUNK):
        grades = grades_by_strand(
            event.framework, event.start_date, ((j.area, j.strand, j.grade) for j in event.judgements.all())
        )
        authority = event.authority
        yield [
            event.pk,
            authority.la_code,
            authority.gss_code,
            authority.name,
            authority.region.name,
            event.label(),
            _framework(event.framework),
            event.get_inspection_type_display(),
            event.sequence_number,
            event.start_date,
            event.end_date,
            event.published_date,
            *(_judged(event, grades.get(s.value), s) for s in Strand),
            event.get_provenance_display(),
        ]


class _Line:
    """A file-like object that hands back what csv.writer writes, so each row can be streamed."""

    def write(self, text: str) -> str:
        return text


def csv_lines(columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    """The CSV text, a line at a time, starting with the byte order mark; dates as ISO 8601 (2025-06-09).

    The first row is read now, before a response is started: its queries are the ones that fail when the
    database is down, and once streaming has begun the 200 and the header row are already sent, so the
    download would look complete with no data in it. Read here, the failure is the 503 page instead."""
    remaining = iter(rows)
    first = next(remaining, None)
    return _csv_text(columns, remaining if first is None else itertools.chain([first], remaining))


def _csv_text(columns: Sequence[Column], rows: Iterable[Sequence[Value]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([c.key for c in columns])
    for row in rows:
        yield writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, dt.date) else safe_cell(v) for v in row]
        )


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[Sequence[Value]], title: str) -> bytes:
    """An Excel workbook: bold, frozen header row, set column widths, dates as real dates."""
    remaining = iter(rows)
    first = next(remaining, None)  # the queries fail (database down) before a workbook is half written
    rows = remaining if first is None else itertools.chain([first], remaining)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.key)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells: list[Cell | Value] = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet)
                cell.value = value  # as WriteOnlyCell(value=) would, whose stub leaves dates out
                cell.number_format = DATE_FORMAT
                cells.append(cell)
            else:
                cells.append(safe_cell(value))
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
