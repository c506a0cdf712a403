"""`run_module_distributed`: the local engine's run, with each table split into key-range
partitions that Dask workers read and process in parallel.

The coordinator (this process) does what must see the whole run: the preflight and drift
checks, the partition plan (in one source snapshot, shared with the workers on PostgreSQL),
adding up the first passes (fill statistics, k-anonymity counts), the privacy checks, and the
writing and publishing, through the same writers and `publish_versions` as the local engine,
with the partitions' chunks written in key order. Targets are untouched unless every
partition succeeds.
"""

from __future__ import annotations

import math
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from distributed import Client

from ...anonymize.apply import output_table
from ...anonymize.privacy import PrivacyCollector
from ...metadata.io import load_module
from ...metadata.model import DataModule, DataSource, Table
from ...rules.engine import TableRules
from ...secretstore import resolve_secret
from ...sources.reading import SourceAccess
from ...sources.sessions import open_source_session
from ..cancel import CancelToken, RunCancelled
from ..drift_check import check_drift
from ..engine import (
    RunOptions,
    StoreOpener,
    begin_writers,
    default_store_opener,
    publish_versions,
    run_targets,
    run_timestamp,
)
from ..kanon import KAnonymityUnreachable, k_requirement
from ..overlap import Background
from ..preflight import Resolver, RunPlan, preflight
from ..privacy_steps import check_privacy
from ..progress import ProgressEvent, ProgressSink, Stage, Throttled, no_progress
from ..report import RunReport
from . import tasks
from .merge import Writers, add_report, table_fills, table_k_plan, write_chunk, write_empty
from .partitions import (
    Partition,
    count_rows,
    export_snapshot,
    partition_key,
    plan_partitions,
    snapshot_connection,
)
from .safety import check_partition_safe

T = TypeVar("T")
PARTITIONS_PER_WORKER_THREAD = 2  # a spare partition per thread keeps every thread busy
# a partition's result (clean rows, quarantine and the rows before anonymization) travels to
# the coordinator in one piece: a few chunks keep it small whatever the table's size
MAX_PARTITION_CHUNKS = 2


def run_module_distributed(
    module: DataModule | Path,
    base_dir: Path | None,
    options: RunOptions | None,
    client: Client,
    *,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    open_store: StoreOpener | None = None,
    resolve: Resolver = resolve_secret,
    partition_rows: int | None = None,
) -> RunReport:
    """Run a module on the Dask cluster behind `client`; the published versions are those a
    local run (`run_module`) would publish. Raises NotPartitionSafe, before reading anything,
    for a module whose rules depend on the order of rows across a table (docs/scale-out.md).

    `partition_rows` (rounded up to whole chunks) defaults to spreading each table over about
    two partitions per worker thread, at most `MAX_PARTITION_CHUNKS` chunks each.
    """
    if isinstance(module, Path):
        base_dir = base_dir or module.parent
        module = load_module(module)
    if base_dir is None:
        raise ValueError("base_dir is needed with a module object (its file's folder)")
    options = options or RunOptions()
    cancel = cancel or CancelToken()
    report = RunReport(
        module=module.identifier, run_id=str(uuid.uuid4()), started_at=run_timestamp()
    )
    plan = preflight(module, base_dir, run_targets(module, options), resolve)
    check_partition_safe(plan)
    report.drift = check_drift(plan, open_source_session)
    writers = begin_writers(plan, open_store or default_store_opener(), resolve, report.run_id)
    report.warnings = list(plan.warnings)
    run = _Run(plan, client, options, cancel, Throttled(progress), report, partition_rows)
    try:
        outputs = {}
        for source in plan.module.data_sources:
            outputs.update(run.source(source, writers))
        cancel.raise_if_cancelled()
        check_privacy(run.privacy, report)
        publish_versions(plan, writers, outputs, report, run.sink)
    except BaseException as exc:
        for _, writer in writers:
            writer.abort()
        run.privacy.close()  # its spilled hashes, if any, go at once
        report.status = "cancelled" if isinstance(exc, RunCancelled) else "failed"
        report.ended_at = run_timestamp()
        raise
    report.status, report.ended_at = "succeeded", run_timestamp()
    return report


