"""Progress events and the small sink protocol the CLI and the GUI implement."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Stage(StrEnum):
    PREPARE = "prepare"
    EXTRACT = "extract"
    RULES = "rules"
    TRANSFORM = "transform"
    ANONYMIZE = "anonymize"
    LOAD = "load"
    PUBLISH = "publish"


@dataclass(frozen=True)
class ProgressEvent:
    table: str | None
    stage: Stage
    rows_done: int
    rows_total: int | None
    rows_per_second: float
    message: str = ""


class ProgressSink(Protocol):
    def __call__(self, event: ProgressEvent) -> None: ...


def no_progress(event: ProgressEvent) -> None:
    """A sink that ignores every event."""


class Throttled:
    """Passes on at most `per_second` events, plus every stage change and final event."""

    def __init__(self, sink: ProgressSink, per_second: float = 10.0) -> None:
        self._sink = sink
        self._interval = 1.0 / per_second
        self._last = 0.0
        self._last_key: tuple[str | None, Stage] | None = None

    def __call__(self, event: ProgressEvent, *, force: bool = False) -> None:
        now = time.monotonic()
        key = (event.table, event.stage)
        if force or key != self._last_key or now - self._last >= self._interval:
            self._last, self._last_key = now, key
            self._sink(event)
