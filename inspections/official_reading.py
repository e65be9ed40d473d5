"""Reading Ofsted's official statistics on local authority inspections (OpenDocument spreadsheets) into facts.

Django-free: bytes on disk in, plain `Fact`s out, which `inspections.official` stores. Each table is found by
its header row, wherever it stands on whichever sheet, never by a cell address: the releases move their tables
from year to year, put line breaks and stray spaces in headers and stack two tables on one sheet (the second
for authorities that no longer exist). A workbook with none of the known tables, or a known table missing a
column it needs, is refused with an `OfficialStatisticsError` naming what was not found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from inspections.parsing.authority_names import AuthorityIndex, core_name, default_index

SOURCE_NAME = "Ofsted official statistics"


class OfficialStatisticsError(Exception):
    """The workbook is not a release this reader knows; the message says what was not found."""


@dataclass(frozen=True)
class Fact:
    """One inspection or visit as one row (and, on a wide sheet, one column group) of a release gives it."""

    as_at: str  # the release: ISO date of "as at 31 March YYYY"
    sheet: str  # as the release names it, underscores read as spaces
    row: int  # the spreadsheet's own row number (1-based)
    la_code: str
    name: str  # the authority as the release writes it
    kind: str  # EventKind value
    group: str = ""  # the column group on a wide sheet ("First SIF"), "" on a long one
    framework: str = ""  # FrameworkCode value
    inspection_type: str = ""  # InspectionType value
    start_date: str | None = None  # inspection or visit date, when the release gives it
    published_date: str | None = None
    judgements: dict[str, str] = field(default_factory=dict)  # area key → Grade value
    theme: str = ""  # a visit's theme, in the release's words

    @property
    def citation(self) -> str:
        """ "Ofsted official statistics as at 31 March 2025, ILACS inspection history, row 17"."""
        where = f"{release_title(self.as_at)}, {self.sheet}, row {self.row}"
        return where + (f" ({self.group})" if self.group else "")

    def as_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict, whose deep copies were a fifth of an import's time.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["judgements"] = dict(self.judgements)
        return {k: v for k, v in values.items() if v not in ("", None, {})}


def release_title(as_at: str) -> str:
    return f"{SOURCE_NAME} as at {dt.date.fromisoformat(as_at):%-d %B %Y}"


@dataclass(frozen=True)
class Summary:
    """A release's own count of authorities by latest overall effectiveness (its "as at 31 March" table)."""

    as_at: str
    sheet: str
    counts: dict[str, int]


@dataclass
class Release:
    as_at: str
    facts: list[Fact]
    summaries: list[Summary]


# The release's words → the model's values. " -" is how the 2023 release writes an empty cell.
GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement to be good": "requires_improvement",
    "requires improvement": "requires_improvement",
    "adequate": "adequate",
    "inadequate": "inadequate",
}
BLANK = {"", "-"}
VISIT_TYPES = {  # "Inspection/Visit type" → (event kind, inspection type)
    "ilacs standard inspection": ("inspection", "standard"),
    "ilacs short inspection": ("inspection", "short"),
    "ilacs focused visit": ("focused_visit", ""),
    "la monitoring visit": ("monitoring_visit", ""),
}


def norm(text: Any) -> str:
    """A header as compared: lower case, any run of spaces and line breaks one space, apostrophes plain."""
    return re.sub(r"\s+", " ", str(text).replace("’", "'")).strip().lower()


# Wide sheets: one column group per inspection. Each: (group label, header prefix, event kind, framework,
# inspection type, date column, {area: grade column}); columns are given without the prefix.
ILACS_AREAS_OLD = {
    "overall": "overall effectiveness",
    "leadership": "impact of leaders",
    "help_and_protection": "experiences and progress of children who need help and protection",
    # Before January 2023 ILACS judged children in care and care leavers together.
    "in_care": "experiences and progress of children in care and care leavers",
}
ILACS_AREAS = {
    "overall": "overall effectiveness",
    "leadership": "impact of leaders",
    "help_and_protection": "experiences and progress of children who need help and protection",
    "in_care": "experiences and progress of children in care",
    "care_leavers": "experiences and progress of care leavers",
}


def _sif(prefix: str) -> dict[str, str]:
    return {
        "overall": f"{prefix} overall judgement (oe)",
        "help_and_protection": f"{prefix} children who need help and protection",
        "looked_after": f"{prefix} children looked after and achieving permanence",
        "adoption": f"{prefix} cla sub: adoption performance",
        "care_leavers": f"{prefix} cla sub: experiences and progress of care leavers",
        "leadership": f"{prefix} leadership, management and governance",
    }


