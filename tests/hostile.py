"""Test helper: a corpus of hostile files named ``.pdf``, made on the spot (never binary files in git).

Each maker writes ``path`` and returns it. :data:`CORPUS` names every maker; :func:`write_corpus` writes
them all into a folder. The raw PDFs are built object by object with :func:`raw_pdf`, which writes a
correct cross-reference table unless told to lie.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.pdfs import (
    LOREM,
    make_bad_startxref,
    make_damaged,
    make_empty,
    make_not_pdf,
    make_pageless_pdf,
    make_protected,
    make_repairable,
    make_truncated,
    numbered_pages,
    pdf_bytes,
)

#: What the decompression bomb inflates to (one flate layer inside another): 2 GiB of zeros.
BOMB_INFLATED = 2 << 30
#: Levels of the deep outline, and of the nested array.
OUTLINE_DEPTH = 5000
ARRAY_DEPTH = 10_000

_PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Hostile but readable page) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def stream(body: bytes, extra: bytes = b"", length: int | None = None) -> bytes:
    """A stream object's text: its dictionary (with ``/Length``, true unless ``length`` says otherwise)."""
    told = len(body) if length is None else length
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (told, extra, body)


def raw_pdf(
    objects: Sequence[bytes], *, root: int = 1, trailer: bytes = b"", version: bytes = b"1.7"
) -> bytes:
    """A PDF of these objects (object 1 is ``objects[0]``), with a correct xref table and trailer."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer,
        xref,
    )
    return bytes(out)


def _one_page(
    page_extra: bytes = b"", contents: bytes = _PAGE_TEXT, catalog_extra: bytes = b""
) -> list[bytes]:
    """Catalog (1), page tree (2), page (3), content stream (4), font (5)."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> %s>>" % page_extra,
        stream(contents),
        _FONT,
    ]


# --- the makers -----------------------------------------------------------------------------


def make_png(path: Path) -> Path:
    """A PNG image named ``.pdf`` (a photo of a record)."""
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    return path


