"""Versions of data modules in an S3 bucket (AWS or any S3-compatible server).

Layout::

    <prefix>/<module>/v<N>/tables/<table>.parquet      (or .csv)
    <prefix>/<module>/v<N>/quarantine/<table>.parquet
    <prefix>/<module>/v<N>/metadata.jsonld
    <prefix>/<module>/v<N>/manifest.json               written last

A prefix without a manifest is not a version. Each table is streamed into a local temporary
file (memory bounded by one chunk) and uploaded once its last chunk is in (`end_table`, or at
`publish`), with multipart upload for large files. `begin` removes what an earlier killed run
left under ``v<N>/``; `abort` deletes the objects this run wrote. S3 has no locks: two runs of
the same module into the same prefix at the same time are not supported (the second to publish
fails with `VersionConflict` where the server honours ``If-None-Match``).

Credentials are passed to boto3 only; they never appear in a message, a log line or ``repr``.
Without them boto3 uses its usual chain (environment, ~/.aws, instance metadata).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import pandas as pd
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

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
    WrittenFile,
    read_table_file,
)
from .names import check_module_name, utc_now, version_number

_TRANSFER = TransferConfig(
    multipart_threshold=16 * 1024 * 1024, multipart_chunksize=16 * 1024 * 1024
)
_NOT_FOUND = {"NoSuchKey", "404", "NotFound"}


def make_s3_client(
    *,
    endpoint_url: str | None,
    region: str | None,
    path_style: bool,
    access_key: str | None,
    secret_key: str | None,
) -> Any:
    """A boto3 S3 client as every part of the product makes it (timeouts, retries, addressing)."""
    if endpoint_url and not access_key:
        # A self-hosted S3 has no instance roles: never ask the cloud metadata address.
        os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    config = Config(
        s3={"addressing_style": "path" if path_style else "auto"},
        signature_version="s3v4",
        connect_timeout=10,
        read_timeout=120,
        retries={"max_attempts": 3, "mode": "standard"},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=config,
    )


class S3Store:
    """Versions of data modules under ``s3://<bucket>/<prefix>/``."""

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        path_style: bool = False,
        access_key: str | None = None,
        secret_key: str | None = None,
        fmt: FileFormat = FileFormat.PARQUET,
    ) -> None:
        if not bucket:
            raise ValueError("an S3 store needs a bucket name")
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.fmt = FileFormat(fmt)
        self.endpoint_url = endpoint_url
        self._hidden = tuple(s for s in (access_key, secret_key) if s)
        with self._errors("set up the S3 client"):
            self._client: Any = make_s3_client(
                endpoint_url=endpoint_url,
                region=region,
                path_style=path_style,
                access_key=access_key,
                secret_key=secret_key,
            )

    def __repr__(self) -> str:
        return f"S3Store({self.url!r})"

    @property
    def url(self) -> str:
        """``s3://bucket/prefix`` of this store."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    def key(self, *parts: str) -> str:
        """The object key of a path under the store's prefix."""
        return "/".join([p for p in (self.prefix, *parts) if p])

    # -- errors ---------------------------------------------------------------------------

    def _scrub(self, text: str) -> str:
        for secret in self._hidden:
            text = text.replace(secret, "***")
        return text

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Turn boto errors into StorageError with no credential and no chained traceback."""
        try:
            yield
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = str(error.get("Code", "error"))
            message = str(error.get("Message", "")) or code
            raise StorageError(self._scrub(f"cannot {what}: {code}: {message}")) from None
        except BotoCoreError as exc:
            text = f"cannot {what}: {exc.__class__.__name__}: {exc}"
            raise StorageError(self._scrub(text)) from None

    # -- objects --------------------------------------------------------------------------

    def _list(self, prefix: str, delimiter: str | None = None) -> Iterator[dict[str, Any]]:
        kwargs: dict[str, Any] = {"Bucket": self.bucket, "Prefix": prefix}
        if delimiter:
            kwargs["Delimiter"] = delimiter
        with self._errors(f"list s3://{self.bucket}/{prefix}"):
            yield from self._client.get_paginator("list_objects_v2").paginate(**kwargs)

    def _keys(self, prefix: str) -> list[str]:
        return [obj["Key"] for page in self._list(prefix) for obj in page.get("Contents", [])]

    def _subprefixes(self, prefix: str) -> list[str]:
        found = []
        for page in self._list(prefix, "/"):
            for common in page.get("CommonPrefixes", []):
                found.append(str(common["Prefix"])[len(prefix) :].rstrip("/"))
        return found

    def _get(self, key: str) -> bytes | None:
        with self._errors(f"read s3://{self.bucket}/{key}"):
            try:
                response = self._client.get_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code")) in _NOT_FOUND:
                    return None
                raise
            body: bytes = response["Body"].read()
            return body

    def _put(self, key: str, body: bytes, content_type: str, *, only_new: bool = False) -> None:
        kwargs: dict[str, Any] = {
            "Bucket": self.bucket,
            "Key": key,
            "Body": body,
            "ContentType": content_type,
        }
        if only_new:
            kwargs["IfNoneMatch"] = "*"
        with self._errors(f"write s3://{self.bucket}/{key}"):
            self._client.put_object(**kwargs)

    def _exists(self, key: str) -> bool:
        with self._errors(f"check s3://{self.bucket}/{key}"):
            try:
                self._client.head_object(Bucket=self.bucket, Key=key)
            except ClientError as exc:
                if str(exc.response.get("Error", {}).get("Code")) in _NOT_FOUND:
                    return False
                raise
        return True

    def _upload(self, path: Path, key: str) -> None:
        with self._errors(f"upload s3://{self.bucket}/{key}"):
            self._client.upload_file(str(path), self.bucket, key, Config=_TRANSFER)

    def _delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):
            batch = [{"Key": k} for k in keys[start : start + 1000]]
            with self._errors(f"delete objects in s3://{self.bucket}/"):
                response = self._client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            failed = response.get("Errors", [])
            if failed:
                first = failed[0]
                raise StorageError(
                    f"cannot delete {len(failed)} object(s) in s3://{self.bucket}/, first "
                    f"{first.get('Key')}: {first.get('Code')}"
                )

    def _abort_multipart(self, prefix: str) -> None:
        """Abort unfinished multipart uploads under `prefix` (left by a killed run)."""
        try:
            response = self._client.list_multipart_uploads(Bucket=self.bucket, Prefix=prefix)
            for upload in response.get("Uploads", []):
                self._client.abort_multipart_upload(
                    Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                )
        except (ClientError, BotoCoreError):
            pass  # a server without the multipart listing keeps them; they are never read

    # -- the VersionStore API -----------------------------------------------------------

    def begin(self, module: str, run_id: str) -> S3VersionWriter:
        """Start version (highest published + 1) of `module`, clearing a killed run's leftovers."""
        check_module_name(module)
        version = max((v.version for v in self.versions(module)), default=0) + 1
        prefix = self.key(module, f"v{version}") + "/"
        leftovers = self._keys(prefix)
        if self.key(module, f"v{version}", MANIFEST_FILE) in leftovers:
            raise VersionConflict(f"{self.url}/{module}/v{version} was published meanwhile")
        self._delete(leftovers)
        self._abort_multipart(prefix)
        return S3VersionWriter(self, module, run_id, version)

    def versions(self, module: str | None = None) -> list[VersionInfo]:
        """Published versions (prefixes ``v<N>/`` holding a manifest), oldest first."""
        modules = [module] if module is not None else self._modules()
        found: list[VersionInfo] = []
        for name in modules:
            for part in self._subprefixes(self.key(name) + "/"):
                number = version_number(part)
                if number is None:
                    continue
                manifest = self._manifest_or_none(name, number)
                if manifest is None:
                    continue
                found.append(
                    VersionInfo(
                        module=name,
                        version=number,
                        created_at=str(manifest.get("created_at", "")),
                        run_id=str(manifest.get("run_id", "")),
                        location=f"{self.url}/{name}/v{number}/",
                        row_counts=dict(manifest.get("row_counts", {})),
                    )
                )
        return sorted(found, key=lambda v: (v.module, v.version))

    def _modules(self) -> list[str]:
        base = self.key() + "/" if self.prefix else ""
        return sorted(self._subprefixes(base))

    def _manifest_or_none(self, module: str, version: int) -> dict[str, Any] | None:
        body = self._get(self.key(module, f"v{version}", MANIFEST_FILE))
        if body is None:
            return None
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            raise StorageError(
                f"the manifest of {module} v{version} in {self.url} is not an object"
            )
        return data

    def manifest(self, module: str, version: int) -> dict[str, Any]:
        """The manifest of a published version."""
        manifest = self._manifest_or_none(module, version)
        if manifest is None:
            have = [v.version for v in self.versions(module)]
            raise version_not_found(self.url, module, version, have, self._modules())
        return manifest

    def _read_object(
        self, module: str, version: int, entry: dict[str, Any], fmt: str
    ) -> pd.DataFrame:
        key = self.key(module, f"v{version}", entry["file"])
        workdir = Path(tempfile.mkdtemp(prefix="etlx-s3-read-"))
        try:
            local = workdir / "object"
            with self._errors(f"download s3://{self.bucket}/{key}"):
                self._client.download_file(self.bucket, key, str(local), Config=_TRANSFER)
            return read_table_file(local, entry, fmt)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def read_table(self, module: str, version: int, table: str) -> pd.DataFrame:
        """One table of a published version, as pandas."""
        manifest = self.manifest(module, version)
        entry = manifest["tables"].get(table)
        if entry is None:
            raise table_not_found(self.url, module, version, table, manifest["tables"])
        return self._read_object(module, version, entry, manifest["format"])

    def read_quarantine(self, module: str, version: int, table: str) -> pd.DataFrame:
        """The rejected rows of one table of a published version (empty if there were none)."""
        manifest = self.manifest(module, version)
        entry = manifest.get("quarantine", {}).get(table)
        if entry is None:
            if table not in manifest["tables"]:
                raise table_not_found(self.url, module, version, table, manifest["tables"])
            return pd.DataFrame()
        return self._read_object(module, version, entry, FileFormat.PARQUET.value)

    def tables(self, module: str, version: int) -> list[str]:
        """Names of the tables of a published version, sorted."""
        return sorted(self.manifest(module, version)["tables"])

    def metadata(self, module: str, version: int) -> str:
        """The JSON-LD metadata document stored with a published version."""
        self.manifest(module, version)
        body = self._get(self.key(module, f"v{version}", METADATA_FILE))
        if body is None:
            raise StorageError(f"{self.url}/{module}/v{version} has a manifest but no metadata")
        return body.decode("utf-8")


