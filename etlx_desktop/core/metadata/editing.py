"""Undoable edits of a data module, with no Qt: each command applies and reverts exactly.

The desktop editor wraps these in QUndoCommands; tests drive them headless. A command keeps
what it overwrote when it is applied, so `revert` restores exactly that. Columns are addressed
by position (`ColumnAt`), not by name: a name is editable, a position is not.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, Self

from ..anonymize.registry import KeyDomainUse, MethodRegistry
from ..problems import Problem
from .io import module_from_json, module_to_json
from .model import AnonymizationRule, Column, DataModule, PrivacyModel, Table
from .validate import validate_module

if TYPE_CHECKING:
    from ..anonymize.detect.result import ScanResult, Suggestion

DEFAULT_MIN_CONFIDENCE = 0.5


class EditError(ValueError):
    """An edit that does not fit the module (no such column, no rule to change)."""


class _Unset:
    """Marks a parameter to remove, and a command not applied yet."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


@dataclass(frozen=True, order=True)
class ColumnAt:
    """A column by position: `tables[table].tableSchema.columns[column]`."""

    table: int
    column: int

    def table_in(self, module: DataModule) -> Table:
        if not 0 <= self.table < len(module.tables):
            raise EditError(f"the module has no table {self.table}")
        return module.tables[self.table]

    def column_in(self, module: DataModule) -> Column:
        columns = self.table_in(module).table_schema.columns
        if not 0 <= self.column < len(columns):
            raise EditError(f"table {self.table} has no column {self.column}")
        return columns[self.column]

    @property
    def path(self) -> str:
        return f"tables[{self.table}].tableSchema.columns[{self.column}]"

    def label(self, module: DataModule) -> str:
        """`customers.email`: how people name the column."""
        return f"{self.table_in(module).table_name}.{self.column_in(module).name}"


def locate(module: DataModule, table: str, column: str) -> ColumnAt | None:
    """The position of `table.column`, or None if the module has no such column."""
    for t_index, candidate in enumerate(module.tables):
        if candidate.table_name == table:
            for c_index, found in enumerate(candidate.table_schema.columns):
                if found.name == column:
                    return ColumnAt(t_index, c_index)
    return None


class Edit(Protocol):
    """A change of a module that can be undone: `revert` is the exact inverse of `apply`."""

    def apply(self, module: DataModule) -> None: ...

    def revert(self, module: DataModule) -> None: ...

    def describe(self, module: DataModule) -> str: ...


_FIELDS = {f.name for f in dataclasses.fields(Column)} - {"anonymization"}


@dataclass
class _Replace:
    """An edit replacing one part of the module; it keeps the old part to put back."""

    _before: Any = dataclasses.field(default=UNSET, kw_only=True, repr=False, compare=False)

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        """The object and attribute this edit replaces."""
        raise NotImplementedError

    def _read(self, module: DataModule) -> Any:
        return getattr(*self._slot(module))

    def _write(self, module: DataModule, value: Any) -> None:
        setattr(*self._slot(module), value)

    def _new(self, module: DataModule) -> Any:
        raise NotImplementedError

    def merge_key(self) -> tuple[Any, ...] | None:
        """Edits with the same key may merge into one undo step (typing in one field)."""
        return None

    def apply(self, module: DataModule) -> None:
        before = copy.deepcopy(self._read(module))
        self._write(module, copy.deepcopy(self._new(module)))
        self._before = before

    def revert(self, module: DataModule) -> None:
        if self._before is UNSET:
            raise EditError("an edit was reverted before it was applied")
        self._write(module, copy.deepcopy(self._before))

    def merged_with(self, later: object) -> Self | None:
        """One edit doing `self` then `later`, if both change the same thing."""
        key = self.merge_key()
        if key is None or type(later) is not type(self) or later.merge_key() != key:
            return None
        merged = copy.copy(later)
        merged._before = self._before
        return merged


