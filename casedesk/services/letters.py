"""Letters drafted from Word templates, and the firm's own templates.

Drafting reads the case (facts, treatment, bills, wages, valuation, injuries, the claim and its
negotiation, the provider), fills the template (:mod:`casedesk.exports.letter_docx`), renders the PDF
(:mod:`casedesk.exports.docx_pdf`) and keeps both with the case in one transaction: the PDF as a case
document with its text searchable, the .docx in the document store, a ``letters`` row and a timeline entry.
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.documents import Document, stored_name
from casedesk.domain.errors import ExportError, NotFoundError, ValidationError
from casedesk.domain.insurance import PolicyParty
from casedesk.domain.letters import (
    ClaimFacts,
    Letter,
    LetterCheck,
    LetterFacts,
    LetterKind,
    LetterTemplate,
    ProviderFacts,
    demand_figure,
    docx_name,
    letter_check,
    letter_context,
    letter_title,
    provider_treatments,
    specials_table,
    unknown_fields,
)
from casedesk.domain.money import Money
from casedesk.resources import (
    letter_template,
)
from casedesk.services.audit import record_export
from casedesk.services.bills import BillService
from casedesk.services.clock import Clock, system_clock
from casedesk.services.docstore import document_store_of, read_stored
from casedesk.services.interviews import InterviewService
from casedesk.services.negotiation import NegotiationService
from casedesk.services.records import RecordService
from casedesk.services.valuation import ValuationService
from casedesk.services.wages import WageService
from casedesk.store import activity as activity_store
from casedesk.store import contacts as contact_store
from casedesk.store import documents as document_store
from casedesk.store import insurance as insurance_store
from casedesk.store import letters as letter_store
from casedesk.store import providers as provider_store
from casedesk.store import search
from casedesk.store.casefile import CaseFile

#: The templates shipped with casedesk, in the order they are listed, with their file names.
SHIPPED: tuple[tuple[LetterKind, str], ...] = (
    (LetterKind.DEMAND, "demand"),
    (LetterKind.PROPOSAL, "proposal"),
    (LetterKind.REPRESENTATION, "representation"),
    (LetterKind.RECORDS_REQUEST, "records_request"),
)
#: The longest name of a firm template.
MAX_TEMPLATE_NAME = 200


def shipped_name(kind: LetterKind) -> str:
    """The name a shipped template is listed by: its kind's label ("Demand letter")."""
    return kind.label


