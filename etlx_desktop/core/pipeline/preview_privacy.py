"""The privacy checks a run makes after writing, made on a preview sample instead.

The k-anonymity figures and l-diversity come from `privacy_metrics`, the leak check from
`privacy_leaks`, over the hashes of one `ChunkHashes` as in a run. What those keep to
themselves — the size of every equivalence class, which cells and rows leaked — is counted
here from the same hashes, so the preview can name them.

The figures describe the sample, not the table: a hundred rows out of a million form smaller
classes than the whole table does, and a privacy model with `enforce` is reached by a run-wide
generalization that the preview does not apply. Originals are the raw sample as the source gave
it; a value respelt by a normalizer or a field rule before anonymization is compared as the
source spelled it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..anonymize.detect.kinds import KINDS
from ..anonymize.privacy_hashing import ChunkHashes, Counts, contains, unique_counts
from ..anonymize.privacy_leaks import (
    MUST_BE_ZERO,
    SAME_ROW_MUST_BE_ZERO,
    LeakCollector,
    LeakResult,
)
from ..anonymize.privacy_metrics import KAnonymity, l_diversity
from ..metadata.model import AnonymizationRule, Table

QUASI_IDENTIFYING_CATEGORIES = frozenset(
    info.category for info in KINDS.values() if info.quasi_identifier
)


@dataclass(frozen=True)
class SampleLeak:
    """The leak check of one anonymized column on the sample (counts and row labels only)."""

    column: str
    method: str
    result: LeakResult  # the run's own figures: distinct surviving values, rows keeping theirs
    matching_cells: int  # output cells equal to some original value of the column
    own_value_rows: tuple[int, ...] = ()  # positions in `before` of rows keeping their own

    @property
    def passed(self) -> bool:
        return self.result.passed

    @property
    def leaked_cells(self) -> int:
        """The cells that break the check: any original where the method must leave none, a
        row's own value where the method must change every row, none for the others."""
        if self.method in MUST_BE_ZERO:
            return self.matching_cells
        if self.method in SAME_ROW_MUST_BE_ZERO:
            return len(self.own_value_rows)
        return 0


@dataclass(frozen=True)
class SamplePrivacy:
    """Privacy figures of a preview sample's output over the chosen quasi-identifiers."""

    quasi_identifiers: tuple[str, ...]
    k_anonymity: KAnonymity | None  # None without quasi-identifiers or when one is missing
    classes_below_k: int = 0  # equivalence classes smaller than `k_target`
    k_target: int | None = None  # the table's privacy model's k
    enforced: bool = False  # the run generalizes until k_target is reached over these columns
    l_diversity: dict[str, int] = field(default_factory=dict)  # per sensitive column
    l_target: int | None = None
    missing: tuple[str, ...] = ()  # chosen columns the output lacks
    leaks: tuple[SampleLeak, ...] = ()  # one per anonymized column of the output

    @property
    def k(self) -> int | None:
        return None if self.k_anonymity is None else self.k_anonymity.k

    @property
    def k_passed(self) -> bool:
        """No class below the target (true without a target or without figures)."""
        return self.classes_below_k == 0

    @property
    def l_passed(self) -> bool:
        target = self.l_target
        return target is None or all(value >= target for value in self.l_diversity.values())

    @property
    def leaks_passed(self) -> bool:
        return all(leak.passed for leak in self.leaks)

    @property
    def failed_leaks(self) -> list[SampleLeak]:
        return [leak for leak in self.leaks if not leak.passed]


def default_quasi_identifiers(table: Table) -> list[str]:
    """The privacy model's quasi-identifiers, else the columns whose personal-data category the
    detector treats as quasi-identifying (birth date, city, postal code, gender...)."""
    if table.privacy is not None and table.privacy.quasi_identifiers:
        return list(table.privacy.quasi_identifiers)
    return [
        column.name
        for column in table.table_schema.columns
        if column.personal_data in QUASI_IDENTIFYING_CATEGORIES
    ]


