"""Opening a case file and building the services that work on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casedesk.resources import (
    binder_template,
    fault_rules,
    jurisdictions,
    limitation_periods,
    per_diem_notes,
    questionnaires,
    severity_bands,
)
from casedesk.services.audit import AuditService
from casedesk.services.backups import BackupService
from casedesk.services.bates import BatesService
from casedesk.services.bills import BillService
from casedesk.services.binder import BinderService
from casedesk.services.calendar import CalendarService
from casedesk.services.cases import CaseService
from casedesk.services.changes import ChangeService
from casedesk.services.check import CheckService
from casedesk.services.clock import Clock, system_clock
from casedesk.services.contacts import ContactService
from casedesk.services.documents import DocumentService
from casedesk.services.exhibits import ExhibitService
from casedesk.services.expenses import ExpenseService
from casedesk.services.firm import FirmService
from casedesk.services.insurance import InsuranceService
from casedesk.services.interviews import InterviewService
from casedesk.services.invoices import InvoiceService
from casedesk.services.letters import LetterService
from casedesk.services.negotiation import NegotiationService
from casedesk.services.providers import ProviderService
from casedesk.services.records import RecordService
from casedesk.services.reports import ReportService
from casedesk.services.search import SearchService
from casedesk.services.settlement import SettlementService
from casedesk.services.timeline import TimelineService
from casedesk.services.transfer import TransferService
from casedesk.services.trust import TrustService
from casedesk.services.users import UserService
from casedesk.services.valuation import ValuationService
from casedesk.services.wages import WageService
from casedesk.services.witnesses import WitnessService
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.lock import lock_holder


@dataclass(frozen=True, slots=True)
class Services:
    """The services of one open case file (a SQLite file, or a firm database on a server).

    Attributes:
        backup_path: The safety copy made before a schema upgrade on this open, if any.
    """

    backup_path: Path | None
    cases: CaseService
    contacts: ContactService
    timeline: TimelineService
    valuation: ValuationService
    calendar: CalendarService
    interviews: InterviewService
    wages: WageService
    records: RecordService
    bills: BillService
    search: SearchService
    documents: DocumentService
    providers: ProviderService
    expenses: ExpenseService
    invoices: InvoiceService
    settlement: SettlementService
    trust: TrustService
    firm: FirmService
    insurance: InsuranceService
    negotiation: NegotiationService
    letters: LetterService
    reports: ReportService
    exhibits: ExhibitService
    witnesses: WitnessService
    bates: BatesService
    binder: BinderService
    check: CheckService
    backups: BackupService
    audit: AuditService
    users: UserService
    changes: ChangeService
    transfer: TransferService
    _case_file: CaseFile

    @property
    def path(self) -> Path:
        """The case file's SQLite database.

        Raises:
            CaseFileError: This is a firm database (check :attr:`firm_mode` first).
        """
        return self._case_file.path

    @property
    def firm_mode(self) -> bool:
        """This is a firm database shared on a server: people sign in, and others' changes arrive."""
        return self._case_file.firm_mode

    @property
    def location(self) -> str:
        """The file's path, or the firm database's address (no password), to show and to reopen."""
        return self._case_file.location

    @property
    def name(self) -> str:
        """A short name for titles: the file's name, or "<database> on <host>"."""
        return self._case_file.name

    @property
    def user(self) -> str:
        """Who is working: the account name on a laptop, the signed-in person on a firm database."""
        return self._case_file.user

    @property
    def read_only(self) -> bool:
        """The case file was opened read-only: every save is refused with :class:`ReadOnlyError`."""
        return self._case_file.read_only

    @property
    def lock_notice(self) -> str | None:
        """What to tell the user about the lock: a crashed casedesk's lock taken over, or none possible."""
        lock = self._case_file.lock
        if lock is None:
            return None
        if lock.warning:
            return lock.warning
        if lock.recovered:
            return f"{self.path.name} had not been closed properly ({lock.recovered}); it is yours now."
        return None

    def holder(self) -> str | None:
        """Who has this case file open for writing, in words ("" if unknown; None if nobody does)."""
        return lock_holder(self.path)

    @property
    def encrypted(self) -> bool:
        """The case file is encrypted with a passphrase."""
        return self._case_file.key is not None

    def check_passphrase(self, text: str) -> bool:
        """Whether ``text`` is the open encrypted case file's passphrase (compared in constant time)."""
        import hmac

        key = self._case_file.key
        return key is not None and hmac.compare_digest(text.encode(), key.encode())

    def close(self) -> None:
        """Close the case file's connections (and let other casedesks open it)."""
        self.backups.close()
        self.changes.close()
        self._case_file.close()


