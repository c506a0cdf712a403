"""Cooperative cancellation: the caller sets the token, the pipeline checks it between chunks."""

from __future__ import annotations

import threading


class RunCancelled(Exception):
    """The run was cancelled; every target was left as it was."""


class CancelToken:
    """Set from any thread (a GUI button, a signal handler); checked once per chunk."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise RunCancelled("the run was cancelled; targets were left as they were")
