"""Overall progress and remaining time of a run, from its progress events.

Tables run one after another. A table's size is the `rows_total` of its events once they
arrive; before that, the size `expected` gives (say, the rows of the previous version), or
unknown. The remaining time is the rows left over the run's rows per second so far, counted
from its first row event, so the preparation before it does not count as slowness. While a
table's size is unknown, the remaining time is a lower bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .progress import ProgressEvent

MIN_SPAN = 0.5  # seconds of rows before a rate means anything


@dataclass(frozen=True)
class Remaining:
    """Seconds left; `at_least` when some table's size is unknown (it may take longer)."""

    seconds: float
    at_least: bool = False


class RunEstimate:
    """Fed each progress event of one run (with the time it arrived, in seconds)."""

    def __init__(self, tables: Sequence[str], expected: Mapping[str, int] | None = None) -> None:
        self._tables = list(tables)
        self._expected = dict(expected or {})
        self._done: dict[str, int] = {}
        self._total: dict[str, int] = {}
        self._finished: set[str] = set()
        self._first: tuple[float, int] | None = None  # (time, rows done) of the first event
        self._last: tuple[float, int] | None = None

    def observe(self, event: ProgressEvent, now: float) -> None:
        """Take in one event; events without a table (publishing) change nothing."""
        name = event.table
        if name is None:
            return
        if name not in self._tables:
            self._tables.append(name)
        self._done[name] = event.rows_done
        if event.rows_total is not None and event.rows_total >= 0:
            self._total[name] = event.rows_total
        if event.message == "done":
            self._finished.add(name)
            self._total[name] = event.rows_done  # the real size, whatever was estimated
        done = self.rows_done()
        if self._first is None:
            self._first = (now, done)
        self._last = (now, done)

    def rows_done(self) -> int:
        return sum(self._done.values())

    def size(self, table: str) -> int | None:
        """Rows `table` has (or is expected to have); None when unknown."""
        return self._total.get(table, self._expected.get(table))

    def sizes_known(self) -> bool:
        return all(self.size(t) is not None for t in self._tables)

    def fraction(self) -> float:
        """0 to 1: by rows when every table's size is known, else each table counts the same."""
        sizes = [self.size(t) for t in self._tables]
        if not self._tables:
            return 0.0
        total = sum(s for s in sizes if s is not None)
        if None not in sizes and total > 0:
            return min(1.0, self.rows_done() / total)
        parts = [self._table_fraction(t, s) for t, s in zip(self._tables, sizes, strict=True)]
        return sum(parts) / len(parts)

    def _table_fraction(self, table: str, size: int | None) -> float:
        if table in self._finished:
            return 1.0
        if not size:
            return 0.0
        return min(1.0, self._done.get(table, 0) / size)

    def remaining(self, now: float) -> Remaining | None:
        """The time left at `now`; None until enough rows went by to tell."""
        if self._first is None or self._last is None:
            return None
        (start, first_rows), (last, last_rows) = self._first, self._last
        if last - start < MIN_SPAN or last_rows <= first_rows:
            return None
        rate = (last_rows - first_rows) / (last - start)
        known = [t for t in self._tables if t not in self._finished and self.size(t) is not None]
        left = sum(max(0, (self.size(t) or 0) - self._done.get(t, 0)) for t in known)
        at_least = not self.sizes_known()
        if at_least and left == 0:
            return None  # only tables of unknown size are left: nothing to say
        return Remaining(max(0.0, left / rate - (now - last)), at_least)
