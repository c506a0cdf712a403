"""A chunk in PostgreSQL's binary COPY format, the load's input wherever every column has one.

The server reads binary values without parsing text: loading the benchmark's tables this way
takes about 40 % less of its time than CSV, most of it in `numeric` and `timestamptz` input.
Each column becomes one Arrow binary array per field (the 4-byte length, then the value, big
endian; a null is the length -1 alone) and Arrow joins them row by row.

A `numeric` is stored from a float64 column. The text path prints the float's shortest
round-trip text and the server reads that decimal, with as many digits after the point as the
text has (its display scale). The binary path sends exactly that decimal: the digits come
from the same text (Arrow's cast prints what its CSV writer prints) and are cut into
base-10000 groups by the C module `_pg_numeric` (built by setup.py), or, where it was not
built, in numpy, with texts that have an exponent, `inf` and `nan` through `decimal`.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from decimal import Decimal
from types import ModuleType

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

_pg_numeric: ModuleType | None
try:
    import etlx_desktop.core.storage._pg_numeric as _pg_numeric
except ImportError:  # built without a C compiler: numpy cuts the digits
    _pg_numeric = None

SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # no flags, no header extension
TRAILER = b"\xff\xff"
_EPOCH_DAYS = 10_957  # 2000-01-01, PostgreSQL's epoch, in days since 1970-01-01
_EPOCH_MICROS = _EPOCH_DAYS * 86_400 * 1_000_000
_EMPTY = pa.scalar(b"", pa.large_binary())
_POWERS = 10 ** np.arange(19, dtype=np.int64)
# numeric's sign words: positive, negative, NaN, +Infinity, -Infinity
_POS, _NEG, _NAN, _PINF, _NINF = 0x0000, 0x4000, 0xC000, 0xD000, 0xF000

_FIXED: dict[tuple[str, str], tuple[str, int]] = {
    # (arrow type, PostgreSQL type): (numpy big-endian dtype, width)
    ("int64", "bigint"): (">i8", 8),
    ("int16", "smallint"): (">i2", 2),
    ("double", "double precision"): (">f8", 8),
    ("float", "real"): (">f4", 4),
    ("bool", "boolean"): ("u1", 1),
}


def binary_ready(schema: pa.Schema, pg_types: Sequence[str]) -> bool:
    """Whether every column can be sent in binary (else the table is loaded as CSV)."""
    return all(_kind(f.type, t) is not None for f, t in zip(schema, pg_types, strict=True))


def _kind(arrow: pa.DataType, pg: str) -> str | None:
    if (str(arrow), pg) in _FIXED:
        return "fixed"
    if pa.types.is_string(arrow) and pg in ("text", "jsonb"):
        return pg
    if pa.types.is_binary(arrow) and pg == "bytea":
        return "text"
    if pa.types.is_float64(arrow) and pg == "numeric":
        return "numeric"
    if pa.types.is_date32(arrow) and pg == "date":
        return "date"
    if pa.types.is_timestamp(arrow) and arrow.unit == "us":
        return "timestamp" if pg == ("timestamp" if arrow.tz is None else "timestamptz") else None
    if pa.types.is_duration(arrow) and arrow.unit == "us" and pg == "interval":
        return "interval"
    return None


def binary_copy(table: pa.Table, pg_types: Sequence[str]) -> bytes:
    """The rows of `table` as `COPY ... FROM STDIN (FORMAT binary)` input, header to trailer;
    `binary_ready` must hold."""
    if table.num_rows == 0:
        return SIGNATURE + TRAILER
    fields: list[pa.Array | pa.Scalar] = [
        pa.scalar(struct.pack(">h", table.num_columns), pa.large_binary())
    ]
    for fld, column, pg in zip(table.schema, table.columns, pg_types, strict=True):
        fields += _field(_one_array(column), _kind(fld.type, pg) or "", pg)
    rows = pc.binary_join_element_wise(
        *fields, _EMPTY, null_handling="replace", null_replacement=""
    )
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)
    start, end = int(offsets[rows.offset]), int(offsets[rows.offset + len(rows)])
    return SIGNATURE + memoryview(rows.buffers()[2])[start:end].tobytes() + TRAILER


def _one_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _field(column: pa.Array, kind: str, pg: str) -> list[pa.Array]:
    """The arrays whose row-wise join is each row's field (length word, then value)."""
    valid = _valid(column)
    if kind in ("text", "jsonb"):
        extra = 1 if kind == "jsonb" else 0  # jsonb's binary input: a version byte, the text
        lengths = pc.binary_length(column).fill_null(0).to_numpy().astype(np.int64) + extra
        words = np.where(valid, lengths, -1).astype(">i4").view(np.uint8).reshape(-1, 4)
        if extra:
            words = np.hstack([words, np.ones((len(column), 1), dtype=np.uint8)])
            return [_masked(words, valid, 4), column.cast(pa.large_binary())]
        return [_variable(words.ravel(), np.full(len(column), 4)), column.cast(pa.large_binary())]
    if kind == "fixed":
        dtype, width = _FIXED[(str(column.type), pg)]
        values = column.fill_null(False if width == 1 and pg == "boolean" else 0)
        payload = values.to_numpy(zero_copy_only=False).astype(dtype).view(np.uint8)
        return [_with_lengths(payload.reshape(-1, width), valid)]
    if kind == "date":
        days = column.cast(pa.int32()).fill_null(0).to_numpy() - _EPOCH_DAYS
        return [_with_lengths(days.astype(">i4").view(np.uint8).reshape(-1, 4), valid)]
    if kind == "timestamp":
        micros = column.cast(pa.int64()).fill_null(0).to_numpy() - _EPOCH_MICROS
        return [_with_lengths(micros.astype(">i8").view(np.uint8).reshape(-1, 8), valid)]
    if kind == "interval":  # microseconds, then 0 days and 0 months
        micros = column.cast(pa.int64()).fill_null(0).to_numpy()
        words = np.zeros((len(column), 16), dtype=np.uint8)
        words[:, :8] = micros.astype(">i8").view(np.uint8).reshape(-1, 8)
        return [_with_lengths(words, valid)]
    return [_numeric(column, valid)]


