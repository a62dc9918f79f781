"""Make casedesk's icon files from its SVG source with Qt's SVG renderer.

Reads ``resources/icons/casedesk.svg`` and writes beside it ``casedesk-<size>.png`` for every size in
``casedesk.resources.ICON_SIZES``, ``casedesk.ico`` (Windows: 16-256 px, PNG-compressed) and
``casedesk.icns`` (macOS: 16-1024 px). Run it after changing the SVG and commit what it writes::

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "casedesk.svg"

ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
"""Sizes in the Windows icon (256 is the largest an .ico entry holds)."""

ICNS_TYPES = (
    ("icp4", 16),
    ("icp5", 32),
    ("icp6", 64),
    ("ic07", 128),
    ("ic08", 256),
    ("ic09", 512),
    ("ic10", 1024),
    ("ic11", 32),
    ("ic12", 64),
    ("ic13", 256),
    ("ic14", 512),
)
"""The macOS icon's entries: OSType and pixel size (ic11-ic14 and ic10 are the Retina @2x images)."""


def render_png(size: int) -> bytes:
    """The SVG drawn at ``size`` x ``size`` pixels on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit(f"could not encode the {size} px icon as PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico file holding the PNG ``images`` (by size); PNG entries are valid since Vista."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        png = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns file: one PNG entry per OSType of :data:`ICNS_TYPES`."""
    body = b"".join(
        ostype.encode("ascii") + struct.pack(">I", 8 + len(images[size])) + images[size]
        for ostype, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every icon file; prints what it wrote."""
    from PySide6.QtGui import QGuiApplication

    sys.path.insert(0, str(ROOT))
    from casedesk.resources import ICON_SIZES

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted({*ICON_SIZES, *ICO_SIZES, *(size for _type, size in ICNS_TYPES)})
    images = {size: render_png(size) for size in sizes}
    written = []
    for size in ICON_SIZES:
        path = ICONS / f"casedesk-{size}.png"
        path.write_bytes(images[size])
        written.append(path)
    (ICONS / "casedesk.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    (ICONS / "casedesk.icns").write_bytes(icns(images))
    written += [ICONS / "casedesk.ico", ICONS / "casedesk.icns"]
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
