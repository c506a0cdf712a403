"""k-anonymity and l-diversity over quasi-identifiers: of a whole frame (pandas groupby), and
chunk by chunk (`GroupCollector`, which keeps hashed group counts, never rows).

A group is the set of rows sharing one combination of quasi-identifier values; a null is a
value like any other there, except that a row whose quasi-identifiers are all null cannot be
linked to anyone through them: it counts as suppressed (as k-anonymization leaves the rows it
suppresses) and belongs to no group. For l-diversity a null sensitive value is not a distinct value
(a group holding only 'flu' and nulls tells an attacker 'flu or unknown'), so l counts the
distinct non-null sensitive values of each group, and l of a table is the smallest of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .privacy_hashing import ChunkHashes, Counts, HashBag, Hashes, combine
from .privacy_hashing import unique_counts as _unique_counts


@dataclass
class KAnonymity:
    """How well the rows hide in groups of equal quasi-identifiers."""

    quasi_identifiers: list[str]
    rows: int  # every row, suppressed ones included
    groups: int
    k: int  # the smallest group's size; 0 when no row is in a group
    unique_rows: int  # rows whose combination occurs once
    unique_share: float  # unique_rows / rows (0.0 without rows)
    suppressed_rows: int = 0  # rows whose quasi-identifiers are all null (in no group)
    k_required: int | None = None
    rows_below_k: int = 0  # rows in groups smaller than k_required

    @classmethod
    def from_counts(
        cls,
        quasi_identifiers: Sequence[str],
        sizes: Counts,
        k_required: int | None = None,
        suppressed: int = 0,
    ) -> KAnonymity:
        """From the size of every group and the number of suppressed rows."""
        rows = int(sizes.sum()) + suppressed
        unique = int((sizes == 1).sum())
        below = int(sizes[sizes < k_required].sum()) if k_required else 0
        return cls(
            quasi_identifiers=list(quasi_identifiers),
            rows=rows,
            groups=len(sizes),
            k=int(sizes.min()) if len(sizes) else 0,
            unique_rows=unique,
            unique_share=unique / rows if rows else 0.0,
            suppressed_rows=suppressed,
            k_required=k_required,
            rows_below_k=below,
        )


def k_anonymity(
    frame: pd.DataFrame, quasi_identifiers: Sequence[str], k: int | None = None
) -> KAnonymity:
    """k-anonymity of `frame` over `quasi_identifiers`; `k` is the size asked for, if any."""
    columns = _columns(frame, quasi_identifiers)
    suppressed = _suppressed(frame, columns)
    kept = frame.loc[~suppressed, columns]
    sizes = kept.groupby(columns, dropna=False, sort=False, observed=True).size()
    counts: Counts = np.asarray(sizes.to_numpy(), dtype=np.int64)
    return KAnonymity.from_counts(columns, counts, k, int(suppressed.sum()))


def l_diversity(
    frame: pd.DataFrame, quasi_identifiers: Sequence[str], sensitive: Sequence[str]
) -> dict[str, int]:
    """For each sensitive column, the fewest distinct non-null values any group holds."""
    columns = _columns(frame, quasi_identifiers)
    result: dict[str, int] = {}
    kept = frame.loc[~_suppressed(frame, columns)]
    groups = kept.groupby(columns, dropna=False, sort=False, observed=True)
    for name in _columns(frame, sensitive):
        distinct = groups[name].nunique(dropna=True)
        result[name] = int(distinct.min()) if len(distinct) else 0
    return result


def _suppressed(frame: pd.DataFrame, columns: list[str]) -> npt.NDArray[np.bool_]:
    """Rows whose quasi-identifiers are all null."""
    mask: npt.NDArray[np.bool_] = frame[columns].isna().all(axis=1).to_numpy()
    return mask


def _columns(frame: pd.DataFrame, names: Sequence[str]) -> list[str]:
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise KeyError(f"no column(s) {', '.join(missing)} in the frame")
    return list(names)


class GroupCollector:
    """k-anonymity and l-diversity of a table seen chunk by chunk.

    Memory: 16 bytes per distinct quasi-identifier combination, and per sensitive column 16
    bytes per distinct (combination, value) pair.
    """

    def __init__(self, quasi_identifiers: Sequence[str], sensitive: Sequence[str] = ()) -> None:
        self.quasi_identifiers = list(quasi_identifiers)
        self.sensitive = list(sensitive)
        self._groups = HashBag()
        self._suppressed = 0
        self._pairs = {name: _PairSet() for name in self.sensitive}

    def observe(self, frame: pd.DataFrame) -> None:
        self.observe_hashed(ChunkHashes(frame, frame), "before")

    def observe_hashed(self, hashes: ChunkHashes, stage: str = "after") -> None:
        """A chunk's rows from its hashes (shared with the other checks)."""
        present = [hashes.column(stage, c).present for c in self.quasi_identifiers]
        grouped = np.logical_or.reduce(present)  # not every quasi-identifier null
        self._suppressed += int((~grouped).sum())
        groups = hashes.rows(stage, self.quasi_identifiers)
        self._groups.add(groups[grouped])
        for name, pairs in self._pairs.items():
            values = hashes.column(stage, name)
            keep = grouped & values.present
            pairs.add(groups[keep], values.rows[keep])

    def k_anonymity(self, k: int | None = None) -> KAnonymity:
        counts = self._groups.counts
        return KAnonymity.from_counts(self.quasi_identifiers, counts, k, self._suppressed)

    def l_diversity(self) -> dict[str, int]:
        groups = self._groups.keys
        result: dict[str, int] = {}
        for name, pairs in self._pairs.items():
            if len(groups) == 0:
                result[name] = 0
                continue
            with_values, distinct = _unique_counts(pairs.groups())
            if len(with_values) < len(groups):  # a group with no non-null value: l = 0
                result[name] = 0
            else:
                result[name] = int(distinct.min())
        return result


class _PairSet:
    """Distinct (group, value) hash pairs, keyed by a hash of the pair."""

    def __init__(self) -> None:
        self._keys: list[Hashes] = []
        self._groups: list[Hashes] = []
        self._size = 0
        self._merged = 0

    def add(self, groups: Hashes, values: Hashes) -> None:
        if len(groups) == 0:
            return
        self._keys.append(combine([groups, values]))
        self._groups.append(groups)
        self._size += len(groups)
        if self._size >= max(2 * self._merged, 1 << 16):
            self._merge()

    def _merge(self) -> None:
        keys, groups = np.concatenate(self._keys), np.concatenate(self._groups)
        order = np.argsort(keys, kind="stable")
        keys, groups = keys[order], groups[order]
        first = np.concatenate(([True], keys[1:] != keys[:-1]))
        self._keys, self._groups = [keys[first]], [groups[first]]
        self._size = self._merged = len(self._keys[0])

    def groups(self) -> Hashes:
        """The group of every distinct pair."""
        if not self._keys:
            return np.empty(0, dtype=np.uint64)
        self._merge()
        return self._groups[0]
