"""``casedesk selftest``: start the app on a case file without a screen, check it works, exit.

Installers and CI run it after installing or building casedesk: it opens a case file (a fresh demo in a
temporary folder unless ``--db`` names one), builds the main window exactly as ``casedesk`` does on the
``offscreen`` Qt platform, waits until the case file has opened and checks that the case list shows its
cases, the shipped data files load and the application has its icon. Nothing is shown on the screen and
the user's settings are left alone.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from casedesk import __version__
from casedesk.cli.common import (
    DB_ENV,
    EXIT_FAILED,
    EXIT_OK,
    UsageError,
    add_common_options,
    chosen_db_path,
    positive_int,
    print_json,
    say,
)

SELF_TEST_DEMO_CASES = 25
"""Cases in the demo case file the self-test makes when no ``--db`` is given."""

DEMO_TODAY = date(2026, 11, 21)
"""The date the self-test's demo is made as of: fixed, so every run checks the same data."""


def add_parser(commands: Any) -> None:
    """Register ``casedesk selftest`` with the subcommands of ``casedesk``."""
    parser = commands.add_parser(
        "selftest",
        help="start the app without a screen on a case file, check it works, and exit",
        description="Start casedesk's window on the offscreen Qt platform (nothing is shown), open the "
        "case file, check that the case list shows its cases, that the shipped data files load and "
        "that the application has its icon, then exit: status 0 when all is well, 1 with the "
        "problems listed otherwise. Without --db (or $" + DB_ENV + ") a demo case file is made in a "
        "temporary folder and removed afterwards. Your own settings are not touched.",
    )
    add_common_options(parser, db_help="an existing case file to open (default: a temporary demo)")
    parser.add_argument(
        "--timeout",
        type=positive_int,
        default=60,
        metavar="S",
        help="give up when the case file has not opened after S seconds (default 60)",
    )
    parser.add_argument(
        "--visible", action="store_true", help="show the window on the screen instead of offscreen"
    )
    parser.set_defaults(command=_self_test, parser=parser)


def _self_test(args: argparse.Namespace) -> int:
    """``casedesk selftest``: run the checks and report them."""
    started = time.perf_counter()
    if not args.visible:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # read when the QApplication is made, below
    named = chosen_db_path(args)
    with tempfile.TemporaryDirectory(prefix="casedesk-selftest-") as folder:
        if named is None:
            path = Path(folder) / "selftest-demo.sqlite"
            _make_demo(path)
        elif isinstance(named, str):
            raise UsageError("selftest opens a case file on this computer; give a .sqlite file, not a URL")
        elif not named.is_file():
            raise UsageError(f"no case file at {named}; give an existing one, or no --db for a demo")
        else:
            path = named
        problems = _data_problems()
        result = _window_checks(path, Path(folder) / "settings.ini", args.timeout)
    result["problems"] = problems + result["problems"]
    result.update(version=__version__, case_file=None if named is None else str(named))
    result["total_s"] = round(time.perf_counter() - started, 3)
    if args.json:
        print_json(result)
    else:
        print(_summary(result))
    for problem in result["problems"]:
        say(f"casedesk selftest: {problem}")
    return EXIT_FAILED if result["problems"] else EXIT_OK


def _make_demo(path: Path) -> None:
    from casedesk.services.demo import create_demo

    create_demo(path, today=DEMO_TODAY, cases=SELF_TEST_DEMO_CASES, seed=1, files_for=0)


def _data_problems() -> list[str]:
    """The shipped data files that do not load (each is read and validated as the app reads it)."""
    from casedesk import resources

    loaders: dict[str, Callable[[], object]] = {
        "jurisdictions": resources.jurisdictions,
        "fault rules": resources.fault_rules,
        "severity bands": resources.severity_bands,
        "limitation periods": resources.limitation_periods,
        "questionnaires": resources.questionnaires,
        "application icon": resources.icon_paths,
    }
    problems = []
    for name, load in loaders.items():
        try:
            if not load():
                problems.append(f"the shipped {name}: none found")
        except Exception as exc:  # report every broken file, not just the first
            problems.append(f"the shipped {name} do not load: {exc}")
    return problems


def _window_checks(path: Path, settings_file: Path, timeout: float) -> dict[str, Any]:
    """Start the window on ``path`` as the app does and report what it showed."""
    from casedesk.app import run_self_test

    report = run_self_test(path, settings_file, timeout)
    return {
        "preview_rows": report.preview_rows,
        "rows": report.rows,
        "shown_s": round(report.shown_s, 3),
        "shown_at": report.shown_at,
        "opened_s": None if report.opened_s is None else round(report.opened_s, 3),
        "icon": report.icon,
        "problems": list(report.problems),
    }


def _summary(result: dict[str, Any]) -> str:
    """One line: what was opened, how fast, and whether it worked."""
    opened = "never" if result["opened_s"] is None else f"{result['opened_s']:.2f} s"
    verdict = "OK" if not result["problems"] else f"FAILED ({len(result['problems'])} problems)"
    return (
        f"casedesk {result['version']} selftest {verdict}: {result['rows']} cases listed; "
        f"window shown after {result['shown_s']:.2f} s, case file open after {opened}"
    )
