"""The firm: its name and address, printed on the letters and reports casedesk drafts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FirmProfile:
    """The firm's letterhead.

    Attributes:
        name: The firm's name ("Smith & Jones, P.C.").
        address: Street, city, state and ZIP, one line each.
    """

    name: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    website: str = ""

    @property
    def empty(self) -> bool:
        """Whether nothing has been entered yet."""
        return not any((self.name, self.address, self.phone, self.fax, self.email, self.website))
