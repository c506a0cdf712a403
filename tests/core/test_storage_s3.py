"""The S3 store against a real SeaweedFS server on 127.0.0.1 (the `seaweedfs` fixture)."""

from __future__ import annotations

import json
import os
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pytest

from etlx_desktop.core.metadata.model import (
    Column,
    Datatype,
    FileFormat,
    TableSchema,
    Target,
    TargetKind,
)
from etlx_desktop.core.storage import (
    S3Store,
    StorageError,
    VersionConflict,
    VersionNotFound,
    open_module,
    open_store,
)

from .test_storage_folder import (
    MODULE,
    TABLES,
    assert_tables,
    assert_version,
    input_frame,
    kill_mid_load,
    metadata_json,
    table_schema,
    write_version,
)

if TYPE_CHECKING:
    from conftest import SeaweedS3  # the session's SeaweedFS (tests/conftest.py)


def make_store(
    server: SeaweedS3, bucket: str, prefix: str = "warehouse/etlx", **kw: Any
) -> S3Store:
    return S3Store(bucket, prefix, **{**server.options(), **kw})  # type: ignore[arg-type]


def objects(server: SeaweedS3, bucket: str) -> dict[str, tuple[str, int]]:
    """Every object in the bucket: key -> (ETag, size)."""
    client: Any = server.client()
    found: dict[str, tuple[str, int]] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = (obj["ETag"], obj["Size"])
    return found


@pytest.mark.parametrize("fmt", [FileFormat.PARQUET, FileFormat.CSV], ids=["parquet", "csv"])
def test_two_versions_are_readable_side_by_side(
    seaweedfs: SeaweedS3, s3_bucket: str, fmt: FileFormat
) -> None:
    store = make_store(seaweedfs, s3_bucket, fmt=fmt)
    first = write_version(store, 1)
    second = write_version(store, 2)
    assert (first.version, second.version) == (1, 2)
    assert second.location == f"s3://{s3_bucket}/warehouse/etlx/{MODULE}/v2/"
    assert [(v.version, v.run_id, v.row_counts) for v in store.versions(MODULE)] == [
        (1, "run-1", {"customers": 4, "orders": 3}),
        (2, "run-2", {"customers": 5, "orders": 4}),
    ]
    assert_version(store, 1)
    assert_version(store, 2)
    assert store.metadata(MODULE, 2) == metadata_json(2)
    ext = fmt.value
    base = f"warehouse/etlx/{MODULE}/v2/"
    assert sorted(k for k in objects(seaweedfs, s3_bucket) if k.startswith(base)) == [
        base + "manifest.json",
        base + "metadata.jsonld",
        base + "quarantine/customers.parquet",
        base + "quarantine/orders.parquet",
        base + f"tables/customers.{ext}",
        base + f"tables/orders.{ext}",
    ]
    manifest = store.manifest(MODULE, 2)
    assert manifest["format"] == ext
    assert manifest["version"] == 2
    assert set(manifest["files"]) == {
        "metadata.jsonld",
        "quarantine/customers.parquet",
        "quarantine/orders.parquet",
        f"tables/customers.{ext}",
        f"tables/orders.{ext}",
    }
    rejected = store.read_quarantine(MODULE, 2, "orders")
    assert rejected["_reason"].tolist() == ["bad id", "пусто"]


def test_a_store_without_prefix_uses_the_bucket_root(seaweedfs: SeaweedS3, s3_bucket: str) -> None:
    store = make_store(seaweedfs, s3_bucket, prefix="")
    write_version(store, 1)
    assert f"{MODULE}/v1/manifest.json" in objects(seaweedfs, s3_bucket)
    assert [v.module for v in store.versions()] == [MODULE]


def test_abort_leaves_the_bucket_exactly_as_before(seaweedfs: SeaweedS3, s3_bucket: str) -> None:
    store = make_store(seaweedfs, s3_bucket)
    write_version(store, 1)
    before = objects(seaweedfs, s3_bucket)
    writer = store.begin(MODULE, "run-aborted")
    writer.write("customers", input_frame("customers", 2), table_schema("customers", 2))
    writer.end_table("customers")  # uploaded now
    writer.write("orders", input_frame("orders", 2), table_schema("orders", 2))
    assert len(objects(seaweedfs, s3_bucket)) == len(before) + 1
    writer.abort()
    writer.abort()
    assert objects(seaweedfs, s3_bucket) == before
    assert_version(store, 1)


