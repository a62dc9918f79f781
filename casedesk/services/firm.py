"""The firm's letterhead, kept in the case file and printed on the letters and reports drafted from it."""

from __future__ import annotations

from dataclasses import replace

from casedesk.domain.errors import ValidationError
from casedesk.domain.firm import FirmProfile
from casedesk.store import letters as letter_store
from casedesk.store.casefile import CaseFile

#: The longest text each field takes.
FIRM_FIELD_LIMITS = {"name": 200, "address": 500, "phone": 50, "fax": 50, "email": 200, "website": 200}


def firm_errors(profile: FirmProfile) -> dict[str, str]:
    """What is wrong with a letterhead as typed, by field (empty when it can be saved)."""
    errors = {
        field: f"At most {limit} characters."
        for field, limit in FIRM_FIELD_LIMITS.items()
        if len(str(getattr(profile, field)).strip()) > limit
    }
    email = profile.email.strip()
    if email and ("@" not in email or " " in email or email.startswith("@") or email.endswith("@")):
        errors.setdefault("email", "Enter an email address like office@example.com, or leave it empty.")
    if not profile.name.strip() and not profile.empty:
        errors.setdefault("name", "Enter the firm's name: letters print it at the top.")
    return errors


class FirmService:
    """The firm's name, address and numbers (one letterhead per case file)."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    def profile(self) -> FirmProfile:
        """The letterhead as saved (all fields empty until someone enters it)."""
        with self._case_file.session() as session:
            return letter_store.get_firm_profile(session)

    def save(self, profile: FirmProfile) -> FirmProfile:
        """Save the letterhead.

        Raises:
            ValidationError: A field is too long, or the email address is not one.
        """
        errors = firm_errors(profile)
        if errors:
            raise ValidationError(errors)
        address = "\n".join(line.strip() for line in profile.address.strip().splitlines() if line.strip())
        with self._case_file.session() as session:
            return letter_store.save_firm_profile(session, replace(profile, address=address))
