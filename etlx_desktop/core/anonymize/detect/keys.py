"""Keys that must keep joining: which tables describe people, and which keys point at them.

A table describes people when its columns hold a name, or two or more other direct
identifiers (e-mail, phone, INN, SNILS, ...). Its single-column primary key identifies a person
(dpv:IdentifyingPersonalData) and every foreign key to it carries the same identity, so both
get the same deterministic pseudonym: method `pseudonymize` in the key domain
`<module>.<table>` of the referenced table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ...metadata.model import DataModule, Table
from .combine import Detection
from .kinds import KINDS, NAME_KINDS

Ref = tuple[str, str]  # (table, column)
PERSON_TABLE_CONFIDENCE = 0.5


@dataclass(frozen=True)
class KeyMap:
    """The keys of a module as the suggestions need them."""

    person_keys: dict[Ref, list[str]]  # person key -> the columns that make its table personal
    parents: dict[Ref, Ref]  # foreign-key column -> the column it references
    primary: frozenset[Ref]  # every primary-key column


def key_map(module: DataModule, detections: Mapping[Ref, Detection]) -> KeyMap:
    """The person keys, foreign keys and primary keys of `module`."""
    person_keys: dict[Ref, list[str]] = {}
    primary: set[Ref] = set()
    for table in module.tables:
        keys = table.table_schema.primary_key
        primary.update((table.table_name, k) for k in keys)
        personal = _personal_columns(table, detections)
        if len(keys) == 1 and personal:
            person_keys[(table.table_name, keys[0])] = personal
    return KeyMap(person_keys, _parents(module), frozenset(primary))


def _personal_columns(table: Table, detections: Mapping[Ref, Detection]) -> list[str]:
    """The columns that make `table` describe people (empty if it does not)."""
    found = {
        column.name: detection.kind
        for column in table.table_schema.columns
        if (detection := detections.get((table.table_name, column.name))) is not None
        and detection.confidence >= PERSON_TABLE_CONFIDENCE
        and KINDS[detection.kind].direct
    }
    named = any(kind in NAME_KINDS for kind in found.values())
    return list(found) if named or len(set(found.values())) >= 2 else []


def _parents(module: DataModule) -> dict[Ref, Ref]:
    by_ref = {t.url: t for t in module.tables} | {t.table_name: t for t in module.tables}
    parents: dict[Ref, Ref] = {}
    for table in module.tables:
        for fk in table.table_schema.foreign_keys:
            parent = by_ref.get(fk.reference.resource)
            if parent is None:
                continue
            for child, referenced in zip(
                fk.column_reference, fk.reference.column_reference, strict=False
            ):
                parents[(table.table_name, child)] = (parent.table_name, referenced)
    return parents
