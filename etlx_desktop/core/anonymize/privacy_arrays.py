"""Sorted arrays of 64-bit hashes, the one data structure the privacy checks keep: deduplicated
with counts, looked up vectorised. Kept apart from the hashing so the bags that hold these
arrays (and spill them) depend on nothing else."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Hashes = npt.NDArray[np.uint64]
Counts = npt.NDArray[np.int64]

EMPTY_HASHES: Hashes = np.empty(0, dtype=np.uint64)
EMPTY_COUNTS: Counts = np.empty(0, dtype=np.int64)


def unique_counts(hashes: Hashes, counts: Counts | None = None) -> tuple[Hashes, Counts]:
    """(sorted distinct hashes, how many rows had each); `counts` weighs each input hash."""
    if len(hashes) == 0:
        return EMPTY_HASHES, EMPTY_COUNTS
    if counts is None:
        ordered = np.sort(hashes)
        starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
        totals: Counts = np.diff(np.append(starts, len(ordered))).astype(np.int64)
        return ordered[starts], totals
    # stable: the input is often a few sorted runs end to end, which timsort merges fast
    return _add_up(hashes, counts, np.argsort(hashes, kind="stable"))


def merge_counts(
    keys: Hashes, counts: Counts, more: Hashes, more_counts: Counts
) -> tuple[Hashes, Counts]:
    """Two sorted sets of hashes with counts as one (a hash in both adds its counts up), in a
    linear pass: a stable sort of two sorted runs merges them."""
    joined = np.concatenate([keys, more])
    order = np.argsort(joined, kind="stable")
    return _add_up(joined, np.concatenate([counts, more_counts]), order)


def _add_up(hashes: Hashes, counts: Counts, order: npt.NDArray[np.intp]) -> tuple[Hashes, Counts]:
    """The distinct hashes in `order` (which sorts them), each with its counts added up."""
    ordered = hashes[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    totals: Counts = np.add.reduceat(counts[order], starts).astype(np.int64)
    return ordered[starts], totals


def distinct(hashes: Hashes, *, runs: bool = False) -> Hashes:
    """The distinct hashes, sorted (sorts `hashes` in place). With `runs`, `hashes` is a few
    sorted runs end to end: a stable sort (timsort) merges those about ten times faster."""
    hashes.sort(kind="stable" if runs else "quicksort")
    if len(hashes) < 2:
        return hashes
    kept: Hashes = hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]
    return kept


def contains(sorted_keys: Hashes, hashes: Hashes) -> npt.NDArray[np.bool_]:
    """For each hash, whether it is in `sorted_keys` (sorted, distinct)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(hashes), dtype=bool)
    positions = np.searchsorted(sorted_keys, hashes)
    positions[positions == len(sorted_keys)] = 0
    found: npt.NDArray[np.bool_] = sorted_keys[positions] == hashes
    return found
