"""Counting list items: bullets drawn as shapes, numbered items with bulleted sub-points, and
lists that run over a page break with a running header between their items."""

from __future__ import annotations

from inspections.parsing import parse_document, to_record
from inspections.parsing.kinds._report import section_items
from inspections.parsing.layout import running_lines
from inspections.parsing.lists import layout_items, list_items, main_items
from inspections.parsing.text import DocumentText, SourceFormat, extract_text
from tests.parsing._samples import ITEM, SUBPOINT, drawn_bullets_pdf, parse

PAGE_ONE = """Inspection of Bury local authority
children's services
Inspection dates: 9 to 20 June 2025
Lead inspector: Pat Example, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Good
Overall effectiveness Good
"""


def header(page: int) -> str:
    return f"Inspection of Bury local authority children's services\n9 to 20 June 2025 {page}\n"


LONG_ITEM = (
    "The quality of plans for children who need help and protection, so that every plan says who "
    "will do what and by when, and is reviewed whenever the child's circumstances change."
)
FINDINGS = "The experiences and progress of children who need help and\nprotection: good\n"


def drawn_report() -> bytes:
    return drawn_bullets_pdf(
        PAGE_ONE,
        header(2)
        + "What needs to improve?\n"
        + f"{ITEM}{LONG_ITEM}\n"
        + f"{ITEM}16- and 17-year-olds who present as homeless\n"
        + f"{ITEM}Supervision that helps social workers to reflect (outcome 3, national framework)\n"
        + FINDINGS
        + "1. A numbered paragraph of findings.\n",
        header(3) + "2. Another numbered paragraph.\n",
    )


# ---------------------------------------------------------------------------
# 1. Bullets drawn as shapes
# ---------------------------------------------------------------------------


def test_it_writes_a_bullet_drawn_as_a_shape_into_the_text() -> None:
    page = extract_text(drawn_report()).pages[1]
    assert "• 16- and 17-year-olds who present as homeless" in page.splitlines()
    # A wrapped line of an item and a line without a drawn bullet stay as they were.
    assert sum(line.startswith("•") for line in page.splitlines()) == 3
    assert "What needs to improve?" in page.splitlines()


def test_it_marks_drawn_sub_points_apart_from_the_items() -> None:
    data = drawn_bullets_pdf(f"Heading\n{ITEM}An item\n{SUBPOINT}a sub-point\n{ITEM}Another item")
    assert extract_text(data).pages[0].splitlines() == ["Heading", "• An item", "◦ a sub-point", "• Another item"]


def test_it_adds_no_bullet_to_a_line_that_has_one_or_to_a_shape_beside_no_text() -> None:
    data = drawn_bullets_pdf(f"Heading\n{ITEM}- an item with its own dash\n{ITEM}\nAfter")
    assert extract_text(data).pages[0].splitlines() == ["Heading", "- an item with its own dash", "After"]


def test_it_counts_an_ilacs_list_whose_bullets_are_drawn() -> None:
    parsed = parse_document(drawn_report())
    assert [r.text for r in parsed.recommendations] == [
        " ".join(LONG_ITEM.split()),
        "16- and 17-year-olds who present as homeless",
        "Supervision that helps social workers to reflect (outcome 3, national framework)",
    ]


def test_it_counts_drawn_items_but_not_their_drawn_sub_points() -> None:
    page_two = (
        header(2)
        + "What needs to improve?\n"
        + f"{ITEM}How plans are reviewed, including:\n{SUBPOINT}plans for disabled children\n"
        + f"{SUBPOINT}plans for children placed far away\n{ITEM}Supervision that makes a difference.\n"
        + FINDINGS
    )
    parsed = parse_document(drawn_bullets_pdf(PAGE_ONE, page_two, header(3) + "More findings."))
    assert len(parsed.recommendations) == 2
    assert "disabled children" in parsed.recommendations[0].text


def test_it_tells_unmarked_items_by_their_line_layout() -> None:
    # The text as it would arrive if the bullets could not be recovered: no markers at all.
    page_two = (
        header(2)
        + "What needs to improve?\n"
        + "The quality of plans for children who need help, so that every plan says\n"
        + "who will do what and by when.\n"
        + "16- and 17-year-olds who present as homeless.\n"
        + "Supervision that helps social workers to reflect (outcome 3, national\n"
        + "framework)\n"
    )
    page_three = header(3) + "Timely life-story work for children in care.\n" + FINDINGS
    parsed = parse(PAGE_ONE, page_two, page_three, header(4) + "More findings.")
    texts = [r.text for r in parsed.recommendations]
    assert len(texts) == 4
    assert texts[2] == "Supervision that helps social workers to reflect (outcome 3, national framework)"
    assert not any("Inspection of" in text for text in texts)


def test_it_reads_a_line_layout_list_without_its_introduction_or_page_numbers() -> None:
    block = "The local authority should improve:\nThe timeliness of visits.\n7\nThe recording of\nSupervision."
    assert [item.text for item in layout_items(block)] == ["The timeliness of visits.", "The recording of Supervision."]


def test_it_keeps_a_wrapped_line_that_opens_with_a_capital_in_its_item() -> None:
    block = "Work with the Children's\nTrust to agree plans.\nBetter records."
    assert len(layout_items(block)) == 2


# ---------------------------------------------------------------------------
# 2. Numbered items with bulleted sub-points
# ---------------------------------------------------------------------------

NUMBERED_LIST = """What needs to improve?
1. How plans are reviewed, including:
• plans for disabled children
• plans for children placed far away
2. Supervision that makes a difference.
3. Timely life-story work, so that:
◼ children understand their histories
◼ carers can help them
"""


