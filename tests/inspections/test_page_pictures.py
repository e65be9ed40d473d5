"""A value's passage marked on a picture of its page: the words' boxes, the picture, and the view that keeps it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from fpdf import FPDF
from PIL import Image

from authorities.models import Authority
from inspections.ingest import store_upload
from inspections.models import Document, DocumentStatus
from inspections.page_pictures import NoSuchPage, page_picture, passage_boxes

YELLOW = (255, 240, 145)  # the translucent mark over white paper


def _pdf(*lines: str, pages: int = 1, size: str | tuple[float, float] = "A4") -> bytes:
    pdf = FPDF(format=size)
    for _ in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        for line in lines:
            if line:
                pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(8)
    return bytes(pdf.output())


def _word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + 10 * len(text), "top": top, "bottom": top + 10}


def test_a_passage_over_two_lines_is_one_box_a_line() -> None:
    words = [
        _word("The", 0, 0),
        _word("lead", 40, 0),
        _word("inspector", 90, 0),
        _word("was", 0, 20),
        _word("Jane", 40, 20),
        _word("Doe.", 90, 20),
        _word("Other", 0, 40),
    ]
    boxes = passage_boxes(words, "Lead inspector was Jane Doe")
    assert sorted(boxes) == [(0, 20, 130, 30), (40, 0, 180, 10)]


def test_a_lone_common_word_is_not_marked() -> None:
    words = [_word("the", 0, 0), _word("council", 40, 0)]
    assert passage_boxes(words, "the lead inspector") == []


def _yellow_rows(png: bytes) -> list[int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    return [y for y in range(height) if any(_near(pixels[x, y], YELLOW) for x in range(0, width, 3))]


def _near(colour: tuple[int, int, int], target: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(colour, target, strict=True))


def test_the_picture_marks_the_passage_where_it_stands_on_the_page() -> None:
    pdf = _pdf("Ofsted report", "", "", "", "", "", "", "", "Lead inspector: Jane Doe", "Other text")
    png = page_picture(pdf, 1, "Lead inspector: Jane Doe")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    rows = _yellow_rows(png)
    assert rows, "the passage is marked"
    # The ninth line is about a third of the way down an A4 page: the mark is there, not at the top.
    assert image.size[1] * 0.08 < min(rows) < image.size[1] * 0.3
    assert not _yellow_rows(page_picture(pdf, 1, None))
    with pytest.raises(NoSuchPage):
        page_picture(pdf, 2, None)


def test_an_absurdly_large_page_is_drawn_smaller() -> None:
    png = page_picture(_pdf("Poster", size=(5000, 5000)), 1, "Poster")
    assert max(Image.open(io.BytesIO(png)).size) <= 2400


@pytest.mark.django_db
def test_the_review_screen_links_each_value_to_its_page_picture_which_is_kept(
    editor_client: Client, authorities: None, media_root: Path
) -> None:
    document, _ = store_upload(io.BytesIO(_pdf("Lead inspector: Jane Doe", pages=2)), "report.pdf")
    passage = {"state": "found", "confidence": 0.9, "page": 2, "passage": "Lead inspector: Jane Doe"}
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.NEEDS_REVIEW,
        doc_kind="ilacs_inspection",
        authority=Authority.objects.get(slug="bury"),
        extracted={"lead_inspector": {**passage, "value": "Jane Doe"}, "page_count": 2},
    )
    page = editor_client.get(document.get_absolute_url()).content.decode()
    url = f"{reverse('inspections:document-page', args=[document.pk, 2])}?field=lead_inspector"
    assert f'href="{url}"' in page
    assert f'href="{reverse("inspections:document-file", args=[document.pk])}"' in page  # the file itself

    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert _yellow_rows(b"".join(response.streaming_content))
    kept = list((media_root / "page-pictures").rglob("*.png"))
    assert len(kept) == 1
    b"".join(editor_client.get(url).streaming_content)  # drawn once, then served from storage
    assert list((media_root / "page-pictures").rglob("*.png")) == kept
    assert editor_client.get(reverse("inspections:document-page", args=[document.pk, 9])).status_code == 404