class LetterService:
    """Letters drafted from Word templates, and the firm's own templates."""

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock = system_clock,
        *,
        records: RecordService,
        bills: BillService,
        wages: WageService,
        negotiation: NegotiationService,
        interviews: InterviewService,
        valuation: ValuationService,
    ) -> None:
        """Serve one case file, reading a letter's figures from the services that own them."""
        self._case_file = case_file
        self._clock = clock
        self._records = records
        self._bills = bills
        self._wages = wages
        self._negotiation = negotiation
        self._interviews = interviews
        self._valuation = valuation

    @property
    def encrypted(self) -> bool:
        """The case file is encrypted: a .docx saved for Word is a plain copy outside it."""
        return self._case_file.key is not None

    # --- templates -------------------------------------------------------------------------------

    def templates(self) -> list[LetterTemplate]:
        """Shipped templates first (by kind), then the firm's own (by name)."""
        shipped = [LetterTemplate(name=shipped_name(kind), kind=kind, builtin=True) for kind, _ in SHIPPED]
        with self._case_file.session() as session:
            return shipped + letter_store.list_templates(session)

    def template_errors(self, name: str) -> dict[str, str]:
        """What is wrong with a name for a new firm template; empty when it can be used."""
        name = name.strip()
        if not name:
            return {"name": "Give the template a name (e.g. Demand — short form)."}
        if len(name) > MAX_TEMPLATE_NAME:
            return {"name": f"A template name has at most {MAX_TEMPLATE_NAME} characters."}
        reserved = {shipped_name(kind).lower() for kind, _ in SHIPPED}
        reserved |= {kind.cli_name for kind, _ in SHIPPED}
        if name.lower() in reserved:
            return {"name": f"“{name}” is the name of a template shipped with casedesk. Choose another name."}
        with self._case_file.session() as session:
            if letter_store.template_named(session, name) is not None:
                return {"name": f"There is already a template named “{name}”. Choose another name."}
        return {}

    def add_template(self, path: Path, name: str, kind: LetterKind) -> LetterTemplate:
        """Add a firm template from a .docx.

        Raises:
            ValidationError: The name is empty or taken, the file is not a .docx (or is damaged), or it
                uses merge fields casedesk does not know (they are named).
        """
        from casedesk.exports.letter_docx import template_fields

        errors = self.template_errors(name)
        if errors:
            raise ValidationError(errors)
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise ValidationError(
                {
                    "template": f"{Path(path).name} cannot be read ({exc.strerror or exc}). "
                    "Choose another file."
                }
            ) from exc
        unknown = unknown_fields(template_fields(content))
        if unknown:
            names = ", ".join(f"“{field}”" for field in unknown)
            raise ValidationError(
                {
                    "template": f"The template uses merge fields casedesk does not know: {names}. "
                    "Correct them in Word (see the merge-field reference) and add it again."
                }
            )
        template = LetterTemplate(
            name=name.strip(),
            kind=kind,
            builtin=False,
            sha256=hashlib.sha256(content).hexdigest(),
            added_at=self._clock(),
        )
        with self._case_file.session() as session:
            return letter_store.add_template(session, template, content)

    def remove_template(self, template_id: int) -> LetterTemplate:
        """Remove a firm template (letters drafted from it stay).

        Raises:
            NotFoundError: It was already removed.
        """
        with self._case_file.session() as session:
            return letter_store.delete_template(session, template_id)

    # --- letters ---------------------------------------------------------------------------------

    def letters(self, case_id: int) -> list[Letter]:
        """A case's letters, newest first."""
        with self._case_file.session() as session:
            return letter_store.list_letters(session, case_id)

    def get(self, letter_id: int) -> Letter:
        """The letter with this id.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return letter_store.get_letter(session, letter_id)

    def check(
        self, case_id: int, template_name: str, *, claim_id: int | None = None, provider_id: int | None = None
    ) -> LetterCheck:
        """Before drafting: what the letter will say for the key figures, and what is missing.

        Raises:
            NotFoundError: The case, template, claim or provider does not exist.
        """
        template, _ = self._template(template_name)
        return letter_check(self._facts(case_id, template.kind, claim_id, provider_id, None))

    def generate(
        self,
        case_id: int,
        template_name: str,
        *,
        claim_id: int | None = None,
        provider_id: int | None = None,
        demand: Money | None = None,
    ) -> Letter:
        """Draft a letter: .docx and PDF, both kept with the case, with a timeline entry, in one transaction.

        Args:
            case_id: The case.
            template_name: A template's name (or a shipped one's command-line name, ``demand``).
            claim_id: The claim written on (demand, proposal, representation).
            provider_id: The provider a records request goes to.
            demand: The amount to demand instead of the computed one.

        Raises:
            NotFoundError: The case, template, claim or provider does not exist.
            ValidationError: The template needs a claim or a provider that was not chosen.
            ExportError: The template cannot be filled or rendered, or the files cannot be stored;
                nothing was kept.
        """
        from casedesk.exports.docx_pdf import pdf_page_texts, render_pdf
        from casedesk.exports.letter_docx import fill_template

        template, content = self._template(template_name)
        facts = self._facts(case_id, template.kind, claim_id, provider_id, demand)
        checked = letter_check(facts)
        if checked.needs_claim:
            raise ValidationError({"claim": "Choose the claim the letter is written on."})
        if checked.needs_provider:
            raise ValidationError({"provider": "Choose the provider the records are requested from."})
        now = self._clock()
        title = letter_title(template.kind, template.name, facts.claim, facts.provider, facts.today)
        docx_content = fill_template(content, letter_context(facts))
        pdf = render_pdf(docx_content, title=title, author=facts.firm.name)
        pages = pdf_page_texts(pdf)
        pdf_sha = hashlib.sha256(pdf).hexdigest()
        docx_sha = hashlib.sha256(docx_content).hexdigest()
        written = [
            self._store_file(stored_name(pdf_sha), pdf),
            self._store_file(docx_name(docx_sha), docx_content),
        ]
        try:
            with self._case_file.session() as session:
                document = document_store.add_document(
                    session,
                    Document(
                        case_id=case_id,
                        sha256=pdf_sha,
                        original_name=_file_name(title) + ".pdf",
                        size=len(pdf),
                        page_count=len(pages),
                        imported_at=now,
                        title=title,
                    ),
                )
                assert document.id is not None
                search.add_document_pages(session, case_id, document.id, pages)
                letter = letter_store.add_letter(
                    session,
                    Letter(
                        case_id=case_id,
                        kind=template.kind,
                        template_name=template.name,
                        title=title,
                        document_id=document.id,
                        docx_sha256=docx_sha,
                        created_at=now,
                        claim_id=claim_id if facts.claim is not None else None,
                        provider_id=provider_id if facts.provider is not None else None,
                    ),
                )
                activity_store.add_activity(session, _activity(case_id, now, template, facts, checked))
        except Exception:
            for name, created in written:
                if created:
                    self._remove_unused(name)
            raise
        return letter

    def docx_content(self, letter_id: int) -> bytes:
        """The stored .docx of a letter.

        Raises:
            NotFoundError: The letter was deleted, or its file is missing from the document folder.
        """
        letter = self.get(letter_id)
        return self._read(docx_name(letter.docx_sha256), letter.title)

    def pdf_content(self, letter_id: int) -> bytes:
        """The stored PDF of a letter.

        Raises:
            NotFoundError: The letter was deleted, or its file is missing from the document folder.
        """
        letter = self.get(letter_id)
        with self._case_file.session() as session:
            document = document_store.get_document(session, letter.document_id)
        return self._read(stored_name(document.sha256), letter.title)

    def save_docx(self, letter_id: int, path: Path) -> None:
        """Copy a letter's .docx to ``path``, atomically.

        Raises:
            NotFoundError: The letter or its stored file is gone.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        _write(path, self.docx_content(letter_id))
        record_export(self._case_file, self.get(letter_id).case_id, "Letter (Word)", path)

    def save_pdf(self, letter_id: int, path: Path) -> None:
        """Copy a letter's PDF to ``path``, atomically.

        Raises:
            NotFoundError: The letter or its stored file is gone.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        _write(path, self.pdf_content(letter_id))
        record_export(self._case_file, self.get(letter_id).case_id, "Letter (PDF)", path)

    # --- reading the case ------------------------------------------------------------------------

    def _template(self, name: str) -> tuple[LetterTemplate, bytes]:
        wanted = name.strip().lower()
        for kind, file in SHIPPED:
            if wanted in (shipped_name(kind).lower(), kind.cli_name, kind.value):
                try:
                    content = letter_template(file)
                except OSError as exc:
                    raise NotFoundError(
                        f"The shipped template “{shipped_name(kind)}” is missing from this installation.",
                        "Reinstall casedesk.",
                    ) from exc
                return LetterTemplate(name=shipped_name(kind), kind=kind, builtin=True), content
        with self._case_file.session() as session:
            row = letter_store.template_named(session, name)
            if row is None:
                known = ", ".join(t.name for t in self.templates())
                raise NotFoundError(f"There is no letter template named “{name}”.", f"Templates: {known}.")
            return row.to_domain(), row.content

    def _facts(
        self,
        case_id: int,
        kind: LetterKind,
        claim_id: int | None,
        provider_id: int | None,
        demand: Money | None,
    ) -> LetterFacts:
        valuation = self._valuation.case_valuation(case_id)
        case, client = valuation.case, valuation.client
        chronology = self._records.chronology(case_id)
        treatments = provider_treatments(chronology)
        bills = self._bills.bills(case_id)
        totals = self._bills.totals(case_id)
        by_provider = self._bills.totals_by_provider(case_id)
        story = self._interviews.injury_story(case_id)
        wages = self._wages.total(case_id)
        value: Money | None = None
        fault: Decimal | None = None
        for outcome in self._valuation.outcomes(valuation):
            if outcome.result is not None and outcome.result.value is not None:
                value, fault = outcome.result.value, outcome.scenario.fault_percent
                break
        with self._case_file.session() as session:
            firm = letter_store.get_firm_profile(session)
            providers = provider_store.list_providers(session, case_id)
            names = {t.provider_id: t.name for t in treatments if t.provider_id is not None}
            names |= {p.id: p.name for p in providers if p.id is not None and p.id not in names}
            claim = self._claim(session, case_id, claim_id)
            provider = self._provider(session, case_id, provider_id, treatments)
        latest = (
            self._negotiation.latest_demand(claim_id) if claim is not None and claim_id is not None else None
        )
        entries = [latest] if latest is not None else []
        inputs = valuation.inputs
        return LetterFacts(
            kind=kind,
            today=self._clock().astimezone().date(),
            firm=firm,
            case=case,
            client=client,
            treatments=tuple(treatments),
            specials=specials_table(
                by_provider,
                totals,
                names,
                lost_wages=wages if wages.cents else inputs.lost_wages,
                property_damage=inputs.property_damage,
                other=inputs.other,
            ),
            bill_count=len(bills),
            injuries=story.injuries,
            impact=story.impact,
            demand=demand_figure(entries, value, demand),
            fault_percent=fault or None,
            claim=claim,
            provider=provider,
        )

    @staticmethod
    def _claim(session: Session, case_id: int, claim_id: int | None) -> ClaimFacts | None:
        if claim_id is None:
            return None
        view = insurance_store.claim_view(session, claim_id)
        if view.claim.case_id != case_id:
            raise NotFoundError("That claim is not on this case.", "Choose one of the case's claims.")
        address = email = ""
        if view.claim.adjuster_contact_id is not None:
            with contextlib.suppress(NotFoundError):
                adjuster = contact_store.get_contact(session, view.claim.adjuster_contact_id)
                address, email = adjuster.address, adjuster.email
        if not address and view.policy.carrier_contact_id is not None:
            with contextlib.suppress(NotFoundError):
                address = contact_store.get_contact(session, view.policy.carrier_contact_id).address
        policy = view.policy
        facts = ClaimFacts(
            insurer=policy.carrier,
            insured=policy.insured,
            policy_number=policy.policy_number,
            claim_number=view.claim.claim_number,
            coverage=policy.coverage.label,
            adjuster=view.adjuster,
            adjuster_address=address,
            adjuster_email=email,
            at_fault=policy.party is PolicyParty.AT_FAULT,
        )
        return facts

    @staticmethod
    def _provider(
        session: Session,
        case_id: int,
        provider_id: int | None,
        treatments: list,  # type: ignore[type-arg]
    ) -> ProviderFacts | None:
        if provider_id is None:
            return None
        provider = provider_store.get_provider(session, provider_id)
        if provider.case_id != case_id:
            raise NotFoundError("That provider is not on this case.", "Choose one of the case's providers.")
        address = ""
        with contextlib.suppress(NotFoundError):
            address = contact_store.get_contact(session, provider.contact_id).address
        seen = next((t for t in treatments if t.provider_id == provider_id), None)
        first = min((d for d in (provider.first_visit, seen and seen.first) if d), default=None)
        last = max((d for d in (provider.last_visit, seen and seen.last) if d), default=None)
        if provider.status.value == "treating":
            last = None
        return ProviderFacts(name=provider.name, address=address, first_visit=first, last_visit=last)

    # --- files -----------------------------------------------------------------------------------

    def _store_file(self, name: str, content: bytes) -> tuple[str, bool]:
        """Write a file into the document store by content (sealed when encrypted); whether it was created."""
        store = document_store_of(self._case_file)
        if store.exists(name):
            return name, False
        try:
            store.write_bytes(name, content)
        except OSError as exc:
            raise ExportError(
                f"The letter cannot be stored in the document folder {self._case_file.documents_dir} "
                f"({exc.strerror or exc}).",
                "Free some disk space or check the folder's permissions, then draft it again.",
            ) from exc
        return name, True

    def _remove_unused(self, name: str) -> None:
        document_store_of(self._case_file).remove(name)

    def _read(self, name: str, title: str) -> bytes:
        try:
            return read_stored(self._case_file, name, title)
        except NotFoundError as exc:
            raise NotFoundError(
                exc.message, "Restore the folder from a backup, or draft the letter again."
            ) from exc


def _file_name(title: str) -> str:
    cleaned = "".join("-" if ch in '<>:"/\\|?*' else ch for ch in title)
    return cleaned.replace(" — ", " - ")[:200]


def _write(path: Path, content: bytes) -> None:
    from casedesk.exports.atomic import atomic_write

    with atomic_write(Path(path)) as handle:
        handle.write(content)


def _activity(
    case_id: int, now: datetime, template: LetterTemplate, facts: LetterFacts, checked: LetterCheck
) -> Activity:
    subject = f"{template.kind.label.split(' (')[0]} drafted from “{template.name}”"
    if template.kind in (LetterKind.DEMAND, LetterKind.PROPOSAL) and checked.demand is not None:
        subject += f": {checked.demand}"
        if checked.deadline is not None:
            subject += f", deadline {checked.deadline:%b} {checked.deadline.day}, {checked.deadline.year}"
    parties = ""
    if facts.claim is not None:
        parties = "; ".join(p for p in (facts.claim.adjuster, facts.claim.insurer) if p)
    elif facts.provider is not None:
        parties = facts.provider.name
    return Activity(
        case_id=case_id,
        kind=ActivityKind.LETTER,
        occurred_at=now,
        subject=subject[:300],
        direction=Direction.OUTGOING,
        parties=parties[:300],
        body="Draft: review the figures and the wording before the letter is sent.",
    )
