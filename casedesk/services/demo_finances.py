"""Demo finances: the expenses, lost wages, recoveries, statement terms and holdbacks of settled cases.

Part of the demo generator (:mod:`casedesk.services.demo`), drawing from a generator of its own seeded
from the demo's seed, so adding finances left every other record a seed gives unchanged.

A settled case gets the expenses of its life (the crash report, each records copy fee its record requests
cost, postage and couriers, travel, a narrative report; once suit was filed the filing fee, service,
depositions and often an expert and mediation), some paid by the client and some the firm does not bill;
lost wages when its valuation claims some; the liability carrier's payment of what the case settled for
(the figure its timeline names), sometimes MedPay/PIP or UM/UIM too; the statement's terms (left a draft);
its liens final at their agreed amounts (reduced pro rata when they would take most of the client's share);
and for some a holdback for a disputed bill. Once the cases are written, every other settled case's
statement is finalized and paid out of trust (:func:`close_out_statements`); the rest are left to finish.
Cases whose provider records were imported as files get the
records copy fee with the file as its receipt.

Everything is fictional, like the rest of the demo.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Protocol, TypeVar

from casedesk.domain.bills import Lien, LienStatus
from casedesk.domain.cases import Case, CaseStatus, CaseType
from casedesk.domain.contacts import CaseContact, ContactRole
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense, PaidBy, is_case_cost
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.scenarios import ValuationInputs
from casedesk.domain.settlement import (
    Disbursement,
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementTerms,
    settlement_split,
)
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.services.demo_medical import MedicalBatch
from casedesk.services.demo_valuation import CaseFigures
from casedesk.store import documents as document_store
from casedesk.store import providers as provider_store
from casedesk.store.casefile import CaseFile
from casedesk.store.settlement import statement_case_ids
from casedesk.store.trust import insert_finances

FILING, SERVICE, RECORDS, EXPERT, DEPOSITION, MEDIATION, POSTAGE, TRAVEL, OTHER = (
    "Filing fee",
    "Service of process",
    "Records copy fee",
    "Expert",
    "Deposition / court reporter",
    "Mediation",
    "Postage / courier",
    "Travel",
    "Other",
)
#: The usual contingency agreement: one third before suit, 40 % once suit is filed or at trial.
FEE_RATES = {FeeStage.PRE_SUIT: Fraction(1, 3), FeeStage.SUIT: Fraction(2, 5), FeeStage.TRIAL: Fraction(2, 5)}
#: Mileage reimbursed per mile (the firm's policy, as the IRS rate was).
_MILEAGE = Decimal("0.67")
#: The liens together take at most this share of what is left after the fee and costs.
_LIENS_AT_MOST = Fraction(1, 2)
_SHARE_WITH_HOLDBACK = 0.25
_SHARE_WITH_MEDPAY = 0.25
_SHARE_AFTER_COSTS = 0.2

_PROCESS_SERVERS = ("Lone Star Process Service", "Capitol Civil Process", "Bayou City Legal Couriers")
_REPORTERS = ("Sandoval Court Reporting", "Hill Country Reporters", "Meridian Deposition Services")
_MEDIATORS = ("Hon. Ellen P. Garza (Ret.)", "Thomas Whitaker, Mediator", "Resolve Mediation Group")
_EXPERTS = (
    ("Crestline Accident Reconstruction", "Accident reconstruction report"),
    ("Dr. Lena Ostrowski, life care planner", "Life care plan"),
    ("Harbor Biomechanics", "Biomechanical review of the crash forces"),
)
_COURIERS = (
    ("USPS", "Certified mail, return receipt", 8, 12),
    ("FedEx", "Overnight delivery", 24, 48),
    ("Metro Express Couriers", "Same-day courier", 35, 65),
)
_TRAVEL = (
    "Mileage: home visit to sign the contract",
    "Mileage: hospital visit with the client",
    "Mileage: scene photographs",
    "Parking at the courthouse",
)
_EMPLOYERS = (
    "Brazos Valley Logistics",
    "Lakeview Dental Group",
    "Sunharbor Home Health",
    "Ridgeway Framing & Drywall",
    "Copperline Call Center",
    "Pecan Street Bistro",
)
_OWN_CARRIERS = ("Bluebonnet Mutual Auto", "Lone Prairie Insurance", "Gulfway Casualty")


@dataclass(slots=True)
class FinanceBatch:
    """Finances of a chunk of cases, in insertion order (the records get their ids when inserted)."""

    expenses: list[Expense] = field(default_factory=list)
    wages: list[LostWage] = field(default_factory=list)
    recoveries: list[Recovery] = field(default_factory=list)
    statements: list[StatementTerms] = field(default_factory=list)
    holdbacks: list[Holdback] = field(default_factory=list)


class DemoFinances:
    """Draws each settled case's finances, case after case, from its own generator.

    Args:
        rng: The generator (seeded from the demo's seed).
        today: The demo's "today": nothing is dated after it.
    """

    def __init__(self, rng: random.Random, today: date) -> None:
        self._rng = rng
        self._today = today

    def draw(
        self,
        case: Case,
        links: Sequence[CaseContact],
        figures: CaseFigures,
        inputs: ValuationInputs,
        medical: MedicalBatch,
        batch: FinanceBatch,
    ) -> None:
        """Add a settled case's finances to the batch; its liens in ``medical`` become final."""
        if case.status is not CaseStatus.SETTLED or case.incident_date is None or case.id is None:
            return
        rng = self._rng
        litigated = any(link.role is ContactRole.COURT for link in links)
        settled_on = self._settled_on(case)
        expenses = self._expenses(case, links, medical, settled_on, litigated)
        wages = self._wages(case, links, inputs)
        recoveries = self._recoveries(case, links, figures, inputs, settled_on)
        terms = StatementTerms(
            case_id=case.id,
            fee_rates=dict(FEE_RATES),
            fee_stage=FeeStage.SUIT if litigated else FeeStage.PRE_SUIT,
            fee_basis=FeeBasis.AFTER_COSTS if rng.random() < _SHARE_AFTER_COSTS else FeeBasis.GROSS,
            attorney=case.attorney,
            method=self._method(case, litigated),
        )
        gross = sum((r.amount for r in recoveries), Money.zero())
        # No demo expense is invoiced, so none was repaid by a paid invoice.
        costs = sum((e.amount for e in expenses if is_case_cost(e, invoice_paid=False)), Money.zero())
        liens = self._final_liens(case.id, medical, gross, costs, terms)
        holdbacks = self._holdbacks(case.id, medical, liens, gross, costs, terms)
        batch.expenses.extend(expenses)
        batch.wages.extend(wages)
        batch.recoveries.extend(recoveries)
        batch.statements.append(terms)
        batch.holdbacks.extend(holdbacks)

    # --- when ---

    def _settled_on(self, case: Case) -> date:
        """When the case settled: weeks ago, and at least four months after it was opened."""
        earliest = case.opened_on + timedelta(days=120)
        day = self._today - timedelta(days=self._rng.randint(10, 75))
        return min(max(day, earliest), self._today)

    def _between(self, first: date, last: date) -> date:
        """A weekday from ``first`` to ``last`` (``first`` when the span is empty)."""
        span = max(0, (last - first).days)
        day = first + timedelta(days=self._rng.randint(0, span))
        if day.weekday() >= 5:
            day -= timedelta(days=day.weekday() - 4)
        return max(first, day)

    # --- expenses ---

    def _expenses(
        self,
        case: Case,
        links: Sequence[CaseContact],
        medical: MedicalBatch,
        settled_on: date,
        litigated: bool,
    ) -> list[Expense]:
        rng = self._rng
        case_id = case.id or 0
        opened = case.opened_on
        found: list[Expense] = []

        def spend(
            day: date,
            category: str,
            payee: str,
            description: str,
            cents: int,
            paid_by: PaidBy = PaidBy.FIRM,
            reimbursable: bool = True,
            reference: str = "",
        ) -> None:
            found.append(
                Expense(
                    case_id=case_id,
                    spent_on=min(day, self._today),
                    category=category,
                    payee=payee,
                    description=description,
                    amount=Money(cents),
                    paid_by=paid_by,
                    reimbursable=reimbursable and paid_by is PaidBy.FIRM,
                    invoice_reference=reference,
                )
            )

        client_paid = rng.random() < 0.2
        spend(
            self._between(opened, opened + timedelta(days=14)),
            OTHER,
            "Texas Department of Transportation" if case.jurisdiction == "TX" else "Police records division",
            "Crash report" if case.case_type is CaseType.MOTOR_VEHICLE else "Incident report",
            rng.choice((600, 800, 1_000, 1_500, 2_500)),
            PaidBy.CLIENT if client_paid else PaidBy.FIRM,
        )
        names = {p.id: p.name for p in _trailing(medical.providers, case_id)}
        for request in _trailing(medical.requests, case_id):
            if request.cost is None or request.cost.cents <= 0:
                continue
            by_client = rng.random() < 0.1
            spend(
                request.received_on or request.sent_on,
                RECORDS,
                names.get(request.provider_id, "Medical records department"),
                "Copies of medical records",
                request.cost.cents,
                PaidBy.CLIENT if by_client else PaidBy.FIRM,
                reference=f"R-{rng.randint(10_000, 99_999)}",
            )
        for _ in range(rng.randint(2, 5)):
            carrier, what, least, most = rng.choice(_COURIERS)
            overhead = rng.random() < 0.3  # some firms absorb routine postage
            spend(
                self._between(opened, settled_on),
                POSTAGE,
                carrier,
                what + (" (firm overhead)" if overhead else ""),
                rng.randint(least * 100, most * 100),
                reimbursable=not overhead,
            )
        for _ in range(rng.randint(0, 2)):
            miles = rng.randint(12, 140)
            what = rng.choice(_TRAVEL)
            cents = int(_MILEAGE * miles * 100) if what.startswith("Mileage") else rng.randint(800, 2_400)
            spend(
                self._between(opened, settled_on),
                TRAVEL,
                case.attorney or "Firm",
                what + (f", {miles} miles" if what.startswith("Mileage") else ""),
                cents,
                reimbursable=rng.random() < 0.7,
            )
        doctors = [link.contact.name for link in links if link.role is ContactRole.MEDICAL_PROVIDER]
        if doctors and rng.random() < 0.5:
            spend(
                self._between(opened + timedelta(days=60), settled_on),
                EXPERT,
                doctors[0],
                "Treating physician's narrative report",
                rng.randint(250, 600) * 100,
                reference=f"NR-{rng.randint(1_000, 9_999)}",
            )
        if litigated:
            court = next(
                (link.contact.name for link in links if link.role is ContactRole.COURT), "District Clerk"
            )
            suit = self._between(opened + timedelta(days=90), settled_on - timedelta(days=60))
            spend(suit, FILING, court, "Original petition filing fee", rng.choice((30_000, 35_000, 37_200)))
            spend(
                suit + timedelta(days=rng.randint(3, 12)),
                SERVICE,
                rng.choice(_PROCESS_SERVERS),
                "Service of citation on the defendant",
                rng.randint(75, 150) * 100,
                reference=f"SV-{rng.randint(1_000, 9_999)}",
            )
            for who in ("the plaintiff", "the defendant")[: rng.randint(1, 2)]:
                spend(
                    self._between(suit + timedelta(days=30), settled_on),
                    DEPOSITION,
                    rng.choice(_REPORTERS),
                    f"Deposition of {who}: appearance and transcript",
                    rng.randint(45_000, 140_000),
                )
        if rng.random() < (0.6 if litigated else 0.2):
            expert, report = rng.choice(_EXPERTS)
            spend(
                self._between(opened + timedelta(days=60), settled_on),
                EXPERT,
                expert,
                report,
                rng.randint(15, 60) * 10_000,
                reference=f"INV-{rng.randint(100, 999)}",
            )
        if rng.random() < (0.6 if litigated else 0.15):
            spend(
                settled_on - timedelta(days=rng.randint(0, 3)),
                MEDIATION,
                rng.choice(_MEDIATORS),
                "Mediation: plaintiff's half of the fee",
                rng.randint(75, 250) * 1_000,
            )
        return sorted(found, key=lambda e: e.spent_on)

    # --- lost wages ---

    def _wages(self, case: Case, links: Sequence[CaseContact], inputs: ValuationInputs) -> list[LostWage]:
        """Hourly wages near the valuation's lost-wage figure, from the day after the incident."""
        if inputs.lost_wages.cents <= 0 or case.incident_date is None:
            return []
        rng = self._rng
        employer = next((link.contact for link in links if link.role is ContactRole.EMPLOYER), None)
        rate = Money(rng.randint(14, 38) * 100 + rng.choice((0, 25, 50, 75)))
        hours = max(8, round(inputs.lost_wages.cents / rate.cents / 4) * 4)  # whole half-days
        start = case.incident_date + timedelta(days=1)
        return [
            LostWage(
                case_id=case.id or 0,
                employer=employer.name if employer else rng.choice(_EMPLOYERS),
                rate=rate,
                basis=WageBasis.HOURLY,
                missed=Decimal(hours),
                period_from=start,
                period_to=start + timedelta(days=(hours // 8) * 7 // 5),
                notes="Employer's wage verification letter and the last two pay stubs.",
                employer_contact_id=employer.id if employer else None,
            )
        ]

    # --- money in ---

    def _recoveries(
        self,
        case: Case,
        links: Sequence[CaseContact],
        figures: CaseFigures,
        inputs: ValuationInputs,
        settled_on: date,
    ) -> list[Recovery]:
        rng = self._rng
        if figures.settlement.cents <= 0:
            return []
        case_id = case.id or 0
        adjuster = next((link for link in links if link.role is ContactRole.ADJUSTER), None)
        insurer = next((link.contact for link in links if link.role is ContactRole.INSURER), None)
        payer = (
            adjuster.contact.organization
            if adjuster and adjuster.contact.organization
            else "Liability carrier"
        )
        claim = adjuster.note.removeprefix("Claim ").strip() if adjuster else ""
        received = settled_on + timedelta(days=rng.randint(7, 24))
        recoveries = [
            Recovery(
                case_id=case_id,
                source=RecoverySource.LIABILITY,
                amount=figures.settlement,
                payer=payer,
                claim_number=claim,
                received_on=received if received <= self._today else None,
                notes="Settlement check deposited to the trust account." if received <= self._today else "",
                payer_contact_id=insurer.id if insurer and insurer.name == payer else None,
            )
        ]
        first_day = (case.incident_date or case.opened_on) + timedelta(days=rng.randint(45, 120))
        if rng.random() < _SHARE_WITH_MEDPAY:
            own = rng.choice(_OWN_CARRIERS)
            recoveries.append(
                Recovery(
                    case_id=case_id,
                    source=RecoverySource.MEDPAY_PIP,
                    amount=Money.of(rng.choice((1_000, 2_500, 5_000))),
                    payer=own,
                    claim_number=f"MP-{rng.randint(100_000, 999_999)}",
                    received_on=min(first_day, settled_on),
                    notes="The client's own medical payments coverage.",
                )
            )
        limits = inputs.coverage is not None and figures.settlement >= inputs.coverage
        if limits or rng.random() < 0.1:
            share = rng.choice((10, 15, 20, 25))
            recoveries.append(
                Recovery(
                    case_id=case_id,
                    source=RecoverySource.UM_UIM,
                    amount=Money(figures.settlement.cents * share // 100 // 100 * 100),
                    payer=rng.choice(_OWN_CARRIERS),
                    claim_number=f"UIM-{rng.randint(100_000, 999_999)}",
                    received_on=received if received <= self._today else None,
                    notes="Underinsured motorist claim after the liability limits were tendered.",
                )
            )
        return recoveries

    def _method(self, case: Case, litigated: bool) -> str:
        rate = "40 % (suit filed)" if litigated else "one third (before suit)"
        return (
            f"Contingency fee under the agreement signed {case.opened_on:%m/%d/%Y}: {rate} of the recovery. "
            "Case costs advanced by the firm are repaid from the settlement; liens and bills are paid at "
            "the final amounts agreed with each holder; the client receives the balance."
        )

    # --- money out ---

    def _final_liens(
        self, case_id: int, medical: MedicalBatch, gross: Money, costs: Money, terms: StatementTerms
    ) -> list[Lien]:
        """The case's liens made final (not paid: that is a disbursement), reduced pro rata if need be."""
        start = _trailing_start(medical.liens, case_id)
        liens = medical.liens[start:]
        if not liens:
            return []
        fee = settlement_split(
            gross, terms.fee_rates[terms.fee_stage], terms.fee_basis, min(costs, gross), Money.zero()
        ).fee
        room = (
            Money(int((gross - fee - costs).cents * _LIENS_AT_MOST)) if gross > fee + costs else Money.zero()
        )
        total = sum((lien.payable for lien in liens), Money.zero())
        final = []
        for lien in liens:
            amount = lien.payable
            notes = lien.notes
            if total > room and total.cents > 0:
                amount = Money(amount.cents * room.cents // total.cents)
                notes = (notes + "\n" if notes else "") + "Reduced pro rata to the settlement (common fund)."
            final.append(
                replace(
                    lien,
                    status=LienStatus.FINAL,
                    final=amount,
                    reduction=max(lien.asserted - amount, Money.zero()),
                    notes=notes,
                )
            )
        medical.liens[start:] = final
        return final

    def _holdbacks(
        self,
        case_id: int,
        medical: MedicalBatch,
        liens: Sequence[Lien],
        gross: Money,
        costs: Money,
        terms: StatementTerms,
    ) -> list[Holdback]:
        """For some cases, money kept in trust for a provider's disputed balance bill."""
        rng = self._rng
        providers = _trailing(medical.providers, case_id)
        if not providers or gross.cents <= 0 or rng.random() >= _SHARE_WITH_HOLDBACK:
            return []
        owed = sum((lien.payable for lien in liens), Money.zero())
        split = settlement_split(
            gross, terms.fee_rates[terms.fee_stage], terms.fee_basis, min(costs, gross), owed
        )
        amount = Money(min(rng.randint(5, 30) * 10_000, split.net_to_client.cents // 4) // 100 * 100)
        if amount.cents <= 0:
            return []
        provider = rng.choice(providers)
        return [
            Holdback(
                case_id=case_id,
                payee=provider.name,
                amount=amount,
                reason=f"{provider.name} bills a balance it has not shown to be owed; held in trust until "
                "it is resolved.",
            )
        ]


def add_record_fees(case_file: CaseFile, case_ids: Sequence[int], today: date) -> int:
    """Give each imported records file its copy fee, with the file as the receipt; returns how many.

    The fee is what the case's records request to that provider cost, or $0.25 a page (at least $10)
    when the request named no cost.
    """
    expenses: list[Expense] = []
    with case_file.session() as session:
        for case_id in case_ids:
            requests = provider_store.list_requests(session, case_id)
            names = document_store.provider_names(session, case_id)
            for document in document_store.list_documents(session, case_id):
                if document.provider_id is None:
                    continue
                asked = [r for r in requests if r.provider_id == document.provider_id]
                cost = next((r.cost for r in asked if r.cost is not None and r.cost.cents > 0), None)
                paid_on = next((r.received_on for r in asked if r.received_on is not None), None)
                expenses.append(
                    Expense(
                        case_id=case_id,
                        spent_on=min(paid_on or document.imported_at.date(), today),
                        category=RECORDS,
                        payee=names.get(document.provider_id, document.title or document.original_name),
                        description=f"Copies of medical records ({document.page_count} pages)",
                        amount=cost or Money(max(1_000, 25 * document.page_count)),
                        receipt_document_id=document.id,
                    )
                )
        insert_finances(session, expenses=expenses)
    return len(expenses)


class _OfCase(Protocol):
    @property
    def case_id(self) -> int: ...


_R = TypeVar("_R", bound=_OfCase)


def _trailing_start(records: Sequence[_OfCase], case_id: int) -> int:
    """Where the case's records start at the end of a batch list (each case's records are appended last)."""
    start = len(records)
    while start > 0 and records[start - 1].case_id == case_id:
        start -= 1
    return start


def _trailing(records: Sequence[_R], case_id: int) -> list[_R]:
    """The case's records at the end of a batch list."""
    return list(records[_trailing_start(records, case_id) :])


def close_out_statements(case_file: CaseFile, moment: datetime) -> tuple[int, int]:
    """Finalize every other settled case's statement and pay it out; leave the others to be finished.

    Only a case whose recoveries had all been received by ``moment`` is paid out.

    A closed-out case has its statement final and a disbursement for each line the statement gives out
    (the fee, the costs, each lien, the client's net); its holdbacks stay in trust. A case left open keeps
    its statement a draft and its first lien under negotiation, so that finishing it is the user's job:
    agree the lien, mark it final, finalize, pay out.

    Returns:
        How many statements were finalized, and how many were left drafts.
    """
    from casedesk.services.bills import BillService
    from casedesk.services.settlement import SettlementService
    from casedesk.services.trust import HOLDBACK_RELEASED, TrustService, distribution

    clock = lambda: moment  # noqa: E731  # the demo's fixed "now"
    settlement = SettlementService(case_file, clock)
    trust = TrustService(case_file, clock)
    bills = BillService(case_file)
    with case_file.session() as session:
        case_ids = statement_case_ids(session)
    finalized = drafts = 0
    check_number = 5001
    for index, case_id in enumerate(case_ids):
        recoveries = settlement.recoveries(case_id)
        all_in = all(r.received_on is not None and r.received_on <= moment.date() for r in recoveries)
        if index % 2 or not recoveries or not all_in:
            liens = bills.liens(case_id)
            if liens:
                bills.update_lien(replace(liens[0], status=LienStatus.NEGOTIATING, final=None))
            drafts += 1
            continue
        try:
            statement = settlement.finalize(case_id).statement
        except ValidationError:  # costs and liens beyond the recovery: left for the liens to be reduced
            drafts += 1
            continue
        finalized += 1
        for line in distribution(statement, []):
            if line.is_total or line.purpose == HOLDBACK_RELEASED or line.due.cents <= 0:
                continue
            trust.add(
                Disbursement(
                    case_id=case_id,
                    payee=line.payee,
                    amount=line.due,
                    paid_on=moment.date(),
                    method=PaymentMethod.CHECK,
                    reference=str(check_number),
                    purpose=line.purpose,
                )
            )
            check_number += 1
    return finalized, drafts
