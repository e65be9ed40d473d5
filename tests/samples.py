"""Small documents made by the tests themselves, each named for the case it covers."""

from __future__ import annotations

from fpdf import FPDF


def text_pdf(pages: list[str], *, owner_password: str | None = None, user_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    if owner_password or user_password:
        pdf.set_encryption(owner_password=owner_password or "owner", user_password=user_password or "")
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    """Opens only with a password."""
    return text_pdf(["Confidential"], user_password="secret")


def image_only_pdf(pages: int = 2) -> bytes:
    """Pages with drawings but no text layer, like a scan."""
    pdf = FPDF()
    for _ in range(pages):
        pdf.add_page()
        pdf.set_fill_color(120, 120, 120)
        pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def many_pages_pdf(count: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=8)
    for number in range(count):
        pdf.add_page()
        pdf.cell(0, 5, f"Page {number + 1}")
    return bytes(pdf.output())


def truncated(data: bytes, keep: float = 0.4) -> bytes:
    return data[: int(len(data) * keep)]


HTML_ERROR_PAGE = b"<!DOCTYPE html><html><head><title>Error</title></head><body><h1>404 Not Found</h1></body></html>"

SCHOOL_REPORT_TEXT = """School inspection report
Inspection of Hilltop Primary School
Unique reference number: 100000
Inspection dates: 3 and 4 May 2023
Overall effectiveness: Good
The quality of education: Good
Behaviour and attitudes: Good
Personal development: Good
Leadership and management: Good
Early years provision: Good
What is it like to attend this school?
Pupils enjoy coming to this school.
"""
