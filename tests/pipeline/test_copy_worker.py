"""A run's COPY read in a child process (psql, or the Python worker where psql is missing):
the same rows and bytes as in the run's own process, in the run's snapshot and settings; an
early stop ends the child and its session; a child that cannot serve leaves the reading to the
run's process."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etlx_desktop.core.metadata.model import DataSource, ExtractStep, SourceKind, Table
from etlx_desktop.core.metadata.model import TableSchema as Schema
from etlx_desktop.core.sources import pg_copy_process, pg_copy_psql
from etlx_desktop.core.sources.pg_copy import copy_chunks
from etlx_desktop.core.sources.pg_copy_csv import BLOCK_BYTES
from etlx_desktop.core.sources.pg_copy_process import CopyProcess, start_copy
from etlx_desktop.core.sources.pg_copy_psql import PsqlCopy
from etlx_desktop.core.sources.reading import SourceAccess, SourceUnreadable
from etlx_desktop.core.sources.sql_reader import open_sql_session

from .pg import execute

ROWS = 40_000
COPY = "COPY (SELECT * FROM people ORDER BY id) TO STDOUT (FORMAT csv)"


@pytest.fixture(params=["psql", "python"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which child reads: psql, or the Python worker on a machine without psql."""
    if request.param == "python":
        monkeypatch.setattr(pg_copy_psql, "find_psql", lambda: None)
    else:
        assert pg_copy_psql.find_psql() is not None, "psql is part of the PostgreSQL install"
    return str(request.param)


def _kind(way: str) -> type:
    return PsqlCopy if way == "psql" else CopyProcess


@pytest.fixture
def people(postgres_database: str) -> Iterator[str]:
    execute(
        postgres_database,
        "CREATE TABLE people (id int PRIMARY KEY, name text, seen timestamptz, paid numeric)",
        "INSERT INTO people SELECT g, 'Имя ' || g, TIMESTAMPTZ '2024-03-31 01:30+03'"
        f" + g * INTERVAL '17 minutes', g / 7.0 FROM generate_series(1, {ROWS}) g",
    )
    yield postgres_database


def _snapshot_session(url: str, *settings: str) -> psycopg.Connection[Any]:
    conn = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    for setting in settings:
        conn.execute(setting)
    conn.execute("SELECT 1")  # the snapshot is taken here
    return conn


def _in_process(conn: psycopg.Connection[Any], statement: str) -> bytes:
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        return b"".join(bytes(data) for data in copy)


def _add_rows(url: str, count: int) -> None:
    """`count` more people of 200-character names: more than a pipe and a socket hold."""
    execute(
        url,
        "INSERT INTO people SELECT g, repeat('x', 200), now(), g FROM"
        f" generate_series({ROWS + 1}, {ROWS + count}) g",
    )


def _generated(rows: int, hashes: int) -> str:
    """A COPY of `rows` generated rows, each a number and `hashes` MD5s of text."""
    return (
        f"COPY (SELECT g, repeat(md5(g::text), {hashes}) FROM generate_series(1, {rows}) g)"
        " TO STDOUT (FORMAT csv)"
    )


def _worker_backends(url: str) -> int:
    rows = execute(
        url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND query LIKE 'COPY (SELECT %people%'",
    )
    return int(rows[0][0])  # type: ignore[call-overload]


def test_the_child_sends_the_bytes_the_session_would_read_with_its_settings(
    people: str, way: str
) -> None:
    # settings that change COPY's text, set in the session only: the worker must apply them
    conn = _snapshot_session(
        people,
        "SET LOCAL TimeZone = 'America/New_York'",
        "SET LOCAL DateStyle = 'SQL, DMY'",
        "SET LOCAL extra_float_digits = 0",
        """SET LOCAL search_path = 'it''s $$ odd', public""",
    )
    with conn:
        worker = start_copy(conn, COPY)
        assert isinstance(worker, _kind(way))
        got = b"".join(worker.raw())
        assert got == _in_process(conn, COPY)
        assert got.count(b"\n") == ROWS
        assert b"EDT" in got and b"EST" in got  # the session's zone and date style