def make_real_docx(path: Path) -> Path:
    """A Word document (a real ZIP archive) named ``.pdf``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<document><body>{LOREM}</body></document>")
    path.write_bytes(buffer.getvalue())
    return path


def make_rc4_protected(path: Path) -> Path:
    """A PDF encrypted (RC4, 128 bits) with a password nobody gave casedesk."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(numbered_pages(2)))))
    writer.encrypt("unknown-to-us", "owner-unknown", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def make_xref_garbage(path: Path) -> Path:
    """A PDF whose cross-reference table is replaced by noise of the same length."""
    data = pdf_bytes(numbered_pages(2))
    start = data.rindex(b"startxref")
    table = data.rindex(b"xref", 0, start)
    noise = bytes((7 * i) % 251 for i in range(start - table - 5))
    path.write_bytes(data[: table + 4] + b"\n" + noise + data[start:])
    return path


def make_deep_outline(path: Path, depth: int = OUTLINE_DEPTH) -> Path:
    """A one-page PDF whose outline nests ``depth`` levels deep (each item the only child of the last)."""
    objects = _one_page(catalog_extra=b"/Outlines 6 0 R /PageMode /UseOutlines")
    first_item = 7
    objects.append(
        b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (first_item, first_item, depth)
    )
    for level in range(depth):
        number = first_item + level
        parent = 6 if level == 0 else number - 1
        child = (
            b"/First %d 0 R /Last %d 0 R /Count 1 " % (number + 1, number + 1) if level < depth - 1 else b""
        )
        objects.append(
            b"<< /Title (Level %d) /Parent %d 0 R %s/Dest [3 0 R /Fit] >>" % (level + 1, parent, child)
        )
    path.write_bytes(raw_pdf(objects))
    return path


def make_page_tree_cycle(path: Path) -> Path:
    """A PDF whose page tree loops: a ``/Pages`` kid of the root points back at the root."""
    objects = _one_page()
    objects[1] = b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 >>"
    objects.append(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 2 >>")
    path.write_bytes(raw_pdf(objects))
    return path


def bomb_stream(inflated: int = BOMB_INFLATED) -> bytes:
    """``inflated`` zero bytes (a multiple of 16 MiB), flate-compressed twice: a few kilobytes on disk.

    Built without compressing gigabytes: a 16 MiB run of zeros compressed after a full flush always gives
    the same deflate blocks, so the inner stream is those blocks repeated (its Adler-32 is computed, not
    summed).
    """
    chunk = 1 << 24
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(bytes(chunk))
    compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(bytes(chunk)) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = -(-inflated // chunk)
    adler = ((count * chunk) % 65521) << 16 | 1
    inner = b"\x78\xda" + block * count + compressor.flush() + adler.to_bytes(4, "big")
    return zlib.compress(inner, 9)


def make_decompression_bomb(path: Path, inflated: int = BOMB_INFLATED) -> Path:
    """A one-page PDF whose content stream inflates (flate inside flate) to ``inflated`` bytes."""
    body = bomb_stream(inflated)
    objects = _one_page()
    objects[3] = stream(body, b"/Filter [/FlateDecode /FlateDecode] ")
    path.write_bytes(raw_pdf(objects))
    return path


def make_image_bomb(path: Path, inflated: int = BOMB_INFLATED) -> Path:
    """A one-page PDF painting a grey image whose pixels (flate in flate) inflate to ``inflated`` bytes.

    Text extraction never decodes it; whatever renders the page does.
    """
    width = 65536
    objects = _one_page(contents=b"q 612 0 0 792 0 0 cm /Im0 Do Q " + _PAGE_TEXT)
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im0 6 0 R >> >> >>"
    )
    extra = (
        b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 "
        % (
            width,
            inflated // width,
        )
    )
    objects.append(stream(bomb_stream(inflated), extra + b"/Filter [/FlateDecode /FlateDecode] "))
    path.write_bytes(raw_pdf(objects))
    return path


def make_huge_page_count(path: Path) -> Path:
    """A one-page PDF whose page tree claims two billion pages."""
    objects = _one_page()
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>"
    path.write_bytes(raw_pdf(objects))
    return path


def make_object_stream_loop(path: Path) -> Path:
    """A PDF with a cross-reference stream whose object stream's ``/Length`` lives in that same stream."""
    index = b"2 0 6 "
    payload = index + b"<< /Type /Pages /Kids [] /Count 0 >> 99"
    objstm = b"<< /Type /ObjStm /N 2 /First %d /Length 4 0 R /Extends 3 0 R >>" % len(index)
    # Objects 2 and 4 live in object stream 3 (xref rows of type 2).
    rows = [(2, 3, 0), (2, 3, 1)]
    bodies = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: objstm + b"\nstream\n" + payload + b"\nendstream"}
    path.write_bytes(xref_stream_pdf(bodies, compressed={2: rows[0], 4: rows[1]}))
    return path


def xref_stream_pdf(
    bodies: dict[int, bytes], *, compressed: dict[int, tuple[int, int, int]] | None = None, root: int = 1
) -> bytes:
    """A PDF 1.5 with a cross-reference stream instead of a table.

    ``bodies`` are the objects written in the file by number; ``compressed`` gives, for objects kept in
    object streams, their xref row ``(2, object stream, index)``.
    """
    compressed = compressed or {}
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in sorted(bodies.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_number = max([*bodies, *compressed]) + 1
    offsets[xref_number] = len(out)
    rows = [(0, 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in compressed:
            rows.append(compressed[number])
        elif number in offsets:
            rows.append((1, offsets[number], 0))
        else:
            rows.append((0, 0, 0))
    data = b"".join(bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for kind, a, b in rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        root,
        len(data),
    )
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def make_length_lie_long(path: Path) -> Path:
    """A PDF whose page content claims a ``/Length`` far beyond the end of the file."""
    objects = _one_page()
    objects[3] = stream(_PAGE_TEXT, length=10_000_000)
    path.write_bytes(raw_pdf(objects))
    return path


def make_length_lie_short(path: Path) -> Path:
    """A PDF whose page content claims a ``/Length`` of 3 bytes (the stream runs on past it)."""
    objects = _one_page()
    objects[3] = stream(_PAGE_TEXT, length=3)
    path.write_bytes(raw_pdf(objects))
    return path


def make_scripted(path: Path) -> Path:
    """A readable PDF that asks to run JavaScript on opening and to launch a program from a link."""
    objects = _one_page(
        page_extra=b"/Annots [7 0 R] /AA << /O 8 0 R >>",
        catalog_extra=b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(x) 6 0 R] >> >>",
    )
    objects.append(b"<< /S /JavaScript /JS (app.alert\\('opened'\\); this.exportDataObject\\({}\\);) >>")
    objects.append(
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] "
        b"/A << /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) "
        b"/Win << /F (cmd.exe) /P (/c calc) >> >> >>"
    )
    objects.append(b"<< /S /Launch /F (/bin/sh) >>")
    path.write_bytes(raw_pdf(objects))
    return path


def make_empty_content(path: Path) -> Path:
    """A PDF whose one page has a content stream of 0 bytes."""
    objects = _one_page(contents=b"")
    objects[3] = b"<< /Length 0 >>\nstream\n\nendstream"
    path.write_bytes(raw_pdf(objects))
    return path


def make_deep_array(path: Path, depth: int = ARRAY_DEPTH) -> Path:
    """A one-page PDF whose page dictionary holds an array nested ``depth`` levels deep."""
    nested = b"[" * depth + b"1" + b"]" * depth
    objects = _one_page(page_extra=b"/Junk " + nested + b" ")
    path.write_bytes(raw_pdf(objects))
    return path


def make_deep_dictionary(path: Path, depth: int = ARRAY_DEPTH) -> Path:
    """A one-page PDF whose catalog holds dictionaries nested ``depth`` levels deep."""
    nested = b"<< /A " * depth + b"1" + b" >>" * depth
    objects = _one_page(catalog_extra=b"/Junk " + nested + b" ")
    path.write_bytes(raw_pdf(objects))
    return path


def make_self_referencing_length(path: Path) -> Path:
    """A PDF whose content stream's ``/Length`` is a reference to the stream itself."""
    objects = _one_page()
    objects[3] = b"<< /Length 4 0 R >>\nstream\n%s\nendstream" % _PAGE_TEXT
    path.write_bytes(raw_pdf(objects))
    return path


def make_recursive_form(path: Path) -> Path:
    """A PDF whose page paints a form XObject that paints itself."""
    objects = _one_page(contents=b"/X0 Do")
    objects[2] = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /X0 6 0 R >> >> >>"
    )
    objects.append(
        stream(
            b"/X0 Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X0 6 0 R >> >> ",
        )
    )
    path.write_bytes(raw_pdf(objects))
    return path


def make_no_root(path: Path) -> Path:
    """A PDF whose trailer names a catalog that is not there."""
    objects = _one_page()
    data = raw_pdf(objects)
    path.write_bytes(re.sub(rb"/Root 1 0 R", b"/Root 9 0 R", data))
    return path


#: Every hostile file by name, with its maker.
CORPUS: dict[str, Callable[[Path], Path]] = {
    "empty": make_empty,
    "truncated": lambda path: make_truncated(path, numbered_pages(3)),
    "not-pdf-text": lambda path: make_not_pdf(path, "text"),
    "not-pdf-png": make_png,
    "not-pdf-docx": make_real_docx,
    "not-pdf-html": lambda path: make_not_pdf(path, "html"),
    "encrypted-rc4": make_rc4_protected,
    "encrypted-aes": lambda path: make_protected(path, numbered_pages(2), "unknown-to-us"),
    "broken-xref-offsets": lambda path: make_repairable(path, numbered_pages(2)),
    "broken-xref-garbage": make_xref_garbage,
    "bad-startxref": lambda path: make_bad_startxref(path, numbered_pages(2)),
    "damaged": make_damaged,
    "pageless": make_pageless_pdf,
    "no-root": make_no_root,
    "deep-outline": make_deep_outline,
    "page-tree-cycle": make_page_tree_cycle,
    "decompression-bomb": make_decompression_bomb,
    "image-bomb": make_image_bomb,
    "huge-page-count": make_huge_page_count,
    "object-stream-loop": make_object_stream_loop,
    "length-lie-long": make_length_lie_long,
    "length-lie-short": make_length_lie_short,
    "self-referencing-length": make_self_referencing_length,
    "javascript-launch": make_scripted,
    "empty-content": make_empty_content,
    "deep-array": make_deep_array,
    "deep-dictionary": make_deep_dictionary,
    "recursive-form": make_recursive_form,
}


def write_corpus(folder: Path, names: Sequence[str] | None = None) -> dict[str, Path]:
    """Write the corpus (or the files named) into ``folder``: ``{name: path}``."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: CORPUS[name](folder / f"{name}.pdf") for name in names or CORPUS}


# --- mutation fuzzing ---------------------------------------------------------------------------


def fuzz_seeds() -> dict[str, bytes]:
    """Small valid PDFs to mutate: uncompressed, compressed, with a nested outline, with an xref stream."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(numbered_pages(3)))))
    parent = None
    for level in range(4):
        parent = writer.add_outline_item(title=f"Level {level + 1}", page_number=level % 3, parent=parent)
    outlined = io.BytesIO()
    writer.write(outlined)
    bodies = dict(enumerate(_one_page(), start=1))
    return {
        "plain": pdf_bytes(numbered_pages(2), compress=False),
        "compressed": pdf_bytes(numbered_pages(3)),
        "outline": outlined.getvalue(),
        "xref-stream": xref_stream_pdf(bodies),
    }


_TOKENS = (
    b"obj",
    b"endobj",
    b"stream",
    b"endstream",
    b"R",
    b"/Length",
    b"xref",
    b"trailer",
    b"/Kids",
    b"<<",
    b">>",
)
_NUMBERS = (b"0", b"-1", b"2147483648", b"99999999999999999999", b"1e308", b"3.5", b"65535")


def mutate(data: bytes, seeds: Sequence[bytes], rng: random.Random) -> tuple[bytes, str]:
    """``data`` changed one to three times; returns the mutant and what was done to it.

    A change flips bits, inserts or deletes bytes, cuts the file short, splices in a chunk of another
    seed, or replaces a number or a keyword.
    """
    out = bytearray(data)
    done = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(("flip", "insert", "delete", "truncate", "splice", "number", "token"))
        at = rng.randrange(max(1, len(out)))
        if kind == "flip":
            for _ in range(rng.randint(1, 8)):
                spot = rng.randrange(max(1, len(out)))
                if out:
                    out[spot] ^= 1 << rng.randrange(8)
        elif kind == "insert":
            out[at:at] = rng.randbytes(rng.randint(1, 64))
        elif kind == "delete":
            del out[at : at + rng.randint(1, 256)]
        elif kind == "truncate":
            del out[max(16, at) :]
        elif kind == "splice":
            other = rng.choice(seeds)
            start = rng.randrange(len(other))
            out[at : at + rng.randint(0, 512)] = other[start : start + rng.randint(16, 1024)]
        elif kind == "number":
            found = list(re.finditer(rb"\d+", bytes(out)))
            if found:
                match = rng.choice(found)
                out[match.start() : match.end()] = rng.choice(_NUMBERS)
        else:
            token = rng.choice(_TOKENS)
            spots = [m.start() for m in re.finditer(re.escape(token), bytes(out))]
            if spots:
                spot = rng.choice(spots)
                out[spot : spot + len(token)] = rng.choice(_TOKENS)
        done.append(kind)
    return bytes(out), "+".join(done)
