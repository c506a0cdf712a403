"""One parameter in the side panel: its name (with * if required), input, meaning and problem."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from .editor_fields import ParamField

_ERROR_STYLE = "color: #e0483d"
SECONDARY_TEXT = "#8a8f96"  # a grey that reads on light and on dark (qdarkstyle) backgrounds


def small_label(text: str) -> QLabel:
    """A wrapped, slightly smaller label in the palette's secondary text colour."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"font-size: 9pt; color: {SECONDARY_TEXT}")
    return label


class ParamRow(QWidget):
    """A parameter's label, input, doc line and problem line, stacked."""

    def __init__(
        self, name: str, field: ParamField, required: bool, doc: str, constraint: str
    ) -> None:
        super().__init__()
        self.name = name
        self.field = field
        mark = ' <span style="color:#d93025">*</span>' if required else ""
        heading = f"<b>{name}</b>{mark}"  # a parameter's name is an identifier: not translated
        self.label = QLabel(heading)
        self.label.setToolTip(doc + ("\n" + self.tr("Required.") if required else ""))
        self.reset_button = QToolButton()
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setAutoRaise(True)
        self.reset_button.setToolTip(self.tr("Remove the parameter, so its default applies"))
        self.reset_button.setVisible(not required)
        self.doc = small_label(f"{doc} ({constraint})" if constraint else doc)
        self.doc.setToolTip(doc)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(_ERROR_STYLE)
        self.problem.hide()
        self._live: str | None = None  # typed input the spec refused (not written)
        self._rule: str | None = None  # what is wrong with the saved rule
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.label)
        top.addStretch(1)
        top.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(field.widget)
        layout.addWidget(self.doc)
        layout.addWidget(self.problem)

    def set_live_error(self, message: str | None) -> None:
        self._live = message
        self._show()

    def set_rule_problem(self, message: str | None) -> None:
        self._rule = message
        self._show()

    def error_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    def _show(self) -> None:
        # "<name> <what is wrong>": the parameter editor words the problems to follow the name
        if self._live:
            text = self.tr("{name} {problem} Not applied.").format(
                name=self.name, problem=self._live
            )
        elif self._rule:
            text = self.tr("{name} {problem}").format(name=self.name, problem=self._rule)
        else:
            text = ""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
