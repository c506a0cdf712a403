"""The run state that keeps a unique column's fakes distinct across chunks."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .ru_ids import U64


@dataclass
class UniquenessGuard:
    """The fakes one unique column has issued in this run: 64-bit hashes of the outputs and
    the seed of the value each was issued for, in sorted runs merged log-structured (lookups
    are vectorised binary searches; about 16 bytes per distinct value)."""

    _runs: list[tuple[U64, U64]] = field(default_factory=list)

    def __len__(self) -> int:
        return sum(len(hashes) for hashes, _ in self._runs)

    def claim(self, hashes: U64, owners: U64) -> NDArray[np.bool_]:
        """Which outputs each owner may have: free ones (the first claim wins within the batch)
        and those already issued to the same owner. The accepted new ones are recorded."""
        taken = np.zeros(len(hashes), dtype=bool)
        ok = np.ones(len(hashes), dtype=bool)
        for run_hashes, run_owners in self._runs:
            position = np.minimum(np.searchsorted(run_hashes, hashes), len(run_hashes) - 1)
            hit = run_hashes[position] == hashes
            taken |= hit
            ok &= ~hit | (run_owners[position] == owners)
        fresh = np.flatnonzero(~taken)
        _, first = np.unique(hashes[fresh], return_index=True)
        winners = np.zeros(len(hashes), dtype=bool)
        winners[fresh[first]] = True
        ok &= taken | winners
        self._add(hashes[winners], owners[winners])
        return ok

    def _add(self, hashes: U64, owners: U64) -> None:
        if not len(hashes):
            return
        order = np.argsort(hashes)
        self._runs.append((hashes[order], owners[order]))
        while len(self._runs) > 1 and len(self._runs[-2][0]) <= 2 * len(self._runs[-1][0]):
            (h1, o1), (h2, o2) = self._runs.pop(), self._runs.pop()
            merged_h, merged_o = np.concatenate([h2, h1]), np.concatenate([o2, o1])
            order = np.argsort(merged_h, kind="stable")
            self._runs.append((merged_h[order], merged_o[order]))
