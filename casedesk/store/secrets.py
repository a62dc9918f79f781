"""Secrets kept inside the case file's database (``casefile_secrets``), e.g. the document store's key.

In an encrypted case file they are as safe as the database itself; they never leave it.
"""

from __future__ import annotations

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base


class SecretRow(Base):
    """One named secret (``casefile_secrets``)."""

    __tablename__ = "casefile_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[bytes] = mapped_column(LargeBinary)
