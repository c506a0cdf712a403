"""What a scan found: per column, a suggested category and rule with its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ...metadata.model import AnonymizationRule, DataModule
from .kinds import PiiKind


class SignalSource(StrEnum):
    NAME = "name"
    VALUES = "values"
    KEY = "key"


@dataclass(frozen=True)
class Signal:
    """One piece of evidence: where it comes from, what it says, the share of values behind it."""

    source: SignalSource
    detail: str
    share: float | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {"source": str(self.source), "detail": self.detail}
        if self.share is not None:
            found["share"] = round(self.share, 3)
        return found


@dataclass(frozen=True)
class Suggestion:
    """What a column seems to hold and how to anonymize it."""

    table: str
    column: str
    kind: PiiKind
    category: str  # a DPV personal-data category (PERSONAL_DATA_CATEGORIES)
    rule: AnonymizationRule
    confidence: float  # 0..1
    evidence: tuple[Signal, ...]
    quasi_identifier: bool = False
    references: tuple[str, str] | None = None  # (table, column) of the key a foreign key joins

    def as_dict(self) -> dict[str, Any]:
        rule: dict[str, Any] = {"method": self.rule.method}
        if self.rule.key_domain is not None:
            rule["keyDomain"] = self.rule.key_domain
        if self.rule.parameters:
            rule["parameters"] = dict(self.rule.parameters)
        return {
            "kind": str(self.kind),
            "personalData": self.category,
            "anonymization": rule,
            "confidence": round(self.confidence, 2),
            "quasiIdentifier": self.quasi_identifier,
            "evidence": [signal.as_dict() for signal in self.evidence],
        }


@dataclass(frozen=True)
class ColumnScan:
    """One scanned column: how many values were looked at, and the suggestion, if any."""

    column: str
    values_sampled: int
    suggestion: Suggestion | None
    current_method: str | None = None  # the rule the module already has
    current_category: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "column": self.column,
            "valuesSampled": self.values_sampled,
            "personal": self.suggestion is not None,
            "current": {"method": self.current_method, "personalData": self.current_category},
        }
        if self.suggestion is not None:
            found.update(self.suggestion.as_dict())
        return found


@dataclass(frozen=True)
class TableScan:
    table: str
    rows_sampled: int
    columns: tuple[ColumnScan, ...]
    error: str | None = None  # why the table's rows could not be read (names only were used)

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "rowsSampled": self.rows_sampled,
            "error": self.error,
            "columns": [column.as_dict() for column in self.columns],
        }


@dataclass
class ScanResult:
    """The scan of a module: its tables and columns, and the module that was scanned."""

    module: DataModule = field(repr=False)
    sample_rows: int
    tables: list[TableScan]

    @property
    def suggestions(self) -> list[Suggestion]:
        return [c.suggestion for t in self.tables for c in t.columns if c.suggestion is not None]

    @property
    def errors(self) -> dict[str, str]:
        return {t.table: t.error for t in self.tables if t.error is not None}

    def suggestion(self, table: str, column: str) -> Suggestion | None:
        for found in self.suggestions:
            if (found.table, found.column) == (table, column):
                return found
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "module": self.module.identifier,
            "sampleRows": self.sample_rows,
            "tables": [table.as_dict() for table in self.tables],
        }
