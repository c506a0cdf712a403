"""The report of a published version, read back from its target's catalog.

A run's full `RunReport` (rows read and dropped, timings, warnings, privacy figures) lives only
as long as the run's caller keeps it. What a target keeps with each version is its manifest or
catalog row (rows written and quarantined per table, run id, time) and its metadata (when the
run started and ended, the key fingerprint). `read_stored_report` rebuilds as much of the
report as that holds; `stored_summary_lines` and `stored_table_rows` lay it out without
pretending to know the rest.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..metadata.model import Target
from ..pipeline.report import PublishedVersion, RunReport
from ..pipeline.report_rows import Cell
from ..secretstore import resolve_secret
from .base import VersionNotFound
from .catalog import Resolver, open_store
from .history import StoreOpener, VersionRecord, stored_manifest, version_record

NOT_KEPT = "rows read and dropped, timings, warnings and privacy figures"


@dataclass(frozen=True)
class StoredReport:
    """What the catalog of `record.target` keeps of the run that made `record.version`."""

    record: VersionRecord
    report: RunReport  # tables hold rows written and quarantined; published: this version
    key_fingerprint: str | None = None


def read_stored_report(
    module: str,
    target: Target,
    base_dir: Path,
    version: int,
    *,
    opener: StoreOpener = open_store,
    resolve: Resolver = resolve_secret,
) -> StoredReport:
    """The stored report of `version` of `module` in `target`; VersionNotFound if it has none."""
    store = opener(target, base_dir, resolve)
    info = next((v for v in store.versions(module) if v.version == version), None)
    if info is None:
        raise VersionNotFound(f"target {target.identifier} holds no version {version} of {module}")
    record = version_record(target, info, stored_manifest(store, module, version))
    metadata = _json_object(store.metadata(module, version))
    activity = metadata.get("wasGeneratedBy")
    activity = activity if isinstance(activity, dict) else {}
    report = RunReport(
        module=module,
        run_id=record.run_id,
        started_at=str(activity.get("startedAtTime") or record.created_at),
        ended_at=str(activity.get("endedAtTime") or record.created_at),
        status="succeeded",  # only a successful run publishes a version
    )
    quarantined = record.quarantined or {}
    for name in _table_order(metadata, record):
        table = report.table(name)
        table.rows_written = record.rows.get(name, 0)
        table.rows_quarantined = quarantined.get(name, 0)
    report.published.append(
        PublishedVersion(record.target, record.kind, record.version, record.location)
    )
    fingerprint = metadata.get("keyFingerprint")
    return StoredReport(record, report, fingerprint if isinstance(fingerprint, str) else None)


def _json_object(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _table_order(metadata: dict[str, Any], record: VersionRecord) -> list[str]:
    """The module's order of tables (as its metadata lists them), then any others."""
    tables = metadata.get("tables")
    listed = [t.get("tableName") for t in tables if isinstance(t, dict)] if tables else []
    names = [str(n) for n in listed if n in record.rows]
    return names + sorted(set(record.rows) - set(names))


def stored_summary_lines(
    stored: StoredReport,
    count: Callable[[int], str] = str,
    moment: Callable[[str], str] = str,
) -> list[str]:
    """When and where the version was published, its rows written and quarantined, and what the
    catalog does not keep; `count` formats a number of rows, `moment` an ISO 8601 time."""
    record, report = stored.record, stored.report
    quarantined = record.total_quarantined
    figures = f"{count(record.total_rows)} rows written to {len(report.tables)} tables"
    if quarantined is not None:
        figures += f", {count(quarantined)} quarantined"
    took = _seconds_between(report.started_at, report.ended_at or report.started_at)
    run = f" by a run of {_length(took)}" if took is not None else ""
    return [
        f"Version {record.version} in {record.target} ({record.kind}), published "
        f"{moment(record.created_at)}{run}: {figures}.",
        f"Read back from the catalog of {record.target}, which does not keep {NOT_KEPT}.",
    ]


def _length(seconds: int) -> str:
    if seconds < 1:
        return "under a second"
    return f"{seconds} s" if seconds < 120 else f"{round(seconds / 60)} min"


def _seconds_between(start: str, end: str) -> int | None:
    try:
        seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
    except (TypeError, ValueError):  # unreadable, or one with a zone and one without
        return None
    return round(seconds) if seconds >= 0 else None


def stored_table_rows(stored: StoredReport) -> list[tuple[Cell, ...]]:
    """Table, rows read (not kept), written, quarantined, dropped and seconds (not kept)."""
    quarantined = stored.record.quarantined
    return [
        (
            name,
            None,
            table.rows_written,
            table.rows_quarantined if quarantined is not None else None,
            None,
            None,
        )
        for name, table in stored.report.tables.items()
    ]


def stored_as_dict(stored: StoredReport) -> dict[str, Any]:
    """What the catalog keeps of the version, as plain JSON (the "copy as JSON" of a stored
    report: only what is known, none of the figures it does not keep)."""
    record, report = stored.record, stored.report
    return {
        "module": report.module,
        "target": record.target,
        "kind": record.kind,
        "version": record.version,
        "location": record.location,
        "created_at": record.created_at,
        "run_id": record.run_id,
        "started_at": report.started_at,
        "ended_at": report.ended_at,
        "rows_written": dict(record.rows),
        "quarantined": None if record.quarantined is None else dict(record.quarantined),
        "key_fingerprint": stored.key_fingerprint,
    }
