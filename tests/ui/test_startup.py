"""What start-up costs: the heavy export and migration libraries stay out of a normal start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from casedesk.services.casefiles import open_services

PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from casedesk.app import application, build_main_window
app = application()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
window = build_main_window(Path(sys.argv[1]), settings)
window.show()
app.processEvents()
print(json.dumps({"modules": sorted(sys.modules), "title": window.windowTitle()}))
window.close()
"""


def test_start_up_does_not_import_heavy_libraries(db_path: Path, tmp_path: Path) -> None:
    """Opening the window on an up-to-date case file imports neither pypdf, openpyxl nor alembic."""
    open_services(db_path, create=True).close()
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "settings.ini")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["title"] == "cases.sqlite — casedesk"
    loaded = {name.split(".")[0] for name in report["modules"]}
    assert not loaded & {"pypdf", "openpyxl", "alembic"}