@dataclass(frozen=True)
class Group:
    label: str
    kind: str
    framework: str
    inspection_type: str
    date: str  # the publication date column
    areas: dict[str, str]
    type_column: str = ""  # ILACS groups: a column saying standard or short

    def optional(self) -> set[str]:
        # An ILACS group's care leavers column appears only from the second ILACS on.
        return {"care_leavers"} if self.framework == "ilacs" else set()


WIDE_2009_GROUPS = (
    Group(
        "SLAC",
        "inspection",
        "safeguarding_lac_2009",
        "",
        "safeguarding & looked after children (slac) inspection publication date",
        {
            "overall": "slac safeguarding overall effectiveness (oe)",
            "looked_after": "slac looked after children overall effectiveness (oe)",
        },
    ),
    Group(
        "SLAC re-inspection of safeguarding",
        "inspection",
        "safeguarding_lac_2009",
        "re_inspection",
        "slac re-inspection of safeguarding publication date",
        {"overall": "slac re-inspection safeguarding oe"},
    ),
    Group(
        "SLAC re-inspection of services for children looked after",
        "inspection",
        "safeguarding_lac_2009",
        "re_inspection",
        "slac re-inspection of services for children looked after publication date",
        {"looked_after": "slac re-inspection of services children looked after oe"},
    ),
    Group(
        "CPI",
        "inspection",
        "child_protection_2012",
        "",
        "child protection inspections (cpi) publication date",
        {"overall": "cpi overall effectiveness (oe)"},
    ),
    Group(
        "CPRI",
        "inspection",
        "child_protection_2012",
        "re_inspection",
        "child protection re-inspection (cpri) publication date",
        {"overall": "cpri overall effectiveness (oe)"},
    ),
    Group(
        "TLAC",
        "inspection",
        "looked_after_2012",
        "",
        "targeted looked after children (tlac) inspection publication date",
        {"overall": "tlac overall effectiveness (oe)"},
    ),
    Group(
        "First SIF",
        "inspection",
        "sif",
        "",
        "single inspection of la children's services (sif) first sif publication date",
        {**_sif("first sif"), "lscb": "lscb overall effectiveness"},
    ),
    Group(
        "SIF re-inspection",
        "inspection",
        "sif",
        "re_inspection",
        "single inspection of la children's services (sif) sif re-inspection publication date",
        _sif("sif re-inspection"),
    ),
)


def _ilacs_group(label: str, prefix: str, areas: dict[str, str]) -> Group:
    return Group(
        label,
        "inspection",
        "ilacs",
        "",
        f"{prefix} publication date",
        {area: f"{prefix} {column}" for area, column in areas.items()},
        type_column=f"{prefix} inspection type",
    )


ILACS_GROUPS = (
    # 2023 release: "First ILACS framework …", the former authorities' table "ILACS framework …"
    _ilacs_group("First ILACS", "first ilacs framework", ILACS_AREAS_OLD),
    _ilacs_group("Second ILACS", "second ilacs framework", ILACS_AREAS),
    _ilacs_group("ILACS", "ilacs framework", ILACS_AREAS_OLD),
    # 2024 release: "First ILACS …"
    _ilacs_group("First ILACS", "first ilacs", ILACS_AREAS),
    _ilacs_group("Second ILACS", "second ilacs", ILACS_AREAS),
)

# Long sheets: the grade columns, under either release's wording.
LONG_AREAS = {
    "overall": ("overall effectiveness",),
    "leadership": ("impact of leaders", "the impact of leaders on social work practice with children and families"),
    "help_and_protection": (
        "experiences and progress of children who need help and protection",
        "the experiences and progress of children who need help and protection",
    ),
    "in_care": ("experiences and progress of children in care", "the experiences and progress of children in care"),
    "care_leavers": ("experiences and progress of care leavers", "the experiences and progress of care leavers"),
}
NAME = "local authority name"


@dataclass
class Table:
    sheet: str
    header_row: int  # index in the sheet's rows
    columns: dict[str, int]  # normalised header → column index
    rows: list[tuple[int, Sequence[Any]]]  # (spreadsheet row number, cells)
    former: bool  # a table of authorities that no longer exist

    def has(self, *headers: str) -> bool:
        return all(h in self.columns for h in headers)

    def first(self, *headers: str) -> str | None:
        return next((h for h in headers if h in self.columns), None)


