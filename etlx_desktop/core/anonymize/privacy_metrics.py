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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from .privacy_bags import HashBag, PairBag, must_split
from .privacy_hashing import ChunkHashes, Counts, combine
from .privacy_hashing import unique_counts as _unique_counts
from .privacy_spill import SpillSpace


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
        return cls.from_parts(quasi_identifiers, [sizes], k_required, suppressed)

    @classmethod
    def from_parts(
        cls,
        quasi_identifiers: Sequence[str],
        parts: Iterable[Counts],
        k_required: int | None = None,
        suppressed: int = 0,
    ) -> KAnonymity:
        """From the sizes of the groups given part by part (each group in one part only)."""
        rows, groups, unique, below = suppressed, 0, 0, 0
        smallest: int | None = None
        for sizes in parts:
            if not len(sizes):
                continue
            rows += int(sizes.sum())
            groups += len(sizes)
            unique += int((sizes == 1).sum())
            below += int(sizes[sizes < k_required].sum()) if k_required else 0
            least = int(sizes.min())
            smallest = least if smallest is None else min(smallest, least)
        return cls(
            quasi_identifiers=list(quasi_identifiers),
            rows=rows,
            groups=groups,
            k=smallest or 0,
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
    bytes per distinct (combination, value) pair, within the budget of `space` (by default a
    space of its own): past it they spill to disk by the combination's hash, and k and l are
    found partition by partition (a combination and its pairs share a partition).
    """

    def __init__(
        self,
        quasi_identifiers: Sequence[str],
        sensitive: Sequence[str] = (),
        *,
        space: SpillSpace | None = None,
    ) -> None:
        space = space if space is not None else SpillSpace()
        self.quasi_identifiers = list(quasi_identifiers)
        self.sensitive = list(sensitive)
        self._groups = HashBag(space=space)
        self._suppressed = 0
        self._pairs = {name: PairBag(space) for name in self.sensitive}

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
            pairs.add(combine([groups[keep], values.rows[keep]]), groups[keep])

    def k_anonymity(self, k: int | None = None) -> KAnonymity:
        sizes = (counts for _, counts in self._groups.parts(must_split(self._groups)))
        return KAnonymity.from_parts(self.quasi_identifiers, sizes, k, self._suppressed)

    def l_diversity(self) -> dict[str, int]:
        """Per sensitive column, the fewest distinct non-null values of any group (0 when a
        group has none), over the parts of the groups and of their pairs."""
        result: dict[str, int] = {}
        for name, pairs in self._pairs.items():
            split = must_split(self._groups, pairs)
            least: int | None = None
            for (groups, _), paired in zip(
                self._groups.parts(split), pairs.parts(split), strict=True
            ):
                if len(groups) == 0:
                    continue
                with_values, distinct = _unique_counts(paired)
                # a group with no non-null value has l = 0
                low = 0 if len(with_values) < len(groups) else int(distinct.min())
                least = low if least is None else min(least, low)
            result[name] = least or 0
        return result
