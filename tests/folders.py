"""Test helper: folders nobody can write to, not even root."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def immutable(folder: Path) -> Iterator[None]:
    """Make a folder truly unwritable, even for root (``chattr +i``), or skip the test."""
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed; cannot make an unwritable folder for root")
    made = subprocess.run([chattr, "+i", str(folder)], capture_output=True, text=True, check=False)
    if made.returncode != 0:
        pytest.skip(f"cannot make a folder immutable here: {made.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)
