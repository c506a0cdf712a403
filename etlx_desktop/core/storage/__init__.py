"""Versioned storage of data modules: PostgreSQL, S3 and folder targets, catalog, open_module.

A run writes a new version through `VersionStore.begin` → `VersionWriter.write` (chunk by
chunk) → `publish` (atomic) or `abort` (leaves the store as it was). Readers list
`versions`, read tables, or call `open_module(target, name, version)` for DataFrames.
"""

from .arrow import arrow_schema, from_arrow, to_arrow
from .base import (
    StorageError,
    VersionConflict,
    VersionInfo,
    VersionNotFound,
    VersionStore,
    VersionWriter,
)
from .catalog import diff_versions, open_module, open_store, resolve_version, store_from_url
from .folder import FolderStore
from .postgres import PostgresStore
from .s3 import S3Store

__all__ = [
    "FolderStore",
    "PostgresStore",
    "S3Store",
    "StorageError",
    "VersionConflict",
    "VersionInfo",
    "VersionNotFound",
    "VersionStore",
    "VersionWriter",
    "arrow_schema",
    "diff_versions",
    "from_arrow",
    "open_module",
    "open_store",
    "resolve_version",
    "store_from_url",
    "to_arrow",
]
