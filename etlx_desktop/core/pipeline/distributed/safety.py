"""Which modules can run on a Dask cluster with exactly the local run's output.

A partition is a key range of one table processed by its own `ChunkProcessor` on a worker, so
anything that carries state from one row or chunk to the next (in source order) would see a
different history there. Those rules are refused before anything is read, naming the table,
the column and the method, and saying what is allowed (docs/scale-out.md has the whole table).
Table-wide statistics (fill_mean/median/mode) and k-anonymity are not refused: the executor
gathers them in a first pass over every partition, as the local engine does over every chunk.
"""

from __future__ import annotations

from ...metadata.model import NullStrategy, Table
from ..preflight import RunPlan

# methods whose output depends on the chunk a row falls in (noise is keyed by the row itself)
CHUNK_ORDER_METHODS = {
    "shuffle": "permutes values within a chunk",
}
ALLOWED = (
    "allowed on Dask: keep, hash, mask, redact, null, constant, regex_replace, generalize, noise, "
    "pseudonymize, date_shift, fake (deterministic, on a column that is not unique), "
    "k_anonymize, and every null strategy but forward_fill"
)


class NotPartitionSafe(Exception):
    """The module uses a rule whose result depends on how rows are split across partitions;
    the message names each one and what the Dask executor allows. Run it locally instead."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        listed = "; ".join(reasons)
        super().__init__(
            f"this module cannot run on Dask with the local run's output: {listed}. "
            f"{ALLOWED}. Run it with --executor local."
        )


def check_partition_safe(plan: RunPlan) -> None:
    """Raise NotPartitionSafe listing every rule that cannot be split into key ranges."""
    reasons: list[str] = []
    for table in plan.module.tables:
        reasons += _table_reasons(table, plan)
    if reasons:
        raise NotPartitionSafe(reasons)


def _table_reasons(table: Table, plan: RunPlan) -> list[str]:
    name = table.table_name
    reasons: list[str] = []
    unique = set(table.table_schema.primary_key)
    unique |= {c.name for c in table.table_schema.columns if c.unique}
    for (owner, column_name), rule in plan.rules.items():
        if owner != name:
            continue
        where = f"{name}.{column_name} ({rule.method})"
        if rule.method in CHUNK_ORDER_METHODS:
            reasons.append(f"{where} {CHUNK_ORDER_METHODS[rule.method]}")
        elif rule.method == "fake" and column_name in unique:
            reasons.append(
                f"{where} resolves collisions on a unique column in row order across the table"
            )
        elif rule.method == "fake" and (rule.parameters or {}).get("deterministic") is False:
            reasons.append(f"{where} is not deterministic (a random salt per run)")
    for column in table.table_schema.columns:
        if column.null_strategy is NullStrategy.FORWARD_FILL:
            reasons.append(f"{name}.{column.name} (forward_fill) carries values across rows")
    for step in table.transformation:
        if step.script is not None:
            reasons.append(
                f"{name}: transform script {step.script.path} may keep state across chunks"
            )
        elif step.normalizer == "deduplicate":
            reasons.append(f"{name}: deduplicate keeps the first row seen in source order")
    return reasons
