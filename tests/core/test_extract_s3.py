"""Extraction from S3 (a real SeaweedFS on 127.0.0.1, the `seaweedfs` fixture): the tables of a
published version read again, in chunks."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etlx_desktop.core.metadata.model import (
    Activity,
    Column,
    DataModule,
    DataSource,
    Datatype,
    SourceKind,
    TableSchema,
    Target,
    TargetKind,
)
from etlx_desktop.core.pipeline.versions import version_metadata
from etlx_desktop.core.sources.reading import SourceAccess, SourceUnreadable
from etlx_desktop.core.sources.sessions import open_source_session
from etlx_desktop.core.storage import S3Store

from .extracting import assert_chunked, read_table, source, table

if TYPE_CHECKING:
    from tests.conftest import SeaweedS3

ROWS = 50
CHUNK = 7


def _options(server: SeaweedS3) -> dict[str, Any]:
    return {"endpoint_url": server.endpoint_url, "region": server.region, "path_style": True}


def _secret(server: SeaweedS3) -> str:
    return f"{server.access_key}:{server.secret_key}"


def _put(server: SeaweedS3, bucket: str, key: str, data: bytes) -> None:
    client: Any = server.client()
    client.put_object(Bucket=bucket, Key=key, Body=data)


def _parquet_bytes(rows: int) -> bytes:
    frame = pa.table(
        {"id": pa.array(range(rows), pa.int64()), "label": [f"r{i}" for i in range(rows)]}
    )
    sink = io.BytesIO()
    pq.write_table(frame, sink, row_group_size=10)
    return sink.getvalue()


def test_parquet_and_csv_objects_under_a_prefix_in_chunks(
    seaweedfs: SeaweedS3, s3_bucket: str, tmp_path: Path
) -> None:
    _put(seaweedfs, s3_bucket, "lake/v1/tables/t.parquet", _parquet_bytes(ROWS))
    _put(seaweedfs, s3_bucket, "lake/v1/tables/t.csv", b"id;label\n1;a\n2;b\n")
    src = source(SourceKind.S3, f"s3://{s3_bucket}/lake/v1/", options=_options(seaweedfs))
    parquet = table("t", ["id", "label"], file="tables/t.parquet")
    with open_source_session(src, SourceAccess(tmp_path, _secret(seaweedfs))) as session:
        reader = session.reader(parquet)
        assert reader.estimate_rows() == ROWS
        rows = assert_chunked(list(reader.chunks(CHUNK)), ROWS, CHUNK)
        again = pd.concat(list(reader.chunks(100)))  # read twice, downloaded once
        csv = pd.concat(list(session.reader(table("c", file="tables/t.csv")).chunks(10)))
        s3_session: Any = getattr(session, "inner", session)
        downloaded = list(s3_session.folder.iterdir())
    assert rows["id"].tolist() == list(range(ROWS)) == again["id"].tolist()
    assert csv.to_dict("list") == {"id": ["1", "2"], "label": ["a", "b"]}
    assert len(downloaded) == 2
    assert not any(p.exists() for p in downloaded)  # the temporary copies are gone


def test_a_published_version_is_extracted_again(
    seaweedfs: SeaweedS3, s3_bucket: str, tmp_path: Path
) -> None:
    schema = TableSchema(
        columns=[Column(name="id", datatype=Datatype.LONG), Column(name="city")],
        primary_key=["id"],
    )
    frame = pd.DataFrame(
        {"id": pd.array(range(ROWS), dtype="Int64"), "city": [f"Город {i}" for i in range(ROWS)]}
    )
    store = S3Store(s3_bucket, "warehouse", **seaweedfs.options())  # type: ignore[arg-type]
    writer = store.begin("shop", "run-1")
    writer.write("customers", frame.iloc[:30], schema)
    writer.write("customers", frame.iloc[30:], schema)
    info = writer.publish("{}", {})
    target = Target(
        identifier="lake",
        kind=TargetKind.S3,
        access_url=f"s3://{s3_bucket}/warehouse",
        secret_ref="env:LAKE_KEYS",
        options=_options(seaweedfs),
    )
    module = DataModule(
        identifier="shop",
        data_sources=[DataSource(identifier="db", kind=SourceKind.SQLITE, endpoint_url="x")],
        tables=[table("customers", ["id", "city"], source_id="db", source_table="customers")],
    )
    published = version_metadata(module, {}, target, info.version, info.location, Activity())
    [lake] = published.data_sources
    assert (lake.kind, lake.endpoint_url) == (SourceKind.S3, info.location)
    lake.options = lake.options or target.options  # see the report: versions.py drops them
    [customers] = published.tables
    chunks = read_table(lake, customers, CHUNK, base_dir=tmp_path, password=_secret(seaweedfs))
    rows = assert_chunked(chunks, ROWS, CHUNK)
    assert rows["id"].tolist() == list(range(ROWS))
    assert rows["city"].iloc[-1] == f"Город {ROWS - 1}"


def test_missing_objects_and_wrong_keys_are_reported_without_the_secret(
    seaweedfs: SeaweedS3, s3_bucket: str, tmp_path: Path
) -> None:
    src = source(SourceKind.S3, f"s3://{s3_bucket}/lake", options=_options(seaweedfs))
    missing = table("m", file="tables/none.parquet")
    with pytest.raises(SourceUnreadable, match=f"s3://{s3_bucket}/lake/tables/none.parquet does"):
        read_table(src, missing, base_dir=tmp_path, password=_secret(seaweedfs))
    _put(seaweedfs, s3_bucket, "lake/t.parquet", _parquet_bytes(3))
    wrong = f"{seaweedfs.access_key}:not-the-secret-123"
    with pytest.raises(SourceUnreadable, match="cannot be read") as caught:
        read_table(src, table("t", file="t.parquet"), base_dir=tmp_path, password=wrong)
    assert "not-the-secret-123" not in str(caught.value)
    with pytest.raises(SourceUnreadable, match="ACCESS_KEY_ID:SECRET_ACCESS_KEY"):
        read_table(src, table("t", file="t.parquet"), base_dir=tmp_path, password="no-colon")
