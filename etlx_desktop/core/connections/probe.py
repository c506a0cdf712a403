"""`test_connection`: can this connection be opened with this password, and what answers?

The probe runs in a worker thread and the call returns by the deadline (the timeout plus
`DEADLINE_MARGIN`) whatever the driver does: each driver is also given the timeout, so a thread
left behind ends on its own soon after (and closes anything it opened). Call it off the GUI
thread; it blocks for at most the deadline.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable

from .model import Connection, ConnectionKind, connection_problems
from .probe_local import probe_folder, probe_sqlite
from .probe_s3 import probe_s3
from .probe_sql import probe_mysql, probe_postgresql
from .proberesult import ProbeReason, ProbeResult, failure, first_line

DEADLINE_MARGIN = 1.0  # seconds past the timeout before the caller gets "timeout" regardless

__all__ = ["DEADLINE_MARGIN", "ProbeReason", "ProbeResult", "test_connection"]


def test_connection(
    connection: Connection, password: str | None, timeout: float | None = None
) -> ProbeResult:
    """Try the connection once and say what happened (never raises for a failed connection).

    `timeout` (seconds) defaults to the connection's `connect_timeout`. The password (for S3,
    ``ACCESS_KEY_ID:SECRET_ACCESS_KEY``) is used for this attempt only and never appears in
    the result.
    """
    seconds = float(timeout if timeout is not None else connection.connect_timeout)
    problems = connection_problems(dataclasses.replace(connection, name=connection.name or "-"))
    if problems:
        return failure(connection, ProbeReason.OTHER, seconds, problems[0].rstrip("."))
    probe = _probe_of(connection, password, seconds)
    box: list[ProbeResult] = []
    worker = threading.Thread(
        target=lambda: box.append(_guarded(probe, connection, password, seconds)),
        name=f"etlx-probe-{connection.id}",
        daemon=True,  # a driver that ignores its timeout must not keep the app from quitting
    )
    started = time.monotonic()
    worker.start()
    worker.join(seconds + DEADLINE_MARGIN)
    elapsed = time.monotonic() - started
    result = box[0] if box else failure(connection, ProbeReason.TIMEOUT, seconds)
    return dataclasses.replace(result, elapsed=round(elapsed, 3))


test_connection.__test__ = False  # type: ignore[attr-defined]  # not a pytest test


def _probe_of(
    connection: Connection, password: str | None, seconds: float
) -> Callable[[], ProbeResult]:
    kind = connection.kind
    if kind is ConnectionKind.POSTGRESQL:
        return lambda: probe_postgresql(connection, password, seconds)
    if kind is ConnectionKind.MYSQL:
        return lambda: probe_mysql(connection, password, seconds)
    if kind is ConnectionKind.SQLITE:
        return lambda: probe_sqlite(connection, seconds)
    if kind is ConnectionKind.FOLDER:
        return lambda: probe_folder(connection, seconds)
    return lambda: probe_s3(connection, password, seconds)


def _guarded(
    probe: Callable[[], ProbeResult], connection: Connection, password: str | None, seconds: float
) -> ProbeResult:
    """The probe's result; an unexpected error becomes `other` (secrets hidden), not a crash."""
    try:
        return probe()
    except Exception as exc:
        secrets = (password, *(password or "").split(":"))
        detail = f"{exc.__class__.__name__}: {first_line(exc, secrets)}"
        return failure(connection, ProbeReason.OTHER, seconds, detail)
