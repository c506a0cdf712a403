"""Key-range partitions read back exactly the rows they were planned with, whatever the key's
type: a bound written into a COPY statement must mean the same value to PostgreSQL, and keys
whose literals would not (NaN and infinity, bytes) are bound by the cursor path instead."""

from __future__ import annotations

from pathlib import Path

import pytest

from etlx_desktop.core.metadata.model import (
    Column,
    DataSource,
    Datatype,
    ExtractStep,
    SourceKind,
    Table,
    TableSchema,
)
from etlx_desktop.core.pipeline.distributed.partitions import (
    plan_partitions,
    read_partition,
    snapshot_connection,
)
from etlx_desktop.core.sources.reading import SourceAccess

from .pg import execute

KEYS = {
    "numeric": ("1", "2", "'NaN'", "3.5", "'Infinity'"),
    "float8": ("1", "'-Infinity'", "2", "'Infinity'", "'NaN'"),
    "bytea": ("'B'", "'\\x5c313031'", "'\\x5c313032'", "'a'", "'a1'"),
    "text": ("'it''s'", "'100%'", "'a\\b'", "'{}'", "'z'"),
    "uuid": tuple(f"'0000000{i}-0000-0000-0000-000000000000'" for i in range(5)),
    "date": ("'1850-01-01'", "'2020-02-29'", "'0001-01-01'", "'9999-12-31'", "'2000-01-01'"),
}


@pytest.mark.parametrize("kind", sorted(KEYS))
def test_every_partition_reads_the_rows_it_was_planned_with(
    postgres_database: str, kind: str
) -> None:
    rows = ", ".join(f"({key}, {n})" for n, key in enumerate(KEYS[kind]))
    execute(
        postgres_database,
        f"CREATE TABLE keyed (k {kind} PRIMARY KEY, n int)",
        f"INSERT INTO keyed VALUES {rows}",
    )
    source = DataSource(identifier="db", kind=SourceKind.POSTGRESQL, endpoint_url=postgres_database)
    table = Table(
        url="tables/keyed",
        table_name="keyed",
        extraction=ExtractStep(from_source="db", source_table="keyed"),
        table_schema=TableSchema(
            columns=[
                Column(name="k", datatype=Datatype.STRING),
                Column(name="n", datatype=Datatype.INTEGER),
            ],
            primary_key=["k"],
        ),
    )
    access = SourceAccess(Path("."))
    with snapshot_connection(source, access) as connection:
        parts = plan_partitions(connection, table, "k", 2)
    assert [p.rows for p in parts] == [2, 2, 1]
    seen: list[int] = []
    for part in parts:
        read = [
            int(n)
            for chunk in read_partition(source, access, table, part, 10, None)
            for n in chunk["n"]
        ]
        assert len(read) == part.rows, f"partition {part.index} of {kind} keys"
        seen += read
    assert sorted(seen) == list(range(5))
