"""Connecting to a Dask scheduler: a checked address and a bounded wait, so a typo or a dead
scheduler is a clear message naming the address, before any target is touched."""

from __future__ import annotations

import re
from typing import Any

_ADDRESS = re.compile(
    r"^(tcp|tls)://[A-Za-z0-9.\-]+:\d{1,5}$|^(tcp|tls)://\[[0-9A-Fa-f:]+\]:\d{1,5}$"
)


class BadSchedulerAddress(ValueError):
    """Not a scheduler address of the form tcp://HOST:PORT (or tls://HOST:PORT)."""


class SchedulerUnreachable(ConnectionError):
    """No Dask scheduler answered at the address within the timeout."""


def check_address(address: str) -> str:
    """`address` if it is tcp://HOST:PORT or tls://HOST:PORT; else BadSchedulerAddress."""
    if not _ADDRESS.match(address.strip()):
        raise BadSchedulerAddress(
            f"--scheduler {address!r} is not a Dask scheduler address; give tcp://HOST:PORT "
            "(for example tcp://127.0.0.1:8786)"
        )
    return address.strip()


def connect(address: str, timeout: float = 10.0) -> Any:
    """A `distributed.Client` of the scheduler at `address` (the caller closes it)."""
    address = check_address(address)
    try:
        from distributed import Client as _Client
    except ImportError:
        raise BadSchedulerAddress(
            "the Dask executor needs dask.distributed: pip install 'etlx-desktop[dask]'"
        ) from None
    client: Any = _Client  # distributed is untyped
    try:
        return client(address, timeout=f"{timeout}s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerUnreachable(
            f"no Dask scheduler answered at {address} within {timeout:g} s "
            f"({exc.__class__.__name__}); nothing was read and no target was touched"
        ) from None
