"""Bates numbering: the case's prefix and next number, each document's numbers, and the production log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.bates import (
    BatesSettings,
    DocumentBates,
    Production,
    continuation_error,
    default_prefix,
    normalize_prefix,
    produced_subject,
    validate_settings,
)
from casedesk.domain.documents import Document, stored_name
from casedesk.domain.errors import CasedeskError, ExportError, NotFoundError, ValidationError
from casedesk.domain.progress import Cancelled, CancelToken, Progress, no_progress
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.docstore import document_store_of
from casedesk.store import bates as bates_store
from casedesk.store import cases as case_store
from casedesk.store import documents as document_store
from casedesk.store.activity import add_activity
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Longest recipient kept in the log.
MAX_RECIPIENT = 200


class BatesService:
    """Bates numbering: the case's prefix and next number, each document's numbers, and the production log."""

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file (its document store holds the files produced).
            clock: Gives the moment productions are logged and the default production date.
        """
        self._case_file = case_file
        self._clock = clock

    def today(self) -> date:
        """Today's date by the service's clock (the default production date)."""
        return today(self._clock)

    # --- settings --------------------------------------------------------------------------------

    def settings(self, case_id: int) -> BatesSettings:
        """The case's settings; until saved, the client's surname, 6 digits, starting at 1.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            return self._settings(session, case_id)

    def settings_errors(self, case_id: int, settings: BatesSettings) -> dict[str, str]:
        """Why ``settings`` cannot be saved for the case, by field; empty when they can."""
        errors = validate_settings(settings)
        if errors:
            return errors
        prefix = normalize_prefix(settings.prefix)
        next_free = self.next_free(case_id, prefix)
        problem = continuation_error(settings, next_free)
        if problem:
            return {"start": problem}
        if next_free is not None and next_free >= 10**settings.digits:
            return {"digits": f"Numbers under {prefix} have reached {next_free - 1:,}: use more digits."}
        return {}

    def save_settings(self, case_id: int, settings: BatesSettings) -> None:
        """Save the case's prefix, digits and first number (the prefix is saved in upper case).

        Raises:
            ValidationError: A field is wrong, or the first number would reuse or skip numbers already
                given under the prefix; nothing is saved.
            NotFoundError: The case was deleted.
        """
        errors = self.settings_errors(case_id, settings)
        if errors:
            raise ValidationError(errors)
        with self._case_file.session() as session:
            case_store.get_case(session, case_id)
            saved = BatesSettings(normalize_prefix(settings.prefix), settings.digits, settings.start)
            bates_store.save_settings(session, case_id, saved)

    def next_free(self, case_id: int, prefix: str) -> int | None:
        """The number after the last one given under ``prefix`` in the case; ``None`` if it was never used."""
        with self._case_file.session() as session:
            last = bates_store.last_number(session, case_id, normalize_prefix(prefix))
        return None if last is None else last + 1

    def next_number(self, case_id: int) -> int:
        """The number the next numbered page gets under the case's current prefix."""
        with self._case_file.session() as session:
            settings = self._settings(session, case_id)
            return self._next(session, case_id, settings)

    # --- numbers ---------------------------------------------------------------------------------

    def document_numbers(self, case_id: int) -> dict[int, DocumentBates]:
        """The numbers of the case's documents under its current prefix, by document id."""
        with self._case_file.session() as session:
            prefix = self._settings(session, case_id).prefix
            return bates_store.document_numbers(session, case_id, prefix)

    def number_documents(
        self,
        case_id: int,
        document_ids: Sequence[int],
        *,
        recipient: str,
        produced_on: date | None = None,
        notes: str = "",
    ) -> Production | None:
        """Give numbers, in the order given, to the documents that have none under the current prefix.

        All in one transaction, logged as one production listing those documents, with a timeline entry.
        Returns ``None`` (and logs nothing) when every document was numbered already.

        Raises:
            ValidationError: No documents, no recipient, a date in the future, a document with no readable
                pages, or numbers that would not fit in the digits; nothing is numbered.
            NotFoundError: The case or a document was deleted.
            ExportError: A document not numbered yet cannot be read as a production reads it, or its stored
                file is missing (naming every such document); nothing is numbered.
        """
        numbered = set(self.document_numbers(case_id))
        _refuse(self.unreadable(case_id, [d for d in document_ids if d not in numbered]))
        return self._number(case_id, document_ids, recipient, produced_on, notes, include_numbered=False)

    def unreadable(
        self,
        case_id: int,
        document_ids: Sequence[int],
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> dict[int, str]:
        """Why each of these documents could not be stamped into a production, by id; empty when all can.

        Each stored file is read (sealed ones through the document store) and its pages copied as a stamped
        copy's are, and its page count must be the one it was imported with: numbers are given by that
        count. Nothing is written. Progress counts pages.

        A stored file missing from the document folder is one of the reasons.

        Raises:
            NotFoundError: A document was deleted.
            ValidationError: A document belongs to another case.
            Cancelled: The user cancelled; nothing was numbered.
        """
        from casedesk.exports.bates_production import readable_pages

        if not document_ids:
            return {}
        with self._case_file.session() as session:
            documents = self._documents(session, case_id, document_ids)
        store = document_store_of(self._case_file)
        total = sum(max(0, d.page_count) for d in documents)
        done = 0
        problems: dict[int, str] = {}
        for document in documents:
            if cancel is not None and cancel.cancelled:
                raise Cancelled("Cancelled while the documents were checked. Nothing was numbered.")
            progress(done, total, f"Checking {document.display_name}")
            opener = store.opener(stored_name(document.sha256)) if store.sealed else None
            try:
                path = self._file_path(document)
                pages = readable_pages(path, document.display_name, document.password, opener)
            except (NotFoundError, ExportError) as exc:
                problems[document.id or 0] = exc.message
            else:
                if pages != document.page_count:
                    problems[document.id or 0] = (
                        f"“{document.display_name}” reads as {pages:,} pages for stamping but had "
                        f"{document.page_count:,} when it was imported."
                    )
            done += max(0, document.page_count)
        if cancel is not None and cancel.cancelled:
            raise Cancelled("Cancelled while the documents were checked. Nothing was numbered.")
        return problems

    def productions(self, case_id: int) -> list[Production]:
        """The case's production log, the latest first."""
        with self._case_file.session() as session:
            return bates_store.list_productions(session, case_id)

    # --- producing -------------------------------------------------------------------------------

    def produce(
        self,
        case_id: int,
        document_ids: Sequence[int],
        folder: Path,
        *,
        recipient: str,
        produced_on: date | None = None,
        notes: str = "",
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> Production:
        """Number the documents not numbered yet, log the production, and write stamped copies to ``folder``.

        Each document is written as ``<first>-<last> <name>.pdf`` with every page stamped, plus an index
        workbook ``<first>-<last> index.xlsx``. The documents in the store are never written. The numbers
        are logged before the files are written, so they stay given if writing fails or is cancelled;
        :meth:`write_copies` writes the same numbers again.

        Every document is read first as its copy will be (see :meth:`unreadable`): if any cannot be,
        nothing is numbered.

        Raises:
            ValidationError: As :meth:`number_documents`; nothing is numbered.
            NotFoundError: A document or its stored file is missing; nothing is numbered.
            ExportError: A document cannot be read (naming every such document; nothing is numbered), or the
                folder cannot be written or a copy fails once numbered (the numbers stay given, as the
                message says).
            Cancelled: The user cancelled: while the documents were checked (nothing is numbered) or while
                the copies were written (the numbers stay given).
        """
        _check_folder(folder)
        with self._case_file.session() as session:
            for document in self._documents(session, case_id, document_ids):
                self._file_path(document)
        _refuse(self.unreadable(case_id, document_ids, progress=progress, cancel=cancel))
        production = self._number(case_id, document_ids, recipient, produced_on, notes, include_numbered=True)
        assert production is not None and production.id is not None
        self.write_copies(production.id, folder, progress=progress, cancel=cancel)
        return production

    def write_copies(
        self,
        production_id: int,
        folder: Path,
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> list[Path]:
        """Write a logged production's stamped copies and index into ``folder`` again (same numbers).

        Raises:
            NotFoundError: The production, or a document or its stored file, is gone.
            ExportError: The folder cannot be written or a document cannot be read.
            Cancelled: The user cancelled (the copies written so far stay).
        """
        from casedesk.exports.bates_production import ProductionFile, ProductionIndex, write_production

        _check_folder(folder)
        with self._case_file.session() as session:
            try:
                production = bates_store.get_production(session, production_id)
            except Exception as exc:
                raise NotFoundError("This production is no longer in the log.") from exc
            files = []
            for numbers in production.documents:
                if numbers.document_id is None:
                    raise NotFoundError(
                        f"“{numbers.document_name}” ({numbers.range_label()}) was deleted from the case, "
                        "so its copy cannot be written.",
                        "Make a new production of the documents still in the case.",
                    )
                document = document_store.get_document(session, numbers.document_id)
                store = document_store_of(self._case_file)
                files.append(
                    ProductionFile(
                        self._file_path(document),
                        numbers.document_name,
                        document.password,
                        numbers,
                        store.opener(stored_name(document.sha256)) if store.sealed else None,
                    )
                )
        index = ProductionIndex(
            title=f"Production {production.range_label}",
            produced_on=production.produced_on,
            recipient=production.recipient,
            file_name=f"{production.range_label.replace('–', '-')} index.xlsx",
        )
        logged = (
            f"The numbers {production.range_label} were given and logged in the production of "
            f"{production.produced_on:%B} {production.produced_on.day}, {production.produced_on:%Y}"
        )
        try:
            written = write_production(files, folder, index, progress=progress, cancel=cancel)
            record_export(self._case_file, production.case_id, f"Production {production.range_label}", folder)
            return written
        except Cancelled as exc:
            raise Cancelled(f"Cancelled. {logged}; write its copies again to finish.") from exc
        except ExportError as exc:
            raise ExportError(
                exc.message,
                f"{exc.hint} {logged}: once fixed, write its copies again from the production log.".strip(),
            ) from exc

    # --- helpers ---------------------------------------------------------------------------------

    def _settings(self, session: Session, case_id: int) -> BatesSettings:
        saved = bates_store.get_settings(session, case_id)
        if saved is not None:
            return saved
        case = case_store.get_case(session, case_id)
        client = case_store.get_client(session, case.client_id)
        return BatesSettings(default_prefix(client.name))

    def _next(self, session: Session, case_id: int, settings: BatesSettings) -> int:
        last = bates_store.last_number(session, case_id, settings.prefix)
        return settings.start if last is None else last + 1

    def _documents(self, session: Session, case_id: int, document_ids: Sequence[int]) -> list[Document]:
        ids = list(dict.fromkeys(document_ids))
        if not ids:
            raise ValidationError({"documents": "Choose at least one document to number."})
        documents = [document_store.get_document(session, document_id) for document_id in ids]
        for document in documents:
            if document.case_id != case_id:
                raise ValidationError({"documents": f"“{document.display_name}” belongs to another case."})
        return documents

    def _file_path(self, document: Document) -> Path:
        path = document_store_of(self._case_file).path_on_disk(stored_name(document.sha256))
        if not path.is_file():
            raise NotFoundError(
                f"The stored copy of “{document.display_name}” is missing from the document folder "
                f"{self._case_file.documents_dir}.",
                "Restore the folder from a backup, or leave the document out.",
            )
        return path

    def _number(
        self,
        case_id: int,
        document_ids: Sequence[int],
        recipient: str,
        produced_on: date | None,
        notes: str,
        *,
        include_numbered: bool,
    ) -> Production | None:
        from sqlalchemy.exc import IntegrityError

        recipient = " ".join(recipient.split())
        if not recipient:
            raise ValidationError({"recipient": "Say who receives the production, e.g. Defense counsel."})
        if len(recipient) > MAX_RECIPIENT:
            raise ValidationError({"recipient": f"The recipient can be at most {MAX_RECIPIENT} characters."})
        day = produced_on or today(self._clock)
        if day > today(self._clock):
            raise ValidationError({"produced_on": "A production cannot be dated in the future."})
        try:
            with self._case_file.session() as session:
                documents = self._documents(session, case_id, document_ids)
                settings = self._settings(session, case_id)
                if bates_store.get_settings(session, case_id) is None:
                    # The default prefix follows the client's name until numbers are given; from then on
                    # it is kept, so renaming the client cannot renumber the documents.
                    bates_store.save_settings(session, case_id, settings)
                numbered = bates_store.number_row_ids(
                    session, settings.prefix, [d.id or 0 for d in documents]
                )
                new = [d for d in documents if d.id not in numbered]
                if not new and not include_numbered:
                    return None
                empty = [d.display_name for d in new if d.page_count < 1]
                if empty:
                    raise ValidationError(
                        {
                            "documents": f"“{empty[0]}” has no readable pages, so it cannot be numbered. "
                            "Open it to check it, import a good copy, or leave it out."
                        }
                    )
                # Logging the production first takes the case file's write lock, so the next number read
                # below cannot change before the numbers are saved (the unique constraint guards too).
                production_id = bates_store.add_production(
                    session, case_id, day, recipient, notes.strip(), self._clock()
                )
                number = self._next(session, case_id, settings)
                needed = sum(d.page_count for d in new)
                if needed and number + needed - 1 >= 10**settings.digits:
                    last = settings.label(10**settings.digits - 1)
                    raise ValidationError(
                        {
                            "digits": f"These {needed:,} pages would need numbers past {last}. "
                            "Use more digits in the Bates settings."
                        }
                    )
                for document in new:
                    numbers = DocumentBates(
                        document.id,
                        document.display_name,
                        settings.prefix,
                        settings.digits,
                        number,
                        number + document.page_count - 1,
                    )
                    numbered[document.id or 0] = bates_store.add_numbers(
                        session, case_id, numbers, production_id
                    )
                    number = numbers.last_number + 1
                listed = documents if include_numbered else new
                bates_store.add_items(session, production_id, [numbered[d.id or 0] for d in listed])
                production = bates_store.get_production(session, production_id)
                add_activity(
                    session,
                    Activity(
                        case_id=case_id,
                        kind=ActivityKind.LETTER,
                        occurred_at=self._moment(day),
                        subject=produced_subject(production.documents, recipient),
                        direction=Direction.OUTGOING,
                        parties=recipient,
                        body="\n".join(f"{d.document_name}: {d.range_label()}" for d in production.documents),
                    ),
                )
                return production
        except IntegrityError as exc:
            raise CasedeskError(
                "Bates numbers were given in another window at the same moment, so nothing was numbered.",
                "Try again: the documents get the next free numbers.",
            ) from exc

    def _moment(self, day: date) -> datetime:
        now = self._clock()
        if day == now.date():
            return now
        return datetime.combine(day, time(12), tzinfo=now.tzinfo)


def _refuse(problems: dict[int, str]) -> None:
    """Refuse, naming every document that cannot be read, when there are any."""
    if not problems:
        return
    reasons = " ".join(problems.values())
    if len(problems) == 1:
        raise ExportError(
            f"Nothing was numbered: a document cannot be read. {reasons}",
            "Re-import it from the original, or leave it out.",
        )
    raise ExportError(
        f"Nothing was numbered: {len(problems)} documents cannot be read. {reasons}",
        "Re-import each from the original, or leave it out.",
    )


def _check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.", "Choose another folder.")