class S3VersionWriter(SpooledWriter):
    """Writes one version: local temporary files, uploaded per table, manifest last."""

    def __init__(self, store: S3Store, module: str, run_id: str, version: int) -> None:
        self.store = store
        self.module = module
        self.run_id = run_id
        self.version = version
        self.location = f"{store.url}/{module}/v{version}/"
        self._workdir = Path(tempfile.mkdtemp(prefix="etlx-s3-"))
        self._files = LocalVersionFiles(self._workdir, store.fmt)
        self._written: list[str] = []

    def _key(self, name: str) -> str:
        return self.store.key(self.module, f"v{self.version}", name)

    def end_table(self, table: str) -> None:
        """Upload the finished files of `table` and delete their local copies."""
        self._check_open()
        self._upload(self._files.end(table))

    def _upload(self, done: list[WrittenFile]) -> None:
        for written in done:
            key = self._key(written.name)
            self._written.append(key)
            self.store._upload(written.path, key)
            written.path.unlink(missing_ok=True)

    def publish(self, metadata_json: str, manifest: dict[str, Any]) -> VersionInfo:
        """Upload what is left, then the metadata, then the manifest (which makes the version)."""
        self._check_open()
        try:
            return self._publish(metadata_json, manifest)
        except VersionConflict:
            # The other run's objects share our keys: deleting them would break its version.
            self._written = []
            self.abort()
            raise
        except BaseException:
            self.abort()
            raise

    def _publish(self, metadata_json: str, extra: dict[str, Any]) -> VersionInfo:
        self._upload(self._files.end_all())
        part = self._files.manifest_part()
        body = metadata_json.encode("utf-8")
        metadata_key = self._key(METADATA_FILE)
        self._written.append(metadata_key)
        self.store._put(metadata_key, body, "application/ld+json")
        part["files"][METADATA_FILE] = {"sha256": sha256_text(metadata_json), "bytes": len(body)}
        created_at = utc_now()
        manifest = build_manifest(
            extra,
            module=self.module,
            version=self.version,
            run_id=self.run_id,
            created_at=created_at,
            files_part=part,
        )
        manifest_key = self._key(MANIFEST_FILE)
        if self.store._exists(manifest_key):
            raise VersionConflict(
                f"{self.location} was published by another run meanwhile; this run was "
                "aborted, run it again to publish the next version"
            )
        text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        try:
            self.store._put(manifest_key, text.encode("utf-8"), "application/json", only_new=True)
        except StorageError as exc:
            if "PreconditionFailed" in str(exc):
                raise VersionConflict(
                    f"{self.location} was published by another run meanwhile; this run was "
                    "aborted, run it again to publish the next version"
                ) from None
            raise
        self._state = "published"
        shutil.rmtree(self._workdir, ignore_errors=True)
        return VersionInfo(
            module=self.module,
            version=self.version,
            created_at=created_at,
            run_id=self.run_id,
            location=self.location,
            row_counts=dict(part["row_counts"]),
        )

    def abort(self) -> None:
        """Delete the objects this run uploaded and the local files; safe to call again."""
        if self._state == "published":
            return
        self._state = "aborted"
        self._files.close_quietly()
        shutil.rmtree(self._workdir, ignore_errors=True)
        written, self._written = self._written, []
        if written:
            self.store._delete(written)
