"""A memory budget for the privacy checks' hashes, and the temporary files beyond it.

The checks keep sorted arrays of 64-bit hashes that grow with a table's distinct values. A
`SpillSpace` is shared by every array of a run: each holder tells it how many bytes it keeps,
and once they pass the budget the largest holders write what they hold to disk and start
again empty, until half the budget is in use. A run whose hashes fit the budget never touches
the disk.

On disk, a holder's records go to one file per column, appended one sorted run per spill,
each run ordered by partition: a hash's partition is its top 8 bits (256 partitions, even for
any input since the hashes are well mixed). Only the bounds of each run's partitions stay in
memory. At the end a check reads the same partition of every array it compares, so it needs
about 1/256 of the spilled data in memory at a time, and the reads are sequential.

The files live in a `tempfile.TemporaryDirectory` (under the system's temporary folder, see
`tempfile.gettempdir`: TMPDIR chooses it) made at the first spill. They hold 64-bit hashes and
row counts only, never a value, and are removed by `close()` (the collector calls it once it
has reported), or at the latest when the space is garbage-collected or the process exits.
"""

from __future__ import annotations

import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .privacy_arrays import Hashes

PARTITION_BITS = 8
PARTITIONS = 1 << PARTITION_BITS
# bytes of hashes and counts one run's checks keep in memory: 2M hashes (1M with counts), so a
# run of a couple of hundred thousand rows never spills, and any larger one stays at the level a
# 1M-row run reaches (the merges of the bags briefly take about as much again)
DEFAULT_BUDGET = 16 << 20
_SHIFT = np.uint64(64 - PARTITION_BITS)
_STARTS: Hashes = np.arange(PARTITIONS, dtype=np.uint64) << _SHIFT

Bounds = npt.NDArray[np.int64]  # PARTITIONS + 1 offsets: partition p is [bounds[p], bounds[p+1])


def sorted_bounds(keys: Hashes) -> Bounds:
    """Where each partition starts in sorted `keys`, and their length last."""
    bounds = np.empty(PARTITIONS + 1, dtype=np.int64)
    bounds[:-1] = np.searchsorted(keys, _STARTS)
    bounds[-1] = len(keys)
    return bounds


def partition_order(by: Hashes) -> tuple[npt.NDArray[np.intp], Bounds]:
    """The stable order that puts the records partition by partition (of the hashes `by`), and
    the bounds of the partitions in that order."""
    part = (by >> _SHIFT).astype(np.intp)
    order = np.argsort(part, kind="stable")
    bounds = np.zeros(PARTITIONS + 1, dtype=np.int64)
    np.cumsum(np.bincount(part, minlength=PARTITIONS), out=bounds[1:])
    return order, bounds


class Spillable(ABC):
    """Something that keeps hashes in memory and can write them out when asked."""

    @property
    @abstractmethod
    def spilled(self) -> bool:
        """Whether some of its records are on disk (a check then reads it by partition)."""

    @abstractmethod
    def spill(self) -> None:
        """Write every record held in memory to disk, then tell the space it holds none."""


class SpillSpace:
    """The budget shared by the holders of a run, and the folder of their spill files."""

    def __init__(self, budget: int = DEFAULT_BUDGET, directory: str | None = None) -> None:
        self.budget = budget
        self.used = 0
        self._directory = directory
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.files = 0  # spill files made so far
        self._held: dict[int, tuple[Spillable, int]] = {}
        self._spilling = False
        self.closed = False

    def hold(self, holder: Spillable, size: int) -> None:
        """`holder` now keeps `size` bytes; past the budget the largest holders spill."""
        _, before = self._held.get(id(holder), (holder, 0))
        self._held[id(holder)] = (holder, size)
        self.used += size - before
        if self.used > self.budget and not self._spilling:
            self._spilling = True
            try:
                for held, bytes_held in sorted(self._held.values(), key=lambda e: -e[1]):
                    if self.used <= self.budget // 2 or bytes_held == 0:
                        break
                    held.spill()
            finally:
                self._spilling = False

    def release(self, holder: Spillable) -> None:
        """`holder` is done: it keeps nothing more, and the space forgets it."""
        _, size = self._held.pop(id(holder), (holder, 0))
        self.used -= size

    def new_file(self) -> Path:
        """A new empty file in the space's temporary folder (made on first use)."""
        if self.closed:
            raise RuntimeError("the privacy checks' spill space is already closed")
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(
                prefix="etlx-privacy-", dir=self._directory, ignore_cleanup_errors=True
            )
        self.files += 1
        return Path(self._folder.name) / f"{self.files}.bin"

    @property
    def folder(self) -> Path | None:
        """The temporary folder, once something spilled (until `close`)."""
        return Path(self._folder.name) if self._folder is not None else None

    def close(self) -> None:
        """Remove the spill files; nothing may be added or read afterwards."""
        self.closed = True
        self._held.clear()
        self.used = 0
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


class SpilledRuns:
    """The records one holder wrote out: per column a file of runs, each run partition by
    partition, and in memory each run's first record and partition bounds (2 KiB a run)."""

    def __init__(self, space: SpillSpace, dtypes: Sequence[npt.DTypeLike]) -> None:
        self._space = space
        self._dtypes = [np.dtype(d) for d in dtypes]
        self._paths: list[Path] = []
        self._runs: list[tuple[int, Bounds]] = []
        self._records = 0

    def __len__(self) -> int:
        """The number of runs written."""
        return len(self._runs)

    def remove(self) -> None:
        """Delete the runs' files (the holder will read them no more)."""
        for path in self._paths:
            path.unlink(missing_ok=True)
        self._paths, self._runs, self._records = [], [], 0

    def append(self, bounds: Bounds, columns: Sequence[npt.NDArray[Any]]) -> None:
        """One run: `columns` (one array per dtype) already ordered partition by partition."""
        if not self._paths:
            self._paths = [self._space.new_file() for _ in self._dtypes]
        for path, column, dtype in zip(self._paths, columns, self._dtypes, strict=True):
            with path.open("ab") as out:
                out.write(np.ascontiguousarray(column, dtype=dtype).data)
        self._runs.append((self._records, bounds))
        self._records += int(bounds[-1])

    def read(self, partition: int) -> list[npt.NDArray[Any]]:
        """Partition `partition` of every run, concatenated in run order, per column."""
        sizes = [int(b[partition + 1] - b[partition]) for _, b in self._runs]
        columns = []
        for path, dtype in zip(self._paths, self._dtypes, strict=True):
            column = np.empty(sum(sizes), dtype=dtype)
            if len(column):
                _read_into(path, column, self._runs, sizes, partition)
            columns.append(column)
        return columns


def _read_into(
    path: Path,
    column: npt.NDArray[Any],
    runs: list[tuple[int, Bounds]],
    sizes: list[int],
    partition: int,
) -> None:
    width = column.dtype.itemsize
    target = column.data.cast("B")
    at = 0
    with path.open("rb", buffering=0) as source:
        for (first, bounds), size in zip(runs, sizes, strict=True):
            if not size:
                continue
            source.seek((first + int(bounds[partition])) * width)
            end = at + size * width
            while at < end:
                got = source.readinto(target[at:end])
                if not got:
                    raise OSError(f"{path.name}: a spill file of the privacy checks is short")
                at += got
