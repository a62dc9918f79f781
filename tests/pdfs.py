"""Test helper: PDFs to import, good and hostile, made on the spot with reportlab (and pypdf to encrypt).

Every maker writes ``path`` and returns it, so tests read as ``make_pdf(tmp_path / "a.pdf", ["text"])``.
Each page's text is drawn line by line, so what a text extractor gives back contains every line given.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Sequence
from pathlib import Path

#: A normal page's worth of words for tests that only need "some pages".
LOREM = "Patient seen in clinic today for follow-up of neck pain after the motor vehicle collision."


def pdf_bytes(pages: Sequence[str], *, compress: bool = True) -> bytes:
    """A PDF with one page per text (lines split on newlines, long lines wrapped at 95 characters)."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen.canvas import Canvas

    if not pages:  # reportlab always writes a page: use make_pageless_pdf for a document with none
        raise ValueError("a PDF needs at least one page")
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=letter, pageCompression=1 if compress else 0, invariant=True)
    canvas.setTitle("Medical records")
    for text in pages:
        lines = canvas.beginText(54, letter[1] - 60)
        lines.setFont("Helvetica", 9.5, leading=12)
        for line in _wrapped(text):
            lines.textLine(line)
        canvas.drawText(lines)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def make_pdf(path: Path, pages: Sequence[str], *, compress: bool = True) -> Path:
    """A normal PDF with one page per text."""
    path.write_bytes(pdf_bytes(pages, compress=compress))
    return path


def numbered_pages(count: int, label: str = "Record") -> list[str]:
    """``count`` page texts, each naming its page: ``Record page 3 of 12`` plus a sentence."""
    return [f"{label} page {number} of {count}\n{LOREM}" for number in range(1, count + 1)]


