"""The side panel editing the selected column's anonymization: method, key domain, parameters.

The inputs are generated from the method's ParamSpecs (the registry is the one definition).
Every change is checked as it is typed: a value the spec refuses is shown with the reason under
its field and is not written; a value it accepts goes on the undo stack at once (typing in one
field merges into one undo step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.anonymize.apply import rules_and_origins
from ...core.anonymize.registry import (
    KeyDomainUse,
    MethodRegistry,
    MethodSpec,
    ParamSpec,
    ParamType,
    default_registry,
)
from ...core.metadata.editing import (
    UNSET,
    ColumnAt,
    Edit,
    EditError,
    SetKeyDomain,
    SetParameter,
    SetRule,
    switch_method,
)
from ...core.metadata.model import AnonymizationRule, Column, DataModule
from .editor_fields import ParamField, make_field
from .editor_param_row import ParamRow, small_label
from .editor_undo import push_edit
from .editor_values import QT_TRANSLATE_NOOP, ValueProblem

KEY_DOMAIN = "keyDomain"  # the row name of the key-domain field
_KEY_DOMAIN_DOC = QT_TRANSLATE_NOOP(
    "ParameterEditor",
    "Columns sharing a key domain turn equal values into equal pseudonyms, so keys still join.",
)


class ParameterEditor(QWidget):
    """Edits the anonymization rule of one column of a module through `undo_stack`."""

    def __init__(
        self,
        undo_stack: QUndoStack,
        registry: MethodRegistry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.registry = registry or default_registry()
        self.module: DataModule | None = None
        self.at: ColumnAt | None = None
        self.rows: dict[str, ParamRow] = {}
        self._shown: tuple[ColumnAt | None, str | None] = (None, None)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt")
        self.title.setWordWrap(True)
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("— none —"), "")
        for spec in self.registry:
            self.method_combo.addItem(spec.name, spec.name)
            self.method_combo.setItemData(
                self.method_combo.count() - 1, spec.doc, Qt.ItemDataRole.ToolTipRole
            )
        self.method_doc = small_label("")
        self._fields_box = QWidget()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 8, 8, 8)
        self.method_caption = small_label(self.tr("Anonymization method"))
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.method_caption)
        self._layout.addWidget(self.method_combo)
        self._layout.addWidget(self.method_doc)
        self._layout.addWidget(self._fields_box)
        self._layout.addStretch(1)
        self.method_combo.activated.connect(self._on_method_combo_activated)
        undo_stack.indexChanged.connect(self._on_stack_index_changed)
        self.set_column(None, None)

    # --- public API -------------------------------------------------------------------------

    def set_column(self, module: DataModule | None, at: ColumnAt | None) -> None:
        """Edit the rule of column `at` of `module` (None: nothing to edit)."""
        self.module, self.at = module, at
        self._shown = (None, None)
        self.refresh()

    def refresh(self) -> None:
        """Show the module as it is now: rebuild for another column or method, else update."""
        rule = self._rule()
        method = rule.method if rule else None
        if (self.at, method) != self._shown:
            self._rebuild(rule)
        else:
            self._sync(rule)

    def field(self, name: str) -> ParamField:
        return self.rows[name].field

    def error_text(self, name: str) -> str:
        """The message under a field ('' when there is none)."""
        return self.rows[name].error_text()

    def focus_parameter(self, name: str) -> None:
        row = self.rows.get(name)
        if row is not None:
            row.field.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building ---------------------------------------------------------------------------

    def _target(self) -> tuple[DataModule, ColumnAt, Column] | None:
        """The module, position and column being edited, if the column (still) exists."""
        if self.module is None or self.at is None:
            return None
        try:
            return self.module, self.at, self.at.column_in(self.module)
        except EditError:
            return None

    def _rule(self) -> AnonymizationRule | None:
        target = self._target()
        return target[2].anonymization if target else None

    def _rebuild(self, rule: AnonymizationRule | None) -> None:
        self._shown = (self.at, rule.method if rule else None)
        old = self._fields_box
        self._layout.removeWidget(old)
        old.hide()
        old.deleteLater()
        self._fields_box = QWidget()
        self._layout.insertWidget(self._layout.indexOf(self.method_doc) + 1, self._fields_box)
        box = QVBoxLayout(self._fields_box)
        box.setContentsMargins(0, 6, 0, 0)
        box.setSpacing(10)
        self.rows = {}
        target = self._target()
        self.method_combo.setVisible(target is not None)
        self.method_caption.setVisible(target is not None)
        if target is None:
            self.title.setText(self.tr("No column selected"))
            self.method_doc.setText(self.tr("Select a column to edit its anonymization rule."))
            return
        module, at, _ = target
        self.title.setText(at.label(module))
        self.method_combo.setCurrentIndex(max(self.method_combo.findData(self._shown[1] or ""), 0))
        spec = self.registry.get(rule.method) if rule and rule.method in self.registry else None
        if spec is None:
            self.method_doc.setText(_without_method(module, at, rule))
            return
        self.method_doc.setText(spec.doc)
        if spec.key_domain is not KeyDomainUse.NONE:
            self._add_key_domain_row(box, spec, module)
        for param in spec.params:
            # a combo box or a key → value table shows what it takes; other inputs say it
            shown = "" if param.choices or param.type is ParamType.MAPPING else param.describe()
            row = ParamRow(param.name, make_field(param), param.required, param.doc, shown)
            row.field.edited.connect(lambda name=param.name: self._on_field_edited(name))
            row.reset_button.clicked.connect(lambda _=False, n=param.name: self._on_reset(n))
            box.addWidget(row)
            self.rows[param.name] = row
        if not spec.params:
            box.addWidget(small_label(self.tr("This method has no parameters.")))
        self._sync(rule)

    def _add_key_domain_row(self, box: QVBoxLayout, spec: MethodSpec, module: DataModule) -> None:
        edit = QLineEdit()
        required = spec.key_domain is KeyDomainUse.REQUIRED
        edit.setPlaceholderText(self.tr("e.g. shop.customer") if required else self.tr("none"))
        domains = sorted(
            {
                c.anonymization.key_domain
                for t in module.tables
                for c in t.table_schema.columns
                if c.anonymization and c.anonymization.key_domain
            }
        )
        edit.setCompleter(QCompleter(domains, edit))
        doc = self.tr(_KEY_DOMAIN_DOC)
        row = ParamRow(self.tr("key domain"), _KeyDomainField(edit, doc), required, doc, "")
        row.reset_button.hide()
        row.field.edited.connect(self._on_key_domain_edited)
        box.addWidget(row)
        self.rows[KEY_DOMAIN] = row

    # --- keeping fields and module in step --------------------------------------------------

    def _sync(self, rule: AnonymizationRule | None) -> None:
        """Put the module's values into fields that differ (a field being typed in matches)."""
        if rule is None or rule.method not in self.registry:
            return
        parameters = rule.parameters or {}
        for name, row in self.rows.items():
            current = (
                (rule.key_domain or UNSET) if name == KEY_DOMAIN else parameters.get(name, UNSET)
            )
            try:
                shown = row.field.read()
            except ValueProblem:
                shown = _INVALID
            if not _same(shown, current):
                row.field.show(current)
                row.set_live_error(None)
            row.reset_button.setEnabled(current is not UNSET)
        self._show_rule_problems(rule)

    def _show_rule_problems(self, rule: AnonymizationRule) -> None:
        """What the registry finds wrong with the rule as saved (required, paired lists...)."""
        spec = self.registry.get(rule.method)
        found = {p.path: p.message for p in spec.check(rule.parameters, "")}
        if spec.key_domain is KeyDomainUse.REQUIRED and not rule.key_domain:
            found[KEY_DOMAIN] = self._required_by(spec.name)
        for name, row in self.rows.items():
            row.set_rule_problem(found.get(name))

    def _push(self, edit: Edit, *, mergeable: bool = False) -> None:
        if self.module is not None:
            push_edit(self.undo_stack, self.module, edit, mergeable=mergeable)

    def _on_stack_index_changed(self, _index: int) -> None:
        self.refresh()

    def _on_method_combo_activated(self, _row: int) -> None:
        target = self._target()
        method = self.method_combo.currentData() or None
        if target is None:
            return
        module, at, column = target
        rule = column.anonymization
        if method != (rule.method if rule else None):
            domain = f"{at.table_in(module).table_name}.{column.name}"
            self._push(SetRule(at, switch_method(rule, method, self.registry, domain)))

    def _on_field_edited(self, name: str) -> None:
        rule, row = self._rule(), self.rows[name]
        if rule is None or self.at is None:
            return
        spec = self.registry.get(rule.method).param(name)
        try:
            value = row.field.read()
        except ValueProblem as exc:
            row.set_live_error(self.tr("cannot be read: {error}.").format(error=exc))
            return
        problem = spec.check(value, name) if value is not UNSET else None
        if problem is not None or (value is UNSET and spec.required):
            row.set_live_error(problem.message if problem else self.tr("is required."))
            return
        row.set_live_error(None)
        if not _same(value, (rule.parameters or {}).get(name, UNSET)):
            self._push(SetParameter(self.at, name, value), mergeable=True)

    def _on_key_domain_edited(self) -> None:
        rule, row = self._rule(), self.rows[KEY_DOMAIN]
        if rule is None or self.at is None:
            return
        value = row.field.read()
        required = self.registry.get(rule.method).key_domain is KeyDomainUse.REQUIRED
        if value is UNSET and required:
            row.set_live_error(self._required_by(rule.method))
            return
        row.set_live_error(None)
        domain = None if value is UNSET else value
        if domain != rule.key_domain:
            self._push(SetKeyDomain(self.at, domain), mergeable=True)

    def _required_by(self, method: str) -> str:
        """Follows the key domain's name under its field: "<key domain> <this>"."""
        return self.tr("is required by method '{method}'.").format(method=method)

    def _on_reset(self, name: str) -> None:
        rule = self._rule()
        if rule is not None and self.at is not None and name in (rule.parameters or {}):
            self._push(SetParameter(self.at, name, UNSET))


