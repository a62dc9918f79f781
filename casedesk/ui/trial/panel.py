"""The Trial tab of a case: its exhibit list, its witnesses, its Bates productions and its trial binder.

Each part is its own panel, shown as a sub-tab that loads the case when it comes to the front.
"""

from __future__ import annotations

from casedesk.ui.subtabs import SubTabPanel


class TrialPanel(SubTabPanel):
    """The sub-tabs of the Trial tab."""
