"""Benchmark: case managers working at the same time on one firm database (PostgreSQL on this machine).

Run on purpose (not part of the test suite)::

    python tests/benchmarks/firm_bench.py [--quick] [--workers 10] [--cases 200] [--seconds 40]
                                          [--think 0.05] [--json report.json] [--keep]

The server is ``$CASEDESK_TEST_PG`` (a URL whose role may create databases), else the loopback recipe's
address (``tests/firm_server.py``). A firm database of ``--cases`` cases (each with a client, timeline
entries and expenses) is made once through the services, with one account per case manager, and copied
(``CREATE DATABASE … TEMPLATE``) for each run. Each simulated case manager is a process of its own
(forkserver) that opens the database with ``open_services(url, documents=…)``, signs in as its own
person and, until the time is up, does a mix of what a case manager does, mostly on its own cases:

- ``list``: the case list, with a search typed (the ids in order, then the first page of rows);
- ``workspace``: a case's overview, timeline, expense ledger and calendar;
- ``add_entry``: a timeline entry (a call) on one of its cases or a shared one;
- ``add_expense`` / ``edit_expense``: an expense added to one of its cases, or one of them edited;
- ``edit_case``: one of its cases moved on (status, next action);
- ``edit_shared``: one of a few shared ("hot") cases that every case manager edits: the case is read,
  edited for ``--edit`` seconds and saved with the case as read; a save refused because someone else
  saved first (``ConflictError``) is counted and tried again after reading the case again, as a person
  would. Its timing is of the read and the save, not of the editing.

Between operations a case manager waits ``--think`` seconds (people take longer; this is a stress).
Every acknowledged write is remembered: the ids of the entries and expenses added, the last notes and
amount of each expense edited, the last next action of each case edited, and one line per save appended
to a shared case's facts. At the end, from a new connection: all of them must be in the database as
acknowledged, and each shared case's version must be 1 + the number of acknowledged saves. Anything else
is a lost update (there must be none).

References, in the same run: the same mix with one case manager on the firm database, and with one on a
SQLite case file (the laptop); the bare round trip of a one-row query through psycopg (the floor any
operation on the server pays); and PostgreSQL's pgbench (simple-update) with as many clients: the server's
own speed here. The table's last columns are how many SQL statements each kind of operation sends and the
worker's own CPU time for it (medians, one case manager). Machines here vary 10-40 % between runs, and
more when others use them (the first line printed is the load average): compare the ratios.

``--think 0.5 --edit 0.5`` is closer to people's pace (still quicker than anyone works); the default is a
stress. Here the ten case managers share the server's cores; in a firm each has a computer of their own.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgresql+psycopg://casedesk:casedesk@127.0.0.1:54329/casedesk"
PASSWORD = "firm bench password 2026"
HOT_CASES = 3
OPERATIONS = {  # kind: weight in the mix
    "list": 14,
    "workspace": 30,
    "add_entry": 18,
    "add_expense": 10,
    "edit_expense": 8,
    "edit_case": 8,
    "edit_shared": 12,
}
SEARCHES = ("", "client 01", "pi-2026-00", "v. driver", "driver 1", "client 1")
STATUSES = ("intake", "treating", "demand", "negotiation", "litigation")
MAX_TRIES = 50
#: Imported once by the fork server, so that each worker starts without importing them again.
PRELOAD = ["casedesk.services.casefiles", "sqlalchemy.dialects.postgresql.psycopg", "psycopg"]


def account(worker: int) -> str:
    """The account name of case manager ``worker``."""
    return f"cm{worker:02d}"


# --- the firm database and the laptop file ---------------------------------------------------------


class Server:
    """The PostgreSQL server, through an autocommit connection to its ``postgres`` database."""

    def __init__(self, url: str) -> None:
        import psycopg
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.prefix = f"casedesk_bench_{os.getpid()}"
        self._admin = psycopg.connect(self._libpq("postgres"), autocommit=True, connect_timeout=5)

    def _libpq(self, database: str) -> str:
        return self.url.set(drivername="postgresql", database=database).render_as_string(hide_password=False)

    def database_url(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name``."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given); its URL."""
        self.drop(name)
        copy = f' TEMPLATE "{template}"' if template else ""
        self._admin.execute(f'CREATE DATABASE "{name}"{copy}')
        return self.database_url(name)

    def drop(self, name: str) -> None:
        """Drop a database, closing its connections."""
        self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def round_trips(self, name: str, case_id: int, count: int) -> dict[str, float]:
        """Median milliseconds of a bare ``SELECT 1`` and of reading one case row by id (psycopg)."""
        import psycopg

        timings: dict[str, list[float]] = {"select_1": [], "case_row": []}
        with psycopg.connect(self._libpq(name)) as connection:
            for _ in range(count):
                started = time.perf_counter()
                connection.execute("SELECT 1").fetchall()
                timings["select_1"].append(time.perf_counter() - started)
                started = time.perf_counter()
                connection.execute("SELECT * FROM cases WHERE id = %s", (case_id,)).fetchall()
                connection.commit()
                timings["case_row"].append(time.perf_counter() - started)
        return {f"bare_{k}_ms": statistics.median(v) * 1000 for k, v in timings.items()}

    def pgbench(self, name: str, clients: int, seconds: int) -> dict[str, float]:
        """PostgreSQL's own pgbench (simple-update, ``-N``) with ``clients`` clients: transactions/s, latency.

        Each of its transactions is a read and an update of a few one-row tables and an insert: the server's
        speed on this machine with the same number of clients, without casedesk in the way.
        """
        import subprocess

        if shutil.which("pgbench") is None:
            return {}
        self.create(name)
        conninfo = self._libpq(name)
        try:
            subprocess.run(["pgbench", "-i", "-q", "-s", "1", conninfo], check=True, capture_output=True)
            ran = subprocess.run(
                ["pgbench", "-N", "-c", str(clients), "-j", "2", "-T", str(seconds), conninfo],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        finally:
            self.drop(name)
        found: dict[str, float] = {}
        for line in ran.splitlines():
            if line.startswith("latency average"):
                found["pgbench_latency_ms"] = float(line.split("=")[1].split()[0])
            elif line.startswith("tps ="):
                found["pgbench_tps"] = float(line.split("=")[1].split()[0])
        return found

    def waits(self, url: str, until: float) -> dict[str, int]:
        """Until ``until``, every 0.1 s: what the database's connections are doing, counted over the samples.

        ``active``: running a statement; ``Lock``: waiting for another transaction's lock (a row being saved);
        ``idle in transaction``: between statements of a transaction (the worker is computing).
        """
        from sqlalchemy.engine import make_url

        name = make_url(url).database
        counts: dict[str, int] = defaultdict(int)
        while time.perf_counter() < until:
            for state, wait, query, count in self._admin.execute(
                "SELECT state, wait_event_type, CASE WHEN wait_event_type = 'Lock' THEN left(query, 70) END, "
                "count(*) FROM pg_stat_activity WHERE datname = %s GROUP BY 1, 2, 3",
                (name,),
            ).fetchall():
                if state == "active" and wait == "Lock":
                    counts["Lock"] += count
                    counts[f"Lock: {' '.join(query.split())}"] += count
                elif state in ("active", "idle in transaction"):
                    counts[state] += count
            counts["samples"] += 1
            time.sleep(0.1)
        return dict(counts)

    def close(self) -> None:
        """Disconnect."""
        self._admin.close()


def open_as(target: str, documents: Path, name: str, *, create: bool = False) -> Any:
    """Open the case file or firm database and sign ``name`` in (on a firm database)."""
    from casedesk.services.casefiles import open_services

    if not target.startswith("postgresql"):
        return open_services(Path(target), create=create)
    services = open_services(target, create=create, documents=documents)
    users = getattr(services, "users", None)
    if users is None:  # before the accounts service exists, as the tests sign in
        services._case_file.user = name
    else:
        users.sign_in(name, PASSWORD)
    return services


def fill(target: str, documents: Path, cases: int, workers: int) -> None:
    """Make ``cases`` cases with their clients, timeline entries and expenses; one account per worker."""
    from casedesk.domain.activity import Activity, ActivityKind, Direction
    from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
    from casedesk.domain.expenses import Expense
    from casedesk.domain.money import Money
    from casedesk.services.casefiles import open_services

    firm = target.startswith("postgresql")
    services = open_services(
        target if firm else Path(target), create=True, documents=documents if firm else None
    )
    try:
        users = getattr(services, "users", None)
        if firm and users is not None:
            if users.needs_first_user():
                users.create_first_admin("admin", "Firm Administrator", PASSWORD)
            for worker in range(workers):
                users.add(account(worker), f"Case Manager {worker:02d}", PASSWORD)
        elif firm:
            services._case_file.user = "admin"
        category = services.expenses.categories(include_hidden=False)[0].name
        now = services.timeline.clock()
        rng = random.Random(2026)
        for number in range(cases):
            client = services.cases.create_client(Client(name=f"Client {number:03d}"))
            case = services.cases.create_case(
                Case(
                    number=f"PI-2026-{number:04d}",
                    caption=f"Client {number:03d} v. Driver {number:03d}",
                    client_id=client.id or 0,
                    incident_date=date(2026, 1, 1) + timedelta(days=number % 300),
                    case_type=CaseType.MOTOR_VEHICLE,
                    jurisdiction="TX",
                    status=CaseStatus.TREATING,
                    opened_on=date(2026, 1, 5),
                )
            )
            for entry in range(3):
                services.timeline.add(
                    Activity(
                        case_id=case.id or 0,
                        kind=ActivityKind.CALL,
                        occurred_at=now - timedelta(days=30 - entry),
                        subject=f"Call with adjuster about Client {number:03d}",
                        direction=Direction.OUTGOING,
                        parties="Adjuster J. Ortiz",
                    )
                )
            for _ in range(2):
                services.expenses.add(
                    Expense(
                        case_id=case.id or 0,
                        spent_on=date(2026, 3, 1) + timedelta(days=rng.randrange(200)),
                        category=category,
                        amount=Money(rng.randrange(500, 50_000)),
                        payee="Travis County District Clerk",
                        description="Original petition filing fee",
                    )
                )
    finally:
        services.close()


def case_ids(target: str, documents: Path) -> list[int]:
    """Every case's id, by case number."""
    from casedesk.domain.cases import CaseQuery

    services = open_as(target, documents, "admin")
    try:
        return list(services.cases.case_list(CaseQuery()).ids)
    finally:
        services.close()


# --- one case manager ------------------------------------------------------------------------------


@dataclass
class Plan:
    """What one worker does: where, as whom, on which cases, for how long."""

    target: str
    documents: str
    worker: int
    own: list[int]
    hot: list[int]
    seconds: float
    think: float
    edit: float
    seed: int


@dataclass
class Outcome:
    """What one worker did: timings per operation kind, conflicts, and every acknowledged write."""

    worker: int
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statements: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # SQL per op
    cpu: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # the worker's CPU time
    conflicts: int = 0
    gave_up: int = 0
    errors: list[str] = field(default_factory=list)
    entries: list[int] = field(default_factory=list)  # ids of timeline entries added
    expenses: dict[int, tuple[str, int]] = field(default_factory=dict)  # id: (notes, cents) last saved
    case_edits: dict[int, str] = field(default_factory=dict)  # case id: next action last saved
    shared: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))  # case: lines saved
    elapsed: float = 0.0


