"""Semantic checks of tables: extraction, transformations, columns, keys and anonymization."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from ..anonymize.registry import KeyDomainUse, MethodRegistry
from ..problems import Problem, Severity
from ..words import unknown_word
from .codec import rejected_keys
from .model import Column, DataModule, Datatype, NullStrategy, Table, ViolationAction
from .validate_privacy import check_privacy
from .vocabulary import NORMALIZERS, PERSONAL_DATA_CATEGORIES, SQL_SOURCES

NUMERIC = {
    Datatype.INTEGER,
    Datatype.LONG,
    Datatype.SHORT,
    Datatype.DECIMAL,
    Datatype.DOUBLE,
    Datatype.FLOAT,
}
TEMPORAL = {Datatype.DATE, Datatype.DATETIME, Datatype.TIME}
_STATISTICAL = {NullStrategy.FILL_MEAN, NullStrategy.FILL_MEDIAN}


def check_tables(module: DataModule, registry: MethodRegistry) -> list[Problem]:
    problems: list[Problem] = []
    names = Counter(t.table_name for t in module.tables)
    urls = Counter(t.url for t in module.tables)
    by_ref = {t.url: t for t in module.tables} | {t.table_name: t for t in module.tables}
    sources = {s.identifier: s for s in module.data_sources}
    for index, table in enumerate(module.tables):
        path = f"tables[{index}]"
        if names[table.table_name] > 1:
            problems.append(
                Problem(
                    f"{path}.tableName",
                    f"'{table.table_name}' names more than one table; table names must be unique.",
                )
            )
        if table.url is not None and urls[table.url] > 1:
            problems.append(
                Problem(f"{path}.url", f"'{table.url}' is used by more than one table.")
            )
        problems += _check_extraction(table, path, sources)
        problems += _check_transformation(table, path)
        problems += _check_schema(table, path, by_ref, registry)
        problems += check_privacy(table, path)
    return problems


def _check_extraction(table: Table, path: str, sources: dict[str, Any]) -> list[Problem]:
    step = table.extraction
    if step is None:
        return []
    path = f"{path}.extraction"
    source = sources.get(step.from_source)
    if step.from_source is not None and source is None:
        return [
            Problem(
                f"{path}.fromSource",
                unknown_word("data source", step.from_source, sources or ["(none defined)"]),
            )
        ]
    given = [
        k
        for k, v in (
            ("sourceTable", step.source_table),
            ("query", step.query),
            ("file", step.file),
            ("script", step.script),
        )
        if v is not None
    ]
    unusable = rejected_keys(step) & {"sourceTable", "query", "file", "script"}
    if not given and unusable:
        return []  # the step's key itself is already reported
    kind = source.kind if source is not None else None
    if not given and kind == "http":
        return _check_http(step.parameters, path)
    if len(given) != 1:
        what = ", ".join(given) if given else "none of them"
        return [
            Problem(
                path, f"needs exactly one of sourceTable, query, file or script (found {what})."
            )
        ]
    if given[0] in ("sourceTable", "query") and kind is not None and kind not in SQL_SOURCES:
        return [
            Problem(
                f"{path}.{given[0]}",
                f"needs a database source, but '{source.identifier}' is a {kind} source.",
            )
        ]
    if given[0] == "file" and kind is not None and kind not in ("file", "s3"):
        return [
            Problem(
                f"{path}.file",
                f"needs a file or s3 source, but '{source.identifier}' is a {kind} source.",
            )
        ]
    return []


def _check_http(parameters: dict[str, Any] | None, path: str) -> list[Problem]:
    """An HTTP table is read from `parameters.path` under the source's endpoint."""
    if not isinstance((parameters or {}).get("path"), str):
        return [
            Problem(
                f"{path}.parameters.path",
                "is required for an http source: the "
                "API path of the table's records, relative to the endpointURL.",
            )
        ]
    return []


