"""Packaging: the start-up self-test, the desktop-integration files, the icons and the PyInstaller spec."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from casedesk import __version__, cli
from casedesk.app import FileOpenHandler, build_main_window
from casedesk.cli import main
from casedesk.resources import ICON_SIZES, icon_paths, resource_path
from casedesk.store.casefile import APPLICATION_ID, CASE_FILE_SUFFIX
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


# --- desktop integration (Linux) -----------------------------------------------------------------

LINUX = PACKAGING / "linux"
APP_ID = "org.casedesk.casedesk"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / f"{APP_ID}.mime.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_desktop_file_opens_case_files_with_casedesk() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "casedesk --db %f"
    assert entry["Icon"] == APP_ID
    assert "application/x-casedesk" in entry["MimeType"].split(";")
    assert entry["Terminal"] == "false"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_desktop_file_validates() -> None:
    done = subprocess.run(
        ["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""  # not even a hint


def test_the_metainfo_names_the_app_its_desktop_file_and_this_version() -> None:
    root = ElementTree.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name  # type: ignore[union-attr]
    assert root.findtext("name") == "casedesk"
    assert root.findtext("summary")
    releases = root.findall("releases/release")
    assert releases[0].get("version") == __version__  # the newest release comes first
    assert [m.text for m in root.findall("provides/mediatype")] == ["application/x-casedesk"]


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstream not installed")
def test_the_metainfo_validates() -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_case_file_type_is_recognized_by_casedesks_application_id() -> None:
    root = ElementTree.parse(MIME).getroot()
    (kind,) = root.findall(f"{MIME_NS}mime-type")
    assert kind.get("type") == "application/x-casedesk"
    assert kind.find(f"{MIME_NS}sub-class-of").get("type") == "application/vnd.sqlite3"  # type: ignore[union-attr]
    header = kind.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert header is not None
    assert header.get("value") == "SQLite format 3\\000"
    application_id = header.find(f"{MIME_NS}match")
    assert application_id is not None
    assert (application_id.get("type"), application_id.get("offset")) == ("big32", "68")
    assert int(application_id.get("value", ""), 16) == APPLICATION_ID
    assert kind.findall(f"{MIME_NS}glob") == []  # .sqlite is every SQLite file's suffix


def test_a_case_file_carries_the_id_the_file_type_looks_for(tmp_path: Path) -> None:
    path = tmp_path / f"office{CASE_FILE_SUFFIX}"
    assert main(["demo", "--db", str(path), "--cases", "2", "--today", TODAY.isoformat()]) == 0
    head = path.read_bytes()[:72]
    assert head.startswith(b"SQLite format 3\x00")
    assert struct.unpack(">I", head[68:72])[0] == APPLICATION_ID


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info not installed")
@pytest.mark.skipif(shutil.which("gio") is None, reason="gio not installed")
def test_the_desktop_tells_a_case_file_from_another_sqlite_file(tmp_path: Path) -> None:
    system = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if not system.is_file():
        pytest.skip("no freedesktop.org MIME database")
    packages = tmp_path / "xdg" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(system, packages)
    shutil.copy(MIME, packages / f"{APP_ID}.xml")
    subprocess.run(["update-mime-database", str(packages.parent)], check=True, capture_output=True)
    case_file = tmp_path / "office.sqlite"
    assert main(["demo", "--db", str(case_file), "--cases", "2", "--today", TODAY.isoformat()]) == 0
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    env = {"PATH": os.environ["PATH"], "XDG_DATA_DIRS": str(tmp_path / "xdg"), "XDG_DATA_HOME": str(tmp_path)}
    done = subprocess.run(
        ["gio", "info", "-a", "standard::content-type", str(case_file), str(other)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    found = re.findall(r"standard::content-type: (\S+)", done.stdout)
    assert found == ["application/x-casedesk", "application/vnd.sqlite3"]


def _fake_bundle(folder: Path) -> Path:
    """A folder laid out like the Linux download: casedesk/ (a stand-in program and its icons), share/."""
    app = folder / "casedesk"
    (app / "_internal" / "casedesk").mkdir(parents=True)
    shutil.copytree(ICONS, app / "_internal" / "casedesk" / "resources" / "icons")
    program = app / "casedesk"
    program.write_text("#!/bin/sh\necho casedesk 0.0.0\n", encoding="utf-8")
    program.chmod(0o755)
    for sub, source, name in (
        ("applications", DESKTOP, DESKTOP.name),
        ("metainfo", METAINFO, METAINFO.name),
        ("mime/packages", MIME, f"{APP_ID}.xml"),
    ):
        (folder / "share" / sub).mkdir(parents=True, exist_ok=True)
        shutil.copy(source, folder / "share" / sub / name)
    shutil.copy(LINUX / "install.sh", folder / "install.sh")
    return folder / "install.sh"


def test_install_sh_installs_the_menu_entry_icons_and_file_type_and_removes_them(tmp_path: Path) -> None:
    script = _fake_bundle(tmp_path / "download")
    prefix = tmp_path / "prefix"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PREFIX": str(prefix)}
    subprocess.run(["bash", str(script)], env=env, check=True, capture_output=True)
    desktop = prefix / "share" / "applications" / DESKTOP.name
    assert f"Exec={prefix}/lib/casedesk/casedesk --db %f" in desktop.read_text(encoding="utf-8")
    assert (prefix / "share" / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (prefix / "share" / "metainfo" / METAINFO.name).is_file()
    for size in ICON_SIZES:
        assert _png_size(
            prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ) == (
            size,
            size,
        )
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    ran = subprocess.run([str(prefix / "bin" / "casedesk")], capture_output=True, text=True, check=True)
    assert ran.stdout.startswith("casedesk")

    subprocess.run(["bash", str(script), "--uninstall"], env=env, check=True, capture_output=True)
    assert not (prefix / "lib" / "casedesk").exists()
    assert not (prefix / "bin" / "casedesk").exists()
    assert not desktop.exists()
    assert not list((prefix / "share" / "icons").rglob("*.png"))


# --- the PyInstaller spec, the build script and the Windows installer ---------------------------

SPEC = PACKAGING / "casedesk.spec"


def test_the_spec_builds_a_windowed_one_folder_app_named_casedesk() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert "COLLECT(" in spec
    assert 'NAME = "casedesk"' in spec
    assert "console=False" in spec
    assert "from casedesk import __version__" in spec
    assert '"CFBundleIdentifier": IDENTIFIER' in spec
    assert 'IDENTIFIER = "org.casedesk.casedesk"' in spec
    assert "CFBundleDocumentTypes" in spec


def test_the_spec_names_resources_that_exist() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    assert (ROOT / "casedesk" / "__main__.py").is_file()
    assert (ICONS / "casedesk.ico").is_file()
    assert (ICONS / "casedesk.icns").is_file()
    migrations = ROOT / "casedesk" / "store" / "migrations"
    for pattern in re.findall(r'"((?:versions/)?\*\.(?:py|mako))"', spec):
        assert list(migrations.glob(pattern)), pattern
    assert (migrations / "env.py").is_file()
    assert '(str(ROOT / "resources"), "casedesk/resources")' in spec
    assert resource_path("jurisdictions.csv").is_relative_to(ROOT / "resources")


def test_the_hidden_imports_the_spec_names_exist() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    block = spec[spec.index("hiddenimports = [") : spec.index("]\n", spec.index("hiddenimports = ["))]
    names = re.findall(r'^\s+"([\w.]+)",', block, flags=re.MULTILINE)
    assert "alembic.op" in names
    for name in names:
        assert importlib.util.find_spec(name) is not None, name


def test_the_spec_leaves_out_no_qt_module_casedesk_uses() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    excluded = set(re.findall(r'"(Qt\w+)"', spec))
    used = set()
    for path in (ROOT / "casedesk").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert used
    assert not used & excluded


def test_the_scripts_are_valid_bash_and_executable() -> None:
    for script in (PACKAGING / "build.sh", PACKAGING / "smoke_test.sh", LINUX / "install.sh"):
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"
        subprocess.run(["bash", "-n", str(script)], check=True)


def test_the_windows_installer_installs_the_built_folder_and_offers_to_open_case_files() -> None:
    iss = (PACKAGING / "windows" / "casedesk.iss").read_text(encoding="utf-8")
    windows = PACKAGING / "windows"
    source = re.search(r'#define SourceDir "(.+)"', iss)
    assert source is not None
    assert (windows / source.group(1).replace("\\", "/")).resolve() == ROOT / "dist" / "casedesk"
    icon = re.search(r"^SetupIconFile=(.+)$", iss, flags=re.MULTILINE)
    assert icon is not None
    assert (windows / icon.group(1).replace("\\", "/")).resolve() == ICONS / "casedesk.ico"
    assert f"{CASE_FILE_SUFFIX}\\OpenWithProgids" in iss
    assert '--db ""%1""' in iss
    assert "PrivilegesRequired=lowest" in iss
    assert "ChangesAssociations=yes" in iss


def test_python_m_casedesk_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "casedesk", "--version"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.strip() == f"casedesk {__version__}"


# --- opening a case file the system hands to the app (macOS Finder) ------------------------------


def test_a_case_file_the_system_asks_to_open_opens_in_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    for path in (first, second):
        assert main(["demo", "--db", str(path), "--cases", "3", "--today", TODAY.isoformat()]) == 0
    window = build_main_window(first, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    app = QApplication.instance()
    assert app is not None
    handler = FileOpenHandler(window)
    app.installEventFilter(handler)
    try:
        assert window.services is not None
        assert window.services.path == first
        QApplication.sendEvent(app, QFileOpenEvent(str(second)))
        assert window.services is not None
        assert window.services.path == second
        assert "second.sqlite" in window.windowTitle()
    finally:
        app.removeEventFilter(handler)
        window.close()
