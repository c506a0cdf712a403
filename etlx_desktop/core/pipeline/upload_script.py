"""The upload-script hook: a Python file with `upload(tables, context)` publishes the version.

Chunks are spooled to temporary Parquet files so memory stays bounded while the run goes on;
the script is called once, at publish time, with every table as a pandas DataFrame.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..metadata.model import Script, TableSchema
from ..metadata.scripts import resolve_script
from ..scripting import call_script, load_entry_point
from ..storage.arrow import to_arrow
from ..storage.base import VersionInfo


@dataclass
class UploadContext:
    """What `upload(tables, context)` gets besides the tables."""

    module: str
    version: int
    run_id: str
    metadata_json: str
    manifest: dict[str, Any]
    parameters: dict[str, Any]


class ScriptUploadWriter:
    def __init__(
        self,
        script: Script,
        base_dir: Path,
        module: str,
        version: int,
        run_id: str,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        self.function = load_entry_point(script, base_dir, "upload")
        self.path = resolve_script(script, base_dir)
        self.module, self.version, self.run_id = module, version, run_id
        self.location = f"script:{script.path}"
        self.parameters = dict(parameters or {})
        self._spool = Path(tempfile.mkdtemp(prefix="etlx-upload-"))
        self._writers: dict[str, pq.ParquetWriter] = {}

    def write(self, table: str, frame: pd.DataFrame, schema: TableSchema) -> None:
        data = to_arrow(frame, schema)
        self._writer(table, data.schema).write_table(data)

    def write_quarantine(self, table: str, frame: pd.DataFrame) -> None:
        """Quarantined rows stay with the run report; the hook receives clean tables only."""

    def end_table(self, table: str) -> None:
        """Tables are handed to the script together, at publish time."""

    def _writer(self, table: str, schema: pa.Schema) -> pq.ParquetWriter:
        if table not in self._writers:
            self._writers[table] = pq.ParquetWriter(self._spool / f"{table}.parquet", schema)
        return self._writers[table]

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        for writer in self._writers.values():
            writer.close()
        tables = {
            name: pq.read_table(self._spool / f"{name}.parquet").to_pandas()
            for name in self._writers
        }
        context = UploadContext(
            self.module, self.version, self.run_id, metadata_json, manifest, self.parameters
        )
        try:
            call_script(self.path, self.function, tables, context)
        finally:
            self.abort()
        counts = {name: len(frame) for name, frame in tables.items()}
        return VersionInfo(self.module, self.version, "", self.run_id, self.location, counts)

    def abort(self) -> None:
        for writer in self._writers.values():
            with contextlib.suppress(Exception):  # a half-written spool file: nothing to keep
                writer.close()
        self._writers.clear()
        shutil.rmtree(self._spool, ignore_errors=True)
