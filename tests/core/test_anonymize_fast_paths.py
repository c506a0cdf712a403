"""The vectorised paths of the anonymization methods against straightforward per-value
references: masking on Arrow bytes, hex digests built in numpy, keyed hashes of the distinct
texts, Arrow digit stripping, integer keys spelled by Arrow for the noise, and the fake's
numbering of distinct texts."""

from __future__ import annotations

import hashlib
import hmac
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.basic import _mask_one, _row_uniforms, hash_values
from etlx_desktop.core.anonymize.fake import _distinct_texts, _texts
from etlx_desktop.core.anonymize.fake_compare import _digits_only
from etlx_desktop.core.anonymize.hashing import hex_texts
from etlx_desktop.core.anonymize.keys import domain_key
from etlx_desktop.core.anonymize.masking import _ASCII_ALNUM, mask_arrow
from etlx_desktop.core.metadata.model import Column

from .anonymize_golden import KEY, context

ALPHABET = "0123456789 +-()@.aZ\x00ж😀٣"
texts_or_null = st.one_of(st.none(), st.text(alphabet=ALPHABET, max_size=80))


def test_the_ascii_alnum_table_is_str_isalnum() -> None:
    assert _ASCII_ALNUM.tolist() == [chr(c).isalnum() for c in range(128)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(texts_or_null, max_size=30),
    st.integers(0, 5),
    st.integers(0, 5),
    st.sampled_from(["*", "#", "ж"]),
    st.booleans(),
    st.integers(0, 3),
)
def test_masking_arrow_bytes_equals_masking_each_value(
    values: list[str | None], first: int, last: int, char: str, keep: bool, skip: int
) -> None:
    array = pa.array(["skipped"] * skip + values, type=pa.string())[skip:]  # a sliced array
    got = mask_arrow(array, first, last, char, keep, _mask_one)
    expected = [None if v is None else _mask_one(v, first, last, char, keep) for v in values]
    assert got.type == pa.large_string()
    assert got.to_pylist() == expected


@pytest.mark.parametrize("length", [-70, -5, 0, 1, 7, 24, 63, 64, 65, 100])
def test_hex_digests_are_cut_as_python_slices_cut_them(length: int) -> None:
    digests = [hashlib.sha256(bytes([i])).digest() for i in range(20)]
    got = hex_texts(digests, length).to_pylist()
    assert got == [d.hex()[:length] for d in digests]
    assert hex_texts([], length).to_pylist() == []


@pytest.mark.parametrize("dtype", [object, "string", pd.StringDtype("python")])
def test_hash_is_the_hmac_of_each_value(dtype: object) -> None:
    values = pd.Series(
        ["a@x.ru", None, "Иван@почта.рф", "a@x.ru", ""], dtype=dtype, index=[5, 3, 9, 1, 0]
    )
    got = hash_values(values, {"length": 24}, context(Column(name="c")))
    key = domain_key(KEY, "t.c")
    expected = [
        None if v is None else hmac.new(key, v.encode(), hashlib.sha256).hexdigest()[:24]
        for v in values.astype(object).where(values.notna(), None)
    ]
    assert [None if pd.isna(v) else v for v in got] == expected
    assert got.index.equals(values.index)
    assert str(got.dtype) == "string"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="12 -()+x٣߂ж", max_size=15), max_size=20))
def test_digits_only_equals_the_python_regex(values: list[str]) -> None:
    texts = np.asarray(values, dtype=object)
    expected = [re.sub(r"\D", "", v) for v in values]
    assert _digits_only(texts).tolist() == expected


@pytest.mark.parametrize("dtype", ["int64", "Int64", "uint64", "int32"])
@pytest.mark.parametrize("keys", [["id"], ["id", "k"]])
def test_integer_keys_draw_the_noise_the_text_path_draws(dtype: str, keys: list[str]) -> None:
    rng = np.random.default_rng(1)
    low = 0 if dtype.startswith("u") else np.iinfo(np.dtype(dtype.lower())).min
    high = np.iinfo(np.dtype(dtype.lower())).max
    ids = rng.integers(low, high, 500, dtype=np.dtype(dtype.lower()), endpoint=True)
    ids[:2] = [low, high]
    index = pd.Index(rng.permutation(500) + 10)
    frame = pd.DataFrame({"id": pd.array(ids, dtype=dtype), "k": ids % 7, "c": 1.0}, index=index)
    ctx = context(Column(name="c"), frame, keys)
    streams = (b"noise-1", b"noise-2")
    got = _row_uniforms(frame["c"], ctx, streams)
    reference = frame[keys].astype(str)  # the spelling the keys were always hashed in
    for stream, draws in zip(streams, got, strict=True):
        hash_key = hashlib.blake2b(ctx.domain_key(), digest_size=8, person=stream).hexdigest()
        hashed = pd.util.hash_pandas_object(reference, index=False, hash_key=hash_key)
        bits = hashed.to_numpy(dtype=np.uint64) >> np.uint64(11)
        assert np.array_equal(draws, (bits.astype(np.float64) + 0.5) / float(2**53))


@pytest.mark.parametrize(
    "dtype", ["string", pd.StringDtype("pyarrow", na_value=np.nan), pd.StringDtype("python")]
)
def test_text_columns_number_their_texts_as_factorizing_did(dtype: object) -> None:
    values = pd.Series(
        ["b", None, "a", "b", "", "ж", "a"], dtype=dtype, index=[9, 8, 7, 6, 5, 4, 3]
    )
    codes, texts = _distinct_texts(values)
    raw_codes, raw_uniques = pd.factorize(values)
    text_codes, expected = pd.factorize(_texts(raw_uniques))
    assert codes.tolist() == np.append(text_codes, -1)[raw_codes].tolist()
    assert texts.tolist() == list(expected)
    assert texts.dtype == object