def sample_privacy(
    table: Table,
    before: pd.DataFrame,
    after: pd.DataFrame,
    quasi_identifiers: Sequence[str],
    *,
    rules: Mapping[str, AnonymizationRule] | None = None,
) -> SamplePrivacy:
    """k, classes below the model's k, uniques and l-diversity of `after` over
    `quasi_identifiers`, and the leak check of `after` against the raw sample `before`.

    `rules` are the effective anonymization rules by column (with those a foreign key
    inherits); by default the table's own. Rows are matched by index label, as the preview
    keeps them.
    """
    hashes = ChunkHashes(before, after)
    model = table.privacy
    chosen = tuple(quasi_identifiers)
    missing = tuple(name for name in chosen if name not in after.columns)
    sensitive = [name for name in (model.sensitive if model else []) if name in after.columns]
    figures = SamplePrivacy(
        chosen,
        None,
        k_target=model.k if model else None,
        enforced=_enforced(table, chosen),
        l_target=model.l_diversity if model else None,
        missing=missing,
        leaks=tuple(_leaks(table, hashes, rules)),
    )
    if not chosen or missing:
        return figures
    sizes, suppressed = _class_sizes(hashes, list(chosen))
    target = figures.k_target
    return replace(
        figures,
        k_anonymity=KAnonymity.from_counts(chosen, sizes, target, suppressed),
        classes_below_k=int((sizes < target).sum()) if target else 0,
        l_diversity=l_diversity(after, chosen, sensitive) if sensitive else {},
    )


def _enforced(table: Table, chosen: Sequence[str]) -> bool:
    """Whether the run's k-anonymization covers `chosen`: it generalizes over the model's
    quasi-identifiers, and k over some of them is never smaller than k over all."""
    model = table.privacy
    if model is None or not model.enforce or not model.k:
        return False
    return set(chosen) <= set(model.quasi_identifiers)


def _class_sizes(hashes: ChunkHashes, columns: list[str]) -> tuple[Counts, int]:
    """(rows per equivalence class, suppressed rows), counted as `GroupCollector` counts them
    (it keeps the sizes to itself): a row whose quasi-identifiers are all null is in no class."""
    present = np.logical_or.reduce([hashes.column("after", name).present for name in columns])
    _, sizes = unique_counts(hashes.rows("after", columns)[present])
    return sizes, int((~present).sum())


def _leaks(
    table: Table, hashes: ChunkHashes, rules: Mapping[str, AnonymizationRule] | None
) -> list[SampleLeak]:
    if rules is None:
        rules = {c.name: c.anonymization for c in table.table_schema.columns if c.anonymization}
    before, after = hashes.frames["before"], hashes.frames["after"]
    collector = LeakCollector()
    checked: dict[str, str] = {}
    for name, rule in rules.items():
        if rule.method != "keep" and name in before.columns and name in after.columns:
            collector.observe_hashed(table.table_name, name, hashes, rule.method)
            checked[name] = rule.method
    found = {result.column: result for result in collector.result()}
    return [_column_leak(hashes, name, method, found[name]) for name, method in checked.items()]


def _column_leak(hashes: ChunkHashes, name: str, method: str, result: LeakResult) -> SampleLeak:
    """The cells behind a column's `LeakResult`, from the hashes it was made of."""
    original, output = hashes.column("before", name), hashes.column("after", name)
    matching = output.present & contains(np.unique(original.distinct), output.rows)
    return SampleLeak(name, method, result, int(matching.sum()), _own_value_rows(hashes, name))


def _own_value_rows(hashes: ChunkHashes, name: str) -> tuple[int, ...]:
    """Positions in `before` of the rows whose output equals their own original (nulls never
    do); none when rows cannot be matched by label, as `LeakCollector` matches them."""
    index, out_index = hashes.frames["before"].index, hashes.frames["after"].index
    if not (index.is_unique and out_index.is_unique):
        return ()
    original, output = hashes.column("before", name), hashes.column("after", name)
    positions = index.get_indexer(out_index)
    matched = positions >= 0
    rows = positions[matched]
    same = original.present[rows] & output.present[matched]
    same &= original.rows[rows] == output.rows[matched]
    return tuple(int(row) for row in rows[same])