def work(plan: Plan, ready: Any, go: Any, results: Any) -> None:
    """A worker process: open, sign in, say ready, wait for go, then work until the time is up."""
    try:
        outcome = _work(plan, ready, go)
    except BaseException as exc:  # the parent must hear of it rather than wait forever
        outcome = Outcome(plan.worker)
        outcome.errors.append(f"{type(exc).__name__}: {exc}")
        ready.put(plan.worker)
    outcome.timings = dict(outcome.timings)
    outcome.statements = dict(outcome.statements)
    outcome.cpu = dict(outcome.cpu)
    outcome.shared = dict(outcome.shared)
    results.put(outcome)


def _work(plan: Plan, ready: Any, go: Any) -> Outcome:
    from casedesk.domain.activity import Activity, ActivityKind, Direction
    from casedesk.domain.cases import CaseQuery, CaseStatus
    from casedesk.domain.errors import ConflictError
    from casedesk.domain.expenses import Expense
    from casedesk.domain.money import Money

    rng = random.Random(plan.seed)
    outcome = Outcome(plan.worker)
    services = open_as(plan.target, Path(plan.documents), account(plan.worker))
    statements = [0]

    def counted(*_: object) -> None:
        statements[0] += 1

    from sqlalchemy import event

    event.listen(services._case_file.engine, "before_cursor_execute", counted)
    try:
        category = services.expenses.categories(include_hidden=False)[0].name
        mine = [e.expense.id or 0 for case_id in plan.own for e in services.expenses.ledger(case_id)]
        services.cases.case_list(CaseQuery())  # warm the connection pool and the statement caches
        ready.put(plan.worker)
        go.wait()
        kinds, weights = list(OPERATIONS), list(OPERATIONS.values())
        started = time.perf_counter()
        deadline = started + plan.seconds
        count = 0
        while time.perf_counter() < deadline:
            kind = rng.choices(kinds, weights)[0]
            count += 1
            token = f"{account(plan.worker)}-{count}"
            case_id = rng.choice(plan.own)
            began, before, cpu = time.perf_counter(), statements[0], time.process_time()
            try:
                if kind == "list":
                    found = services.cases.case_list(CaseQuery(text=rng.choice(SEARCHES)))
                    services.cases.summaries(found.ids[:100])
                elif kind == "workspace":
                    if rng.random() < 0.2:
                        case_id = rng.choice(plan.hot)
                    services.cases.overview(case_id)
                    services.timeline.entries(case_id)
                    services.expenses.ledger(case_id)
                    services.calendar.case_calendar(case_id)
                elif kind == "add_entry":
                    if rng.random() < 0.2:
                        case_id = rng.choice(plan.hot)
                    added = services.timeline.add(
                        Activity(
                            case_id=case_id,
                            kind=ActivityKind.CALL,
                            occurred_at=services.timeline.clock(),
                            subject=f"Call {token}",
                            direction=Direction.INCOMING,
                            parties="Client",
                            body="Client called about treatment and the next appointment.",
                        )
                    )
                    outcome.entries.append(added.id or 0)
                elif kind == "add_expense":
                    cents = rng.randrange(500, 50_000)
                    saved = services.expenses.add(
                        Expense(
                            case_id=case_id,
                            spent_on=services.expenses.today(),
                            category=category,
                            amount=Money(cents),
                            payee="Lone Star Process Service",
                            description="Service on defendant",
                            notes=token,
                        )
                    )
                    mine.append(saved.id or 0)
                    outcome.expenses[saved.id or 0] = (token, cents)
                elif kind == "edit_expense":
                    expense_id = rng.choice(mine)
                    cents = rng.randrange(500, 50_000)
                    entry = services.expenses.entry(expense_id)
                    services.expenses.update(replace(entry.expense, notes=token, amount=Money(cents)))
                    outcome.expenses[expense_id] = (token, cents)
                elif kind == "edit_case":
                    case = services.cases.get_case(case_id)
                    status = CaseStatus(rng.choice(STATUSES))
                    edited = replace(
                        case,
                        status=status,
                        next_action=f"Follow up {token}",
                        next_action_on=services.expenses.today() + timedelta(days=rng.randrange(1, 30)),
                    )
                    services.cases.update_case(edited, expected=case)
                    outcome.case_edits[case_id] = edited.next_action
                else:  # edit_shared
                    hot = rng.choice(plan.hot)
                    spent = 0.0
                    for _ in range(MAX_TRIES):
                        read = time.perf_counter()
                        case = services.cases.get_case(hot)
                        spent += time.perf_counter() - read
                        time.sleep(plan.edit)  # the person types
                        save = time.perf_counter()
                        try:
                            services.cases.update_case(
                                replace(case, facts=f"{case.facts}\n{token}"), expected=case
                            )
                        except ConflictError:
                            spent += time.perf_counter() - save
                            outcome.conflicts += 1
                            continue
                        spent += time.perf_counter() - save
                        outcome.shared[hot].append(token)
                        break
                    else:
                        outcome.gave_up += 1
                    outcome.timings[kind].append(spent)
                    outcome.statements[kind].append(statements[0] - before)
                    outcome.cpu[kind].append(time.process_time() - cpu)
                    time.sleep(plan.think)
                    continue
            except Exception as exc:  # counted and shown (a deadlock, a refused save), then the next one
                outcome.errors.append(f"{kind}: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}")
                continue
            outcome.timings[kind].append(time.perf_counter() - began)
            outcome.statements[kind].append(statements[0] - before)
            outcome.cpu[kind].append(time.process_time() - cpu)
            time.sleep(plan.think)
        outcome.elapsed = time.perf_counter() - started
    finally:
        services.close()
    return outcome


