"""What a scan for personal data suggests, column by column, to accept or reject."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.anonymize.apply import rules_and_origins
from ...core.anonymize.detect import ScanResult, Suggestion
from ...core.metadata.model import AnonymizationRule, DataModule
from .editor_cells import describe_rule
from .editor_icons import UNPROTECTED_COLOR
from .editor_param_row import SECONDARY_TEXT
from .editor_values import QT_TRANSLATE_NOOP

HEADERS = (
    QT_TRANSLATE_NOOP("ScanDialog", "Column"),
    QT_TRANSLATE_NOOP("ScanDialog", "Looks like"),
    QT_TRANSLATE_NOOP("ScanDialog", "Sure"),
    QT_TRANSLATE_NOOP("ScanDialog", "Suggested rule"),
    QT_TRANSLATE_NOOP("ScanDialog", "Rule now"),
    "",
)

_SURE, _SUGGESTED, _NOW, _ACTIONS = 2, 3, 4, 5


class ScanDialog(QDialog):
    """Lists the suggestions, columns without a rule first; accepting one emits
    `suggestion_accepted` (the editor makes it an undoable edit)."""

    suggestion_accepted = Signal(object)  # a Suggestion

    def __init__(self, result: ScanResult, module: DataModule, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Personal data found by the scan"))
        rules, origins = rules_and_origins(module)
        self.suggestions = sorted(
            result.suggestions,
            key=lambda s: ((s.table, s.column) in rules, -s.confidence, s.table, s.column),
        )
        self.bare = [(s.table, s.column) not in rules for s in self.suggestions]
        self.state: list[str] = ["open"] * len(self.suggestions)
        self.table = QTableWidget(len(self.suggestions), len(HEADERS))
        self.table.setHorizontalHeaderLabels([self.tr(h) if h else "" for h in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, found in enumerate(self.suggestions):
            ref = (found.table, found.column)
            rule = rules.get(ref)
            now = "—" if rule is None else describe_rule(rule.method, rule.parameters)
            if ref in origins:
                now = self.tr("inherits {column}").format(column=".".join(origins[ref]))
            if rule is not None and _same_rule(rule, found.rule):
                self.state[row] = "same"
            self._fill(row, found, now, rule is None)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for section in (_SUGGESTED, _NOW):  # long rules are elided; the tooltip has them
            header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.accept_all_button = QPushButton(self.tr("Accept all for unprotected columns"))
        self.accept_all_button.clicked.connect(self._on_accept_all_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.accept_all_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        summary = QLabel(_summary(result, sum(self.bare)))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.resize(1100, 480)

    def _fill(self, row: int, found: Suggestion, now: str, unprotected: bool) -> None:
        domain = found.rule.key_domain
        texts = (
            f"{found.table}.{found.column}",
            found.category,  # a DPV category: an identifier, shown as it is saved
            f"{found.confidence:.0%}",
            describe_rule(found.rule.method, found.rule.parameters)
            + (self.tr(" (key domain {domain})").format(domain=domain) if domain else ""),
            now,
        )
        evidence = "\n".join(f"{s.source}: {s.detail}" for s in found.evidence)
        heading = self.tr("Evidence:")
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            item.setToolTip(text + (f"\n\n{heading}\n{evidence}" if evidence else ""))
            if column == _SURE:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == _NOW and unprotected:
                item.setForeground(UNPROTECTED_COLOR)
            elif self.state[row] == "same":
                item.setForeground(QColor(SECONDARY_TEXT))
            self.table.setItem(row, column, item)
        if self.state[row] == "same":
            self._close_row(row, self.tr("Already so"))
        else:
            self.table.setCellWidget(row, _ACTIONS, self._actions(row))

    def _actions(self, row: int) -> QWidget:
        box = QWidget()
        layout = QHBoxLayout(box)
        layout.setContentsMargins(2, 0, 2, 0)
        accept, reject = QPushButton(self.tr("Accept")), QPushButton(self.tr("Reject"))
        accept.clicked.connect(lambda: self.accept_suggestion(row))
        reject.clicked.connect(lambda: self.reject_suggestion(row))
        layout.addWidget(accept)
        layout.addWidget(reject)
        return box

    def accept_suggestion(self, row: int) -> None:
        if self.state[row] == "open":
            self.state[row] = "accepted"
            self._close_row(row, self.tr("Accepted"))
            now, suggested = self.table.item(row, _NOW), self.table.item(row, _SUGGESTED)
            if now is not None and suggested is not None:
                now.setText(suggested.text())
                now.setForeground(self.table.palette().text())
            self.suggestion_accepted.emit(self.suggestions[row])

    def reject_suggestion(self, row: int) -> None:
        if self.state[row] == "open":
            self.state[row] = "rejected"
            self._close_row(row, self.tr("Rejected"))

    def _close_row(self, row: int, text: str) -> None:
        buttons = self.table.cellWidget(row, _ACTIONS)
        if buttons is not None:
            buttons.hide()  # it is deleted later; it must not linger over the table till then
            self.table.removeCellWidget(row, _ACTIONS)
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.state[row] == "same":
            item.setForeground(QColor(SECONDARY_TEXT))
        self.table.setItem(row, _ACTIONS, item)

    def _on_accept_all_clicked(self) -> None:
        for row, bare in enumerate(self.bare):
            if bare:
                self.accept_suggestion(row)


def _same_rule(now: AnonymizationRule, suggested: AnonymizationRule) -> bool:
    """The column already has the suggested method and parameters (key domains aside)."""
    return (now.method, now.parameters or {}) == (suggested.method, suggested.parameters or {})


def _summary(result: ScanResult, bare: int) -> str:
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
    sampled = QCoreApplication.translate(
        "ScanDialog",
        "Up to {rows} rows of each table were sampled: {found}, {bare} of them without a rule.",
    )
    found = QCoreApplication.translate(
        "ScanDialog", "%n column(s) look personal", "", len(result.suggestions)
    )
    lines = [sampled.format(rows=locale.toString(result.sample_rows), found=found, bare=bare)]
    unread = QCoreApplication.translate(
        "ScanDialog",
        "{table}: its rows could not be read ({error}), so it was judged by column names only.",
    )
    lines += [unread.format(table=table, error=error) for table, error in result.errors.items()]
    return "\n".join(lines)
