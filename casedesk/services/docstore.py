"""The document store: every read and write of a stored document or letter goes through here.

A plain case file keeps each file as it is, under its name (``ab/<sha256>.pdf``, ``ab/<sha256>.docx``)
in ``<stem>-documents/``. An encrypted case file keeps each one sealed (:mod:`casedesk.exports.sealed`)
with the data key held in the encrypted database (``casefile_secrets``), under a *keyed* name
(``ab/<HMAC>.sealed``): without the passphrase nobody can read a document, nor confirm that a known one
is there by hashing it. Files are written once, under a temp name, flushed and renamed, and never changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from casedesk.domain.errors import CaseFileError, NotFoundError
from casedesk.store.casefile import CaseFile

#: The ``casefile_secrets`` name of the document store's data key.
DATA_KEY_SECRET = "documents"
#: Prefix of temp files written into the store.
TEMP_PREFIX = ".store-"
_CHUNK = 1 << 20

_stores: weakref.WeakKeyDictionary[CaseFile, DocumentStore] = weakref.WeakKeyDictionary()


def document_store_of(case_file: CaseFile) -> DocumentStore:
    """The document store of an open case file (one per case file, made on first use)."""
    store = _stores.get(case_file)
    if store is None:
        store = _stores[case_file] = DocumentStore(case_file)
    return store


def read_stored(case_file: CaseFile, name: str, title: str) -> bytes:
    """The content of a stored file, with the errors a case manager can act on.

    Raises:
        NotFoundError: It is missing from the document folder.
        CaseFileError: It cannot be read, or it was changed or damaged on disk.
    """
    from casedesk.exports.sealed import SealedFileError

    store = document_store_of(case_file)
    try:
        return store.read_bytes(name)
    except FileNotFoundError as exc:
        raise NotFoundError(
            f"The stored copy of “{title}” is missing from the document folder {store.folder}.",
            "Restore the folder from a backup, or delete the document and import the file again.",
        ) from exc
    except SealedFileError as exc:
        raise CaseFileError(
            f"The stored copy of “{title}” has been changed or damaged on disk.",
            "Restore the document folder from a backup, or delete the document and import it again.",
        ) from exc
    except OSError as exc:
        raise CaseFileError(
            f"casedesk cannot read the stored copy of “{title}” ({exc.strerror or exc}).",
            "Check that you may read the document folder, then try again.",
        ) from exc


class DocumentStore:
    """The stored files of one case file, sealed when the case file is encrypted.

    Names are the store's own (``ab/<sha256>.pdf``): callers never build paths into the folder.
    """

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file
        self.folder = case_file.documents_dir
        self.sealed = case_file.key is not None
        self._data_key: bytes | None = None
        self._names_key: bytes | None = None

    # --- reading -------------------------------------------------------------------------------

    def exists(self, name: str) -> bool:
        """Whether the store holds a file under ``name``."""
        return self.path_on_disk(name).is_file()

    def read_bytes(self, name: str) -> bytes:
        """The (plain) content of the file stored as ``name``.

        Raises:
            FileNotFoundError: It is not in the store.
            OSError: It cannot be read.
            SealedFileError: Sealed, and changed or damaged on disk.
        """
        path = self.path_on_disk(name)
        if not self.sealed:
            return path.read_bytes()
        from casedesk.exports.sealed import unseal_chunks

        with path.open("rb") as stream:
            return b"".join(unseal_chunks(stream, self._key()))

    def open(self, name: str) -> BinaryIO:
        """A readable binary stream of the (plain) content of ``name``; the caller closes it.

        Raises:
            See :meth:`read_bytes`.
        """
        path = self.path_on_disk(name)
        if not self.sealed:
            return path.open("rb")
        from casedesk.exports.sealed import SealedReader

        stream = path.open("rb")
        try:
            return io.BufferedReader(SealedReader(stream, self._key()))
        except BaseException:
            stream.close()
            raise

    def opener(self, name: str) -> Callable[[], BinaryIO]:
        """What opens ``name`` for an exporter that reads it later (damage is reported as an OSError)."""

        def open_stored() -> BinaryIO:
            from casedesk.exports.sealed import SealedFileError

            try:
                return self.open(name)
            except SealedFileError as exc:
                raise OSError(f"the sealed file is damaged ({exc})") from exc

        return open_stored

    def sha256_of(self, name: str, *, check: Callable[[], None] | None = None) -> str:
        """The SHA-256 of the plain content of ``name`` (read in chunks; ``check`` is called after each).

        Raises:
            See :meth:`read_bytes`.
        """
        digest = hashlib.sha256()
        path = self.path_on_disk(name)
        with path.open("rb") as stream:
            if self.sealed:
                from casedesk.exports.sealed import unseal_chunks

                for chunk in unseal_chunks(stream, self._key()):
                    digest.update(chunk)
                    if check is not None:
                        check()
            else:
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
                    if check is not None:
                        check()
        return digest.hexdigest()

    def names_on_disk(self) -> set[str]:
        """The names (relative to the folder, ``/``-separated) of every file in the folder."""
        if not self.folder.is_dir():
            return set()
        return {path.relative_to(self.folder).as_posix() for path in self.folder.rglob("*") if path.is_file()}

    def names(self) -> list[str]:
        """The store names of the files it holds that can be told from the disk (plain stores only).

        A sealed store's names are keyed and cannot be turned back: use :meth:`disk_name` on the names the
        database expects instead.
        """
        if self.sealed:
            return []
        return sorted(name for name in self.names_on_disk() if not name.rsplit("/", 1)[-1].startswith("."))

    def disk_name(self, name: str) -> str:
        """Where ``name`` lives inside the folder (its keyed name when sealed)."""
        if not self.sealed:
            return name
        from casedesk.exports.sealed import keyed_name, name_key

        if self._names_key is None:
            self._names_key = name_key(self._key())
        return keyed_name(self._names_key, name)

    def path_on_disk(self, name: str) -> Path:
        """The file on disk holding ``name`` (sealed when the case file is encrypted)."""
        return self.folder / self.disk_name(name)

    # --- writing -------------------------------------------------------------------------------

    def write_bytes(self, name: str, data: bytes) -> Path:
        """Store ``data`` as ``name`` (kept as it is when already there); returns the file on disk.

        The file is written under a temp name, flushed and renamed; its folder is flushed too.

        Raises:
            OSError: The folder cannot be written (no space, no permission).
        """
        return self.write_stream(name, io.BytesIO(data))

    def write_stream(self, name: str, source: BinaryIO, *, expect_sha256: str | None = None) -> Path:
        """Store what ``source`` holds as ``name``; with ``expect_sha256``, only if it hashes to that.

        Raises:
            OSError: The folder cannot be written.
            ChangedError: The content does not hash to ``expect_sha256`` (nothing is stored).
        """
        final = self.path_on_disk(name)
        if final.is_file():
            return final
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".part", dir=final.parent)
        temp = Path(temp_name)
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as target:
                if self.sealed:
                    from casedesk.exports.sealed import seal_stream

                    seal_stream(source, target, self._key(), on_chunk=digest.update)
                else:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
                target.flush()
                os.fsync(target.fileno())
            if expect_sha256 is not None and digest.hexdigest() != expect_sha256:
                raise ChangedError(digest.hexdigest())
            temp.chmod(0o400)  # written once, never modified
            os.replace(temp, final)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        sync_folder(final.parent)
        return final

    def copy_in(self, name: str, source: Path, expect_sha256: str) -> Path:
        """Store a copy of the file ``source`` as ``name``, if it still hashes to ``expect_sha256``.

        Raises:
            OSError: ``source`` cannot be read or the folder cannot be written.
            ChangedError: ``source`` changed since it was hashed (nothing is stored).
        """
        with source.open("rb") as stream:
            return self.write_stream(name, stream, expect_sha256=expect_sha256)

    def remove(self, name: str) -> None:
        """Remove the file stored as ``name`` (best effort: a leftover file harms nothing)."""
        path = self.path_on_disk(name)
        with contextlib.suppress(OSError):
            path.chmod(0o600)  # stored copies are read-only; some systems refuse to delete those
            path.unlink()
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # only when empty

    # --- the key -------------------------------------------------------------------------------

    def ready(self) -> None:
        """Load (or make) the data key now, outside any open transaction of the caller's."""
        if self.sealed:
            self._key()

    def _key(self) -> bytes:
        if self._data_key is None:
            self._data_key = self._load_or_make_key()
        return self._data_key

    def _load_or_make_key(self) -> bytes:
        from casedesk.exports.sealed import KEY_SIZE, new_data_key
        from casedesk.store.secrets import SecretRow

        with self._case_file.session() as session:
            row = session.get(SecretRow, DATA_KEY_SECRET)
            if row is not None and len(row.value) == KEY_SIZE:
                return bytes(row.value)
            if row is not None:
                raise CaseFileError(
                    "The key of the encrypted document folder is damaged.",
                    "Restore the case file from a backup.",
                )
            key = new_data_key()
            session.add(SecretRow(name=DATA_KEY_SECRET, value=key))
            return key


class ChangedError(OSError):
    """The file's content is not what it was when it was read (it changed during the import)."""

    def __init__(self, sha256: str) -> None:
        super().__init__("the file changed while it was being imported")
        self.sha256 = sha256


def sync_folder(folder: Path) -> None:
    """Make the names of files just renamed into ``folder`` durable (POSIX; no-op elsewhere)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
