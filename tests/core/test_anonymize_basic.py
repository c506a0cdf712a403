"""Anonymization methods without lookup tables (`etlx_desktop.core.anonymize`): hash, mask,
redact, null, constant, regex_replace, generalize, noise, and the rule resolution in apply.py."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from etlx_desktop.core.anonymize.apply import (
    MethodUnavailable,
    apply,
    effective_rules,
    output_datatype,
    output_table,
)
from etlx_desktop.core.anonymize.basic import (
    as_text,
    constant,
    hash_values,
    keep,
    mask,
    noise,
    null,
    redact,
    regex_replace,
)
from etlx_desktop.core.anonymize.context import AnonymizeContext, KeyRequired
from etlx_desktop.core.anonymize.generalize import generalize
from etlx_desktop.core.anonymize.keys import domain_key
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    Column,
    DataModule,
    Datatype,
    ExtractStep,
    ForeignKey,
    KeyHandling,
    Table,
    TableReference,
    TableSchema,
)

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
D = Datatype


def make_table(
    *columns: Column, name: str = "t", foreign_keys: list[ForeignKey] | None = None
) -> Table:
    return Table(
        url=f"{name}.csv",
        table_name=name,
        extraction=ExtractStep(from_source="src"),
        table_schema=TableSchema(columns=list(columns), foreign_keys=foreign_keys or []),
    )


def ctx(
    column: Column | None = None,
    *,
    key: bytes | None = KEY,
    domain: str | None = None,
    first_row: int = 1,
    table: str = "t",
    frame: pd.DataFrame | None = None,
) -> AnonymizeContext:
    column = column or Column(name="c")
    rows = pd.DataFrame() if frame is None else frame
    return AnonymizeContext(make_table(column, name=table), column, key, rows, first_row, domain)


def series(values: list[Any], dtype: Any = object, index: list[int] | None = None) -> pd.Series:
    return pd.Series(values, dtype=dtype, index=index)


def plain(result: pd.Series) -> list[Any]:
    return [None if pd.isna(v) else v for v in result]


def rule(method: str, **parameters: Any) -> AnonymizationRule:
    return AnonymizationRule(method=method, parameters=parameters or None)


# --- hash -------------------------------------------------------------------------------------

EMAILS = ["a@x.ru", None, "b@y.com", "a@x.ru"]


def test_hash_is_keyed_hmac_sha256_of_the_domain_key() -> None:
    got = plain(hash_values(series(EMAILS), {}, ctx()))
    expected = hmac.new(domain_key(KEY, "t.c"), b"a@x.ru", hashlib.sha256).hexdigest()
    assert got[0] == got[3] == expected
    assert got[1] is None
    assert got[2] != got[0]


def test_hash_never_equals_an_unkeyed_digest() -> None:
    got = plain(hash_values(series(["a@x.ru"]), {}, ctx()))[0]
    assert got != hashlib.sha256(b"a@x.ru").hexdigest()
    assert got != hashlib.blake2b(b"a@x.ru", digest_size=32).hexdigest()
    assert got != hmac.new(KEY, b"a@x.ru", hashlib.sha256).hexdigest()  # module key, not domain


def test_hash_is_deterministic_per_key_and_domain() -> None:
    values = series(["x", "y"])
    first = plain(hash_values(values, {}, ctx(domain="customer")))
    assert plain(hash_values(values, {}, ctx(domain="customer"))) == first
    other_domain = plain(hash_values(values, {}, ctx(domain="employee")))
    other_key = plain(hash_values(values, {}, ctx(key=OTHER_KEY, domain="customer")))
    assert set(first).isdisjoint(other_domain)
    assert set(first).isdisjoint(other_key)


def test_hash_default_domain_is_table_and_column() -> None:
    values = series(["x"])
    by_default = plain(hash_values(values, {}, ctx(Column(name="email"), table="people")))
    explicit = plain(hash_values(values, {}, ctx(domain="people.email")))
    assert by_default == explicit


def test_hash_needs_the_key() -> None:
    with pytest.raises(KeyRequired, match=r"column t\.c needs"):
        hash_values(series(["x"]), {}, ctx(key=None))


def test_hash_hex_with_length() -> None:
    full = plain(hash_values(series(EMAILS), {}, ctx()))
    short = plain(hash_values(series(EMAILS), {"length": 10}, ctx()))
    assert all(re.fullmatch(r"[0-9a-f]{64}", v) for v in full if v is not None)
    assert short == [None if v is None else v[:10] for v in full]


def test_hash_base32() -> None:
    result = hash_values(series(EMAILS), {"encoding": "base32"}, ctx())
    assert str(result.dtype) == "string"
    got = plain(result)
    assert all(re.fullmatch(r"[a-z2-7]{52}", v) for v in got if v is not None)
    short = plain(hash_values(series(EMAILS), {"encoding": "base32", "length": 12}, ctx()))
    assert short == [None if v is None else v[:12] for v in got]


def test_hash_numeric() -> None:
    result = hash_values(series(EMAILS), {"encoding": "numeric"}, ctx())
    assert str(result.dtype) == "Int64"
    got = plain(result)
    assert got[1] is None and got[0] == got[3] != got[2]
    assert all(0 <= v < 2**63 for v in got if v is not None)
    short = plain(hash_values(series(EMAILS), {"encoding": "numeric", "length": 6}, ctx()))
    assert short == [None if v is None else v % 10**6 for v in got]
    assert all(0 <= v < 10**6 for v in short if v is not None)


def test_hash_blake2b_differs_from_hmac() -> None:
    hmac_hex = plain(hash_values(series(["x"]), {}, ctx()))
    blake = plain(hash_values(series(["x"]), {"algorithm": "blake2b"}, ctx()))
    assert re.fullmatch(r"[0-9a-f]{64}", blake[0])
    assert blake != hmac_hex
    assert blake == plain(hash_values(series(["x"]), {"algorithm": "blake2b"}, ctx()))


@pytest.mark.parametrize("encoding", ["hex", "base32", "numeric"])
def test_hash_keeps_nulls_null(encoding: str) -> None:
    for values in (series([None, None]), series([], dtype=object), series([pd.NA], dtype="string")):
        result = hash_values(values, {"encoding": encoding}, ctx())
        assert len(result) == len(values)
        assert result.isna().all()


def test_hash_is_join_safe_across_chunks() -> None:
    params = {"length": 16}
    chunk_a = hash_values(series(["u1", "u2", "u1"], index=[0, 1, 2]), params, ctx())
    chunk_b = hash_values(series(["u3", "u1", None, "u2"], index=[7, 7, 9, 10]), params, ctx())
    assert chunk_a.iloc[0] == chunk_a.iloc[2] == chunk_b.iloc[1]
    assert chunk_a.iloc[1] == chunk_b.iloc[3]
    assert chunk_b.index.tolist() == [7, 7, 9, 10]
    assert pd.isna(chunk_b.iloc[2])


def test_hash_joins_integer_and_decimal_keys() -> None:
    """A numeric(10) parent key (Float64 after coercion) joins a bigint child key (Int64)."""
    as_int = hash_values(series([1, 2, None], dtype="Int64"), {}, ctx())
    as_float = hash_values(series([1.0, 2.0, None], dtype="Float64"), {}, ctx())
    as_text_ = hash_values(series(["1", "2", None]), {}, ctx())
    assert plain(as_int) == plain(as_float) == plain(as_text_)
    assert plain(hash_values(series([1.5]), {}, ctx())) == plain(
        hash_values(series(["1.5"]), {}, ctx())
    )


def test_hash_of_a_timestamp_does_not_depend_on_its_chunk() -> None:
    midnight_only = series(pd.to_datetime(["2026-06-01"]).tolist(), dtype="datetime64[us]")
    mixed = series(
        pd.to_datetime(["2026-06-01 00:00", "2026-06-02 10:00"]).tolist(), dtype="datetime64[us]"
    )
    assert hash_values(midnight_only, {}, ctx()).iloc[0] == hash_values(mixed, {}, ctx()).iloc[0]
    assert as_text(mixed).tolist() == ["2026-06-01", "2026-06-02 10:00:00"]


def test_as_text_canonical_spellings() -> None:
    assert as_text(series([1.0, 2.5, None, 1e20], dtype="float64")).tolist()[:2] == ["1", "2.5"]
    assert as_text(series([True, None], dtype="boolean")).tolist()[0] == "True"
    assert as_text(series([12, 7], dtype="int64")).tolist() == ["12", "7"]


# --- mask -------------------------------------------------------------------------------------

NAME, EMAIL, PHONE = "Иванов Иван Иванович", "ivan.petrov@mail.ru", "+7 926 490-26-01"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"keep_first": 1}, ["И***** **** ********", "i***.******@****.**", "+7 *** ***-**-**"]),
        ({"keep_last": 2}, ["****** **** ******ич", "****.******@****.ru", "+* *** ***-**-01"]),
        (
            {"keep_first": 2, "keep_last": 2},
            ["Ив**** **** ******ич", "iv**.******@****.ru", "+7 9** ***-**-01"],
        ),
        (
            {"keep_first": 1, "keep_domain": True},
            ["И***** **** ********", "i***.******@mail.ru", "+7 *** ***-**-**"],
        ),
        (
            {"keep_first": 1, "keep_separators": False},
            ["И*******************", "i******************", "+7**************"],
        ),
        # keep_last counts letters and digits: the last four digits of a phone stay visible
        (
            {"keep_last": 4, "mask_char": "#"},
            ["###### #### ####ович", "####.######@##il.ru", "+# ### ###-26-01"],
        ),
        (
            {"keep_last": 4, "keep_separators": False},
            ["****************ович", "**************il.ru", "***********26-01"],
        ),
    ],
)
def test_mask(params: dict[str, Any], expected: list[str]) -> None:
    got = plain(mask(series([NAME, EMAIL, PHONE, None]), params, ctx()))
    assert got == [*expected, None]


def test_mask_keeping_the_domain_takes_an_empty_chunk() -> None:
    empty = pd.Series([], dtype="string", index=pd.Index([], dtype="int64"))
    got = mask(empty, {"keep_first": 1, "keep_domain": True}, ctx())
    pd.testing.assert_series_equal(got, mask(empty, {"keep_first": 1}, ctx()))
    assert len(got) == 0 and isinstance(got.dtype, pd.StringDtype)


def test_mask_keeps_length() -> None:
    for value in (NAME, EMAIL, PHONE):
        assert len(plain(mask(series([value]), {"keep_first": 1}, ctx()))[0]) == len(value)


def test_mask_never_shows_a_whole_value() -> None:
    """keep_first 2 + keep_last 2 on a four-letter name would show it all."""
    got = plain(
        mask(
            series(["Анна", "Ян", "Борис", "ab-cd", "---"]),
            {"keep_first": 2, "keep_last": 2},
            ctx(),
        )
    )
    assert got == ["****", "**", "Бо*ис", "**-**", "---"]
    assert plain(mask(series(["Ян"]), {"keep_first": 5}, ctx())) == ["**"]


def test_mask_numbers_as_text() -> None:
    result = mask(series([12345, None], dtype="Int64"), {"keep_last": 2}, ctx())
    assert str(result.dtype) == "string"
    assert plain(result) == ["***45", None]


# --- redact, null, constant, regex_replace, keep ----------------------------------------------


def test_redact_keeps_nulls() -> None:
    assert plain(redact(series(["a", None, "b"]), {}, ctx())) == ["[REDACTED]", None, "[REDACTED]"]
    assert plain(redact(series(["a"]), {"replacement": "***"}, ctx())) == ["***"]


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        (series([1, 2], dtype="int64"), "Int64"),
        (series([1, None], dtype="Int64"), "Int64"),
        (series([True, False], dtype="bool"), "boolean"),
        (series([1.5, 2.5], dtype="float64"), "float64"),
        (series(["a", None], dtype="string"), "string"),
        (series(pd.to_datetime(["2026-06-01"]).tolist(), dtype="datetime64[us]"), "datetime64[us]"),
    ],
)
def test_null_gives_nulls_of_the_column_type(values: pd.Series, dtype: str) -> None:
    result = null(values, {}, ctx())
    assert str(result.dtype) == dtype
    assert result.isna().all()
    assert result.index.equals(values.index)


@pytest.mark.parametrize(
    ("value", "dtype"), [("X", "string"), (3, "Int64"), (2.5, "Float64"), (True, "boolean")]
)
def test_constant(value: Any, dtype: str) -> None:
    result = constant(series(["a", None, "b"], index=[5, 6, 7]), {"value": value}, ctx())
    assert plain(result) == [value] * 3
    assert str(result.dtype) == dtype
    assert result.index.tolist() == [5, 6, 7]
    assert str(constant(series([]), {"value": value}, ctx()).dtype) == dtype


def test_regex_replace() -> None:
    got = plain(
        regex_replace(
            series(["tel 123-45", None, "ИНН 7701234567"]),
            {"pattern": r"\d", "replacement": "#"},
            ctx(),
        )
    )
    assert got == ["tel ###-##", None, "ИНН ##########"]
    got = plain(
        regex_replace(
            series(["ivan@mail.ru"]), {"pattern": r"^[^@]+", "replacement": "user"}, ctx()
        )
    )
    assert got == ["user@mail.ru"]
    got = plain(
        regex_replace(
            series(["2026-06-01"]), {"pattern": r"(\d{4})-\d\d-\d\d", "replacement": r"\1"}, ctx()
        )
    )
    assert got == ["2026"]


def test_keep_is_identity() -> None:
    values = series([1, None], dtype="Int64")
    assert keep(values, {}, ctx()) is values


# --- generalize -------------------------------------------------------------------------------

STAMPS = series(
    [*pd.to_datetime(["2026-06-03 10:20", "2026-12-31 00:00", "2026-06-07 23:59"]).tolist(), None],
    dtype="datetime64[us]",
)


@pytest.mark.parametrize(
    ("to", "expected"),
    [
        ("year", ["2026-01-01", "2026-01-01", "2026-01-01"]),
        ("month", ["2026-06-01", "2026-12-01", "2026-06-01"]),
        ("week", ["2026-06-01", "2026-12-28", "2026-06-01"]),  # Mondays
    ],
)
def test_generalize_dates_stay_dates(to: str, expected: list[str]) -> None:
    result = generalize(STAMPS, {"to": to}, ctx())
    assert str(result.dtype) == "datetime64[us]"
    assert plain(result) == [*(pd.Timestamp(e) for e in expected), None]


def test_generalize_dates_from_text() -> None:
    result = generalize(series(["2026-06-03", "03.06.2026", None]), {"to": "month"}, ctx())
    assert plain(result) == [pd.Timestamp("2026-06-01")] * 2 + [None]


def test_generalize_age_band() -> None:
    today = pd.Timestamp.now().normalize()
    births = series(
        [
            today - pd.DateOffset(years=40, days=10),
            today - pd.DateOffset(years=10),
            today - pd.DateOffset(years=70),
            today - pd.DateOffset(years=18, days=3),
            None,
            today + pd.DateOffset(years=1),  # born in the future: no band
        ],
        dtype="datetime64[us]",
    )
    assert plain(generalize(births, {"to": "age_band"}, ctx())) == [
        "30-44",
        "0-17",
        "65+",
        "18-29",
        None,
        None,
    ]
    custom = {"to": "age_band", "bins": [0, 18, 65], "labels": ["child", "adult", "senior"]}
    assert plain(generalize(births, custom, ctx())) == [
        "adult",
        "child",
        "senior",
        "adult",
        None,
        None,
    ]


def test_generalize_bins() -> None:
    numbers = series([5, 17, 18, 64.5, 65, 100, -3, None], dtype="Float64")
    assert plain(generalize(numbers, {"to": "bins", "bins": [0, 18, 65]}, ctx())) == [
        "0-17", "0-17", "18-64", "18-64", "65+", "65+", None, None,
    ]  # fmt: skip
    labelled = {"to": "bins", "bins": [65, 0, 18], "labels": ["young", "adult", "old"]}
    assert plain(generalize(numbers, labelled, ctx())) == [
        "young", "young", "adult", "adult", "old", "old", None, None,
    ]  # fmt: skip
    assert plain(
        generalize(series([0.5, 1.5, 2.5]), {"to": "bins", "bins": [0, 1.5, 2.5]}, ctx())
    ) == [
        "0-1.5",
        "1.5-2.5",
        "2.5+",
    ]


def test_generalize_round_keeps_integers_integer() -> None:
    result = generalize(
        series([12, 17, 25, None], dtype="Int64"), {"to": "round", "round_to": 10}, ctx()
    )
    assert str(result.dtype) == "Int64"
    assert plain(result) == [10, 20, 20, None]
    result = generalize(series([12, 17, 26], dtype="int64"), {"to": "round", "round_to": 5}, ctx())
    assert str(result.dtype) == "Int64"
    assert plain(result) == [10, 15, 25]
    # a fractional step on an integer column still gives whole numbers, never truncated ones
    result = generalize(
        series([11, 16, 17, 23], dtype="Int64"), {"to": "round", "round_to": 2.5}, ctx()
    )
    assert str(result.dtype) == "Int64"
    assert plain(result) == [10, 15, 18, 22]  # 17 -> 17.5 -> 18 (17 if truncated)


def test_generalize_round_floats_without_residue() -> None:
    result = generalize(
        series([1.234, 5.678, None], dtype="Float64"), {"to": "round", "round_to": 0.1}, ctx()
    )
    assert str(result.dtype) == "Float64"
    assert plain(result) == [1.2, 5.7, None]
    result = generalize(
        series([1234.5, 99.0], dtype="Float64"), {"to": "round", "round_to": 1000}, ctx()
    )
    assert plain(result) == [1000.0, 0.0]


def test_generalize_prefix() -> None:
    values = series(["123456", "AB", None, "Москва"])
    assert plain(generalize(values, {"to": "prefix", "prefix_length": 3, "fill": "*"}, ctx())) == [
        "123***",
        "AB",
        None,
        "Мос***",
    ]
    assert plain(generalize(values, {"to": "prefix", "prefix_length": 3}, ctx())) == [
        "123",
        "AB",
        None,
        "Мос",
    ]
    postcodes = series([125009.0, None], dtype="Float64")  # a numeric column: no '.0' in the text
    assert plain(
        generalize(postcodes, {"to": "prefix", "prefix_length": 3, "fill": "0"}, ctx())
    ) == [
        "125000",
        None,
    ]


def test_generalize_mapping() -> None:
    mapping = {"to": "mapping", "mapping": {"Москва": "ЦФО", "Тверь": "ЦФО", "1": "one"}}
    assert plain(generalize(series(["Москва", "Тверь", None, "Омск"]), mapping, ctx())) == [
        "ЦФО",
        "ЦФО",
        None,
        "Омск",
    ]
    assert plain(generalize(series([1, 2, None], dtype="Int64"), mapping, ctx())) == [
        "one",
        "2",
        None,
    ]


# --- noise ------------------------------------------------------------------------------------

PRICE = Column(name="price", datatype=D.DECIMAL, minimum=0, maximum=1000)
AGE = Column(name="age", datatype=D.INTEGER, minimum=18, maximum=99)


def rows(values: pd.Series) -> pd.DataFrame:
    """The frame a column is anonymized in: each value in a row of its own (an id column)."""
    return pd.DataFrame({"id": range(len(values)), "v": values}, index=values.index)


def test_noise_is_clamped_to_the_column_range() -> None:
    values = series([0.0, 1.0, 500.0, 999.0, 1000.0] * 20, dtype="Float64")
    result = noise(values, {"scale": 300}, ctx(PRICE, frame=rows(values)))
    got = np.asarray(result, dtype=float)
    assert got.min() == 0.0 and got.max() == 1000.0  # wide noise hits both bounds
    assert ((got >= 0) & (got <= 1000)).all()
    unclamped = np.asarray(
        noise(values, {"scale": 300, "clamp": False}, ctx(PRICE, frame=rows(values))),
        dtype=float,
    )
    assert unclamped.min() < 0 and unclamped.max() > 1000


def test_noise_uniform_stays_within_scale() -> None:
    values = series([400.0] * 50, dtype="Float64")
    params = {"scale": 5, "distribution": "uniform"}
    got = np.asarray(noise(values, params, ctx(PRICE, frame=rows(values))), dtype=float)
    assert (np.abs(got - 400.0) <= 5).all()
    assert len(set(got.tolist())) == 50, "every row draws its own noise"


def test_noise_distributions_have_their_shape() -> None:
    values = series([0.0] * 20_000, dtype="Float64")
    frame = rows(values)
    for kind, spread in (("gaussian", 1.0), ("laplace", 2**0.5), ("uniform", 1 / 3**0.5)):
        params = {"scale": 1, "distribution": kind, "clamp": False}
        got = np.asarray(noise(values, params, ctx(PRICE, frame=frame)), dtype=float)
        assert abs(got.mean()) < 0.05 and abs(got.std() - spread) < 0.05, kind


def test_relative_noise_scales_with_the_value() -> None:
    values = series([1.0, 10.0, 100.0, 900.0] * 25, dtype="Float64")
    params = {"scale": 0.1, "relative": True, "distribution": "uniform"}
    got = np.asarray(noise(values, params, ctx(PRICE, frame=rows(values))), dtype=float)
    base = np.asarray(values, dtype=float)
    assert (np.abs(got - base) <= 0.1 * base + 1e-9).all()
    spread = {b: np.abs(got - base)[base == b].max() for b in (1.0, 900.0)}
    assert spread[1.0] <= 0.1 < spread[900.0]


def test_noise_keeps_integers_integer_and_nulls_null() -> None:
    values = series([18, 50, 99, None], dtype="Int64")
    for distribution in ("gaussian", "laplace", "uniform"):
        result = noise(values, {"scale": 5, "distribution": distribution}, ctx(AGE))
        assert str(result.dtype) == "Int64"
        got = plain(result)
        assert got[3] is None
        assert all(18 <= v <= 99 for v in got[:3])
    assert str(noise(series([20, 30], dtype="int64"), {"scale": 1}, ctx(AGE)).dtype) == "Int64"


def test_noise_belongs_to_the_row_not_to_the_chunk() -> None:
    values = series([100.0, 200.0, 300.0, 400.0], dtype="Float64")
    frame = pd.DataFrame({"id": [7, 8, 9, 10], "price": values})
    params = {"scale": 10}
    whole = plain(noise(values, params, ctx(PRICE, frame=frame)))
    assert whole != [100.0, 200.0, 300.0, 400.0]
    # the same rows read in two chunks, or in another order, get the same noise
    head, tail = frame.iloc[:1], frame.iloc[1:]
    split = plain(noise(head["price"], params, ctx(PRICE, frame=head, first_row=1)))
    split += plain(noise(tail["price"], params, ctx(PRICE, frame=tail, first_row=2)))
    assert split == whole
    backwards = frame.iloc[::-1]
    reordered = plain(noise(backwards["price"], params, ctx(PRICE, frame=backwards)))
    assert reordered[::-1] == whole
    assert plain(noise(values, params, ctx(PRICE, frame=frame, key=OTHER_KEY))) != whole


# --- apply, rules and output types ------------------------------------------------------------


def test_apply_uses_the_rule_key_domain() -> None:
    context = ctx()
    via_apply = apply(AnonymizationRule(method="hash", key_domain="person"), series(["x"]), context)
    direct = hash_values(series(["x"]), {}, ctx(domain="person"))
    assert plain(via_apply) == plain(direct)


def test_apply_refuses_unimplemented_methods() -> None:
    # every built-in method runs now; a method only some other build registers does not
    with pytest.raises(MethodUnavailable, match="tokenize"):
        apply(rule("tokenize"), series(["x"]), ctx())


def _shop(
    key_handling: KeyHandling = KeyHandling.INHERIT, resource: str = "customers.csv"
) -> DataModule:
    customer_id = Column(name="id", datatype=D.INTEGER, anonymization=rule("hash", length=12))
    customers = make_table(customer_id, Column(name="name"), name="customers")
    orders = make_table(
        Column(name="id", datatype=D.INTEGER),
        Column(name="customer_id", datatype=D.INTEGER),
        name="orders",
        foreign_keys=[
            ForeignKey(
                column_reference=["customer_id"],
                reference=TableReference(resource=resource, column_reference=["id"]),
                key_handling=key_handling,
            )
        ],
    )
    return DataModule(identifier="shop", tables=[orders, customers])


@pytest.mark.parametrize("resource", ["customers.csv", "customers"])
def test_inherit_foreign_key_takes_the_parent_rule_and_joins(resource: str) -> None:
    module = _shop(resource=resource)
    rules = effective_rules(module)
    inherited = rules[("orders", "customer_id")]
    assert (inherited.method, inherited.parameters) == ("hash", {"length": 12})
    assert inherited.key_domain == "customers.id"
    assert rules[("customers", "id")].key_domain is None  # the parent's own rule is untouched
    ids = series([1, 2, None], dtype="Int64")
    customers, orders = module.table("customers"), module.table("orders")
    parent = apply(
        rules[("customers", "id")],
        ids,
        AnonymizeContext(customers, customers.table_schema.columns[0], KEY, pd.DataFrame()),
    )
    child = apply(
        inherited,
        ids,
        AnonymizeContext(orders, orders.table_schema.columns[1], KEY, pd.DataFrame()),
    )
    assert plain(parent) == plain(child)
    assert parent.iloc[0] != parent.iloc[1]


def test_preserve_foreign_key_keeps_its_own_rule() -> None:
    rules = effective_rules(_shop(KeyHandling.PRESERVE))
    assert ("orders", "customer_id") not in rules
    module = _shop(KeyHandling.PRESERVE)
    module.table("orders").table_schema.columns[1].anonymization = rule("keep")
    assert effective_rules(module)[("orders", "customer_id")].method == "keep"


def test_inherit_follows_a_chain_in_any_table_order() -> None:
    module = _shop()
    items = make_table(
        Column(name="order_customer", datatype=D.INTEGER),
        name="items",
        foreign_keys=[
            ForeignKey(
                column_reference=["order_customer"],
                reference=TableReference(resource="orders", column_reference=["customer_id"]),
            )
        ],
    )
    module.tables.insert(0, items)
    rules = effective_rules(module)
    assert rules[("items", "order_customer")] == rules[("orders", "customer_id")]
    assert rules[("items", "order_customer")].key_domain == "customers.id"


def test_inherit_keeps_an_explicit_parent_domain() -> None:
    module = _shop()
    parent = module.table("customers").table_schema.columns[0]
    assert parent.anonymization is not None
    parent.anonymization.key_domain = "customer"
    assert effective_rules(module)[("orders", "customer_id")].key_domain == "customer"


@pytest.mark.parametrize(
    ("method_rule", "datatype", "expected"),
    [
        (None, D.INTEGER, D.INTEGER),
        (rule("keep"), D.DATE, D.DATE),
        (rule("hash"), D.INTEGER, D.STRING),
        (rule("hash", encoding="base32"), D.DATE, D.STRING),
        (rule("hash", encoding="numeric"), D.STRING, D.LONG),
        (rule("mask"), D.INTEGER, D.STRING),
        (rule("redact"), D.DATE, D.STRING),
        (rule("null"), D.INTEGER, D.INTEGER),
        (rule("constant", value="x"), D.INTEGER, D.STRING),
        (rule("constant", value=3), D.STRING, D.LONG),
        (rule("constant", value=2.5), D.STRING, D.DOUBLE),
        (rule("constant", value=True), D.STRING, D.BOOLEAN),
        (rule("regex_replace", pattern="a", replacement="b"), D.INTEGER, D.STRING),
        (rule("generalize", to="year"), D.DATE, D.DATE),
        (rule("generalize", to="month"), D.DATETIME, D.DATETIME),
        (rule("generalize", to="week"), D.STRING, D.DATE),
        (rule("generalize", to="age_band"), D.DATE, D.STRING),
        (rule("generalize", to="bins", bins=[0, 10]), D.DOUBLE, D.STRING),
        (rule("generalize", to="round", round_to=10), D.INTEGER, D.INTEGER),
        (rule("generalize", to="round", round_to=0.5), D.DECIMAL, D.DECIMAL),
        (rule("generalize", to="prefix", prefix_length=2), D.INTEGER, D.STRING),
        (rule("generalize", to="mapping", mapping={}), D.STRING, D.STRING),
        (rule("noise", scale=1), D.INTEGER, D.INTEGER),
        (rule("noise", scale=1), D.DOUBLE, D.DOUBLE),
    ],
)
def test_output_datatype(
    method_rule: AnonymizationRule | None, datatype: Datatype, expected: Datatype
) -> None:
    assert output_datatype(method_rule, datatype) is expected


def test_output_table_changes_only_the_copy() -> None:
    module = _shop()
    customers = module.table("customers")
    out = output_table(customers, effective_rules(module))
    assert [c.datatype for c in out.table_schema.columns] == [D.STRING, D.STRING]
    assert customers.table_schema.columns[0].datatype is D.INTEGER
