"""The sets of hashes the privacy checks grow chunk by chunk, bounded by a `SpillSpace`.

A `HashBag` holds distinct hashes (and, if counted, the rows of each); a `PairBag` holds
distinct (group, value) pairs for l-diversity. In memory they are sorted arrays merged chunk
by chunk. With a space, what they hold counts against its budget, and past it they write
their sorted arrays to disk (`privacy_spill`) and start again empty: the same hash may then be
in several runs on disk and in memory, and is counted once (its row counts added up) when a
check reads the bag back.

A check reads its bags with `parts(must_split(...))`: one part holding everything when none of
the bags it compares has spilled (the arrays as they are, nothing copied), else the 256
partitions in order, the same partition of every bag together, each deduplicated. The figures
a check adds up over the parts are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from .privacy_arrays import (
    EMPTY_COUNTS,
    EMPTY_HASHES,
    Counts,
    Hashes,
    distinct,
    merge_counts,
    unique_counts,
)
from .privacy_spill import (
    PARTITIONS,
    Spillable,
    SpilledRuns,
    SpillSpace,
    partition_order,
    sorted_bounds,
)

if TYPE_CHECKING:
    from .privacy_hashing import Hashed

_MIN_MERGE = 1 << 16


def must_split(*holders: Spillable) -> bool:
    """Whether checks comparing `holders` must go partition by partition (one has spilled)."""
    return any(holder.spilled for holder in holders)


class HashBag(Spillable):
    """Distinct hashes seen so far and, if `counted`, how many rows had each; merged chunk by
    chunk. Without counts it takes 8 bytes per distinct hash instead of 16. With a `space`
    it spills to disk past the space's budget; without one it stays in memory."""

    def __init__(self, *, counted: bool = True, space: SpillSpace | None = None) -> None:
        self.counted = counted
        self._keys, self._counts = EMPTY_HASHES, EMPTY_COUNTS
        self._pending: list[tuple[Hashes, Counts]] = []
        self._pending_size = self._pending_bytes = 0
        self._space = space
        dtypes = [np.uint64, np.int64] if counted else [np.uint64]
        self._runs = SpilledRuns(space, dtypes) if space is not None else None

    def add(self, hashes: Hashes) -> None:
        """One hash per row."""
        if len(hashes):
            self.add_distinct(*unique_counts(hashes))

    def add_distinct(self, keys: Hashes, counts: Counts) -> None:
        """Hashes with their row counts (a hash may repeat; merging adds the counts up)."""
        if len(keys) == 0:
            return
        counts = counts if self.counted else EMPTY_COUNTS
        self._pending.append((keys, counts))
        self._pending_size += len(keys)
        self._pending_bytes += keys.nbytes + counts.nbytes
        if self._pending_size >= max(len(self._keys), _MIN_MERGE):
            self._merge()
        if self._space is not None:
            size = self._keys.nbytes + self._counts.nbytes + self._pending_bytes
            self._space.hold(self, size)

    def add_column(self, hashed: Hashed) -> None:
        """The non-null values of a hashed column."""
        values, counts = hashed.values()
        if counts is not None:
            self.add_distinct(values, counts)
        elif self.counted:
            self.add(values)  # counted by sorting them, as the bag would anyway
        else:
            self.add_distinct(values, EMPTY_COUNTS)

    def _merge(self) -> None:
        """Fold the pending hashes into the sorted ones: the pending are sorted and
        deduplicated on their own, then merged with the held ones in one linear pass (a
        stable sort of two sorted runs). It runs once the pending are as many as the held
        hashes, so each hash is merged about twice in all; merging briefly takes about twice
        the memory of what the bag holds."""
        if not self._pending:
            return
        keys = np.concatenate([k for k, _ in self._pending])
        if self.counted:
            counts = np.concatenate([c for _, c in self._pending])
            self._pending, self._pending_size, self._pending_bytes = [], 0, 0
            keys, counts = unique_counts(keys, counts)
            if len(self._keys):
                keys, counts = merge_counts(self._keys, self._counts, keys, counts)
            self._keys, self._counts = keys, counts
            return
        self._pending, self._pending_size, self._pending_bytes = [], 0, 0
        keys = distinct(keys)
        if len(self._keys):
            keys = distinct(np.concatenate([self._keys, keys]), runs=True)
        self._keys = keys

    @property
    def spilled(self) -> bool:
        return self._runs is not None and len(self._runs) > 0

    def spill(self) -> None:
        self._merge()
        if self._runs is None or self._space is None or len(self._keys) == 0:
            return
        columns = [self._keys, self._counts] if self.counted else [self._keys]
        self._runs.append(sorted_bounds(self._keys), columns)
        self._keys, self._counts = EMPTY_HASHES, EMPTY_COUNTS
        self._space.hold(self, 0)

    def release(self) -> None:
        """Let go of every hash, in memory and on disk; the bag is empty afterwards."""
        self._keys, self._counts = EMPTY_HASHES, EMPTY_COUNTS
        self._pending, self._pending_size, self._pending_bytes = [], 0, 0
        if self._runs is not None:
            self._runs.remove()
        if self._space is not None:
            self._space.release(self)

    def parts(self, split: bool) -> Iterator[tuple[Hashes, Counts]]:
        """(sorted distinct hashes, their counts or an empty array): all of them at once, or
        with `split` partition by partition (what `must_split` of the compared bags says)."""
        self._merge()
        if not split:
            if self.spilled:
                raise ValueError("a spilled HashBag can only be read partition by partition")
            yield self._keys, self._counts
            return
        if self.spilled:
            self.spill()  # what is still in memory joins the runs: all is read from disk
        if self._runs is None or not self.spilled:
            bounds = sorted_bounds(self._keys)
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
                yield self._keys[a:b], self._counts[a:b] if self.counted else EMPTY_COUNTS
            return
        several = len(self._runs) > 1
        for partition in range(PARTITIONS):
            columns = self._runs.read(partition)
            if not self.counted:
                yield (distinct(columns[0], runs=True) if several else columns[0]), EMPTY_COUNTS
            elif several:
                yield unique_counts(columns[0], columns[1])
            else:
                yield columns[0], columns[1]

    @property
    def keys(self) -> Hashes:
        """The distinct hashes, sorted (all in memory at once, even after a spill)."""
        if not self.spilled:
            self._merge()
            return self._keys
        return np.concatenate([keys for keys, _ in self.parts(True)])

    @property
    def counts(self) -> Counts:
        """Rows per distinct hash, aligned with `keys`."""
        if not self.counted:
            raise ValueError("this HashBag keeps no counts")
        if not self.spilled:
            self._merge()
            return self._counts
        return np.concatenate([counts for _, counts in self.parts(True)])

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self.parts(self.spilled))

    def rows(self) -> int:
        if not self.counted:
            raise ValueError("this HashBag keeps no counts")
        return sum(int(counts.sum()) for _, counts in self.parts(self.spilled))


