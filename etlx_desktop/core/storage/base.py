"""The contract between the pipeline and a target that stores versions of a data module.

A run asks a store for a `VersionWriter`, streams chunks of every table into it, and finally
calls `publish`, which makes the version visible atomically, or `abort`, which leaves the store
exactly as it was. A version that was not published does not exist for any reader.

Versions are numbered 1, 2, 3, ... per module: a writer takes the highest published number + 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from ..metadata.model import TableSchema


@dataclass(frozen=True)
class VersionInfo:
    """One published version of a module in a store."""

    module: str
    version: int
    created_at: str
    run_id: str
    location: str
    row_counts: dict[str, int] = field(default_factory=dict)


class VersionWriter(Protocol):
    """Receives one version's tables chunk by chunk; nothing is visible before `publish`."""

    version: int
    location: str

    def write(self, table: str, frame: pd.DataFrame, schema: TableSchema) -> None:
        """Append a chunk of cleansed rows to `table` (called once per chunk, in order).

        The first chunk of a table fixes its stored types (see `arrow.arrow_schema`); an empty
        frame still creates the table.
        """

    def write_quarantine(self, table: str, frame: pd.DataFrame) -> None:
        """Append rejected rows (all values as text, plus `_reason` and `_row`)."""

    def end_table(self, table: str) -> None:
        """Say that `table` (and its quarantine) got its last chunk; `publish` ends the rest.

        A store may finish or upload the table now; writing to it afterwards is an error.
        """

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        """Make the version visible with its metadata, atomically; returns what was published.

        `manifest` holds extra JSON-serialisable facts about the run; the store adds the
        version, module, run id, creation time, row counts, checksums and format. If publishing
        fails, the writer aborts before the error is raised.
        """

    def abort(self) -> None:
        """Discard everything written so far; safe to call more than once."""


class VersionStore(Protocol):
    """A place that holds the versions of data modules."""

    def begin(self, module: str, run_id: str) -> VersionWriter:
        """Start writing the next version of `module`."""

    def versions(self, module: str | None = None) -> list[VersionInfo]:
        """Published versions, oldest first (of every module when `module` is None)."""

    def read_table(self, module: str, version: int, table: str) -> pd.DataFrame:
        """One table of a published version."""

    def read_quarantine(self, module: str, version: int, table: str) -> pd.DataFrame:
        """The rejected rows of one table of a published version (empty if there were none)."""

    def tables(self, module: str, version: int) -> list[str]:
        """Names of the tables of a published version, sorted."""

    def metadata(self, module: str, version: int) -> str:
        """The JSON-LD metadata document stored with a published version."""


class StorageError(RuntimeError):
    """A store could not do what was asked; the message never holds a credential."""


class VersionConflict(StorageError):
    """Another run published the same version number first; this run's version was aborted."""


class VersionNotFound(LookupError):
    """A module or version that the store does not hold."""
