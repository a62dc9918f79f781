"""The dialog to create or edit a valuation scenario, with its result updating as the user types."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal, InvalidOperation
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.comparison import BASIS_LABELS, FEE_BASIS_LABELS, METHOD_LABELS, comparison_rows
from casedesk.domain.errors import ValidationError
from casedesk.domain.fault import FaultRule
from casedesk.domain.money import Money
from casedesk.domain.scenarios import (
    VALUATION_DISCLAIMER,
    CaseValuation,
    Outcome,
    Scenario,
    ValuationInputs,
    format_fee_rate,
    parse_fee_rate,
)
from casedesk.domain.settlement import FeeBasis
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod
from casedesk.ui.forms import FormDialog, FormErrors, error_label, ignore_wheel_unless_focused, save_form
from casedesk.ui.valuation.story import InjuryStoryBox

if TYPE_CHECKING:
    from casedesk.domain.interviews import InjuryStory
    from casedesk.services.valuation import ValuationService

#: Multiplier-method guidance (domain facts), shown under the multiplier.
MULTIPLIER_HINT = (
    "Usually 1.5 to 5; 3 is common. Go higher for a long recovery, permanent injury or aggravating "
    "conduct (e.g. a drunk driver), lower for a quick full recovery."
)
PHASE_LABEL, PHASE_RATE, PHASE_DAYS = range(3)
JUDGMENTS = (
    ("Not yet judged", None),
    ("Client's negligence slight, defendant's gross: reduce", True),
    ("Not slight/gross: recovery barred", False),
)


def parse_decimal(text: str, field: str, what: str) -> Decimal | None:
    """A decimal number typed by the user; empty is ``None``.

    Raises:
        ValidationError: The text is not a number (message under ``field``).
    """
    raw = text.strip().rstrip("%").strip()
    if not raw:
        return None
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        raise ValidationError({field: f"“{text.strip()}” is not a number; type {what}."}) from None
    if not value.is_finite():
        raise ValidationError({field: f"Type {what}."})
    return value


class ScenarioDialog(FormDialog):
    """Create a scenario, or edit one; the result beside the form follows every keystroke.

    Args:
        story: What the client's interviews say, shown beside the per-diem phases.

    Attributes:
        saved: The scenario as saved (set once Save succeeded).
    """

    discard_subject = "this scenario"

    FIELDS = (
        "name",
        "multiplier",
        "severity",
        "phases",
        "fault_percent",
        "rule_override",
        "override_reason",
        "fee_rate",
    )

    def __init__(
        self,
        service: ValuationService,
        valuation: CaseValuation,
        scenario: Scenario,
        inputs: ValuationInputs | None = None,
        story: InjuryStory | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._valuation = valuation
        self._scenario = scenario
        self._inputs = inputs or valuation.inputs
        self.saved: Scenario | None = None
        self.setWindowTitle("New scenario" if scenario.id is None else f"Scenario “{scenario.name}”")
        self.setMinimumWidth(860)

        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Expected")
        self.method = self._combo([(label, method) for method, label in METHOD_LABELS.items()])
        self.medical_basis = self._combo(
            [(f"Medical expenses as {label}", basis) for basis, label in BASIS_LABELS.items()]
        )
        self.multiplier = QLineEdit()
        self.multiplier.setMaximumWidth(100)
        self.multiplier_hint = QLabel(MULTIPLIER_HINT)
        self.multiplier_hint.setWordWrap(True)
        self.multiplier_hint.setStyleSheet("color: #555;")
        self.severity = self._combo(
            [
                (
                    f"{band.name} ({band.low}–{band.high})"
                    if band.high
                    else f"{band.name} ({band.low} or more)",
                    band.name,
                )
                for band in service.bands
            ]
        )
        self.phases = QTableWidget(0, 3)
        self.phases.setHorizontalHeaderLabels(["Phase", "Daily rate", "Days"])
        self.phases.horizontalHeader().setSectionResizeMode(PHASE_LABEL, QHeaderView.ResizeMode.Stretch)
        self.phases.verticalHeader().hide()
        self.phases.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.phases.setMaximumHeight(130)
        self.add_phase_button = QPushButton("Add &phase")
        self.remove_phase_button = QPushButton("Remove phase")
        self.per_diem_note = QLabel()
        self.per_diem_note.setWordWrap(True)
        self.per_diem_note.setStyleSheet("color: #8a5a00;")
        note = valuation.per_diem_note
        if note is not None:
            self.per_diem_note.setText(
                f"⚠ {note.code}: {note.note} ({note.source}; as of {note.as_of:%m/%d/%Y}"
                f"{'; verify against current law' if note.verify else ''})"
            )
        self.story_box = InjuryStoryBox(lines=7)
        self.story_box.set_story(story)
        self.fault_percent = QLineEdit()
        self.fault_percent.setMaximumWidth(100)
        self.fault_percent.setPlaceholderText("0")
        self.rule = self._combo(self._rule_choices())
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText("e.g. choice of law: the crash happened in Texas")
        self.rule_info = QLabel()
        self.rule_info.setWordWrap(True)
        self.rule_info.setStyleSheet("color: #555;")
        self.judgment = self._combo(list(JUDGMENTS))
        self.fee_rate = QLineEdit()
        self.fee_rate.setMaximumWidth(120)
        self.fee_rate.setPlaceholderText("33 1/3")
        self.fee_rate.setToolTip("A percentage (40), or a fraction (1/3) taken exactly")
        self.fee_basis = self._combo([(label, basis) for basis, label in FEE_BASIS_LABELS.items()])
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Why this method and these figures: adjusters considered, comparables…")
        self.notes.setFixedHeight(60)
        self.result_view = QLabel()
        self.result_view.setTextFormat(Qt.TextFormat.RichText)
        self.result_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_view.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.result_view.setMinimumWidth(330)
        self.result_view.setWordWrap(True)
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "name": (self.name, self.labels["name"]),
                "multiplier": (self.multiplier, self.labels["multiplier"]),
                "severity": (self.severity, self.labels["severity"]),
                "phases": (self.phases, self.labels["phases"]),
                "fault_percent": (self.fault_percent, self.labels["fault_percent"]),
                "rule_override": (self.rule, self.labels["rule_override"]),
                "override_reason": (self.override_reason, self.labels["override_reason"]),
                "fee_rate": (self.fee_rate, self.labels["fee_rate"]),
            },
        )
        self._layout()
        self._load(scenario)
        self._connect()
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        service: ValuationService,
        valuation: CaseValuation,
        scenario: Scenario,
        inputs: ValuationInputs | None = None,
        story: InjuryStory | None = None,
    ) -> Scenario | None:
        """Show the dialog; the saved scenario, or None if cancelled."""
        dialog = cls(service, valuation, scenario, inputs, story, parent=parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _combo(self, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        for label, data in items:
            combo.addItem(label, data)
        ignore_wheel_unless_focused(combo)
        return combo

    def _rule_choices(self) -> list[tuple[str, object]]:
        own = self._valuation.jurisdiction_rule
        first = (
            f"{own.code}'s rule: {own.rule.label}"
            if own is not None
            else "No jurisdiction rule (the case has no jurisdiction)"
        )
        return [(first, None)] + [(f"Instead: {rule.label}", rule) for rule in FaultRule]

    def _layout(self) -> None:
        self._phase_buttons = phase_buttons = QHBoxLayout()
        phase_buttons.addWidget(self.add_phase_button)
        phase_buttons.addWidget(self.remove_phase_button)
        phase_buttons.addStretch(1)
        fee = QHBoxLayout()
        fee.addWidget(self.fee_rate)
        fee.addWidget(self.fee_basis)
        fee.addStretch(1)
        self.form = form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("", self.labels["name"])
        form.addRow("&Method:", self.method)
        form.addRow("Medical &counted:", self.medical_basis)
        form.addRow("Se&verity:", self.severity)
        form.addRow("", self.labels["severity"])
        form.addRow("Multi&plier:", self.multiplier)
        form.addRow("", self.labels["multiplier"])
        form.addRow("", self.multiplier_hint)
        form.addRow("Per-diem p&hases:", self.phases)
        form.addRow("", phase_buttons)
        form.addRow("", self.labels["phases"])
        form.addRow("", self.per_diem_note)
        form.addRow("Client's &fault (%):", self.fault_percent)
        form.addRow("", self.labels["fault_percent"])
        form.addRow("Fault &rule:", self.rule)
        form.addRow("", self.labels["rule_override"])
        form.addRow("", self.rule_info)
        form.addRow("Override &reason:", self.override_reason)
        form.addRow("", self.labels["override_reason"])
        form.addRow("Slight/gross &judgment:", self.judgment)
        fee_label = QLabel("Attorney f&ee:")
        fee_label.setBuddy(self.fee_rate)  # a row holding a layout gets no buddy by itself
        form.addRow(fee_label, fee)
        form.addRow("", self.labels["fee_rate"])
        form.addRow("N&otes:", self.notes)
        result_column = QVBoxLayout()
        heading = QLabel("<b>Result</b>")
        result_column.addWidget(heading)
        result_column.addWidget(self.result_view, 1)
        result_column.addWidget(self.story_box)
        disclaimer = QLabel(VALUATION_DISCLAIMER)
        disclaimer.setWordWrap(True)
        disclaimer.setStyleSheet("color: #555; font-style: italic;")
        result_column.addWidget(disclaimer)
        columns = QHBoxLayout()
        columns.addLayout(form, 3)
        columns.addSpacing(12)
        columns.addLayout(result_column, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        for name, line in (
            ("name", self.name),
            ("multiplier", self.multiplier),
            ("fault_percent", self.fault_percent),
            ("override_reason", self.override_reason),
            ("fee_rate", self.fee_rate),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        for combo in (self.method, self.medical_basis, self.severity, self.judgment, self.fee_basis):
            combo.currentIndexChanged.connect(lambda _i: self._refresh())
        self.rule.currentIndexChanged.connect(lambda _i: self._on_edited("rule_override"))
        self.phases.itemChanged.connect(lambda _item: self._on_edited("phases"))
        self.add_phase_button.clicked.connect(self._add_phase)
        self.remove_phase_button.clicked.connect(self._remove_phase)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, scenario: Scenario) -> None:
        self.name.setText(scenario.name)
        self.method.setCurrentIndex(self.method.findData(scenario.method))
        self.medical_basis.setCurrentIndex(self.medical_basis.findData(scenario.medical_basis))
        if scenario.severity is not None:
            self.severity.setCurrentIndex(max(self.severity.findData(scenario.severity), 0))
        self.multiplier.setText("" if scenario.multiplier is None else str(scenario.multiplier))
        for phase in scenario.phases:
            self._append_phase(phase.label, f"{phase.rate.amount:,.2f}", str(phase.days))
        if scenario.method is not ValuationMethod.PER_DIEM and not scenario.phases:
            self._append_phase("Until maximum medical improvement", "", "")
        self.fault_percent.setText("" if scenario.fault_percent == 0 else str(scenario.fault_percent))
        self.rule.setCurrentIndex(max(self.rule.findData(scenario.rule_override), 0))
        self.override_reason.setText(scenario.override_reason)
        self.judgment.setCurrentIndex(
            next(i for i, (_label, value) in enumerate(JUDGMENTS) if value is scenario.slight_gross_judgment)
        )
        self.fee_rate.setText(format_fee_rate(scenario.fee_rate).removesuffix(" %"))
        self.fee_basis.setCurrentIndex(self.fee_basis.findData(scenario.fee_basis))
        self.notes.setPlainText(scenario.notes)

    def _append_phase(self, label: str, rate: str, days: str) -> None:
        self.phases.blockSignals(True)
        row = self.phases.rowCount()
        self.phases.insertRow(row)
        for column, text in ((PHASE_LABEL, label), (PHASE_RATE, rate), (PHASE_DAYS, days)):
            item = QTableWidgetItem(text)
            if column != PHASE_LABEL:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.phases.setItem(row, column, item)
        self.phases.blockSignals(False)

    def _read_phases(self) -> tuple[tuple[PerDiemPhase, ...], dict[str, str]]:
        phases: list[PerDiemPhase] = []
        for row in range(self.phases.rowCount()):
            label, rate_text, days_text = (
                self._cell(row, column) for column in (PHASE_LABEL, PHASE_RATE, PHASE_DAYS)
            )
            if not (label or rate_text or days_text):
                continue
            where = f"Phase {row + 1}"
            try:
                rate = Money.parse(rate_text) if rate_text else None
            except ValidationError:
                return (), {"phases": f"{where}: “{rate_text}” is not a daily rate in dollars."}
            if rate is None:
                return (), {"phases": f"{where}: type the daily rate."}
            if not days_text.isdigit():
                return (), {"phases": f"{where}: the days are a whole number (e.g. 120)."}
            phases.append(PerDiemPhase(rate, int(days_text), label))
        return tuple(phases), {}

    def _cell(self, row: int, column: int) -> str:
        item = self.phases.item(row, column)
        return "" if item is None else item.text().strip()

    def _read(self) -> tuple[Scenario, dict[str, str]]:
        errors: dict[str, str] = {}
        method = ValuationMethod(self.method.currentData())
        try:
            multiplier = parse_decimal(self.multiplier.text(), "multiplier", "a number such as 3 or 2.5")
        except ValidationError as exc:
            errors |= exc.errors
            multiplier = Decimal(3)
        try:
            fault = parse_decimal(self.fault_percent.text(), "fault_percent", "a percentage such as 20")
        except ValidationError as exc:
            errors |= exc.errors
            fault = None
        try:
            fee_rate = parse_fee_rate(self.fee_rate.text())
        except ValidationError as exc:
            errors |= exc.errors
            fee_rate = self._scenario.fee_rate
        phases, phase_errors = self._read_phases() if method is ValuationMethod.PER_DIEM else ((), {})
        errors |= phase_errors
        override = self.rule.currentData()
        scenario = replace(
            self._scenario,
            name=self.name.text(),
            method=method,
            medical_basis=MedicalBasis(self.medical_basis.currentData()),
            multiplier=None if method is ValuationMethod.PER_DIEM else multiplier,
            severity=self.severity.currentData() if method is ValuationMethod.FORMULA else None,
            phases=phases,
            fault_percent=fault or Decimal(0),
            rule_override=None if override is None else FaultRule(override),
            override_reason=self.override_reason.text() if override is not None else "",
            slight_gross_judgment=self.judgment.currentData(),
            fee_rate=fee_rate,
            fee_basis=FeeBasis(self.fee_basis.currentData()),
            notes=self.notes.toPlainText(),
        )
        if method is ValuationMethod.PER_DIEM and not phases and not phase_errors:
            errors["phases"] = "Type at least one phase's daily rate and days."
        return scenario, self._service.scenario_errors(scenario) | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        scenario, errors = self._read()
        self._show_rows(scenario)
        outcome = None
        if not errors:
            outcome = self._service.outcome(self._valuation, scenario, self._inputs)
            errors = dict(outcome.errors)
        self.form_errors.show(errors)
        self._show_result(outcome, errors)

    def _show_rows(self, scenario: Scenario) -> None:
        """Only the rows the chosen method and rule need are shown."""
        method = scenario.method
        form = self.form
        for widget, visible in (
            (self.severity, method is ValuationMethod.FORMULA),
            (self.multiplier, method is not ValuationMethod.PER_DIEM),
            (self.multiplier_hint, method is ValuationMethod.MULTIPLIER),
            (self.phases, method is ValuationMethod.PER_DIEM),
            (
                self.per_diem_note,
                method is ValuationMethod.PER_DIEM and self._valuation.per_diem_note is not None,
            ),
            (self.override_reason, scenario.rule_override is not None),
        ):
            form.setRowVisible(widget, visible)
        form.setRowVisible(self._phase_buttons, method is ValuationMethod.PER_DIEM)
        # The client's own words stand beside the result while the per-diem phases are entered.
        self.story_box.setVisible(method is ValuationMethod.PER_DIEM and self.story_box.has_story)
        label = form.labelForField(self.multiplier)
        if isinstance(label, QLabel):
            label.setText("Multi&plier:" if method is ValuationMethod.MULTIPLIER else "Multi&plier in band:")
        self.multiplier.setPlaceholderText("3" if method is ValuationMethod.MULTIPLIER else "band's low end")
        rule = scenario.rule_override or (
            None if self._valuation.jurisdiction_rule is None else self._valuation.jurisdiction_rule.rule
        )
        form.setRowVisible(self.judgment, rule is FaultRule.SLIGHT_GROSS)
        self.rule_info.setText(self._rule_text(scenario))

    def _rule_text(self, scenario: Scenario) -> str:
        own = self._valuation.jurisdiction_rule
        if scenario.rule_override is not None:
            return "Your override replaces the jurisdiction's rule for this scenario only."
        if own is None:
            return self._valuation.rule_problem
        verify = "Sources disagree: verify" if own.verify else "Verify"
        notes = f" {own.notes}." if own.notes else ""
        return f"Source: {own.source} (as of {own.as_of:%m/%d/%Y}).{notes} {verify} against current law."

    def _show_result(self, outcome: Outcome | None, errors: dict[str, str]) -> None:
        if outcome is None or outcome.result is None:
            problems = "".join(f"<li>{escape(message)}</li>" for message in errors.values())
            self.result_view.setText(
                "<p style='color:#b00020'>Not computed until the marked fields are fixed:</p>"
                f"<ul>{problems}</ul>"
            )
            return
        rows = comparison_rows([outcome])
        lines = []
        for row in rows:
            text = escape(row.cells[0]).replace("\n", "<br>")
            if not text:
                continue
            if row.key in ("value", "net"):
                text = f"<b>{text}</b>"
            if row.key == "warnings":
                text = f"<span style='color:#8a5a00'>{text}</span>"
            lines.append(f"<tr><td style='padding-right:8px'>{escape(row.label)}</td><td>{text}</td></tr>")
        self.result_view.setText(f"<table>{''.join(lines)}</table>")

    def _add_phase(self) -> None:
        self._append_phase("", "", "")
        self.phases.setCurrentCell(self.phases.rowCount() - 1, PHASE_LABEL)
        self.phases.setFocus()

    def _remove_phase(self) -> None:
        row = self.phases.currentRow()
        if row >= 0:
            self.phases.removeRow(row)
            self._on_edited("phases")

    def _on_save(self) -> None:
        scenario, errors = self._read()
        service, original = self._service, self._scenario
        save = (
            (lambda: service.add_scenario(scenario))
            if original.id is None
            else (lambda: service.update_scenario(scenario, expected=original))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Scenario not saved")