class PairBag(Spillable):
    """Distinct (group, value) pairs, keyed by a hash of the pair, with the group of each. On
    disk they are partitioned by the group, so a group's pairs are in its partition."""

    def __init__(self, space: SpillSpace | None = None) -> None:
        self._keys: list[Hashes] = []
        self._groups: list[Hashes] = []
        self._size = 0
        self._merged = 0
        self._space = space
        self._runs = SpilledRuns(space, [np.uint64, np.uint64]) if space is not None else None

    def add(self, keys: Hashes, groups: Hashes) -> None:
        """Pairs by the hash of the pair and the hash of its group."""
        if len(groups) == 0:
            return
        self._keys.append(keys)
        self._groups.append(groups)
        self._size += len(groups)
        if self._size >= max(2 * self._merged, _MIN_MERGE):
            self._merge()
        if self._space is not None:
            self._space.hold(self, 16 * self._size)

    def _merge(self) -> None:
        if not self._keys:
            return
        keys, groups = np.concatenate(self._keys), np.concatenate(self._groups)
        order = np.argsort(keys, kind="stable")
        keys, groups = keys[order], groups[order]
        first = np.concatenate(([True], keys[1:] != keys[:-1]))
        self._keys, self._groups = [keys[first]], [groups[first]]
        self._size = self._merged = len(self._keys[0])

    @property
    def spilled(self) -> bool:
        return self._runs is not None and len(self._runs) > 0

    def spill(self) -> None:
        if self._runs is None or self._space is None or not self._keys:
            return
        self._merge()
        keys, groups = self._keys[0], self._groups[0]
        order, bounds = partition_order(groups)
        self._runs.append(bounds, [keys[order], groups[order]])
        self._keys, self._groups, self._size, self._merged = [], [], 0, 0
        self._space.hold(self, 0)

    def parts(self, split: bool) -> Iterator[Hashes]:
        """The group of every distinct pair: at once, or with `split` by the group's
        partition (the partitions of a `HashBag` of the groups)."""
        if not split:
            if self.spilled:
                raise ValueError("a spilled PairBag can only be read partition by partition")
            yield self._whole()
            return
        if self.spilled:
            self.spill()
        if self._runs is None or not self.spilled:
            groups = self._whole()
            order, bounds = partition_order(groups)
            ordered = groups[order]
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
                yield ordered[a:b]
            return
        several = len(self._runs) > 1
        for partition in range(PARTITIONS):
            keys, groups = self._runs.read(partition)
            if several:  # a pair spilled twice counts once
                groups = groups[np.unique(keys, return_index=True)[1]]
            yield groups

    def _whole(self) -> Hashes:
        if not self._keys:
            return EMPTY_HASHES
        self._merge()
        return self._groups[0]
