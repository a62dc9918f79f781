"""The Insurance tab of a case: its policies and claims, the negotiation of each claim, and its letters.

Each part is its own panel, shown as a sub-tab that loads the case when it comes to the front.
"""

from __future__ import annotations

from casedesk.ui.subtabs import SubTabPanel


class InsurancePanel(SubTabPanel):
    """The sub-tabs of the Insurance tab."""
