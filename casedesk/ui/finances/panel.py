"""The Finances tab of a case: its expense ledger, invoices, settlement statement and trust account.

Each part is its own panel, shown as a sub-tab that loads the case when it comes to the front.
"""

from __future__ import annotations

from casedesk.ui.subtabs import SubTabPanel


class FinancesPanel(SubTabPanel):
    """The sub-tabs of the Finances tab."""
