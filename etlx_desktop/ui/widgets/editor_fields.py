"""One typed input per anonymization parameter, chosen from its ParamSpec.

A field reads what the person typed (a value, `UNSET` for "use the default", or a
`ValueProblem`) and shows a value; it never writes to the module — the parameter editor checks
the value with the spec and pushes the edit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...core.anonymize.registry import ParamSpec, ParamType
from ...core.metadata.editing import UNSET
from .editor_mapping import MappingTable
from .editor_values import QT_TRANSLATE_NOOP, format_value, parse_list, parse_number, parse_scalar

_INT_BLANK = -(2**31)  # the spin box's minimum, shown as an empty field: "not set"
_NUMBER_LIMIT = 1e15
_HINTS = {
    ParamType.STRING_LIST: QT_TRANSLATE_NOOP("ParamField", "comma-separated, e.g. city, gender"),
    ParamType.NUMBER_LIST: QT_TRANSLATE_NOOP(
        "ParamField", "comma-separated numbers, e.g. 0, 18, 65"
    ),
    ParamType.SCALAR: QT_TRANSLATE_NOOP(
        "ParamField", 'a number, true/false or text ("3" for the text 3)'
    ),
}


def default_text(spec: ParamSpec) -> str:
    """What an empty field means: the default, or that the parameter is needed."""
    if spec.default is not None:
        shown = format_value(spec.default)
        if not shown:
            return QCoreApplication.translate("ParamField", "default: (empty)")
        return QCoreApplication.translate("ParamField", "default: {value}").format(value=shown)
    if spec.required:
        return QCoreApplication.translate("ParamField", "required")
    return QCoreApplication.translate("ParamField", "not set")


class ParamField(QObject):
    """The input of one parameter; `edited` fires on every change the person makes."""

    edited = Signal()

    def __init__(self, spec: ParamSpec, widget: QWidget) -> None:
        super().__init__(widget)
        self.spec = spec
        self.widget = widget
        widget.setToolTip(spec.doc)

    def read(self) -> Any:
        raise NotImplementedError

    def show(self, value: Any) -> None:
        """Show `value` (UNSET: the empty, default state) without firing `edited`."""
        self.widget.blockSignals(True)
        try:
            self._show(value)
        finally:
            self.widget.blockSignals(False)

    def _show(self, value: Any) -> None:
        raise NotImplementedError


class _BlankableSpinBox(QSpinBox):
    """An integer spin box that may be empty; its arrows stay within the spec's range."""

    def __init__(self, spec: ParamSpec) -> None:
        super().__init__()
        self.setLocale(QLocale.c())
        self.setRange(_INT_BLANK, 2**31 - 1)
        self._low = int(spec.minimum) if spec.minimum is not None else _INT_BLANK + 1
        self._high = int(spec.maximum) if spec.maximum is not None else 2**31 - 1
        self._start = spec.default if isinstance(spec.default, int) else max(self._low, 0)
        self.lineEdit().setPlaceholderText(default_text(spec))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        return _INT_BLANK if not text.strip() else super().valueFromText(text)

    def textFromValue(self, val: int) -> str:
        return "" if val == _INT_BLANK else super().textFromValue(val)

    def stepBy(self, steps: int) -> None:
        if self.value() == _INT_BLANK:
            self.setValue(min(max(self._start, self._low), self._high))
        else:
            self.setValue(min(max(self.value() + steps, self._low), self._high))

    def stepEnabled(self) -> QSpinBox.StepEnabledFlag:
        both = QSpinBox.StepEnabledFlag.StepUpEnabled | QSpinBox.StepEnabledFlag.StepDownEnabled
        return both if self.value() == _INT_BLANK else super().stepEnabled()


class IntField(ParamField):
    def __init__(self, spec: ParamSpec) -> None:
        spin = _BlankableSpinBox(spec)
        super().__init__(spec, spin)
        self.spin = spin
        self.spin.valueChanged.connect(self.edited)
        self._show(UNSET)

    def read(self) -> Any:
        return UNSET if self.spin.value() == _INT_BLANK else self.spin.value()

    def _show(self, value: Any) -> None:
        ok = isinstance(value, int) and not isinstance(value, bool)
        self.spin.setValue(value if ok else _INT_BLANK)


