"""casedesk benchmark: full-text search over 200,000 indexed pages and notes.

Run on purpose (not part of the test suite)::

    python tests/benchmarks/search_bench.py [--texts 200000] [--runs 15] [--db PATH] [--keep]
    python tests/benchmarks/search_bench.py --firm postgresql+psycopg://USER:PASSWORD@HOST:PORT/postgres

Builds a case file of fictional medical records (document pages written from visit templates with a varied
vocabulary: diagnoses with ICD-10 codes, body parts, procedures with CPT codes, providers, medications,
dates), plus timeline notes, loaded with bulk inserts and indexed once at the end. Then it times two-word
queries of three frequencies (rare, common, very common) through ``SearchService.search`` over all cases
and within one case, and, as the reference, FTS5's own ``MATCH … ORDER BY rank LIMIT 50`` with no snippets
and no joins. Prints medians and 95th percentiles in milliseconds. Goal: median under 50 ms for a
two-word query.

With ``--db`` an existing benchmark file is reused (``--keep`` keeps a new one instead of deleting it).
With ``--firm URL`` (a PostgreSQL server whose role may create databases) the same texts are also loaded
into a new firm database (``casedesk_search_bench``, dropped afterwards unless ``--keep``) and the same
queries timed there; the raw column is then the GIN index's own ``@@ … ORDER BY ts_rank LIMIT 50``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert, text

from casedesk.domain.cases import Case, Client
from casedesk.services.search import SearchService
from casedesk.store import bulk
from casedesk.store import search as search_store
from casedesk.store.activity import ActivityRow
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.documents import DocumentRow
from casedesk.store.engine import display_url
from casedesk.store.search import SearchTextRow


def _options(text: str, separator: str = "|") -> list[str]:
    return text.split(separator)


CASES = 400
PAGES_PER_DOCUMENT = (4, 40)
NOTE_SHARE = 0.08  # of the texts: timeline notes, the rest document pages
SEED = 5
#: The firm database ``--firm`` builds on the server.
FIRM_DATABASE = "casedesk_search_bench"

FIRST = _options(
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
    "Joseph Jessica Thomas Sarah Carlos Maria Luis Ana Jorge Sofia Wei Mei Raj Priya Omar Fatima Ivan Olga",
    " ",
)
LAST = _options(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Okafor Kowalski Lindqvist Tanaka Haddad",
    " ",
)
CLINICS = _options(
    "Spine Center|Orthopedic Associates|Physical Therapy|Chiropractic Clinic|Imaging Center|Pain Institute|"
    "Neurology Group|Family Medicine|Emergency Department|Urgent Care|Surgical Hospital|Rehab Partners"
)
CITIES = _options("Austin Round Rock Georgetown Pflugerville Kyle Buda Cedar Park Leander Temple Waco", " ")
DIAGNOSES = [
    ("S13.4XXA", "sprain of ligaments of cervical spine"),
    ("S33.5XXA", "sprain of ligaments of lumbar spine"),
    ("S16.1XXA", "strain of muscle and tendon at neck level"),
    ("S39.012A", "strain of muscle of lower back"),
    ("M54.2", "cervicalgia"),
    ("M54.50", "low back pain"),
    ("M50.20", "cervical disc displacement"),
    ("M51.26", "lumbar disc displacement"),
    ("M54.12", "radiculopathy, cervical region"),
    ("M54.16", "radiculopathy, lumbar region"),
    ("S06.0X0A", "concussion without loss of consciousness"),
    ("S43.401A", "sprain of right shoulder joint"),
    ("S83.511A", "sprain of anterior cruciate ligament of right knee"),
    ("S52.501A", "fracture of lower end of right radius"),
    ("S22.31XA", "fracture of one rib, right side"),
    ("G44.309", "post-traumatic headache"),
    ("F43.10", "post-traumatic stress disorder"),
    ("S80.01XA", "contusion of right knee"),
    ("S20.211A", "contusion of right front wall of thorax"),
    ("M79.1", "myalgia"),
    ("S93.401A", "sprain of right ankle ligament"),
    ("H81.10", "benign paroxysmal vertigo"),
    ("S46.011A", "rotator cuff strain, right shoulder"),
    ("M62.830", "muscle spasm of back"),
]
PROCEDURES = [
    ("97110", "therapeutic exercise"),
    ("97140", "manual therapy"),
    ("97112", "neuromuscular re-education"),
    ("97014", "electrical stimulation"),
    ("98941", "chiropractic manipulation, three to four regions"),
    ("99203", "new patient office visit"),
    ("99213", "established patient office visit"),
    ("99284", "emergency department visit"),
    ("72141", "MRI cervical spine without contrast"),
    ("72148", "MRI lumbar spine without contrast"),
    ("72040", "X-ray cervical spine, two views"),
    ("64483", "transforaminal epidural steroid injection, lumbar"),
    ("20552", "trigger point injection"),
    ("62321", "cervical epidural injection"),
    ("70450", "CT head without contrast"),
]
BODY_PARTS = _options(
    "neck|upper back|lower back|left shoulder|right shoulder|left knee|right knee|left wrist|right wrist|"
    "cervical spine|thoracic spine|lumbar spine|left hip|right hip|chest wall|left ankle|right ankle|jaw|"
    "left elbow|right elbow|sacroiliac joint|trapezius|paraspinal muscles"
)
FINDINGS = _options(
    "tenderness to palpation|muscle spasm|guarding|reduced range of motion|swelling|ecchymosis|crepitus|"
    "positive Spurling test|positive straight leg raise|trigger points|decreased grip strength|"
    "paresthesia in the fingers|numbness along the dermatome|antalgic gait|hypertonicity"
)
MEDICATIONS = _options(
    "cyclobenzaprine 10 mg|ibuprofen 800 mg|naproxen 500 mg|meloxicam 15 mg|tramadol 50 mg|"
    "methocarbamol 750 mg|gabapentin 300 mg|acetaminophen 500 mg|tizanidine 4 mg|prednisone taper|"
    "lidocaine patch 5%|hydrocodone-acetaminophen 5-325 mg|diclofenac gel"
)
MECHANISMS = _options(
    "rear-end motor vehicle collision|T-bone collision at an intersection|slip and fall on a wet floor|"
    "trip over uneven pavement|side-swipe collision on the highway|fall from a ladder at work|"
    "dog bite to the left forearm|pedestrian struck in a crosswalk"
)
SENTENCES = (
    "Patient presents on {date} for follow-up of injuries sustained in a {mechanism}.",
    "Chief complaint: pain in the {part}, rated {pain}/10, worse with {activity}.",
    "Examination of the {part} shows {finding} and {finding2}.",
    "Assessment: {dx_name} ({dx_code}).",
    "Secondary diagnosis: {dx_name2} ({dx_code2}).",
    "Plan: {proc_name} (CPT {proc_code}) {frequency} for {weeks} weeks.",
    "Medications reviewed: continue {med}; start {med2} at bedtime as needed.",
    "Patient reports {progress} since the last visit on {date2}.",
    "Range of motion of the {part} is {rom} percent of normal.",
    "Seen by {provider}, {clinic}, {city}.",
    "Work status: {work}.",
    "Imaging reviewed: {imaging}.",
    "Patient tolerated treatment well with no adverse reaction.",
    "Return to clinic in {weeks} weeks or sooner if symptoms worsen.",
    "Vital signs stable. Blood pressure {bp}, pulse {pulse}.",
    "Denies loss of consciousness, bowel or bladder changes.",
    "Home exercise program reviewed and updated.",
)
ACTIVITIES = _options("sitting|driving|lifting|turning the head|bending|walking|sleeping|overhead reaching")
PROGRESS = _options(
    "slight improvement|no change|worsening pain at night|about 50 percent improvement|"
    "increased stiffness in the morning|better sleep|fewer headaches"
)
WORK = _options(
    "off work|light duty with no lifting over 10 pounds|full duty|modified duty, four hours a day"
)
IMAGING = _options(
    "MRI shows a broad-based disc protrusion at C5-C6|X-rays negative for fracture|"
    "MRI shows a small annular tear at L4-L5|CT head without acute findings|"
    "MRI shows a partial-thickness tear of the supraspinatus|straightening of the cervical lordosis"
)
FREQUENCY = _options("three times a week|twice a week|once a week|daily for two weeks")
NOTE_SUBJECTS = _options(
    "Call with adjuster|Records request sent|Client update|Medical records received|Bills received|"
    "Letter of protection sent|Note to file|Demand preparation|Lien notice received"
)

#: (label, two-word query) by how many texts match: rare (tens), common (thousands), very common (most).
QUERIES = {
    "rare": ["Kowalski vertigo", "S22.31XA Georgetown", "tizanidine paresthesia", '"annular tear" Buda'],
    "common": ["cervical radiculopathy", "epidural injection", "S13.4XXA 97110", "knee swelling"],
    "very common": ["patient pain", "spine examination", "patient weeks", "pain plan"],
}


class MedicalText:
    """Fictional medical-record pages and notes from templates (seeded, so every run is the same)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.providers = [
            f"Dr. {rng.choice(FIRST)} {rng.choice(LAST)}, {rng.choice(['MD', 'DO', 'DC', 'PT', 'NP'])}"
            for _ in range(600)
        ]

    def page(self, seen: date) -> str:
        """One page: 8 to 16 sentences of a visit note."""
        pick = self.rng.choice
        lines = []
        for _ in range(self.rng.randint(8, 16)):
            dx, dx2 = self.rng.sample(DIAGNOSES, 2)
            proc = pick(PROCEDURES)
            finding, finding2 = self.rng.sample(FINDINGS, 2)
            lines.append(
                pick(SENTENCES).format(
                    date=f"{seen:%m/%d/%Y}",
                    date2=f"{seen - timedelta(days=self.rng.randint(7, 30)):%m/%d/%Y}",
                    mechanism=pick(MECHANISMS),
                    part=pick(BODY_PARTS),
                    pain=self.rng.randint(2, 9),
                    activity=pick(ACTIVITIES),
                    finding=finding,
                    finding2=finding2,
                    dx_code=dx[0],
                    dx_name=dx[1],
                    dx_code2=dx2[0],
                    dx_name2=dx2[1],
                    proc_code=proc[0],
                    proc_name=proc[1],
                    frequency=pick(FREQUENCY),
                    weeks=self.rng.randint(2, 8),
                    med=pick(MEDICATIONS),
                    med2=pick(MEDICATIONS),
                    progress=pick(PROGRESS),
                    rom=self.rng.randrange(40, 100, 5),
                    provider=pick(self.providers),
                    clinic=pick(CLINICS),
                    city=pick(CITIES),
                    work=pick(WORK),
                    imaging=pick(IMAGING),
                    bp=f"{self.rng.randint(108, 150)}/{self.rng.randint(64, 95)}",
                    pulse=self.rng.randint(58, 98),
                )
            )
        return "\n".join(lines)

    def note(self) -> tuple[str, str]:
        """A timeline note: subject and two or three sentences."""
        subject = self.rng.choice(NOTE_SUBJECTS)
        dx = self.rng.choice(DIAGNOSES)
        body = (
            f"Spoke with {self.rng.choice(self.providers)} about {dx[1]} ({dx[0]}). "
            f"Client reports {self.rng.choice(PROGRESS)}. {self.rng.choice(WORK).capitalize()}."
        )
        return subject, body


