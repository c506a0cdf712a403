"""The cells of the columns grid without widgets: which grid column shows what, how a rule
reads, and which core edit a value typed into a cell stands for.

Headers, tips and messages are marked for translation in the `ColumnsGrid` context and
translated where they are shown."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QCoreApplication

from ...core.anonymize.registry import MethodRegistry
from ...core.metadata.editing import (
    ColumnAt,
    CompoundEdit,
    Edit,
    SetColumnField,
    SetRule,
    set_personal_data,
    switch_method,
)
from ...core.metadata.model import Column, Datatype, NullStrategy
from ...core.metadata.vocabulary import PERSONAL_DATA_CATEGORIES
from .editor_values import (
    QT_TRANSLATE_NOOP,
    format_value,
    parse_list,
    parse_range,
    parse_typed,
    range_hint,
)

NO_CHOICE = QT_TRANSLATE_NOOP("ColumnsGrid", "— none —")


class Section(IntEnum):
    """The grid's columns: what the column is and how it is protected first, then its field
    rules (the anonymization must not be the column pushed out of sight)."""

    FLAG = 0
    KEY = 1
    NAME = 2
    PERSONAL = 3
    METHOD = 4
    DATATYPE = 5
    NULLS = 6
    RANGE = 7
    ALLOWED = 8
    PATTERN = 9


HEADERS = {
    Section.FLAG: "",
    Section.KEY: QT_TRANSLATE_NOOP("ColumnsGrid", "Key"),
    Section.NAME: QT_TRANSLATE_NOOP("ColumnsGrid", "Column"),
    Section.PERSONAL: QT_TRANSLATE_NOOP("ColumnsGrid", "Personal data"),
    Section.METHOD: QT_TRANSLATE_NOOP("ColumnsGrid", "Anonymization"),
    Section.DATATYPE: QT_TRANSLATE_NOOP("ColumnsGrid", "Type"),
    Section.NULLS: QT_TRANSLATE_NOOP("ColumnsGrid", "Nulls"),
    Section.RANGE: QT_TRANSLATE_NOOP("ColumnsGrid", "Range"),
    Section.ALLOWED: QT_TRANSLATE_NOOP("ColumnsGrid", "Allowed values"),
    Section.PATTERN: QT_TRANSLATE_NOOP("ColumnsGrid", "Pattern"),
}
HEADER_TIPS = {
    Section.FLAG: QT_TRANSLATE_NOOP(
        "ColumnsGrid", "A red mark: the column holds personal data but no rule protects it"
    ),
    Section.KEY: QT_TRANSLATE_NOOP(
        "ColumnsGrid",
        "PK: primary key; FK: foreign key, with the key it references and how it "
        "follows that key's anonymization (keyHandling)",
    ),
    Section.PERSONAL: QT_TRANSLATE_NOOP("ColumnsGrid", "DPV personal-data category"),
    Section.METHOD: QT_TRANSLATE_NOOP(
        "ColumnsGrid", "Anonymization method and its parameters (edit them in the side panel)"
    ),
    Section.ALLOWED: QT_TRANSLATE_NOOP("ColumnsGrid", "The only values allowed, comma-separated"),
    Section.PATTERN: QT_TRANSLATE_NOOP(
        "ColumnsGrid", "A regular expression every value must match"
    ),
}
# The JSON key a problem's path names → the grid column that shows it
SECTION_OF_KEY = {
    "name": Section.NAME,
    "datatype": Section.DATATYPE,
    "nullStrategy": Section.NULLS,
    "null": Section.NULLS,
    "default": Section.NULLS,
    "required": Section.NULLS,
    "minimum": Section.RANGE,
    "maximum": Section.RANGE,
    "allowedValues": Section.ALLOWED,
    "pattern": Section.PATTERN,
    "onViolation": Section.PATTERN,
    "personalData": Section.PERSONAL,
    "anonymization": Section.METHOD,
}
EDITABLE = frozenset(Section) - {Section.FLAG, Section.KEY, Section.NAME}


def header(section: Section) -> str:
    """The header of a grid column, in the app's language."""
    text = HEADERS[section]
    return QCoreApplication.translate("ColumnsGrid", text) if text else ""


def header_tip(section: Section) -> str | None:
    """What a grid column holds, in the app's language (None when the header says it)."""
    if section is Section.RANGE:
        return range_hint()
    tip = HEADER_TIPS.get(section)
    return QCoreApplication.translate("ColumnsGrid", tip) if tip else None


def describe_rule(method: str, parameters: dict[str, Any] | None) -> str:
    """`fake: kind=email`, the way the grid shows a rule."""
    if not parameters:
        return method
    shown = ", ".join(f"{k}={format_value(v)}" for k, v in parameters.items())
    return f"{method}: {shown}"


def choices(section: int, registry: MethodRegistry) -> list[tuple[str, str]]:
    """(label, value) of the items a combo-box editor offers for a grid column."""
    if section == Section.DATATYPE:
        return [(str(d), str(d)) for d in Datatype]
    if section == Section.NULLS:
        return [(str(n), str(n)) for n in NullStrategy]
    # categories and method names are identifiers, shown as they are saved
    none = QCoreApplication.translate("ColumnsGrid", NO_CHOICE)
    if section == Section.PERSONAL:
        return [(none, ""), *((c, c) for c in PERSONAL_DATA_CATEGORIES)]
    if section == Section.METHOD:
        return [(none, ""), *((n, n) for n in registry.names())]
    return []


def cell_edit(
    at: ColumnAt,
    column: Column,
    table_name: str,
    section: Section,
    text: str,
    registry: MethodRegistry,
) -> Edit | None:
    """The edit that puts `text` into a cell (None if the cell holds it already).

    Raises ValueError (a ValueProblem, saying why) for text that is not a value of the cell.
    """
    text = text.strip()
    if section is Section.DATATYPE:
        return _if_changed(column, "datatype", Datatype(text), at)
    if section is Section.NULLS:
        return _if_changed(column, "null_strategy", NullStrategy(text), at)
    if section is Section.PATTERN:
        return _if_changed(column, "pattern", text or None, at)
    if section is Section.ALLOWED:
        values = parse_list(text, lambda item: parse_typed(item, column.datatype))
        return _if_changed(column, "allowed_values", values, at)
    if section is Section.PERSONAL:
        category = text or None
        return None if category == column.personal_data else set_personal_data(at, category)
    if section is Section.RANGE:
        low, high = parse_range(text, column.datatype)
        edits = [
            edit
            for edit in (
                _if_changed(column, "minimum", low, at),
                _if_changed(column, "maximum", high, at),
            )
            if edit is not None
        ]
        label = QCoreApplication.translate("ColumnsGrid", "Set the range of {column}")
        return CompoundEdit(edits, label.format(column=column.name)) if edits else None
    if section is Section.METHOD:
        rule, method = column.anonymization, text or None
        if method == (rule.method if rule else None):
            return None
        domain = f"{table_name}.{column.name}"
        return SetRule(at, switch_method(rule, method, registry, domain))
    if section is Section.FLAG:
        raise ValueError(
            QCoreApplication.translate("ColumnsGrid", "the marker column cannot be edited")
        )
    message = QCoreApplication.translate("ColumnsGrid", "the {header} column cannot be edited")
    raise ValueError(message.format(header=header(section)))


def _if_changed(column: Column, field: str, value: Any, at: ColumnAt) -> SetColumnField | None:
    old = getattr(column, field)
    if old == value and type(old) is type(value):
        return None
    return SetColumnField(at, field, value)
