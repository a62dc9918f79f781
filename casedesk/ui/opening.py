"""Opening a case file from the GUI: asking for its passphrase, offering read-only when it is in use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from casedesk.domain.errors import CasedeskError, CaseFileInUseError, PassphraseError
from casedesk.ui.lock_prompt import ask_read_only
from casedesk.ui.passphrase import ask_passphrase

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from casedesk.services.casefiles import Services


class Opener(Protocol):
    """Opens (or creates) a case file and builds its services (``app.open_case_file_services``)."""

    def __call__(
        self,
        path: Path | str,
        create: bool,
        /,
        *,
        passphrase: str | None = None,
        read_only: bool = False,
        documents: Path | None = None,
    ) -> Services:
        """Open ``path`` (a case file), or a firm database by its URL with its shared ``documents`` folder.

        Raises:
            CasedeskError: It cannot be opened (in use, needs a passphrase, damaged…); it is untouched.
        """
        ...


def open_with_prompts(
    parent: QWidget | None,
    opener: Opener,
    path: Path | str,
    create: bool = False,
    first_error: CasedeskError | None = None,
    documents: Path | None = None,
) -> Services | None:
    """Open a case file, asking for its passphrase and offering read-only opening as needed.

    A firm database (``path`` a URL) has neither: it opens with its ``documents`` folder or says why not.

    Args:
        parent: The window the questions belong to.
        opener: What opens the file.
        path: The case file.
        create: Create it if it does not exist.
        first_error: Why an earlier try (e.g. on a worker thread) failed: start by answering it.
        documents: A firm database's shared documents folder.

    Returns:
        The services, or None when the user chose not to go on (cancelled a question).

    Raises:
        CasedeskError: It cannot be opened for another reason; it is untouched.
    """
    if isinstance(path, str):
        if first_error is not None:
            raise first_error
        return opener(path, create, documents=documents)
    passphrase: str | None = None
    read_only = False
    error = first_error
    while True:
        if error is None:
            try:
                return opener(path, create, passphrase=passphrase, read_only=read_only)
            except (PassphraseError, CaseFileInUseError) as exc:
                error = exc
        if isinstance(error, PassphraseError):
            passphrase = ask_passphrase(parent, path, error)
            if passphrase is None:
                return None
        elif isinstance(error, CaseFileInUseError) and not read_only:
            if not ask_read_only(parent, path, error):
                return None
            read_only = True
        else:
            raise error
        error = None
