"""Use cases for client interviews: start, save as typed, complete, review into the case, delete."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.cases import Case, validate_case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import ConflictError, ValidationError
from casedesk.domain.interviews import (
    InjuryStory,
    Interview,
    InterviewStatus,
    PainPoint,
    Proposal,
    ProposalKind,
    Questionnaire,
    ReviewItem,
    ReviewState,
    answer_errors,
    check_complete,
    injury_story,
    interview_errors,
    pain_journal,
    proposals,
)
from casedesk.domain.typed import format_date
from casedesk.domain.wages import validate_lost_wage
from casedesk.services.audit import record_export
from casedesk.services.cases import CaseSavedHook
from casedesk.services.clock import Clock, system_clock, today
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import interviews as interview_store
from casedesk.store import wages as wage_store
from casedesk.store.casefile import CaseFile

# The case's own jurisdiction is not in question when only its incident date is checked.
_ANY_CODE: frozenset[str] = frozenset()
_PERSON_ROLES = {
    ProposalKind.PROVIDER: ContactRole.MEDICAL_PROVIDER,
    ProposalKind.WITNESS: ContactRole.WITNESS,
}


class InterviewService:
    """Interviews of the clients of the cases in one case file.

    Attributes:
        questionnaires: The questionnaires a new interview can start from (``resources/questionnaires``).
        clock: What this service takes "now" to be.

    ``on_case_saved`` is called inside the transaction after the review step changes a case, so the
    calendar brings the limitation deadline in step with an incident date the interview filled in.
    """

    def __init__(
        self,
        case_file: CaseFile,
        questionnaires: Sequence[Questionnaire],
        clock: Clock = system_clock,
        *,
        on_case_saved: CaseSavedHook | None = None,
    ) -> None:
        self._case_file = case_file
        self.questionnaires = tuple(questionnaires)
        self.clock = clock
        self._on_case_saved = on_case_saved

    def today(self) -> date:
        """Today's date by the service's clock."""
        return today(self.clock)

    # --- reading ---------------------------------------------------------------------------------

    def interviews(self, case_id: int) -> list[Interview]:
        """A case's interviews, oldest first."""
        with self._case_file.session() as session:
            return interview_store.list_interviews(session, case_id)

    def get(self, interview_id: int) -> Interview:
        """One interview.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return interview_store.get_interview(session, interview_id)

    def case(self, case_id: int) -> Case:
        """The case an interview is about (its type decides which questions are asked)."""
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id)

    def errors(self, interview: Interview, case: Case, *, completing: bool = False) -> dict[str, str]:
        """Problems with the answers, by question id (as the user types, or before completing)."""
        return answer_errors(
            interview.questionnaire, case.case_type, interview.answers, completing=completing
        )

    def pain_journal(self, case_id: int) -> list[PainPoint]:
        """Pain and limitations at each completed interview, oldest first (the overview's chart)."""
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            return pain_journal(interview_store.list_interviews(session, case_id), case.case_type)

    def injury_story(self, case_id: int) -> InjuryStory:
        """The injuries and their effect on daily life, from the completed interviews."""
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            return injury_story(interview_store.list_interviews(session, case_id), case.case_type)

    def export_pdf(self, interview_id: int, path: Path) -> None:
        """Print an interview as a memo for the attorney, to a PDF.

        Raises:
            NotFoundError: The interview no longer exists.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        from casedesk.exports.interview_pdf import write_interview_pdf

        with self._case_file.session() as session:
            interview = interview_store.get_interview(session, interview_id)
            case = case_store.get_case(session, interview.case_id)
            client = case_store.get_client(session, case.client_id)
        write_interview_pdf(path, interview, case, client, generated_at=self.clock())
        record_export(self._case_file, interview.case_id, "Interview", path)

    # --- writing ---------------------------------------------------------------------------------

    def start(
        self, case_id: int, code: str, *, interviewer: str = "", held_on: date | None = None
    ) -> Interview:
        """Start a draft interview of a case's client from the questionnaire ``code``.

        Raises:
            ValidationError: There is no such questionnaire.
            NotFoundError: The case was deleted.
        """
        questionnaire = next((q for q in self.questionnaires if q.code == code), None)
        if questionnaire is None:
            raise ValidationError({"questionnaire": f"There is no questionnaire {code!r}."})
        now = self.clock()
        interview = Interview(
            case_id=case_id,
            questionnaire=questionnaire,
            held_on=held_on or now.date(),
            interviewer=interviewer,
            started_at=now,
            updated_at=now,
        )
        self._check_fields(interview)
        with self._case_file.session() as session:
            return interview_store.add_interview(session, interview)

    def save_draft(self, interview: Interview) -> Interview:
        """Save the answers as typed (valid or not: a draft loses nothing), the date and the interviewer.

        Raises:
            ConflictError: The interview was saved elsewhere since ``interview`` was read.
            ValidationError: It is completed (reopen it first), or the interviewer's name is too long.
            NotFoundError: It was deleted.
        """
        if interview.status is not InterviewStatus.DRAFT:
            raise ValidationError({"status": "A completed interview is reopened before it is changed."})
        self._check_fields(interview)
        with self._case_file.session() as session:
            self._check_revision(session, interview)
            return interview_store.update_interview(session, replace(interview, updated_at=self.clock()))

    def complete(self, interview: Interview) -> Interview:
        """Complete a draft: every answer must be valid and every required question answered.

        The case's timeline records the interview.

        Raises:
            ValidationError: Answers are wrong or missing, by question id; nothing is saved.
            ConflictError: The interview was saved elsewhere since it was read.
        """
        with self._case_file.session() as session:
            case = case_store.get_case(session, interview.case_id)
            self._check_fields(interview)
            check_complete(interview.questionnaire, case.case_type, interview.answers)
            self._check_revision(session, interview)
            now = self.clock()
            saved = interview_store.update_interview(
                session,
                replace(interview, status=InterviewStatus.COMPLETED, completed_at=now, updated_at=now),
            )
            client = case_store.get_client(session, case.client_id)
            activity_store.add_activity(session, self._record(saved, case, client.name))
            return saved

    def reopen(self, interview: Interview) -> Interview:
        """Make a completed interview a draft again, to correct it (it is completed again afterwards).

        Raises:
            ConflictError: The interview was saved elsewhere since it was read.
        """
        with self._case_file.session() as session:
            self._check_revision(session, interview)
            return interview_store.update_interview(
                session,
                replace(interview, status=InterviewStatus.DRAFT, completed_at=None, updated_at=self.clock()),
            )

    def delete(self, interview_id: int) -> Interview:
        """Delete an interview; returns it so that the user can undo with :meth:`restore`."""
        with self._case_file.session() as session:
            interview = interview_store.get_interview(session, interview_id)
            interview_store.delete_interview(session, interview_id)
            return interview

    def restore(self, interview: Interview) -> Interview:
        """Put back an interview deleted by :meth:`delete` (undo)."""
        with self._case_file.session() as session:
            return interview_store.add_interview(session, replace(interview, id=None))

    # --- the review step -------------------------------------------------------------------------

    def review(self, interview_id: int) -> list[ReviewItem]:
        """What the interview's answers would add to the case, each with what confirming it would do."""
        with self._case_file.session() as session:
            interview = interview_store.get_interview(session, interview_id)
            case = case_store.get_case(session, interview.case_id)
            return [
                self._review_item(session, interview, case, p) for p in proposals(interview, case.case_type)
            ]

    def apply(self, interview_id: int, keys: Collection[str]) -> list[ReviewItem]:
        """Add the confirmed proposals (by key) to the case, in one transaction; returns what was done.

        Providers and witnesses become contacts linked to the case (a contact of the same name already
        in the book is linked instead of duplicated); the wage answers become a lost-wage record; the
        facts and the place fill the case's when it has none. A proposal confirmed once is never added
        again, and the case's timeline records what was added.

        Raises:
            ValidationError: The interview is not completed, or a proposal cannot be saved.
        """
        with self._case_file.session() as session:
            interview = interview_store.get_interview(session, interview_id)
            if interview.status is not InterviewStatus.COMPLETED:
                raise ValidationError(
                    {"status": "Complete the interview before adding its answers to the case."}
                )
            case = case_store.get_case(session, interview.case_id)
            done = []
            for proposal in proposals(interview, case.case_type):
                if proposal.key not in keys:
                    continue
                item = self._review_item(session, interview, case, proposal)
                if item.state.actionable:
                    case = self._apply(session, interview, case, item)
                    done.append(item)
            if done:
                applied = interview.applied | {item.proposal.key for item in done}
                interview_store.update_interview(session, replace(interview, applied=applied))
                activity_store.add_activity(session, self._applied_record(interview, done))
            return done

    def _review_item(
        self, session: Session, interview: Interview, case: Case, proposal: Proposal
    ) -> ReviewItem:
        if proposal.key in interview.applied:
            return ReviewItem(proposal, ReviewState.APPLIED, "Added to the case from this interview.")
        match proposal.kind:
            case ProposalKind.FACTS if case.facts.strip():
                return ReviewItem(proposal, ReviewState.CASE_HAS_IT, "The case's facts are already written.")
            case ProposalKind.INCIDENT_PLACE if case.incident_place.strip():
                return ReviewItem(
                    proposal, ReviewState.CASE_HAS_IT, f"The case's place is already {case.incident_place!r}."
                )
            case ProposalKind.INCIDENT_DATE if case.incident_date is not None:
                return ReviewItem(
                    proposal,
                    ReviewState.CASE_HAS_IT,
                    f"The case's incident date is already {format_date(case.incident_date)}.",
                )
            case ProposalKind.INCIDENT_DATE:
                assert proposal.day is not None
                problem = validate_case(
                    replace(case, incident_date=proposal.day), self.today(), _ANY_CODE
                ).get("incident_date")
                if problem:
                    return ReviewItem(proposal, ReviewState.INVALID, f"{problem} Correct the answer first.")
                return ReviewItem(
                    proposal,
                    ReviewState.NEW,
                    "Fills the case's empty incident date; the deadline follows it.",
                )
            case ProposalKind.FACTS | ProposalKind.INCIDENT_PLACE:
                return ReviewItem(proposal, ReviewState.NEW, "Fills the case's empty field.")
            case ProposalKind.WAGES:
                assert proposal.wage is not None
                if any(
                    w.interview_id == interview.id for w in wage_store.list_lost_wages(session, case.id or 0)
                ):
                    return ReviewItem(proposal, ReviewState.APPLIED, "Added to the case from this interview.")
                problems = validate_lost_wage(proposal.wage)
                if problems:
                    return ReviewItem(
                        proposal,
                        ReviewState.INVALID,
                        f"{' '.join(problems.values())} Correct the answers first.",
                    )
                return ReviewItem(
                    proposal, ReviewState.NEW, f"Adds a lost-wage record: {proposal.wage.explanation()}."
                )
        assert proposal.person is not None
        role = _PERSON_ROLES[proposal.kind]
        on_case = {
            link.contact.id
            for link in contact_store.list_for_case(session, case.id or 0)
            if link.role is role
        }
        named = contact_store.contacts_named(session, proposal.person.name)
        linked = next((c for c in named if c.id in on_case), None)
        if linked is not None:
            return ReviewItem(
                proposal, ReviewState.ON_CASE, f"Already on the case as {role.label.lower()}.", linked.id
            )
        if named:
            return ReviewItem(
                proposal,
                ReviewState.LINK,
                f"Links {named[0].name}, already in the contacts book, as {role.label.lower()}.",
                named[0].id,
            )
        return ReviewItem(proposal, ReviewState.NEW, f"Adds a new contact, linked as {role.label.lower()}.")

    def _apply(self, session: Session, interview: Interview, case: Case, item: ReviewItem) -> Case:
        proposal = item.proposal
        if proposal.kind is ProposalKind.FACTS:
            return case_store.update_case(session, replace(case, facts=proposal.text))
        if proposal.kind is ProposalKind.INCIDENT_PLACE:
            return case_store.update_case(session, replace(case, incident_place=proposal.text[:300]))
        if proposal.kind is ProposalKind.INCIDENT_DATE:
            saved = case_store.update_case(session, replace(case, incident_date=proposal.day))
            if self._on_case_saved is not None:
                self._on_case_saved(session, saved.id or 0)
            return saved
        if proposal.kind is ProposalKind.WAGES:
            assert proposal.wage is not None
            employer = contact_store.contacts_named(session, proposal.wage.employer)
            wage = replace(proposal.wage, employer_contact_id=employer[0].id if employer else None)
            errors = validate_lost_wage(wage)
            if errors:
                raise ValidationError(errors)
            wage_store.add_lost_wage(session, wage)
            return case
        person = proposal.person
        assert person is not None
        role = _PERSON_ROLES[proposal.kind]
        contact_id = item.contact_id
        if contact_id is None:
            contact = contact_store.add_contact(
                session,
                Contact(
                    name=person.name,
                    role=role,
                    phone=person.phone,
                    email=person.email,
                    address=person.address,
                    notes=f"Named in the {interview.title.lower()} of {format_date(interview.held_on)}.",
                ),
            )
            contact_id = contact.id or 0
        contact_store.link_contact(session, case.id or 0, contact_id, role, person.note[:300])
        return case

    # --- helpers ---------------------------------------------------------------------------------

    def _check_fields(self, interview: Interview) -> None:
        errors = interview_errors(interview, self.today())
        if errors:
            raise ValidationError(errors)

    def _check_revision(self, session: Session, interview: Interview) -> None:
        if interview_store.stored_revision(session, interview.id or 0) != interview.revision:
            raise ConflictError("interview")

    def _moment(self, day: date) -> datetime:
        now = self.clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12)).astimezone()

    def _record(self, interview: Interview, case: Case, client_name: str) -> Activity:
        story = injury_story([interview], case.case_type)
        parts = []
        if story.latest_pain is not None:
            parts.append(f"Pain {story.latest_pain.level}/10.")
        named = [p.title for p in proposals(interview, case.case_type) if p.person is not None]
        if named:
            parts.append(f"Named: {', '.join(named)}.")
        parts.append("The answers are on the case's Interviews tab.")
        by = f"; {interview.interviewer}" if interview.interviewer else ""
        return Activity(
            case_id=case.id or 0,
            kind=ActivityKind.MEETING,
            occurred_at=self._moment(interview.held_on),
            subject=f"{interview.title} with the client",
            direction=Direction.INCOMING,
            parties=f"{client_name}{by}"[:300],
            body=" ".join(parts),
        )

    def _applied_record(self, interview: Interview, done: Sequence[ReviewItem]) -> Activity:
        added = "; ".join(
            f"{item.proposal.kind.value.replace('_', ' ')}: {item.proposal.title}" for item in done
        )
        source = f"the {interview.title.lower()} of {format_date(interview.held_on)}"
        return Activity(
            case_id=interview.case_id,
            kind=ActivityKind.NOTE,
            occurred_at=self.clock(),
            subject=f"Added to the case from {source}",
            direction=Direction.INTERNAL,
            body=f"Added {added}.",
        )
