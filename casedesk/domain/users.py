"""The people who sign in to a firm database: their accounts, and what a name and password must be.

A SQLite case file on a laptop has no accounts: whoever is logged in to the computer works on it. A firm
database shared on a server has one account per case manager; each signs in with a name and a password,
and the audit trail, the timeline and conflict messages name them.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_NAME_LENGTH = 2
MAX_NAME_LENGTH = 100
MAX_FULL_NAME_LENGTH = 100  # who saved a record (``changed_by``) holds 100
MIN_PASSWORD_LENGTH = 10
#: Argon2 hashes inputs of any length, but a password this long is a pasted mistake.
MAX_PASSWORD_LENGTH = 1000
#: Wrong passwords for one name in a row before each further try must wait.
FREE_TRIES = 5
#: The longest wait between tries, in seconds (15 minutes).
MAX_WAIT_SECONDS = 15 * 60


@dataclass(frozen=True, slots=True)
class User:
    """A person with an account on a firm database.

    Attributes:
        name: What they type to sign in (no spaces; compared without regard to case).
        full_name: What the audit trail, the timeline and messages show ("" to show the name).
        admin: May add people, reset their passwords and deactivate their accounts.
        active: May sign in (a deactivated account's name stays on what it did).
        id: The account's row id (None for the person working on a laptop case file).
    """

    name: str
    full_name: str = ""
    admin: bool = False
    active: bool = True
    id: int | None = None

    @property
    def display(self) -> str:
        """How the person is named to others: their full name, or their sign-in name."""
        return self.full_name.strip() or self.name


def name_errors(name: str) -> dict[str, str]:
    """What is wrong with a sign-in name (key ``name``); empty when it is fine."""
    text = name.strip()
    if not text:
        return {"name": "Enter the name this person signs in with."}
    if any(character.isspace() for character in text):
        return {"name": "A sign-in name has no spaces (for example maria.alvarez)."}
    if len(text) < MIN_NAME_LENGTH:
        return {"name": f"At least {MIN_NAME_LENGTH} characters."}
    if len(text) > MAX_NAME_LENGTH:
        return {"name": f"At most {MAX_NAME_LENGTH} characters ({len(text)} typed)."}
    return {}


def full_name_errors(full_name: str) -> dict[str, str]:
    """What is wrong with a full name (key ``full_name``); empty when it is fine (it may be empty)."""
    text = full_name.strip()
    if len(text) > MAX_FULL_NAME_LENGTH:
        return {"full_name": f"At most {MAX_FULL_NAME_LENGTH} characters ({len(text)} typed)."}
    return {}


def password_errors(password: str, repeated: str | None = None) -> dict[str, str]:
    """What is wrong with a new password (key ``password``, or ``repeated`` when the two differ)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return {"password": f"At least {MIN_PASSWORD_LENGTH} characters ({len(password)} typed)."}
    if len(password) > MAX_PASSWORD_LENGTH:
        return {"password": f"At most {MAX_PASSWORD_LENGTH} characters."}
    if password.strip() != password and not password.strip():
        return {"password": "A password cannot be only spaces."}
    if repeated is not None and repeated != password:
        return {"repeated": "The two passwords differ: type the same password twice."}
    return {}


def account_errors(name: str, full_name: str, password: str, repeated: str | None = None) -> dict[str, str]:
    """Everything wrong with a new account, by field (``name``, ``full_name``, ``password``, ``repeated``)."""
    return name_errors(name) | full_name_errors(full_name) | password_errors(password, repeated)


def password_strength(password: str) -> str:
    """A hint on how strong a new password is, for the person choosing it ("" for nothing typed).

    Length counts most: a long phrase of ordinary words is strong; a short mix of symbols is not.
    """
    if not password:
        return ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Too short: at least {MIN_PASSWORD_LENGTH} characters."
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if len(set(password)) <= 3:
        return "Weak: it repeats a few characters. A phrase of several words is stronger."
    if len(password) >= 16 or (len(password) >= 12 and kinds >= 3):
        return "Strong."
    return "Fair. A longer phrase (16 characters or more) is stronger."


def wait_after(failures: int) -> int:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row for one name.

    The first :data:`FREE_TRIES` are free; then the wait doubles from one second, up to
    :data:`MAX_WAIT_SECONDS`.
    """
    if failures < FREE_TRIES:
        return 0
    return int(min(2 ** (failures - FREE_TRIES), MAX_WAIT_SECONDS))
