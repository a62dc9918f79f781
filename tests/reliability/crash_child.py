"""The child of the crash test: saves to a case file until it is killed, acknowledging each save.

Each save is a real casedesk action — an expense (a money field) and a timeline entry in turn, each its own
transaction through the services — and is acknowledged in the acknowledgement file
(``<kind> <id> <subject> <cents>``) only after the service returned, that is after the commit. The parent
kills the process with SIGKILL at a random moment and then checks every acknowledged save.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.expenses import Expense
from casedesk.domain.money import Money
from casedesk.services.casefiles import open_services

READY = "ready"


def save_until_killed(db: Path, case_id: int, token: str, acks: Path) -> None:
    """Open the case file and save, acknowledging each save, until the process is killed."""
    fd = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def acknowledge(line: str) -> None:
        os.write(fd, f"{line}\n".encode())  # one write per line: a kill cannot tear it

    services = open_services(db, create=False)
    category = services.expenses.categories()[0].name
    acknowledge(READY)
    n = 0
    while True:
        n += 1
        subject = f"{token}-{n}"
        if n % 2:
            cents = 100 + n
            expense = services.expenses.add(
                Expense(
                    case_id=case_id,
                    spent_on=date(2026, 11, 2),
                    category=category,
                    amount=Money(cents),
                    description=subject,
                )
            )
            acknowledge(f"expense {expense.id} {subject} {cents}")
        else:
            activity = services.timeline.add(
                Activity(
                    case_id=case_id,
                    kind=ActivityKind.NOTE,
                    occurred_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
                    subject=subject,
                )
            )
            acknowledge(f"activity {activity.id} {subject} 0")
