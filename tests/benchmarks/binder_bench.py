"""Benchmark: a 6,000-page trial binder against qpdf merely concatenating the same files.

Run on purpose (not part of the test suite)::

    python tests/benchmarks/binder_bench.py [--runs 3] [--files 300] [--pages 6000] [--profile]

300 exhibit PDFs of varied length (1 to 60 pages of visit-note text, 6,000 pages in all) are made once and
kept in the temp folder. Each run, interleaved so that both see the same machine load, starts a fresh
process for:

- the reference: ``qpdf --empty --pages <files> -- out.pdf`` (concatenation only: no bookmarks, no stamps);
- casedesk: :func:`casedesk.exports.binder_pdf.write_binder` of a plan with the 300 files as exhibits:
  a sticker on each exhibit's first page, a Bates label on every page, a bookmark per section and
  exhibit, an exhibit index of 300 rows, the numbered contents, tab dividers and page labels.

Goal: casedesk's median at most 1.0 × the reference's, and its process's peak RSS under 500 MB. Machines
here vary 10-40 % between runs: compare the ratio, not the seconds. ``--profile`` prints where one binder
run spends its time (cProfile, top 25 by cumulative time).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GOAL = 1.0
MEMORY_GOAL_MB = 500


def corpus(files: int, pages: int) -> list[Path]:
    """``files`` exhibit PDFs of ``pages`` pages in all, made once and kept."""
    from tests.pdfs import make_medical_record

    folder = Path(tempfile.gettempdir()) / f"casedesk-binder-bench-{files}-{pages}-v1"
    done = folder / "complete"
    paths = [folder / f"exhibit-{number:03d}.pdf" for number in range(files)]
    if done.is_file():
        return paths
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(2026)
    sizes = _sizes(rng, files, pages)
    started = time.perf_counter()
    for path, size in zip(paths, sizes, strict=True):
        make_medical_record(path, rng, size)
    done.write_text("")
    print(f"{files} files, {pages:,} pages made in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return paths


def _sizes(rng: random.Random, files: int, pages: int) -> list[int]:
    """Lengths from 1 to 60 pages (most short, a few long), summing to ``pages``."""
    sizes = [max(1, min(60, int(rng.expovariate(1 / (pages / files))))) for _ in range(files)]
    while sum(sizes) != pages:
        index = rng.randrange(files)
        if sum(sizes) < pages and sizes[index] < 60:
            sizes[index] += 1
        elif sum(sizes) > pages and sizes[index] > 1:
            sizes[index] -= 1
    return sizes


def plan_for(paths: list[Path]):  # type: ignore[no-untyped-def]
    """A trial binder of the files as plaintiff's exhibits, Bates-numbered from SMITH000001."""
    from pypdf import PdfReader

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

    counts = [len(PdfReader(path).pages) for path in paths]
    entries = []
    rows = []
    first = 1
    for number, (path, count) in enumerate(zip(paths, counts, strict=True), start=1):
        name = f"Medical record {number:03d}"
        bates = BatesRun("SMITH", 6, first)
        entries.append(
            BinderEntry(
                f"Plaintiff's Exhibit {number} — {name}",
                SourcePages(path, name, 1, count, bates=bates),
                Sticker("PLAINTIFF'S EXHIBIT", str(number), StickerColour.YELLOW, "2026-CI-01234"),
            )
        )
        rows.append((str(number), name, f"{bates.label(0)}–{bates.label(count - 1)}", str(count)))
        first += count
    index = GeneratedPages(
        "Exhibit index",
        table=Table(
            ("No.", "Description", "Bates", "Pages"),
            tuple(rows),
            right_aligned=frozenset({3}),
            widths=(1, 5, 4, 1),
            total=("", "Total", "", str(sum(counts))),
        ),
        note="Verify every exhibit against the production log before trial.",
    )
    return BinderPlan(
        title="Trial Binder",
        caption=("Maria Alvarez v. John Driver", "Cause No. 2026-CI-01234"),
        cover_lines=("Prepared 21 November 2026",),
        sections=(
            BinderSection("Exhibit index", "1", entries=(BinderEntry("Exhibit index", index),)),
            BinderSection("Exhibits", "2", entries=tuple(entries)),
        ),
    )


def child(kind: str, folder: Path, out: Path, profile: bool) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    paths = sorted(folder.glob("exhibit-*.pdf"))
    if kind == "qpdf":
        started = time.perf_counter()
        subprocess.run(["qpdf", "--empty", "--pages", *map(str, paths), "--", str(out)], check=True)
        seconds = time.perf_counter() - started
        print(json.dumps({"seconds": seconds, "pages": 0}))
        return
    from casedesk.exports.binder_pdf import write_binder

    plan = plan_for(paths)  # page counts are known to the service before it writes: not timed
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        result = profiler.runcall(write_binder, plan, out)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    else:
        result = write_binder(plan, out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps({"seconds": seconds, "pages": result.page_count, "peak_kb": peak, "baseline_kb": baseline})
    )


def measure(kind: str, folder: Path, out: Path, profile: bool = False) -> dict[str, float]:
    """One fresh process's measurement."""
    command = [sys.executable, __file__, "--child", kind, str(folder), str(out)]
    if profile:
        command.append("--profile")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    if profile:
        print(done.stderr, file=sys.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, folder, out = args.child
        child(kind, Path(folder), Path(out), args.profile)
        return 0
    if shutil.which("qpdf") is None:
        print("qpdf is not installed: it is the reference", file=sys.stderr)
        return 2
    paths = corpus(args.files, args.pages)
    folder = paths[0].parent
    with tempfile.TemporaryDirectory(prefix="casedesk-binder-bench-") as temp:
        out = Path(temp)
        if args.profile:
            measure("binder", folder, out / "binder.pdf", profile=True)
            return 0
        reference: list[float] = []
        binder: list[float] = []
        peaks: list[float] = []
        pages = 0
        for _run in range(args.runs):
            reference.append(measure("qpdf", folder, out / "qpdf.pdf")["seconds"])
            run = measure("binder", folder, out / "binder.pdf")
            binder.append(run["seconds"])
            peaks.append(run["peak_kb"] / 1024)
            pages = int(run["pages"])
        sizes = {name: (out / name).stat().st_size / 1e6 for name in ("qpdf.pdf", "binder.pdf")}
    ratio = statistics.median(binder) / statistics.median(reference)
    peak = max(peaks)
    print(f"{args.files} files, {args.pages:,} source pages; binder {pages:,} pages")
    print(f"{'':34} {'median':>8} {'runs':>24} {'output':>9}")
    for label, runs, name in (
        ("qpdf --empty --pages (reference)", reference, "qpdf.pdf"),
        ("write_binder", binder, "binder.pdf"),
    ):
        median = statistics.median(runs)
        print(f"{label:34} {median:7.2f}s {_runs(runs):>24} {sizes[name]:7.1f}MB")
    print(f"ratio {ratio:.2f} (goal ≤ {GOAL:.1f}); peak RSS {peak:.0f} MB (goal < {MEMORY_GOAL_MB} MB)")
    return 0 if ratio <= GOAL and peak < MEMORY_GOAL_MB else 1


def _runs(values: list[float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)


if __name__ == "__main__":
    sys.exit(main())
