"""A COPY read by ``psql`` in a child process, where psql is on the PATH.

psql moves a COPY's rows from the socket to its stdout in C, at a small part of the CPU a
Python loop over libpq's one-row messages costs (`core.copy_worker`), and pyarrow parses that
stream on its own threads. psql joins the run's snapshot the way the Python worker does:
`SET TRANSACTION SNAPSHOT`, then the settings that shape COPY's text, set for the transaction
by one `DO` block (nothing of them reaches stdout, which carries only the rows).

The password goes to psql in its environment (`PGPASSWORD`, readable by the same user only),
never on the command line; with an `sslpassword` psql is not used. psql writes nothing before
the COPY's first row, so a psql that exits before writing anything and not with success
(cannot connect, cannot import the snapshot) leaves the read to the next way
(`pg_copy_process.start_copy`). Past the first row its failure is raised with its own words.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import psycopg
import pyarrow as pa

from .pg_copy_csv import BLOCK_BYTES, parse_stream


def find_psql() -> str | None:
    """psql's path, or None if it is not on the PATH."""
    return shutil.which("psql")


class PsqlCopy:
    """A running psql and the stream of its COPY's rows."""

    def __init__(self, process: subprocess.Popen[bytes], errors: IO[bytes], first: bytes) -> None:
        self._process = process
        self._errors = errors
        self._held = first
        self._ended = False

    @classmethod
    def start(cls, request: dict[str, Any]) -> PsqlCopy | None:
        """psql running `request` (see `pg_copy_process.export`), or None if none can."""
        psql = find_psql()
        options = _options(request["options"], request["defaults"])
        if psql is None or "sslpassword" in options:
            return None
        env = dict(os.environ)
        password = options.pop("password", None)
        if password:
            env["PGPASSWORD"] = password
        env["PGCLIENTENCODING"] = request["encoding"]
        commands = [
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            f"SET TRANSACTION SNAPSHOT '{request['snapshot']}'",
            _settings_block(request["settings"]),
            request["statement"],
        ]
        arguments = [psql, "-X", "-q", "-w", "-v", "ON_ERROR_STOP=1", "-d", _conninfo(options)]
        for command in commands:
            arguments += ["-c", command]
        # psql's messages go to a file: a pipe nobody reads while the rows flow could fill
        # up (a view that raises a notice per row) and stop psql
        errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        try:
            process = subprocess.Popen(
                arguments,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
            )
        except OSError:
            errors.close()
            return None
        assert process.stdout is not None
        first = os.read(process.stdout.fileno(), BLOCK_BYTES)
        copy = cls(process, errors, first)
        if not first and process.wait() != 0:
            copy.close()
            return None
        return copy

    @property
    def pid(self) -> int:
        return self._process.pid

    def raw(self) -> Iterator[bytes]:
        """The CSV as it arrives, in pieces that need not end with a row."""
        while piece := self.read(BLOCK_BYTES):
            yield piece

    def batches(self, width: int) -> Iterator[pa.RecordBatch]:
        """The rows, parsed as they arrive; psql's failure is raised as the driver's error."""
        if not self._held:  # the first read found the end: no rows (pyarrow refuses no bytes)
            self._check()
            return
        try:
            yield from parse_stream(pa.PythonFile(_Pipe(self), mode="r"), width)
        except pa.ArrowInvalid:
            self._check()  # a cut-off row from a psql that failed: say why it failed
            raise
        self._check()

    def read(self, size: int) -> bytes:
        """`size` bytes of the stream, fewer only at its end (b"" past it). A pipe hands over
        at most its buffer (64 KiB) a read; given such pieces pyarrow would make a batch of
        each, and every column of a chunk would be made of dozens of small arrays."""
        pieces = []
        if self._held:
            piece, self._held = self._held[:size], self._held[size:]
            pieces.append(piece)
            size -= len(piece)
        out = self._process.stdout
        while size > 0 and out is not None and not self._ended:
            piece = os.read(out.fileno(), size)
            self._ended = not piece
            pieces.append(piece)
            size -= len(piece)
        return b"".join(pieces)

    def _check(self) -> None:
        if self._process.wait() != 0:
            self._errors.seek(0)
            message = self._errors.read().decode("utf-8", "replace").strip()
            raise psycopg.OperationalError(_first_error(message) or "psql failed")

    def close(self) -> None:
        """Stop psql if it still runs, and release its pipe and messages."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._errors.close()


class _Pipe:
    """psql's stdout as the file pyarrow reads."""

    closed = False

    def __init__(self, copy: PsqlCopy) -> None:
        self._copy = copy

    def read(self, size: int = -1) -> bytes:
        return self._copy.read(size if size > 0 else BLOCK_BYTES)

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


def _settings_block(settings: dict[str, str]) -> str:
    """A DO block that sets each setting for the transaction (dollar-quoted: any text)."""
    calls = "".join(
        f"PERFORM set_config({_quoted(name)}, {_quoted(value)}, true); "
        for name, value in settings.items()
    )
    tag = _tag("".join(settings) + "".join(settings.values()))
    return f"DO {tag} BEGIN {calls}END {tag}"


def _quoted(text: str) -> str:
    tag = _tag(text)
    return f"{tag}{text}{tag}"


def _tag(text: str) -> str:
    """A dollar-quote tag that `text` does not contain."""
    while True:
        tag = f"$q{secrets.token_hex(4)}$"
        if tag not in text:
            return tag


# parameters newer than PostgreSQL 12's libpq, which an older psql refuses even at their default
_NEWER = {
    "channel_binding": "prefer",
    "ssl_min_protocol_version": "TLSv1.2",
    "ssl_max_protocol_version": "",
    "sslsni": "1",
    "sslcertmode": "allow",
    "require_auth": "",
    "gssdelegation": "0",
    "load_balance_hosts": "disable",
    "sslnegotiation": "postgres",
}


def _options(options: dict[str, str], defaults: dict[str, str]) -> dict[str, str]:
    """The parameters that differ from libpq's defaults: what psql needs to connect the same
    way, without the ones its (maybe older) libpq would not know."""
    return {
        key: value
        for key, value in options.items()
        if value != defaults.get(key) and value != _NEWER.get(key)
    }


def _conninfo(options: dict[str, str]) -> str:
    return psycopg.conninfo.make_conninfo("", **options)


def _first_error(message: str) -> str:
    """The text of psql's first ERROR or FATAL line, else its first line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    for line in lines:
        for prefix in ("ERROR:", "FATAL:"):
            if prefix in line:
                return line.split(prefix, 1)[1].strip()
    return lines[0] if lines else ""