def test_it_counts_numbered_items_but_not_their_bulleted_sub_points() -> None:
    parsed = parse(PAGE_ONE, header(2) + NUMBERED_LIST + FINDINGS, header(3) + "More findings.")
    assert len(parsed.recommendations) == 3
    first, _, last = parsed.recommendations
    assert "disabled children" in first.text
    assert "placed far away" in first.text
    assert "carers can help them" in last.text


def test_it_takes_the_first_item_s_kind_of_marker_for_the_list_s() -> None:
    numbered_first = list_items("1. One\n• a\n2. Two\n• b")
    assert [item.marker for item in main_items(numbered_first)] == ["1.", "2."]
    bullets_first = list_items("◼ One\n- a\n◼ Two\n14. A paragraph of findings.\n15. Another.")
    assert [item.text for item in main_items(bullets_first)] == ["One", "Two"]


def test_it_takes_a_single_numbered_paragraph_before_bullets_for_their_introduction() -> None:
    items = list_items("15. The local authority should take the following action.\n• First\n• Second\n• Third")
    assert [item.text for item in main_items(items)] == ["First", "Second", "Third"]


# ---------------------------------------------------------------------------
# 3. Lists over a page break
# ---------------------------------------------------------------------------


def test_it_finds_running_headers_and_page_numbers() -> None:
    text = DocumentText(
        SourceFormat.PDF,
        ("Title page\nFirst prose.", "2\nSometown report\nProse.", "3\nSometown report\nMore prose.", "4\nEnd."),
    )
    found = {text.full[start:end] for start, end in running_lines(text)}
    assert found == {"2", "3", "4"}


def test_it_neither_counts_nor_keeps_a_running_header_between_bulleted_items() -> None:
    page_two = header(2) + "What needs to improve?\n◼ Better plans for children.\n◼ Supervision that\n"
    page_three = header(3) + "makes a difference.\n◼ Timely life-story work.\n" + FINDINGS
    parsed = parse(PAGE_ONE, page_two, page_three, header(4) + "More findings.")
    assert [r.text for r in parsed.recommendations] == [
        "Better plans for children.",
        "Supervision that makes a difference.",
        "Timely life-story work.",
    ]
    assert [r.page for r in parsed.recommendations] == [2, 2, 3]


def test_it_reads_a_numbered_list_over_a_page_break_with_a_footer() -> None:
    footer = "Children's services inspection: Sometown\nPage {} of 4"
    pages = (
        f"Sometown\nSome prose.\n{footer.format(1)}",
        f"Recommendations\n1. Improve the plans\nfor children.\n2. Review supervision.\n{footer.format(2)}",
        f"3. Recruit social workers.\nSummary for children\nProse.\n{footer.format(3)}",
        f"The end.\n{footer.format(4)}",
    )
    found = section_items(
        DocumentText(SourceFormat.PDF, pages), r"^Recommendations$", r"^Summary for children", numbered_only=True
    )
    assert found is not None
    assert [r.text for r in found[0]] == [
        "Improve the plans for children.",
        "Review supervision.",
        "Recruit social workers.",
    ]


def test_it_does_not_end_a_section_at_a_running_header_that_looks_like_a_heading() -> None:
    running = "Overall effectiveness of services in Bury\n"
    pages = (
        "Title\nProse.",
        running + "What needs to improve?\n◼ Better plans for children.",
        running + "◼ Timely life-story work.\nThe experiences and progress of children\nProse.",
        running + "The end.",
    )
    found = section_items(
        DocumentText(SourceFormat.PDF, pages),
        r"^What needs to improve\?$",
        r"^(?:Overall effectiveness|The experiences and progress)",
    )
    assert found is not None
    assert len(found[0]) == 2


# ---------------------------------------------------------------------------
# Focused-visit letters
# ---------------------------------------------------------------------------

LETTER = """14 June 2023
Dear A Director
Focused visit to Bury children's services
This letter summarises the findings of the focused visit to Bury children's services on 9 and
10 May 2023. His Majesty's Inspectors for this visit were Ann Example and Bob Sample-Smith.
Inspectors looked at the local authority's arrangements for care leavers.
What needs to improve in this area of social work practice?
{items}
Main findings
Advisers keep in touch with most young people.
Yours sincerely
Ann Example
"""


def test_it_counts_a_letter_s_list_whose_bullets_are_drawn() -> None:
    items = f"{ITEM}The timeliness of pathway plan reviews.\n{ITEM}The recording of supervision\n"
    record = to_record(parse_document(drawn_bullets_pdf(LETTER.format(items=items))), "x")
    assert record["doc_kind"] == "focused_visit"
    assert record["improvement_count"] == 2


def test_it_counts_a_letter_s_items_but_not_their_sub_points() -> None:
    items = "◼ The timeliness of pathway plan reviews, including:\n- for young people in custody\n◼ Supervision."
    assert to_record(parse(LETTER.format(items=items)), "x")["improvement_count"] == 2


def test_it_counts_a_letter_s_numbered_items_but_not_their_bullets() -> None:
    items = "1. Pathway plans, including:\n• for young people in custody\n• for parents\n2. Supervision."
    assert to_record(parse(LETTER.format(items=items)), "x")["improvement_count"] == 2


def test_it_counts_a_letter_s_unmarked_items_without_their_introduction() -> None:
    items = "The local authority should improve:\nThe timeliness of plan reviews\nfor care leavers.\nSupervision."
    assert to_record(parse(LETTER.format(items=items)), "x")["improvement_count"] == 2
