"""Writing suggestions into a module: only into columns that have no anonymization rule yet.

A foreign key is written after the key it references and takes that key's rule (and key
domain) as it then stands, so the two keep joining even when the parent had a rule of its own;
a foreign key whose parent ends up without a rule is left alone (pseudonymizing only one side
would break the join). Quasi-identifiers that get a rule are added to the table's privacy model.
"""

from __future__ import annotations

import copy
import dataclasses

from ...metadata.model import AnonymizationRule, Column, DataModule, PrivacyModel, Table
from .result import ScanResult, Suggestion

DEFAULT_MIN_CONFIDENCE = 0.5


def apply_suggestions(
    module: DataModule, result: ScanResult, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> list[str]:
    """Write the suggestions of at least `min_confidence` into `module`'s columns that have no
    rule; return one line per change (`table.column: ...`)."""
    chosen = [s for s in result.suggestions if s.confidence >= min_confidence]
    chosen.sort(key=lambda s: s.references is not None)  # keys before the keys pointing at them
    changes: list[str] = []
    for suggestion in chosen:
        located = _locate(module, suggestion.table, suggestion.column)
        if located is None or located[1].anonymization is not None:
            continue
        table, column = located
        rule = _rule_for(module, suggestion)
        if rule is None:
            continue
        column.anonymization = rule
        if column.personal_data is None:
            column.personal_data = suggestion.category
        changes.append(f"{table.table_name}.{column.name}: {describe(column)}")
        if suggestion.quasi_identifier and _add_quasi_identifier(table, column.name):
            changes.append(f"{table.table_name}: quasi-identifier {column.name}")
    return changes


def describe(column: Column) -> str:
    """`pd:Name, fake (kind=full_name)`: a column's category and rule on one line."""
    rule = column.anonymization
    if rule is None:
        return column.personal_data or "-"
    params = ", ".join(f"{k}={v}" for k, v in (rule.parameters or {}).items())
    domain = f" keyDomain={rule.key_domain}" if rule.key_domain else ""
    shown = f"{rule.method} ({params})" if params else rule.method
    return f"{column.personal_data or '-'}, {shown}{domain}"


def _locate(module: DataModule, table_name: str, column_name: str) -> tuple[Table, Column] | None:
    for table in module.tables:
        if table.table_name == table_name:
            for column in table.table_schema.columns:
                if column.name == column_name:
                    return table, column
    return None


def _rule_for(module: DataModule, suggestion: Suggestion) -> AnonymizationRule | None:
    """The rule to write: the suggestion's, or for a foreign key its parent's current rule."""
    if suggestion.references is None:
        return copy.deepcopy(suggestion.rule)
    parent = _locate(module, *suggestion.references)
    if parent is None or parent[1].anonymization is None:
        return None
    rule = parent[1].anonymization
    domain = rule.key_domain or ".".join(suggestion.references)
    return dataclasses.replace(copy.deepcopy(rule), key_domain=domain)


def _add_quasi_identifier(table: Table, name: str) -> bool:
    if table.privacy is None:
        table.privacy = PrivacyModel(quasi_identifiers=[name])
        return True
    if name in table.privacy.quasi_identifiers:
        return False
    table.privacy.quasi_identifiers.append(name)
    return True
