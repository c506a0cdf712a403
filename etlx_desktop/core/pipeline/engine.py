"""`run_module`: the whole pipeline, from sources to published versions, or nothing at all.

Every table of every source streams through `ChunkProcessor` into one `VersionWriter` per
target. Only when every table is in are the versions published; any failure or cancellation
before that aborts every writer, so each target stays exactly as it was.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from ..anonymize.kanonymity import KAnonymityPlan
from ..anonymize.keys import fingerprint
from ..anonymize.privacy import PrivacyCollector
from ..metadata.io import dumps_module
from ..metadata.model import (
    Activity,
    Column,
    DataModule,
    DataSource,
    Table,
    TableSchema,
    Target,
    TargetKind,
)
from ..rules.stats import FillStatistics
from ..secretstore import resolve_secret
from ..sources.described import described_only
from ..sources.reading import SessionOpener, SourceAccess, SourceSession, TableReader
from ..storage.base import VersionStore, VersionWriter
from .cancel import CancelToken, RunCancelled
from .chunks import ChunkProcessor, ObservedProcessor
from .drift_check import check_drift
from .kanon import KAnonymityUnreachable, k_requirement, plan_table
from .overlap import Background, Prefetched
from .preflight import Resolver, RunPlan, preflight
from .privacy_steps import check_privacy, end_privacy, observe
from .progress import ProgressEvent, ProgressSink, Stage, Throttled, no_progress
from .report import PublishedVersion, RunReport, TableReport
from .upload_script import ScriptUploadWriter
from .versions import AGENT, version_metadata

StoreOpener = Callable[[Target, Path, Resolver], VersionStore]


@dataclass
class RunOptions:
    chunk_rows: int = 50_000
    targets: list[str] | None = None  # identifiers in `distribution`; None: the upload step's
    extra_targets: list[Target] = field(default_factory=list)


def run_timestamp() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def run_module(
    module: DataModule,
    *,
    base_dir: Path,
    progress: ProgressSink = no_progress,
    cancel: CancelToken | None = None,
    options: RunOptions | None = None,
    open_session: SessionOpener | None = None,
    open_store: StoreOpener | None = None,
    resolve: Resolver = resolve_secret,
) -> RunReport:
    """Run a module end to end and publish a new version to each target.

    Raises on failure or cancellation (RunCancelled) after aborting every writer; the returned
    report of a successful run says what was read, cleaned, quarantined and published.
    """
    options = options or RunOptions()
    cancel = cancel or CancelToken()
    opener = open_session or _default_session_opener()
    store_opener = open_store or default_store_opener()
    report = RunReport(
        module=module.identifier, run_id=str(uuid.uuid4()), started_at=run_timestamp()
    )
    plan = preflight(module, base_dir, run_targets(module, options), resolve)
    report.drift = check_drift(plan, opener)  # stops on drift before any writer begins
    opener = described_only(opener)
    writers = begin_writers(plan, store_opener, resolve, report.run_id)
    report.warnings = list(plan.warnings)
    sink = Throttled(progress)
    privacy = PrivacyCollector(module, plan.rules)
    try:
        outputs = _extract_all(plan, writers, opener, options, cancel, sink, report, privacy)
        publish_versions(plan, writers, outputs, report, sink)
    except BaseException as exc:
        for _, writer in writers:
            writer.abort()
        privacy.close()  # its spilled hashes, if any, go at once
        report.status = "cancelled" if isinstance(exc, RunCancelled) else "failed"
        report.ended_at = run_timestamp()
        raise
    report.status, report.ended_at = "succeeded", run_timestamp()
    return report


def begin_writers(
    plan: RunPlan, store_opener: StoreOpener, resolve: Resolver, run_id: str
) -> list[tuple[Target, VersionWriter]]:
    """One writer per target, plus the upload script's; on failure, abort those begun."""
    writers: list[tuple[Target, VersionWriter]] = []
    module = plan.module
    try:
        for target in plan.targets:
            store = store_opener(target, plan.base_dir, resolve)
            plan.warnings += _key_change_warnings(store, target, plan)
            writers.append((target, store.begin(module.identifier, run_id)))
        script = module.upload.script if module.upload else None
        if script is not None:
            hook = Target(
                identifier="upload-script", kind=TargetKind.SCRIPT, access_url=script.path
            )
            writer: VersionWriter = ScriptUploadWriter(
                script,
                plan.base_dir,
                module.identifier,
                module.version,
                run_id,
                module.upload.parameters if module.upload else None,
            )
            writers.append((hook, writer))
    except BaseException:
        for _, begun in writers:
            begun.abort()
        raise
    return writers