def test_the_child_reads_the_sessions_snapshot_not_later_rows(people: str, way: str) -> None:
    conn = _snapshot_session(people)
    with conn:
        execute(people, "INSERT INTO people VALUES (0, 'later', now(), 1)")
        execute(people, "DELETE FROM people WHERE id = 1")
        worker = start_copy(conn, COPY)
        assert isinstance(worker, _kind(way))
        got = b"".join(worker.raw())
    assert got.count(b"\n") == ROWS
    assert got.startswith(b"1,")  # the deleted row is still there, the new one is not


def test_a_child_stopped_and_continued_loses_no_bytes(people: str, way: str) -> None:
    # Ctrl-Z and fg, or a sampling profiler: the worker is stopped while its write waits on a
    # full pipe; every byte must still arrive once, in order
    statement = _generated(400_000, 8)
    conn = _snapshot_session(people)
    with conn:
        expected = _in_process(conn, statement)
        worker = start_copy(conn, statement)
        assert isinstance(worker, _kind(way))
        done = threading.Event()

        def stop_and_continue(pid: int) -> None:
            while not done.is_set():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGSTOP)
                    time.sleep(0.002)
                    os.kill(pid, signal.SIGCONT)
                time.sleep(0.003)

        pester = threading.Thread(target=stop_and_continue, args=(worker.pid,))
        pester.start()
        blocks = []
        try:
            for block in worker.raw():
                blocks.append(block)
                time.sleep(0.002)  # a reader slower than the worker keeps the pipe full
        finally:
            done.set()
            pester.join()
    assert len(blocks) > 20
    if way == "python":
        assert all(block.endswith(b"\n") for block in blocks)  # frames of whole rows
    assert b"".join(blocks) == expected


def test_a_child_hands_the_rows_over_in_blocks_of_about_a_mebibyte(people: str, way: str) -> None:
    # a pipe gives at most 64 KiB a read; batches that small would leave every column of a
    # chunk in dozens of pieces and slow all that follows
    statement = _generated(100_000, 4)
    conn = _snapshot_session(people)
    with conn:
        size = len(_in_process(conn, statement))
        child = start_copy(conn, statement)
        assert isinstance(child, _kind(way))
        batches = list(child.batches(2))
        child.close()
    assert sum(b.num_rows for b in batches) == 100_000
    assert size > 10 * BLOCK_BYTES
    assert len(batches) <= 3 * (size // BLOCK_BYTES + 1)  # 64 KiB pieces: over 200


def test_a_child_reads_an_empty_table_as_no_rows(people: str, way: str) -> None:
    execute(people, "CREATE TABLE nobody (id int PRIMARY KEY, name text)")
    conn = _snapshot_session(people)
    with conn:
        child = start_copy(conn, "COPY (SELECT * FROM nobody) TO STDOUT (FORMAT csv)")
        assert isinstance(child, _kind(way))
        assert list(child.batches(2)) == []
        child.close()
        assert list(copy_chunks(conn, "SELECT * FROM nobody", 100, in_worker=True)) == []


def test_a_notice_per_row_does_not_stop_the_child(people: str, way: str) -> None:
    # megabytes of server messages next to the rows: nothing may wait on them unread
    execute(
        people,
        "CREATE FUNCTION noisy(i int) RETURNS int LANGUAGE plpgsql AS $$"
        " BEGIN RAISE NOTICE 'row % %', i, repeat('x', 200); RETURN i; END $$",
    )
    conn = _snapshot_session(people)
    counted: list[int] = []

    def read() -> None:
        select = "SELECT noisy(id) AS id, name FROM people"
        counted.append(sum(len(c) for c in copy_chunks(conn, select, 5000, in_worker=True)))

    with conn:
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout=120)  # a child stuck on its messages would hang here
        assert counted == [ROWS]