# --- a run: start the workers, collect, verify -----------------------------------------------------


def run_workers(
    target: str,
    documents: Path,
    ids: list[int],
    workers: int,
    options: argparse.Namespace,
    sample: Callable[[float], None] | None = None,
) -> list[Outcome]:
    """Start ``workers`` case managers on the database, let them work together; what each did.

    ``sample(until)`` runs while they work (it watches the server).
    """
    began = time.perf_counter()
    hot, rest = ids[:HOT_CASES], ids[HOT_CASES:]
    context = multiprocessing.get_context("forkserver")  # never a plain fork of a process with threads
    context.set_forkserver_preload(PRELOAD)
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    processes = []
    for worker in range(workers):
        plan = Plan(
            target=target,
            documents=str(documents),
            worker=worker,
            own=rest[worker::workers],
            hot=hot,
            seconds=options.seconds,
            think=options.think,
            edit=options.edit,
            seed=1000 + worker,
        )
        process = context.Process(target=work, args=(plan, ready, go, results), daemon=True)
        process.start()
        processes.append(process)
    for _ in range(workers):
        ready.get(timeout=300)
    print(f"{workers} case managers signed in after {time.perf_counter() - began:.0f} s", file=sys.stderr)
    go.set()
    if sample is not None:
        sample(time.perf_counter() + options.seconds)
    outcomes = [results.get(timeout=options.seconds + 300) for _ in range(workers)]
    for process in processes:
        process.join(timeout=30)
    return sorted(outcomes, key=lambda o: o.worker)


