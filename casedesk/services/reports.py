"""The case progress report: one page on where the case stands."""

from __future__ import annotations

from pathlib import Path

from casedesk.domain.calendar import EventOrigin
from casedesk.domain.providers import TreatmentStatus
from casedesk.domain.reports import (
    Audience,
    ClaimLine,
    DateLine,
    ProgressReport,
    Specials,
    treatment_lines,
    value_range,
)
from casedesk.domain.typed import long_date
from casedesk.services.audit import record_export
from casedesk.services.bills import BillService
from casedesk.services.calendar import CalendarService
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.firm import FirmService
from casedesk.services.negotiation import NegotiationService
from casedesk.services.records import RecordService
from casedesk.services.valuation import ValuationService
from casedesk.services.wages import WageService
from casedesk.store import records as record_store
from casedesk.store.casefile import CaseFile


class ReportService:
    """The case progress report: one page on where the case stands.

    Its figures are the other services' own (bill totals, lost wages, the valuation, the calendar, the
    client's net at an offer), read through them, so the report never disagrees with the tabs.

    Attributes:
        clock: What this service takes "now" to be (the report's date).
    """

    def __init__(
        self,
        case_file: CaseFile,
        clock: Clock = system_clock,
        *,
        valuation: ValuationService,
        calendar: CalendarService,
        negotiation: NegotiationService,
    ) -> None:
        self._case_file = case_file
        self.clock = clock
        self._valuation = valuation
        self._calendar = calendar
        self._negotiation = negotiation
        self._bills = BillService(case_file)
        self._wages = WageService(case_file)
        self._records = RecordService(case_file, clock)
        self._firm = FirmService(case_file)

    def progress(self, case_id: int) -> ProgressReport:
        """Where the case stands today: status, treatment, specials, negotiation and next dates.

        Raises:
            NotFoundError: The case no longer exists.
        """
        valuation = self._valuation.case_valuation(case_id)
        case, client = valuation.case, valuation.client
        on = today(self.clock)
        with self._case_file.session() as session:
            treating = [
                p.name
                for p in record_store.case_providers(session, case_id)
                if p.status is TreatmentStatus.TREATING
            ]
        treatment = treatment_lines(self._records.chronology(case_id).visits, treating)
        totals = self._bills.totals(case_id)
        specials = Specials(
            medical_billed=totals.billed,
            medical_paid=totals.total_paid,
            lost_wages=self._wages.total(case_id),
            property_damage=valuation.inputs.property_damage,
            bill_count=totals.count,
        )
        calendar = self._calendar.case_calendar(case_id)
        next_dates = tuple(
            DateLine(event.day, event.title)
            for event in calendar.events
            if event.day >= on and event.done_on is None and event.origin is not EventOrigin.LIMITATION
        )
        deadline = calendar.deadline
        limitation_note = deadline.problem if deadline.effective is None else ""
        outcomes = self._valuation.outcomes(valuation)
        span = value_range(
            (o.result.low, o.result.value, o.result.high) for o in outcomes if o.result is not None
        )
        incident = ", ".join(
            part
            for part in (
                case.case_type.label,
                long_date(case.incident_date) if case.incident_date else "date not recorded",
                case.incident_place.strip(),
            )
            if part
        )
        return ProgressReport(
            prepared_on=on,
            firm=self._firm.profile(),
            case_number=case.number,
            caption=case.caption,
            client=client.name,
            status=case.status.label,
            attorney=case.attorney,
            next_action=case.next_action,
            next_action_on=case.next_action_on,
            incident=incident,
            facts=case.facts.strip(),
            treatment=treatment,
            still_treating=bool(treating),
            specials=specials,
            claims=self._claims(case_id),
            next_dates=next_dates,
            limitation_day=deadline.effective,
            limitation_note=limitation_note,
            value_low=span[0] if span else None,
            value_high=span[1] if span else None,
        )

    def export_progress(
        self, case_id: int, path: Path, audience: Audience = Audience.ATTORNEY
    ) -> ProgressReport:
        """Write the one-page progress report as a PDF, atomically; returns what it printed.

        Raises:
            NotFoundError: The case no longer exists.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        from casedesk.exports.progress_pdf import write_progress_pdf

        report = self.progress(case_id)
        write_progress_pdf(path, report, audience, self.clock().astimezone())
        record_export(self._case_file, case_id, "Progress report", path)
        return report

    def _claims(self, case_id: int) -> tuple[ClaimLine, ...]:
        """Each claim with its insurer, status, latest demand and offer, and the client's net at the offer."""
        lines = []
        for negotiation in self._negotiation.case_negotiation(case_id):
            view, summary = negotiation.claim, negotiation.summary
            demand = summary.last_demand
            offer = summary.final or summary.last_offer
            net = next(
                (line.net for line in negotiation.log if offer is not None and line.entry == offer), None
            )
            last = negotiation.log[-1].entry if negotiation.log else None
            lines.append(
                ClaimLine(
                    insurer=view.policy.carrier,
                    coverage=view.policy.coverage.label,
                    claim_number=view.claim.claim_number,
                    status=view.claim.status.label,
                    last_demand=(demand.made_on, demand.amount) if demand else None,
                    last_offer=(offer.made_on, offer.amount) if offer else None,
                    net_at_last_offer=net.split.net_to_client if net and net.split else None,
                    deadline=last.deadline_day if last else None,
                )
            )
        return tuple(lines)
