"""The child of the encryption kill test: encrypts and decrypts a closed case file in turn until killed."""

from __future__ import annotations

import os
from pathlib import Path

from casedesk.services.encryption import decrypt_case_file, encrypt_case_file, is_encrypted

READY = "ready"


def toggle_until_killed(db: Path, passphrase: str, acks: Path) -> None:
    """Encrypt the case file if it is plain, decrypt it if encrypted, again and again; say each one done."""
    fd = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.write(fd, f"{READY}\n".encode())
    while True:
        if is_encrypted(db):
            decrypt_case_file(db, passphrase)
            os.write(fd, b"decrypted\n")
        else:
            encrypt_case_file(db, passphrase)
            os.write(fd, b"encrypted\n")
