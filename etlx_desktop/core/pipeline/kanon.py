"""Table-wide k-anonymization in a run: a first pass counts the quasi-identifier combinations
of the processed rows, the plan is made from the counts, the second pass applies it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..anonymize.kanonymity import (
    KAnonymityPlan,
    combination_counts,
    merge,
    plan_k_anonymity,
)
from ..metadata.model import Table
from ..sources.reading import TableReader
from .cancel import CancelToken
from .chunks import ChunkProcessor
from .preflight import RunPlan
from .report import TableReport

_MERGE_EVERY = 20  # chunks: merged counts keep memory to the distinct combinations


class KAnonymityUnreachable(Exception):
    """Reaching the required k would suppress more rows than the model allows; the run stops
    before writing the table, so every target stays as it was."""

    def __init__(self, table: str, requirement: KRequirement, suppressed: int, total: int):
        self.table, self.requirement = table, requirement
        columns = ", ".join(requirement.quasi_identifiers)
        super().__init__(
            f"{table}: k={requirement.k} over ({columns}) needs suppressing {suppressed} of "
            f"{total} rows, more than maxSuppression allows ({requirement.max_suppression:.0%});"
            " generalize those columns further, lower k or raise maxSuppression"
        )


@dataclass(frozen=True)
class KRequirement:
    quasi_identifiers: list[str]
    k: int
    max_suppression: float


def k_requirement(table: Table, plan: RunPlan) -> KRequirement | None:
    """What k-anonymity the table must reach: its privacy model with `enforce`, or a
    `k_anonymize` rule on one of its columns."""
    privacy = table.privacy
    if privacy is not None and privacy.enforce and privacy.k:
        share = privacy.max_suppression if privacy.max_suppression is not None else 0.05
        return KRequirement(list(privacy.quasi_identifiers), privacy.k, share)
    for (name, _), rule in plan.rules.items():
        if name == table.table_name and rule.method == "k_anonymize":
            params = rule.parameters or {}
            return KRequirement(
                list(params["quasi_identifiers"]),
                int(params["k"]),
                float(params.get("max_suppression", 0.05)),
            )
    return None


def plan_table(
    table: Table,
    plan: RunPlan,
    run_id: str,
    reader: TableReader,
    fills: dict[str, object],
    requirement: KRequirement,
    chunk_rows: int,
    cancel: CancelToken,
) -> KAnonymityPlan:
    """First pass: process every chunk as the run will (without writing) and plan from the
    counts of the quasi-identifier combinations."""
    processor = ChunkProcessor(table, plan, run_id)
    processor.field_rules.fills = dict(fills)
    scratch = TableReport(table.table_name)
    counts: list[pd.DataFrame] = []
    first_row = 1
    columns = requirement.quasi_identifiers
    for raw in reader.chunks(chunk_rows):
        cancel.raise_if_cancelled()
        clean, _ = processor.process(raw, first_row, scratch)
        first_row += len(raw)
        counts.append(combination_counts(clean, columns))
        if len(counts) >= _MERGE_EVERY:
            counts = [merge(counts, columns)]
    if not counts:
        counts = [pd.DataFrame({**{c: [] for c in columns}, "_count": []})]
    return plan_k_anonymity(
        merge(counts, columns), columns, requirement.k, requirement.max_suppression
    )