def make_protected(
    path: Path, pages: Sequence[str], password: str, *, owner_password: str | None = None
) -> Path:
    """A PDF encrypted with AES-256 that needs ``password`` to open ("" = opens without one)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages))))
    writer.encrypt(password, owner_password or f"owner-{password}-secret", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def make_empty(path: Path) -> Path:
    """A file of zero bytes named like a PDF (an interrupted download)."""
    path.write_bytes(b"")
    return path


def make_truncated(path: Path, pages: Sequence[str], keep: float = 0.5) -> Path:
    """A PDF cut short after ``keep`` of its bytes (an unfinished copy): no cross-reference table, no end."""
    data = pdf_bytes(pages)
    path.write_bytes(data[: max(16, int(len(data) * keep))])
    return path


def make_not_pdf(path: Path, kind: str = "text") -> Path:
    """Something else named ``.pdf``: ``text``, ``jpeg``, ``docx`` (a ZIP) or ``html``."""
    contents = {
        "text": b"Discharge summary\r\nPatient: Maria Alvarez\r\nThis was saved as plain text.\r\n",
        "jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200),
        "docx": b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"[Content_Types].xml" + bytes(200),
        "html": b"<!DOCTYPE html><html><body><h1>Sign in to the patient portal</h1></body></html>",
    }
    path.write_bytes(contents[kind])
    return path


def make_repairable(path: Path, pages: Sequence[str]) -> Path:
    """A PDF whose cross-reference table points to the wrong places (every offset off by some bytes).

    pypdf reads it only by rebuilding the table (strict=False), and says so in its log.
    """
    data = pdf_bytes(pages, compress=True)
    start = data.rindex(b"startxref")
    table = data.rindex(b"xref", 0, start)
    entries = re.sub(
        rb"(\d{10}) (\d{5}) n",
        lambda m: b"%010d %s n" % (int(m.group(1)) + 7, m.group(2)),
        data[table:start],
    )
    path.write_bytes(data[:table] + entries + data[start:])
    return path


def make_bad_startxref(path: Path, pages: Sequence[str]) -> Path:
    """A PDF whose ``startxref`` points into the middle of nowhere (a common scanner fault)."""
    data = pdf_bytes(pages)
    data = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) - 40), data)
    path.write_bytes(data)
    return path


def make_damaged(path: Path) -> Path:
    """A file that starts like a PDF but holds nothing a reader can rebuild a document from."""
    noise = random.Random(5).randbytes(4000)
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + noise.replace(b"obj", b"xxx") + b"\n%%EOF\n")
    return path


def make_pageless_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree has no pages."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


# --- realistic medical-record text (benchmarks, demo-like tests) --------------------------------

_PROVIDERS = (
    "Austin Regional Clinic",
    "St. David's Medical Center",
    "Capital Orthopedics & Spine",
    "Lone Star Physical Therapy",
    "Hill Country Imaging",
)
_DOCTORS = ("Nguyen", "Patel", "Okafor", "Smith")
_COMPLAINTS = (
    "neck pain radiating to the right shoulder",
    "low back pain with intermittent numbness in the left leg",
    "headaches since the collision, worse in the evening",
    "right knee pain and swelling after the fall",
    "stiffness of the cervical spine with reduced range of motion",
)
_DIAGNOSES = (
    "S13.4XXA Sprain of ligaments of cervical spine",
    "S33.5XXA Sprain of ligaments of lumbar spine",
    "M54.2 Cervicalgia",
    "M54.5 Low back pain",
    "S83.241A Other tear of medial meniscus, right knee",
    "G44.309 Post-traumatic headache, unspecified",
)
_PROCEDURES = (
    "97110 Therapeutic exercise, 15 minutes",
    "97140 Manual therapy techniques",
    "72141 MRI cervical spine without contrast",
    "99214 Office visit, established patient",
    "20610 Arthrocentesis, major joint",
)
_SENTENCES = (
    "The patient reports that symptoms are aggravated by prolonged sitting and driving.",
    "Pain is rated {pain}/10 today, compared with {pain2}/10 at the last visit.",
    "On examination there is tenderness to palpation over the paraspinal muscles bilaterally.",
    "Range of motion is limited in flexion and rotation; strength is 5/5 in all extremities.",
    "Sensation is intact to light touch; reflexes are 2+ and symmetric.",
    "The patient was advised to continue the home exercise program and to avoid heavy lifting.",
    "Imaging was reviewed with the patient; findings are consistent with soft-tissue injury.",
    "The patient denies prior injury to this area and had no treatment before the collision.",
    "Work status: off work until the next visit; a note was given for the employer.",
    "Plan: physical therapy three times a week for four weeks, then re-evaluate.",
    "Medications: ibuprofen 800 mg three times daily with food; cyclobenzaprine 10 mg at night.",
    "Follow-up in two weeks, sooner if symptoms worsen or new numbness develops.",
)


def medical_page(rng: random.Random, patient: str, page: int, pages: int) -> str:
    """One page of a fictional visit note, about 1.5–2 KB of text."""
    provider = rng.choice(_PROVIDERS)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    lines = [
        f"{provider} — Progress note — Page {page} of {pages}",
        f"Patient: {patient}    DOB: 03/02/1984    MRN: {rng.randint(100000, 999999)}",
        f"Date of service: {month:02d}/{day:02d}/2026    Provider: Dr. {rng.choice(_DOCTORS)}",
        "",
        f"Chief complaint: {rng.choice(_COMPLAINTS)}.",
        "",
        "History of present illness:",
    ]
    body = []
    while sum(len(s) for s in body) < 1150:
        body.append(rng.choice(_SENTENCES).format(pain=rng.randint(3, 9), pain2=rng.randint(3, 9)))
    lines += [" ".join(body), "", "Assessment:"]
    lines += [f"  {code}" for code in rng.sample(_DIAGNOSES, 2)]
    lines += ["", "Procedures:"]
    lines += [f"  {code}" for code in rng.sample(_PROCEDURES, 2)]
    lines += ["", f"Electronically signed {month:02d}/{day:02d}/2026 by the treating provider."]
    return "\n".join(lines)


def make_medical_record(path: Path, rng: random.Random, pages: int, patient: str = "Maria Alvarez") -> Path:
    """A fictional medical record of ``pages`` visit-note pages."""
    return make_pdf(path, [medical_page(rng, patient, page, pages) for page in range(1, pages + 1)])


def _wrapped(text: str, width: int = 95) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        words = paragraph.split(" ")
        line = ""
        for word in words:
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return lines
