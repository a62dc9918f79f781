"""The client's own words beside the valuation: injuries, latest pain and effect on daily life."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from casedesk.domain.typed import format_date

if TYPE_CHECKING:
    from casedesk.domain.interviews import InjuryStory

TITLE = "From the client's interviews"
#: Impact lines shown in full; the rest are counted, and all of them are in the tooltip.
IMPACT_SHOWN = 3
#: Characters of one impact line shown before it is cut (the tooltip has it whole).
LINE_SHOWN = 110


def _cut(text: str, limit: int = LINE_SHOWN) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def story_html(story: InjuryStory) -> str:
    """The story, compact: one line per injury, the latest pain level, and the first impact lines."""
    lines = []
    if story.injuries:
        lines.append("<b>Injuries</b>")
        lines += [
            f"• {escape(injury.body_part)}" + (f" — {escape(_cut(injury.detail))}" if injury.detail else "")
            for injury in story.injuries
        ]
    if story.latest_pain is not None:
        pain = story.latest_pain
        lines.append(f"<b>Latest pain</b>: {pain.level}/10 on {format_date(pain.day)}")
    if story.impact:
        lines.append("<b>Effect on daily life</b>")
        lines += [f"• {escape(_cut(line))}" for line in story.impact[:IMPACT_SHOWN]]
        more = len(story.impact) - IMPACT_SHOWN
        if more > 0:
            lines.append(f"<span style='color:#555'>… and {more} more: point here to read them all.</span>")
    return "<br>".join(lines)


class InjuryStoryBox(QGroupBox):
    """What the completed interviews say about the injuries and their effect: the per-diem argument's facts.

    Hidden while there is nothing to show (no service, no completed interview saying anything).

    Args:
        lines: At most this many lines tall, scrolling beyond (for a dialog, whose height is fixed);
            ``None`` for as tall as the story.
    """

    def __init__(self, parent: QWidget | None = None, *, lines: int | None = None) -> None:
        super().__init__(TITLE, parent)
        self._story: InjuryStory | None = None
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        if lines is None:
            layout.addWidget(self.text)
        else:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setWidget(self.text)
            scroll.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 6)
            layout.addWidget(scroll)
        self.hide()

    @property
    def story(self) -> InjuryStory | None:
        """The story shown (None or empty: the box is hidden)."""
        return self._story

    @property
    def has_story(self) -> bool:
        """Whether there is anything to show."""
        return self._story is not None and not self._story.empty

    def set_story(self, story: InjuryStory | None) -> None:
        """Show a case's story, or hide the box when it says nothing."""
        self._story = story
        if story is None or story.empty:
            self.text.clear()
            self.setToolTip("")
            self.hide()
            return
        self.text.setText(story_html(story))
        self.setToolTip("\n".join(story.impact) if len(story.impact) > IMPACT_SHOWN else "")
        self.show()