def open_services(
    path: Path | str,
    *,
    create: bool = False,
    clock: Clock = system_clock,
    passphrase: str | None = None,
    read_only: bool = False,
    documents: Path | None = None,
) -> Services:
    """Open (or create) a case file and build its services.

    A firm database opens with nobody signed in: sign in with ``services.users`` before anything else.

    Args:
        path: The case file, or a firm database's URL (``postgresql+psycopg://…``).
        documents: A firm database's shared documents folder.
        create: Create it if it does not exist.
        clock: What the services take as now.
        passphrase: The passphrase of an encrypted case file.
        read_only: Open it for reading only (another casedesk has it open); every save is refused.

    Raises:
        CaseFileInUseError: Another casedesk has it open (it may still be opened read-only).
        PassphraseError: It is encrypted and the passphrase is missing or wrong.
        CaseFileError: The file cannot be opened; it has been left untouched.
    """
    case_file = open_case_file(
        path, create=create, passphrase=passphrase, read_only=read_only, documents=documents
    )
    calendar = CalendarService(case_file, limitation_periods(), clock)
    valuation = ValuationService(
        case_file, jurisdictions(), fault_rules(), severity_bands(), per_diem_notes(), clock
    )
    settlement = SettlementService(case_file, clock)
    records = RecordService(case_file, clock)
    bills = BillService(case_file)
    wages = WageService(case_file)
    interviews = InterviewService(case_file, questionnaires(), clock, on_case_saved=calendar.sync_case)
    negotiation = NegotiationService(
        case_file, clock, settlement=settlement, on_entries_saved=calendar.sync_demand_deadlines
    )
    bates = BatesService(case_file, clock)
    exhibits = ExhibitService(case_file, clock, bates=bates)
    witnesses = WitnessService(case_file, clock)
    return Services(
        backup_path=case_file.backup_path,
        cases=CaseService(case_file, jurisdictions(), clock, on_case_saved=calendar.sync_case),
        contacts=ContactService(case_file),
        timeline=TimelineService(case_file, clock),
        valuation=valuation,
        calendar=calendar,
        interviews=interviews,
        wages=wages,
        records=records,
        providers=ProviderService(case_file, clock, on_requests_saved=calendar.sync_follow_ups),
        bills=bills,
        search=SearchService(case_file),
        documents=DocumentService(case_file, clock),
        expenses=ExpenseService(case_file, clock),
        invoices=InvoiceService(case_file, clock),
        settlement=settlement,
        trust=TrustService(case_file, clock),
        firm=FirmService(case_file),
        insurance=InsuranceService(
            case_file, clock, valuation, on_claims_saved=calendar.sync_demand_deadlines
        ),
        negotiation=negotiation,
        letters=LetterService(
            case_file,
            clock,
            records=records,
            bills=bills,
            wages=wages,
            negotiation=negotiation,
            interviews=interviews,
            valuation=valuation,
        ),
        reports=ReportService(
            case_file, clock, valuation=valuation, calendar=calendar, negotiation=negotiation
        ),
        exhibits=exhibits,
        witnesses=witnesses,
        bates=bates,
        binder=BinderService(
            case_file,
            clock,
            template=binder_template(),
            exhibits=exhibits,
            witnesses=witnesses,
            bates=bates,
            records=records,
            bills=bills,
            wages=wages,
        ),
        check=CheckService(case_file),
        backups=BackupService(case_file, clock),
        audit=AuditService(case_file),
        users=UserService(case_file, clock),
        changes=ChangeService(case_file),
        transfer=TransferService(case_file, clock),
        _case_file=case_file,
    )