def verify(target: str, documents: Path, outcomes: list[Outcome]) -> dict[str, int]:
    """Every acknowledged write, checked in the database from a new connection: what is missing."""
    from sqlalchemy import text

    services = open_as(target, documents, "admin")
    lost: dict[str, int] = defaultdict(int)
    try:
        with services._case_file.session() as session:
            entries = {row[0] for row in session.execute(text("SELECT id FROM activities"))}
            expenses = {
                row[0]: (row[1], row[2])
                for row in session.execute(text("SELECT id, notes, amount FROM expenses"))
            }
            cases = {
                row[0]: (row[1], row[2], row[3])
                for row in session.execute(text("SELECT id, next_action, facts, version FROM cases"))
            }
        saves: dict[int, list[str]] = defaultdict(list)
        for outcome in outcomes:
            lost["timeline entries"] += sum(1 for i in outcome.entries if i not in entries)
            lost["expenses"] += sum(1 for i, saved in outcome.expenses.items() if expenses.get(i) != saved)
            lost["case edits"] += sum(1 for i, action in outcome.case_edits.items() if cases[i][0] != action)
            for case_id, lines in outcome.shared.items():
                saves[case_id].extend(lines)
        for case_id, lines in saves.items():
            kept = set(cases[case_id][1].splitlines())
            lost["shared case saves"] += sum(1 for line in lines if line not in kept)
            lost["shared case versions"] += int(cases[case_id][2] != 1 + len(lines))
    finally:
        services.close()
    return dict(lost)


