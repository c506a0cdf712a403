"""Privacy checks of a run's output, verified rather than assumed (see DESIGN.md).

`PrivacyCollector` sees every chunk of every table twice — as the rows were before
anonymization and as they are written — and keeps only 64-bit hashes and counts, never a
value. Memory is bounded: the checks of a run share one budget (`memory_budget`, 16 MiB by
default); past it the largest sets of hashes spill to files in a temporary folder (under
`tempfile.gettempdir()`, made only if something spills) holding nothing but hashes and
counts, and the final checks read them back one partition of 1/256 at a time, with the same
figures as in memory. The folder is removed when `report()` has its figures, or by `close()`
on a failed run (at the latest when the collector is garbage-collected); see
`privacy_hashing` and `privacy_spill`. At the end, `report()` says:
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
from .privacy_spill import DEFAULT_BUDGET, SpillSpace

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


class _Checks:
    """The collectors of a run's checks, sharing one spill space."""

    def __init__(
        self, module: DataModule, models: Mapping[str, PrivacyModel], space: SpillSpace
    ) -> None:
        self.leaks = LeakCollector(space=space)
        self.references = ReferenceCollector(module, space=space)
        self.groups = {
            name: GroupCollector(model.quasi_identifiers, model.sensitive, space=space)
            for name, model in models.items()
        }


@dataclass
class _Findings:
    """The figures of the checks, computed once: the spilled hashes are gone afterwards."""

    tables: dict[str, TablePrivacy]
    leaks: list[LeakResult]
    foreign_keys: list[ForeignKeyResult]


class PrivacyCollector:
    """The privacy checks of one run: `observe_chunk` per chunk, `report()` at the end (which
    may be asked again, with other expected rows). `memory_budget` bounds the bytes of hashes
    kept in memory; `spill_directory` is where the temporary folder goes (default: the
    system's temporary folder)."""

    def __init__(
        self,
        module: DataModule,
        rules: Mapping[tuple[str, str], AnonymizationRule],
        *,
        memory_budget: int = DEFAULT_BUDGET,
        spill_directory: str | None = None,
    ) -> None:
        self._anonymized: dict[str, dict[str, str]] = {}
        for (table, column), rule in rules.items():
            if rule.method != "keep":
                self._anonymized.setdefault(table, {})[column] = rule.method
        self._models: dict[str, PrivacyModel] = {
            t.table_name: t.privacy for t in module.tables if t.privacy is not None
        }
        self._space = SpillSpace(memory_budget, spill_directory)
        self._checks: _Checks | None = _Checks(module, self._models, self._space)
        self._rows: Counter[str] = Counter()
        self._unchecked: dict[str, list[str]] = {}
        self._findings: _Findings | None = None

    def __enter__(self) -> PrivacyCollector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def spilled(self) -> bool:
        """Whether some hashes went to disk during the run (the budget was passed)."""
        return self._space.files > 0

    def close(self) -> None:
        """Remove the spill files and let go of the hashes (a failed run calls it; `report()`
        does once it has its figures). Observing afterwards is an error."""
        self._space.close()
        self._checks = None

    def observe_chunk(self, table: str, original: pd.DataFrame, output: pd.DataFrame) -> None:
        """One chunk of `table`: its rows before anonymization and as they are written."""
        checks = self._checks
        if checks is None:
            raise RuntimeError("the privacy checks were closed; they see no more chunks")
        self._rows[table] += len(output)
        hashes = ChunkHashes(original, output)
        for column, method in self._anonymized.get(table, {}).items():
            if column in original.columns and column in output.columns:
                checks.leaks.observe_hashed(table, column, hashes, method)
        checks.references.observe_hashed(table, hashes)
        groups = checks.groups.get(table)
        if groups is not None:
            wanted = groups.quasi_identifiers + groups.sensitive
            absent = [c for c in wanted if c not in output.columns]
            if absent:
                self._unchecked[table] = absent
                del checks.groups[table]
            else:
                groups.observe_hashed(hashes)

    def end_table(self, table: str) -> None:
        """`table` sees no more chunks: the figures that need no other table are made now (the
        leak check's), and the hashes behind them let go."""
        checks = self._checks
        if checks is None:
            raise RuntimeError("the privacy checks were closed; they see no more chunks")
        checks.leaks.end_table(table)

    def report(self, expected_rows: Mapping[str, int] | None = None) -> PrivacyReport:
        """The findings; `expected_rows` (rows written per table) guards against chunks that
        reached the target without passing through `observe_chunk`."""
        findings = self._findings
        if findings is None:
            checks = self._checks
            if checks is None:
                raise RuntimeError("the privacy checks were closed before they reported")
            try:
                findings = _Findings(
                    {name: self._table(name, groups) for name, groups in checks.groups.items()},
                    checks.leaks.result(),
                    checks.references.result(),
                )
            finally:
                self.close()
            self._findings = findings
        report = PrivacyReport(
            dict(findings.tables), list(findings.leaks), list(findings.foreign_keys)
        )
        for name, figures in report.tables.items():
            _judge_table(name, figures, report)
        for name, absent in self._unchecked.items():
            report.warnings.append(
                f"{name}: privacy model not checked; the output has no column(s) "
                f"{', '.join(absent)}"
            )
        for leak in report.leaks:
            if not leak.passed:
                report.failures.append(leak.describe())
        for key in report.foreign_keys:
            _judge_key(key, report)
        for name, rows in (expected_rows or {}).items():
            if rows != self._rows[name]:
                report.failures.append(
                    f"{name}: the privacy checks saw {self._rows[name]} of {rows} written rows"
                )
        return report

    def _table(self, name: str, groups: GroupCollector) -> TablePrivacy:
        model = self._models[name]
        return TablePrivacy(
            name,
            groups.k_anonymity(model.k),
            groups.l_diversity(),
            model.l_diversity,
            bool(model.enforce),
        )


def _judge_table(name: str, figures: TablePrivacy, report: PrivacyReport) -> None:
    k = figures.k_anonymity
    found = report.failures if figures.enforce else report.warnings
    if k.groups and k.k_required is not None and k.k < k.k_required:
        found.append(
            f"{name}: k-anonymity over ({', '.join(k.quasi_identifiers)}) is {k.k}, below "
            f"the required {k.k_required} ({k.rows_below_k} of {k.rows} row(s) in smaller "
            f"groups, {k.unique_rows} unique)"
        )
    if k.groups and figures.l_required is not None:
        for column, value in figures.l_diversity.items():
            if value < figures.l_required:
                found.append(
                    f"{name}: l-diversity of {column} is {value}, below the required "
                    f"{figures.l_required}"
                )


def _judge_key(key: ForeignKeyResult, report: PrivacyReport) -> None:
    if not key.checked:
        report.warnings.append(f"{key.name()}: not checked: {key.note}")
    elif not key.passed:
        report.failures.append(
            f"{key.name()}: {key.introduced} row(s) lost their parent row through "
            f"anonymization ({key.orphan_rows} orphan row(s), {key.orphan_values} distinct "
            "key(s) without a parent)"
        )
