"""The list of a module's problems; clicking one tells where it is (its JSON path)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...core.metadata.model import DataModule, Table
from ...core.problems import Problem, Severity
from .editor_icons import error_icon, warning_icon

PATH_ROLE = Qt.ItemDataRole.UserRole
_COLUMN = re.compile(r"^tables\[(\d+)\]\.tableSchema\.columns\[(\d+)\](?:\.(\w+))?(?:[.\[](.*))?$")
_NAMED = re.compile(
    r"^tables\[(\d+)\]\.(?:tableSchema\.primaryKey|tableSchema\.foreignKeys\[(\d+)\]\."
    r"columnReference|privacy\.quasiIdentifiers|privacy\.sensitive|transformation\[(\d+)\]"
    r"\.appliesTo)\[(\d+)\]$"
)
_TABLE = re.compile(r"^tables\[(\d+)\]")


@dataclass(frozen=True)
class ProblemLocation:
    """What a problem's path points at: a table, a column of it, a key of the column, and a
    parameter (or `keyDomain`) of its anonymization rule."""

    table: int | None = None
    column: int | None = None
    key: str | None = None
    parameter: str | None = None


def locate_problem(module: DataModule, path: str) -> ProblemLocation:
    """Where in the module `path` points; columns named in keys and lists are found by name."""
    found = _COLUMN.match(path)
    if found:
        table, column, key, rest = found.groups()
        parameter = None
        if key == "anonymization" and rest:
            parameter = rest.removeprefix("parameters.").split(".")[0].split("[")[0]
            parameter = None if parameter == "method" else parameter
        return ProblemLocation(int(table), int(column), key, parameter)
    named = _NAMED.match(path)
    table_match = _TABLE.match(path)
    if table_match is None:
        return ProblemLocation()
    t_index = int(table_match.group(1))
    if named is None or t_index >= len(module.tables):
        return ProblemLocation(t_index)
    name = _named_column(module.tables[t_index], path, named.groups())
    columns = [c.name for c in module.tables[t_index].table_schema.columns]
    return ProblemLocation(t_index, columns.index(name) if name in columns else None)


def _named_column(table: Table, path: str, groups: tuple[str | None, ...]) -> str | None:
    _, fk, step, item = groups
    schema, index = table.table_schema, int(item or 0)
    lists: list[list[str]] = []
    if ".primaryKey[" in path:
        lists.append(schema.primary_key)
    elif fk is not None and int(fk) < len(schema.foreign_keys):
        lists.append(schema.foreign_keys[int(fk)].column_reference)
    elif step is not None and int(step) < len(table.transformation):
        lists.append(table.transformation[int(step)].applies_to)
    elif table.privacy is not None:
        key = "quasi_identifiers" if ".quasiIdentifiers[" in path else "sensitive"
        lists.append(getattr(table.privacy, key))
    names = lists[0] if lists else []
    return names[index] if index < len(names) else None


def describe_place(module: DataModule, path: str) -> str:
    """`customers.email · anonymization.parameters.keep_last`: a path in people's words."""
    found = _COLUMN.match(path)
    table_match = _TABLE.match(path)
    try:
        if found:
            t_index, c_index = int(found.group(1)), int(found.group(2))
            table = module.tables[t_index]
            name = f"{table.table_name}.{table.table_schema.columns[c_index].name}"
            rest = path[found.end(2) + 1 :].lstrip(".")
            return f"{name} · {rest}" if rest else name
        if table_match:
            table = module.tables[int(table_match.group(1))]
            rest = path[table_match.end() :].lstrip(".")
            return f"{table.table_name} · {rest}" if rest else table.table_name
    except IndexError:
        pass
    return path or QCoreApplication.translate("ProblemsPane", "(document)")


class ProblemsPane(QWidget):
    """Errors first, then warnings; `path_activated` carries the clicked problem's path."""

    path_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self.tr("Problems"))
        self.header.setStyleSheet("font-weight: bold")
        self.list = QListWidget()
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_clicked)

    def set_problems(self, problems: list[Problem], module: DataModule) -> None:
        ordered = sorted(problems, key=lambda p: p.severity is not Severity.ERROR)
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        warnings = len(problems) - errors
        header = self.tr("Problems — {errors}, {warnings}")
        self.header.setText(
            header.format(errors=self._errors(errors), warnings=self._warnings(warnings))
        )
        self.list.clear()
        for problem in ordered:
            place = describe_place(module, problem.path)
            item = QListWidgetItem(f"{place} — {problem.message}")
            error = problem.severity is Severity.ERROR
            item.setIcon(error_icon() if error else warning_icon())
            severity = self.tr("error") if error else self.tr("warning")
            where = problem.path or self.tr("(document)")
            item.setToolTip(f"{severity}: {where}\n{problem.message}")
            item.setData(PATH_ROLE, problem.path)
            self.list.addItem(item)
        if not problems:
            item = QListWidgetItem(self.tr("No problems: the module can be saved and run."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)

    # English says "1 error" and "2 errors"; every other count is a plural message, so a
    # language with more plural forms (Russian: 21 / 22 / 25) gets each of them
    def _errors(self, count: int) -> str:
        return self.tr("1 error") if count == 1 else self.tr("%n errors", "", count)

    def _warnings(self, count: int) -> str:
        return self.tr("1 warning") if count == 1 else self.tr("%n warnings", "", count)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str):
            self.path_activated.emit(path)