def _valid(column: pa.Array) -> npt.NDArray[np.bool_]:
    if column.null_count == 0:
        return np.ones(len(column), dtype=bool)
    return np.asarray(column.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _variable(data: npt.NDArray[np.uint8], sizes: npt.NDArray[np.integer]) -> pa.Array:
    """A large_binary array of `data` cut into pieces of `sizes` bytes, in order."""
    offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(data))]
    return pa.Array.from_buffers(pa.large_binary(), len(sizes), buffers)


def _with_lengths(values: npt.NDArray[np.uint8], valid: npt.NDArray[np.bool_]) -> pa.Array:
    """Each row's field: the value's width as a length word, then the value; a null row is
    the length word -1 alone."""
    rows, width = values.shape
    fields = np.empty((rows, 4 + width), dtype=np.uint8)
    fields[:, :4] = np.frombuffer(struct.pack(">i", width), dtype=np.uint8)
    fields[:, 4:] = values
    fields[~valid, :4] = 0xFF
    return _masked(fields, valid, 4)


def _masked(fields: npt.NDArray[np.uint8], valid: npt.NDArray[np.bool_], kept: int) -> pa.Array:
    """One piece per row of `fields`; of an invalid row only its first `kept` bytes."""
    rows, width = fields.shape
    if valid.all():
        return _variable(fields.ravel(), np.full(rows, width))
    keep = np.ones(fields.shape, dtype=bool)
    keep[~valid, kept:] = False
    return _variable(fields[keep], np.where(valid, width, kept))


