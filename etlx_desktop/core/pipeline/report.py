"""The RunReport: what a run read, wrote, quarantined, filled and published (JSON-serialisable)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..anonymize.privacy import PrivacyReport
    from ..sources.drift import DriftReport


@dataclass
class ColumnReport:
    nulls_found: int = 0
    nulls_filled: int = 0
    coerce_failures: int = 0
    rule_hits: Counter[str] = field(default_factory=Counter)


@dataclass
class TableReport:
    table: str
    rows_read: int = 0
    rows_written: int = 0
    rows_quarantined: int = 0
    rows_dropped: int = 0
    columns: dict[str, ColumnReport] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    k_anonymity: dict[str, object] | None = None

    def column(self, name: str) -> ColumnReport:
        return self.columns.setdefault(name, ColumnReport())

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


@dataclass
class PublishedVersion:
    target: str
    kind: str
    version: int
    location: str


@dataclass
class RunReport:
    module: str
    run_id: str
    started_at: str
    ended_at: str | None = None
    status: str = "running"  # succeeded, failed, cancelled
    tables: dict[str, TableReport] = field(default_factory=dict)
    published: list[PublishedVersion] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    privacy: PrivacyReport | None = None  # the privacy checks of the output
    drift: DriftReport | None = None  # each table's source against the module, before the run

    def table(self, name: str) -> TableReport:
        return self.tables.setdefault(name, TableReport(name))

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON types only (dataclasses.asdict would turn a Counter inside out)."""
        data: dict[str, Any] = _plain(self)
        return data


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):  # Counter included
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