def test_an_early_stop_ends_the_child_and_its_session(people: str, way: str) -> None:
    # more rows than the pipe and the reader's read-ahead hold: the COPY is still running
    _add_rows(people, 200_000)
    conn = _snapshot_session(people)
    with conn:
        chunks = copy_chunks(conn, "SELECT * FROM people", 100, in_worker=True)
        assert len(next(chunks)) == 100
        assert _worker_backends(people) == 1
        chunks.close()
        for _ in range(50):  # the server notices the dropped connection
            if _worker_backends(people) == 0:
                break
            time.sleep(0.1)
        assert _worker_backends(people) == 0
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (ROWS + 200_000,)


def test_a_child_killed_mid_table_fails_the_read_with_the_servers_words(
    people: str, way: str
) -> None:
    # more rows than the socket and the pipe hold: the server is still sending when killed
    _add_rows(people, 200_000)
    source = DataSource(identifier="db", kind=SourceKind.POSTGRESQL, endpoint_url=people)
    table = Table(
        url="tables/people",
        table_name="people",
        extraction=ExtractStep(from_source="db", source_table="people"),
        table_schema=Schema(columns=[]),
    )
    with open_sql_session(source, SourceAccess(Path("."), bulk=True)) as session:
        chunks = session.reader(table).chunks(10)
        next(chunks)
        assert _worker_backends(people) == 1
        execute(
            people,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname ="
            " current_database() AND query LIKE 'COPY (SELECT %people%'",
        )
        with pytest.raises(SourceUnreadable, match="table people of source db") as caught:
            for _ in chunks:
                pass
    # libpq's words, as the server's FATAL message or the closed socket reached it first
    words = ("terminating connection", "server closed the connection")
    assert any(w in str(caught.value) for w in words), str(caught.value)


def test_a_child_that_cannot_serve_leaves_the_read_to_the_session(people: str, way: str) -> None:
    conn = _snapshot_session(people)
    with conn:
        assert start_copy(conn, "COPY (SELECT * FROM missing) TO STDOUT") is None
        assert conn.execute("SELECT count(*) FROM people").fetchone() == (ROWS,)


def test_a_frozen_build_uses_psql_or_reads_in_its_own_process(
    people: str, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a frozen build has no Python to start a worker with; psql it can start
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    conn = _snapshot_session(people)
    with conn:
        child = start_copy(conn, COPY)
        if way == "psql":
            assert isinstance(child, PsqlCopy)
            child.close()
        else:
            assert child is None
        rows = sum(len(c) for c in copy_chunks(conn, "SELECT * FROM people", 5000, in_worker=True))
    assert rows == ROWS


def test_a_server_without_shared_snapshots_reads_in_its_own_process(
    people: str, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = _snapshot_session(people)
    with conn:
        version = conn.info.server_version
        monkeypatch.setattr(pg_copy_process, "_SHARED_SNAPSHOTS", version + 1)
        assert start_copy(conn, COPY) is None
        monkeypatch.setattr(pg_copy_process, "_SHARED_SNAPSHOTS", version)
        worker = start_copy(conn, COPY)
        assert isinstance(worker, _kind(way))
        assert b"".join(worker.raw()).count(b"\n") == ROWS


def test_the_password_never_reaches_the_command_line(
    people: str, way: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = "pw-" + secrets.token_hex(6)  # trust auth lets any password through
    started: list[tuple[list[str], dict[str, str]]] = []
    real = subprocess.Popen

    def popen(args: list[str], **kwargs: Any) -> Any:
        started.append((list(args), dict(kwargs.get("env") or {})))
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", popen)
    conn = psycopg.connect(
        people.replace("postgresql+psycopg://", "postgresql://"), password=secret
    )
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    with conn:
        worker = start_copy(conn, COPY)
        assert isinstance(worker, _kind(way))
        assert b"".join(worker.raw()).count(b"\n") == ROWS
        worker.close()
    arguments, env = started[-1]
    assert not any(secret in part for part in arguments)
    if way == "psql":
        assert env["PGPASSWORD"] == secret  # readable by the same user only
    else:
        assert not any(secret in value for value in env.values())  # it goes through the pipe
