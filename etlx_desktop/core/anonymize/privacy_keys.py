"""Referential integrity of the output: does every foreign key still find its parent?

For each foreign key of the module the collector keeps the hashes of the distinct parent key
tuples and of the distinct child tuples (with their row counts), both as the rows were before
anonymization and as they are written; a child tuple with a null in it references nothing and
is not checked (SQL's MATCH SIMPLE). Composite keys hash as one tuple.

An orphan in the output that was already an orphan before anonymization (its parent row was
quarantined or dropped by the field rules, or never existed in the source) is a fact about the
data, a figure of the report but no failure; an orphan that anonymization made (a parent key
hashed in one domain, its foreign key kept or hashed in another) breaks joins: `introduced`
counts those rows.
Memory: 16 bytes per distinct child tuple and 8 per distinct parent key, twice (before and
after anonymization), within the run's budget: past it the hashes spill to disk and the check
compares children and parents partition by partition (see `privacy_hashing`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..metadata.model import DataModule
from .privacy_bags import HashBag, must_split
from .privacy_hashing import ChunkHashes, contains
from .privacy_spill import SpillSpace


@dataclass
class ForeignKeyResult:
    """Child rows whose foreign key has no parent row, after and before anonymization."""

    table: str
    columns: list[str]
    parent: str
    parent_columns: list[str]
    checked: bool
    orphan_rows: int = 0  # output rows whose key has no parent
    orphan_values: int = 0  # distinct such keys
    orphan_rows_before: int = 0  # the same rows count before anonymization
    introduced: int = 0  # orphan rows the anonymization made (max(after - before, 0))
    passed: bool = True
    note: str | None = None

    def name(self) -> str:
        return (
            f"{self.table}({', '.join(self.columns)}) → "
            f"{self.parent}({', '.join(self.parent_columns)})"
        )


class _Link:
    def __init__(
        self,
        table: str,
        columns: list[str],
        parent: str | None,
        parent_columns: list[str],
        resource: str,
        space: SpillSpace,
    ) -> None:
        self.table, self.columns, self.resource = table, columns, resource
        self.parent, self.parent_columns = parent, parent_columns
        self.children = {stage: HashBag(space=space) for stage in ("before", "after")}
        self.parents = {stage: HashBag(counted=False, space=space) for stage in ("before", "after")}
        self.missing: set[str] = set()


class ReferenceCollector:
    """Streams every table's chunks; `result()` finds the orphans of every foreign key. Its
    hashes count against `space` (by default a space of its own with the default budget)."""

    def __init__(self, module: DataModule, *, space: SpillSpace | None = None) -> None:
        space = space if space is not None else SpillSpace()
        by_ref = {t.url: t.table_name for t in module.tables} | {
            t.table_name: t.table_name for t in module.tables
        }
        self._links = [
            _Link(
                table.table_name,
                list(fk.column_reference),
                by_ref.get(fk.reference.resource),
                list(fk.reference.column_reference),
                fk.reference.resource,
                space,
            )
            for table in module.tables
            for fk in table.table_schema.foreign_keys
        ]

    def observe(self, table: str, before: pd.DataFrame, after: pd.DataFrame) -> None:
        """One chunk of `table` as it was before anonymization and as it is written."""
        self.observe_hashed(table, ChunkHashes(before, after))

    def observe_hashed(self, table: str, hashes: ChunkHashes) -> None:
        """As `observe`, from a chunk's hashes (shared with the other checks)."""
        for link in self._links:
            for stage in ("before", "after"):
                if link.table == table:
                    _add(link, hashes, stage, link.columns, link.children[stage], child=True)
                if link.parent == table:
                    _add(link, hashes, stage, link.parent_columns, link.parents[stage])

    def result(self) -> list[ForeignKeyResult]:
        return [self._check(link) for link in self._links]

    @staticmethod
    def _check(link: _Link) -> ForeignKeyResult:
        result = ForeignKeyResult(
            link.table, link.columns, link.parent or link.resource, link.parent_columns, False
        )
        if link.parent is None:
            result.note = "the referenced table is not part of the module"
            return result
        if link.missing:
            result.note = f"column(s) {', '.join(sorted(link.missing))} are not in the output"
            return result
        orphans = {}
        for stage in ("before", "after"):
            children, parents = link.children[stage], link.parents[stage]
            split = must_split(children, parents)
            rows = values = 0
            for (keys, counts), (parent_keys, _) in zip(
                children.parts(split), parents.parts(split), strict=True
            ):
                missing = ~contains(parent_keys, keys)
                rows += int(counts[missing].sum())
                values += int(np.sum(missing))
            orphans[stage] = (rows, values)
        result.checked = True
        result.orphan_rows, result.orphan_values = orphans["after"]
        result.orphan_rows_before = orphans["before"][0]
        result.introduced = max(result.orphan_rows - result.orphan_rows_before, 0)
        result.passed = result.introduced == 0
        return result


def _add(
    link: _Link,
    hashes: ChunkHashes,
    stage: str,
    columns: list[str],
    bag: HashBag,
    child: bool = False,
) -> None:
    absent = [c for c in columns if c not in hashes.frames[stage].columns]
    if absent:
        link.missing.update(absent)
        return
    if len(columns) == 1:  # its distinct non-null values: a null references nothing
        bag.add_column(hashes.column(stage, columns[0]))
        return
    rows = hashes.rows(stage, columns)
    if child:  # a tuple with a null references nothing
        rows = rows[np.logical_and.reduce([hashes.column(stage, c).present for c in columns])]
    bag.add(rows)
