"""``python -m casedesk``, and the entry point of the bundled app: the same as the ``casedesk`` command."""

from __future__ import annotations

import multiprocessing
import os
import sys


def run() -> int:
    """Run ``casedesk`` (see :func:`casedesk.cli.main`); in a bundled app, first serve worker processes.

    Document import reads PDFs in worker processes started with the ``spawn`` method: in a bundled app a
    worker is this same executable started again, and ``freeze_support`` turns it into the worker (and
    exits when its work is done) before any of the app starts.
    """
    multiprocessing.freeze_support()
    # A windowed app on Windows has no console: messages meant for one must not crash it.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    from casedesk.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
