"""The coordinator's side of the partitions: add up what the first passes gathered, and put
the partitions' reports together into the table's report."""

from __future__ import annotations

import pandas as pd

from ...anonymize.kanonymity import KAnonymityPlan, merge, plan_k_anonymity
from ...metadata.model import Column, TableSchema, Target
from ...rules.stats import FillStatistics
from ...storage.base import VersionWriter
from ..kanon import KRequirement
from ..report import TableReport


def table_fills(columns: list[Column], partitions: list[list[pd.DataFrame]]) -> dict[str, object]:
    """fill_mean/median/mode values from every partition's normalized chunks, added in key
    order: the statistics of the whole table (the median over all of its values, exactly)."""
    statistics = FillStatistics(columns)
    for chunks in partitions:
        for chunk in chunks:
            statistics.add(chunk)
    return statistics.fills()


def table_k_plan(requirement: KRequirement, partitions: list[list[pd.DataFrame]]) -> KAnonymityPlan:
    """The k-anonymity plan from the combination counts of every partition (counts add up)."""
    columns = requirement.quasi_identifiers
    counts = [chunk for chunks in partitions for chunk in chunks]
    if not counts:
        counts = [pd.DataFrame({**{c: [] for c in columns}, "_count": []})]
    return plan_k_anonymity(
        merge(counts, columns), columns, requirement.k, requirement.max_suppression
    )


def add_report(total: TableReport, part: TableReport) -> None:
    """A partition's counts and times into the table's report."""
    total.rows_read += part.rows_read
    total.rows_written += part.rows_written
    total.rows_quarantined += part.rows_quarantined
    total.rows_dropped += part.rows_dropped
    for name, column in part.columns.items():
        into = total.column(name)
        into.nulls_found += column.nulls_found
        into.nulls_filled += column.nulls_filled
        into.coerce_failures += column.coerce_failures
        into.rule_hits.update(column.rule_hits)
    for stage, seconds in part.seconds.items():
        total.add_time(stage, seconds)


Writers = list[tuple[Target, VersionWriter]]


def write_chunk(
    writers: Writers,
    name: str,
    clean: pd.DataFrame,
    quarantine: pd.DataFrame,
    schema: TableSchema,
) -> None:
    """One processed chunk into every target, as the local engine's loader writes it."""
    for _, writer in writers:
        writer.write(name, clean, schema)
        if len(quarantine):
            writer.write_quarantine(name, quarantine)


def write_empty(writers: Writers, name: str, schema: TableSchema) -> None:
    """An empty table still exists in the version, with its columns."""
    columns = [c.name for c in schema.columns]
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    for _, writer in writers:
        writer.write(name, empty, schema)
