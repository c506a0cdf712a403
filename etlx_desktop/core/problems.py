"""Problems found in a metadata document, each tied to the JSON path of the field at fault."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document: where (a JSON path) and what, in a sentence."""

    path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.path or "(document)"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "severity": self.severity.value}


class ModuleInvalid(Exception):
    """A module document cannot be used; carries every problem found, not only the first."""

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        lines = "\n".join(f"  {p}" for p in errors)
        super().__init__(f"{source}: {len(errors)} problem(s)\n{lines}")


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def join_path(base: str, key: str | int) -> str:
    """`tables[1]` + `tableSchema` -> `tables[1].tableSchema`; ints become `[n]`."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key
