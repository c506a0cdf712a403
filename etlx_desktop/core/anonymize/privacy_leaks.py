"""The leak check: do original values of an anonymized column survive in its output?

For every anonymized column (any method but `keep`) the collector keeps the hashes of the
distinct original values and of the distinct output values, chunk by chunk (8 bytes per
distinct value on each side, within the run's budget; see `privacy_hashing`), and at the end
counts the output values equal to some original value of the column (`surviving`), partition
by partition when the hashes spilled to disk. It also counts, exactly and per
chunk, the rows whose output equals the row's own original (`same_row`). Values are compared
as canonical text, nulls ignored; no value is ever kept or reported.

Whether `surviving` must be 0 depends on the method (`MUST_BE_ZERO`):
- hash, redact, null and constant must leave none: their outputs do not depend on the shape of
  the original, so an output equal to a real value is a mistake (a replacement or constant
  spelled like a source value, a hash cut so short it looks like a real key).
- pseudonymize and fake must leave no row with its own value (`same_row` 0); values equal to
  *other* rows' originals are reported only: a keyed bijection of an integer range maps the
  domain onto itself (without fixed points), and pools of cities or first names coincide with
  real ones.
- mask, generalize, noise, regex_replace and the rest are reported only: keeping part of a
  value, a period or a rounded number is what they are for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .privacy_bags import HashBag, must_split
from .privacy_hashing import ChunkHashes, contains
from .privacy_spill import SpillSpace

MUST_BE_ZERO = frozenset({"hash", "redact", "null", "constant"})
SAME_ROW_MUST_BE_ZERO = frozenset({"pseudonymize", "fake"})


@dataclass
class LeakResult:
    """Original values of one column found in its anonymized output (counts only)."""

    table: str
    column: str
    method: str
    must_be_zero: bool
    originals: int  # distinct non-null original values
    outputs: int  # distinct non-null output values
    surviving: int  # distinct output values equal to an original value of the column
    same_row: int  # rows whose output equals their own original value
    passed: bool  # no surviving value where that must be 0, no row keeping its own value

    def describe(self) -> str:
        """A sentence about the finding, naming table, column and counts, never a value."""
        return (
            f"{self.table}.{self.column} ({self.method}): {self.surviving} distinct output "
            f"value(s) equal an original value of the column ({self.same_row} row(s) kept "
            "their own value)"
        )


class _ColumnLeaks:
    def __init__(self, method: str, space: SpillSpace) -> None:
        self.method = method
        self.originals = HashBag(counted=False, space=space)
        self.outputs = HashBag(counted=False, space=space)
        self.same_row = 0


class LeakCollector:
    """Streams original and anonymized columns; `result()` intersects what it saw. Its hashes
    count against `space` (by default a space of its own with the default budget)."""

    def __init__(
        self,
        methods: Mapping[tuple[str, str], str] | None = None,
        *,
        space: SpillSpace | None = None,
    ) -> None:
        self._methods = dict(methods or {})
        self._columns: dict[tuple[str, str], _ColumnLeaks] = {}  # of tables still read
        self._done: dict[tuple[str, str], LeakResult] = {}  # of ended tables
        self._order: list[tuple[str, str]] = []
        self._ended: set[str] = set()
        self._space = space if space is not None else SpillSpace()

    def observe(
        self,
        table: str,
        column: str,
        original: pd.Series,
        anonymized: pd.Series,
        method: str | None = None,
    ) -> None:
        """One chunk of a column before and after anonymization.

        Rows are matched by index for `same_row` (the output may hold fewer rows, e.g. after
        suppression); the originals of every row count for `surviving`."""
        hashes = ChunkHashes(original.to_frame(column), anonymized.to_frame(column))
        self.observe_hashed(table, column, hashes, method)

    def observe_hashed(
        self, table: str, column: str, hashes: ChunkHashes, method: str | None = None
    ) -> None:
        """As `observe`, from a chunk's hashes (shared with the other checks)."""
        key = (table, column)
        if table in self._ended:
            raise ValueError(f"table {table!r} was already ended; it sees no more chunks")
        state = self._columns.get(key)
        if state is None:
            state = _ColumnLeaks(method or self._methods.get(key, ""), self._space)
            self._columns[key] = state
            self._order.append(key)
        before, after = hashes.column("before", column), hashes.column("after", column)
        state.originals.add_column(before)
        state.outputs.add_column(after)
        old, new = before.rows, after.rows
        had, has = before.present, after.present
        index, out_index = hashes.frames["before"].index, hashes.frames["after"].index
        if not index.equals(out_index):
            if not (index.is_unique and out_index.is_unique):
                return  # rows cannot be matched: `surviving` still covers them
            positions = index.get_indexer(out_index)
            matched = positions >= 0
            old, had = old[positions[matched]], had[positions[matched]]
            new, has = new[matched], has[matched]
        state.same_row += int((had & has & (old == new)).sum())

    def end_table(self, table: str) -> None:
        """`table` sees no more chunks: its columns' figures are made now, while the run goes
        on with other tables, and their hashes are let go."""
        self._ended.add(table)
        for key in [key for key in self._columns if key[0] == table]:
            state = self._columns.pop(key)
            self._done[key] = _figures(key, state)
            state.originals.release()
            state.outputs.release()

    def result(self) -> list[LeakResult]:
        return [
            self._done[key] if key in self._done else _figures(key, self._columns[key])
            for key in self._order
        ]


def _figures(key: tuple[str, str], state: _ColumnLeaks) -> LeakResult:
    """How many original values of a column survive among its outputs."""
    table, column = key
    originals = outputs = surviving = 0
    split = must_split(state.originals, state.outputs)
    for (before, _), (after, _) in zip(
        state.originals.parts(split), state.outputs.parts(split), strict=True
    ):
        originals += len(before)
        outputs += len(after)
        surviving += int(contains(before, after).sum())
    return LeakResult(
        table=table,
        column=column,
        method=state.method,
        must_be_zero=state.method in MUST_BE_ZERO,
        originals=originals,
        outputs=outputs,
        surviving=surviving,
        same_row=state.same_row,
        passed=(state.method not in MUST_BE_ZERO or surviving == 0)
        and (state.method not in SAME_ROW_MUST_BE_ZERO or state.same_row == 0),
    )