def _numeric(column: pa.Array, valid: npt.NDArray[np.bool_]) -> pa.Array:
    """numeric fields of a float64 column: the decimal of each float's shortest text."""
    text = pc.cast(column, pa.string())
    if _pg_numeric is not None:
        binary = text.cast(pa.large_binary())
        buffers = binary.buffers()
        offsets = np.frombuffer(buffers[1], dtype=np.int64)[binary.offset :][: len(binary) + 1]
        data = buffers[2] if buffers[2] is not None else b""
        fields, ends = _pg_numeric.numeric_fields(
            data, offsets.tobytes(), np.ascontiguousarray(valid).view(np.uint8)
        )
        pieces = [None, pa.py_buffer(ends), pa.py_buffer(fields)]
        return pa.Array.from_buffers(pa.large_binary(), len(column), pieces)
    length = pc.binary_length(text).fill_null(0).to_numpy()
    negative = pc.starts_with(text, "-").fill_null(False).to_numpy(zero_copy_only=False)
    dot = pc.find_substring(text, ".").fill_null(-1).to_numpy()
    digit_count = length - negative - (dot >= 0)
    odd_rows = (_rows_with_letters(text) | (digit_count > 18)) & valid
    plain = pc.if_else(pa.array(odd_rows | ~valid), "0", text)
    scale = np.where(odd_rows | (dot < 0), 0, length - dot - 1).astype(np.int64)
    magnitude = np.abs(pc.cast(pc.replace_substring(plain, ".", ""), pa.int64()).to_numpy())
    unit = _POWERS[np.minimum(scale, 18)]  # a fraction of over 18 digits has no whole part
    whole = np.where(scale > 18, 0, magnitude // unit)
    fraction = np.where(scale > 18, magnitude, magnitude % unit)
    int_groups = max(1, -(-len(str(int(whole.max(initial=0)))) // 4))
    frac_groups = -(-int(scale.max(initial=0)) // 4)
    words = np.empty((len(column), 4 + int_groups + frac_groups), dtype=np.int64)
    words[:, 0] = int_groups + frac_groups
    words[:, 1] = int_groups - 1  # the weight of the first group, in powers of 10000
    words[:, 2] = np.where(negative & (magnitude > 0), _NEG, _POS)
    words[:, 3] = scale  # the display scale: the text's digits after the point
    for j in range(int_groups):  # most significant first
        words[:, 4 + j] = whole // _POWERS[4 * (int_groups - 1 - j)] % 10_000
    for k in range(1, frac_groups + 1):  # the k-th four digits after the point
        after = scale - 4 * k  # digits of the fraction after them
        full = fraction // _POWERS[np.clip(after, 0, 18)] % 10_000
        cut = fraction % _POWERS[np.clip(after + 4, 0, 18)] * _POWERS[np.clip(-after, 0, 4)]
        words[:, 3 + int_groups + k] = np.where(after >= 0, full, cut)
    fields = words.astype(">i2").view(np.uint8)
    array = _with_lengths(fields, valid)
    if not odd_rows.any():
        return array
    rows = np.flatnonzero(odd_rows)
    texts = text.take(pa.array(rows)).to_pylist()
    special = pa.array([_numeric_field(t) for t in texts], type=pa.large_binary())
    mask = np.zeros(len(column), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(array, pa.array(mask), special)


def _rows_with_letters(text: pa.StringArray) -> npt.NDArray[np.bool_]:
    """Rows whose text has more than digits, '.' and '-': an exponent, inf or nan."""
    rows = np.zeros(len(text), dtype=bool)
    offsets_buffer, data_buffer = text.buffers()[1:3]
    if data_buffer is None:
        return rows
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[
        text.offset : text.offset + len(text) + 1
    ]
    data = np.frombuffer(data_buffer, dtype=np.uint8)[offsets[0] : offsets[-1]]
    other = np.flatnonzero(((data < 48) | (data > 57)) & (data != 46) & (data != 45))
    rows[np.searchsorted(offsets, other + offsets[0], side="right") - 1] = True
    return rows


def _numeric_field(text: str) -> bytes:
    """One numeric field (length word and value) of a decimal text, as the server reads it."""
    value = Decimal(text)
    if value.is_nan():
        words = [0, 0, _NAN, 0]
    elif value.is_infinite():
        words = [0, 0, _NINF if value < 0 else _PINF, 0]
    else:
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        scale = max(0, -exponent)
        # digits padded to base-10000 groups aligned on the decimal point
        number = int("".join(map(str, digits)) or "0") * 10 ** (exponent + scale)
        padded = number * 10 ** (-scale % 4)
        groups: list[int] = []
        while padded:
            padded, group = divmod(padded, 10_000)
            groups.insert(0, group)
        weight = len(groups) - 1 - (scale + 3) // 4
        words = [len(groups), weight, _NEG if sign and groups else _POS, scale, *groups]
    payload = struct.pack(f">{len(words)}h", *[w - 0x10000 if w > 0x7FFF else w for w in words])
    return struct.pack(">i", len(payload)) + payload
