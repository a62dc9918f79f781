"""Sealed files: what goes in comes out, and any change, cut, reordering or other key is caught."""

from __future__ import annotations

import io
import os

import pytest

from casedesk.exports.sealed import (
    CHUNK,
    HEADER_SIZE,
    TAG,
    SealedFileError,
    SealedReader,
    is_sealed,
    keyed_name,
    name_key,
    new_data_key,
    seal_bytes,
    seal_stream,
    unseal_bytes,
)

KEY = bytes(range(32))


@pytest.mark.parametrize("size", [0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + CHUNK // 2])
def test_what_is_sealed_unseals_the_same(size: int) -> None:
    data = os.urandom(size)
    sealed = seal_bytes(data, KEY)
    assert is_sealed(sealed)
    chunks = max(1, -(-size // CHUNK))
    assert len(sealed) == HEADER_SIZE + size + chunks * TAG
    assert unseal_bytes(sealed, KEY) == data


def test_the_same_content_seals_differently_each_time_and_never_shows_through() -> None:
    data = b"Patient: Maria Alvarez, DOB 1984-03-02. " * 100
    first, second = seal_bytes(data, KEY), seal_bytes(data, KEY)
    assert first != second
    assert b"Alvarez" not in first and b"Alvarez" not in second


def test_seal_stream_reports_each_plain_chunk_for_hashing() -> None:
    data = os.urandom(CHUNK + 10)
    seen: list[bytes] = []
    target = io.BytesIO()
    assert seal_stream(io.BytesIO(data), target, KEY, on_chunk=seen.append) == len(data)
    assert b"".join(seen) == data and [len(c) for c in seen] == [CHUNK, 10]


def test_another_key_cannot_unseal() -> None:
    sealed = seal_bytes(b"medical record", KEY)
    with pytest.raises(SealedFileError, match="another key"):
        unseal_bytes(sealed, new_data_key())


def test_a_changed_byte_anywhere_is_caught() -> None:
    sealed = bytearray(seal_bytes(os.urandom(3000), KEY))
    for position in (20, HEADER_SIZE + 5, len(sealed) - 1):
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        with pytest.raises(SealedFileError):
            unseal_bytes(bytes(damaged), KEY)


def test_a_file_cut_short_at_a_chunk_boundary_is_caught() -> None:
    sealed = seal_bytes(os.urandom(2 * CHUNK + 5), KEY)
    first_chunk_only = sealed[: HEADER_SIZE + CHUNK + TAG]
    with pytest.raises(SealedFileError):
        unseal_bytes(first_chunk_only, KEY)
    with pytest.raises(SealedFileError):
        unseal_bytes(sealed[:-1], KEY)


def test_chunks_swapped_are_caught() -> None:
    sealed = seal_bytes(os.urandom(3 * CHUNK), KEY)
    block = CHUNK + TAG
    header, body = sealed[:HEADER_SIZE], sealed[HEADER_SIZE:]
    chunks = [body[i : i + block] for i in range(0, len(body), block)]
    swapped = header + chunks[1] + chunks[0] + chunks[2]
    with pytest.raises(SealedFileError):
        unseal_bytes(swapped, KEY)


def test_what_is_not_a_sealed_file_is_refused() -> None:
    with pytest.raises(SealedFileError, match="not a sealed file"):
        unseal_bytes(b"%PDF-1.7 plain", KEY)
    assert not is_sealed(b"%PDF-1.7")


def test_keyed_names_hide_the_content_hash_and_depend_on_the_key() -> None:
    name = "ab/" + "ab" * 32 + ".pdf"
    first = keyed_name(name_key(KEY), name)
    assert first == keyed_name(name_key(KEY), name)
    assert first != keyed_name(name_key(new_data_key()), name)
    assert first.endswith(".sealed") and first[:2] == first[3:5] and "ab" * 32 not in first


def test_the_reader_gives_any_part_of_the_content_without_unsealing_it_all() -> None:
    data = os.urandom(2 * CHUNK + 777)
    reader = io.BufferedReader(SealedReader(io.BytesIO(seal_bytes(data, KEY)), KEY))
    assert reader.read(10) == data[:10]
    reader.seek(CHUNK - 5)
    assert reader.read(10) == data[CHUNK - 5 : CHUNK + 5]  # across a chunk boundary
    reader.seek(-100, io.SEEK_END)
    assert reader.read() == data[-100:] and reader.read(1) == b""
    reader.seek(0)
    assert reader.read() == data
    empty = SealedReader(io.BytesIO(seal_bytes(b"", KEY)), KEY)
    assert empty.size == 0 and empty.read() == b""


def test_the_reader_catches_a_cut_at_once_and_a_changed_chunk_when_it_is_read() -> None:
    sealed = seal_bytes(os.urandom(2 * CHUNK + 5), KEY)
    with pytest.raises(SealedFileError):
        SealedReader(io.BytesIO(sealed[: HEADER_SIZE + CHUNK + TAG]), KEY)
    damaged = bytearray(sealed)
    damaged[HEADER_SIZE + 10] ^= 0x01  # in the first chunk
    reader = SealedReader(io.BytesIO(bytes(damaged)), KEY)
    reader.seek(CHUNK + 1)
    assert len(reader.read(100)) == 100  # the other chunks read
    reader.seek(0)
    with pytest.raises(SealedFileError):
        reader.read(10)
    with pytest.raises(SealedFileError):
        SealedReader(io.BytesIO(sealed), new_data_key())
