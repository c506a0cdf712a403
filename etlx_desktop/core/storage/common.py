"""Pieces the stores share: the writer life cycle, manifests and not-found messages."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from types import TracebackType
from typing import Any, Self

from .base import StorageError, VersionNotFound


class WriterLifecycle:
    """A writer is open until it is published or aborted; afterwards it refuses writes.

    Used as a context manager, a writer that was not published when the block ends is aborted.
    """

    _state = "open"

    def _check_open(self) -> None:
        if self._state != "open":
            raise StorageError(f"this version writer was already {self._state}")

    def abort(self) -> None:
        """Discard everything written so far; safe to call more than once."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._state == "open":
            self.abort()


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def build_manifest(
    extra: dict[str, Any],
    *,
    module: str,
    version: int,
    run_id: str,
    created_at: str,
    files_part: dict[str, Any],
) -> dict[str, Any]:
    """The manifest of a version: the caller's facts, then the store's (which win)."""
    return {
        **extra,
        "module": module,
        "version": version,
        "run_id": run_id,
        "created_at": created_at,
        **files_part,
    }


def version_not_found(
    where: str, module: str, version: int | None, have: Iterable[int], modules: Iterable[str]
) -> VersionNotFound:
    """A VersionNotFound naming what the store does hold."""
    versions = sorted(have)
    if not versions:
        known = ", ".join(sorted(modules)) or "none"
        return VersionNotFound(f"{where} holds no module {module!r}; modules there: {known}")
    listed = ", ".join(str(v) for v in versions)
    return VersionNotFound(
        f"module {module!r} in {where} has no version {version}; versions: {listed}"
    )


def table_not_found(
    where: str, module: str, version: int, table: str, tables: Iterable[str]
) -> VersionNotFound:
    """A VersionNotFound for a table that a version does not have."""
    listed = ", ".join(sorted(tables)) or "none"
    return VersionNotFound(
        f"version {version} of module {module!r} in {where} has no table {table!r}; "
        f"tables: {listed}"
    )
