"""Read English dates and date ranges as Ofsted documents write them.

Public functions (shared by every kind parser; names are stable):

- `month_number(word)` – 1..12 for "January"/"Jan"/"Sept", else None.
- `parse_date(text, default_year=None)` – the single date a short string states
  ("29 July 2025", "Monday 3rd October 2022", "29/07/2025"), else None.
- `find_dates(text, default_year=None)` – every single date in running text, as `DateMatch`.
- `parse_range(text, default_year=None)` – the first range or list of dates in a string,
  as `DateRange` ("11 to 22 May 2026", "3–14 October 2022",
  "7 November 2016 to 1 December 2016", "14 and 15 March 2023", two-part inspections
  "8 to 12 January and 22 to 26 January 2018", "12/03/2019 to 23/03/2019"), else None.
- `find_ranges(text, default_year=None)` – every such range in running text, in order.
- `DATE_LINE` – a line that holds only a date (a letterhead's, a cover's); its `date` group goes to `parse_date`.

A range runs from its earliest to its latest date, so an inspection held in two
parts spans the first day of the first part to the last day of the second;
`DateRange.parts` keeps each part. Offsets are into the string given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_ABBREVIATIONS = {"sept": 9, **{name[:3]: number for name, number in MONTHS.items()}}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# A day may be preceded by its weekday and "the" ("Monday the 9th", "to the 20th"), and followed by
# "of" before its month ("the 9th of June").
_BEFORE_DAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:the\s+)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
# One date, possibly without month or year ("11" in "11 to 22 May"). A line break may
# fall anywhere between words because PDF text wraps.
_PART = rf"{_BEFORE_DAY}(?P<d>{_DAY})(?:\s+(?:of\s+)?(?P<m>{_MONTH}))?(?:,?\s+(?P<y>{_YEAR}))?"
_PART_RE = re.compile(rf"\b{_BEFORE_DAY}({_DAY})(?:\s+(?:of\s+)?({_MONTH}))?(?:,?\s+({_YEAR}))?\b", re.IGNORECASE)
# Between parts: "to", "until", dashes, "and", commas — nothing else, so runs stay short. Dashes
# are any of the hyphens, dashes and the minus sign a word processor may set.
_DASHES = "-‐‑‒–—−"
_SEP = rf"\s*(?:[{_DASHES}]|\bto\b|\buntil\b|\btill\b|\band\b|&|,)\s*(?:(?:and|to)\s+)?"
_SEP_RE = re.compile(_SEP, re.IGNORECASE)
_PART_NOGROUP = _PART.replace("?P<d>", "").replace("?P<m>", "").replace("?P<y>", "")
# A run of parts whose last part names a month. Parts are separated by a required
# separator, so the pattern cannot backtrack catastrophically.
_RUN_RE = re.compile(
    rf"\b(?:{_PART_NOGROUP}{_SEP})*{_BEFORE_DAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",
    re.IGNORECASE,
)
_FULL_RE = re.compile(rf"\b{_BEFORE_DAY}({_DAY})\s+(?:of\s+)?({_MONTH})(?:,?\s+({_YEAR}))?\b", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"\b(0?[1-9]|[12]\d|3[01])[/.](0?[1-9]|1[0-2])[/.]((?:19|20)?\d\d)\b")
# Dates written in figures, day first, each complete: "12/03/2019 to 23/03/2019". With full stops the year must
# have four digits, so a paragraph number ("3.1.12") is not read as a date.
_DAY_NUMBER, _MONTH_NUMBER = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_NUMERIC = rf"(?:{_DAY_NUMBER}/{_MONTH_NUMBER}/(?:19|20)?\d\d|{_DAY_NUMBER}\.{_MONTH_NUMBER}\.(?:19|20)\d\d)"
_NUMERIC_RUN_RE = re.compile(rf"\b(?:{_NUMERIC}{_SEP})*{_NUMERIC}\b", re.IGNORECASE)


# A line holding only a date, as letterheads and report covers print it ("12 May 2023", "Dated: Monday,
# 3rd October 2022"), marks around it allowed (Markdown, table rules). The `date` group is for `parse_date`.
DATE_LINE = re.compile(
    r"^[^\w\n]*(?:Dated?:?[ \t]*)?(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri)day,?[ \t]+)?"
    r"\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Za-z]{3,9}\.?,?[ \t]+(?:19|20)\d\d)[^\w\n]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class DateMatch:
    """One date found in text, with its offsets."""

    date: dt.date
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DateRange:
    """Dates written as a range or list; `start`/`end` are the earliest and latest."""

    start: dt.date
    end: dt.date
    begin: int  # offset where the text of the range starts
    finish: int  # offset just after it
    text: str
    parts: tuple[tuple[dt.date, dt.date], ...] = ()

    @property
    def days(self) -> int:
        """Calendar days from start to end inclusive."""
        return (self.end - self.start).days + 1

    @property
    def part_days(self) -> int:
        """Calendar days within its parts, inclusive: the weeks of a two-part inspection, not the gap."""
        return sum((last - first).days + 1 for first, last in self.parts) if self.parts else self.days


def month_number(word: str) -> int | None:
    """The month number of a month name or abbreviation, else None."""
    key = word.strip().rstrip(".").lower()
    return MONTHS.get(key) or _ABBREVIATIONS.get(key)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, default_year: int | None = None) -> dt.date | None:
    """The single date stated in a short string, else None."""
    match = _FULL_RE.search(text)
    if match:
        day, month, year = match.groups()
        if year is None and default_year is None:
            return None
        month_no = month_number(month)
        if month_no is None:
            return None
        return _safe_date(int(year) if year else default_year or 0, month_no, int(day.rstrip("stndrh")))
    numeric = _NUMERIC_RE.search(text)
    if numeric:
        day, month, year = numeric.groups()
        return _safe_date(_year(year), int(month), int(day))
    return None


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every single full date ("3 October 2022", "03/10/2022") in running text, in order."""
    found: list[DateMatch] = []
    for match in _FULL_RE.finditer(text):
        value = parse_date(match.group(0), default_year)
        if value:
            found.append(DateMatch(value, match.start(), match.end(), match.group(0)))
    for match in _NUMERIC_RE.finditer(text):
        value = parse_date(match.group(0))
        if value:
            found.append(DateMatch(value, match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda m: m.start)


def _split_run(run: str) -> list[tuple[int, int | None, int | None, str]]:
    """(day, month, year, separator-before) for each part of a run, left to right."""
    parts: list[tuple[int, int | None, int | None, str]] = []
    position = 0
    separator = ""
    while position < len(run):
        match = _PART_RE.match(run, position)
        if not match:
            break
        day, month, year = match.groups()
        parts.append(
            (
                int(re.sub(r"\D", "", day)),
                month_number(month) if month else None,
                int(year) if year else None,
                separator,
            )
        )
        position = match.end()
        sep = _SEP_RE.match(run, position)
        if not sep or sep.end() == position:
            break
        separator = sep.group(0).strip().lower()
        position = sep.end()
    return parts


def _resolve_run(run: str, default_year: int | None) -> tuple[list[dt.date], list[str]] | None:
    parts = _split_run(run)
    if not parts or parts[-1][1] is None:
        return None
    month = parts[-1][1]
    written = [index for index, part in enumerate(parts) if part[2] is not None]
    # A run whose last part has no year takes the one written to its left ("9 to 13 June 2025 and
    # 23 to 27 June"); failing that, the default.
    year = parts[written[-1]][2] if written else default_year
    if year is None:
        return None
    dates: list[dt.date] = []
    separators: list[str] = []
    # Month and year are written once, after the last day, so they carry leftwards.
    for day, part_month, part_year, separator in reversed(parts):
        explicit_year = part_year is not None
        month = part_month or month
        year = part_year or year
        value = _safe_date(year, month, day)
        if value is None:
            return None
        if dates and value > dates[-1] and not explicit_year:
            # "30 December to 3 January 2016": the earlier part is in the year before.
            year -= 1
            value = _safe_date(year, month, day)
            if value is None:
                return None
        dates.append(value)
        separators.append(separator)
    dates.reverse()
    separators.reverse()
    if written and written[-1] < len(parts) - 1:
        # A year carried rightwards runs on into the next ("8 to 12 December 2025 and 5 to 9 January").
        anchor = dates[written[-1]]
        for index in range(written[-1] + 1, len(dates)):
            if dates[index] < anchor:
                moved = _safe_date(dates[index].year + 1, dates[index].month, dates[index].day)
                if moved is None:
                    return None
                dates[index] = moved
    return dates, separators


def _parts(dates: list[dt.date], separators: list[str]) -> tuple[tuple[dt.date, dt.date], ...]:
    """Group dates into parts: "to"/dash joins a part's ends; "and"/comma starts a new part."""
    groups: list[list[dt.date]] = []
    for value, separator in zip(dates, separators, strict=True):
        if groups and separator.split()[0:1] and separator.split()[0] in {"to", "until", "till", *_DASHES}:
            groups[-1].append(value)
        else:
            groups.append([value])
    return tuple((group[0], group[-1]) for group in groups)


def _resolve_numeric_run(run: str) -> tuple[list[dt.date], list[str]] | None:
    dates: list[dt.date] = []
    separators: list[str] = []
    position = 0
    for match in _NUMERIC_RE.finditer(run):
        value = parse_date(match.group(0))
        if value is None:
            return None
        dates.append(value)
        separators.append(run[position : match.start()].strip().lower())
        position = match.end()
    if not dates or dates != sorted(dates):
        return None
    return dates, separators


def find_ranges(text: str, default_year: int | None = None) -> list[DateRange]:
    """Every date range or list of dates (including single dates) in running text, in order."""
    found: list[DateRange] = []
    runs = [(match, _resolve_run(match.group(0), default_year)) for match in _RUN_RE.finditer(text)]
    runs += [(match, _resolve_numeric_run(match.group(0))) for match in _NUMERIC_RUN_RE.finditer(text)]
    for match, resolved in sorted(runs, key=lambda run: run[0].start()):
        if not resolved:
            continue
        dates, separators = resolved
        found.append(
            DateRange(
                start=min(dates),
                end=max(dates),
                begin=match.start(),
                finish=match.end(),
                text=match.group(0),
                parts=_parts(dates, separators),
            )
        )
    return found


def parse_range(text: str, default_year: int | None = None) -> DateRange | None:
    """The first date range (or single date, as a one-day range) in a string, else None."""
    ranges = find_ranges(text, default_year)
    return ranges[0] if ranges else None
