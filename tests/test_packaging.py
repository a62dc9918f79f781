"""Packaging: the start-up self-test, the desktop-integration files, the icons and the PyInstaller spec."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from casedesk import __version__, cli
from casedesk.cli import main
from casedesk.resources import ICON_SIZES, icon_paths, resource_path
from casedesk.store.casefile import CASE_FILE_SUFFIX
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
ICONS = ROOT / "resources" / "icons"


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


# --- the self-test -------------------------------------------------------------------------------


def _selftest(*argv: str) -> subprocess.CompletedProcess[str]:
    """``casedesk selftest`` in a fresh process, as an installer or CI runs it (it makes its own app)."""
    return subprocess.run(
        [sys.executable, "-m", "casedesk", "selftest", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_selftest_without_a_case_file_opens_a_temporary_demo_and_passes() -> None:
    done = _selftest("--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["problems"] == []
    assert report["rows"] > 0
    assert report["preview_rows"] == report["rows"]  # the quick preview showed the same list
    assert report["icon"] is True
    assert report["version"] == __version__
    assert report["case_file"] is None


@pytest.mark.slow
def test_selftest_opens_the_case_file_named_and_leaves_it_working(tmp_path: Path) -> None:
    path = tmp_path / f"office{CASE_FILE_SUFFIX}"
    assert main(["demo", "--db", str(path), "--cases", "12", "--today", TODAY.isoformat()]) == 0
    done = _selftest("--db", str(path))
    assert done.returncode == 0, done.stderr
    assert re.search(r"selftest OK: \d+ cases listed", done.stdout)
    assert path.is_file()
    assert main(["cases", "--db", str(path), "--json"]) == 0  # still opens afterwards


def test_selftest_refuses_a_case_file_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.sqlite"
    assert main(["selftest", "--db", str(missing)]) == 2
    assert "no case file at" in capsys.readouterr().err
    assert not missing.exists()  # never created


@pytest.mark.slow
def test_selftest_reports_a_case_file_that_is_not_one(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("these are my notes, not a case file", encoding="utf-8")
    done = _selftest("--db", str(path), "--timeout", "20")
    assert done.returncode == 1
    assert "FAILED" in done.stdout
    assert "is not a casedesk case file" in done.stderr
    assert "casedesk selftest:" in done.stderr
    assert path.read_text(encoding="utf-8") == "these are my notes, not a case file"  # left alone


def test_selftest_is_listed_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "selftest" in capsys.readouterr().out


# --- icons ---------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG file"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def test_the_icon_pngs_exist_at_every_size_listed() -> None:
    paths = icon_paths()
    assert [path.name for path in paths] == [f"casedesk-{size}.png" for size in ICON_SIZES]
    for size, path in zip(ICON_SIZES, paths, strict=True):
        assert _png_size(path) == (size, size)
    assert min(ICON_SIZES) == 16
    assert max(ICON_SIZES) == 512


def test_the_windows_icon_holds_png_images_from_16_to_256() -> None:
    data = (ICONS / "casedesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _h, _c, _r, _p, _b, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_the_macos_icon_is_a_well_formed_icns_file() -> None:
    data = (ICONS / "casedesk.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    types, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at + 4 : at + 8])[0]
        assert data[at + 8 : at + 16] == b"\x89PNG\r\n\x1a\n"
        types.append(data[at : at + 4].decode("ascii"))
        at += length
    assert at == len(data)
    assert {"icp4", "ic07", "ic08", "ic09", "ic10"} <= set(types)


def test_the_svg_source_is_there_and_found_as_a_resource() -> None:
    svg = resource_path("icons/casedesk.svg")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
