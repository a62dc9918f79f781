"""The trial binder PDF: generated pages, stored documents stamped, contents, bookmarks, labels, errors."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from casedesk.domain.binder_plan import (
    BatesRun,
    BinderEntry,
    BinderPlan,
    BinderSection,
    GeneratedPages,
    SourcePages,
    Sticker,
    StickerColour,
    Table,
)
from casedesk.domain.errors import BinderSourceError, ExportError
from casedesk.domain.progress import Cancelled, CancelToken
from casedesk.exports.binder_pdf import write_binder
from tests.pdfs import (
    make_damaged,
    make_not_pdf,
    make_pdf,
    make_protected,
    make_truncated,
    numbered_pages,
)

CASE = "2026-CI-01234"


def _check(path: Path) -> None:
    """Check with qpdf that nothing is wrong with the file (skipped where qpdf is not installed)."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        return
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _sticker(number: str, colour: StickerColour = StickerColour.YELLOW) -> Sticker:
    heading = "PLAINTIFF'S EXHIBIT" if colour is StickerColour.YELLOW else "DEFENDANT'S EXHIBIT"
    return Sticker(heading, number, colour, CASE)


def _plan(folder: Path, *, sections: tuple[BinderSection, ...] | None = None) -> BinderPlan:
    """A small trial binder: an index, three exhibits (two from one file), a witness, an empty tab."""
    er = make_pdf(folder / "er.pdf", numbered_pages(6, "Emergency room"))
    mri = make_pdf(folder / "mri.pdf", numbered_pages(2, "MRI report"))
    index = GeneratedPages(
        "Exhibit index",
        table=Table(
            ("No.", "Description", "Pages"),
            (
                ("1", "Emergency room, triage", "3"),
                ("2", "MRI report", "2"),
                ("A", "Emergency room, discharge", "2"),
            ),
            right_aligned=frozenset({2}),
            widths=(1, 6, 1),
            total=("", "Total", "7"),
        ),
        note="Verify every page against the production log before trial.",
    )
    exhibits = (
        BinderEntry(
            "Plaintiff's Exhibit 1 — Emergency room, triage",
            SourcePages(er, "Emergency room", 1, 3, bates=BatesRun("SMITH", 6, 1)),
            _sticker("1"),
        ),
        BinderEntry(
            "Plaintiff's Exhibit 2 — MRI report",
            SourcePages(mri, "MRI report", 1, 2, bates=BatesRun("SMITH", 6, 7)),
            _sticker("2"),
        ),
        BinderEntry(
            "Defendant's Exhibit A — Emergency room, discharge",
            SourcePages(er, "Emergency room", 5, 6, bates=BatesRun("SMITH", 6, 5)),
            _sticker("A", StickerColour.BLUE),
        ),
    )
    witness = GeneratedPages(
        "Dr. Ana Ruiz",
        fields=(("Kind", "Treating physician"), ("Phone", "512-555-0100")),
        paragraphs=(("Topics", "Causation\nPrognosis"),),
    )
    return BinderPlan(
        title="Trial Binder",
        caption=("Maria Alvarez v. John Driver", f"Cause No. {CASE}"),
        cover_lines=("Prepared 21 November 2026",),
        sections=sections
        or (
            BinderSection("Exhibit index", "1", entries=(BinderEntry("Index of exhibits", index),)),
            BinderSection("Exhibits", "2", entries=exhibits),
            BinderSection(
                "Witnesses",
                "3",
                subsections=(
                    BinderSection("Dr. Ana Ruiz", "3A", entries=(BinderEntry("Witness sheet", witness),)),
                ),
            ),
            BinderSection("Motions in limine", "4"),
        ),
    )


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, 0-based page) of every bookmark, in order."""
    found: list[tuple[int, str, int]] = []

    def walk(items: list[object], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)  # type: ignore[arg-type]
                found.append((depth, item.title, page))  # type: ignore[attr-defined]

    walk(reader.outline, 0)
    return found


def _contents_pages(reader: PdfReader) -> dict[str, int]:
    """The page numbers the table of contents gives, by line (the pages after the cover labelled ii, iii…)."""
    front = [index for index, label in enumerate(reader.page_labels) if not label[0].isdigit()]
    text = "\n".join(reader.pages[index].extract_text() for index in front[1:]) + "\n"
    return {title.strip(): int(number) for title, number in re.findall(r"([^\n]+)\n\s*(\d+)\n", text)}


def test_binder_lays_out_every_section_with_stamps_bookmarks_and_labels(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    target = tmp_path / "binder.pdf"
    reports: list[tuple[int, int]] = []

    result = write_binder(plan, target, progress=lambda done, total, _name: reports.append((done, total)))

    reader = PdfReader(target)
    # cover, contents, divider 1, index, divider 2, 7 exhibit pages, divider 3, divider 3A, witness, divider 4
    assert result.page_count == len(reader.pages) == 16
    assert result.skipped == ()
    assert reports[-1] == (16, 16)
    assert [done for done, _total in reports if done] == sorted(done for done, _total in reports if done)
    assert reader.metadata is not None and reader.metadata.title == "Trial Binder"

    outline = _outline(reader)
    assert outline == [
        (0, "Exhibit index", 2),
        (1, "Index of exhibits", 3),
        (0, "Exhibits", 4),
        (1, "Plaintiff's Exhibit 1 — Emergency room, triage", 5),
        (1, "Plaintiff's Exhibit 2 — MRI report", 8),
        (1, "Defendant's Exhibit A — Emergency room, discharge", 10),
        (0, "Witnesses", 12),
        (1, "Dr. Ana Ruiz", 13),
        (2, "Witness sheet", 14),
        (0, "Motions in limine", 15),
    ]
    assert reader.page_labels == (
        ["i", "ii", "1-1", "1-2"] + [f"2-{n}" for n in range(1, 9)] + ["3-1", "3-2", "3-3", "4-1"]
    )

    contents = _contents_pages(reader)
    for _depth, title, page in outline:
        assert contents[title] == page + 1, title

    texts = [page.extract_text() for page in reader.pages]
    assert "Trial Binder" in texts[0] and "attorney work product" in texts[0]
    bates = {index: re.findall(r"SMITH\d{6}", text) for index, text in enumerate(texts)}
    expected = {5: 1, 6: 2, 7: 3, 8: 7, 9: 8, 10: 5, 11: 6}
    for index, found in bates.items():
        assert found == ([f"SMITH{expected[index]:06d}"] if index in expected else []), index
    assert "Emergency room page 5 of 6" in texts[10]
    stickers = [index for index, text in enumerate(texts) if "EXHIBIT" in text]
    assert stickers == [5, 8, 10]
    assert "PLAINTIFF'S EXHIBIT" in texts[5] and CASE in texts[5]
    assert "DEFENDANT'S EXHIBIT" in texts[10]
    assert "No documents in this section" in texts[15]
    assert "Total" in texts[3] and "Verify every page" in texts[3]
    assert "Treating physician" in texts[14] and "Prognosis" in texts[14]
    _check(target)


def test_long_contents_run_over_pages_and_still_number_every_line(tmp_path: Path) -> None:
    record = make_pdf(tmp_path / "record.pdf", numbered_pages(2))
    entries = tuple(
        BinderEntry(
            f"Plaintiff's Exhibit {n} — Record", SourcePages(record, "Record", 1, 2), _sticker(str(n))
        )
        for n in range(1, 91)
    )
    plan = _plan(tmp_path, sections=(BinderSection("Exhibits", "1", entries=entries),))
    target = tmp_path / "binder.pdf"

    result = write_binder(plan, target)

    reader = PdfReader(target)
    assert result.page_count == len(reader.pages)
    front = [label for label in reader.page_labels if not label[0].isdigit()]
    assert front[:3] == ["i", "ii", "iii"]  # the contents take more than one page
    contents = _contents_pages(reader)
    outline = _outline(reader)
    assert len(outline) == 91
    for _depth, title, page in outline:
        assert contents[title] == page + 1, title
    assert "and 66 more" in reader.pages[len(front)].extract_text()  # the divider lists only a few
    _check(target)


def test_a_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    rows = tuple((f"{n:03d}", f"Visit {n}", f"${n},000.00") for n in range(1, 151))
    table = Table(
        ("Date", "Provider", "Charged"), rows, frozenset({2}), (1, 4, 2), ("", "Total", "$11,325,000.00")
    )
    entry = BinderEntry("Specials", GeneratedPages("Specials", table=table, note="Figures from the bills."))
    plan = _plan(tmp_path, sections=(BinderSection("Damages", "5", entries=(entry,)),))
    target = tmp_path / "binder.pdf"

    write_binder(plan, target)

    reader = PdfReader(target)
    table_pages = [page.extract_text() for page in reader.pages[3:]]
    assert len(table_pages) >= 3
    assert all(text.startswith("Specials") or "Provider" in text for text in table_pages)
    assert all("Charged" in text for text in table_pages)
    assert "$11,325,000.00" in table_pages[-1] and "Figures from the bills." in table_pages[-1]


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    write_binder(plan, tmp_path / "one.pdf")
    write_binder(plan, tmp_path / "two.pdf")

    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    assert b"/ID" in (tmp_path / "one.pdf").read_bytes()


def test_a_password_protected_document_opens_with_its_password(tmp_path: Path) -> None:
    locked = make_protected(tmp_path / "locked.pdf", numbered_pages(2, "Locked"), "s3cret")
    entry = BinderEntry(
        "Exhibit 1", SourcePages(locked, "Locked record", 1, 2, "s3cret", BatesRun("SMITH", 6, 1))
    )
    plan = _plan(tmp_path, sections=(BinderSection("Exhibits", "1", entries=(entry,)),))

    write_binder(plan, tmp_path / "binder.pdf")

    reader = PdfReader(tmp_path / "binder.pdf")
    assert "Locked page 2 of 2" in reader.pages[-1].extract_text()
    assert "SMITH000002" in reader.pages[-1].extract_text()
    _check(tmp_path / "binder.pdf")


def test_a_rotated_page_gets_its_bates_label(tmp_path: Path) -> None:
    source = PdfWriter(clone_from=make_pdf(tmp_path / "scan.pdf", numbered_pages(2, "Scan")))
    source.pages[1].rotate(90)
    source.write(tmp_path / "scan.pdf")
    entry = BinderEntry("Scan", SourcePages(tmp_path / "scan.pdf", "Scan", 1, 2, bates=BatesRun("DOE", 4, 9)))
    plan = _plan(tmp_path, sections=(BinderSection("Records", "1", entries=(entry,)),))

    write_binder(plan, tmp_path / "binder.pdf")

    reader = PdfReader(tmp_path / "binder.pdf")
    assert "DOE0010" in reader.pages[-1].extract_text()
    assert reader.pages[-1].rotation == 90


def _one_source_plan(tmp_path: Path, source: SourcePages) -> BinderPlan:
    good = make_pdf(tmp_path / "good.pdf", numbered_pages(2, "Good"))
    entries = (
        BinderEntry(
            "Exhibit 1 — Good", SourcePages(good, "Good record", 1, 2, bates=BatesRun("SMITH", 6, 1))
        ),
        BinderEntry("Exhibit 2 — Bad", source, _sticker("2")),
    )
    return _plan(tmp_path, sections=(BinderSection("Exhibits", "1", entries=entries),))


@pytest.mark.parametrize(
    ("make", "password", "page_to", "words"),
    [
        (lambda path: path, "", 2, "missing"),
        (make_damaged, "", 1, "damaged"),
        (lambda path: make_truncated(path, numbered_pages(3), keep=0.3), "", 1, "damaged"),
        (lambda path: make_not_pdf(path, "html"), "", 1, "damaged"),
        (lambda path: make_protected(path, numbered_pages(2), "secret"), "", 2, "none is saved"),
        (lambda path: make_protected(path, numbered_pages(2), "secret"), "guess", 2, "does not open"),
        (lambda path: make_pdf(path, numbered_pages(2)), "", 5, "has 2 pages"),
    ],
    ids=["missing", "damaged", "truncated", "html", "no-password", "wrong-password", "beyond-the-end"],
)
def test_an_unreadable_document_is_named_and_nothing_is_written(
    tmp_path: Path, make: object, password: str, page_to: int, words: str
) -> None:
    path = make(tmp_path / "bad.pdf")  # type: ignore[operator]
    source = SourcePages(tmp_path / "bad.pdf", "Radiology films", 1, page_to, password)
    assert path is not None
    plan = _one_source_plan(tmp_path, source)
    target = tmp_path / "binder.pdf"
    target.write_bytes(b"the previous binder")
    before = sorted(p.name for p in tmp_path.iterdir())

    with pytest.raises(BinderSourceError) as raised:
        write_binder(plan, target)

    assert raised.value.document == "Radiology films"
    assert "Radiology films" in raised.value.message and words in raised.value.message
    assert raised.value.hint
    assert isinstance(raised.value, ExportError)
    assert target.read_bytes() == b"the previous binder"
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temp file left behind


def test_unreadable_documents_can_be_left_out(tmp_path: Path) -> None:
    make_damaged(tmp_path / "bad.pdf")
    plan = _one_source_plan(tmp_path, SourcePages(tmp_path / "bad.pdf", "Radiology films", 1, 1))
    target = tmp_path / "binder.pdf"

    result = write_binder(plan, target, skip_unreadable=True)

    reader = PdfReader(target)
    assert result.page_count == len(reader.pages) == 5  # cover, contents, divider, the good record
    assert len(result.skipped) == 1 and "Radiology films" in result.skipped[0]
    assert [title for _depth, title, _page in _outline(reader)] == ["Exhibits", "Exhibit 1 — Good"]
    contents = reader.pages[1].extract_text()
    assert "Exhibit 2 — Bad (could not be read)" in contents
    assert "EXHIBIT" not in "".join(page.extract_text() for page in reader.pages)
    _check(target)


def test_cancel_leaves_no_file(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    target = tmp_path / "binder.pdf"
    token = CancelToken()

    def progress(done: int, _total: int, _name: str) -> None:
        if done:
            token.cancel()

    with pytest.raises(Cancelled):
        write_binder(plan, target, progress=progress, cancel=token)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["er.pdf", "mri.pdf"]


def test_cancel_before_starting(tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()

    with pytest.raises(Cancelled):
        write_binder(_plan(tmp_path), tmp_path / "binder.pdf", cancel=token)

    assert not (tmp_path / "binder.pdf").exists()
