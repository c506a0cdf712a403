"""`date_shift` and `shuffle`: move dates by a keyed number of days per entity; permute a
column within each chunk (optionally within groups)."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from ..rules.coerce import parse_datetimes
from .basic import as_text
from .context import AnonymizeContext


def _keyed_offsets(keys: pd.Series, key: bytes, spread: int) -> np.ndarray:
    """A shift in [-spread, spread] without 0, the same for equal keys (one per distinct key)."""
    codes, uniques = pd.factorize(keys)
    draws = np.array(
        [
            int.from_bytes(
                hashlib.blake2b(str(u).encode(), key=key[:64], digest_size=8).digest(), "big"
            )
            for u in uniques
        ],
        dtype=np.uint64,
    )
    magnitude = (draws % np.uint64(spread)).astype(np.int64) + 1
    sign = np.where((draws >> np.uint64(63)) == 1, -1, 1)
    offsets = (magnitude * sign)[codes] if len(uniques) else np.zeros(len(keys), dtype=np.int64)
    offsets[codes < 0] = 0  # a row without an entity keeps its date
    return np.asarray(offsets)


def date_shift(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    """Shift every date of one entity by the same keyed number of days (1..max_days either
    way), so intervals between one customer's dates survive; the entity is `entity_column`,
    else the table's one-column primary key, else the row's own value."""
    spread = int(params["max_days"])
    entity = params.get("entity_column")
    primary = ctx.table.table_schema.primary_key
    if entity and entity in ctx.frame:
        keys = as_text(ctx.frame[entity])
    elif len(primary) == 1 and primary[0] in ctx.frame:
        keys = as_text(ctx.frame[primary[0]])
    else:
        keys = as_text(values)
    offsets = _keyed_offsets(keys.reset_index(drop=True), ctx.domain_key(), spread)
    dates = parse_datetimes(values)
    shifted = dates + pd.to_timedelta(pd.Series(offsets, index=dates.index), unit="D")
    return shifted.astype(dates.dtype)


def shuffle(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    """Permute the values within the chunk (and within `group_by` groups), with a keyed seed.

    Memory stays bounded by the chunk: the permutation mixes rows of one chunk, not the whole
    table (use a chunk size as large as the mixing must be)."""
    seed = int.from_bytes(ctx.domain_key()[:8], "big") ^ ctx.first_row
    rng = np.random.default_rng(seed)
    groups = [g for g in params.get("group_by") or [] if g in ctx.frame]
    result = values.copy()
    if not groups:
        result[:] = values.to_numpy()[rng.permutation(len(values))]
        return result
    labels = ctx.frame.groupby(groups, dropna=False, sort=True).ngroup().to_numpy()
    for label in np.unique(labels):
        positions = np.flatnonzero(labels == label)
        result.iloc[positions] = values.iloc[positions].to_numpy()[rng.permutation(len(positions))]
    return result
