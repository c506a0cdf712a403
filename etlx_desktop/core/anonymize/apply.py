"""The anonymization stage: which rule applies to each column, what type it outputs, and
`apply(rule, values, context)` over the registered implementations."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..metadata.model import AnonymizationRule, DataModule, Datatype, KeyHandling, Table
from .basic import constant, hash_values, keep, mask, noise, null, redact, regex_replace
from .context import AnonymizeContext
from .fake import fake
from .generalize import generalize
from .pseudonymize import pseudonymize
from .shifting import date_shift, shuffle

Method = Callable[[pd.Series, dict[str, Any], AnonymizeContext], pd.Series]

IMPLEMENTATIONS: dict[str, Method] = {
    "keep": keep,
    "hash": hash_values,
    "mask": mask,
    "redact": redact,
    "null": null,
    "constant": constant,
    "regex_replace": regex_replace,
    "generalize": generalize,
    "noise": noise,
    "fake": fake,
    "pseudonymize": pseudonymize,
    "date_shift": date_shift,
    "shuffle": shuffle,
    # table-wide: the run's k-anonymity pass does the work (see pipeline/kanon.py)
    "k_anonymize": keep,
}

_STRING_OUTPUT = {"mask", "redact", "regex_replace"}


class MethodUnavailable(Exception):
    """A rule names a registered method that this build cannot run yet."""


def apply(rule: AnonymizationRule, values: pd.Series, ctx: AnonymizeContext) -> pd.Series:
    """The anonymized values of one column."""
    try:
        method = IMPLEMENTATIONS[rule.method]
    except KeyError:
        raise MethodUnavailable(
            f"anonymization method '{rule.method}' cannot run in this version"
        ) from None
    ctx.domain = rule.key_domain
    return method(values, dict(rule.parameters or {}), ctx)


ColumnRef = tuple[str, str]


def effective_rules(module: DataModule) -> dict[ColumnRef, AnonymizationRule]:
    """(table, column) -> rule, with inherit foreign keys taking their parent column's rule."""
    return rules_and_origins(module)[0]


def rules_and_origins(
    module: DataModule,
) -> tuple[dict[ColumnRef, AnonymizationRule], dict[ColumnRef, ColumnRef]]:
    """(the effective rules, the column each inherited rule comes from).

    The inherited rule keeps the parent's key domain (its own, or by default the parent's
    'table.column'), so a child key hashes exactly as the parent key and joins survive. Chains
    (order_items -> orders -> customers) resolve whatever the order of the tables.
    """
    rules = {
        (t.table_name, c.name): c.anonymization
        for t in module.tables
        for c in t.table_schema.columns
        if c.anonymization is not None
    }
    by_ref = {t.url: t for t in module.tables} | {t.table_name: t for t in module.tables}
    links: dict[tuple[str, str], tuple[str, str]] = {}
    for table in module.tables:
        for fk in table.table_schema.foreign_keys:
            parent = by_ref.get(fk.reference.resource)
            if parent is None or fk.key_handling is not KeyHandling.INHERIT:
                continue
            for child, referenced in zip(
                fk.column_reference, fk.reference.column_reference, strict=False
            ):
                links[(table.table_name, child)] = (parent.table_name, referenced)
    own = dict(rules)

    def resolve(
        column: tuple[str, str], seen: frozenset[tuple[str, str]]
    ) -> tuple[AnonymizationRule | None, tuple[str, str]]:
        """The rule a column ends up with, and the column whose rule (and domain) it is."""
        parent = links.get(column)
        if parent is not None and parent not in seen:
            rule, origin = resolve(parent, seen | {column})
            if rule is not None:
                return rule, origin
        return own.get(column), column

    origins: dict[ColumnRef, ColumnRef] = {}
    for linked in links:
        rule, origin = resolve(linked, frozenset())
        if rule is not None and origin != linked:
            domain = rule.key_domain or f"{origin[0]}.{origin[1]}"
            rules[linked] = dataclasses.replace(rule, key_domain=domain)
            origins[linked] = origin
    return rules, origins


def output_datatype(rule: AnonymizationRule | None, datatype: Datatype) -> Datatype:
    """The datatype a column has after its rule (e.g. a masked number becomes text)."""
    if rule is None:
        return datatype
    params = rule.parameters or {}
    if rule.method == "hash":
        return Datatype.LONG if params.get("encoding") == "numeric" else Datatype.STRING
    if rule.method == "fake":
        return Datatype.DATE if params.get("kind") == "birth_date" else Datatype.STRING
    if rule.method in _STRING_OUTPUT:
        return Datatype.STRING
    if rule.method == "generalize" and params.get("to") in (
        "age_band",
        "bins",
        "prefix",
        "mapping",
    ):
        return Datatype.STRING
    if rule.method == "generalize" and params.get("to") in ("year", "month", "week"):
        # the first day of the period: a datetime stays a datetime, text dates become dates
        return Datatype.DATETIME if datatype is Datatype.DATETIME else Datatype.DATE
    if rule.method == "constant":
        value = params.get("value")
        if isinstance(value, bool):
            return Datatype.BOOLEAN
        return (
            Datatype.LONG
            if isinstance(value, int)
            else (Datatype.DOUBLE if isinstance(value, float) else Datatype.STRING)
        )
    return datatype


def output_table(table: Table, rules: dict[tuple[str, str], AnonymizationRule]) -> Table:
    """A copy of `table` whose column datatypes are those of the anonymized output."""
    result = copy.deepcopy(table)
    for column in result.table_schema.columns:
        rule = rules.get((table.table_name, column.name))
        column.datatype = output_datatype(rule, column.datatype)
    return result
