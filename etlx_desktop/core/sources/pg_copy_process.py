"""The run's end of a COPY read in a child process (`core.copy_worker`).

`CopyProcess.start` exports the session's snapshot, hands it with the connection's parameters
and the settings that shape COPY's text (time zone, date and interval style, float digits,
bytea output, monetary locale, search path, lock timeout) to a new worker, and waits for its
first frame. When no worker can serve — a frozen build without a Python to start, a server
older than PostgreSQL 10, a worker that cannot connect or import the snapshot — it says None
and the caller reads in its own process, where a real error surfaces as it always did. Past
the first frame, a worker's error is raised as the driver's error, with the server's message.

Closing early (a failed or cancelled run) kills the worker: its connection drops and the
server ends the COPY; the run's own session and transaction are untouched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import psycopg

from ..copy_worker import FRAME, write_all

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


class CopyProcess:
    """A running worker and the frames it has sent."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._first: bytes | None = None
        self._ended = False

    @classmethod
    def start(cls, conn: psycopg.Connection[Any], statement: str) -> CopyProcess | None:
        """A worker running `statement` in `conn`'s snapshot, or None if none can."""
        if getattr(sys, "frozen", False) or conn.info.server_version < _SHARED_SNAPSHOTS:
            return None
        request = {
            "conninfo": _conninfo(conn),
            "snapshot": _scalar(conn, "SELECT pg_export_snapshot()"),
            "settings": _settings(conn),
            "statement": statement,
        }
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "etlx_desktop.core.copy_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                bufsize=0,
                env=_environment(),
            )
        except OSError:
            return None
        worker = cls(process)
        try:
            assert process.stdin is not None
            write_all(process.stdin.fileno(), json.dumps(request).encode("utf-8"))
            process.stdin.close()
            worker._first = worker._next()
        except (OSError, ValueError, psycopg.Error):
            worker.close()
            return None
        return worker

    @property
    def pid(self) -> int:
        return self._process.pid

    def blocks(self) -> Iterator[bytes]:
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


def _conninfo(conn: psycopg.Connection[Any]) -> str:
    """The parameters `conn` was opened with (the password included: it goes through the pipe)."""
    options = {o.keyword.decode(): o.val.decode() for o in conn.pgconn.info if o.val is not None}
    return psycopg.conninfo.make_conninfo("", **options)


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
