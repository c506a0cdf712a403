"""Recorded outputs of the per-chunk anonymization methods on varied inputs (nulls, empty
chunks, non-ASCII and long texts, NULs, object / Arrow / Python string dtypes, int64 / Int64 /
float64 ids, non-default indexes), so a faster implementation can be held to the exact bytes
an earlier version published: same dtype, Arrow type, index, nulls and values.

`python -m tests.core.anonymize_golden` prints the fingerprints as JSON; they were recorded in
`anonymize_golden.json` from the implementation before the vectorised fast paths.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from etlx_desktop.core.anonymize.basic import hash_values, mask, noise
from etlx_desktop.core.anonymize.context import AnonymizeContext
from etlx_desktop.core.anonymize.fake import fake
from etlx_desktop.core.anonymize.pseudonymize import pseudonymize
from etlx_desktop.core.metadata.model import Column, Datatype, ExtractStep, Table, TableSchema

KEY = bytes(range(32))
ROWS = 240
Case = Callable[[], pd.Series]

_PHONES = [
    "+79{d}",
    "8 (9{d3}) {d3}-{d2}-{d2}",
    "+7 9{d}",
    "12-34",
    "",
    None,
    "тел. 8 926 {d3} {d2} {d2}",
    "٣٤٥٦٧٨{d2}",
    "📞+7926{d}",
    "a\x00b{d}",
    "Anna",
    "x",
    "ю",
    "long {d} " * 12,
    "mañana-{d3}-ÅÄÖ",
]
_EMAILS = ["user{d}@mail.ru", "Иван.{d3}@почта.рф", "no-at-{d2}", None, "", "a@b", "long{d}@" * 9]
_INNS = ["{d}{d3}", "{d}{d2}", "{d3}-{d3}-{d3}-{d3}", None, "", "٣{d}{d2}"]
TEXT_DTYPES: dict[str, Any] = {
    "object": object,
    "string": "string",
    "str_nan": pd.StringDtype("pyarrow", na_value=np.nan),
    "python": pd.StringDtype("python"),
}


def texts(templates: list[str | None], seed: int, rows: int = ROWS) -> list[str | None]:
    """`rows` values from `templates` with random digits (some values repeat)."""
    rng = np.random.default_rng(seed)
    out: list[str | None] = []
    picks, numbers = rng.integers(0, len(templates), rows), rng.integers(0, 60, rows)
    for pick, number in zip(picks, numbers, strict=True):
        template = templates[int(pick)]
        d = f"{int(number) * 15485863 % 10**9:09d}"
        out.append(None if template is None else template.format(d=d, d3=d[:3], d2=d[3:5]))
    return out


def index(kind: str, rows: int) -> pd.Index:
    if kind == "labels":
        return pd.Index([f"r{i}" for i in range(rows)])
    if kind == "shuffled":
        return pd.Index(np.random.default_rng(5).permutation(rows) * 3 + 7)
    return pd.RangeIndex(rows)


def context(
    column: Column, frame: pd.DataFrame | None = None, primary_key: list[str] | None = None
) -> AnonymizeContext:
    frame = pd.DataFrame() if frame is None else frame
    columns = [column, *(Column(name=str(c)) for c in frame.columns if c != column.name)]
    table = Table(
        url="t",
        table_name="t",
        extraction=ExtractStep(from_source="s"),
        table_schema=TableSchema(columns=columns, primary_key=primary_key or []),
    )
    return AnonymizeContext(table, column, KEY, frame, reference_date=date(2024, 6, 15))


def _text_cases() -> Iterator[tuple[str, Case]]:
    sources = {"phones": texts(_PHONES, 1), "emails": texts(_EMAILS, 2)}
    mask_params: list[dict[str, Any]] = [
        {},
        {"keep_first": 2, "keep_last": 2},
        {"keep_last": 4},
        {"keep_first": 3, "mask_char": "#", "keep_separators": False},
        {"keep_first": 1, "keep_last": 1, "mask_char": "ж"},
        {"keep_domain": True, "keep_first": 1},
    ]
    hash_params: list[dict[str, Any]] = [
        {},
        {"length": 24},
        {"length": 7},
        {"length": 100},
        {"encoding": "base32", "length": 10},
        {"encoding": "numeric", "length": 6},
        {"encoding": "numeric"},
        {"algorithm": "blake2b", "length": 24},
    ]
    for source, values in sources.items():
        for dtype_name, dtype in TEXT_DTYPES.items():
            for index_kind in ("range", "shuffled", "labels"):
                for rows in (ROWS, 0):
                    data = pd.Series(values[:rows], dtype=dtype, index=index(index_kind, rows))
                    name = f"{source}/{dtype_name}/{index_kind}/{rows}"
                    for p in mask_params:
                        yield f"mask/{name}/{p}", _call(mask, data, p, Column(name="c"))
                    for p in hash_params:
                        yield f"hash/{name}/{p}", _call(hash_values, data, p, Column(name="c"))
    mixed = pd.Series([1, 2.0, 2.5, None, "x", pd.Timestamp("2024-01-02"), True, -7] * 5)
    for p in mask_params[:3] + hash_params[:3]:
        method = mask if "encoding" not in p and "length" not in p else hash_values
        yield f"{method.__name__}/mixed/{p}", _call(method, mixed, p, Column(name="c"))


def _call(
    method: Callable[[pd.Series, dict[str, Any], AnonymizeContext], pd.Series],
    values: pd.Series,
    params: dict[str, Any],
    column: Column,
    frame: pd.DataFrame | None = None,
    primary_key: list[str] | None = None,
) -> Case:
    def run() -> pd.Series:
        return method(values.copy(), dict(params), context(column, frame, primary_key))

    return run


def _fake_cases() -> Iterator[tuple[str, Case]]:
    inns = texts(_INNS, 3)
    names = texts(["Иванов Иван {d2}", "Anna {d3}", None, "Петрова Ольга", ""], 4)
    genders = texts(["M", "F", "ж", None, "x"], 6)
    kinds = ["inn", "inn_legal", "snils", "passport", "phone", "email", "bank_card", "iban"]
    kinds += ["full_name", "first_name", "city", "birth_date", "oms", "company", "address"]
    for kind in kinds:
        for dtype_name in ("object", "string", "str_nan"):
            for index_kind, rows in (("range", ROWS), ("shuffled", ROWS), ("range", 0)):
                idx = index(index_kind, rows)
                source = inns if kind not in ("full_name", "first_name", "email") else names
                values = pd.Series(source[:rows], dtype=TEXT_DTYPES[dtype_name], index=idx)
                frame = pd.DataFrame({"c": values, "g": pd.Series(genders[:rows], index=idx)})
                for unique in (False, True):
                    params: dict[str, Any] = {"kind": kind}
                    if kind in ("full_name", "first_name", "email"):
                        params["gender_column"] = "g"
                    name = f"fake/{kind}/{dtype_name}/{index_kind}/{rows}/unique={unique}"
                    key = ["c"] if unique else None
                    yield name, _call(fake, values, params, Column(name="c"), frame, key)
    ids = np.random.default_rng(7).integers(-(2**62), 2**62, ROWS)
    for id_name, id_values in _id_series(ids).items():
        yield f"fake/inn/ids/{id_name}", _call(fake, id_values, {"kind": "inn"}, Column(name="c"))


def _id_series(ids: np.ndarray) -> dict[str, pd.Series]:
    small = ids % 10**6
    with_nulls = pd.Series(small, dtype="Int64").mask(small % 7 == 0)
    return {
        "int64": pd.Series(ids),
        "Int64": with_nulls,
        "float64": with_nulls.astype("float64"),
        "object": pd.Series([*small[:-3].tolist(), None, 2.0, 3.5], dtype=object),
        "shuffled": pd.Series(ids, index=index("shuffled", len(ids))),
        "empty": pd.Series([], dtype="int64"),
    }


def _noise_cases() -> Iterator[tuple[str, Case]]:
    rng = np.random.default_rng(8)
    amounts = pd.Series(rng.uniform(-10, 1000, ROWS).round(2), dtype="Float64")
    amounts[amounts.index % 11 == 0] = pd.NA
    ids = rng.integers(-(2**63), 2**63 - 1, ROWS, dtype=np.int64)
    ids[:3] = [-(2**63), 2**63 - 1, 0]
    frames: dict[str, tuple[pd.DataFrame, list[str] | None]] = {
        "pk_int64": (pd.DataFrame({"id": ids, "c": amounts}), ["id"]),
        "pk_Int64": (pd.DataFrame({"id": pd.array(ids, dtype="Int64"), "c": amounts}), ["id"]),
        "pk_Int64_nulls": (
            pd.DataFrame({"id": pd.array(ids, dtype="Int64").copy(), "c": amounts}).assign(
                id=lambda f: f["id"].mask(f.index % 13 == 0)
            ),
            ["id"],
        ),
        "pk_arrow": (
            pd.DataFrame({"id": pd.array(ids, dtype="int64[pyarrow]"), "c": amounts}),
            ["id"],
        ),
        "pk_bool": (pd.DataFrame({"id": ids % 2 == 0, "c": amounts}), ["id"]),
        "pk_two": (pd.DataFrame({"id": ids, "k": ids % 5, "c": amounts}), ["id", "k"]),
        "pk_text": (pd.DataFrame({"id": ids.astype(str), "c": amounts}), ["id"]),
        "pk_float": (pd.DataFrame({"id": ids.astype(float), "c": amounts}), ["id"]),
        "no_pk": (pd.DataFrame({"id": ids, "c": amounts}), None),
        "values_only": (pd.DataFrame(), None),
    }
    params: list[dict[str, Any]] = [
        {"distribution": "laplace", "scale": 0.05, "relative": True},
        {"distribution": "gaussian", "scale": 3.0},
        {"distribution": "uniform", "scale": 2.0, "clamp": True},
    ]
    column = Column(name="c", minimum=0, maximum=900)
    for frame_name, (frame, key) in frames.items():
        for index_kind in ("range", "shuffled"):
            shaped = frame.set_axis(index(index_kind, ROWS)) if len(frame.columns) else frame
            values = amounts.set_axis(index(index_kind, ROWS))
            for p in params:
                name = f"noise/{frame_name}/{index_kind}/{p}"
                yield name, _call(noise, values, p, column, shaped, key)
    whole = pd.Series(ids % 1000)
    frame = pd.DataFrame({"id": ids, "c": whole})
    yield "noise/int", _call(noise, whole, params[1], Column(name="c"), frame, ["id"])
    empty = pd.DataFrame({"id": pd.Series([], dtype="int64"), "c": pd.Series([], dtype="Float64")})
    yield "noise/empty", _call(noise, empty["c"], params[0], column, empty, ["id"])


def _pseudonym_cases() -> Iterator[tuple[str, Case]]:
    ids = np.random.default_rng(9).integers(-(2**40), 2**40, ROWS)
    owners = {
        "long": Column(name="c", datatype=Datatype.LONG),
        "integer": Column(name="c", datatype=Datatype.INTEGER),
        "range": Column(name="c", datatype=Datatype.LONG, minimum=-1000, maximum=10**6),
    }
    for owner_name, owner in owners.items():
        for id_name, values in _id_series(ids % 2**30).items():
            name = f"pseudonymize/{owner_name}/{id_name}"
            yield name, _call(pseudonymize, values, {}, owner)


def cases() -> dict[str, Case]:
    """Every recorded case by name."""
    return dict([*_text_cases(), *_fake_cases(), *_noise_cases(), *_pseudonym_cases()])


def _spell(value: Any) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return repr(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else value.hex()
    return f"{type(value).__name__}:{value!r}"


def fingerprint(result: pd.Series) -> str:
    """A digest of everything a caller can observe: dtype, Arrow type, index, nulls, values."""
    arrow = getattr(result.array, "_pa_array", None)
    parts = [
        repr(result.dtype),
        str(arrow.type if arrow is not None else None),
        repr(result.index),
        repr(result.index.dtype),
        *map(_spell, result.tolist()),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def outcome(run: Case) -> str:
    """The fingerprint of a case's result, or the name of the exception it raises."""
    try:
        return fingerprint(run())
    except Exception as error:  # an error is behaviour too: recorded, not hidden
        return f"error:{type(error).__name__}"


if __name__ == "__main__":
    print(json.dumps({name: outcome(run) for name, run in cases().items()}, indent=0))