class _KeyDomainField(ParamField):
    def __init__(self, line: QLineEdit, doc: str) -> None:
        super().__init__(ParamSpec(KEY_DOMAIN, ParamType.STRING, doc), line)
        self.line = line
        line.textChanged.connect(self.edited)

    def read(self) -> Any:
        text = self.line.text().strip()
        return text or UNSET

    def _show(self, value: Any) -> None:
        self.line.setText("" if value is UNSET else str(value))


def _without_method(module: DataModule, at: ColumnAt, rule: AnonymizationRule | None) -> str:
    if rule is not None:
        unknown = QCoreApplication.translate("ParameterEditor", "'{method}' is not a known method.")
        return unknown.format(method=rule.method)
    _, origins = rules_and_origins(module)
    origin = origins.get((at.table_in(module).table_name, at.column_in(module).name))
    if origin is not None:
        inherits = QCoreApplication.translate(
            "ParameterEditor",
            "No rule of its own: this foreign key takes the rule of {column} "
            "(keyHandling inherit), so it still joins.",
        )
        return inherits.format(column=".".join(origin))
    return QCoreApplication.translate(
        "ParameterEditor", "No anonymization: the values are copied as they are."
    )


_INVALID = object()


def _same(shown: Any, current: Any) -> bool:
    """Equal values of the same kind (True is not 1 here)."""
    return shown == current and isinstance(shown, bool) == isinstance(current, bool)
