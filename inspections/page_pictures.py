"""A picture of one page of a PDF with a passage marked on it, so a reviewer checks a value without hunting.

pdfplumber finds the words' boxes; pypdfium2 draws the page and Pillow the marks. Measured against pdfplumber's own
`page.to_image(...).draw_rects(...)` on the Bury 2021 ILACS report (`python -m inspections.page_pictures FILE PAGE
PASSAGE`, 2 shared cores): 653 and 1,091 ms for pages 1 and 3, against 710 and 1,113 ms. Most of either is
pdfplumber reading the page's words; the pictures are kept once drawn (`views.document_page`).
"""

from __future__ import annotations

import difflib
import io
import re
import sys
import time
from collections.abc import Sequence

import pdfplumber
import pypdfium2
from PIL import Image, ImageDraw

# 110 dpi: an A4 page about 910 px wide, readable beside the form without being heavy (roughly 150-250 kB).
RESOLUTION = 110
_SCALE = RESOLUTION / 72
MAX_PIXELS = 2400  # the longer side of a picture at most
HIGHLIGHT = (255, 221, 0, 110)  # GOV.UK's focus yellow, translucent so the words stay legible
OUTLINE = (11, 12, 12, 255)

_TOKEN = re.compile(r"[\w’']+")


class NoSuchPage(ValueError):
    """The document has no page of that number."""


Box = tuple[float, float, float, float]  # x0, top, x1, bottom, in PDF points from the page's top left


def _tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]


def passage_boxes(words: Sequence[dict], passage: str) -> list[Box]:
    """The boxes of the page's words that make up the passage, one box per line it runs over.

    Matched word by word (the passage's line breaks and spacing need not be the page's); runs of fewer than two
    words are ignored unless the passage is one word, so a stray "the" is not marked.
    """
    wanted = _tokens(passage)
    if not wanted:
        return []
    page_tokens: list[str] = []
    owners: list[int] = []
    for index, word in enumerate(words):
        for token in _tokens(word["text"]):
            page_tokens.append(token)
            owners.append(index)
    matcher = difflib.SequenceMatcher(None, page_tokens, wanted, autojunk=False)
    least = 1 if len(wanted) == 1 else 2
    hit: set[int] = set()
    for block in matcher.get_matching_blocks():
        if block.size >= least:
            hit.update(owners[block.a : block.a + block.size])
    lines: dict[int, Box] = {}
    for index in sorted(hit):
        word = words[index]
        key = round(word["bottom"])
        x0, top, x1, bottom = lines.get(key, (word["x0"], word["top"], word["x1"], word["bottom"]))
        lines[key] = (min(x0, word["x0"]), min(top, word["top"]), max(x1, word["x1"]), max(bottom, word["bottom"]))
    return list(lines.values())


def page_picture(pdf: bytes, page_number: int, passage: str | None) -> bytes:
    """PNG of page `page_number` (from 1), the passage's words marked in yellow."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        if not 1 <= page_number <= len(document.pages):
            raise NoSuchPage(page_number)
        page = document.pages[page_number - 1]
        boxes = passage_boxes(page.extract_words(), passage) if passage else []
        x_offset, y_offset = page.bbox[0], page.bbox[1]
        # A page drawn absurdly large (a poster, or a hostile file) is drawn smaller, not as a huge image.
        scale = min(_SCALE, (MAX_PIXELS - 1) / max(page.width, page.height, 1))  # pdfium rounds up
    rendered = pypdfium2.PdfDocument(pdf)
    try:
        image = rendered[page_number - 1].render(scale=scale).to_pil().convert("RGBA")
    finally:
        rendered.close()
    marks = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(marks)
    pad = 2
    for x0, top, x1, bottom in boxes:
        rect = (
            (x0 - x_offset) * scale - pad,
            (top - y_offset) * scale - pad,
            (x1 - x_offset) * scale + pad,
            (bottom - y_offset) * scale + pad,
        )
        draw.rectangle(rect, fill=HIGHLIGHT, outline=OUTLINE, width=2)
    out = io.BytesIO()
    # 64 colours (fast octree) keep text and marks crisp at a quarter of the full-colour file, and encode faster.
    picture = Image.alpha_composite(image, marks).convert("RGB").quantize(64, method=Image.Quantize.FASTOCTREE)
    picture.save(out, format="PNG")
    return out.getvalue()


def _pdfplumber_picture(pdf: bytes, page_number: int, passage: str) -> bytes:
    """The same picture through pdfplumber's own page images: kept for the measurement below."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[page_number - 1]
        picture = page.to_image(resolution=RESOLUTION)
        picture.draw_rects(passage_boxes(page.extract_words(), passage), fill=HIGHLIGHT, stroke=OUTLINE)
        out = io.BytesIO()
        picture.save(out, format="PNG")
        return out.getvalue()


def main(argv: list[str]) -> None:
    """Time both ways of drawing one page: `python -m inspections.page_pictures FILE PAGE PASSAGE`."""
    path, page, passage = argv[0], int(argv[1]), argv[2]
    data = open(path, "rb").read()  # noqa: SIM115 - a one-off measurement
    for name, draw in (("pypdfium2 + Pillow", page_picture), ("pdfplumber to_image", _pdfplumber_picture)):
        started = time.perf_counter()
        for _ in range(3):
            size = len(draw(data, page, passage))
        print(f"{name}: {(time.perf_counter() - started) / 3 * 1000:.0f} ms a page, {size // 1024} kB")


if __name__ == "__main__":
    main(sys.argv[1:])
