"""Use cases for the people who sign in to a firm database: the first account, signing in, the accounts.

Passwords are hashed with Argon2id (``argon2-cffi``); a hash made with older parameters is replaced at the
next sign-in. A wrong name and a wrong password get the same message, and take about as long (an unknown
name is checked against a stand-in hash). Wrong tries in a row are counted per name typed **in the
database** (table ``sign_in_failures``), so that neither starting casedesk again nor another computer
resets them: after :data:`~casedesk.domain.users.FREE_TRIES` the next try must wait 1 s, then 2 s, 4 s …
up to 15 minutes; a successful sign-in (or a password reset) clears the count.

Every change to an account (added, password reset or changed, renamed, deactivated, reactivated) goes in
the audit trail (entity ``account``), naming who made it; signing in does not (``last_sign_in`` says when).

On a SQLite case file on a laptop there are no accounts: whoever is logged in to the computer works on it.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from casedesk.domain.errors import CaseFileError, ConflictError, NotFoundError, SignInError, ValidationError
from casedesk.domain.users import (
    User,
    account_errors,
    full_name_errors,
    password_errors,
    password_strength,
    wait_after,
)
from casedesk.services.clock import Clock
from casedesk.store import users as user_store
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from argon2 import PasswordHasher
    from sqlalchemy.orm import Session

WRONG = "That name and password do not match an account on this firm database."
WRONG_HINT = "Check the name and type the password again (passwords are case-sensitive)."


_chosen: list[PasswordHasher] = []


def _hasher() -> PasswordHasher:
    if not _chosen:
        from argon2 import PasswordHasher

        _chosen.append(PasswordHasher())  # Argon2id, RFC 9106's low-memory profile
    return _chosen[0]


def use_hasher(hasher: PasswordHasher | None) -> None:
    """Hash new passwords with other Argon2 parameters (None: the default ones) in this process.

    Existing hashes keep working whatever their parameters; each is replaced at its owner's next sign-in.
    """
    _chosen.clear()
    if hasher is not None:
        _chosen.append(hasher)
    _stand_in_hash.cache_clear()


@cache
def _stand_in_hash() -> str:
    """A hash to check an unknown name's password against, so that it takes as long as a known one's."""
    return _hasher().hash("no account has this password")


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; parameters included)."""
    return _hasher().hash(password)


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class UserService:
    """The accounts of one firm database, and who is signed in on this connection."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock
        self._current: User | None = None

    # --- Signing in -----------------------------------------------------------------------------------

    def needs_first_user(self) -> bool:
        """A new firm database has no accounts yet: the first person creates one (an administrator)."""
        if not self._case_file.firm_mode:
            return False
        with self._session() as session:
            return user_store.count_users(session) == 0

    def create_first_admin(self, name: str, full_name: str, password: str) -> User:
        """Create the firm database's first account, an administrator, and sign them in.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            SignInError: Someone has already created the first account (sign in instead).
        """
        self._require_firm()
        self._check(name, full_name, password)
        with self._session() as session:
            self._lock_accounts(session)
            if user_store.count_users(session):
                raise SignInError(
                    "Someone has already created the first account on this firm database.",
                    "Sign in with your account, or ask its administrator for one.",
                )
            user = user_store.add_user(
                session,
                User(name=name.strip(), full_name=full_name.strip(), admin=True),
                hash_password(password),
                created_at=self._clock(),
                changed_by=name.strip(),
            )
            self._record(
                session,
                "added",
                user,
                f"Created the first account, {user.name} (administrator)",
                user.display,
            )
            self._stamp_sign_in(session, user)
        self._signed_in(user)
        return user

    def sign_in(self, name: str, password: str) -> User:
        """Sign in: everything saved from now on names this person.

        Raises:
            SignInError: The name and password do not match an account (the same message for both), the
                account is deactivated, or there were too many wrong tries for this name (wait and try
                again; the message says how long). Failures are counted in the database.
        """
        if not self._case_file.firm_mode:
            return self.current() or User(name=self._case_file.user)
        now = self._clock()
        refusal: SignInError | None = None
        with self._session() as session:
            failed = user_store.failures(session, name)
            if failed is not None:
                ready = failed.last_failure + timedelta(seconds=wait_after(failed.failures))
                if ready > now:
                    seconds = max(1, int((ready - now).total_seconds() + 0.999))
                    raise SignInError(
                        f"Too many wrong passwords for {name.strip()}: wait {_duration(seconds)}, "
                        "then try again.",
                        "If you have forgotten your password, ask the firm's administrator to reset it.",
                    )
            row = user_store.find_user_row(session, name, for_update=True)
            matches = _verify(row.password_hash if row is not None else _stand_in_hash(), password)
            if row is None or not matches:
                failures = user_store.record_failure(session, name, now)
                hint = WRONG_HINT
                if wait_after(failures):
                    hint += f" After {failures} wrong tries, wait {_duration(wait_after(failures))} first."
                refusal = SignInError(WRONG, hint)
            elif not row.active:
                refusal = SignInError(
                    f"The account {row.name} has been deactivated.",
                    "Ask the firm's administrator to reactivate it.",
                )
            else:
                if _hasher().check_needs_rehash(row.password_hash):
                    self._set_columns(session, row.id, password_hash=hash_password(password))
                user_store.clear_failures(session, name)
                user = row.to_domain()
                self._stamp_sign_in(session, user)
        if refusal is not None:
            raise refusal
        self._signed_in(user)
        return user

    def sign_out(self) -> None:
        """Nobody is signed in any more on this connection (nothing more can be read or saved)."""
        if self._case_file.firm_mode:
            self._current = None
            self._case_file.user = ""

    def current(self) -> User | None:
        """Who is signed in (on a laptop case file: the computer's account, as an administrator)."""
        if not self._case_file.firm_mode:
            return User(name=self._case_file.user, admin=True)
        return self._current

    # --- The accounts ---------------------------------------------------------------------------------

    def list(self) -> builtins.list[User]:
        """Every account, active ones first, by name (signed-in people only)."""
        self._require_signed_in()
        with self._session() as session:
            return user_store.list_users(session)

    def errors(self, name: str, full_name: str, password: str, repeated: str | None = None) -> dict[str, str]:
        """What is wrong with a new account, by field; empty when it can be saved."""
        return account_errors(name, full_name, password, repeated)

    def strength(self, password: str) -> str:
        """A hint on how strong a new password is."""
        return password_strength(password)

    def add(self, name: str, full_name: str, password: str, *, admin: bool = False) -> User:
        """Add an account (administrators only).

        Raises:
            SignInError: The signed-in person is not an administrator.
            ValidationError: A field is wrong, or the name is taken; nothing is saved.
        """
        from sqlalchemy.exc import IntegrityError

        who = self._require_admin("add people")
        self._check(name, full_name, password)
        taken = ValidationError({"name": f"Someone already signs in as {name.strip()}."})
        try:
            with self._session() as session:
                if user_store.find_user_row(session, name) is not None:
                    raise taken
                user = user_store.add_user(
                    session,
                    User(name=name.strip(), full_name=full_name.strip(), admin=admin),
                    hash_password(password),
                    created_at=self._clock(),
                    changed_by=who.display,
                )
                role = "administrator" if admin else "case manager"
                self._record(session, "added", user, f"Added the account {user.name} ({role})", who.display)
                return user
        except IntegrityError as exc:  # another administrator added the same name a moment ago
            raise taken from exc

    def set_password(self, name: str, password: str) -> None:
        """Set a person's password: an administrator resets anyone's; anyone may change their own.

        Their count of wrong tries is cleared.

        Raises:
            SignInError: Not an administrator, and not their own account.
            ValidationError: The password is too short; nothing is saved.
            NotFoundError: There is no such account.
        """
        who = self._require_signed_in()
        if user_store.key(name) != user_store.key(who.name):
            self._require_admin("reset other people's passwords")
        errors = password_errors(password)
        if errors:
            raise ValidationError(errors)
        with self._session() as session:
            row = self._row(session, name)
            row.password_hash = hash_password(password)
            row.changed_by = who.display
            user_store.clear_failures(session, name)
            summary = (
                "Changed their own password" if row.id == who.id else f"Reset the password of {row.name}"
            )
            self._record(session, "changed", row.to_domain(), summary, who.display)

    def set_full_name(self, name: str, full_name: str) -> User:
        """Change how a person is named (an administrator, or the person themselves)."""
        who = self._require_signed_in()
        if user_store.key(name) != user_store.key(who.name):
            self._require_admin("rename other people")
        errors = full_name_errors(full_name)
        if errors:
            raise ValidationError(errors)
        with self._session() as session:
            row = self._row(session, name)
            before = row.full_name
            row.full_name = full_name.strip()
            row.changed_by = who.display
            session.flush()
            user = row.to_domain()
            summary = f"Renamed {user.name}: {before or '(none)'} → {user.full_name or '(none)'}"
            self._record(session, "changed", user, summary, who.display)
        if user.id == who.id:
            self._signed_in(user)
        return user

    def set_active(self, name: str, active: bool) -> User:
        """Deactivate an account (it can no longer sign in; its name stays on what it did), or reactivate it.

        Raises:
            SignInError: The signed-in person is not an administrator, or deactivates their own account.
            NotFoundError: There is no such account.
        """
        who = self._require_admin("deactivate or reactivate accounts")
        if not active and user_store.key(name) == user_store.key(who.name):
            raise SignInError(
                "You cannot deactivate your own account.",
                "Another administrator can deactivate it.",
            )
        with self._session() as session:
            row = self._row(session, name)
            row.active = active
            row.changed_by = who.display
            session.flush()
            user = row.to_domain()
            summary = f"{'Reactivated' if active else 'Deactivated'} the account {user.name}"
            self._record(session, "changed", user, summary, who.display)
            return user

    # --- Helpers --------------------------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session on the accounts, usable before anyone signs in (accounts are not in the audit trail)."""
        from sqlalchemy.orm import Session
        from sqlalchemy.orm.exc import StaleDataError

        try:
            with Session(self._case_file.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except StaleDataError as exc:
            raise ConflictError("account") from exc

    def _lock_accounts(self, session: Session) -> None:
        """Keep two people from creating the first account at the same moment (PostgreSQL)."""
        from sqlalchemy import text

        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))

    def _row(self, session: Session, name: str) -> user_store.UserRow:
        row = user_store.find_user_row(session, name, for_update=True)
        if row is None:
            raise NotFoundError(f"There is no account named {name.strip()}.")
        return row

    def _set_columns(self, session: Session, user_id: int, **values: object) -> None:
        """Set columns without raising the row's version (signing in is not an edit of the account)."""
        from sqlalchemy import update

        session.execute(
            update(user_store.UserRow).where(user_store.UserRow.id == user_id).values(**values),
            execution_options={"synchronize_session": False},
        )

    def _stamp_sign_in(self, session: Session, user: User) -> None:
        assert user.id is not None
        self._set_columns(session, user.id, last_sign_in=self._clock())

    def _record(self, session: Session, action: str, user: User, summary: str, who: str) -> None:
        """Put a change to an account in the audit trail (who did it, to whom), in the same transaction."""
        from casedesk.domain.audit import AuditAction, AuditEntry
        from casedesk.store.audit import add_entry

        add_entry(
            session,
            AuditEntry(
                at=self._clock(),
                user=who,
                case_id=None,
                case_number="",
                action=AuditAction(action),
                entity="account",
                entity_id=user.id,
                summary=summary,
            ),
        )

    def _signed_in(self, user: User) -> None:
        self._current = user
        self._case_file.user = user.display

    def _check(self, name: str, full_name: str, password: str) -> None:
        errors = account_errors(name, full_name, password)
        if errors:
            raise ValidationError(errors)

    def _require_firm(self) -> None:
        if not self._case_file.firm_mode:
            raise CaseFileError(
                "Accounts are for a firm database; a case file on this computer has none.",
                "Whoever is logged in to this computer works on it.",
            )

    def _require_signed_in(self) -> User:
        self._require_firm()
        if self._current is None:
            raise SignInError("Sign in to the firm database first.", "Nothing was read or saved.")
        return self._current

    def _require_admin(self, what: str) -> User:
        who = self._require_signed_in()
        if not who.admin:
            raise SignInError(f"Only an administrator can {what}.", "Ask the firm's administrator to do it.")
        return who


def _duration(seconds: int) -> str:
    """``1 second``, ``30 seconds``, ``4 minutes``."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