def _tables(sheet: str, rows: list[list[Any]], first_row: int) -> Iterator[Table]:
    """Each table on a sheet: a header row naming "Local authority name", then rows until a blank one."""
    index, count = 0, 0
    while index < len(rows):
        headers = [norm(c) for c in rows[index]]
        if NAME not in headers:
            index += 1
            continue
        columns = {h: i for i, h in enumerate(headers) if h}
        name_col = columns[NAME]
        body: list[tuple[int, Sequence[Any]]] = []
        index += 1
        while index < len(rows) and norm(rows[index][name_col] if name_col < len(rows[index]) else ""):
            body.append((first_row + index + 1, rows[index]))
            index += 1
        count += 1
        yield Table(sheet, index, columns, body, former=count > 1)


def _cell(row: Sequence[Any], column: int | None) -> Any:
    if column is None or column >= len(row):
        return None
    value = row[column]
    if isinstance(value, str) and norm(value) in BLANK:
        return None
    return value


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    raise OfficialStatisticsError(f"Expected a date, found “{value}”")


def _grade(value: Any, where: str) -> str | None:
    if value is None:
        return None
    grade = GRADES.get(norm(value))
    if grade is None:
        raise OfficialStatisticsError(f"{where}: unknown grade “{value}”")
    return grade


class Reader:
    """Turns one workbook's tables into facts, resolving each authority's name once."""

    def __init__(self, as_at: str, index: AuthorityIndex | None = None) -> None:
        self.as_at = as_at
        self.index = index or default_index()
        self.facts: list[Fact] = []
        self.summaries: list[Summary] = []
        self.unresolved: list[str] = []
        self._codes: dict[tuple[str, bool], str | None] = {}

    def la_code(self, name: str, table: Table) -> str | None:
        key = (name, table.former)
        if key not in self._codes:
            self._codes[key] = self._resolve(name, table)
        return self._codes[key]

    def _resolve(self, name: str, table: Table) -> str | None:
        if table.former:  # "Dorset" here is the county council that was replaced, not today's Dorset
            former = [a for a in self.index.authorities if not a.current and core_name(a.name) == core_name(name)]
            if len(former) == 1:
                return former[0].la_code
        found = self.index.resolve(name).match
        if found is None:
            self.unresolved.append(f"{table.sheet}: “{name}”")
            return None
        return found.la_code

    def read(self, table: Table) -> bool:
        """Read the table if it is one this reader knows; say whether it was."""
        if table.has("inspection/visit type", "visit theme"):
            self._long(table, visits=True)
        elif table.has("inspection type", "publication date", "inspection date"):
            self._long(table, visits=False)
        elif table.has(WIDE_2009_GROUPS[0].date):
            self._wide(table, WIDE_2009_GROUPS + ILACS_GROUPS)
        elif any(table.has(g.date) for g in ILACS_GROUPS):
            self._wide(table, ILACS_GROUPS)
        elif table.has("overall effectiveness", "inspection date") and not table.former:
            self._summary(table)
        else:
            return False
        return True

    def _fact(self, table: Table, number: int, row: Sequence[Any], **values: Any) -> None:
        name = str(row[table.columns[NAME]]).strip()
        if (code := self.la_code(name, table)) is None:
            return
        self.facts.append(Fact(self.as_at, table.sheet, number, la_code=code, name=name, **values))

    def _wide(self, table: Table, groups: Sequence[Group]) -> None:
        present = [g for g in groups if table.has(g.date)]
        for group in present:
            missing = [
                c for area, c in group.areas.items() if c not in table.columns and area not in group.optional()
            ] + ([group.type_column] if group.type_column and not table.has(group.type_column) else [])
            if missing:
                raise OfficialStatisticsError(
                    f"Sheet “{table.sheet}”, {group.label}: no column “{'”, “'.join(missing)}”"
                )
        for number, row in table.rows:
            for group in present:
                published = _date(_cell(row, table.columns[group.date]))
                if published is None:
                    continue
                where = f"{table.sheet} row {number}"
                grades = {
                    area: grade
                    for area, column in group.areas.items()
                    if (grade := _grade(_cell(row, table.columns.get(column)), where))
                }
                kind_type = group.inspection_type
                if group.type_column:
                    kind_type = self._visit_type(_cell(row, table.columns[group.type_column]), where)[1]
                self._fact(
                    table,
                    number,
                    row,
                    group=group.label,
                    kind=group.kind,
                    framework=group.framework,
                    inspection_type=kind_type,
                    published_date=published,
                    judgements=grades,
                )

    def _visit_type(self, value: Any, where: str) -> tuple[str, str]:
        found = VISIT_TYPES.get(norm(value or ""))
        if found is None:
            raise OfficialStatisticsError(f"{where}: unknown inspection or visit type “{value}”")
        return found

    def _long(self, table: Table, *, visits: bool) -> None:
        date_col = table.columns["inspection/visit date" if visits else "inspection date"]
        type_col = table.columns["inspection/visit type" if visits else "inspection type"]
        published_col = table.columns.get("publication date")
        theme_col = table.columns.get("visit theme")
        status_col = table.columns.get("local authority status")
        areas = {area: table.columns.get(table.first(*headers) or "") for area, headers in LONG_AREAS.items()}
        if areas["overall"] is None:
            raise OfficialStatisticsError(f"Sheet “{table.sheet}”: no column “overall effectiveness”")
        for number, row in table.rows:
            where = f"{table.sheet} row {number}"
            kind, inspection_type = self._visit_type(_cell(row, type_col), where)
            grades = {a: g for a, c in areas.items() if (g := _grade(_cell(row, c), where))}
            former = status_col is not None and norm(_cell(row, status_col) or "") == "no longer exists"
            self._fact(
                Table(table.sheet, table.header_row, table.columns, [], former=former or table.former),
                number,
                row,
                group="",
                kind=kind,
                framework="ilacs" if kind == "inspection" else "",
                inspection_type=inspection_type,
                start_date=_date(_cell(row, date_col)),
                published_date=_date(_cell(row, published_col)),
                judgements=grades if kind == "inspection" else {},
                theme=str(_cell(row, theme_col) or "").strip() if kind != "inspection" else "",
            )

    def _summary(self, table: Table) -> None:
        column = table.columns["overall effectiveness"]
        counts: dict[str, int] = {}
        for number, row in table.rows:
            grade = _grade(_cell(row, column), f"{table.sheet} row {number}") or "none"
            counts[grade] = counts.get(grade, 0) + 1
        self.summaries.append(Summary(self.as_at, table.sheet, counts))


