"""A child process that runs one ``COPY (SELECT ...) TO STDOUT`` and pipes the rows back.

psycopg hands a COPY's rows to Python one message at a time, about a microsecond of Python
(and of the GIL) per row. In a process of its own that work runs on the other core without
taking the GIL from the run's rules and anonymization; the run gets the CSV in blocks of
whole rows, the same bytes an in-process COPY gives (`sources.pg_copy`).

The worker imports psycopg and nothing of the product beyond this module, so it starts in a
fraction of a second. It reads one JSON request from stdin — the connection's parameters, the
exporting session's snapshot and settings, the statement — opens a read-only repeatable-read
transaction in that snapshot, so it sees exactly the rows the run's session sees, and writes
frames to stdout: an 8-byte signed length then that many bytes of CSV (whole rows), a length
of 0 at the end, or a negative length then an error message of that many bytes. The request
travels through the pipe, never on the command line, since it holds the password.

Bytes move by `os.read` and `os.write` on the descriptors, looped until all have moved, not
through `sys.stdin.buffer` and `sys.stdout.buffer`: a worker stopped and continued (Ctrl-Z
and `fg` in a shell, or a sampling profiler) while its write waits on a full pipe gets a
short write, and the buffered writer then silently drops part of the frame.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

FRAME = struct.Struct(">q")
BLOCK_BYTES = 1 << 20


def serve(request: dict[str, Any], out: int) -> None:
    """Run the request's COPY and write its rows to the descriptor `out` as frames."""
    import psycopg

    try:
        with psycopg.connect(request["conninfo"], autocommit=True) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot_literal(request['snapshot'])}'")
            for name, value in request["settings"].items():
                conn.execute("SELECT set_config(%s, %s, true)", (name, value))
            with conn.cursor() as cursor, cursor.copy(request["statement"]) as copy:
                _pipe(copy, out)
    except psycopg.Error as exc:
        _fail(out, str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        return
    write_all(out, FRAME.pack(0))


def row_blocks(copy: Any) -> Iterator[bytes]:
    """A COPY's data messages (one whole row each) joined into blocks of about BLOCK_BYTES:
    each block holds whole rows, so it parses on its own."""
    parts: list[bytes] = []
    held = 0
    while data := copy.read():
        parts.append(bytes(data))
        held += len(data)
        if held >= BLOCK_BYTES:
            yield b"".join(parts)
            parts, held = [], 0
    if parts:
        yield b"".join(parts)


def write_all(out: int, data: bytes) -> None:
    """Write every byte of `data` to the descriptor `out`, however many writes it takes."""
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]


def _pipe(copy: Any, out: int) -> None:
    for block in row_blocks(copy):
        write_all(out, FRAME.pack(len(block)))
        write_all(out, block)


def _fail(out: int, message: str) -> None:
    data = message.encode("utf-8", "replace") or b"?"
    write_all(out, FRAME.pack(-len(data)) + data)


def snapshot_literal(snapshot: str) -> str:
    """A snapshot identifier is hex digits and dashes; anything else is refused."""
    if not snapshot or any(c not in "0123456789ABCDEFabcdef-" for c in snapshot):
        raise ValueError("not a snapshot identifier")
    return snapshot


def main() -> None:
    parts = []
    while part := os.read(sys.stdin.fileno(), 1 << 16):
        parts.append(part)
    request = json.loads(b"".join(parts).decode("utf-8"))
    with suppress(BrokenPipeError):  # the run stopped reading: it failed or was cancelled
        serve(request, sys.stdout.fileno())


if __name__ == "__main__":
    main()
