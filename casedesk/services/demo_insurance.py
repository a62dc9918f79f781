"""Demo insurance: the policies and claims of every case past intake, and the negotiation of its injury claim.

Part of the demo generator (:mod:`casedesk.services.demo`). It runs once the cases are written, reading what
they already say (the adjuster on each case and the claim number its timeline names, the valuation's limit
and scenarios, the recoveries of settled cases) so that everything agrees, and draws the rest from a
generator of its own seeded from the demo's seed: the same seed and date give the same records, and every
record the demo made before is left as it was.

- Every case past intake has the at-fault party's bodily-injury policy with the adjuster's company: its
  per-person limit is the valuation's coverage (25/50, 50/100, 100/300, 250/500, 500/1,000 or 1,000/1,000
  thousands), or not known yet where the valuation has none. The claim on it has the timeline's claim
  number and adjuster, was reported and the letter of representation sent after the incident.
- Some clients have their own UM/UIM coverage, some MedPay or PIP; where a settled case recovered from
  either, the policy and its claim are the payer's, with the recovery's claim number.
- Cases in negotiation, settled or closed have a negotiation history on the injury claim: the initial
  demand (about the valuation's value, or a little above), two to four rounds of offers and counter-demands
  converging, and for settled cases a final settlement equal to the liability recovery the demo's finances
  recorded. About one demand in five in an open negotiation is time-limited (30 days from its receipt, 3 to
  5 days after it was made); their deadlines go on the calendar.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select

from casedesk.domain.cases import CaseStatus
from casedesk.domain.contacts import ContactRole
from casedesk.domain.errors import ValidationError
from casedesk.domain.fault import JurisdictionFaultRule, rule_for
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.scenarios import Scenario, ValuationInputs, evaluate
from casedesk.domain.settlement import RecoverySource
from casedesk.store.casefile import CaseFile
from casedesk.store.cases import CaseRow
from casedesk.store.contacts import CaseContactRow, ContactRow
from casedesk.store.insurance import ClaimRow, PolicyRow
from casedesk.store.negotiation import NegotiationEntryRow
from casedesk.store.settlement import RecoveryRow
from casedesk.store.valuation import ScenarioRow, ValuationInputsRow

#: Per-occurrence limit that goes with each usual per-person limit (in dollars).
_OCCURRENCE = {25_000: 50_000, 50_000: 100_000, 100_000: 300_000, 250_000: 500_000, 500_000: 1_000_000}
#: Carriers for a liability policy when the case names no adjuster's company.
_CARRIERS = ("Lone Star Mutual", "Hill Country Casualty", "Pecan Valley Insurance", "Red River Indemnity")
#: The client's own carriers (the same names the demo's finances pay UM/UIM and MedPay from).
_OWN_CARRIERS = ("Bluebonnet Mutual Auto", "Lone Prairie Insurance", "Gulfway Casualty")
_UM_LIMITS = (25_000, 30_000, 50_000, 100_000)
_UM_BIGGER = (*_UM_LIMITS, 250_000, 500_000, 1_000_000)
_MEDPAY_LIMITS = (1_000, 2_500, 5_000, 10_000)
_SHARE_UM = 0.35
_SHARE_MEDPAY = 0.3
_SHARE_TIME_LIMITED = 0.2
_TIME_LIMIT_DAYS = 30
_NEGOTIATED = (CaseStatus.NEGOTIATION, CaseStatus.SETTLED, CaseStatus.CLOSED)
_FIRM = "The firm, for the client"


@dataclass(frozen=True, slots=True)
class _Case:
    id: int
    status: CaseStatus
    jurisdiction: str
    incident: date | None
    opened_on: date
    closed_on: date | None
    defendant: str
    attorney: str


@dataclass(frozen=True, slots=True)
class _Adjuster:
    contact_id: int
    name: str
    company: str
    claim_number: str


@dataclass(slots=True)
class _Rows:
    policies: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    deadline_cases: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class InsuranceSummary:
    """What :func:`add_demo_insurance` wrote."""

    policies: int
    claims: int
    entries: int


def add_demo_insurance(
    case_file: CaseFile,
    *,
    seed: int,
    moment: datetime,
    rules: tuple[JurisdictionFaultRule, ...],
) -> InsuranceSummary:
    """Add policies, claims and negotiations to the demo's cases (written already), in one transaction.

    Args:
        case_file: The demo's case file, its cases, contacts, valuations and finances written.
        seed: The demo's seed.
        moment: When the demo is made (its date is the demo's "today"; nothing is dated after it).
        rules: The fault rules, to evaluate the valuation's scenarios as the Valuation tab does.
    """
    rng = random.Random(f"insurance-{seed}")
    today = moment.date()
    with case_file.session() as session:
        cases = [
            _Case(
                row.id,
                CaseStatus(row.status),
                row.jurisdiction,
                row.incident_date,
                row.opened_on,
                row.closed_on,
                row.caption.split(" v. ", 1)[-1] if " v. " in row.caption else "",
                row.attorney,
            )
            for row in session.scalars(
                select(CaseRow).where(CaseRow.status != CaseStatus.INTAKE.value).order_by(CaseRow.id)
            )
        ]
        adjusters = _adjusters(session)
        insurers = {
            name: contact_id
            for contact_id, name in session.execute(
                select(ContactRow.id, ContactRow.name).where(ContactRow.role == ContactRole.INSURER.value)
            )
        }
        recoveries: dict[int, dict[RecoverySource, RecoveryRow]] = defaultdict(dict)
        for recovery in session.scalars(select(RecoveryRow).order_by(RecoveryRow.id)):
            recoveries[recovery.case_id].setdefault(RecoverySource(recovery.source), recovery)
        inputs = {row.case_id: row.to_domain() for row in session.scalars(select(ValuationInputsRow))}
        negotiated = [case.id for case in cases if case.status in _NEGOTIATED]
        scenarios: dict[int, list[Scenario]] = defaultdict(list)
        for row in session.scalars(
            select(ScenarioRow)
            .where(ScenarioRow.case_id.in_(negotiated))
            .order_by(ScenarioRow.case_id, ScenarioRow.position, ScenarioRow.id)
        ):
            scenarios[row.case_id].append(row.to_domain())
        drawer = _Drawer(rng, today, insurers, _next_ids(session))
        for case in cases:
            value = None
            if case.status in _NEGOTIATED:
                value = _value(case, inputs.get(case.id), scenarios.get(case.id, []), rules)
            drawer.draw(case, adjusters.get(case.id), inputs.get(case.id), recoveries.get(case.id, {}), value)
        rows = drawer.rows
        if rows.policies:
            session.execute(insert(PolicyRow), rows.policies)
        if rows.claims:
            session.execute(insert(ClaimRow), rows.claims)
        if rows.entries:
            session.execute(insert(NegotiationEntryRow), rows.entries)
        if rows.deadline_cases:
            from casedesk.resources import limitation_periods
            from casedesk.services.calendar import CalendarService

            calendar = CalendarService(case_file, limitation_periods(), lambda: moment)
            for case_id in sorted(rows.deadline_cases):
                calendar.sync_demand_deadlines(session, case_id)
            _dismiss_past_reminders(session, sorted(rows.deadline_cases), moment.date())
    return InsuranceSummary(len(rows.policies), len(rows.claims), len(rows.entries))


def _dismiss_past_reminders(session: Any, case_ids: Sequence[int], today: date) -> None:
    """The case manager has been using the app: deadline reminders that came before today were seen then."""
    from casedesk.domain.calendar import EventOrigin
    from casedesk.store import calendar as calendar_store

    seen = []
    for case_id in case_ids:
        for event in calendar_store.list_events(session, case_id=case_id, origins=[EventOrigin.DEMAND]):
            came = [day for day in event.reminder_days() if day < today]
            if came and event.done_on is None and event.id is not None:
                seen.append((event.id, came[-1]))
    calendar_store.dismiss_reminders(session, seen)


def _adjusters(session: Any) -> dict[int, _Adjuster]:
    """Each case's (first) adjuster, with the company and the claim number its link names."""
    found: dict[int, _Adjuster] = {}
    query = (
        select(
            CaseContactRow.case_id,
            ContactRow.id,
            ContactRow.name,
            ContactRow.organization,
            CaseContactRow.note,
        )
        .join(ContactRow, ContactRow.id == CaseContactRow.contact_id)
        .where(CaseContactRow.role == ContactRole.ADJUSTER.value)
        .order_by(CaseContactRow.id)
    )
    for case_id, contact_id, name, company, note in session.execute(query):
        number = note.removeprefix("Claim ").strip() if note.startswith("Claim ") else ""
        found.setdefault(case_id, _Adjuster(contact_id, name, company, number))
    return found


def _next_ids(session: Any) -> dict[str, int]:
    return {
        name: (session.scalar(select(func.max(row.id))) or 0) + 1
        for name, row in (("policy", PolicyRow), ("claim", ClaimRow), ("entry", NegotiationEntryRow))
    }


def _value(
    case: _Case,
    inputs: ValuationInputs | None,
    scenarios: list[Scenario],
    rules: tuple[JurisdictionFaultRule, ...],
) -> Money | None:
    """The valuation's value: that of the first scenario that has one (as the letters and reports read it)."""
    if inputs is None:
        return None
    try:
        rule = rule_for(rules, case.jurisdiction, case.incident) if case.jurisdiction else None
    except ValidationError:
        rule = None
    for scenario in scenarios:
        try:
            value = evaluate(scenario, inputs, rule).value
        except ValidationError:
            continue
        if value is not None:
            return value
    return None


class _Drawer:
    """Draws each case's insurance in case order from one generator."""

    def __init__(
        self, rng: random.Random, today: date, insurers: dict[str, int], ids: dict[str, int]
    ) -> None:
        self._rng = rng
        self._today = today
        self._insurers = insurers
        self._ids = ids
        self.rows = _Rows()

    def draw(
        self,
        case: _Case,
        adjuster: _Adjuster | None,
        inputs: ValuationInputs | None,
        recoveries: dict[RecoverySource, RecoveryRow],
        value: Money | None,
    ) -> None:
        rng = self._rng
        start = case.incident or case.opened_on
        end = min(case.closed_on or self._today, self._today)
        liability = recoveries.get(RecoverySource.LIABILITY)
        carrier = (adjuster.company if adjuster and adjuster.company else "") or (
            liability.payer if liability is not None and liability.payer != "Liability carrier" else ""
        )
        carrier = carrier or rng.choice(_CARRIERS)
        per_person = inputs.coverage if inputs is not None else None
        bi = self._policy(
            Policy(
                case_id=case.id,
                coverage=Coverage.BODILY_INJURY,
                carrier=carrier,
                insured=case.defendant,
                policy_number=f"{carrier[:2].upper()}-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                party=PolicyParty.AT_FAULT,
                per_person=per_person,
                per_occurrence=_occurrence(per_person),
                notes=""
                if per_person is not None
                else "Limits requested from the carrier; not disclosed yet.",
                carrier_contact_id=self._insurers.get(carrier),
            )
        )
        reported = self._day(max(start, case.opened_on), case.opened_on + timedelta(days=5), end)
        sent = self._day(max(start, case.opened_on), case.opened_on + timedelta(days=10), end)
        sent = max(sent, reported)
        status, closed = self._status(case, liability is not None)
        claim_number = (
            adjuster.claim_number
            if adjuster and adjuster.claim_number
            else (liability.claim_number if liability is not None and liability.claim_number else "")
        ) or f"{case.opened_on:%y}-{rng.randint(1_000_000, 9_999_999)}-BI"
        bi_claim = self._claim(
            Claim(
                case_id=case.id,
                policy_id=bi,
                claim_number=claim_number,
                status=status,
                adjuster_contact_id=adjuster.contact_id if adjuster else None,
                reported_on=reported,
                representation_sent_on=sent,
                closed_on=closed,
            )
        )
        self._own_policies(case, recoveries, reported, sent, end)
        if case.status in _NEGOTIATED:
            settled = liability.amount if liability is not None else None
            settled_on = None
            if liability is not None:
                received = liability.received_on
                settled_on = (received - timedelta(days=rng.randint(7, 14))) if received else end
                settled_on = max(min(settled_on, end), sent + timedelta(days=20))
            insurer = adjuster.name if adjuster is not None else carrier
            self._negotiation(case, bi_claim, insurer, sent, end, value, inputs, settled, settled_on)

    # --- policies and claims ---

    def _policy(self, policy: Policy) -> int:
        policy_id = self._ids["policy"]
        self._ids["policy"] += 1
        self.rows.policies.append(PolicyRow.values(policy) | {"id": policy_id})
        return policy_id

    def _claim(self, claim: Claim) -> int:
        claim_id = self._ids["claim"]
        self._ids["claim"] += 1
        self.rows.claims.append(ClaimRow.values(claim) | {"id": claim_id})
        return claim_id

    def _own_policies(
        self,
        case: _Case,
        recoveries: dict[RecoverySource, RecoveryRow],
        reported: date,
        sent: date,
        end: date,
    ) -> None:
        rng = self._rng
        um = recoveries.get(RecoverySource.UM_UIM)
        if um is not None or rng.random() < _SHARE_UM:
            carrier = um.payer if um is not None else rng.choice(_OWN_CARRIERS)
            limit = Money.of(rng.choice(_UM_LIMITS))
            if um is not None and um.amount > limit:
                limit = next((Money.of(n) for n in _UM_BIGGER if n * 100 >= um.amount.cents), um.amount)
            policy = self._policy(
                Policy(
                    case_id=case.id,
                    coverage=Coverage.UM_UIM,
                    carrier=carrier,
                    insured="The client",
                    policy_number=f"{carrier[:2].upper()}-A{rng.randint(100_000, 999_999)}",
                    party=PolicyParty.CLIENT,
                    per_person=limit,
                    per_occurrence=limit * 2,
                    carrier_contact_id=self._insurers.get(carrier),
                )
            )
            if um is not None:
                self._claim(
                    Claim(
                        case_id=case.id,
                        policy_id=policy,
                        claim_number=um.claim_number,
                        status=ClaimStatus.SETTLED,
                        reported_on=sent,
                        representation_sent_on=sent,
                        notes="Underinsured motorist claim after the liability limits were tendered.",
                    )
                )
        medpay = recoveries.get(RecoverySource.MEDPAY_PIP)
        if medpay is not None or rng.random() < _SHARE_MEDPAY:
            carrier = medpay.payer if medpay is not None else rng.choice(_OWN_CARRIERS)
            coverage = rng.choice((Coverage.MEDPAY, Coverage.PIP))
            limit = Money.of(rng.choice(_MEDPAY_LIMITS))
            if medpay is not None and medpay.amount > limit:
                limit = medpay.amount
            policy = self._policy(
                Policy(
                    case_id=case.id,
                    coverage=coverage,
                    carrier=carrier,
                    insured="The client",
                    policy_number=f"{carrier[:2].upper()}-A{rng.randint(100_000, 999_999)}",
                    party=PolicyParty.CLIENT,
                    per_person=limit,
                    per_occurrence=limit,
                    carrier_contact_id=self._insurers.get(carrier),
                )
            )
            if medpay is not None:
                paid = medpay.received_on
                self._claim(
                    Claim(
                        case_id=case.id,
                        policy_id=policy,
                        claim_number=medpay.claim_number,
                        status=ClaimStatus.CLOSED if paid else ClaimStatus.ACCEPTED,
                        reported_on=reported,
                        representation_sent_on=sent,
                        closed_on=max(paid, sent) if paid else None,
                        notes="The client's own medical payments coverage.",
                    )
                )

    def _status(self, case: _Case, settled: bool) -> tuple[ClaimStatus, date | None]:
        rng = self._rng
        if case.status is CaseStatus.CLOSED:
            return (ClaimStatus.CLOSED if settled else ClaimStatus.DENIED), case.closed_on
        if case.status is CaseStatus.SETTLED or settled:
            return ClaimStatus.SETTLED, None
        if case.status is CaseStatus.NEGOTIATION:
            return ClaimStatus.NEGOTIATING, None
        if case.status in (CaseStatus.LITIGATION, CaseStatus.TRIAL):
            return rng.choice((ClaimStatus.DENIED, ClaimStatus.NEGOTIATING, ClaimStatus.ACCEPTED)), None
        return rng.choice((ClaimStatus.OPEN, ClaimStatus.OPEN, ClaimStatus.ACCEPTED)), None

    def _day(self, earliest: date, around: date, latest: date) -> date:
        """A day near ``around`` (up to a week later), kept between ``earliest`` and ``latest``."""
        day = around + timedelta(days=self._rng.randint(0, 7))
        return max(earliest, min(day, latest))

    # --- negotiation ---

    def _negotiation(
        self,
        case: _Case,
        claim_id: int,
        carrier: str,
        sent: date,
        end: date,
        value: Money | None,
        inputs: ValuationInputs | None,
        settled: Money | None,
        settled_on: date | None,
    ) -> None:
        rng = self._rng
        if value is None or value.cents <= 0:
            specials = inputs.medical_billed if inputs is not None else Money.zero()
            value = specials * 3 if specials.cents > 0 else Money.of(rng.randint(20, 120) * 1_000)
        demand = _round(_pct(value, rng.randint(100, 130)), 500)
        if settled is not None:
            demand = max(demand, _round(_pct(settled, rng.randint(140, 200)), 500))
        last = settled_on or end
        first = min(sent + timedelta(days=rng.randint(60, 150)), last - timedelta(days=30))
        first = max(first, sent)
        rounds = rng.randint(2, 4)
        moves = 2 * rounds  # offer, counter-demand per round (the last counter is the final for settled)
        span = max(1, (last - first).days)
        days = sorted(first + timedelta(days=span * (n + 1) // (moves + 1)) for n in range(moves))
        target = settled if settled is not None else _round(_pct(demand, rng.randint(45, 70)), 250)
        offer = _round(_pct(target, rng.randint(25, 50)), 250)
        time_limits = case.status is CaseStatus.NEGOTIATION
        self._entry(
            case, claim_id, MoveKind.INITIAL_DEMAND, first, demand, case.attorney or _FIRM, time_limits
        )
        counter = demand
        for n in range(rounds):
            share = Decimal(n + 1) / Decimal(rounds + 1)
            offer = min(target, max(offer, _round(offer + (target - offer) * share, 250)))
            self._entry(case, claim_id, MoveKind.OFFER, days[2 * n], offer, carrier, False)
            counter = max(target, _round(counter - (counter - target) * share, 500))
            if n == rounds - 1 and settled is not None:
                break
            self._entry(
                case,
                claim_id,
                MoveKind.COUNTER_DEMAND,
                days[2 * n + 1],
                counter,
                case.attorney or _FIRM,
                time_limits,
            )
        if settled is not None and settled_on is not None:
            self._entry(
                case,
                claim_id,
                MoveKind.FINAL,
                max(settled_on, days[-1]),
                settled,
                carrier,
                False,
                "Settlement agreed; release to be signed.",
            )

    def _entry(
        self,
        case: _Case,
        claim_id: int,
        kind: MoveKind,
        made_on: date,
        amount: Money,
        party: str,
        may_be_time_limited: bool,
        notes: str = "",
    ) -> None:
        rng = self._rng
        made_on = min(made_on, self._today)
        limit: int | None = None
        received: date | None = None
        if kind.is_demand:
            received = made_on + timedelta(days=rng.randint(3, 5))
            if may_be_time_limited and rng.random() < _SHARE_TIME_LIMITED and received <= self._today:
                limit = _TIME_LIMIT_DAYS
                self.rows.deadline_cases.add(case.id)
            elif received > self._today:
                received = None
        entry = NegotiationEntry(
            claim_id=claim_id,
            kind=kind,
            made_on=made_on,
            amount=amount,
            party=party,
            notes=notes or ("Time-limited demand." if limit else ""),
            time_limit_days=limit,
            received_on=received,
        )
        entry_id = self._ids["entry"]
        self._ids["entry"] += 1
        self.rows.entries.append(NegotiationEntryRow.values(entry) | {"id": entry_id})


def _occurrence(per_person: Money | None) -> Money | None:
    if per_person is None:
        return None
    dollars = per_person.cents // 100
    return Money.of(_OCCURRENCE.get(dollars, dollars))


def _round(amount: Money, step: int) -> Money:
    """``amount`` to the nearest ``step`` dollars (at least one step)."""
    cents = step * 100
    return Money(max(cents, (amount.cents + cents // 2) // cents * cents))


def _pct(amount: Money, percent: int) -> Money:
    """``percent`` % of ``amount``."""
    return Money.of(amount.amount * percent / 100)