class _BlankableDoubleSpinBox(QDoubleSpinBox):
    def __init__(self, spec: ParamSpec) -> None:
        super().__init__()
        self.setLocale(QLocale.c())
        self.setDecimals(10)
        self.setRange(-_NUMBER_LIMIT, _NUMBER_LIMIT)
        self._low = spec.minimum if spec.minimum is not None else -_NUMBER_LIMIT + 1
        self._high = spec.maximum if spec.maximum is not None else _NUMBER_LIMIT
        self.setSingleStep(0.01 if spec.maximum is not None and spec.maximum <= 1 else 1.0)
        self.lineEdit().setPlaceholderText(default_text(spec))

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        if not text.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        return -_NUMBER_LIMIT if not text.strip() else super().valueFromText(text)

    def textFromValue(self, val: float) -> str:
        return "" if val == -_NUMBER_LIMIT else f"{val:.10g}"

    def stepBy(self, steps: int) -> None:
        start = 0.0 if self.value() == -_NUMBER_LIMIT else self.value()
        self.setValue(min(max(start + steps * self.singleStep(), self._low), self._high))


class NumberField(ParamField):
    def __init__(self, spec: ParamSpec) -> None:
        spin = _BlankableDoubleSpinBox(spec)
        super().__init__(spec, spin)
        self.spin = spin
        self.spin.valueChanged.connect(self.edited)
        self._show(UNSET)

    def read(self) -> Any:
        value = self.spin.value()
        if value == -_NUMBER_LIMIT:
            return UNSET
        return int(value) if value.is_integer() else value

    def _show(self, value: Any) -> None:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        self.spin.setValue(float(value) if ok else -_NUMBER_LIMIT)


class BoolField(ParamField):
    def __init__(self, spec: ParamSpec) -> None:
        box = QCheckBox(f"({default_text(spec)})" if spec.default is not None else "")
        super().__init__(spec, box)
        self.box = box
        self.box.toggled.connect(self.edited)
        self._show(UNSET)

    def read(self) -> Any:
        return self.box.isChecked()

    def _show(self, value: Any) -> None:
        self.box.setChecked(bool(self.spec.default) if value is UNSET else bool(value))


class ChoiceField(ParamField):
    def __init__(self, spec: ParamSpec) -> None:
        combo = QComboBox()
        super().__init__(spec, combo)
        self.combo = combo
        self.combo.addItem(f"— {default_text(spec)} —", None)
        for choice in spec.choices:
            self.combo.addItem(choice, choice)
        self.combo.currentIndexChanged.connect(self.edited)

    def read(self) -> Any:
        value = self.combo.currentData()
        return UNSET if value is None else value

    def _show(self, value: Any) -> None:
        if value is UNSET:
            self.combo.setCurrentIndex(0)
            return
        found = self.combo.findData(value)
        if found < 0:  # a value from the file that no choice matches: show it as it is
            unknown = QCoreApplication.translate("ParamField", "{value} (unknown)")
            self.combo.addItem(unknown.format(value=format_value(value)), value)
            found = self.combo.count() - 1
        self.combo.setCurrentIndex(found)


class TextField(ParamField):
    """A line edit read by `parse`: text, a regex, a scalar or a comma-separated list."""

    def __init__(self, spec: ParamSpec, parse: Callable[[str], Any]) -> None:
        line = QLineEdit()
        super().__init__(spec, line)
        self.line = line
        self._parse = parse
        hint = _HINTS.get(spec.type)
        shown = QCoreApplication.translate("ParamField", hint) if hint else ""
        self.line.setPlaceholderText(default_text(spec) + (f" — {shown}" if shown else ""))
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self.edited)

    def read(self) -> Any:
        text = self.line.text()
        return UNSET if not text.strip() else self._parse(text)

    def _show(self, value: Any) -> None:
        self.line.setText("" if value is UNSET else format_value(value))


class MappingField(ParamField):
    def __init__(self, spec: ParamSpec) -> None:
        table = MappingTable()
        super().__init__(spec, table)
        self.table = table
        self.table.changed.connect(self.edited)

    def read(self) -> Any:
        return self.table.mapping() or UNSET

    def _show(self, value: Any) -> None:
        self.table.set_mapping(value if isinstance(value, dict) else {})


def _string(text: str) -> str:
    return text


def make_field(spec: ParamSpec) -> ParamField:
    """The input that fits `spec`: a combo box for choices, spin boxes for numbers, ..."""
    if spec.choices:
        return ChoiceField(spec)
    kinds: dict[ParamType, Callable[[], ParamField]] = {
        ParamType.INTEGER: lambda: IntField(spec),
        ParamType.NUMBER: lambda: NumberField(spec),
        ParamType.BOOLEAN: lambda: BoolField(spec),
        ParamType.MAPPING: lambda: MappingField(spec),
        ParamType.SCALAR: lambda: TextField(spec, parse_scalar),
        ParamType.STRING_LIST: lambda: TextField(spec, parse_list),
        ParamType.NUMBER_LIST: lambda: TextField(spec, lambda t: parse_list(t, parse_number)),
    }
    return kinds.get(spec.type, lambda: TextField(spec, _string))()