def _key_change_warnings(store: VersionStore, target: Target, plan: RunPlan) -> list[str]:
    """A warning when this run's key is not the one the target's latest version was made with:
    its pseudonyms will not match those of earlier versions."""
    if plan.key is None:
        return []
    published = store.versions(plan.module.identifier)
    if not published:
        return []
    latest = max(v.version for v in published)
    metadata = json.loads(store.metadata(plan.module.identifier, latest))
    previous = metadata.get("keyFingerprint")
    if previous is None or previous == fingerprint(plan.key):
        return []
    return [
        f"{target.identifier}: the anonymization key differs from version {latest}'s; "
        "pseudonyms and hashes will not match those of earlier versions"
    ]


def run_targets(module: DataModule, options: RunOptions) -> list[Target]:
    wanted = options.targets
    if wanted is None:
        wanted = list(module.upload.target) if module.upload else []
    by_id = {t.identifier: t for t in module.distribution}
    missing = [w for w in wanted if w not in by_id]
    if missing:
        known = ", ".join(by_id) or "none"
        raise ValueError(f"unknown target(s) {', '.join(missing)}; the module has: {known}")
    return [by_id[w] for w in wanted] + list(options.extra_targets)


def _extract_all(
    plan: RunPlan,
    writers: list[tuple[Target, VersionWriter]],
    opener: SessionOpener,
    options: RunOptions,
    cancel: CancelToken,
    sink: Throttled,
    report: RunReport,
    privacy: PrivacyCollector,
) -> dict[str, Table]:
    outputs: dict[str, Table] = {}
    # chunks are written one behind on the loader's thread, and so is the end of each table
    # (a primary key built, files uploaded) while the next table is read; each chunk's privacy
    # checks run beside the next one's rules, the last ones of a table beside the next table's
    loader = Background()
    checker = Background("etlx-privacy")
    try:
        for source in plan.module.data_sources:
            tables = [
                t for t in plan.module.tables if t.extraction.from_source == source.identifier
            ]
            if not tables:
                continue
            access = SourceAccess(plan.base_dir, plan.passwords.get(source.identifier), bulk=True)
            with opener(source, access) as session:
                for table in tables:
                    outputs[table.table_name] = _run_table(
                        plan, table, session, writers, options, cancel, sink, report, privacy,
                        loader, checker,
                    )  # fmt: skip
        checker.drain()
        cancel.raise_if_cancelled()
        # the figures are made while the last chunks load; a failure still stops the publish
        check_privacy(privacy, report)
        loader.drain()
    finally:
        checker.shutdown()
        loader.shutdown()
    return outputs


def _run_table(
    plan: RunPlan,
    table: Table,
    session: SourceSession,
    writers: list[tuple[Target, VersionWriter]],
    options: RunOptions,
    cancel: CancelToken,
    sink: Throttled,
    report: RunReport,
    privacy: PrivacyCollector,
    loader: Background,
    checker: Background,
) -> Table:
    name = table.table_name
    table_report = report.table(name)
    processor = ObservedProcessor(table, plan, report.run_id)
    reader = session.reader(table)
    stats_columns = processor.field_rules.stat_columns()
    if stats_columns:
        processor.field_rules.fills = _table_statistics(
            reader, processor, stats_columns, options, cancel
        )
    k_plan = _k_anonymity_plan(table, plan, report, reader, processor, options, cancel)
    total = reader.estimate_rows()
    started = time.perf_counter()
    first_row = 1
    # the next chunk is read and the previous one loaded while this one is processed
    # and its privacy checks run beside the next one's rules (the frames are not changed again)
    chunks = Prefetched(reader.chunks(options.chunk_rows))
    try:
        for raw in _timed(chunks, table_report, "extract"):
            cancel.raise_if_cancelled()
            clean, quarantine = processor.process(raw, first_row, table_report)
            if k_plan is not None:
                clean = k_plan.apply(clean)
            before = processor.take_before(name)
            checker.submit(partial(observe, privacy, name, before, clean, table_report))
            schema = processor.output.table_schema
            loader.submit(partial(_load, writers, name, clean, quarantine, schema, table_report))
            first_row += len(raw)
            rate = (first_row - 1) / max(time.perf_counter() - started, 1e-9)
            sink(ProgressEvent(name, Stage.LOAD, first_row - 1, total, rate))
    finally:
        chunks.close()
    checker.submit(partial(end_privacy, privacy, name, table_report))
    loader.submit(partial(_end_table, table, processor, writers, table_report))
    sink(ProgressEvent(name, Stage.LOAD, first_row - 1, total, 0.0, "done"), force=True)
    return processor.output


