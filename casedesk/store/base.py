"""The declarative base and the column types that map domain values (money, UTC moments)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from casedesk.domain.money import Money

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every ``*Row`` class."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """A record people edit in a form: optimistic locking, and who saved it last.

    Every ORM update or delete of the row says ``WHERE version = <the version read>`` and raises the
    version by one, so of two saves racing on the same row (two case managers on a firm database) the
    second one changes nothing and fails (``StaleDataError``, turned into a ``ConflictError``) instead of
    overwriting the first.

    Attributes:
        version: Raised by one on every save of the row.
        changed_by: Who saved it last (the signed-in user, or the account name on a laptop).
    """

    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    changed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        """Let SQLAlchemy keep ``version`` and check it on every update and delete."""
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class MoneyCents(TypeDecorator[Money]):
    """``Money`` stored as integer cents."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Money | None, dialect: Dialect) -> int | None:
        """Money to cents."""
        return None if value is None else value.cents

    def process_result_value(self, value: Any, dialect: Dialect) -> Money | None:
        """Cents to Money."""
        return None if value is None else Money(int(value))


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware moment, stored in UTC and returned aware (UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """An aware moment to UTC (naive UTC on SQLite, which has no time zones)."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are never stored; attach a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """A stored moment back to an aware UTC datetime."""
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class DecimalText(TypeDecorator[Decimal]):
    """An exact ``Decimal`` (a multiplier, a percentage) stored as its text, never as a float."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        """Decimal to text."""
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Text to Decimal."""
        return None if value is None else Decimal(value)


class FractionText(TypeDecorator[Fraction]):
    """An exact ``Fraction`` (a fee rate of 1/3) stored as its text, ``"1/3"``."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Fraction | None, dialect: Dialect) -> str | None:
        """Fraction to text."""
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Fraction | None:
        """Text to Fraction."""
        return None if value is None else Fraction(value)
