"""The people who sign in to a firm database: rows and repository functions. Repositories never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base, UtcDateTime, Versioned


class UserRow(Versioned, Base):
    """A person who signs in (``users``): a login name, a full name and a password hash, never the password.

    Attributes:
        name: What they type to sign in (unique, compared without regard to case).
        full_name: What the audit trail, the timeline and conflict messages show.
        password_hash: An Argon2id hash (``argon2-cffi``), salt and parameters included.
        admin: May add people, reset passwords and deactivate accounts.
        active: A deactivated account cannot sign in; its name stays on what it did.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_sign_in: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