def summarise(outcomes: list[Outcome], lost: dict[str, int]) -> dict[str, Any]:
    """Medians and 95th percentiles (ms) per operation kind and overall, ops/s, conflicts, lost updates."""
    by_kind: dict[str, list[float]] = defaultdict(list)
    sql: dict[str, list[int]] = defaultdict(list)
    cpu: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        for kind, values in outcome.timings.items():
            by_kind[kind].extend(values)
        for kind, counts in outcome.statements.items():
            sql[kind].extend(counts)
        for kind, seconds in outcome.cpu.items():
            cpu[kind].extend(seconds)
    every = [value for values in by_kind.values() for value in values]
    elapsed = max(o.elapsed for o in outcomes) or 1.0
    shared_saves = sum(len(lines) for o in outcomes for lines in o.shared.values())
    report: dict[str, Any] = {
        "workers": len(outcomes),
        "operations": len(every),
        "ops_per_s": len(every) / elapsed,
        "client_cpu_ms": _ms(statistics.median([v for values in cpu.values() for v in values]))
        if every
        else None,
        "median_ms": _ms(statistics.median(every)) if every else None,
        "p95_ms": _ms(_p95(every)) if every else None,
        "by_kind": {
            kind: {
                "count": len(values),
                "median_ms": _ms(statistics.median(values)),
                "p95_ms": _ms(_p95(values)),
                "statements": statistics.median(sql[kind]),
                "client_cpu_ms": _ms(statistics.median(cpu[kind])),
            }
            for kind, values in sorted(by_kind.items())
        },
        "shared_saves": shared_saves,
        "conflicts": sum(o.conflicts for o in outcomes),
        "gave_up": sum(o.gave_up for o in outcomes),
        "errors": [error for o in outcomes for error in o.errors][:20],
        "error_count": sum(len(o.errors) for o in outcomes),
        "lost": lost,
        "lost_updates": sum(lost.values()),
    }
    return report


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def one_run(
    label: str,
    target: str,
    documents: Path,
    ids: list[int],
    workers: int,
    options: argparse.Namespace,
    server: Server | None = None,
) -> dict[str, Any]:
    """Work ``workers`` case managers on ``target``, verify, and summarise; printed as it goes."""
    started = time.perf_counter()
    waits: dict[str, int] = {}

    def sample(until: float) -> None:
        if server is not None:
            waits.update(server.waits(target, until))

    outcomes = run_workers(target, documents, ids, workers, options, sample)
    report = summarise(outcomes, verify(target, documents, outcomes))
    if waits:
        report["server_samples"] = dict(waits)
    print(
        f"{label}: {report['operations']} operations, median {report['median_ms']} ms, "
        f"{report['conflicts']} conflicts, {report['lost_updates']} lost "
        f"({time.perf_counter() - started:.0f} s with start-up)",
        file=sys.stderr,
    )
    return report


