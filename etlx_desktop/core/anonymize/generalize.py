"""`generalize`: dates to periods, ages to bands, numbers to bins or multiples, strings to
prefixes, categories through a mapping."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..rules.coerce import parse_datetimes
from .basic import as_text
from .context import AnonymizeContext


def generalize(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    to = params["to"]
    if to in ("year", "month", "week"):
        return _period(values, to)
    if to == "age_band":
        return _age_band(values, params)
    if to == "bins":
        return _bins(values.astype("Float64"), params)
    if to == "round":
        return _round(values, float(params.get("round_to") or 1))
    if to == "prefix":
        length = int(params.get("prefix_length", 0))
        text = as_text(values)
        fill = str(params.get("fill", ""))
        return text.str[:length] + text.str[length:].str.replace(r".", fill[:1], regex=True)
    mapping = params.get("mapping") or {}
    text = as_text(values)
    return text.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v).astype("string")


def _round(values: pd.Series, step: float) -> pd.Series:
    """Nearest multiple of `step`, without float residue (0.1 steps give 1.2, not
    1.2000000000000002); an integer column stays integer (rounded once more if the step is
    fractional)."""
    exponent = Decimal(repr(step)).normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    rounded = ((values.astype("Float64") / step).round() * step).round(decimals)
    if pd.api.types.is_integer_dtype(values.dtype):
        return rounded.round().astype("Int64")
    return rounded


def _period(values: pd.Series, to: str) -> pd.Series:
    dates = parse_datetimes(values)
    if to in ("year", "month"):
        start: pd.Series = dates.dt.to_period(to[0].upper()).dt.start_time
        return start.astype("datetime64[us]")
    monday: pd.Series = dates.dt.normalize() - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return monday.astype("datetime64[us]")


def _age_band(values: pd.Series, params: dict[str, Any]) -> pd.Series:
    births = parse_datetimes(values)
    today = pd.Timestamp.now().normalize()
    years = (today - births).dt.days / 365.2425
    edges = params.get("bins") or [0, 18, 30, 45, 65]
    return _bins(
        pd.Series(np.floor(years), index=values.index).astype("Float64"), {**params, "bins": edges}
    )


def _bins(numbers: pd.Series, params: dict[str, Any]) -> pd.Series:
    edges = sorted(float(e) for e in (params.get("bins") or []))
    labels = params.get("labels") or _labels(edges)
    positions = (
        np.searchsorted(edges, numbers.to_numpy(dtype=float, na_value=np.nan), side="right") - 1
    )
    lookup = np.asarray([*labels, None], dtype=object)
    picked = lookup[np.clip(positions, -1, len(labels) - 1)]
    picked[positions < 0] = None
    return pd.Series(picked, index=numbers.index).where(numbers.notna()).astype("string")


def _labels(edges: list[float]) -> list[str]:
    def show(x: float) -> str:
        return str(int(x)) if x.is_integer() else str(x)

    spans = [
        f"{show(a)}-{show(b - 1) if b.is_integer() else show(b)}"
        for a, b in itertools.pairwise(edges)
    ]
    return [*spans, f"{show(edges[-1])}+"] if edges else []
