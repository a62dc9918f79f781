"""Drafting letters: files, letter and timeline entry kept in one transaction; firm templates validated."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from casedesk.domain.activity import ActivityKind, Direction
from casedesk.domain.bills import Bill
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.firm import FirmProfile
from casedesk.domain.insurance import Claim, Coverage, Policy
from casedesk.domain.letters import LetterKind
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.providers import CaseProvider
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.resources import letter_template
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


@dataclass(frozen=True)
class Demo:
    case_id: int
    claim_id: int
    provider_id: int


@pytest.fixture
def demo(services: Services, make_case: MakeCase) -> Demo:
    """A case with a provider, two indexed visits, a bill, an at-fault policy, a claim and a demand."""
    case = make_case(attorney="Priya Raman", facts="A truck ran the red light and struck Ms. Alvarez's car.")
    case_id = case.id or 0
    services.firm.save(
        FirmProfile(name="Reyes & Whitfield, P.C.", address="100 Congress Ave\nAustin, TX 78701")
    )
    provider = services.providers.add_provider(
        CaseProvider(case_id, 0),
        new_contact=Contact(
            "Mercy Hospital",
            ContactRole.MEDICAL_PROVIDER,
            is_organization=True,
            address="1 Health Way\nAustin, TX 78701",
        ),
    )
    provider_id = provider.id or 0
    for day, summary in (
        (date(2026, 6, 14), "Seen after the crash."),
        (date(2026, 7, 2), "Released from care."),
    ):
        services.records.add(
            RecordEntry(
                case_id=case_id,
                service_from=day,
                provider_id=provider_id,
                kind=EntryKind.EMERGENCY,
                diagnoses="Cervical sprain",
                summary=summary,
            )
        )
    services.bills.add_bill(
        Bill(
            case_id=case_id,
            provider_id=provider_id,
            service_from=date(2026, 6, 14),
            billed=Money.parse("12345.67"),
            health_paid=Money.parse("8000"),
        )
    )
    policy = services.insurance.add_policy(
        Policy(
            case_id=case_id,
            coverage=Coverage.BODILY_INJURY,
            carrier="Progressive",
            insured="John Brooks",
            policy_number="PA-778812",
        )
    )
    claim = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=policy.id or 0, claim_number="12-345")
    )
    services.negotiation.add(
        NegotiationEntry(
            claim_id=claim.id,
            kind=MoveKind.INITIAL_DEMAND,
            made_on=date(2026, 11, 2),
            amount=Money.parse("150000"),
            time_limit_days=30,
            received_on=date(2026, 11, 5),
        )
    )
    return Demo(case_id, claim.id, provider_id)


def test_templates_list_shipped_first_then_the_firms(services: Services, tmp_path: Path) -> None:
    shipped = services.letters.templates()
    assert [t.kind for t in shipped] == [
        LetterKind.DEMAND,
        LetterKind.PROPOSAL,
        LetterKind.REPRESENTATION,
        LetterKind.RECORDS_REQUEST,
    ]
    assert all(t.builtin for t in shipped)
    path = tmp_path / "short.docx"
    path.write_bytes(letter_template("demand"))
    added = services.letters.add_template(path, "Demand — short form", LetterKind.DEMAND)
    assert services.letters.templates()[-1] == added and not added.builtin and len(added.sha256) == 64


def test_check_gives_the_demand_and_its_deadline_before_drafting(services: Services, demo: Demo) -> None:
    check = services.letters.check(demo.case_id, "Demand letter", claim_id=demo.claim_id)
    assert check.demand == Money.parse("150000")
    assert check.demand_source == "initial demand of November 2, 2026"
    assert check.deadline == date(2026, 12, 5)
    assert not check.needs_claim
    without = services.letters.check(demo.case_id, "demand")
    assert without.needs_claim and "Choose a claim" in without.warnings


def test_generate_keeps_pdf_docx_letter_and_timeline_entry(
    services: Services, demo: Demo, tmp_path: Path
) -> None:
    letter = services.letters.generate(demo.case_id, "demand", claim_id=demo.claim_id)
    assert letter.title == "Demand letter — Progressive claim 12-345 — 2026-11-21"
    assert services.letters.letters(demo.case_id) == [letter]
    document = services.documents.get(letter.document_id)
    assert document.case_id == demo.case_id and document.display_name == letter.title
    assert document.page_count >= 2
    first_page = services.documents.page_text(letter.document_id, 1)
    assert "Maria Alvarez" in first_page and "Reyes & Whitfield, P.C." in first_page
    entry = services.timeline.entries(demo.case_id, [ActivityKind.LETTER])[0]
    assert entry.direction is Direction.OUTGOING
    assert entry.subject == "Demand letter drafted from “Demand letter”: $150,000.00, deadline Dec 5, 2026"
    docx_path, pdf_path = tmp_path / "d.docx", tmp_path / "d.pdf"
    services.letters.save_docx(letter.id or 0, docx_path)
    services.letters.save_pdf(letter.id or 0, pdf_path)
    import docx
    from pypdf import PdfReader

    text = "\n".join(p.text for p in docx.Document(str(docx_path)).paragraphs)
    assert "$150,000.00 (one hundred fifty thousand dollars)" in text and "December 5, 2026" in text
    assert "Mercy Hospital treated Maria Alvarez from June 14, 2026 to July 2, 2026 (2 visits" in text
    pdf_text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf_path.read_bytes())).pages)
    assert "$12,345.67" in pdf_text and "Priya Raman" in " ".join(pdf_text.split())


def test_typed_demand_overrides_and_records_request_needs_the_provider(
    services: Services, demo: Demo
) -> None:
    letter = services.letters.generate(
        demo.case_id, "proposal", claim_id=demo.claim_id, demand=Money.parse("120000")
    )
    assert "$120,000.00" in services.documents.page_text(
        letter.document_id, 1
    ) + services.documents.page_text(letter.document_id, 2)
    with pytest.raises(ValidationError, match="provider"):
        services.letters.generate(demo.case_id, "records-request")
    request = services.letters.generate(demo.case_id, "records-request", provider_id=demo.provider_id)
    assert request.provider_id == demo.provider_id and request.title.startswith(
        "Medical records request — Mercy"
    )
    assert [lt.id for lt in services.letters.letters(demo.case_id)] == [request.id, letter.id]


def test_a_failure_leaves_nothing_behind(
    services: Services, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casedesk.store import activity

    before_documents = services.documents.documents(demo.case_id)
    before_files = sorted(p for p in services._case_file.documents_dir.rglob("*") if p.is_file())

    def broken(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(activity, "add_activity", broken)
    with pytest.raises(RuntimeError):
        services.letters.generate(demo.case_id, "demand", claim_id=demo.claim_id)
    assert services.letters.letters(demo.case_id) == []
    assert services.documents.documents(demo.case_id) == before_documents
    assert sorted(p for p in services._case_file.documents_dir.rglob("*") if p.is_file()) == before_files


def test_unknown_things_are_not_found(services: Services, demo: Demo, make_case: MakeCase) -> None:
    with pytest.raises(NotFoundError, match="no letter template named “Thank-you note”"):
        services.letters.generate(demo.case_id, "Thank-you note")
    other = make_case()
    with pytest.raises(NotFoundError, match="not on this case"):
        services.letters.generate(other.id or 0, "demand", claim_id=demo.claim_id)


def _docx(*paragraphs: str) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_firm_templates_are_validated_and_removable(services: Services, demo: Demo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(_docx("Dear {{ adjustor.name }},", "Re: {{ clinet.name }} / {{ claim.claim_number }}"))
    with pytest.raises(ValidationError) as refused:
        services.letters.add_template(bad, "Thanks", LetterKind.OTHER)
    assert "“adjustor”, “clinet”" in str(refused.value)
    pdf = tmp_path / "x.docx"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ValidationError, match="not a Word document"):
        services.letters.add_template(pdf, "Thanks", LetterKind.OTHER)
    good = tmp_path / "good.docx"
    good.write_bytes(_docx("Dear {{ claim.adjuster or 'Sir or Madam' }},", "Thank you, {{ client.name }}."))
    for name in ("", "Demand letter", "demand"):
        with pytest.raises(ValidationError):
            services.letters.add_template(good, name, LetterKind.OTHER)
    added = services.letters.add_template(good, "Thanks", LetterKind.OTHER)
    with pytest.raises(ValidationError, match="already a template named"):
        services.letters.add_template(good, "thanks", LetterKind.OTHER)
    letter = services.letters.generate(demo.case_id, "Thanks", claim_id=demo.claim_id)
    assert letter.kind is LetterKind.OTHER and letter.title.startswith("Thanks — Progressive claim 12-345")
    assert "Thank you, Maria Alvarez." in services.documents.page_text(letter.document_id, 1)
    assert services.letters.remove_template(added.id or 0) == added
    assert all(t.builtin for t in services.letters.templates())
    assert services.letters.letters(demo.case_id) == [letter]  # letters drafted from it stay