def _check_transformation(table: Table, path: str) -> list[Problem]:
    problems: list[Problem] = []
    columns = _column_names(table)
    for index, step in enumerate(table.transformation):
        where = f"{path}.transformation[{index}]"
        unusable = rejected_keys(step) & {"normalizer", "script"}
        if (step.normalizer is None) == (step.script is None) and not unusable:
            problems.append(Problem(where, "needs exactly one of normalizer or script."))
        if step.normalizer is not None and step.normalizer not in NORMALIZERS:
            problems.append(
                Problem(
                    f"{where}.normalizer", unknown_word("normalizer", step.normalizer, NORMALIZERS)
                )
            )
        for c_index, name in enumerate(step.applies_to):
            if name not in columns:
                problems.append(
                    Problem(f"{where}.appliesTo[{c_index}]", unknown_word("column", name, columns))
                )
    return problems


def _column_names(table: Table) -> list[str]:
    schema = table.table_schema
    return [c.name for c in schema.columns] if schema is not None else []


def _check_schema(
    table: Table, path: str, by_ref: dict[str, Table], registry: MethodRegistry
) -> list[Problem]:
    schema = table.table_schema
    if schema is None:
        return []
    path = f"{path}.tableSchema"
    problems: list[Problem] = []
    names = _column_names(table)
    counts = Counter(names)
    for index, column in enumerate(schema.columns):
        where = f"{path}.columns[{index}]"
        if counts[column.name] > 1:
            problems.append(
                Problem(
                    f"{where}.name",
                    f"'{column.name}' appears more than once; "
                    "column names must be unique in a table.",
                )
            )
        problems += check_column(column, where, names, registry)
    for index, name in enumerate(schema.primary_key):
        if name not in names:
            problems.append(
                Problem(f"{path}.primaryKey[{index}]", unknown_word("column", name, names))
            )
    for index, fk in enumerate(schema.foreign_keys):
        problems += _check_foreign_key(fk, f"{path}.foreignKeys[{index}]", names, by_ref)
    return problems


def _check_foreign_key(
    fk: Any, path: str, names: list[str], by_ref: dict[str, Table]
) -> list[Problem]:
    problems = [
        Problem(f"{path}.columnReference[{i}]", unknown_word("column", n, names))
        for i, n in enumerate(fk.column_reference)
        if n not in names
    ]
    reference = fk.reference
    if reference is None or reference.resource is None:
        return problems
    parent = by_ref.get(reference.resource)
    if parent is None:
        tables = sorted({t.table_name for t in by_ref.values() if isinstance(t.table_name, str)})
        problems.append(
            Problem(f"{path}.reference.resource", unknown_word("table", reference.resource, tables))
        )
        return problems
    if parent.table_schema is None:
        return problems  # the parent's columns are unknown (its tableSchema is reported)
    parent_names = _column_names(parent)
    problems += [
        Problem(
            f"{path}.reference.columnReference[{i}]",
            unknown_word("column", n, parent_names, owner=f"table '{parent.table_name}'"),
        )
        for i, n in enumerate(reference.column_reference)
        if n not in parent_names
    ]
    unusable = "columnReference" in rejected_keys(fk) | rejected_keys(reference)
    if len(reference.column_reference) != len(fk.column_reference) and not unusable:
        problems.append(
            Problem(
                f"{path}.reference.columnReference",
                f"names {len(reference.column_reference)} column(s) but "
                f"columnReference names {len(fk.column_reference)}.",
            )
        )
    return problems


def check_column(
    column: Column, path: str, names: list[str], registry: MethodRegistry
) -> list[Problem]:
    """Every problem of one column's field rules and anonymization rule."""
    problems = _check_rules(column, path)
    if column.personal_data is not None and column.personal_data not in PERSONAL_DATA_CATEGORIES:
        problems.append(
            Problem(
                f"{path}.personalData",
                unknown_word(
                    "personal-data category", column.personal_data, PERSONAL_DATA_CATEGORIES
                ),
                Severity.WARNING,
            )
        )
    unusable = rejected_keys(column)
    if (
        column.personal_data is not None
        and column.anonymization is None
        and "anonymization" not in unusable
    ):
        problems.append(
            Problem(
                f"{path}.anonymization",
                f"is missing: the column holds personal "
                f"data ({column.personal_data}) and leaves unprotected.",
                Severity.WARNING,
            )
        )
    if column.anonymization is not None:
        problems += _check_rule(column, f"{path}.anonymization", registry)
    return problems


