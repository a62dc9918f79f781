"""Laptop-only features on a firm database: never started on their own, and refused with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from casedesk.domain.errors import CaseFileError
from casedesk.services.casefiles import Services


def test_automatic_backups_are_never_due_and_backing_up_is_refused_on_a_firm_database(
    services: Services, database: str, tmp_path: Path
) -> None:
    """A file is backed up beside itself; a firm database by its server, so casedesk starts nothing."""
    backups = services.backups
    if database == "sqlite":
        assert backups.due_daily()
        assert backups.back_up_daily() is not None
        return
    assert not backups.due_daily()
    assert backups.back_up_daily() is None
    assert not backups.changed_since_backup()
    assert backups.back_up_if_changed() is None  # what closing the firm database does
    for attempt in (backups.back_up, lambda: backups.back_up_to(tmp_path)):
        with pytest.raises(CaseFileError) as refused:
            attempt()
        assert refused.value.message.startswith("Backing up works on a case file on this computer")
        assert "database administrator" in refused.value.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firm-documents"]  # no backup was begun
