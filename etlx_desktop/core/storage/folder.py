"""A folder of versions on the local disk (or a mounted share).

Layout::

    <root>/<module>/v<N>/tables/<table>.parquet      (or .csv)
    <root>/<module>/v<N>/quarantine/<table>.parquet
    <root>/<module>/v<N>/metadata.jsonld
    <root>/<module>/v<N>/manifest.json

A run writes into the hidden directory ``<root>/<module>/.v<N>.partial-<run_id>/``; `publish`
writes the metadata, then the manifest, and renames the directory to ``v<N>`` in one
``os.rename``. Only ``v<N>`` directories holding a manifest are versions, so a killed run leaves
at most a hidden partial directory, which no reader lists (remove old ones by hand).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from ..metadata.model import FileFormat
from .base import StorageError, VersionConflict, VersionInfo
from .common import (
    build_manifest,
    sha256_text,
    table_not_found,
    version_not_found,
)
from .files import (
    MANIFEST_FILE,
    METADATA_FILE,
    LocalVersionFiles,
    SpooledWriter,
    fsync_path,
    read_table_file,
)
from .names import check_module_name, safe_run_id, utc_now, version_number


class FolderVersionWriter(SpooledWriter):
    """Writes one version into a hidden partial directory; `publish` renames it into place."""

    def __init__(
        self, module_dir: Path, module: str, run_id: str, version: int, fmt: FileFormat
    ) -> None:
        self.module = module
        self.run_id = run_id
        self.version = version
        self.final = module_dir / f"v{version}"
        self.partial = module_dir / f".v{version}.partial-{safe_run_id(run_id)}"
        self.location = str(self.final)
        self.partial.mkdir(parents=True, exist_ok=False)
        self._files = LocalVersionFiles(self.partial, fmt)

    def end_table(self, table: str) -> None:
        """Close the files of `table`."""
        self._check_open()
        self._files.end(table)

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        """Write metadata and manifest, then rename the partial directory to ``v<N>``."""
        self._check_open()
        try:
            return self._publish(metadata_json, manifest)
        except BaseException:
            self.abort()
            raise

    def _publish(self, metadata_json: str, extra: dict[str, Any]) -> VersionInfo:
        self._files.end_all()
        part = self._files.manifest_part()
        metadata_path = self.partial / METADATA_FILE
        metadata_path.write_text(metadata_json, encoding="utf-8")
        fsync_path(metadata_path)
        part["files"][METADATA_FILE] = {
            "sha256": sha256_text(metadata_json),
            "bytes": metadata_path.stat().st_size,
        }
        created_at = utc_now()
        manifest = build_manifest(
            extra,
            module=self.module,
            version=self.version,
            run_id=self.run_id,
            created_at=created_at,
            files_part=part,
        )
        if self.final.exists():
            raise self._conflict()
        manifest_path = self.partial / MANIFEST_FILE
        manifest_path.write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        fsync_path(manifest_path)
        fsync_path(self.partial)
        try:
            os.rename(self.partial, self.final)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY) or self.final.exists():
                raise self._conflict() from None
            raise
        fsync_path(self.final.parent)
        self._state = "published"
        return VersionInfo(
            module=self.module,
            version=self.version,
            created_at=created_at,
            run_id=self.run_id,
            location=self.location,
            row_counts=dict(part["row_counts"]),
        )

    def _conflict(self) -> VersionConflict:
        return VersionConflict(
            f"{self.final} appeared while this run was writing version {self.version} of "
            f"{self.module!r} (another run published it first); this run was aborted, run it "
            "again to publish the next version"
        )

    def abort(self) -> None:
        """Close and remove the partial directory; safe to call more than once."""
        if self._state == "published":
            return
        self._state = "aborted"
        self._files.close_quietly()
        shutil.rmtree(self.partial, ignore_errors=True)


class FolderStore:
    """Versions of data modules kept as files under `root` (Parquet or CSV tables)."""

    def __init__(self, root: Path, fmt: FileFormat = FileFormat.PARQUET) -> None:
        self.root = Path(root)
        self.fmt = FileFormat(fmt)

    def __repr__(self) -> str:
        return f"FolderStore({str(self.root)!r}, {self.fmt.value!r})"

    def begin(self, module: str, run_id: str) -> FolderVersionWriter:
        """Start writing version (highest published + 1) of `module`."""
        check_module_name(module)
        module_dir = self.root / module
        module_dir.mkdir(parents=True, exist_ok=True)
        published = [v.version for v in self.versions(module)]
        version = max(published, default=0) + 1
        try:
            return FolderVersionWriter(module_dir, module, run_id, version, self.fmt)
        except FileExistsError:
            raise StorageError(
                f"a partial directory for run {run_id!r} already exists in {module_dir}"
            ) from None

    def versions(self, module: str | None = None) -> list[VersionInfo]:
        """Published versions (directories ``v<N>`` with a manifest), oldest first."""
        modules = [check_module_name(module)] if module is not None else self._modules()
        found: list[VersionInfo] = []
        for name in modules:
            module_dir = self.root / name
            if not module_dir.is_dir():
                continue
            for entry in module_dir.iterdir():
                number = version_number(entry.name)
                manifest_path = entry / MANIFEST_FILE
                if number is None or not manifest_path.is_file():
                    continue
                manifest = _load_manifest(manifest_path)
                found.append(
                    VersionInfo(
                        module=name,
                        version=number,
                        created_at=str(manifest.get("created_at", "")),
                        run_id=str(manifest.get("run_id", "")),
                        location=str(entry),
                        row_counts=dict(manifest.get("row_counts", {})),
                    )
                )
        return sorted(found, key=lambda v: (v.module, v.version))

    def _modules(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(
            p.name for p in self.root.iterdir() if p.is_dir() and not p.name.startswith(".")
        )

    def manifest(self, module: str, version: int) -> dict[str, Any]:
        """The manifest of a published version."""
        path = self.root / check_module_name(module) / f"v{version}" / MANIFEST_FILE
        if not path.is_file():
            have = [v.version for v in self.versions(module)]
            raise version_not_found(str(self.root), module, version, have, self._modules())
        return _load_manifest(path)

    def read_table(self, module: str, version: int, table: str) -> pd.DataFrame:
        """One table of a published version, as pandas."""
        manifest = self.manifest(module, version)
        entry = manifest["tables"].get(table)
        if entry is None:
            raise table_not_found(str(self.root), module, version, table, manifest["tables"])
        path = self.root / module / f"v{version}" / entry["file"]
        return read_table_file(path, entry, manifest["format"])

    def read_quarantine(self, module: str, version: int, table: str) -> pd.DataFrame:
        """The rejected rows of one table of a published version (empty if there were none)."""
        manifest = self.manifest(module, version)
        entry = manifest.get("quarantine", {}).get(table)
        if entry is None:
            if table not in manifest["tables"]:
                raise table_not_found(str(self.root), module, version, table, manifest["tables"])
            return pd.DataFrame()
        path = self.root / module / f"v{version}" / entry["file"]
        return read_table_file(path, entry, FileFormat.PARQUET.value)

    def tables(self, module: str, version: int) -> list[str]:
        """Names of the tables of a published version, sorted."""
        return sorted(self.manifest(module, version)["tables"])

    def metadata(self, module: str, version: int) -> str:
        """The JSON-LD metadata document stored with a published version."""
        self.manifest(module, version)
        return (self.root / module / f"v{version}" / METADATA_FILE).read_text(encoding="utf-8")


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StorageError(f"cannot read {path}: {exc.__class__.__name__}") from None
    if not isinstance(data, dict):
        raise StorageError(f"{path} is not a JSON object")
    return data
