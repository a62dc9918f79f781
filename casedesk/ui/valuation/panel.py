"""The Valuation tab: the case's figures (saved as typed), its scenarios side by side, chart and printout."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.comparison import comparison_rows
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.scenarios import VALUATION_DISCLAIMER, CaseValuation, Outcome, Scenario, ValuationInputs
from casedesk.domain.wages import total_lost_wages
from casedesk.ui.files import ask_export_path, open_with_system, safe_file_name
from casedesk.ui.forms import ERROR_STYLE, FormErrors, MoneyField, error_label
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.undo import UndoBar
from casedesk.ui.valuation.chart import ChartBar, ScenarioChart
from casedesk.ui.valuation.dialogs import ScenarioDialog
from casedesk.ui.valuation.story import InjuryStoryBox

if TYPE_CHECKING:
    from casedesk.domain.bills import BillTotals
    from casedesk.domain.interviews import InjuryStory
    from casedesk.services.bills import BillService
    from casedesk.services.interviews import InterviewService
    from casedesk.services.valuation import ValuationService
    from casedesk.services.wages import WageService

#: The figures, in form order: field name and label.
FIGURES = (
    ("medical_billed", "Medical (&billed):"),
    ("medical_paid", "Medical (&paid):"),
    ("property_damage", "Property &damage:"),
    ("lost_wages", "Lost &wages:"),
    ("future_medical", "F&uture medical:"),
    ("other", "Other out-of-&pocket:"),
    ("costs", "Case &costs:"),
    ("liens", "&Liens:"),
    ("coverage", "Co&verage available:"),
)
#: How long after the last keystroke valid figures are saved.
SAVE_DELAY_MS = 600
HIGHLIGHT_ROWS = ("value", "net")


class ValuationPanel(QWidget):
    """A case's valuation.

    Args:
        wages: The case's lost-wage records: their total is offered as the lost-wages figure.
        bills: The case's medical bills: their totals are offered as the medical figures (billed, and
            paid + still owed).
        interviews: The client's interviews: their injuries, pain and daily-life impact are shown beside
            the figures and the per-diem phases.
    """

    def __init__(
        self,
        service: ValuationService,
        parent: QWidget | None = None,
        *,
        wages: WageService | None = None,
        interviews: InterviewService | None = None,
        bills: BillService | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._wages = wages
        self._bills = bills
        self._bill_totals: BillTotals | None = None
        self._interviews = interviews
        self._wage_total: Money | None = None
        self._wage_count = 0
        self._story: InjuryStory | None = None
        self._case_id: int | None = None
        self._stale = False
        self._valuation: CaseValuation | None = None
        self._saved_inputs: ValuationInputs | None = None
        self._outcomes: list[Outcome] = []
        self._deleted: Scenario | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)

        self.fields = {name: MoneyField(None if name == "coverage" else Money.zero()) for name, _ in FIGURES}
        self.labels = {name: error_label() for name, _ in FIGURES}
        self.form_errors = FormErrors(
            None, {name: (self.fields[name], self.labels[name]) for name, _ in FIGURES}
        )
        self.use_wages_button = QPushButton()
        self.use_wages_button.hide()
        self.use_bills_button = QPushButton()
        self.use_bills_button.hide()
        self.bills_source = QLabel()
        self.bills_source.setStyleSheet("color: #555;")
        self.bills_source.hide()
        self.story_box = InjuryStoryBox()
        self.figures_status = QLabel()
        self.figures_status.setWordWrap(True)
        self.rule_label = QLabel()
        self.rule_label.setWordWrap(True)
        self.rule_label.setTextFormat(Qt.TextFormat.RichText)
        self.rule_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_button = QPushButton("&New scenario…")
        self.new_button.setToolTip("Add a scenario (Alt+N)")
        self.edit_button = QPushButton("&Edit…")
        self.duplicate_button = QPushButton("D&uplicate…")
        self.delete_button = QPushButton("Delete")
        self.export_button = QPushButton("Save as PD&F…")
        self.export_button.setToolTip("Print the comparison: save it as a PDF (Ctrl+P)")
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The page scrolls, not the table: every line of the comparison is always in view.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        self.table.setAccessibleName("Scenario comparison")
        self.empty_label = QLabel(
            "No scenarios yet. Add one with New scenario… (Alt+N): most cases compare a "
            "conservative, an expected and an aggressive valuation."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._table_stack = QStackedWidget()
        self._table_stack.addWidget(self.table)
        self._table_stack.addWidget(self.empty_label)
        self.chart = ScenarioChart()
        self.export_notice = QLabel()
        self.export_notice.setTextFormat(Qt.TextFormat.RichText)
        self.export_notice.hide()
        self._exported: Path | None = None
        self.undo_bar = UndoBar(self)
        self.disclaimer = QLabel(VALUATION_DISCLAIMER)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("color: #555; font-style: italic;")
        self._build_layout()
        self._connect()
        self._show_nothing()

    def _build_layout(self) -> None:
        figures_box = QGroupBox("Case figures (entered by hand; saved as you type)")
        grid = QGridLayout(figures_box)
        grid.setVerticalSpacing(2)
        for index, (name, text) in enumerate(FIGURES):
            row, column = (index % 5) * 2, (index // 5) * 2
            label = QLabel(text)
            label.setBuddy(self.fields[name])
            grid.addWidget(label, row, column)
            grid.addWidget(self._figure_cell(name), row, column + 1)
            grid.addWidget(self.labels[name], row + 1, column + 1)
        grid.addWidget(self.figures_status, 8, 2, 2, 2)
        grid.setColumnStretch(4, 1)
        rule_box = QGroupBox("Fault rule")
        rule_layout = QVBoxLayout(rule_box)
        rule_layout.addWidget(self.rule_label)
        rule_layout.addStretch(1)
        figures_column = QVBoxLayout()
        figures_column.addWidget(figures_box)
        figures_column.addWidget(self.story_box)
        top = QHBoxLayout()
        top.addLayout(figures_column, 3)
        top.addWidget(rule_box, 2)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Scenarios</b>"))
        tools.addStretch(1)
        for button in (
            self.new_button,
            self.edit_button,
            self.duplicate_button,
            self.delete_button,
            self.export_button,
        ):
            tools.addWidget(button)
        page = QWidget()
        content = QVBoxLayout(page)
        content.addLayout(top)
        content.addLayout(tools)
        content.addWidget(self.undo_bar)
        content.addWidget(self.export_notice)
        content.addWidget(self._table_stack, 1)
        content.addWidget(self.chart)
        content.addWidget(self.disclaimer)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    def _figure_cell(self, name: str) -> QWidget:
        """A figure's field; lost wages and medical billed have the button that takes the records' totals."""
        beside: tuple[QWidget, ...] = {
            "lost_wages": (self.use_wages_button,),
            "medical_billed": (self.use_bills_button, self.bills_source),
        }.get(name, ())
        if not beside:
            return self.fields[name]
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        # As wide as the other figures, which widen to their most in the grid's column.
        self.fields[name].setMinimumWidth(self.fields[name].maximumWidth())
        row.addWidget(self.fields[name], 1)
        for widget in beside:
            row.addWidget(widget)
        return cell

    def _connect(self) -> None:
        for name, field in self.fields.items():
            field.textEdited.connect(lambda _t, n=name: self._on_figure_edited(n))
            field.editingFinished.connect(self.flush)
        self._save_timer.timeout.connect(self.flush)
        self.use_wages_button.clicked.connect(self.use_lost_wage_records)
        self.use_bills_button.clicked.connect(self.use_bills)
        self.new_button.clicked.connect(self.new_scenario)
        self.edit_button.clicked.connect(self.edit_scenario)
        self.duplicate_button.clicked.connect(self.duplicate_scenario)
        self.delete_button.clicked.connect(self.delete_scenario)
        self.export_button.clicked.connect(self.export_pdf)
        self.export_notice.linkActivated.connect(self._on_export_link)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.doubleClicked.connect(lambda _index: self.edit_scenario())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        print_action = QAction("Save as PDF", self)
        print_action.setShortcut(QKeySequence.StandardKey.Print)
        print_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        print_action.triggered.connect(self.export_pdf)
        self.addAction(print_action)
        delete_action = QAction("Delete scenario", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete_action.triggered.connect(self.delete_scenario)
        self.table.addAction(delete_action)

    # --- the case shown --------------------------------------------------------------------------

    @property
    def valuation(self) -> CaseValuation | None:
        """What is shown: the case's figures and scenarios as last read."""
        return self._valuation

    @property
    def outcomes(self) -> list[Outcome]:
        """The scenarios as evaluated on the figures shown."""
        return list(self._outcomes)

    def set_case(self, case_id: int | None) -> None:
        """Show another case (None: no case); read lazily, when the tab is visible."""
        self.flush()
        if case_id != self._case_id:
            self._deleted = None
            self.undo_bar.hide()
            self.export_notice.hide()
        self._case_id = case_id
        self._stale = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the case's valuation again, keeping the selected scenario selected."""
        self._stale = False
        if self._case_id is None:
            self._show_nothing()
            return
        keep = self.selected_scenario()
        try:
            valuation = self._service.case_valuation(self._case_id)
        except CasedeskError:
            self._case_id = None
            self._show_nothing()
            return
        self._valuation = valuation
        self._saved_inputs = valuation.inputs
        for name, field in self.fields.items():
            field.set_value(getattr(valuation.inputs, name))
        self.form_errors.reset()
        self.form_errors.show({})
        self.figures_status.setText("")
        self.rule_label.setText(self._rule_html(valuation))
        self._read_records(valuation.case.id or 0)
        self.setEnabled(True)
        self._recompute(valuation.inputs)
        if keep is not None:
            self._select(keep.id)

    def refresh_wages_and_interviews(self) -> None:
        """Read the lost-wage records, the bills and the interviews again: they changed on another tab.

        The figures as typed stay as they are (unlike :meth:`refresh`).
        """
        if self._stale or self._valuation is None:
            return  # read with everything else when the tab comes up
        self._read_records(self._valuation.case.id or 0)

    def _read_records(self, case_id: int) -> None:
        records = []
        if self._wages is not None:
            try:
                records = self._wages.lost_wages(case_id)
            except CasedeskError:
                records = []
        self._wage_count = len(records)
        self._wage_total = total_lost_wages(records) if records else None
        self._bill_totals = None
        if self._bills is not None:
            try:
                totals = self._bills.totals(case_id)
            except CasedeskError:
                totals = None
            self._bill_totals = totals if totals is not None and totals.count else None
        self._update_bills_button()
        self._story = None
        if self._interviews is not None:
            try:
                self._story = self._interviews.injury_story(case_id)
            except CasedeskError:
                self._story = None
        self.story_box.set_story(self._story)
        self._update_wages_button()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: read the case if it changed while the tab was hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Qt override: leaving the tab saves what was typed."""
        self.flush()
        super().hideEvent(event)

    def _show_nothing(self) -> None:
        self._valuation = None
        self._outcomes = []
        self._wage_total, self._wage_count, self._story = None, 0, None
        self._bill_totals = None
        self.use_wages_button.hide()
        self.use_bills_button.hide()
        self.bills_source.hide()
        self.story_box.set_story(None)
        for field in self.fields.values():
            field.clear()
        self.rule_label.setText("")
        self.table.clear()
        self.table.setColumnCount(0)
        self.chart.set_data([], None)
        self._table_stack.setCurrentWidget(self.empty_label)
        self.setEnabled(False)

    # --- figures ---------------------------------------------------------------------------------

    def read_inputs(self) -> tuple[ValuationInputs | None, dict[str, str]]:
        """The figures as typed, or field → message for those that are not amounts."""
        if self._valuation is None:
            return None, {}
        values: dict[str, Money | None] = {}
        errors: dict[str, str] = {}
        for name, field in self.fields.items():
            try:
                values[name] = field.value()
            except ValidationError as exc:
                errors[name] = exc.errors["amount"]
        if errors:
            return None, errors
        inputs = ValuationInputs(self._valuation.case.id or 0, **values)  # type: ignore[arg-type]
        problems = self._service.inputs_errors(inputs)
        return (None, problems) if problems else (inputs, {})

    def flush(self) -> None:
        """Save the figures now if edited and valid (typing paused, focus left, the tab or case changed)."""
        self._save_timer.stop()
        inputs, errors = self.read_inputs()
        if inputs is None or errors or inputs == self._saved_inputs:
            return
        try:
            self._saved_inputs = self._service.save_inputs(inputs, expected=self._saved_inputs)
        except CasedeskError as exc:
            show_error(self, "Figures not saved", exc)
            self.refresh()
            return
        self.figures_status.setText("Saved.")
        self.figures_status.setStyleSheet("color: #2e8540;")

    def use_lost_wage_records(self) -> None:
        """Set the lost-wages figure to the records' total as if typed; Ctrl+Z in the field takes it back."""
        total = self._wage_total
        if total is None or self._valuation is None:
            return
        field = self.fields["lost_wages"]
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()
        # Inserted, not set: the field's own undo keeps the previous figure, and the edit takes the
        # same path as typing (recomputed at once, saved below).
        field.insert(f"{total.amount:,.2f}")
        self.flush()

    def use_bills(self) -> None:
        """Set both medical figures to the bills' totals as if typed; Ctrl+Z in each field takes it back.

        Medical (paid) is what was paid plus what is still owed: what the providers accept.
        """
        totals = self._bill_totals
        if totals is None or self._valuation is None:
            return
        for name, amount in (("medical_paid", totals.paid_plus_owed), ("medical_billed", totals.billed)):
            field = self.fields[name]
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            field.selectAll()
            field.insert(f"{amount.amount:,.2f}")
        self.flush()

    def _update_bills_button(self) -> None:
        totals = self._bill_totals
        typed = []
        for name in ("medical_billed", "medical_paid"):
            try:
                typed.append(self.fields[name].value())
            except ValidationError:
                typed.append(None)
        if totals is None:
            self.use_bills_button.hide()
            self.bills_source.hide()
            return
        bills = "1 bill" if totals.count == 1 else f"{totals.count} bills"
        if typed == [totals.billed, totals.paid_plus_owed]:
            self.use_bills_button.hide()
            self.bills_source.setText(f"from the case's {bills}")
            self.bills_source.setToolTip(
                f"Billed {totals.billed}; paid {totals.total_paid} + still owed {totals.owed} = "
                f"{totals.paid_plus_owed}"
            )
            self.bills_source.show()
            return
        self.bills_source.hide()
        self.use_bills_button.setText(f"Use the b&ills ({totals.billed})")
        self.use_bills_button.setToolTip(
            f"Set the medical figures from the case's {bills}:\n"
            f"Medical (billed) = {totals.billed} billed;\n"
            f"Medical (paid) = {totals.total_paid} paid + {totals.owed} still owed"
            f" = {totals.paid_plus_owed}.\n"
            "Ctrl+Z in a field takes it back."
        )
        self.use_bills_button.show()

    def _update_wages_button(self) -> None:
        total = self._wage_total
        # While the case has records the button's place is kept, so that taking their total (which
        # hides the button) does not shift the figures sideways under the pointer.
        policy = self.use_wages_button.sizePolicy()
        policy.setRetainSizeWhenHidden(total is not None)
        self.use_wages_button.setSizePolicy(policy)
        try:
            typed = self.fields["lost_wages"].value()
        except ValidationError:
            typed = None
        if total is None or typed == total:
            self.use_wages_button.hide()
            return
        records = "1 lost-wage record" if self._wage_count == 1 else f"{self._wage_count} lost-wage records"
        self.use_wages_button.setText(f"Use the lost-wage rec&ords ({total})")
        self.use_wages_button.setToolTip(
            f"Set Lost wages to the total of the case's {records}, {total}.\n"
            "Ctrl+Z in the field takes it back."
        )
        self.use_wages_button.show()

    def _on_figure_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        inputs, errors = self.read_inputs()
        self.form_errors.show(errors)
        if name == "lost_wages":
            self._update_wages_button()
        if name in ("medical_billed", "medical_paid"):
            self._update_bills_button()
        if inputs is None:
            self.figures_status.setText(
                "Not saved: fix the marked figures. The results use the last valid ones."
            )
            self.figures_status.setStyleSheet(ERROR_STYLE)
            self._save_timer.stop()
            return
        self.figures_status.setText("Saving…")
        self.figures_status.setStyleSheet("color: #555;")
        self._recompute(inputs)
        self._save_timer.start()

    # --- scenarios -------------------------------------------------------------------------------

    def selected_scenario(self) -> Scenario | None:
        """The scenario whose column is selected."""
        columns = self.table.selectionModel().selectedColumns() if self.table.selectionModel() else []
        if not columns or not self._outcomes:
            return None
        index = columns[0].column()
        return self._outcomes[index].scenario if index < len(self._outcomes) else None

    def new_scenario(self) -> None:
        """Ask for a new scenario (multiplier × 3 to start with) and add it."""
        if self._valuation is None:
            return
        name = self._free_name("Expected" if not self._valuation.scenarios else "Scenario")
        self._edit(self._service.new_scenario(self._valuation.case.id or 0, name))

    def duplicate_scenario(self) -> None:
        """Start a new scenario from a copy of the selected one."""
        selected = self.selected_scenario()
        if self._valuation is None or selected is None:
            return
        self._edit(
            self._service.new_scenario(selected.case_id, self._free_name(f"{selected.name} (copy)"), selected)
        )

    def edit_scenario(self) -> None:
        """Edit the selected scenario."""
        selected = self.selected_scenario()
        if selected is not None:
            self._edit(selected)

    def delete_scenario(self) -> None:
        """Delete the selected scenario at once; the undo bar (and Ctrl+Z) puts it back."""
        selected = self.selected_scenario()
        if selected is None or selected.id is None:
            return
        try:
            self._deleted = self._service.delete_scenario(selected.id)
        except CasedeskError as exc:
            show_error(self, "Scenario not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(f"Deleted scenario “{self._deleted.name}”.")
        self.refresh()

    def undo_delete(self) -> None:
        """Put back the scenario deleted last."""
        if self._deleted is None:
            return
        try:
            restored = self._service.restore_scenario(self._deleted)
        except ValidationError as exc:  # its name was taken meanwhile
            renamed = replace(self._deleted, name=self._free_name(f"{self._deleted.name} (restored)"))
            if not confirm(self, "Restore scenario", exc.message, "Restore as “" + renamed.name + "”"):
                return
            restored = self._service.restore_scenario(renamed)
        except CasedeskError as exc:
            show_error(self, "Scenario not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self.refresh()
        self._select(restored.id)

    def _edit(self, scenario: Scenario) -> None:
        assert self._valuation is not None
        self.flush()
        inputs, _errors = self.read_inputs()
        saved = ScenarioDialog.ask(self, self._service, self._valuation, scenario, inputs, self._story)
        self.refresh()
        if saved is not None:
            self._select(saved.id)

    def _free_name(self, wanted: str) -> str:
        taken = {s.name.casefold() for s in (self._valuation.scenarios if self._valuation else ())}
        name, number = wanted, 2
        while name.casefold() in taken:
            name, number = f"{wanted} {number}", number + 1
        return name

    def _select(self, scenario_id: int | None) -> None:
        for index, outcome in enumerate(self._outcomes):
            if outcome.scenario.id == scenario_id:
                self.table.selectionModel().select(
                    self.table.model().index(0, index),
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Columns,
                )
                self.table.setCurrentCell(0, index)
        self._update_buttons()

    def export_pdf(self) -> None:
        """Save the comparison, with the figures, fault rule and chart, as a PDF the user chooses."""
        if self._valuation is None or not self._outcomes:
            return
        self.flush()
        case = self._valuation.case
        path = ask_export_path(
            self,
            "Save valuation as PDF",
            safe_file_name(f"{case.number} valuation") + ".pdf",
            ".pdf",
            "PDF documents",
        )
        if path is None:
            return
        try:
            self._service.export_pdf(case.id or 0, path)
        except CasedeskError as exc:
            show_error(self, "PDF not saved", exc)
            return
        self._exported = path
        self.export_notice.setText(
            f"Saved “{escape(path.name)}” in {escape(str(path.parent))}. <a href='open'>Open it</a>"
        )
        self.export_notice.show()

    def _on_export_link(self, _link: str) -> None:
        if self._exported is not None and not open_with_system(self._exported):
            show_error(
                self,
                "PDF not opened",
                CasedeskError(
                    f"No program is set up to open {self._exported.name}.", "Open it from its folder."
                ),
            )

    # --- showing results -------------------------------------------------------------------------

    def _recompute(self, inputs: ValuationInputs) -> None:
        assert self._valuation is not None
        keep = self.selected_scenario()
        valuation = self._valuation
        self._outcomes = [self._service.outcome(valuation, s, inputs) for s in valuation.scenarios]
        rows = comparison_rows(self._outcomes)
        self.table.clear()
        self.table.setColumnCount(len(self._outcomes))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([o.scenario.name for o in self._outcomes])
        self.table.setVerticalHeaderLabels([row.label for row in rows])
        for row_index, row in enumerate(rows):
            for column, text in enumerate(row.cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if row.key in HIGHLIGHT_ROWS:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if row.key == "warnings" and text:
                    item.setForeground(Qt.GlobalColor.darkYellow)
                if text.startswith("Cannot be valued"):
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row_index, column, item)
        self._table_stack.setCurrentWidget(self.table if self._outcomes else self.empty_label)
        self.chart.set_data(
            [
                ChartBar(
                    o.scenario.name,
                    None if o.result is None else o.result.value,
                    None
                    if o.result is None or o.result.settlement is None
                    else o.result.settlement.net_to_client,
                )
                for o in self._outcomes
            ],
            inputs.coverage,
        )
        if keep is not None:
            self._select(keep.id)
        self._update_buttons()

    def _rule_html(self, valuation: CaseValuation) -> str:
        rule = valuation.jurisdiction_rule
        if rule is None:
            return f"<p>{escape(valuation.rule_problem)}</p>"
        where = valuation.jurisdiction.name if valuation.jurisdiction else rule.code
        when = (
            f"an incident on {valuation.case.incident_date:%m/%d/%Y}"
            if valuation.case.incident_date
            else "an incident today (the case has no incident date)"
        )
        verify = (
            "<b>Sources disagree on this rule: verify it against current law.</b>"
            if rule.verify
            else "Verify against current law before relying on it."
        )
        notes = f"<br>{escape(rule.notes)}" if rule.notes else ""
        per_diem = ""
        if valuation.per_diem_note is not None:
            note = valuation.per_diem_note
            per_diem = f"<p style='color:#8a5a00'>Per diem: {escape(note.note)} ({escape(note.source)})</p>"
        return (
            f"<p><b>{escape(where)}</b>, for {when}: <b>{escape(rule.rule.label)}</b>.{notes}</p>"
            f"<p style='color:#555'>Source: {escape(rule.source)}; data as of {rule.as_of:%m/%d/%Y}.</p>"
            f"<p style='color:#8a5a00'>{verify} Each scenario can override the rule, with a reason.</p>"
            f"{per_diem}"
        )

    def _update_buttons(self) -> None:
        has_case = self._valuation is not None
        selected = self.selected_scenario() is not None
        self.new_button.setEnabled(has_case)
        self.edit_button.setEnabled(selected)
        self.duplicate_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)
        self.export_button.setEnabled(bool(self._outcomes))
