"""No PHI in plain text on disk for an encrypted case file.

A unique name is put through the services as a case manager would: as the client's name, in a timeline
note, in the text of an imported PDF and in a drafted letter; then the case file is searched, backed up
(rolling and to a folder) and checked. Every file under the case file's folder and the temp folder is
scanned for the name in UTF-8 and UTF-16 — while the case file is open (its WAL) and after it is closed.
The same run on a plain case file must find the name: the scan sees what it looks for.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.documents import ImportStatus
from casedesk.domain.firm import FirmProfile
from casedesk.domain.providers import CaseProvider
from casedesk.services.casefiles import Services, open_services
from casedesk.services.encryption import encrypt_case_file
from tests.conftest import NOW, fixed_clock
from tests.pdfs import make_pdf

PHI = "Zebulon Quistgaard-Vellacott"
SURNAME = "Quistgaard"
PASSPHRASE = "four words make a passphrase"


def encodings(text: str) -> list[bytes]:
    """The byte strings ``text`` (and its surname) takes on disk in the encodings files use."""
    found: list[bytes] = []
    for value in (text, SURNAME):
        found += [value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be")]
    return found


def files_holding(folders: list[Path], needles: list[bytes]) -> list[str]:
    """Every file under ``folders`` that contains one of ``needles``."""
    holding = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if any(needle in data for needle in needles):
                    holding.append(str(path))
    return holding


def work_in(services: Services, downloads: Path, backups: Path) -> None:
    """What a case manager does that puts the client's name in every kind of place."""
    client = services.cases.create_client(Client(name=PHI, date_of_birth=date(1979, 4, 5), phone="555-0199"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-0777",
            caption=f"{PHI} v. Northwind Freight",
            client_id=client.id or 0,
            incident_date=date(2026, 6, 14),
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.INTAKE,
            opened_on=date(2026, 6, 20),
        )
    )
    case_id = case.id or 0
    services.timeline.add(
        Activity(case_id, ActivityKind.NOTE, NOW, f"Call with {PHI}", body=f"{PHI} reports neck pain.")
    )
    pdf = make_pdf(
        downloads / "ER record.pdf",
        [f"Patient: {PHI}\nDiagnosis: cervical strain", f"Discharged: {PHI}"],
        compress=False,  # the name is in the file's bytes: a plain copy anywhere would show
    )
    assert PHI.encode() in pdf.read_bytes()
    (outcome,) = services.documents.import_files(case_id, [pdf])
    assert outcome.status is ImportStatus.IMPORTED
    services.firm.save(FirmProfile(name="Reyes & Whitfield, P.C.", address="100 Congress Ave"))
    provider = services.providers.add_provider(
        CaseProvider(case_id, 0),
        new_contact=Contact("Mercy Hospital", ContactRole.MEDICAL_PROVIDER, is_organization=True),
    )
    letter = services.letters.generate(case_id, "records-request", provider_id=provider.id)
    assert SURNAME in services.documents.page_text(letter.document_id, 1)
    assert services.search.search(SURNAME)
    services.backups.back_up()
    services.backups.back_up_to(backups)
    assert services.check.check().ok


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain-control"])
def test_no_file_the_app_writes_holds_the_clients_name_in_plain_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encrypted: bool
) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    downloads = tmp_path / "Downloads"  # the user's own file, outside what casedesk writes
    downloads.mkdir()
    temp = tmp_path / "tmp"
    temp.mkdir()
    backups = folder / "Backups on USB"
    backups.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    db_path = folder / "cases.sqlite"
    open_services(db_path, create=True, clock=fixed_clock).close()
    if encrypted:
        encrypt_case_file(db_path, PASSPHRASE)

    services = open_services(db_path, clock=fixed_clock, passphrase=PASSPHRASE if encrypted else None)
    try:
        work_in(services, downloads, backups)
        while_open = files_holding([folder, temp], encodings(PHI))
    finally:
        services.close()
    after_close = files_holding([folder, temp], encodings(PHI))

    if encrypted:
        assert while_open == [] and after_close == []
        scanned = [p for p in folder.rglob("*") if p.is_file()]
        assert any(p.suffix == ".sealed" for p in scanned)
        assert any("Backups on USB" in str(p) for p in scanned)
    else:
        assert str(db_path) in after_close  # the control: the scan finds the name where it is plain
        assert any(path.endswith(".pdf") for path in after_close)