def _check_rules(column: Column, path: str) -> list[Problem]:
    problems: list[Problem] = []
    strategy = column.null_strategy
    # a field given with a wrong value (or a misspelt key) holds a default nobody wrote
    unusable = rejected_keys(column)
    typed = "datatype" not in unusable
    if (
        strategy is NullStrategy.FILL_DEFAULT
        and column.default is None
        and "default" not in unusable
    ):
        problems.append(Problem(f"{path}.default", "is required by nullStrategy fill_default."))
    if strategy in _STATISTICAL and column.datatype not in NUMERIC and typed:
        problems.append(
            Problem(
                f"{path}.nullStrategy",
                f"{strategy} needs a numeric datatype, not {column.datatype}.",
            )
        )
    if column.required and strategy is NullStrategy.KEEP and "nullStrategy" not in unusable:
        problems.append(
            Problem(
                f"{path}.nullStrategy",
                "is keep, but the column is required; "
                "use reject, drop_row, fail or a fill strategy.",
            )
        )
    if (
        column.on_violation is ViolationAction.CLIP
        and column.minimum is None
        and (column.maximum is None)
    ):
        problems.append(
            Problem(
                f"{path}.onViolation",
                "is clip, but the column has no minimum or maximum to clip to; "
                "use reject, set_null or fail for allowedValues and pattern.",
            )
        )
    if column.pattern is not None:
        try:
            re.compile(column.pattern)
        except (re.error, OverflowError, RecursionError) as exc:  # a{99999999999}, (((...
            problems.append(
                Problem(f"{path}.pattern", f"is not a valid regular expression: {exc}.")
            )
    if typed:
        problems += _check_range(column, path)
    return problems


def _check_range(column: Column, path: str) -> list[Problem]:
    bounds = {"minimum": column.minimum, "maximum": column.maximum}
    given = {k: v for k, v in bounds.items() if v is not None}
    if not given:
        return []
    if column.datatype not in NUMERIC | TEMPORAL:
        key = next(iter(given))
        return [
            Problem(
                f"{path}.{key}",
                f"applies to numbers, dates and times, not to a {column.datatype} column.",
            )
        ]
    parsed: dict[str, Any] = {}
    for key, value in given.items():
        parsed[key] = _as_bound(column.datatype, value)
        if parsed[key] is None:
            kind = "a number" if column.datatype in NUMERIC else "an ISO date/time string"
            return [Problem(f"{path}.{key}", f"must be {kind} for a {column.datatype} column.")]
    if len(parsed) == 2 and parsed["minimum"] > parsed["maximum"]:
        return [
            Problem(
                f"{path}.minimum", f"is greater than maximum ({column.minimum} > {column.maximum})."
            )
        ]
    return []


def _as_bound(datatype: Datatype, value: Any) -> Any:
    if datatype in NUMERIC:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        return value if ok else None
    if not isinstance(value, str):
        return None
    try:
        if datatype is Datatype.TIME:
            return value if re.match(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$", value) else None
        if datatype is Datatype.DATE:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is not None:  # compare instants: 10:00+05:00 is before 06:00Z
            moment = moment.astimezone(UTC)
        return moment.replace(tzinfo=None)
    except ValueError:
        return None


def _check_rule(column: Column, path: str, registry: MethodRegistry) -> list[Problem]:
    rule = column.anonymization
    if rule is None or rule.method is None:
        return []
    if rule.method not in registry:
        return [
            Problem(
                f"{path}.method",
                unknown_word("anonymization method", rule.method, registry.names()),
            )
        ]
    spec = registry.get(rule.method)
    unusable = rejected_keys(rule)
    problems = [] if "parameters" in unusable else spec.check(rule.parameters, f"{path}.parameters")
    if (
        spec.key_domain is KeyDomainUse.REQUIRED
        and not rule.key_domain
        and "keyDomain" not in unusable
    ):
        problems.append(
            Problem(
                f"{path}.keyDomain",
                f"is required by method '{spec.name}': "
                "columns sharing a key domain keep joining after masking.",
            )
        )
    if spec.key_domain is KeyDomainUse.NONE and rule.key_domain is not None:
        problems.append(Problem(f"{path}.keyDomain", f"does not apply to method '{spec.name}'."))
    return problems
