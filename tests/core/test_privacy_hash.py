"""The privacy checks' text hash: equal canonical texts hash alike whatever their dtype, array
layout or path (row by row, distinct values first, long texts), distinct texts apart; and the
per-chunk figures built on it match a plain Python reference over the canonical texts."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from collections import Counter
from decimal import Decimal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from etlx_desktop.core.anonymize.basic import as_text
from etlx_desktop.core.anonymize.privacy import LeakCollector
from etlx_desktop.core.anonymize.privacy_bags import HashBag
from etlx_desktop.core.anonymize.privacy_hashing import canonical_text, hash_column, hash_distinct
from etlx_desktop.core.anonymize.privacy_spill import SpillSpace
from etlx_desktop.core.anonymize.privacy_texthash import LONG_TEXT, NULL_HASH, hash_text

MASK = (1 << 64) - 1


def _mix(z: int) -> int:
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & MASK
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & MASK
    return z ^ (z >> 31)


def reference_hash(text: str | None) -> int:
    """The hash spelled out in Python integers, one text at a time."""
    if text is None:
        return int(NULL_HASH)
    data = text.encode("utf-8")
    if len(data) > LONG_TEXT:
        digest = hashlib.blake2b(data, digest_size=8).digest()
        return int.from_bytes(digest, "little") ^ 0x632BE59BD9B4E019
    h = _mix((len(data) + 0x2545F4914F6CDD1D) & MASK)
    for start in range(0, len(data), 8):
        h = _mix(h ^ int.from_bytes(data[start : start + 8], "little"))
    return h


def texts_of_every_length() -> list[str | None]:
    """Lengths 0..300 bytes (over the 8-byte boundaries and past LONG_TEXT), ASCII and
    two-byte UTF-8, with texts that differ only in their last byte or by a trailing NUL."""
    texts: list[str | None] = []
    for n in range(301):
        texts += ["a" * n, "a" * max(n - 1, 0) + "b", "\x00" * n]
        texts.append("ё" * (n // 2) + "x" * (n % 2))  # n bytes of Cyrillic
    return [*dict.fromkeys(texts), None]  # each text once ("" came thrice), and a null


def test_the_hash_is_the_reference_for_every_length_and_alphabet() -> None:
    texts = texts_of_every_length()
    expected = [reference_hash(t) for t in texts]
    assert hash_text(pa.array(texts, pa.string())).tolist() == expected
    assert len(set(expected)) == len(texts)  # all distinct, the null included


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string(), pa.string_view()])
def test_the_hash_ignores_the_array_layout(kind: pa.DataType) -> None:
    texts = texts_of_every_length() * 2 + [None, "tail"]
    expected = np.array([reference_hash(t) for t in texts], dtype=np.uint64)
    whole = pa.array(texts, kind)
    assert np.array_equal(hash_text(whole), expected)
    for offset in (1, 7, 8, 301):  # sliced: the array's offset is not 0
        assert np.array_equal(hash_text(whole.slice(offset)), expected[offset:])
        assert np.array_equal(hash_text(whole.slice(offset, 50)), expected[offset : offset + 50])
    cuts = [0, 3, 200, 201, len(texts) - 1, len(texts)]
    chunked = pa.chunked_array([whole.slice(a, b - a) for a, b in itertools.pairwise(cuts)], kind)
    assert chunked.num_chunks == 5
    assert np.array_equal(hash_text(chunked), expected)
    assert len(hash_text(pa.chunked_array([], kind))) == 0


def test_empty_texts_and_nulls_hash_apart() -> None:
    column = pd.Series(["", None, "", "x", None], dtype="str")
    hashed = hash_distinct(column)
    assert hashed.present.tolist() == [True, False, True, True, False]
    assert hashed.rows[0] == hashed.rows[2] != NULL_HASH
    assert hashed.rows[1] == hashed.rows[4] == NULL_HASH
    assert sorted(hashed.counts.tolist()) == [1, 2]


def test_two_million_short_texts_do_not_collide() -> None:
    numbers = pa.array(np.arange(1_000_000))
    texts = pa.chunked_array(
        [
            pc.cast(numbers, pa.string()),  # '0' .. '999999': 1 to 6 bytes
            pc.binary_join_element_wise("k", pc.cast(numbers, pa.string()), "@x.ru", ""),
        ]
    )
    hashes = hash_text(texts)
    assert len(np.unique(hashes)) == 2_000_000


# --- the same value from every dtype -------------------------------------------------------------


def test_equal_values_hash_alike_from_every_dtype() -> None:
    spellings = [
        pd.Series([5, -7, 0], dtype="int64"),
        pd.Series([5, -7, 0], dtype="Int64"),
        pd.Series([5, -7, 0], dtype="int16"),
        pd.Series([5.0, -7.0, -0.0]),
        pd.Series([5.0, -7.0, 0.0], dtype="Float64"),
        pd.Series(["5", "-7", "0"], dtype="str"),
        pd.Series(["5", "-7", "0"], dtype=pd.StringDtype("python")),
        pd.Series(["5", "-7", "0"], dtype=object),
        pd.Series([Decimal("5"), Decimal("-7.0"), Decimal("0")], dtype=object),
        pd.Series([5, "-7", 0.0], dtype=object),
    ]
    expected = [reference_hash(t) for t in ("5", "-7", "0")]
    for column in spellings:
        assert hash_column(column).tolist() == expected, column.dtype
    fractions = [pd.Series([2.5, 1e-05, 1e22]), pd.Series(["2.5", "1e-05", "1e+22"])]
    for column in fractions:
        assert hash_column(column).tolist() == [
            reference_hash(t) for t in ("2.5", "1e-05", "1e+22")
        ]
    days = [
        pd.Series([dt.date(2024, 5, 1), dt.date(1900, 1, 2)], dtype=object),
        pd.Series(pd.to_datetime(["2024-05-01", "1900-01-02"])),
        pd.Series(pd.to_datetime(["2024-05-01", "1900-01-02"]).astype("datetime64[us]")),
        pd.Series(["2024-05-01", "1900-01-02"], dtype="str"),
    ]
    for column in days:
        assert hash_column(column).tolist() == [
            reference_hash("2024-05-01"),
            reference_hash("1900-01-02"),
        ]
    stamp = pd.Series(pd.to_datetime(["2024-05-01 10:00:00.123"]))
    assert hash_column(stamp).tolist() == [reference_hash("2024-05-01 10:00:00.123000")]


def mixed_columns(rows: int, seed: int) -> list[pd.Series]:
    """Columns of every kind the checks meet, some with few values (hashed per distinct value)
    and some mostly distinct (hashed row by row), with nulls."""
    rng = np.random.default_rng(seed)
    ints = rng.integers(-(10**12), 10**12, rows)
    few = rng.integers(0, 40, rows)
    nulls = rng.random(rows) < 0.05
    words = np.array(["", "Ёж", "a" * 8, "b" * 9, "x" * 300, "user@mail.ru", "0", "-3"])
    return [
        pd.Series(ints, dtype="int64"),
        pd.Series(ints, dtype="Int64").mask(nulls),
        pd.Series(ints.astype(str), dtype="str").mask(nulls),
        pd.Series(ints / 100).mask(nulls),  # floats with cents, and NaN
        pd.Series(rng.laplace(0, 1e6, rows)).mask(nulls),
        pd.Series(rng.laplace(0, 1e-3, rows), dtype="Float64"),
        pd.Series(few, dtype="int64"),
        pd.Series(few.astype(float)),
        pd.Series(words[few % len(words)], dtype="str").mask(nulls),
        pd.Series(words[few % len(words)], dtype=object).mask(nulls),
        pd.Series(pd.to_datetime(ints % 10**6, unit="D", origin="1970-01-01").date, dtype=object),
        pd.Series(np.datetime64("2020-01-01") + (ints % 10**9).astype("timedelta64[s]")),
    ]


@pytest.mark.parametrize("rows", [10, 5000, 20_000])
def test_a_column_hashes_as_its_canonical_texts(rows: int) -> None:
    for seed, column in enumerate(mixed_columns(rows, rows)):
        texts = as_text(column).to_numpy(dtype=object, na_value=None).tolist()
        hashed = hash_distinct(column)
        assert hashed.rows.tolist() == [reference_hash(t) for t in texts], column.dtype
        assert hashed.present.tolist() == [t is not None for t in texts]
        counted = Counter(t for t in texts if t is not None)
        by_hash = Counter(dict(zip(hashed.distinct.tolist(), hashed.counts.tolist(), strict=True)))
        assert by_hash == Counter({reference_hash(t): n for t, n in counted.items()})
        spelled = [None if pd.isna(t) else t for t in canonical_text(column).tolist()]
        assert spelled == texts, (seed, column.dtype)


@pytest.mark.parametrize("budget", [0, 4096, 16 << 20])
def test_bags_and_leaks_over_chunks_match_python_sets(budget: int) -> None:
    space = SpillSpace(budget)
    counted, uncounted = HashBag(space=space), HashBag(counted=False, space=space)
    leaks = LeakCollector(space=space)
    seen: Counter[str] = Counter()
    before_texts: set[str] = set()
    after_texts: set[str] = set()
    same_row = 0
    for chunk in range(6):
        columns = mixed_columns(6000, chunk)
        before, after = columns[2].astype("str"), columns[0]  # text against integers
        if chunk % 2:
            before, after = columns[8], columns[9].iloc[::-1].reset_index(drop=True)
        counted.add_column(hash_distinct(before))
        uncounted.add_column(hash_distinct(before))
        leaks.observe("t", "c", before, after, "hash")
        old = as_text(before).to_numpy(dtype=object, na_value=None)
        new = as_text(after).to_numpy(dtype=object, na_value=None)
        seen.update(t for t in old if t is not None)
        before_texts.update(t for t in old if t is not None)
        after_texts.update(t for t in new if t is not None)
        same_row += sum(a is not None and a == b for a, b in zip(old, new, strict=True))
    expected_keys = sorted(reference_hash(t) for t in seen)
    assert counted.keys.tolist() == expected_keys == uncounted.keys.tolist()
    assert dict(zip(counted.keys.tolist(), counted.counts.tolist(), strict=True)) == {
        reference_hash(t): n for t, n in seen.items()
    }
    (result,) = leaks.result()
    assert (result.originals, result.outputs, result.surviving, result.same_row) == (
        len(before_texts),
        len(after_texts),
        len(before_texts & after_texts),
        same_row,
    )
    assert result.surviving > 0 and (budget > 4096 or space.files > 0)
    space.close()
