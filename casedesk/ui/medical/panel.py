"""The Medical tab of a case: its providers and requests, documents, record index, bills, liens, chronology.

Each part is its own panel, shown as a sub-tab that loads the case when it comes to the front.
"""

from __future__ import annotations

from casedesk.ui.subtabs import SubTabPanel


class MedicalPanel(SubTabPanel):
    """The sub-tabs of the Medical tab."""
