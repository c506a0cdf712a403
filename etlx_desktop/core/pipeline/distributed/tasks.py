"""What a Dask worker runs for one partition: read its rows in its own session and push them
through a fresh `ChunkProcessor`, as the local engine does for a whole table.

Three kinds of task, matching the local engine's passes over a table: the statistics pass
(the normalized values that fill_mean/median/mode need), the k-anonymity counting pass (the
quasi-identifier combinations of the processed rows), and the processing pass (clean rows,
quarantine and the rows before anonymization for the coordinator's privacy checks). The first
two return raw material, not results: the coordinator adds it up over every partition in key
order, so table-wide values are those of the whole table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ...anonymize.kanonymity import KAnonymityPlan, combination_counts
from ...metadata.model import DataSource, Table
from ...sources.described import described_only
from ...sources.reading import SourceAccess
from ..chunks import ObservedProcessor
from ..preflight import RunPlan
from ..report import TableReport
from .partitions import Partition, read_partition, readable_by_name


@dataclass(frozen=True)
class PartitionJob:
    """Everything a worker needs for one partition (pickled to the worker, kept in memory)."""

    plan: RunPlan
    table: str
    part: Partition
    run_id: str
    chunk_rows: int
    snapshot: str | None = None
    fills: dict[str, Any] = field(default_factory=dict)
    k_plan: KAnonymityPlan | None = None


@dataclass
class ChunkOutput:
    clean: pd.DataFrame
    quarantine: pd.DataFrame
    before: pd.DataFrame  # the clean rows before anonymization, for the privacy checks


@dataclass
class PartitionOutput:
    part: Partition
    chunks: list[ChunkOutput]
    report: TableReport


def statistics_pass(job: PartitionJob, columns: list[str]) -> list[pd.DataFrame]:
    """Per chunk, the normalized values of the columns filled from table-wide statistics."""
    processor = _processor(job)
    out: list[pd.DataFrame] = []
    for raw in _raw_chunks(job):
        normalized = processor.normalized(raw)
        out.append(normalized[[c for c in columns if c in normalized]])
    return out


def k_counts_pass(job: PartitionJob, quasi_identifiers: list[str]) -> list[pd.DataFrame]:
    """Per chunk, the counts of the quasi-identifier combinations of the processed rows."""
    processor = _processor(job)
    scratch = TableReport(job.table)
    out: list[pd.DataFrame] = []
    first_row = job.part.first_row
    for raw in _raw_chunks(job):
        clean, _ = processor.process(raw, first_row, scratch)
        first_row += len(raw)
        out.append(combination_counts(clean, quasi_identifiers))
    return out


def process_pass(job: PartitionJob) -> PartitionOutput:
    """The partition's rows for the targets, its quarantine and its share of the report."""
    processor = _processor(job)
    report = TableReport(job.table)
    chunks: list[ChunkOutput] = []
    first_row = job.part.first_row
    for raw in _raw_chunks(job):
        clean, quarantine = processor.process(raw, first_row, report)
        if job.k_plan is not None:
            clean = job.k_plan.apply(clean)
        chunks.append(ChunkOutput(clean, quarantine, processor.take_before(job.table)))
        first_row += len(raw)
    return PartitionOutput(job.part, chunks, report)


def _processor(job: PartitionJob) -> ObservedProcessor:
    processor = ObservedProcessor(_table(job), job.plan, job.run_id)
    processor.field_rules.fills = dict(job.fills)
    return processor


def _table(job: PartitionJob) -> Table:
    return job.plan.module.table(job.table)


def _raw_chunks(job: PartitionJob) -> Iterator[pd.DataFrame]:
    """The partition's raw chunks: a key range through our reader, a table without a key
    through the source's ordinary (described-only) reader, exactly as the local run reads it."""
    table = _table(job)
    source = _source(job.plan, table)
    access = SourceAccess(job.plan.base_dir, job.plan.passwords.get(source.identifier))
    if readable_by_name(table, source):
        yield from read_partition(source, access, table, job.part, job.chunk_rows, job.snapshot)
        return
    from ...sources.sessions import open_source_session

    with described_only(open_source_session)(source, access) as session:
        yield from session.reader(table).chunks(job.chunk_rows)


def _source(plan: RunPlan, table: Table) -> DataSource:
    wanted = table.extraction.from_source
    for source in plan.module.data_sources:
        if source.identifier == wanted:
            return source
    raise LookupError(f"table {table.table_name}: no source {wanted}")
