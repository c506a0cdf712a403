"""The run's end of a COPY read in a child process.

`start_copy` exports the session's snapshot and hands it, with the connection's parameters
and the settings that shape COPY's text (time zone, date and interval style, float digits,
bytea output, monetary locale, search path, lock timeout), to a child: psql where it is on the
PATH (`pg_copy_psql`, the cheaper), else a Python worker (`core.copy_worker`, whose first frame
it waits for). When no child can serve — no psql in a frozen build, which has no Python to
start, a server older than PostgreSQL 10, a child that cannot connect or import the snapshot —
it says None and the caller reads in its own process, where a real error surfaces as it
always did. Past the first rows, a child's error is raised as the driver's error, with the
server's message.

Closing early (a failed or cancelled run) kills the child: its connection drops and the
server ends the COPY; the run's own session and transaction are untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

import psycopg
import pyarrow as pa

from ..copy_worker import FRAME, snapshot_literal, write_all
from .pg_copy_csv import parse_blocks
from .pg_copy_psql import PsqlCopy

# the settings that decide how COPY spells values, or which table a name means
SETTINGS = (
    "TimeZone",
    "DateStyle",
    "IntervalStyle",
    "extra_float_digits",
    "bytea_output",
    "lc_monetary",
    "search_path",
    "lock_timeout",
)

# a standby exports its snapshot from PostgreSQL 10 on; a failed export would fail the run's
# own transaction (it cannot be tried in a savepoint), so older servers read in-process
_SHARED_SNAPSHOTS = 100000


class CopyStream(Protocol):
    """A COPY's rows read by a child process."""

    @property
    def pid(self) -> int: ...

    def raw(self) -> Iterator[bytes]: ...

    def batches(self, width: int) -> Iterator[pa.RecordBatch]: ...

    def close(self) -> None: ...


def start_copy(conn: psycopg.Connection[Any], statement: str) -> CopyStream | None:
    """A child process running `statement` (a COPY TO STDOUT in CSV) in `conn`'s snapshot:
    psql where it is on the PATH, else the Python worker; None if neither can."""
    request = export(conn, statement)
    if request is None:
        return None
    psql = PsqlCopy.start(request)
    if psql is not None or getattr(sys, "frozen", False):  # a frozen build has no Python to start
        return psql
    return CopyProcess.start(request)


def export(conn: psycopg.Connection[Any], statement: str) -> dict[str, Any] | None:
    """What a child needs to run `statement` as `conn` would: the connection's parameters,
    its exported snapshot, settings and client encoding; None where no child can."""
    if conn.info.server_version < _SHARED_SNAPSHOTS:
        return None
    return {
        "options": _options(conn),
        "defaults": _defaults(conn),
        "snapshot": snapshot_literal(_scalar(conn, "SELECT pg_export_snapshot()")),
        "settings": _settings(conn),
        "encoding": _scalar(conn, "SHOW client_encoding"),
        "statement": statement,
    }


class CopyProcess:
    """A running worker and the frames it has sent."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._first: bytes | None = None
        self._ended = False

    @classmethod
    def start(cls, request: dict[str, Any]) -> CopyProcess | None:
        """A worker running `request` (see `export`), or None if none can."""
        message = {
            "conninfo": psycopg.conninfo.make_conninfo("", **request["options"]),
            "snapshot": request["snapshot"],
            "settings": request["settings"],
            "statement": request["statement"],
        }
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "etlx_desktop.core.copy_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_environment(),
            )
        except OSError:
            return None
        worker = cls(process)
        try:
            assert process.stdin is not None
            write_all(process.stdin.fileno(), json.dumps(message).encode("utf-8"))
            process.stdin.close()
            worker._first = worker._next()
        except (OSError, ValueError, psycopg.Error):
            worker.close()
            return None
        return worker

    @property
    def pid(self) -> int:
        return self._process.pid

    def batches(self, width: int) -> Iterator[pa.RecordBatch]:
        """The rows, a block at a time."""
        return parse_blocks(self.raw(), width)

    def raw(self) -> Iterator[bytes]:
        """The CSV in blocks of whole rows, to the end of the COPY."""
        if self._first is not None:
            first, self._first = self._first, None
            yield first
        while (block := self._next()) is not None:
            yield block

    def _next(self) -> bytes | None:
        """The next block, or None at the end of the rows (the worker then has exited)."""
        if self._ended:
            return None
        out = self._process.stdout
        if out is None:
            raise ValueError("the COPY worker was closed")
        (size,) = FRAME.unpack(_read(out, FRAME.size))
        if size < 0:
            raise psycopg.OperationalError(_read(out, -size).decode("utf-8", "replace"))
        if size == 0:
            self._ended = True
            self.close()
            return None
        return _read(out, size)

    def close(self) -> None:
        """Stop the worker if it still runs, and release its pipe."""
        if self._process.poll() is None and not self._ended:
            self._process.kill()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
            self._process.stdout = None


def _environment() -> dict[str, str]:
    """This environment, with the folder this product is imported from first on the path."""
    root = str(Path(__file__).resolve().parents[3])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _read(out: IO[bytes], size: int) -> bytes:
    """Exactly `size` bytes from the pipe, read straight from its descriptor (as the worker
    writes them, see `copy_worker`): a read cut short by a stop and continue only moves on."""
    data = bytearray(size)
    view = memoryview(data)
    got = 0
    while got < size:
        count = os.readv(out.fileno(), [view[got:]])
        if count == 0:
            raise psycopg.OperationalError("the COPY worker stopped before the end of the rows")
        got += count
    return bytes(data)


def _options(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """The parameters `conn` was opened with (the password included: a child gets it through
    its pipe or its environment, never its command line)."""
    return {o.keyword.decode(): o.val.decode() for o in conn.pgconn.info if o.val is not None}


def _defaults(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """Each parameter's built-in default, where libpq has one."""
    return {o.keyword.decode(): o.compiled.decode() for o in conn.pgconn.info if o.compiled}


def _settings(conn: psycopg.Connection[Any]) -> dict[str, str]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT n, current_setting(n) FROM unnest(%s::text[]) AS n", (list(SETTINGS),)
        )
        return {str(name): str(value) for name, value in cursor.fetchall()}


def _scalar(conn: psycopg.Connection[Any], query: str) -> str:
    with conn.cursor() as cursor:
        cursor.execute(query)
        row = cursor.fetchone()
    if row is None:
        raise psycopg.OperationalError(f"{query} returned nothing")
    return str(row[0])
