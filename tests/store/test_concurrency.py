"""Two connections on one case file: a stale save is refused naming who changed what, nothing is lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy.exc import OperationalError

from casedesk.domain.cases import Case, Client
from casedesk.domain.errors import ConflictError
from casedesk.services.casefiles import Services
from casedesk.store.casefile import CaseFile

MakeCase = Callable[..., Case]
MakeClient = Callable[..., Client]


def case_file_of(services: Services) -> CaseFile:
    return services._case_file


def test_poll_notices_another_connections_save_but_not_its_own(
    services: Services, open_case: Callable[..., Services], make_client: MakeClient
) -> None:
    """Another connection's saved change is news once; this connection's own saves are not."""
    other = open_case()
    try:
        mine, theirs = services.changes, other.changes
        assert (mine.poll(), theirs.poll()) == (False, False)  # the first poll starts watching
        client = make_client()  # saved through my connection
        assert mine.poll() is False
        assert theirs.poll() is True
        assert theirs.poll() is False
        other.cases.update_client(replace(client, phone="(512) 555-0199"), expected=client)
        assert mine.poll() is True
        assert mine.poll() is False
        assert theirs.poll() is False
    finally:
        other.close()


def test_second_save_of_the_same_case_is_refused_naming_the_first_change(
    services: Services, open_case: Callable[..., Services], make_case: MakeCase
) -> None:
    """Both read a case and both save: the second is refused with who changed what; the first's stays."""
    case = make_case()
    other = open_case()
    try:
        mine = services.cases.get_case(case.id or 0)
        theirs = other.cases.get_case(case.id or 0)
        other.cases.update_case(replace(theirs, caption="Alvarez v. Metro Transit"), expected=theirs)
        with pytest.raises(ConflictError) as refused:
            services.cases.update_case(replace(mine, jurisdiction="CA"), expected=mine)
        error = refused.value
        assert error.by == other.user
        assert error.changes == (("Caption", case.caption, "Alvarez v. Metro Transit"),)
        assert f"{other.user} changed this case after you opened it" in error.message
        assert isinstance(error.current, Case)
        stored = services.cases.get_case(case.id or 0)
        assert (stored.caption, stored.jurisdiction) == ("Alvarez v. Metro Transit", "TX")
        # "Keep Mine": saving again against what is stored now replaces it, knowingly.
        services.cases.update_case(replace(mine, jurisdiction="CA"), expected=error.current)
        stored = other.cases.get_case(case.id or 0)
        assert (stored.caption, stored.jurisdiction) == (case.caption, "CA")
    finally:
        other.close()


def test_two_connections_racing_on_one_client_lose_no_update(
    services: Services, open_case: Callable[..., Services], make_client: MakeClient
) -> None:
    """Two threads, each on its own connection, save the same client many times: none is lost.

    Every acknowledged save is in the row (its text and its version); the others were refused, never
    overwritten. (On SQLite, where a laptop has one writer, a save that meets another connection's write
    in progress fails with "database is locked" and is retried like a refused one.)
    """
    client = make_client(notes="")
    saves = 25
    acknowledged: list[int] = []
    refused: list[int] = []
    failures: list[BaseException] = []

    def work(which: Services, mark: str) -> None:
        try:
            for _ in range(saves):
                while True:
                    seen = which.cases.get_client(client.id or 0)
                    try:
                        which.cases.update_client(replace(seen, notes=seen.notes + mark), expected=seen)
                    except ConflictError:
                        refused.append(1)
                        continue
                    except OperationalError as exc:
                        if "locked" not in str(exc):
                            raise
                        refused.append(1)
                        continue
                    acknowledged.append(1)
                    break
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    other = open_case()
    try:
        threads = [
            threading.Thread(target=work, args=(services, "a")),
            threading.Thread(target=work, args=(other, "b")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        assert not failures, failures
        notes = services.cases.get_client(client.id or 0).notes
        assert len(acknowledged) == 2 * saves
        assert (notes.count("a"), notes.count("b")) == (saves, saves)
        with case_file_of(services).session() as session:
            from casedesk.store.cases import ClientRow

            row = session.get(ClientRow, client.id)
            assert row is not None and row.version == 1 + 2 * saves
    finally:
        other.close()


def test_stale_saves_of_a_timeline_entry_and_an_expense_are_refused(
    services: Services, open_case: Callable[..., Services], make_case: MakeCase
) -> None:
    """Timeline entries and expenses refuse a save made on a stale copy, naming who changed what."""
    from tests.services.test_expenses import expense
    from tests.services.test_timeline import call

    case_id = make_case().id or 0
    activity = services.timeline.add(call(case_id, 2, subject="Called the adjuster"))
    cost = services.expenses.add(expense(case_id))
    other = open_case()
    try:
        theirs = other.timeline.update(replace(activity, subject="Called the adjuster twice"), activity)
        with pytest.raises(ConflictError) as refused:
            services.timeline.update(replace(activity, body="No answer"), expected=activity)
        assert refused.value.by == other.user
        assert refused.value.changes == (("Subject", "Called the adjuster", "Called the adjuster twice"),)
        assert (
            services.timeline.update(replace(theirs, body="No answer"), expected=theirs).body == "No answer"
        )

        other.expenses.update(replace(cost, payee="Records Co."), expected=cost)
        with pytest.raises(ConflictError, match="Payee"):
            services.expenses.update(replace(cost, description="Copies"), expected=cost)
    finally:
        other.close()


def _save_many(url: str, documents: str, client_id: int, mark: str, saves: int) -> tuple[int, int, float]:
    """In another process: save the client ``saves`` times, each on a fresh read, retrying refused saves.

    Returns (saves acknowledged, saves refused, seconds per acknowledged save).
    """
    import time
    from pathlib import Path

    from tests.conftest import open_target

    opened = open_target(url, documents=Path(documents))
    acknowledged = refused = 0
    started = time.perf_counter()
    try:
        while acknowledged < saves:
            seen = opened.cases.get_client(client_id)
            try:
                opened.cases.update_client(replace(seen, notes=seen.notes + mark), expected=seen)
            except ConflictError:
                refused += 1
                continue
            acknowledged += 1
    finally:
        opened.close()
    return acknowledged, refused, (time.perf_counter() - started) / max(acknowledged, 1)


def test_two_processes_racing_on_one_client_lose_no_update(
    services: Services,
    database: str,
    case_target: object,
    make_client: MakeClient,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two casedesk processes on one firm database save the same client 40 times each: none is lost."""
    if database != "postgresql":
        pytest.skip("a laptop's case file has one writing casedesk at a time (the lock)")
    import multiprocessing
    import os

    client = make_client(notes="")
    saves = 40
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        results = pool.starmap(
            _save_many,
            [
                (str(case_target), os.environ["CASEDESK_DOCUMENTS"], client.id or 0, mark, saves)
                for mark in ("a", "b")
            ],
        )
    notes = services.cases.get_client(client.id or 0).notes
    assert [acknowledged for acknowledged, _, _ in results] == [saves, saves]
    assert (notes.count("a"), notes.count("b")) == (saves, saves)
    with case_file_of(services).session() as session:
        from casedesk.store.cases import ClientRow

        row = session.get(ClientRow, client.id)
        assert row is not None and row.version == 1 + 2 * saves
    with capsys.disabled():
        refused = sum(r for _, r, _ in results)
        per_save = max(s for _, _, s in results)
        print(
            f"\n2 processes x {saves} saves of one client: {refused} refused and retried, 0 lost; "
            f"{per_save * 1000:.1f} ms per acknowledged save (slowest process)"
        )