AS_AT_RE = re.compile(r"as at (\d{1,2}) (?:march|mar) (\d{4})")


def _as_at(sheets: dict[str, list[list[Any]]]) -> str:
    """The release's "as at" date, from its cover or a sheet's name (the 2023 release says it on its cover)."""
    for name, rows in sheets.items():
        for text in [name.replace("_", " "), *(str(c) for r in rows[:30] for c in r if isinstance(c, str))]:
            if match := AS_AT_RE.search(norm(text)):
                return dt.date(int(match.group(2)), 3, int(match.group(1))).isoformat()
    raise OfficialStatisticsError("No “as at 31 March YYYY” found on any sheet: is this an Ofsted release?")


def read_release(path: Path, index: AuthorityIndex | None = None) -> Release:
    """Every fact of one release; raises OfficialStatisticsError if it holds no table this reader knows."""
    from python_calamine import CalamineWorkbook  # here, so importing this module needs no Rust extension

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for unreadable files
        raise OfficialStatisticsError(f"{path.name}: not a readable spreadsheet ({exc})") from exc
    sheets = {}
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        # From cell A1, so a row's index is its spreadsheet row number less one.
        sheets[name] = sheet.to_python(skip_empty_area=False)
    reader = Reader(_as_at(sheets), index)
    for name, rows in sheets.items():
        for table in _tables(name.replace("_", " "), rows, 0):
            reader.read(table)
    if not reader.facts:
        raise OfficialStatisticsError(
            f"{path.name}: no table of inspections found. Looked on every sheet for a header row with "
            "“Local authority name” and either “Inspection/Visit type” and “Visit theme” (visits in the year), "
            "“Inspection date”, “Publication date” and “Inspection type” (ILACS history), or publication date "
            "columns of SLAC, SIF or ILACS inspections (wide history)."
        )
    if reader.unresolved:
        raise OfficialStatisticsError(f"{path.name}: authorities not known: {'; '.join(reader.unresolved[:10])}")
    return Release(reader.as_at, reader.facts, reader.summaries)
