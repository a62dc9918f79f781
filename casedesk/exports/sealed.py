"""Sealed files: how an encrypted case file keeps its stored documents (authenticated encryption).

A sealed file is a 32-byte header followed by chunks of at most :data:`CHUNK` plain bytes, each
encrypted with AES-256-GCM (16-byte tag). Each file gets its own key, derived (HKDF-SHA256) from the
document store's data key and a random 16-byte salt kept in the header, so chunk nonces can simply count
chunks. Every chunk's associated data is the header, its index and whether it is the last chunk: a
chunk changed, removed, moved, or the file cut short at a chunk boundary is detected, never read.

Header: ``CDSEALED`` (8 bytes), version (1), log2 of the chunk size (1), reserved (6 zero bytes),
salt (16).
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import struct
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

MAGIC = b"CDSEALED"
VERSION = 1
CHUNK_LOG2 = 20
#: Plain bytes per chunk (1 MiB).
CHUNK = 1 << CHUNK_LOG2
TAG = 16
HEADER_SIZE = 32
#: Bytes of a data key (AES-256).
KEY_SIZE = 32
_INFO_FILE = b"casedesk sealed file v1"
_INFO_NAMES = b"casedesk sealed names v1"


class SealedFileError(Exception):
    """A sealed file is not one, was made with another key, or has been changed or cut short."""


def new_data_key() -> bytes:
    """A fresh random data key for a document store."""
    return os.urandom(KEY_SIZE)


def name_key(data_key: bytes) -> bytes:
    """The key that turns stored names into keyed names (so a known file's presence cannot be confirmed)."""
    return _hkdf(data_key, b"", _INFO_NAMES)


def keyed_name(names_key: bytes, name: str) -> str:
    """The name on disk of the sealed file stored as ``name``: ``ab/<HMAC-SHA256 hex>.sealed``."""
    digest = hmac.new(names_key, name.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{digest[:2]}/{digest}.sealed"


def seal_stream(
    source: BinaryIO, target: BinaryIO, data_key: bytes, *, on_chunk: Callable[[bytes], None] | None = None
) -> int:
    """Seal everything ``source`` holds into ``target``; returns the plain size.

    Args:
        source: The plain content (read to its end).
        target: Where the sealed file is written (its header first).
        data_key: The document store's data key.
        on_chunk: Given each plain chunk as it is sealed (e.g. to hash the content on the way).
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = _header(os.urandom(16))
    aead = AESGCM(_file_key(data_key, header))
    target.write(header)
    size = 0
    index = 0
    chunk = _read_full(source, CHUNK)
    while True:
        following = _read_full(source, CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        if on_chunk is not None:
            on_chunk(chunk)
        target.write(aead.encrypt(_nonce(index), chunk, _associated(header, index, last)))
        size += len(chunk)
        if last:
            return size
        chunk = following
        index += 1


def seal_bytes(data: bytes, data_key: bytes) -> bytes:
    """``data`` sealed."""
    target = io.BytesIO()
    seal_stream(io.BytesIO(data), target, data_key)
    return target.getvalue()


def unseal_chunks(source: BinaryIO, data_key: bytes) -> Iterator[bytes]:
    """The plain chunks of a sealed file, each checked before it is given.

    Raises:
        SealedFileError: Not a sealed file, another key, changed, reordered or cut short.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = _read_full(source, HEADER_SIZE)
    if len(header) != HEADER_SIZE or not header.startswith(MAGIC):
        raise SealedFileError("not a sealed file")
    if header[8] != VERSION or header[9] != CHUNK_LOG2:
        raise SealedFileError(f"sealed with an unknown format (version {header[8]})")
    aead = AESGCM(_file_key(data_key, header))
    block = CHUNK + TAG
    index = 0
    sealed = _read_full(source, block)
    while True:
        following = _read_full(source, block) if len(sealed) == block else b""
        last = not following
        if len(sealed) < TAG:
            raise SealedFileError("the sealed file is cut short")
        try:
            yield aead.decrypt(_nonce(index), sealed, _associated(header, index, last))
        except InvalidTag:
            raise SealedFileError(
                "the sealed file was changed, cut short, or sealed with another key"
            ) from None
        if last:
            return
        sealed = following
        index += 1


def unseal_bytes(sealed: bytes, data_key: bytes) -> bytes:
    """The plain content of a sealed file held in memory.

    Raises:
        SealedFileError: See :func:`unseal_chunks`.
    """
    return b"".join(unseal_chunks(io.BytesIO(sealed), data_key))


class SealedReader(io.RawIOBase):
    """A seekable reader of a sealed file's plain content, unsealing one chunk at a time as it is read.

    Memory stays at one chunk whatever the file's size (pypdf seeks about a PDF as it reads). Every
    chunk is checked as it is unsealed, and the size is checked against the last chunk's flag.

    Raises (from the constructor and ``read``):
        SealedFileError: Not a sealed file, another key, changed, reordered or cut short.
    """

    def __init__(self, raw: BinaryIO, data_key: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        super().__init__()
        self._raw = raw
        raw.seek(0)
        self._header = _read_full(raw, HEADER_SIZE)
        if len(self._header) != HEADER_SIZE or not self._header.startswith(MAGIC):
            raise SealedFileError("not a sealed file")
        if self._header[8] != VERSION or self._header[9] != CHUNK_LOG2:
            raise SealedFileError(f"sealed with an unknown format (version {self._header[8]})")
        sealed_size = raw.seek(0, io.SEEK_END) - HEADER_SIZE
        self._chunks = max(1, -(-sealed_size // (CHUNK + TAG)))
        self._size = sealed_size - self._chunks * TAG
        if self._size < 0:
            raise SealedFileError("the sealed file is cut short")
        self._aead = AESGCM(_file_key(data_key, self._header))
        self._position = 0
        self._cached: tuple[int, bytes] | None = None
        self._chunk(self._chunks - 1)  # the end is authentic: nothing was cut off or added

    @property
    def size(self) -> int:
        """The plain content's size in bytes."""
        return self._size

    def readable(self) -> bool:
        """Always: it is for reading."""
        return True

    def seekable(self) -> bool:
        """Always: any position can be read."""
        return True

    def tell(self) -> int:
        """The position in the plain content."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Move to a position in the plain content; returns it."""
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` from the plain content; returns how many bytes (0 at the end)."""
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._position < self._size:
            index, within = divmod(self._position, CHUNK)
            chunk = self._chunk(index)
            part = chunk[within : within + len(view) - done]
            view[done : done + len(part)] = part
            done += len(part)
            self._position += len(part)
        return done

    def close(self) -> None:
        """Close the sealed file."""
        self._cached = None
        self._raw.close()
        super().close()

    def _chunk(self, index: int) -> bytes:
        from cryptography.exceptions import InvalidTag

        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._raw.seek(HEADER_SIZE + index * (CHUNK + TAG))
        sealed = _read_full(self._raw, CHUNK + TAG)
        last = index == self._chunks - 1
        try:
            plain = self._aead.decrypt(_nonce(index), sealed, _associated(self._header, index, last))
        except InvalidTag:
            raise SealedFileError(
                "the sealed file was changed, cut short, or sealed with another key"
            ) from None
        self._cached = (index, plain)
        return plain


def is_sealed(head: bytes) -> bool:
    """Whether a file starting with ``head`` is a sealed file."""
    return head.startswith(MAGIC)


def _header(salt: bytes) -> bytes:
    return MAGIC + bytes([VERSION, CHUNK_LOG2]) + bytes(6) + salt


def _file_key(data_key: bytes, header: bytes) -> bytes:
    return _hkdf(data_key, header[16:32], _INFO_FILE)


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=salt or None, info=info).derive(key)


def _nonce(index: int) -> bytes:
    return struct.pack(">4xQ", index)


def _associated(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">Q?", index, last)


def _read_full(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the stream."""
    parts: list[bytes] = []
    wanted = size
    while wanted:
        part = stream.read(wanted)
        if not part:
            break
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)