def test_an_unpublished_version_is_not_listed(seaweedfs: SeaweedS3, s3_bucket: str) -> None:
    store = make_store(seaweedfs, s3_bucket)
    write_version(store, 1)
    writer = store.begin(MODULE, "run-pending")
    for table in TABLES:
        writer.write(table, input_frame(table, 2), table_schema(table, 2))
        writer.end_table(table)
    keys = objects(seaweedfs, s3_bucket)
    assert f"warehouse/etlx/{MODULE}/v2/tables/orders.parquet" in keys
    assert f"warehouse/etlx/{MODULE}/v2/manifest.json" not in keys
    assert [v.version for v in store.versions(MODULE)] == [1]
    with pytest.raises(VersionNotFound, match="versions: 1"):
        store.read_table(MODULE, 2, "orders")
    options = {**seaweedfs.options()}
    assert_tables(open_module(f"s3://{s3_bucket}/warehouse/etlx", MODULE, **options), 1)
    assert writer.publish(metadata_json(2), {}).version == 2
    assert [v.version for v in store.versions(MODULE)] == [1, 2]
    assert_tables(open_module(f"s3://{s3_bucket}/warehouse/etlx", MODULE, **options), 2)


def test_a_killed_run_leaves_the_previous_version_intact(
    seaweedfs: SeaweedS3, s3_bucket: str
) -> None:
    store = make_store(seaweedfs, s3_bucket)
    write_version(store, 1)
    published = {k: v for k, v in objects(seaweedfs, s3_bucket).items() if "/v1/" in k}
    url = f"s3://{s3_bucket}/warehouse/etlx"
    killed = kill_mid_load(url, seaweedfs.options())
    assert killed == 2
    leftover = f"warehouse/etlx/{MODULE}/v2/tables/leftover.parquet"
    keys = objects(seaweedfs, s3_bucket)
    assert leftover in keys  # uploaded by the killed run, but there is no manifest
    assert [v.version for v in store.versions()] == [1]
    assert {k: v for k, v in keys.items() if "/v1/" in k} == published
    assert_version(store, 1)

    writer = store.begin(MODULE, "run-next")
    assert writer.version == 2
    assert leftover not in objects(seaweedfs, s3_bucket)  # begin cleared the killed run's objects
    writer.abort()
    info = write_version(store, 2)
    assert info.version == 2
    assert_version(store, 1)
    assert_version(store, 2)
    assert leftover not in objects(seaweedfs, s3_bucket)


def test_open_module_reads_a_chosen_version_and_the_latest(
    seaweedfs: SeaweedS3, s3_bucket: str
) -> None:
    store = make_store(seaweedfs, s3_bucket)
    write_version(store, 1)
    write_version(store, 2)
    url = f"s3://{s3_bucket}/warehouse/etlx"
    options = seaweedfs.options()
    assert_tables(open_module(url, MODULE, 1, **options), 1)
    assert_tables(open_module(url, MODULE, "latest", **options), 2)
    assert_tables(open_module(url, MODULE, **options), 2)
    with pytest.raises(VersionNotFound, match="no version 9; versions: 1, 2"):
        open_module(url, MODULE, 9, **options)
    with pytest.raises(VersionNotFound, match=f"no module 'other'; modules there: {MODULE}"):
        open_module(url, "other", **options)


