"""casedesk benchmarks: start-up, opening a case, filtering the list, memory, the calendar's queries.

Run on purpose (not part of the test suite)::

    QT_QPA_PLATFORM=offscreen python tests/benchmarks/run.py [--cases 10000] [--runs 9]

Prints a table of medians. Start-up is compared, in the same run, with a bare PySide6 script that shows
a QMainWindow with a 10,000-row table view (the reference); machines here vary 10-40 % between runs,
so only the ratio is meaningful. The calendar's week agenda is compared with the same rows read by a bare
sqlite3 query (the reference): the ratio is what the service adds (participants, tasks, ordering, objects).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = Path(__file__).with_name("startup_probe.py")


def make_demo(folder: Path, cases: int) -> Path:
    """A demo case file of ``cases`` cases, made with the casedesk CLI."""
    path = folder / "demo.sqlite"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "casedesk", "demo", "--db", str(path), "--cases", str(cases), "--seed", "1"],
        check=True,
    )
    print(f"demo file with {cases:,} cases made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def time_probe(args: list[str]) -> dict[str, dict[str, float]]:
    """Each event the probe reports, with the wall time from spawning it to that report."""
    started = time.perf_counter()
    events: dict[str, dict[str, float]] = {}
    with subprocess.Popen(
        [sys.executable, str(PROBE), *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    ) as probe:
        assert probe.stdout is not None
        for line in probe.stdout:
            report = json.loads(line)
            events[report.pop("event")] = report | {"seconds": time.perf_counter() - started}
    if probe.returncode != 0 or "painted" not in events:
        raise RuntimeError(f"start-up probe {args} failed: {events}")
    return events


def bench_startup(db: Path, folder: Path, runs: int, rows: int) -> dict[str, float]:
    """Median start-up of casedesk and of the bare reference, interleaved run by run."""
    settings = folder / "settings.ini"
    time_probe(["bare", str(rows)])  # warm the file cache for both
    time_probe(["casedesk", str(db), str(settings)])
    bare, painted, opened, rss = [], [], [], []
    for _ in range(runs):
        bare.append(time_probe(["bare", str(rows)])["painted"]["seconds"])
        events = time_probe(["casedesk", str(db), str(settings)])
        assert events["painted"]["rows"] > rows // 2, events  # the default view lists the open cases
        painted.append(events["painted"]["seconds"])
        opened.append(events["opened"]["seconds"])
        rss.append(events["opened"]["peak_rss_mb"])
    return {
        "bare_s": statistics.median(bare),
        "casedesk_s": statistics.median(painted),
        "ratio": statistics.median(painted) / statistics.median(bare),
        "fully_open_s": statistics.median(opened),
        "peak_rss_mb": max(rss),
    }


def bench_in_process(db: Path, folder: Path, samples: int) -> dict[str, float]:
    """Opening cases in the workspace, and the case-list query behind each pause in typing."""
    from PySide6.QtCore import QSettings

    from casedesk.app import application, build_main_window

    app = application()
    window = build_main_window(db, QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    app.processEvents()
    window.show()
    app.processEvents()
    assert window.case_list is not None and window.workspace is not None
    model = window.case_list.model
    rng = random.Random(7)
    ids = [model.case_id(rng.randrange(model.rowCount())) for _ in range(samples)]
    opened = []
    for case_id in ids:
        started = time.perf_counter()
        window.workspace.set_case(case_id)
        app.processEvents()
        opened.append(time.perf_counter() - started)
    typed = []
    for word in ("garcia", "pi-2023", "v. city", "nguyen"):
        for end in range(1, len(word) + 1):
            window.case_list.search.setText(word[:end])
            started = time.perf_counter()
            window.case_list.refresh()
            app.processEvents()
            typed.append(time.perf_counter() - started)
    import resource

    return {
        "open_case_median_ms": statistics.median(opened) * 1000,
        "open_case_p95_ms": sorted(opened)[int(len(opened) * 0.95) - 1] * 1000,
        "filter_median_ms": statistics.median(typed) * 1000,
        "filter_max_ms": max(typed) * 1000,
        "in_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def bench_calendar(db: Path, samples: int) -> dict[str, float]:
    """The Today page's queries and a case's calendar, through the service; a bare sqlite3 reference."""
    import sqlite3
    from datetime import timedelta

    from casedesk.domain.cases import CaseQuery
    from casedesk.services.casefiles import open_services

    services = open_services(db)
    try:
        today = services.calendar.today()
        week = timedelta(days=7)
        case_ids = [s.id for s in services.cases.list_cases(CaseQuery())]
        rng = random.Random(11)
        timings: dict[str, list[float]] = {
            "week": [],
            "month": [],
            "reminders": [],
            "case": [],
            "reference": [],
        }
        raw = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        for _ in range(samples):
            for name, call in (
                ("week", lambda: services.calendar.range(today, today + week)),
                ("month", lambda: services.calendar.range(today, today + timedelta(days=31))),
                ("reminders", services.calendar.due_reminders),
                ("case", lambda: services.calendar.case_calendar(rng.choice(case_ids))),
                (
                    "reference",
                    lambda: raw.execute(
                        "SELECT * FROM events WHERE day BETWEEN ? AND ? OR (day < ? AND done_on IS NULL) "
                        "ORDER BY day, starts_at",
                        (today.isoformat(), (today + week).isoformat(), today.isoformat()),
                    ).fetchall(),
                ),
            ):
                started = time.perf_counter()
                call()
                timings[name].append(time.perf_counter() - started)
        raw.close()
    finally:
        services.close()
    medians = {name: statistics.median(values) * 1000 for name, values in timings.items()}
    return {
        "agenda_week_ms": medians["week"],
        "agenda_month_ms": medians["month"],
        "due_reminders_ms": medians["reminders"],
        "case_calendar_ms": medians["case"],
        "week_vs_sqlite_ratio": medians["week"] / medians["reference"],
    }


def main() -> None:
    """Run every benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--samples", type=int, default=60)
    options = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = make_demo(folder, options.cases)
        results = bench_startup(db, folder, options.runs, options.cases)
        results |= bench_in_process(db, folder, options.samples)
        results |= bench_calendar(db, options.samples)
    goals = {
        "ratio": "<= 1.5",
        "open_case_median_ms": "< 100",
        "peak_rss_mb": "< 300",
        "filter_max_ms": "no typing blocked (debounced, 150 ms)",
        "agenda_week_ms": "< 100 (Today page)",
        "case_calendar_ms": "< 50",
    }
    print(f"\n{'measure':<26}{'value':>12}  goal")
    for key, value in results.items():
        print(f"{key:<26}{value:>12.3f}  {goals.get(key, '')}")


if __name__ == "__main__":
    main()