def _load(
    writers: list[tuple[Target, VersionWriter]],
    name: str,
    clean: pd.DataFrame,
    quarantine: pd.DataFrame,
    schema: TableSchema,
    report: TableReport,
) -> None:
    """One chunk into every target (on the loader thread)."""
    started = time.perf_counter()
    for _, writer in writers:
        writer.write(name, clean, schema)
        if len(quarantine):
            writer.write_quarantine(name, quarantine)
    report.add_time("load", time.perf_counter() - started)


def _k_anonymity_plan(
    table: Table,
    plan: RunPlan,
    report: RunReport,
    reader: TableReader,
    processor: ChunkProcessor,
    options: RunOptions,
    cancel: CancelToken,
) -> KAnonymityPlan | None:
    requirement = k_requirement(table, plan)
    if requirement is None:
        return None
    started = time.perf_counter()
    k_plan = plan_table(
        table,
        plan,
        report.run_id,
        reader,
        processor.field_rules.fills,
        requirement,
        options.chunk_rows,
        cancel,
    )
    table_report = report.table(table.table_name)
    table_report.add_time("k-anonymity", time.perf_counter() - started)
    table_report.k_anonymity = k_plan.summary()
    if not k_plan.reached:
        raise KAnonymityUnreachable(
            table.table_name, requirement, k_plan.suppressed_rows, k_plan.total_rows
        )
    return k_plan


def _end_table(
    table: Table,
    processor: ChunkProcessor,
    writers: list[tuple[Target, VersionWriter]],
    report: TableReport,
) -> None:
    """The table's last call to the writers (on the loader's thread): an empty table still
    exists in the version, with its columns; then each writer ends it."""
    if report.rows_read == 0:
        columns = [c.name for c in processor.output.table_schema.columns]
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        for _, writer in writers:
            writer.write(table.table_name, empty, processor.output.table_schema)
    for _, writer in writers:
        writer.end_table(table.table_name)


def _timed(
    chunks: Iterator[pd.DataFrame], report: TableReport, stage: str
) -> Iterator[pd.DataFrame]:
    while True:
        started = time.perf_counter()
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        report.add_time(stage, time.perf_counter() - started)
        yield chunk


def _table_statistics(
    reader: TableReader,
    processor: ChunkProcessor,
    columns: list[Column],
    options: RunOptions,
    cancel: CancelToken,
) -> dict[str, Any]:
    """First pass over a table for fill_mean/median/mode (same snapshot as the second), over
    the values as the normalizers leave them."""
    statistics = FillStatistics(columns)
    for chunk in reader.chunks(options.chunk_rows):
        cancel.raise_if_cancelled()
        statistics.add(processor.normalized(chunk))
    return statistics.fills()


def publish_versions(
    plan: RunPlan,
    writers: list[tuple[Target, VersionWriter]],
    outputs: dict[str, Table],
    report: RunReport,
    sink: Throttled,
) -> None:
    activity = Activity(
        id=f"urn:uuid:{report.run_id}",
        started_at_time=report.started_at,
        ended_at_time=run_timestamp(),
        was_associated_with=AGENT,
        used=[_public_url(s) for s in plan.module.data_sources],
    )
    for target, writer in writers:
        sink(ProgressEvent(None, Stage.PUBLISH, 0, None, 0.0, target.identifier), force=True)
        metadata = version_metadata(
            plan.module, outputs, target, writer.version, writer.location, activity
        )
        if plan.key is not None:
            metadata.key_fingerprint = fingerprint(plan.key)
        manifest = {
            "module": plan.module.identifier,
            "version": writer.version,
            "run_id": report.run_id,
            "row_counts": {n: t.rows_written for n, t in report.tables.items()},
            "quarantined": {n: t.rows_quarantined for n, t in report.tables.items()},
        }
        info = writer.publish(dumps_module(metadata), manifest)
        report.published.append(
            PublishedVersion(target.identifier, str(target.kind), info.version, info.location)
        )


def _public_url(source: DataSource) -> str:
    from ..metadata.secrets import url_secret_problem

    url = source.endpoint_url or source.identifier
    return source.identifier if url_secret_problem(url, "") else url


def _default_session_opener() -> SessionOpener:
    from ..sources.sessions import open_source_session

    return open_source_session


def default_store_opener() -> StoreOpener:
    from ..storage import open_store

    return open_store