@dataclass
class SetColumnField(_Replace):
    """Set one field rule of a column (`datatype`, `null_strategy`, `minimum`, ...)."""

    at: ColumnAt
    field: str  # the dataclass attribute of Column
    value: Any

    def __post_init__(self) -> None:
        if self.field not in _FIELDS:
            raise EditError(f"columns have no field {self.field!r} to set this way")

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return self.at.column_in(module), self.field

    def _new(self, module: DataModule) -> Any:
        return self.value

    def merge_key(self) -> tuple[Any, ...] | None:
        return (self.at, self.field)

    def describe(self, module: DataModule) -> str:
        return f"Set {self.field.replace('_', ' ')} of {self.at.label(module)}"


def set_personal_data(at: ColumnAt, category: str | None) -> SetColumnField:
    """Set (or with None clear) a column's DPV personal-data category."""
    return SetColumnField(at, "personal_data", category)


@dataclass
class SetRule(_Replace):
    """Set a column's anonymization rule, or clear it with `rule=None`."""

    at: ColumnAt
    rule: AnonymizationRule | None

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return self.at.column_in(module), "anonymization"

    def _new(self, module: DataModule) -> Any:
        return self.rule

    def describe(self, module: DataModule) -> str:
        if self.rule is None:
            return f"Clear the rule of {self.at.label(module)}"
        return f"Anonymize {self.at.label(module)} with {self.rule.method}"


def _rule_of(module: DataModule, at: ColumnAt) -> AnonymizationRule:
    rule = at.column_in(module).anonymization
    if rule is None:
        raise EditError(f"{at.label(module)} has no anonymization rule")
    return rule


@dataclass
class SetParameter(_Replace):
    """Set one parameter of a column's rule; `value=UNSET` removes it (its default applies)."""

    at: ColumnAt
    name: str
    value: Any

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return _rule_of(module, self.at), "parameters"

    def _new(self, module: DataModule) -> Any:
        parameters = dict(self._read(module) or {})
        if self.value is UNSET:
            parameters.pop(self.name, None)
        else:
            parameters[self.name] = self.value
        return parameters or None

    def merge_key(self) -> tuple[Any, ...] | None:
        return (self.at, self.name)

    def describe(self, module: DataModule) -> str:
        what = "Reset" if self.value is UNSET else "Set"
        return f"{what} {self.name} of {self.at.label(module)}"


@dataclass
class SetKeyDomain(_Replace):
    """Set (or with None clear) the key domain of a column's rule."""

    at: ColumnAt
    key_domain: str | None

    def _slot(self, module: DataModule) -> tuple[Any, str]:
        return _rule_of(module, self.at), "key_domain"

    def _new(self, module: DataModule) -> Any:
        return self.key_domain

    def merge_key(self) -> tuple[Any, ...] | None:
        return (self.at,)

    def describe(self, module: DataModule) -> str:
        return f"Set the key domain of {self.at.label(module)}"


@dataclass
class AcceptSuggestion(_Replace):
    """Take a scan's suggestion for a column: its rule, its category if the column has none,
    and a place among the table's quasi-identifiers if the suggestion says so."""

    at: ColumnAt
    suggestion: Suggestion

    def _read(self, module: DataModule) -> Any:
        column = self.at.column_in(module)
        return column.anonymization, column.personal_data, self.at.table_in(module).privacy

    def _write(self, module: DataModule, value: Any) -> None:
        column = self.at.column_in(module)
        column.anonymization, column.personal_data, self.at.table_in(module).privacy = value

    def _new(self, module: DataModule) -> Any:
        column = self.at.column_in(module)
        privacy = copy.deepcopy(self.at.table_in(module).privacy)
        if self.suggestion.quasi_identifier:
            privacy = privacy or PrivacyModel(quasi_identifiers=[])
            if column.name not in privacy.quasi_identifiers:
                privacy.quasi_identifiers.append(column.name)
        category = column.personal_data or self.suggestion.category
        return suggested_rule(module, self.suggestion), category, privacy

    def describe(self, module: DataModule) -> str:
        return f"Accept the suggestion for {self.at.label(module)}"