def main() -> None:
    """Build the databases, run the firm and the two references, print the table (and the JSON)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=10)
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=40.0, help="how long each run works")
    parser.add_argument("--think", type=float, default=0.05, help="seconds between a worker's operations")
    parser.add_argument(
        "--edit", type=float, default=0.05, help="seconds a shared case is edited before saving"
    )
    parser.add_argument("--quick", action="store_true", help="40 cases, 12 s runs (under 2 minutes in all)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--keep", action="store_true", help="keep the databases made (to look at them)")
    options = parser.parse_args()
    if options.quick:
        options.cases, options.seconds = min(options.cases, 40), min(options.seconds, 12.0)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
    server = Server(os.environ.get("CASEDESK_TEST_PG") or DEFAULT_URL)
    folder = Path(tempfile.mkdtemp(prefix="casedesk-firm-bench-"))
    documents = folder / "documents"
    documents.mkdir()
    template, made = f"{server.prefix}_template", []
    results: dict[str, Any] = {
        "settings": {k: v for k, v in vars(options).items() if k not in ("json",)},
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    try:
        began = time.perf_counter()
        fill(server.create(template), documents, options.cases, options.workers)
        sqlite = str(folder / "laptop.sqlite")
        fill(sqlite, documents, options.cases, options.workers)
        print(f"{options.cases} cases made twice in {time.perf_counter() - began:.0f} s", file=sys.stderr)
        ids = case_ids(server.database_url(template), documents)
        results["reference"] = server.round_trips(template, ids[0], 300)
        pgbench_seconds = 5 if options.quick else 15
        results["reference"] |= server.pgbench(f"{server.prefix}_pgbench", options.workers, pgbench_seconds)
        runs = (("firm", options.workers), ("firm_one", 1))
        for label, workers in runs:
            name = f"{server.prefix}_{label}"
            made.append(name)
            url = server.create(name, template)
            results[label] = one_run(label, url, documents, ids, workers, options, server)
        results["laptop_one"] = one_run(
            "laptop_one", sqlite, documents, case_ids(sqlite, documents), 1, options
        )
    finally:
        if not options.keep:
            for name in [*made, template]:
                server.drop(name)
            shutil.rmtree(folder, ignore_errors=True)
        server.close()
    firm, alone, laptop = results["firm"], results["firm_one"], results["laptop_one"]
    results["ratios"] = {
        "firm_vs_one_median": firm["median_ms"] / alone["median_ms"],
        "one_vs_laptop_median": alone["median_ms"] / laptop["median_ms"],
        "firm_vs_laptop_median": firm["median_ms"] / laptop["median_ms"],
    }
    print_table(results)
    if options.json:
        options.json.write_text(json.dumps(results, indent=2))


def print_table(results: dict[str, Any]) -> None:
    """The medians and 95th percentiles per operation for the three runs, then the totals.

    SQL and CPU: the statements sent and the worker's own CPU milliseconds per operation (median, one
    case manager on the firm database).
    """
    runs = ("firm", "firm_one", "laptop_one")
    titles = (f"firm ×{results['firm']['workers']}", "firm ×1", "laptop ×1")
    kinds = sorted({kind for run in runs for kind in results[run]["by_kind"]})
    heading = "".join(f"{t + ' med':>15}{'p95':>9}" for t in titles)
    print(f"\n{'operation (ms)':<16}{heading}   SQL   CPU")
    for kind in [*kinds, "all"]:
        cells = []
        for run in runs:
            stats = results[run] if kind == "all" else results[run]["by_kind"].get(kind, {})
            cells.append(f"{stats.get('median_ms', 0) or 0:>15.1f}{stats.get('p95_ms', 0) or 0:>9.1f}")
        alone = results["firm_one"] if kind == "all" else results["firm_one"]["by_kind"].get(kind, {})
        sql, cpu = alone.get("statements", ""), alone.get("client_cpu_ms", "")
        print(f"{kind:<16}" + "".join(cells) + f"{sql:>6}{cpu:>6}")
    print()
    for label in (
        "operations",
        "ops_per_s",
        "shared_saves",
        "conflicts",
        "gave_up",
        "error_count",
        "lost_updates",
    ):
        print(f"{label:<16}" + "".join(f"{results[run][label]:>24.1f}" for run in runs))
    samples = results["firm"].get("server_samples", {})
    if samples.get("samples"):
        print(
            "firm database, connections per sample: "
            + ", ".join(
                f"{k} {v / samples['samples']:.2f}"
                for k, v in samples.items()
                if k != "samples" and ":" not in k
            )
        )
        for key, value in sorted(samples.items(), key=lambda item: -item[1]):
            if key.startswith("Lock: "):
                print(f"  {value / samples['samples']:.2f} waiting on {key[6:]}")
    for key, value in (results["reference"] | results["ratios"]).items():
        print(f"{key:<28}{value:>10.2f}")
    for run in runs:
        if results[run]["lost_updates"] or results[run]["errors"]:
            print(f"{run}: lost {results[run]['lost']}; errors {results[run]['errors']}")


if __name__ == "__main__":
    main()
