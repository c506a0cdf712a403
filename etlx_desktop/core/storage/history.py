"""The versions of one module that its targets hold: a run history read from their catalogs.

`read_history` asks each target's store for the module's versions; a target that cannot be
reached (a server down, a missing secret) gives a readable reason instead, and the other
targets still answer. Each version's row counts and quarantined rows come from its manifest
(folder, S3) or its catalog row (PostgreSQL), which every run writes when it publishes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..metadata.model import Target
from ..pipeline.cancel import CancelToken
from ..secretstore import resolve_secret
from .base import StorageError, VersionInfo, VersionStore
from .catalog import Resolver, open_store
from .postgres import PostgresStore

StoreOpener = Callable[[Target, Path, Resolver], VersionStore]

READ_AT_MOST = 50  # versions per target: each one is a manifest or catalog read
_REASON_CHARS = 300
# exceptions whose message says what went wrong on its own
_WORDED = (StorageError, ValueError, OSError, LookupError)


@dataclass(frozen=True)
class VersionRecord:
    """One published version of the module in one target."""

    target: str
    kind: str
    version: int
    created_at: str  # ISO 8601, as the store wrote it
    run_id: str
    location: str
    rows: dict[str, int] = field(default_factory=dict)  # written, per table
    quarantined: dict[str, int] | None = None  # per table; None when the store did not say

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_quarantined(self) -> int | None:
        return None if self.quarantined is None else sum(self.quarantined.values())

    def rows_seen(self) -> dict[str, int]:
        """Rows written plus quarantined, per table: about what the next run will read."""
        quarantined = self.quarantined or {}
        return {name: n + quarantined.get(name, 0) for name, n in self.rows.items()}


@dataclass(frozen=True)
class TargetHistory:
    """The versions one target holds, newest first, or why it could not be read."""

    target: str
    records: tuple[VersionRecord, ...] = ()
    error: str | None = None
    left_out: int = 0  # older versions beyond READ_AT_MOST, not read


def read_history(
    module: str,
    targets: Sequence[Target],
    base_dir: Path,
    *,
    cancel: CancelToken | None = None,
    opener: StoreOpener = open_store,
    resolve: Resolver = resolve_secret,
    limit: int = READ_AT_MOST,
) -> list[TargetHistory]:
    """The versions of `module` in each of `targets` (in their order), newest first."""
    histories: list[TargetHistory] = []
    for target in targets:
        if cancel is not None:
            cancel.raise_if_cancelled()
        try:
            histories.append(_target_history(module, target, base_dir, opener, resolve, limit))
        except Exception as exc:  # any failure of one target is that target's answer
            histories.append(TargetHistory(target.identifier, error=readable_reason(exc)))
    return histories


def _target_history(
    module: str,
    target: Target,
    base_dir: Path,
    opener: StoreOpener,
    resolve: Resolver,
    limit: int,
) -> TargetHistory:
    store = opener(target, base_dir, resolve)
    infos = sorted(store.versions(module), key=lambda v: v.version, reverse=True)
    records = tuple(
        version_record(target, info, stored_manifest(store, module, info.version))
        for info in infos[:limit]
    )
    return TargetHistory(target.identifier, records, left_out=max(0, len(infos) - limit))


def version_record(target: Target, info: VersionInfo, manifest: dict[str, Any]) -> VersionRecord:
    """The record of one version of `target` from its listing and its stored manifest."""
    quarantined = manifest.get("quarantined")
    return VersionRecord(
        target=target.identifier,
        kind=str(target.kind),
        version=info.version,
        created_at=info.created_at,
        run_id=info.run_id,
        location=info.location,
        rows=dict(info.row_counts),
        quarantined=(
            {str(k): int(v) for k, v in quarantined.items()}
            if isinstance(quarantined, dict)
            else None
        ),
    )


def stored_manifest(store: VersionStore, module: str, version: int) -> dict[str, Any]:
    """The facts a run stored with a version (`quarantined`, `row_counts`, ...); {} when the
    store keeps none."""
    if isinstance(store, PostgresStore):
        checksums = store.catalog_row(module, version).get("checksums") or {}
        manifest = dict(checksums.get("manifest") or {})
        if "quarantined" not in manifest:  # versions published before runs stored it
            kept = checksums.get("quarantine") or {}
            manifest["quarantined"] = {t: q.get("rows", 0) for t, q in kept.items()}
        return manifest
    read = getattr(store, "manifest", None)
    return dict(read(module, version)) if callable(read) else {}


def newest_first(histories: Iterable[TargetHistory]) -> list[VersionRecord]:
    """Every version of every target, newest first (by when it was published)."""
    records = [r for history in histories for r in history.records]
    return sorted(records, key=lambda r: (published_at(r.created_at), r.version), reverse=True)


def published_at(text: str) -> datetime:
    """A store's ISO 8601 time as an aware datetime (the oldest possible when unreadable)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def readable_reason(exc: BaseException) -> str:
    """An exception as one readable line: its own words, with no traceback. Stores and the
    secret resolver already keep credentials out of their messages."""
    text = " ".join(str(exc).split())
    if not text:
        return f"{type(exc).__name__} (no message)"
    if isinstance(exc, KeyError) or not isinstance(exc, _WORDED):
        text = f"{type(exc).__name__}: {text}"  # e.g. KeyError's words are only the key
    if len(text) > _REASON_CHARS:
        text = text[: _REASON_CHARS - 1] + "…"
    return text
