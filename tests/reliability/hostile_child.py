"""Children of the hostile-PDF tests, started with ``spawn`` so that their own children can be measured.

:func:`read_and_measure` reads files through :func:`casedesk.exports.pdf_reader.read_pdfs` and reports
each reading's problem and how long it took, then the peak resident memory of its worker processes (the
largest ``ru_maxrss`` of the children it has waited for).

:func:`render_first_pages` opens files with QtPdf, as the document viewer does, and renders each first
page: a file that brings it down brings down only this child.
"""

from __future__ import annotations

import time
from multiprocessing.connection import Connection
from pathlib import Path


def read_and_measure(
    paths: list[Path], store: Path, time_limit: float, memory_limit: int, connection: Connection
) -> None:
    """Read ``paths`` into ``store`` with one worker; send ``(results, peak worker RSS in bytes)``."""
    import resource

    from casedesk.exports.pdf_reader import PdfRequest, drop_copy, read_pdfs

    results = []
    requests = [PdfRequest(path, store) for path in paths]
    started = time.monotonic()
    for reading in read_pdfs(requests, workers=1, time_limit=time_limit, memory_limit=memory_limit):
        now = time.monotonic()
        problem = reading.problem.value if reading.problem else None
        results.append((reading.source.name, problem, reading.page_count, now - started))
        drop_copy(reading)
        started = now
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    connection.send((results, peak_kib * 1024))
    connection.close()


def render_first_pages(paths: list[Path], connection: Connection) -> None:
    """Load each file in QtPdf and render its first page, as the viewer does.

    Sends ``("rendered", name, load error, rendered?, seconds)`` per file, then ``("done", peak RSS)``.
    """
    import os
    import resource

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtPdf import QPdfDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    for path in paths:
        started = time.monotonic()
        document = QPdfDocument()
        error = document.load(str(path))
        rendered = False
        if error == QPdfDocument.Error.None_ and document.pageCount() > 0:
            image = document.render(0, QSize(306, 396))
            rendered = not image.isNull()
        document.close()
        connection.send(("rendered", path.name, error.name, rendered, time.monotonic() - started))
    del app
    connection.send(("done", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))
    connection.close()
