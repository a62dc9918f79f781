"""The people who sign in to a firm database: rows and repository functions. Repositories never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.users import User
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

    def to_domain(self) -> User:
        """The account without its password hash."""
        return User(
            name=self.name, full_name=self.full_name, admin=self.admin, active=self.active, id=self.id
        )


class SignInFailureRow(Base):
    """Wrong passwords in a row for one sign-in name (``sign_in_failures``), kept in the database.

    Kept per name typed, whether or not an account has it (so the waits do not tell which names exist),
    and in the database (so that starting casedesk again, or another computer, does not reset them).
    A successful sign-in removes the row.

    Attributes:
        name: The name as typed, in lower case.
        failures: Wrong tries in a row.
        last_failure: When the last wrong try was made.
    """

    __tablename__ = "sign_in_failures"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[datetime] = mapped_column(UtcDateTime)


def key(name: str) -> str:
    """How a sign-in name is compared: trimmed, in lower case."""
    return name.strip().lower()


def count_users(session: Session) -> int:
    """How many accounts there are (active or not)."""
    return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def count_active_admins(session: Session) -> int:
    """How many accounts may administer the others and sign in."""
    query = select(func.count()).select_from(UserRow).where(UserRow.admin, UserRow.active)
    return int(session.scalar(query) or 0)


def find_user_row(session: Session, name: str, *, for_update: bool = False) -> UserRow | None:
    """The account with this sign-in name (compared without regard to case), if any."""
    query = select(UserRow).where(func.lower(UserRow.name) == key(name))
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def list_users(session: Session) -> list[User]:
    """Every account, active ones first, by name."""
    rows = session.scalars(select(UserRow).order_by(UserRow.active.desc(), func.lower(UserRow.name)))
    return [row.to_domain() for row in rows]


def add_user(
    session: Session, user: User, password_hash: str, *, created_at: datetime, changed_by: str
) -> User:
    """Add an account; returns it with its id."""
    row = UserRow(
        name=user.name.strip(),
        full_name=user.full_name.strip(),
        password_hash=password_hash,
        admin=user.admin,
        active=user.active,
        created_at=created_at,
        changed_by=changed_by,
    )
    session.add(row)
    session.flush()
    return row.to_domain()


def failures(session: Session, name: str, *, for_update: bool = False) -> SignInFailureRow | None:
    """The wrong tries in a row for this name, if there are any."""
    query = select(SignInFailureRow).where(SignInFailureRow.name == key(name)[:100])
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def record_failure(session: Session, name: str, at: datetime) -> int:
    """Count one more wrong try for this name; returns how many there have been in a row.

    One statement (insert, or add one on conflict), so that tries at the same moment from several
    computers are all counted.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = (
        insert(SignInFailureRow)
        .values(name=key(name)[:100], failures=1, last_failure=at)
        .on_conflict_do_update(
            index_elements=[SignInFailureRow.name],
            set_={"failures": SignInFailureRow.failures + 1, "last_failure": at},
        )
        .returning(SignInFailureRow.failures)
    )
    return int(session.execute(statement).scalar_one())


def clear_failures(session: Session, name: str) -> None:
    """Forget the wrong tries for this name (after a successful sign-in or a password reset)."""
    row = failures(session, name, for_update=True)
    if row is not None:
        session.delete(row)
        session.flush()
