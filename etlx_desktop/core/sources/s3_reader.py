"""Reading tables stored in an S3 bucket (source kind ``s3``), such as a published version's.

``endpointURL`` is ``s3://bucket/prefix``; each table's extraction ``file`` is an object key
relative to that prefix (a version's metadata names ``tables/<table>.parquet``). ``options``
may hold ``endpoint_url`` (an S3-compatible server), ``region`` and ``path_style``; the
``secretRef`` names a secret holding ``ACCESS_KEY_ID:SECRET_ACCESS_KEY`` (without one, boto3's
usual chain applies). Credentials go to boto3 only, never into a message.

An object is downloaded once per session into a temporary folder (deleted when the session
ends), then read like a local file (`files_reader`): Parquet in record batches of
`chunk_rows` rows (``ParquetFile.iter_batches``), so memory is bounded by a chunk while the disk
holds the object; CSV, JSON lines and .xlsx objects work too, with the same parameters.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ..metadata.model import DataSource, Table
from ..storage.s3 import make_s3_client
from .files_reader import FileTableReader
from .reading import SourceAccess, SourceUnreadable

S3_OPTIONS = ("endpoint_url", "region", "path_style")
_NOT_FOUND = {"NoSuchKey", "404", "NotFound", "NoSuchBucket"}


class S3Session:
    """The objects under one ``s3://bucket/prefix``, downloaded as tables are read."""

    def __init__(self, source: DataSource, access: SourceAccess, folder: Path) -> None:
        self.source = source
        self.folder = folder
        self.bucket, self.prefix = split_s3_url(source.endpoint_url or "", source.identifier)
        self._hidden: tuple[str, ...] = ()
        self._client = self._make_client(dict(source.options or {}), access.password)
        self._downloaded: dict[str, Path] = {}

    def reader(self, table: Table) -> S3TableReader:
        """A reader of the table's `file` under the prefix."""
        name = table.extraction.file
        if not name:
            raise SourceUnreadable(f"table {table.table_name}: its extraction names no file")
        key = "/".join(p for p in (self.prefix, str(PurePosixPath(name))) if p)
        return S3TableReader(self, table, key)

    def download(self, key: str, table: Table) -> Path:
        """The local copy of object `key` (fetched on first use)."""
        if key not in self._downloaded:
            path = self.folder / f"{len(self._downloaded)}{PurePosixPath(key).suffix}"
            try:
                self._client.download_file(self.bucket, key, str(path))
            except Exception as exc:  # botocore / s3transfer errors have no common base
                raise self._unreadable(exc, key, table) from None
            self._downloaded[key] = path
        return self._downloaded[key]

    def _make_client(self, options: dict[str, Any], secret: str | None) -> Any:

        unknown = sorted(set(options) - set(S3_OPTIONS))
        if unknown:
            raise SourceUnreadable(f"source {self.source.identifier}: unknown options {unknown}")
        access_key = secret_key = None
        if secret:
            access_key, sep, secret_key = secret.strip().partition(":")
            if not sep or not access_key or not secret_key:
                raise SourceUnreadable(
                    f"source {self.source.identifier}: its secret must hold "
                    "ACCESS_KEY_ID:SECRET_ACCESS_KEY"
                )
            self._hidden = (access_key, secret_key)
        return make_s3_client(
            endpoint_url=options.get("endpoint_url"),
            region=options.get("region"),
            path_style=bool(options.get("path_style")),
            access_key=access_key,
            secret_key=secret_key,
        )

    def _unreadable(self, exc: Exception, key: str, table: Table) -> SourceUnreadable:
        where = f"table {table.table_name}: s3://{self.bucket}/{key}"
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        if code in _NOT_FOUND:
            return SourceUnreadable(f"{where} does not exist")
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        for secret in self._hidden:
            text = text.replace(secret, "***")
        return SourceUnreadable(f"{where} cannot be read: {text}")


class S3TableReader:
    """One object of an S3 source, read like a local file once downloaded."""

    def __init__(self, session: S3Session, table: Table, key: str) -> None:
        self.session = session
        self.table = table
        self.key = key
        self._file: FileTableReader | None = None

    def _local(self) -> FileTableReader:
        if self._file is None:
            path = self.session.download(self.key, self.table)
            label = f"s3://{self.session.bucket}/{self.key}"
            self._file = FileTableReader(path, self.table, label)
        return self._file

    def estimate_rows(self) -> int | None:
        """The row count of a Parquet object (downloads it); None for the others."""
        return self._local().estimate_rows()

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The object's rows, `chunk_rows` at a time."""
        return self._local().chunks(chunk_rows)


def split_s3_url(url: str, owner: str) -> tuple[str, str]:
    """``s3://bucket/prefix`` -> (bucket, prefix without slashes at either end)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "s3" or not parts.netloc:
        raise SourceUnreadable(f"source {owner}: endpointURL must look like s3://bucket/prefix")
    return parts.netloc, parts.path.strip("/")


@contextmanager
def open_s3_session(source: DataSource, access: SourceAccess) -> Iterator[S3Session]:
    """A session over one S3 prefix; downloaded objects are deleted when it ends."""
    with tempfile.TemporaryDirectory(prefix="etlx-s3-") as folder:
        yield S3Session(source, access, Path(folder))