def _open(target: Path | str, *, create: bool = False) -> CaseFile:
    """The benchmark's case file, or its firm database (its documents folder a temporary one)."""
    if isinstance(target, Path):
        return open_case_file(target, create=create)
    documents = Path(tempfile.mkdtemp(prefix="casedesk-bench-"))
    case_file = open_case_file(target, create=create, documents=documents)
    case_file.user = "bench"
    return case_file


def build(path: Path | str, texts: int) -> None:
    """A case file with ``texts`` searchable texts over :data:`CASES` cases, indexed once at the end."""
    rng = random.Random(SEED)
    writer = MedicalText(rng)
    case_file = _open(path, create=True)
    started = time.perf_counter()
    try:
        with case_file.session() as session:
            index = search_store.search_index(session)
            with index.deferred(session):
                _insert_texts(session, writer, texts)
            index.optimize(session)
    finally:
        case_file.close()
    where = path if isinstance(path, Path) else display_url(path)
    print(f"built {texts:,} texts in {time.perf_counter() - started:.1f} s ({where})", file=sys.stderr)


def _insert_texts(session: Any, writer: MedicalText, texts: int) -> None:
    rng = writer.rng
    clients = [Client(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", id=n) for n in range(1, CASES + 1)]
    cases = [
        Case(
            number=f"PI-2026-{n:05d}",
            caption=f"{clients[n - 1].name} v. Driver",
            client_id=n,
            opened_on=date(2026, 1, 1) + timedelta(days=n % 300),
            id=n,
        )
        for n in range(1, CASES + 1)
    ]
    bulk.insert_clients(session, clients)
    bulk.insert_cases(session, cases)
    notes = int(texts * NOTE_SHARE)
    session.execute(insert(_table(ActivityRow)), list(_notes(writer, notes)))
    document_id = 0
    written = notes
    while written < texts:
        batch_documents: list[dict[str, Any]] = []
        batch_pages: list[dict[str, Any]] = []
        while written < texts and len(batch_pages) < 20_000:
            document_id += 1
            case_id = rng.randint(1, CASES)
            pages = min(rng.randint(*PAGES_PER_DOCUMENT), texts - written)
            seen = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
            batch_documents.append(_document(document_id, case_id, pages, writer))
            batch_pages += [
                {
                    "case_id": case_id,
                    "kind": "page",
                    "ref_id": document_id,
                    "page": n,
                    "body": writer.page(seen),
                }
                for n in range(1, pages + 1)
            ]
            written += pages
        session.execute(insert(_table(DocumentRow)), batch_documents)
        session.execute(insert(_table(SearchTextRow)), batch_pages)
        print(f"  {written:,} texts", file=sys.stderr, end="\r")
    print(file=sys.stderr)


def _notes(writer: MedicalText, count: int) -> Iterator[dict[str, Any]]:
    for _ in range(count):
        subject, body = writer.note()
        yield {
            "case_id": writer.rng.randint(1, CASES),
            "kind": "note",
            "occurred_at": datetime(2026, 1, 5, 15, tzinfo=UTC)
            + timedelta(hours=writer.rng.randint(0, 7000)),
            "direction": "internal",
            "parties": "",
            "subject": subject,
            "body": body,
        }


def _document(document_id: int, case_id: int, pages: int, writer: MedicalText) -> dict[str, Any]:
    clinic = writer.rng.choice(CLINICS)
    return {
        "id": document_id,
        "case_id": case_id,
        "sha256": f"{document_id:064x}",
        "original_name": f"{clinic.lower().replace(' ', '-')}-{document_id}.pdf",
        "size": pages * 40_000,
        "page_count": pages,
        "imported_at": datetime(2026, 11, 1, tzinfo=UTC),
        "repaired": False,
        "password": "",
        "provider_id": None,
        "title": f"{clinic} records",
        "notes": "",
    }


def _table(row_class: Any) -> Table:
    table = row_class.__table__
    assert isinstance(table, Table)
    return table


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds of each run of ``work`` (after one warm-up run)."""
    work()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    """The 95th percentile."""
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(path: Path | str, runs: int) -> dict[str, float]:
    """Time every query class: the service (all cases, one case, with the count), then the raw index.

    Returns the median of each column over all queries.
    """
    case_file = _open(path)
    service = SearchService(case_file)
    raw = _raw_search(path)
    medians: dict[str, float] = {}
    try:
        with case_file.session() as session:
            total = session.scalar(text("SELECT count(*) FROM search_texts")) or 0
            busiest = session.scalar(
                text("SELECT case_id FROM search_texts GROUP BY case_id ORDER BY count(*) DESC LIMIT 1")
            )
        print(f"{total:,} texts in {CASES} cases; case scope: case {busiest}, its most text-heavy\n")
        header = ("class", "query", "hits", "search all", "search case", "results+count", "raw index")
        print("{:<12} {:<24} {:>8} {:>14} {:>14} {:>14} {:>10}".format(*header))
        summary: dict[str, list[float]] = {}
        for label, queries in QUERIES.items():
            for query in queries:
                hits = service.count(query)
                parsed = search_store.parse_query(query)
                columns = {
                    "search all": timed(lambda q=query: service.search(q), runs),
                    "search case": timed(lambda q=query: service.search(q, case_id=busiest), runs),
                    "results+count": timed(lambda q=query: service.results(q), runs),
                    "raw index": timed(lambda p=parsed: raw.run(p), runs),
                }
                for name, times in columns.items():
                    summary.setdefault(f"{label}|{name}", []).extend(times)
                    summary.setdefault(f"all|{name}", []).extend(times)
                cells = [f"{statistics.median(t):6.1f} /{p95(t):6.1f}" for t in columns.values()]
                widths = (14, 14, 14, 10)
                row = " ".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True))
                print(f"{label:<12} {query:<24} {hits:>8,} {row}")
        print("\nmedian / p95 in ms, by class:")
        for label in [*QUERIES, "all"]:
            for name in columns:
                times = summary[f"{label}|{name}"]
                print(f"  {label + ': ' + name:<30} {statistics.median(times):7.1f} / {p95(times):7.1f}")
                if label == "all":
                    medians[name] = statistics.median(times)
    finally:
        raw.close()
        case_file.close()
    return medians


class _RawSearch:
    """The database's own full-text query, best 50, no snippets and no joins (FTS5 or PostgreSQL's GIN)."""

    def __init__(self, target: Path | str) -> None:
        self.target = target
        if isinstance(target, Path):
            self._sqlite = sqlite3.connect(target)
        else:
            import psycopg
            from sqlalchemy.engine import make_url

            plain = make_url(target).set(drivername="postgresql").render_as_string(hide_password=False)
            self._pg = psycopg.connect(plain, autocommit=True)

    def run(self, query: search_store.SearchQuery) -> object:
        if isinstance(self.target, Path):
            return self._sqlite.execute(
                "SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT 50",
                (search_store.fts5_match(query),),
            ).fetchall()
        return self._pg.execute(
            "SELECT id FROM search_fts WHERE vector @@ to_tsquery('casedesk', %(q)s) "
            "ORDER BY ts_rank(vector, to_tsquery('casedesk', %(q)s)) DESC LIMIT 50",
            {"q": search_store.tsquery(query)},
        ).fetchall()

    def close(self) -> None:
        (self._sqlite if isinstance(self.target, Path) else self._pg).close()


def _raw_search(target: Path | str) -> _RawSearch:
    return _RawSearch(target)


def firm_database(server_url: str, name: str, *, drop: bool = False) -> str:
    """The URL of database ``name`` on the server of ``server_url``, made afresh (or only dropped)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')
    return url.set(database=name).render_as_string(hide_password=False)


def compare(sqlite_medians: dict[str, float], firm_medians: dict[str, float]) -> None:
    """The median of every column over all queries, SQLite against PostgreSQL."""
    print("\nmedian over all queries, ms:  SQLite  PostgreSQL")
    for name, value in sqlite_medians.items():
        print(f"  {name:<26} {value:7.1f} {firm_medians[name]:10.1f}")


def main() -> None:
    """Build (or reuse) the benchmark case file and time the queries."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=200_000, help="searchable texts to build")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per query")
    parser.add_argument("--db", type=Path, help="reuse (or build and keep) this benchmark case file")
    parser.add_argument("--keep", action="store_true", help="keep the case file built in a temporary folder")
    parser.add_argument("--firm", metavar="URL", help="also time a firm database on this PostgreSQL server")
    args = parser.parse_args()
    if args.db is not None:
        if not args.db.exists():
            build(args.db, args.texts)
        measured = measure(args.db, args.runs)
    else:
        folder = Path(tempfile.mkdtemp(prefix="casedesk-search-bench-"))
        path = folder / "search.sqlite"
        build(path, args.texts)
        measured = measure(path, args.runs)
    if args.firm:
        print("\n--- the same texts on a firm database (PostgreSQL) ---\n")
        firm = firm_database(args.firm, FIRM_DATABASE)
        build(firm, args.texts)
        compare(measured, measure(firm, args.runs))
        if not args.keep:
            firm_database(args.firm, FIRM_DATABASE, drop=True)
    if args.db is not None:
        return
    if args.keep:
        print(f"kept {path}", file=sys.stderr)
    else:
        for item in sorted(folder.rglob("*"), reverse=True):
            item.rmdir() if item.is_dir() else item.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
