"""The firm's letterhead: saved once per case file, checked before it is."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from casedesk.domain.errors import ValidationError
from casedesk.domain.firm import FirmProfile
from casedesk.services.casefiles import Services
from casedesk.services.firm import firm_errors


def test_empty_until_entered_then_kept(services: Services, open_case: Callable[..., Services]) -> None:
    assert services.firm.profile().empty
    services.firm.save(FirmProfile(name="Whitfield & Ruiz", address="  1200 Congress Ave \n\n Austin, TX  "))
    services.close()
    reopened = open_case()
    try:
        profile = reopened.firm.profile()
        assert profile.name == "Whitfield & Ruiz"
        assert profile.address == "1200 Congress Ave\nAustin, TX"
    finally:
        reopened.close()


def test_bad_letterhead_is_refused(services: Services) -> None:
    assert set(firm_errors(FirmProfile(email="office"))) == {"email", "name"}
    assert firm_errors(FirmProfile()) == {}
    with pytest.raises(ValidationError) as raised:
        services.firm.save(FirmProfile(name="x" * 201))
    assert "name" in raised.value.errors
    assert services.firm.profile().empty