class _Run:
    def __init__(
        self,
        plan: RunPlan,
        client: Client,
        options: RunOptions,
        cancel: CancelToken,
        sink: Throttled,
        report: RunReport,
        partition_rows: int | None,
    ) -> None:
        self.plan, self.options = plan, options
        self.client: Any = client  # distributed is untyped
        self.cancel, self.sink, self.report = cancel, sink, report
        self.partition_rows = partition_rows
        self.privacy = PrivacyCollector(plan.module, plan.rules)

    def source(self, source: DataSource, writers: Writers) -> dict[str, Table]:
        """Every table of one source: partitions planned (and on PostgreSQL read) in one
        snapshot held open until the last partition is in."""
        tables = [
            t for t in self.plan.module.tables if t.extraction.from_source == source.identifier
        ]
        if not tables:
            return {}
        access = SourceAccess(self.plan.base_dir, self.plan.passwords.get(source.identifier))
        keyed = any(partition_key(t, source) for t in tables)
        with ExitStack() as stack:
            snapshot: str | None = None
            connection: Any = None
            if keyed:
                connection = stack.enter_context(snapshot_connection(source, access))
                snapshot = export_snapshot(connection, source)
            outputs: dict[str, Table] = {}
            for table in tables:
                key = partition_key(table, source)
                if key is None:
                    parts = [Partition(table.table_name, 0, 1, 0)]
                else:
                    rows = self._rows(connection, table)
                    parts = plan_partitions(connection, table, key, rows)
                outputs[table.table_name] = self.table(table, parts, snapshot, writers)
            return outputs

    def _rows(self, connection: Any, table: Table) -> int:
        """Rows per partition: whole chunks, about two partitions per worker thread."""
        chunk = self.options.chunk_rows
        if self.partition_rows is not None:
            return max(1, math.ceil(self.partition_rows / chunk)) * chunk
        total = count_rows(connection, table)
        threads: int = max(1, sum(self.client.nthreads().values()))
        wanted = threads * PARTITIONS_PER_WORKER_THREAD
        chunks = min(max(1, math.ceil(total / chunk / wanted)), MAX_PARTITION_CHUNKS)
        return chunks * chunk

    def table(
        self, table: Table, parts: list[Partition], snapshot: str | None, writers: Writers
    ) -> Table:
        name = table.table_name
        output = output_table(table, self.plan.rules)
        job = tasks.PartitionJob(
            self.plan, name, parts[0], self.report.run_id, self.options.chunk_rows, snapshot
        )
        jobs = [_with(job, part=p) for p in parts]
        stat_columns = TableRules(table).stat_columns()
        if stat_columns:
            names = [c.name for c in stat_columns]
            gathered = self._gather(tasks.statistics_pass, jobs, names)
            fills = table_fills(stat_columns, gathered)
            jobs = [_with(j, fills=fills) for j in jobs]
        requirement = k_requirement(table, self.plan)
        if requirement is not None:
            started = time.perf_counter()
            counts = self._gather(tasks.k_counts_pass, jobs, requirement.quasi_identifiers)
            k_plan = table_k_plan(requirement, counts)
            table_report = self.report.table(name)
            table_report.add_time("k-anonymity", time.perf_counter() - started)
            table_report.k_anonymity = k_plan.summary()
            if not k_plan.reached:
                raise KAnonymityUnreachable(
                    name, requirement, k_plan.suppressed_rows, k_plan.total_rows
                )
            jobs = [_with(j, k_plan=k_plan) for j in jobs]
        self._process(table, jobs, writers, output)
        return output

    def _process(
        self, table: Table, jobs: list[tasks.PartitionJob], writers: Writers, output: Table
    ) -> None:
        name = table.table_name
        total = self.report.table(name)
        started = time.perf_counter()
        loader = Background()  # a chunk is written while the next one is checked
        try:
            for result in self._in_order(tasks.process_pass, jobs):
                for chunk in result.chunks:
                    self.privacy.observe_chunk(name, chunk.before, chunk.clean)
                    schema = output.table_schema
                    write = partial(write_chunk, writers, name, chunk.clean, chunk.quarantine)
                    loader.submit(partial(write, schema))
                add_report(total, result.report)
                rate = total.rows_read / max(time.perf_counter() - started, 1e-9)
                self.sink(ProgressEvent(name, Stage.LOAD, total.rows_read, None, rate))
            loader.drain()
        finally:
            loader.shutdown()
        if total.rows_read == 0:
            write_empty(writers, name, output.table_schema)
        for _, writer in writers:
            writer.end_table(name)
        self.sink(ProgressEvent(name, Stage.LOAD, total.rows_read, None, 0.0, "done"), force=True)

    def _gather(
        self, function: Callable[..., T], jobs: list[tasks.PartitionJob], *args: Any
    ) -> list[T]:
        return list(self._in_order(function, jobs, *args))

    def _in_order(
        self, function: Callable[..., T], jobs: list[tasks.PartitionJob], *args: Any
    ) -> Iterator[T]:
        """Results of `function(job, *args)` on the cluster, in partition order; on an error
        or a cancel every pending task is cancelled.

        At most two partitions per worker thread are submitted ahead of the one the
        coordinator is taking in, so finished partitions never pile up in the workers'
        memory while the coordinator writes: memory stays bounded by the partition size."""
        ahead = max(1, sum(self.client.nthreads().values())) * PARTITIONS_PER_WORKER_THREAD
        waiting = deque(jobs)
        futures: deque[Any] = deque()
        try:
            while waiting or futures:
                while waiting and len(futures) < ahead:
                    futures.append(self._submit(function, waiting.popleft(), *args))
                future = futures.popleft()
                while True:
                    self.cancel.raise_if_cancelled()
                    try:
                        yield future.result(timeout=0.5)
                        break
                    except TimeoutError:
                        continue
                future.release()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def _submit(self, function: Callable[..., T], job: tasks.PartitionJob, *args: Any) -> Any:
        key = f"{function.__name__}-{job.table}-{job.part.index}-{uuid.uuid4().hex[:8]}"
        return self.client.submit(function, job, *args, pure=False, key=key)


def _with(job: tasks.PartitionJob, **changes: Any) -> tasks.PartitionJob:
    from dataclasses import replace

    return replace(job, **changes)
