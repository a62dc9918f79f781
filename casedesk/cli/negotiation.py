"""``casedesk negotiation``: the demands and offers of a case's claims, and the client's net at each."""

from __future__ import annotations

from typing import Any


def add_parser(commands: Any) -> None:
    """Register ``casedesk negotiation`` with the subcommands of ``casedesk``."""
