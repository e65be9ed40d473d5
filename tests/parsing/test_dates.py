"""Reading English dates and ranges as Ofsted documents write them."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.parsing.dates import find_dates, find_ranges, month_number, parse_date, parse_range


def d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def test_it_reads_a_single_date() -> None:
    assert parse_date("29 July 2025") == d(2025, 7, 29)


def test_it_reads_ordinals_weekdays_and_abbreviated_months() -> None:
    assert parse_date("Monday 3rd Sept. 2019") == d(2019, 9, 3)


def test_it_reads_numeric_dates_day_first() -> None:
    assert parse_date("04/05/2018") == d(2018, 5, 4)


def test_it_needs_a_year_unless_given_a_default() -> None:
    assert parse_date("14 March") is None
    assert parse_date("14 March", default_year=2023) == d(2023, 3, 14)


def test_it_rejects_impossible_dates() -> None:
    assert parse_date("31 February 2020") is None


def test_it_knows_month_names_and_abbreviations() -> None:
    assert month_number("Sept") == 9
    assert month_number("december") == 12
    assert month_number("Monday") is None


def test_it_reads_a_range_with_the_month_written_once() -> None:
    span = parse_range("Inspection dates: 11 to 22 May 2026")
    assert span is not None
    assert (span.start, span.end) == (d(2026, 5, 11), d(2026, 5, 22))
    assert span.days == 12


def test_it_reads_a_range_joined_by_an_en_dash() -> None:
    span = parse_range("3–14 October 2022")
    assert span is not None
    assert (span.start, span.end) == (d(2022, 10, 3), d(2022, 10, 14))


def test_it_reads_a_range_with_both_dates_in_full() -> None:
    span = parse_range("7 November 2016 to 1 December 2016")
    assert span is not None
    assert (span.start, span.end) == (d(2016, 11, 7), d(2016, 12, 1))


def test_it_reads_a_range_across_months_with_one_year() -> None:
    span = parse_range("Inspection date: 14 January – 5 February 2014")
    assert span is not None
    assert (span.start, span.end) == (d(2014, 1, 14), d(2014, 2, 5))


def test_it_reads_a_range_across_the_new_year() -> None:
    span = parse_range("29 December to 9 January 2015")
    assert span is not None
    assert (span.start, span.end) == (d(2014, 12, 29), d(2015, 1, 9))


def test_it_reads_two_days_joined_by_and() -> None:
    span = parse_range("14 and 15 March 2023")
    assert span is not None
    assert (span.start, span.end) == (d(2023, 3, 14), d(2023, 3, 15))


def test_it_spans_a_two_part_inspection_from_first_to_last_day() -> None:
    span = parse_range("8 to 12 January and 22 to 26 January 2018")
    assert span is not None
    assert (span.start, span.end) == (d(2018, 1, 8), d(2018, 1, 26))
    assert span.parts == ((d(2018, 1, 8), d(2018, 1, 12)), (d(2018, 1, 22), d(2018, 1, 26)))
    assert (span.days, span.part_days) == (19, 10)


@pytest.mark.parametrize(
    "written",
    [
        "9 June to 20 June 2025",
        "9th to the 20th June 2025",
        "Monday the 9th to Friday the 20th June 2025",
        "the 9th of June to the 20th of June 2025",
        "9 \u2010 20 June 2025",  # a typographic hyphen
        "9 \u2212 20 June 2025",  # a minus sign
        "9 \u2012 20 June 2025",  # a figure dash
        "9-\n20 June 2025",
        "9 June to\n20 June 2025",
        "9 to 20\nJune 2025",
        "9\u00a0to\u00a020\u00a0June\u00a02025",
    ],
)
def test_it_reads_a_range_however_it_is_joined_or_wrapped(written: str) -> None:
    span = parse_range(written)
    assert span is not None
    assert (span.start, span.end) == (d(2025, 6, 9), d(2025, 6, 20))
    assert span.parts == ((d(2025, 6, 9), d(2025, 6, 20)),)


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("30 September to 4 October 2024", d(2024, 9, 30), d(2024, 10, 4)),
        ("28 February – 11 March 2016", d(2016, 2, 28), d(2016, 3, 11)),
        ("27 November to 1 December and 11 to 15 December 2017", d(2017, 11, 27), d(2017, 12, 15)),
        ("4–8 December 2017 and 8–12 January 2018", d(2017, 12, 4), d(2018, 1, 12)),
        ("9 to 13 March 2020 and\n14 to 18 September 2020", d(2020, 3, 9), d(2020, 9, 18)),
        # The year written once, on the first part.
        ("9 to 13 June 2025 and 23 to 27 June", d(2025, 6, 9), d(2025, 6, 27)),
        ("8 to 12 December 2025 and 5 to 9 January", d(2025, 12, 8), d(2026, 1, 9)),
    ],
)
def test_it_reads_ranges_across_months_and_years_and_in_two_parts(written: str, start: dt.date, end: dt.date) -> None:
    span = parse_range(written)
    assert span is not None
    assert (span.start, span.end) == (start, end)


def test_it_reads_a_range_wrapped_over_two_lines() -> None:
    span = parse_range("from 2 June 2014 –\n25 June 2014")
    assert span is not None
    assert (span.start, span.end) == (d(2014, 6, 2), d(2014, 6, 25))


def test_it_finds_every_range_in_running_text_with_offsets() -> None:
    text = "Visited 1 to 3 March 2021. Published: 9 April 2021."
    ranges = find_ranges(text)
    assert [(r.start, r.end) for r in ranges] == [
        (d(2021, 3, 1), d(2021, 3, 3)),
        (d(2021, 4, 9), d(2021, 4, 9)),
    ]
    assert text[ranges[1].begin : ranges[1].finish] == "9 April 2021"


def test_it_ignores_numbers_that_are_not_days() -> None:
    assert find_ranges("There were 35 children and 120 carers in 2019.") == []


def test_it_finds_single_dates_in_order() -> None:
    found = find_dates("Between 01/02/2020 and 5 March 2020")
    assert [m.date for m in found] == [d(2020, 2, 1), d(2020, 3, 5)]


@pytest.mark.parametrize(
    ("written", "start", "end", "parts"),
    [
        ("12/03/2019 to 23/03/2019", d(2019, 3, 12), d(2019, 3, 23), 1),
        ("12.03.2019 – 23.03.2019", d(2019, 3, 12), d(2019, 3, 23), 1),
        ("12/3/19 - 23/3/19", d(2019, 3, 12), d(2019, 3, 23), 1),
        ("4/12/2017-8/12/2017 and 8/1/2018-12/1/2018", d(2017, 12, 4), d(2018, 1, 12), 2),
        ("01/06/2022", d(2022, 6, 1), d(2022, 6, 1), 1),
    ],
)
def test_it_reads_ranges_written_in_figures_day_first(written: str, start: dt.date, end: dt.date, parts: int) -> None:
    span = parse_range(written)
    assert span is not None
    assert (span.start, span.end, len(span.parts)) == (start, end, parts)
    assert span.text == written


def test_it_keeps_ranges_in_figures_and_in_words_in_text_order() -> None:
    ranges = find_ranges("Visited 01/03/2021 to 03/03/2021. Published: 9 April 2021.")
    assert [(r.start, r.end) for r in ranges] == [(d(2021, 3, 1), d(2021, 3, 3)), (d(2021, 4, 9), d(2021, 4, 9))]


def test_it_refuses_figures_that_run_backwards_or_are_not_dates() -> None:
    assert find_ranges("23/03/2019 to 12/03/2019") == []
    assert find_ranges("Tables 3/4/5 and 31/02/2020") == []
    # Paragraph numbers in committee reports are not dates.
    assert find_ranges("3.1.12 The inspection found 2.4.19 areas") == []
