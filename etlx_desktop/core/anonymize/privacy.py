"""Privacy checks of a run's output, verified rather than assumed (see DESIGN.md).

`PrivacyCollector` sees every chunk of every table twice — as the rows were before
anonymization and as they are written — and keeps only hashes and counts (memory O(distinct
values), documented in `privacy_hashing`). At the end, `report()` says:
- k-anonymity, uniques and l-diversity of each table with a privacy model (`privacy_metrics`);
- which anonymized columns still show original values (`privacy_leaks`);
- which foreign keys lost their parents (`privacy_keys`);
and turns them into failures (the run must not publish) and warnings. Messages name tables,
columns and counts, never a value.

Failures: a surviving original value in a column whose method must leave none; an orphan
foreign key that anonymization made; k or l below the model's when the model says `enforce`;
rows of a table the checks did not see. k or l below the model's without `enforce`, a
pseudonym or fake equal to its own original, and a foreign key that could not be checked are
warnings. Orphans that were orphans before anonymization (their parent rows quarantined,
dropped or missing in the source) are figures in the report only: the quarantine already
reports those rows, and anonymization did not cause them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..metadata.model import AnonymizationRule, DataModule, PrivacyModel
from .privacy_hashing import ChunkHashes
from .privacy_keys import ForeignKeyResult, ReferenceCollector
from .privacy_leaks import LeakCollector, LeakResult
from .privacy_metrics import GroupCollector, KAnonymity, k_anonymity, l_diversity

__all__ = [
    "ForeignKeyResult",
    "KAnonymity",
    "LeakCollector",
    "LeakResult",
    "PrivacyCheckFailed",
    "PrivacyCollector",
    "PrivacyReport",
    "ReferenceCollector",
    "TablePrivacy",
    "k_anonymity",
    "l_diversity",
]


@dataclass
class TablePrivacy:
    """The privacy figures of one table's output against its privacy model."""

    table: str
    k_anonymity: KAnonymity
    l_diversity: dict[str, int] = field(default_factory=dict)
    l_required: int | None = None
    enforce: bool = False


@dataclass
class PrivacyReport:
    """What the privacy checks found (plain JSON types once `RunReport.as_dict` has it)."""

    tables: dict[str, TablePrivacy] = field(default_factory=dict)
    leaks: list[LeakResult] = field(default_factory=list)
    foreign_keys: list[ForeignKeyResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


class PrivacyCheckFailed(Exception):
    """The output failed a privacy check, so the run published nothing."""

    def __init__(self, report: PrivacyReport) -> None:
        self.report = report
        listed = "; ".join(report.failures)
        super().__init__(f"privacy check failed, nothing was published: {listed}")


class PrivacyCollector:
    """The privacy checks of one run: `observe_chunk` per chunk, `report()` at the end."""

    def __init__(
        self, module: DataModule, rules: Mapping[tuple[str, str], AnonymizationRule]
    ) -> None:
        self._anonymized: dict[str, dict[str, str]] = {}
        for (table, column), rule in rules.items():
            if rule.method != "keep":
                self._anonymized.setdefault(table, {})[column] = rule.method
        self._leaks = LeakCollector()
        self._references = ReferenceCollector(module)
        self._models: dict[str, PrivacyModel] = {
            t.table_name: t.privacy for t in module.tables if t.privacy is not None
        }
        self._groups = {
            name: GroupCollector(model.quasi_identifiers, model.sensitive)
            for name, model in self._models.items()
        }
        self._rows: Counter[str] = Counter()
        self._unchecked: dict[str, list[str]] = {}

    def observe_chunk(self, table: str, original: pd.DataFrame, output: pd.DataFrame) -> None:
        """One chunk of `table`: its rows before anonymization and as they are written."""
        self._rows[table] += len(output)
        hashes = ChunkHashes(original, output)
        for column, method in self._anonymized.get(table, {}).items():
            if column in original.columns and column in output.columns:
                self._leaks.observe_hashed(table, column, hashes, method)
        self._references.observe_hashed(table, hashes)
        groups = self._groups.get(table)
        if groups is not None:
            wanted = groups.quasi_identifiers + groups.sensitive
            absent = [c for c in wanted if c not in output.columns]
            if absent:
                self._unchecked[table] = absent
                del self._groups[table]
            else:
                groups.observe_hashed(hashes)

    def report(self, expected_rows: Mapping[str, int] | None = None) -> PrivacyReport:
        """The findings; `expected_rows` (rows written per table) guards against chunks that
        reached the target without passing through `observe_chunk`."""
        report = PrivacyReport()
        for name, groups in self._groups.items():
            report.tables[name] = self._table(name, groups, report)
        for name, absent in self._unchecked.items():
            report.warnings.append(
                f"{name}: privacy model not checked; the output has no column(s) "
                f"{', '.join(absent)}"
            )
        report.leaks = self._leaks.result()
        for leak in report.leaks:
            if not leak.passed:
                report.failures.append(leak.describe())
        report.foreign_keys = self._references.result()
        for key in report.foreign_keys:
            _judge_key(key, report)
        for name, rows in (expected_rows or {}).items():
            if rows != self._rows[name]:
                report.failures.append(
                    f"{name}: the privacy checks saw {self._rows[name]} of {rows} written rows"
                )
        return report

    def _table(self, name: str, groups: GroupCollector, report: PrivacyReport) -> TablePrivacy:
        model = self._models[name]
        figures = TablePrivacy(
            name,
            groups.k_anonymity(model.k),
            groups.l_diversity(),
            model.l_diversity,
            bool(model.enforce),
        )
        k = figures.k_anonymity
        found = report.failures if model.enforce else report.warnings
        if k.groups and model.k is not None and k.k < model.k:
            found.append(
                f"{name}: k-anonymity over ({', '.join(k.quasi_identifiers)}) is {k.k}, below "
                f"the required {model.k} ({k.rows_below_k} of {k.rows} row(s) in smaller "
                f"groups, {k.unique_rows} unique)"
            )
        if k.groups and model.l_diversity is not None:
            for column, value in figures.l_diversity.items():
                if value < model.l_diversity:
                    found.append(
                        f"{name}: l-diversity of {column} is {value}, below the required "
                        f"{model.l_diversity}"
                    )
        return figures


def _judge_key(key: ForeignKeyResult, report: PrivacyReport) -> None:
    if not key.checked:
        report.warnings.append(f"{key.name()}: not checked: {key.note}")
    elif not key.passed:
        report.failures.append(
            f"{key.name()}: {key.introduced} row(s) lost their parent row through "
            f"anonymization ({key.orphan_rows} orphan row(s), {key.orphan_values} distinct "
            "key(s) without a parent)"
        )
