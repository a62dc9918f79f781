"""Start-up of the bundled app: from launching ``dist/casedesk/casedesk`` to its first window shown.

Run on purpose, after building the bundle (``packaging/build.sh``)::

    python tests/benchmarks/bundle_startup.py [--bundle dist/casedesk/casedesk] [--cases 200] [--runs 5]
    python tests/benchmarks/bundle_startup.py --display :95     # a real X window under Xvfb

Each run is a fresh process of the bundled program running ``selftest --db DEMO`` on a demo case file:
it starts the window exactly as ``casedesk --db DEMO`` does (the case list from the quick read-only
preview, the full open on a worker thread after the first paint) and reports the moment the window was
shown; the time is counted from just before the process was launched. One warm-up run is not counted
(the first launch after a build reads the bundle from disk). Prints the median of the runs and exits 1
when it is not under the goal (2 s).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOAL_S = 2.0


def launch(bundle: Path, db: Path, display: str | None) -> dict[str, float]:
    """One launch of the bundled app: seconds to the window shown and to the case file open."""
    env = dict(os.environ)
    argv = [str(bundle), "selftest", "--db", str(db), "--json"]
    if display:
        env["DISPLAY"] = display
        env.pop("QT_QPA_PLATFORM", None)
        argv.append("--visible")
    launched = time.time()
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)
    ended = time.time()
    if done.returncode != 0:
        raise SystemExit(f"the bundled app failed (status {done.returncode}):\n{done.stdout}\n{done.stderr}")
    report = json.loads(done.stdout)
    shown = report["shown_at"] - launched
    return {
        "shown_s": round(shown, 3),
        "opened_s": round(shown - report["shown_s"] + report["opened_s"], 3),
        "process_s": round(ended - launched, 3),
        "rows": report["rows"],
    }


def main() -> int:
    """Measure and print the medians as JSON."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "casedesk" / "casedesk")
    parser.add_argument("--cases", type=int, default=200, help="cases in the demo case file (default 200)")
    parser.add_argument("--runs", type=int, default=5, help="measured launches (default 5)")
    parser.add_argument("--display", help="an X display (e.g. Xvfb's :95) instead of offscreen")
    args = parser.parse_args()
    if not args.bundle.is_file():
        raise SystemExit(f"no bundled app at {args.bundle}: build it with packaging/build.sh")
    with tempfile.TemporaryDirectory(prefix="casedesk-bundle-bench-") as folder:
        db = Path(folder) / "demo.sqlite"
        subprocess.run(
            [str(args.bundle), "demo", "--db", str(db), "--cases", str(args.cases), "--today", "2026-11-21"],
            check=True,
            capture_output=True,
        )
        launch(args.bundle, db, args.display)  # warm-up
        runs = [launch(args.bundle, db, args.display) for _ in range(args.runs)]
    median = {
        key: statistics.median(run[key] for run in runs) for key in ("shown_s", "opened_s", "process_s")
    }
    result = {
        "bundle": str(args.bundle),
        "platform": f"xcb on {args.display}" if args.display else "offscreen",
        "cases": args.cases,
        "runs": runs,
        "median_shown_s": median["shown_s"],
        "median_opened_s": median["opened_s"],
        "median_process_s": median["process_s"],
        "goal_s": GOAL_S,
        "under_goal": median["shown_s"] < GOAL_S,
    }
    print(json.dumps(result, indent=2))
    return 0 if result["under_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