def test_open_store_reads_credentials_from_the_secret(
    seaweedfs: SeaweedS3, s3_bucket: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ETLX_TEST_S3", f"{seaweedfs.access_key}:{seaweedfs.secret_key}")
    target = Target(
        identifier="lake",
        kind=TargetKind.S3,
        access_url=f"s3://{s3_bucket}/modules",
        secret_ref="env:ETLX_TEST_S3",
        options={"endpoint_url": seaweedfs.endpoint_url, "region": "us-east-1", "path_style": True},
    )
    store = open_store(target, tmp_path)
    assert isinstance(store, S3Store)
    write_version(store, 1)
    assert f"modules/{MODULE}/v1/manifest.json" in objects(seaweedfs, s3_bucket)
    assert_version(store, 1)


def test_credentials_never_appear_in_errors(
    seaweedfs: SeaweedS3, s3_bucket: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = seaweedfs.secret_key
    wrong_secret = "wrong-" + secret[::-1]

    def text_of(exc: BaseException) -> str:
        return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)

    store = make_store(seaweedfs, s3_bucket, secret_key=wrong_secret)
    assert wrong_secret not in repr(store) and seaweedfs.access_key not in repr(store)
    with pytest.raises(StorageError, match="SignatureDoesNotMatch") as caught:
        store.versions(MODULE)
    for value in (wrong_secret, seaweedfs.access_key, secret):
        assert value not in text_of(caught.value)

    unknown = make_store(seaweedfs, s3_bucket, access_key="NOSUCHKEYID0000000001")
    with pytest.raises(StorageError, match="InvalidAccessKeyId") as caught:
        unknown.begin(MODULE, "r")
    assert "NOSUCHKEYID0000000001" not in text_of(caught.value)
    assert secret not in text_of(caught.value)

    monkeypatch.setenv("ETLX_TEST_S3_BAD", f"{seaweedfs.access_key}:{wrong_secret}")
    target = Target(
        identifier="lake",
        kind=TargetKind.S3,
        access_url=f"s3://{s3_bucket}/p",
        secret_ref="env:ETLX_TEST_S3_BAD",
        options={"endpoint_url": seaweedfs.endpoint_url, "path_style": True},
    )
    with pytest.raises(StorageError) as caught:
        open_store(target, tmp_path).versions()
    assert wrong_secret not in text_of(caught.value)
    assert seaweedfs.access_key not in text_of(caught.value)

    monkeypatch.setenv("ETLX_TEST_S3_MALFORMED", secret)  # no ':' between key id and secret
    target.secret_ref = "env:ETLX_TEST_S3_MALFORMED"
    with pytest.raises(ValueError, match="env:ETLX_TEST_S3_MALFORMED must hold") as bad:
        open_store(target, tmp_path)
    assert secret not in text_of(bad.value)


def test_a_large_table_goes_up_in_parts(seaweedfs: SeaweedS3, s3_bucket: str) -> None:
    store = make_store(seaweedfs, s3_bucket)
    schema = TableSchema(
        columns=[
            Column(name="id", datatype=Datatype.INTEGER),
            Column(name="blob", datatype=Datatype.BINARY),
        ]
    )
    writer = store.begin("blobs", "run-big")
    rows = 0
    for chunk in range(6):  # 6 x 4 MiB of incompressible bytes: above the 16 MiB part size
        blobs = [os.urandom(64 * 1024) for _ in range(64)]
        ids = pd.array(range(rows, rows + len(blobs)), dtype="Int64")
        writer.write(
            "blobs", pd.DataFrame({"id": ids, "blob": pd.Series(blobs, dtype=object)}), schema
        )
        rows += len(blobs)
        if chunk == 0:
            first = blobs[0]
    info = writer.publish("{}", {})
    assert info.row_counts == {"blobs": rows}
    head: Any = seaweedfs.client()
    meta = head.head_object(Bucket=s3_bucket, Key="warehouse/etlx/blobs/v1/tables/blobs.parquet")
    assert "-" in meta["ETag"]  # a multipart upload's ETag
    back = store.read_table("blobs", 1, "blobs")
    assert len(back) == rows
    assert back["blob"][0] == first


def test_publishing_a_number_taken_meanwhile_fails_clearly(
    seaweedfs: SeaweedS3, s3_bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = make_store(seaweedfs, s3_bucket)
    first = store.begin(MODULE, "run-a")
    second = store.begin(MODULE, "run-b")
    third = store.begin(MODULE, "run-c")
    for writer in (first, second, third):
        writer.write("orders", input_frame("orders", 1), table_schema("orders", 1))
    first.publish(metadata_json(1), {})
    with pytest.raises(VersionConflict, match="published by another run"):
        second.publish(metadata_json(1), {})
    # In the window between the check and the write, the server's If-None-Match refuses it.
    monkeypatch.setattr(store, "_exists", lambda key: False)
    with pytest.raises(VersionConflict, match="published by another run"):
        third.publish(metadata_json(1), {})
    assert [v.run_id for v in store.versions(MODULE)] == ["run-a"]
    assert json.loads(store.metadata(MODULE, 1))["identifier"] == MODULE
