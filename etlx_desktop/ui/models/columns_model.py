"""The columns of one table of a module as an editable grid; every edit goes on an undo stack."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QUndoStack

from ...core.anonymize.apply import rules_and_origins
from ...core.anonymize.registry import MethodRegistry, default_registry
from ...core.metadata.editing import ColumnAt, Unprotected
from ...core.metadata.model import Column, DataModule, Table
from ..widgets.editor_cells import (
    EDITABLE,
    SECTION_OF_KEY,
    Section,
    cell_edit,
    choices,
    describe_rule,
    header,
    header_tip,
)
from ..widgets.editor_icons import UNPROTECTED_COLOR, key_icon, unprotected_icon
from ..widgets.editor_undo import push_edit
from ..widgets.editor_values import QT_TRANSLATE_NOOP, format_range, format_value

Index = QModelIndex | QPersistentModelIndex
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 1  # the Unprotected entry of a flagged row, else None
UNPROTECTED_TIP = QT_TRANSLATE_NOOP("ColumnsModel", "personal data left unprotected")
_NONE = "—"
__all__ = ["FLAGGED_ROLE", "SECTION_OF_KEY", "UNPROTECTED_TIP", "ColumnsModel", "Section"]
_INHERITED_COLOR = QColor("#8c8c8c")


class ColumnsModel(QAbstractTableModel):
    """One table's columns: field rules, personal-data category and anonymization method.

    The model edits the module only through core edit commands pushed on `undo_stack`, and
    refreshes whenever the stack moves (an edit, an undo, a redo).
    """

    edit_refused = Signal(str)  # why a typed value was not taken

    def __init__(
        self,
        undo_stack: QUndoStack,
        registry: MethodRegistry | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.registry = registry or default_registry()
        self.module: DataModule | None = None
        self.table_index = -1
        self._flagged: dict[int, Unprotected] = {}
        self._keys: dict[str, str] = {}
        self._key_tips: dict[str, str] = {}
        self._inherited: dict[str, str] = {}
        undo_stack.indexChanged.connect(self._on_stack_index_changed)

    # --- what the model shows ---------------------------------------------------------------

    def set_module(self, module: DataModule | None, table_index: int = 0) -> None:
        self.beginResetModel()
        self.module = module
        self.table_index = table_index if module is not None and module.tables else -1
        self._flagged = {}
        self._describe_keys()
        self.endResetModel()

    def set_table(self, table_index: int) -> None:
        if table_index != self.table_index and self.module is not None:
            self.set_module(self.module, table_index)

    def set_unprotected(self, found: list[Unprotected]) -> None:
        """Mark the rows of these columns (of any table; only this table's show)."""
        self._flagged = {u.at.column: u for u in found if u.at.table == self.table_index}
        self._changed_all()

    def table(self) -> Table | None:
        if self.module is None or not 0 <= self.table_index < len(self.module.tables):
            return None
        return self.module.tables[self.table_index]

    def column_at(self, row: int) -> ColumnAt:
        return ColumnAt(self.table_index, row)

    def refresh(self) -> None:
        """Show the module as it is now (after an edit made elsewhere)."""
        self._describe_keys()
        self._changed_all()

    def _changed_all(self) -> None:
        if self.rowCount() > 0:
            last = self.index(self.rowCount() - 1, len(Section) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def _on_stack_index_changed(self, _index: int) -> None:
        if self.module is not None and self.table_index >= len(self.module.tables):
            # the table shown was taken out (an undone "add table"): show one that is there
            self.set_module(self.module, len(self.module.tables) - 1)
            return
        self.refresh()

    def _describe_keys(self) -> None:
        self._keys, self._key_tips, self._inherited = {}, {}, {}
        table = self.table()
        if table is None or self.module is None:
            return
        schema = table.table_schema
        # PK and FK are the usual marks in every language; the tooltips spell them out
        for name in schema.primary_key:
            self._keys[name] = "PK"
            self._key_tips[name] = self.tr("Primary key")
        by_ref = {t.url: t for t in self.module.tables} | {
            t.table_name: t for t in self.module.tables
        }
        for fk in schema.foreign_keys:
            parent = by_ref.get(fk.reference.resource)
            target = parent.table_name if parent else fk.reference.resource
            for child, ref in zip(fk.column_reference, fk.reference.column_reference, strict=False):
                text = f"FK {target}.{ref} ({fk.key_handling})"
                self._keys[child] = f"{self._keys[child]}, {text}" if child in self._keys else text
                tip = self.tr("Foreign key to {column}; keyHandling {handling}").format(
                    column=f"{target}.{ref}", handling=fk.key_handling
                )
                self._key_tips[child] = "\n".join(filter(None, [self._key_tips.get(child), tip]))
        _, origins = rules_and_origins(self.module)
        for (table_name, column), (parent_table, parent_column) in origins.items():
            if table_name == table.table_name:
                self._inherited[column] = f"{parent_table}.{parent_column}"

    # --- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        table = self.table()
        return 0 if parent.isValid() or table is None else len(table.table_schema.columns)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Section)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Section):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return header(Section(section))
        if role == Qt.ItemDataRole.ToolTipRole:
            return header_tip(Section(section))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self.table()
        if table is None or not index.isValid():
            return None
        column = table.table_schema.columns[index.row()]
        section = Section(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(column, section, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), column, section)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(index.row(), column, section)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(index.row(), column, section)
        if role == Qt.ItemDataRole.FontRole and section is Section.NAME:
            font = QFont()
            font.setBold(column.name in self._keys and "PK" in self._keys[column.name])
            return font
        if role == FLAGGED_ROLE:
            return self._flagged.get(index.row())
        return None

    def _text(self, column: Column, section: Section, editing: bool) -> str:
        rule = column.anonymization
        if section is Section.KEY:
            return "" if editing else self._keys.get(column.name, "")
        if section is Section.NAME:
            return column.name
        if section is Section.DATATYPE:
            return str(column.datatype)
        if section is Section.NULLS:
            return str(column.null_strategy)
        if section is Section.RANGE:
            return format_range(column.minimum, column.maximum)
        if section is Section.ALLOWED:
            return format_value(column.allowed_values)
        if section is Section.PATTERN:
            return column.pattern or ""
        if section is Section.PERSONAL:
            return column.personal_data or ("" if editing else _NONE)
        if section is Section.METHOD:
            if editing:
                return rule.method if rule else ""
            if rule is None and column.name in self._inherited:
                return self.tr("inherits {column}").format(column=self._inherited[column.name])
            return describe_rule(rule.method, rule.parameters) if rule else _NONE
        return ""

    def _tooltip(self, row: int, column: Column, section: Section) -> str | None:
        flagged = self._flagged.get(row)
        if section is Section.FLAG:
            return self._unprotected_tip(flagged) if flagged else None
        if section is Section.KEY:
            return self._key_tips.get(column.name)
        if section is Section.METHOD:
            return self._method_tip(column, flagged)
        if section is Section.NULLS and column.null:
            values = ", ".join(repr(v) for v in column.null)
            return self.tr("Read as null: {values}").format(values=values)
        text = self._text(column, section, editing=False)
        return text or None

    def _method_tip(self, column: Column, flagged: Unprotected | None) -> str | None:
        rule = column.anonymization
        if rule is None:
            if column.name in self._inherited:
                inherits = self.tr(
                    "No rule of its own: the foreign key takes the rule of {column}, "
                    "so joins still work"
                )
                return inherits.format(column=self._inherited[column.name])
            return self._unprotected_tip(flagged) if flagged else self.tr("No anonymization")
        lines = [describe_rule(rule.method, rule.parameters)]
        if rule.method in self.registry:
            lines.append(self.registry.get(rule.method).doc)
        if rule.key_domain:
            lines.append(self.tr("Key domain: {domain}").format(domain=rule.key_domain))
        return "\n".join(lines)

    def _unprotected_tip(self, flagged: Unprotected) -> str:
        """Why a flagged column is flagged (the reason is the core's, in English)."""
        return f"{self.tr(UNPROTECTED_TIP)}: {flagged.reason}"

    def _decoration(self, row: int, column: Column, section: Section) -> Any:
        if section is Section.FLAG and row in self._flagged:
            return unprotected_icon()
        if section is Section.KEY and column.name in self._keys:
            return key_icon()
        return None

    def _foreground(self, row: int, column: Column, section: Section) -> Any:
        if section is Section.METHOD and row in self._flagged:
            return UNPROTECTED_COLOR
        if section is Section.METHOD and column.anonymization is None:
            return _INHERITED_COLOR
        if section is Section.PERSONAL and column.personal_data is None:
            return _INHERITED_COLOR
        return None

    # --- editing ----------------------------------------------------------------------------

    def choices(self, section: int) -> list[tuple[str, str]]:
        """(label, value) of the items a combo-box editor offers for a grid column."""
        return choices(section, self.registry)

    def method_doc(self, method: str) -> str:
        return self.registry.get(method).doc if method in self.registry else ""

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        table = self.table()
        if role != Qt.ItemDataRole.EditRole or table is None or self.module is None:
            return False
        if not index.isValid() or index.column() not in EDITABLE:
            return False
        at = self.column_at(index.row())
        column = table.table_schema.columns[index.row()]
        section, text = Section(index.column()), str(value or "")
        try:
            edit = cell_edit(at, column, table.table_name, section, text, self.registry)
        except ValueError as exc:  # a ValueProblem, or a value no combo box offers
            self.edit_refused.emit(f"{column.name}: {exc}")
            return False
        if edit is None:
            return True  # the cell already holds that value: no undo step
        refused = push_edit(self.undo_stack, self.module, edit)
        if refused:
            self.edit_refused.emit(refused)
        return refused is None
