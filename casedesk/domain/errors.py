"""Expected failures, each with a message a case manager understands."""

from __future__ import annotations

from collections.abc import Mapping


class CasedeskError(Exception):
    """Base of every expected casedesk failure.

    Attributes:
        message: What went wrong, in the user's words.
        hint: What to do next, if there is something to do.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class CaseFileError(CasedeskError):
    """A case file cannot be opened or created; the file is left untouched."""


class CaseFileInUseError(CaseFileError):
    """The case file is open in another casedesk; it may still be opened read-only.

    Attributes:
        holder: Who has it open, in words ("Maria on LAPTOP-7 since 9:14 AM"); "" when unknown.
    """

    def __init__(self, message: str, hint: str = "", *, holder: str = "") -> None:
        super().__init__(message, hint)
        self.holder = holder


class PassphraseError(CaseFileError):
    """The case file is encrypted and no passphrase, or a wrong one, was given; the file is untouched.

    Attributes:
        wrong: A passphrase was given and it did not open the file (or the file is damaged).
        retry_after: Seconds to wait before the next try is accepted (after repeated wrong passphrases).
    """

    def __init__(
        self, message: str, hint: str = "", *, wrong: bool = False, retry_after: float = 0.0
    ) -> None:
        super().__init__(message, hint)
        self.wrong = wrong
        self.retry_after = retry_after


class ReadOnlyError(CasedeskError):
    """A change was asked of a case file opened read-only; nothing was saved."""


class SignInError(CasedeskError):
    """Nobody is signed in to the firm database, or a name and password were not accepted."""


class DatabaseUnreachableError(CaseFileError):
    """The firm database's server stopped answering while working; what was being saved was not saved."""


class ValidationError(CasedeskError):
    """Input that cannot be saved, with one message per field.

    Attributes:
        errors: Field name to message.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()) or "The input is not valid.")


class ConflictError(CasedeskError):
    """The record was changed elsewhere (another window or computer) since the user opened it.

    Attributes:
        what: The kind of record ("case", "expense").
        by: Who saved it in between ("" when unknown).
        changes: ``(field label, value when you opened it, value they saved)`` as text, one per field.
        current: The record as it is saved now, when the service read it (None otherwise): a form that
            keeps the user's text takes it as what it opened, so the next save knowingly replaces it.
    """

    def __init__(
        self,
        what: str,
        *,
        by: str = "",
        changes: tuple[tuple[str, str, str], ...] = (),
        current: object = None,
    ) -> None:
        if by:
            head = f"{by} changed this {what} after you opened it"
        else:
            head = f"This {what} was changed elsewhere after you opened it"
        if changes:
            head += ": " + "; ".join(
                f"{label} {old or '(blank)'} → {new or '(blank)'}" for label, old, new in changes
            )
        super().__init__(
            f"{head}. Your changes were not saved.",
            f"Open the {what} again to see the latest version, then redo your edits.",
        )
        self.what = what
        self.by = by
        self.changes = tuple(changes)
        self.current = current


class ExportError(CasedeskError):
    """An export could not be written; a file already at the target is left as it was."""


class NotFoundError(CasedeskError):
    """A record the user asked for no longer exists (deleted elsewhere, or a stale view)."""


class ImportFileError(CasedeskError):
    """A file to import cannot be read (not the expected format, damaged); nothing was imported."""


class BinderSourceError(ExportError):
    """A document a binder needs cannot be read (missing, damaged, password-protected); nothing was written.

    Attributes:
        document: The document's name.
    """

    def __init__(self, document: str, message: str, hint: str = "") -> None:
        super().__init__(message, hint)
        self.document = document
