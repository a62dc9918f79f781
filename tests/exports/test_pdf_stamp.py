"""The Bates and sticker stamper: labels read back page by page, upright at the lower right as viewed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, RectangleObject

from casedesk.domain.binder_plan import Sticker, StickerColour
from casedesk.exports.pdf_stamp import PageStamper
from tests.pdfs import make_pdf, numbered_pages


def _qpdf_check(path: Path) -> None:
    """``qpdf --check`` finds nothing wrong (skipped where qpdf is not installed)."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _writer(tmp_path: Path, pages: int) -> PdfWriter:
    source = make_pdf(tmp_path / "source.pdf", numbered_pages(pages))
    writer = PdfWriter()
    writer.append(PdfReader(source))
    return writer


def _save(writer: PdfWriter, path: Path) -> PdfReader:
    with path.open("wb") as handle:
        writer.write(handle)
    return PdfReader(path)


def _render(path: Path) -> tuple[int, int, bytes]:
    """The first page rendered as viewed (rotation and crop applied), 72 dpi grey: width, height, pixels."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path)
    try:
        bitmap = pdf[0].render(scale=1, grayscale=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        data = bytes(bitmap.buffer)
    finally:
        pdf.close()
    return width, height, b"".join(data[y * stride : y * stride + width] for y in range(height))


def _changed_region(before: Path, after: Path) -> tuple[float, float, float, float]:
    """Where the two renderings differ, as fractions of the viewed page: left, top, right, bottom."""
    width, height, old = _render(before)
    assert _render(after)[:2] == (width, height)
    new = _render(after)[2]
    xs, ys = [], []
    for index in range(width * height):
        if abs(old[index] - new[index]) > 8:
            ys.append(index // width)
            xs.append(index % width)
    assert xs, "nothing was drawn"
    return min(xs) / width, min(ys) / height, (max(xs) + 1) / width, (max(ys) + 1) / height


def test_labels_read_back_page_by_page(tmp_path: Path) -> None:
    """Each page carries its own label, extractable, and the file passes qpdf --check."""
    writer = _writer(tmp_path, 5)
    stamper = PageStamper(writer)
    for offset, page in enumerate(writer.pages):
        stamper.bates(page, f"SMITH{offset + 10:06d}")
    reader = _save(writer, tmp_path / "out.pdf")
    for offset, page in enumerate(reader.pages):
        text = page.extract_text()
        assert f"SMITH{offset + 10:06d}" in text
        assert f"Record page {offset + 1} of 5" in text
    assert stamper.stamped_pages == 5
    _qpdf_check(tmp_path / "out.pdf")


def test_one_shared_font_and_one_stream_per_stamp(tmp_path: Path) -> None:
    """All pages share the same indirect font; each stamp adds one stream; the original is wrapped once."""
    writer = _writer(tmp_path, 3)
    stamper = PageStamper(writer)
    originals = [len(_contents(page)) for page in writer.pages]
    sticker = Sticker("PLAINTIFF'S EXHIBIT", "12", StickerColour.YELLOW, "PI-2026-0001")
    for page in writer.pages:
        stamper.bates(page, "SMITH000001")
    stamper.sticker(writer.pages[0], sticker)
    fonts = set()
    for index, page in enumerate(writer.pages):
        contents = _contents(page)
        stamps = 2 if index == 0 else 1
        assert len(contents) == originals[index] + 2 + stamps
        assert contents[0].get_object().get_data().strip() == b"q"
        assert contents[-stamps - 1].get_object().get_data().strip() == b"Q"
        font = page["/Resources"]["/Font"].raw_get("/CdStampR")
        fonts.add(font.idnum)
    assert len(fonts) == 1


def _contents(page: object) -> list[object]:
    contents = page["/Contents"].get_object()  # type: ignore[index]
    return list(contents) if isinstance(contents, ArrayObject) else [contents]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@pytest.mark.parametrize("cropped", [False, True])
def test_label_upright_at_lower_right_as_viewed(tmp_path: Path, rotate: int, cropped: bool) -> None:
    """Rotated and cropped pages: the label is extractable and drawn in the viewed lower-right corner."""
    writer = _writer(tmp_path, 1)
    page = writer.pages[0]
    if cropped:
        page.cropbox = RectangleObject((100, 150, 500, 700))
    page.rotation = rotate
    _save(writer, tmp_path / "before.pdf")
    stamper = PageStamper(writer)
    stamper.bates(page, "DOE-0000042")
    stamper.sticker(page, Sticker("DEFENDANT'S EXHIBIT", "AB", StickerColour.BLUE, "Case 2026-CV-1"))
    path = tmp_path / "rotated.pdf"
    reader = _save(writer, path)
    text = reader.pages[0].extract_text()
    assert "DOE-0000042" in text
    assert "DEFENDANT'S EXHIBIT" in text
    left, top, right, bottom = _changed_region(tmp_path / "before.pdf", path)
    assert left > 0.5 and top > 0.6, "the stamps are in the lower right as viewed"
    assert 0.9 < right < 0.99 and 0.95 < bottom < 0.995, "inside the margins"
    _qpdf_check(path)


def test_page_graphics_state_cannot_shift_the_stamp(tmp_path: Path) -> None:
    """A page that leaves a scaled, white-filled, invisible-text state behind still shows its label."""
    writer = PdfWriter()
    page = writer.add_blank_page(612, 792)
    leaky = DecodedStreamObject()
    leaky.set_data(b"0.1 0 0 0.1 0 0 cm 1 1 1 rg 1 g 3 Tr 5 w")
    page[NameObject("/Contents")] = writer._add_object(leaky)
    _save(writer, tmp_path / "before.pdf")
    PageStamper(writer).bates(page, "SMITH000007")
    path = tmp_path / "leaky.pdf"
    reader = _save(writer, path)
    assert "SMITH000007" in reader.pages[0].extract_text()
    left, top, right, _ = _changed_region(tmp_path / "before.pdf", path)
    assert left > 0.75 and top > 0.95 and right < 0.98, "the label is where it belongs, full size"
    _qpdf_check(path)


def test_page_without_content_or_resources(tmp_path: Path) -> None:
    """A blank page with no content stream and no resources can be stamped too."""
    writer = PdfWriter()
    writer.add_blank_page(300, 200)
    stamper = PageStamper(writer)
    stamper.bates(writer.pages[0], "SMITH000001")
    stamper.sticker(writer.pages[0], Sticker("JOINT EXHIBIT", "3", StickerColour.WHITE))
    reader = _save(writer, tmp_path / "blank.pdf")
    text = reader.pages[0].extract_text()
    assert "SMITH000001" in text and "JOINT EXHIBIT" in text
    _qpdf_check(tmp_path / "blank.pdf")


def test_sticker_text_with_accents_and_parentheses(tmp_path: Path) -> None:
    """Characters outside ASCII and PDF string delimiters in a case line survive."""
    writer = _writer(tmp_path, 1)
    sticker = Sticker("PLAINTIFF'S EXHIBIT", "1", StickerColour.YELLOW, "Peña (No. 2026-CV-\\1)")
    PageStamper(writer).sticker(writer.pages[0], sticker)
    reader = _save(writer, tmp_path / "accents.pdf")
    assert "Peña (No. 2026-CV-\\1)" in reader.pages[0].extract_text()
    _qpdf_check(tmp_path / "accents.pdf")


def test_existing_font_name_is_not_clobbered(tmp_path: Path) -> None:
    """A page already using the stamper's resource name for another font keeps its font."""
    writer = _writer(tmp_path, 1)
    page = writer.pages[0]
    fonts = page["/Resources"]["/Font"]
    original = next(iter(fonts.values()))
    fonts[NameObject("/CdStampR")] = original
    PageStamper(writer).bates(page, "SMITH000001")
    assert page["/Resources"]["/Font"]["/CdStampR"] == original.get_object()
    assert "/CdStampR1" in page["/Resources"]["/Font"]
    reader = _save(writer, tmp_path / "clash.pdf")
    assert "SMITH000001" in reader.pages[0].extract_text()