def suggested_rule(module: DataModule, suggestion: Suggestion) -> AnonymizationRule:
    """The suggestion's rule; a foreign key takes its parent key's current rule (and domain),
    so the two still join."""
    parent = locate(module, *suggestion.references) if suggestion.references else None
    if parent is not None and suggestion.references is not None:
        rule = parent.column_in(module).anonymization
        if rule is not None:
            domain = rule.key_domain or ".".join(suggestion.references)
            return dataclasses.replace(copy.deepcopy(rule), key_domain=domain)
    return copy.deepcopy(suggestion.rule)


@dataclass
class CompoundEdit:
    """Several edits as one step (e.g. minimum and maximum of a range)."""

    edits: Sequence[Edit]
    text: str

    def apply(self, module: DataModule) -> None:
        for edit in self.edits:
            edit.apply(module)

    def revert(self, module: DataModule) -> None:
        for edit in reversed(self.edits):
            edit.revert(module)

    def describe(self, module: DataModule) -> str:
        return self.text


def switch_method(
    rule: AnonymizationRule | None,
    method: str | None,
    registry: MethodRegistry,
    default_domain: str,
) -> AnonymizationRule | None:
    """The rule after choosing another method: parameters the new method accepts are kept, the
    key domain is kept where the method uses one (`default_domain` where it needs one)."""
    if not method:
        return None
    spec = registry.get(method)
    old = dict(rule.parameters or {}) if rule else {}
    known = {p.name: p for p in spec.params}
    kept = {k: v for k, v in old.items() if k in known and known[k].check(v, k) is None}
    domain = rule.key_domain if rule else None
    if spec.key_domain is KeyDomainUse.NONE:
        domain = None
    elif spec.key_domain is KeyDomainUse.REQUIRED and not domain:
        domain = default_domain
    return AnonymizationRule(method=method, key_domain=domain, parameters=kept or None)


@dataclass(frozen=True)
class Unprotected:
    """A column that looks personal but has no anonymization rule (own or inherited)."""

    at: ColumnAt
    table: str
    column: str
    category: str | None
    reason: str
    confidence: float | None = None  # the scan's, when a scan flagged it


def unprotected_columns(
    module: DataModule,
    scan: ScanResult | None = None,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> list[Unprotected]:
    """Columns with a personal-data category, or flagged by `scan` with at least
    `min_confidence`, that no rule protects. A foreign key inheriting its parent's rule is
    protected; a rule of method `keep` is an explicit decision and counts as one."""
    from ..anonymize.apply import effective_rules

    ruled = effective_rules(module)
    flagged = {(s.table, s.column): s for s in scan.suggestions} if scan else {}
    found: list[Unprotected] = []
    for t_index, table in enumerate(module.tables):
        for c_index, column in enumerate(table.table_schema.columns):
            ref = (table.table_name, column.name)
            if ref in ruled:
                continue
            at = ColumnAt(t_index, c_index)
            hint = flagged.get(ref)
            if column.personal_data is not None:
                reason = f"personal data ({column.personal_data}) left unprotected"
                found.append(Unprotected(at, *ref, column.personal_data, reason))
            elif hint is not None and hint.confidence >= min_confidence:
                reason = (
                    f"the scan found {hint.category} ({hint.confidence:.0%} sure); left unprotected"
                )
                found.append(Unprotected(at, *ref, hint.category, reason, hint.confidence))
    return found


def check_module(
    module: DataModule, base_dir: Path | None = None, registry: MethodRegistry | None = None
) -> list[Problem]:
    """Every problem of the module as it would be saved now: shape problems of its JSON
    (found by decoding it again) and the semantic ones of `validate_module`."""
    try:
        raw = json.loads(json.dumps(module_to_json(module), allow_nan=False))
    except (TypeError, ValueError) as exc:
        return [Problem("", f"cannot be saved: {exc}.")]
    _, problems = module_from_json(raw)
    problems += validate_module(module, base_dir=base_dir, raw=raw, registry=registry)
    return sorted(set(problems), key=lambda p: (p.path, p.message))
