"""The `fake` method (`etlx_desktop.core.anonymize.fake`) and its pools: valid identifiers,
determinism per key domain, gender-consistent ФИО, safe e-mails, no surviving originals, unique
columns that stay unique across chunks, and the measured speed of pools and full names."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pytest
from faker.providers.person.en_US import Provider as EnNames
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.apply import IMPLEMENTATIONS, apply, output_datatype
from etlx_desktop.core.anonymize.catalog import FAKE_KINDS
from etlx_desktop.core.anonymize.context import AnonymizeContext
from etlx_desktop.core.anonymize.fake import FakeSpaceExhausted, UniquenessGuard, fake
from etlx_desktop.core.anonymize.pools import POOL_SIZES, FakePools, default_pools
from etlx_desktop.core.metadata.model import (
    AnonymizationRule,
    Column,
    Datatype,
    ExtractStep,
    Table,
    TableSchema,
)

from .test_ru_ids import digits_only, iban_valid, inn_ok, luhn, oms_ok, snils_ok

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
REFERENCE = date(2024, 6, 15)
EMAIL = re.compile(r"[a-z0-9]+([._][a-z0-9]+)*@example\.(com|org|net)")


def make_ctx(
    column: str = "c",
    *,
    unique: bool = False,
    primary_key: tuple[str, ...] = (),
    frame: pd.DataFrame | None = None,
    key: bytes | None = KEY,
    domain: str | None = None,
    table: str = "t",
    extra: dict[str, object] | None = None,
) -> AnonymizeContext:
    col = Column(name=column, unique=unique)
    schema = TableSchema(columns=[col], primary_key=list(primary_key))
    tbl = Table(
        url=f"{table}.csv",
        table_name=table,
        extraction=ExtractStep(from_source="s"),
        table_schema=schema,
    )
    return AnonymizeContext(
        tbl,
        col,
        key,
        frame if frame is not None else pd.DataFrame(),
        domain=domain,
        extra={} if extra is None else extra,
        reference_date=REFERENCE,
    )


def run(values: Any, kind: str, ctx: AnonymizeContext | None = None, **params: Any) -> pd.Series:
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
    return fake(series, {"kind": kind, **params}, ctx or make_ctx())


def originals(kind: str, count: int, locale: str = "ru_RU") -> list[str]:
    """Realistic originals of `kind`: fakes of other inputs under another key."""
    values = [f"source {i}" for i in range(count)]
    return list(run(values, kind, make_ctx(key=OTHER_KEY), locale=locale).astype(str))


# ---- shape, validity, nulls -----------------------------------------------------------------


@pytest.mark.parametrize("locale", ["ru_RU", "en_US"])
@pytest.mark.parametrize("kind", FAKE_KINDS)
def test_every_kind_keeps_nulls_index_and_length(kind: str, locale: str) -> None:
    values = pd.Series(["a", None, "b", np.nan, "a", 7], index=[10, 11, 12, 13, 14, 15])
    out = run(values, kind, locale=locale)
    assert list(out.index) == list(values.index)
    assert out.isna().tolist() == [False, True, False, True, False, False]
    assert out[10] == out[14] and out[10] != out[12]
    if kind == "birth_date":
        assert out.dtype == "datetime64[us]"
    else:
        assert isinstance(out.dtype, pd.StringDtype) and all(out.dropna().str.len() > 0)
    assert run(pd.Series([], dtype=object), kind, locale=locale).empty


def test_identifier_kinds_pass_independent_validators() -> None:
    values = [f"customer {i}" for i in range(3000)]
    inn = run(values, "inn")
    assert all(len(v) == 12 and inn_ok(v) for v in inn)
    assert all(len(v) == 10 and inn_ok(v) for v in run(values, "inn_legal"))
    snils = run(values, "snils")
    assert all(re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", v) and snils_ok(v) for v in snils)
    assert all(oms_ok(v) for v in run(values, "oms"))
    assert all(re.fullmatch(r"\d{16}", v) and luhn(v) for v in run(values, "bank_card"))
    assert all(iban_valid(v) for v in run(values, "iban"))
    assert all(re.fullmatch(r"\d\d \d\d \d{6}", v) for v in run(values, "passport"))
    assert all(re.fullmatch(r"\+79\d{9}", v) for v in run(values, "phone"))
    assert all(re.fullmatch(r"\+1[2-9]\d{9}", v) for v in run(values, "phone", locale="en_US"))


def test_identifiers_keep_the_originals_spelling() -> None:
    assert re.fullmatch(r"\d{11}", run(["11223344595"], "snils")[0])
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", run(["112-233-445 95"], "snils")[0])
    assert re.fullmatch(r"\d{4} \d{6}", run(["4510 123456"], "passport")[0])
    assert re.fullmatch(r"\d{10}", run(["4510123456"], "passport")[0])
    assert re.fullmatch(r"\d\d \d\d \d{6}", run(["45 10 123456"], "passport")[0])
    assert re.fullmatch(r"(\d{4} ){3}\d{4}", run(["4111 1111 1111 1111"], "bank_card")[0])
    gb = run(["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"], "iban")
    assert gb[0].startswith("GB") and " " in gb[0] and iban_valid(gb[0])
    assert gb[1].startswith("DE") and " " not in gb[1] and iban_valid(gb[1])


def test_text_kinds_look_right() -> None:
    values = [f"x{i}" for i in range(500)]
    address = run(values, "address")
    assert all(re.fullmatch(r"\d{6}, г\. [^,]+, .+", a) for a in address)
    us = run(values, "address", locale="en_US")
    assert all(re.fullmatch(r".+, .+, [A-Z]{2} \d{5}", a) for a in us)
    names = run(values, "full_name", locale="en_US")
    assert all(len(n.split()) == 2 for n in names)
    assert run(values, "company").nunique() > 400 and run(values, "city").nunique() > 200


# ---- determinism ----------------------------------------------------------------------------


def test_same_value_same_fake_across_chunks_calls_and_tables() -> None:
    values = [f"person {i}" for i in range(1000)]
    extra: dict[str, object] = {}
    whole = run(values, "full_name", make_ctx(extra=extra))
    first = run(values[:600], "full_name", make_ctx(extra=extra))
    second = run(values[400:], "full_name", make_ctx(extra=extra, table="t"))
    assert list(first) == list(whole[:600]) and list(second) == list(whole[400:])
    assert list(run(values, "full_name")) == list(whole)  # a second run
    # two tables sharing a key domain get the same fakes: the joins survive
    left = run(values, "inn", make_ctx(table="orders", domain="people.inn"))
    right = run(values, "inn", make_ctx(table="invoices", column="x", domain="people.inn"))
    assert list(left) == list(right)
    # an integer and the same number as text are one value
    assert run([42, 42.0, "42"], "inn").nunique() == 1


def test_other_keys_and_domains_give_other_fakes() -> None:
    values = [f"person {i}" for i in range(500)]
    base = run(values, "inn")
    for other in (make_ctx(key=OTHER_KEY), make_ctx(domain="elsewhere"), make_ctx(table="u")):
        assert (run(values, "inn", other) != base).mean() > 0.99
    assert (run(values, "snils") != run(values, "inn")).all()


def test_without_a_key_deterministic_fakes_fail_and_random_ones_work() -> None:
    from etlx_desktop.core.anonymize.context import KeyRequired

    with pytest.raises(KeyRequired):
        run(["a"], "inn", make_ctx(key=None))
    values = [f"v{i}" for i in range(300)]
    extra: dict[str, object] = {}
    one = run(values, "inn", make_ctx(key=None, extra=extra), deterministic=False)
    again = run(values, "inn", make_ctx(key=None, extra=extra), deterministic=False)
    other_run = run(values, "inn", make_ctx(key=None), deterministic=False)
    assert list(one) == list(again)  # consistent within the run
    assert (one != other_run).mean() > 0.99  # a new salt each run


# ---- gender ---------------------------------------------------------------------------------

MALE_LAST = ("ов", "ев", "ёв", "ин", "ский", "цкий")
FEMALE_LAST = ("ова", "ева", "ёва", "ина", "ская", "цкая")


def name_gender(full_name: str) -> str:
    """'M' or 'F' from a ФИО's patronymic, checking that the surname agrees where its form
    shows the gender."""
    last, _, middle = full_name.split()
    gender = "M" if middle.endswith("ич") else "F" if middle.endswith("на") else "?"
    if last.endswith(FEMALE_LAST):
        assert gender == "F", full_name
    elif last.endswith(MALE_LAST):
        assert gender == "M", full_name
    return gender


def test_full_names_follow_the_gender_column() -> None:
    spellings = {"M": "M", "F": "F", "м": "M", "ж": "F", "male": "M", "Female": "F", " Ж ": "F"}
    words = list(spellings) * 300
    frame = pd.DataFrame({"name": [f"n{i}" for i in range(len(words))], "sex": words})
    ctx = make_ctx("name", frame=frame)
    names = run(frame["name"], "full_name", ctx, gender_column="sex")
    genders = [name_gender(n) for n in names]
    assert genders == [spellings[w] for w in words]
    middles = [n.split()[2] for n in names]
    assert np.mean([m.endswith(("вич", "вна")) for m in middles]) > 0.95
    lasts = [n.split()[0] for n in names]
    assert np.mean([last.endswith(MALE_LAST + FEMALE_LAST) for last in lasts]) > 0.8
    firsts = run(frame["name"], "first_name", ctx, gender_column="sex", locale="en_US")
    for first, word in zip(firsts, words, strict=True):
        male = spellings[word] == "M"
        assert first in (EnNames.first_names_male if male else EnNames.first_names_female)


def test_without_a_gender_column_each_name_is_consistent() -> None:
    names = run([f"n{i}" for i in range(2000)], "full_name")
    genders = [name_gender(n) for n in names]
    assert 0.4 < genders.count("M") / len(genders) < 0.6 and "?" not in genders


def test_unknown_gender_values_fall_back_to_the_seed() -> None:
    frame = pd.DataFrame({"name": ["a", "b", "c"], "sex": [None, "?", "M"]})
    names = run(frame["name"], "full_name", make_ctx("name", frame=frame), gender_column="sex")
    plain = run(frame["name"], "full_name", make_ctx("name"))
    assert list(names[:2]) == list(plain[:2]) and name_gender(names[2]) == "M"
    with pytest.raises(ValueError, match="gender_column"):
        run(frame["name"], "full_name", make_ctx("name", frame=frame), gender_column="nope")


# ---- e-mails and leaks ----------------------------------------------------------------------


def test_emails_are_valid_safe_and_never_contain_the_original() -> None:
    odd = ["a@example.com", "ivan.petrov@mail.ru", "X", "y" * 100_000 + "@example.com"]
    source = [*originals("email", 3000), *odd]
    emails = run(source, "email")
    assert all(EMAIL.fullmatch(e) for e in emails)
    assert not any(o.lower() in e for o, e in zip(source, emails, strict=True) if len(o) > 5)
    assert all(EMAIL.fullmatch(e) for e in run(source, "email", locale="en_US"))


@pytest.mark.parametrize("kind", FAKE_KINDS)
def test_no_original_survives(kind: str) -> None:
    source = originals(kind, 2000)
    out = run(source, kind).astype(str)
    if kind == "birth_date":
        out = out.str[:10]
    assert not any(o == f for o, f in zip(source, out, strict=True))  # no row keeps its value
    if kind in ("inn", "inn_legal", "snils", "passport", "oms", "bank_card", "iban", "phone"):
        assert not {digits_only(f) for f in out} & {digits_only(o) for o in source}
    if kind in ("email", "full_name", "address"):
        assert not set(out) & set(source)


@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=30))
@settings(max_examples=40, deadline=None)
def test_arbitrary_text_never_maps_to_itself(values: list[str]) -> None:
    for kind in ("first_name", "inn", "email", "city"):
        out = run(values, kind)
        assert all(v != f for v, f in zip(values, out, strict=True))


# ---- uniqueness -----------------------------------------------------------------------------


def test_a_million_distinct_inns_on_a_unique_column_stay_distinct() -> None:
    values = np.arange(1_000_000, dtype=np.int64) * 7919 + 13
    extra: dict[str, object] = {}
    started = time.perf_counter()
    chunks = [
        run(pd.Series(values[i : i + 250_000]), "inn", make_ctx(unique=True, extra=extra))
        for i in range(0, len(values), 250_000)
    ]
    elapsed = time.perf_counter() - started
    out = pd.concat(chunks)
    print(f"\nfake inn, 1,000,000 distinct values, unique, 4 chunks: {elapsed:.1f} s")
    assert out.nunique() == 1_000_000 and out.notna().all()
    assert all(inn_ok(v) for v in out.sample(20_000, random_state=1))
    assert len(extra["unique_guard"]) == 1_000_000  # type: ignore[arg-type]


def test_small_spaces_get_suffixes_and_stay_unique_across_chunks() -> None:
    values = [f"c{i}" for i in range(6000)]
    extra: dict[str, object] = {}
    parts = [
        run(values[i : i + 2000], "city", make_ctx(unique=True, extra=extra))
        for i in (0, 2000, 4000)
    ]
    out = pd.concat(parts)
    assert out.nunique() == 6000
    cities = set(default_pools().get("ru_RU", "city"))
    assert all(c in cities or c.rsplit(" ", 1)[0] in cities for c in out)
    for kind in ("first_name", "middle_name", "company", "full_name"):
        assert run(values, kind, make_ctx(primary_key=("c",))).nunique() == 6000


def test_a_value_seen_again_keeps_its_fake_in_a_unique_column() -> None:
    extra: dict[str, object] = {}
    values = [f"k{i}" for i in range(3000)]
    first = run(values, "first_name", make_ctx(primary_key=("c", "d"), extra=extra))
    again = run(values[::-1], "first_name", make_ctx(primary_key=("c", "d"), extra=extra))
    assert list(again) == list(first[::-1]) and first.nunique() == 3000


def test_a_kind_too_small_for_a_unique_column_fails_clearly() -> None:
    values = [f"secret-{i}" for i in range(1000)]
    with pytest.raises(FakeSpaceExhausted) as failure:
        run(values, "birth_date", make_ctx(unique=True), min_age=30, max_age=30)
    assert "t.c" in str(failure.value) and "secret" not in str(failure.value)


def test_uniqueness_guard_claims() -> None:
    guard = UniquenessGuard()
    h = np.array([5, 6, 5, 7], dtype=np.uint64)
    owners = np.array([1, 2, 3, 4], dtype=np.uint64)
    assert guard.claim(h, owners).tolist() == [True, True, False, True]  # first claim wins
    again = guard.claim(np.array([5, 6, 8], dtype=np.uint64), np.array([1, 9, 9], dtype=np.uint64))
    assert again.tolist() == [True, False, True] and len(guard) == 4
    for start in range(10, 2000, 100):  # many runs, merged
        guard.claim(np.arange(start, start + 50, dtype=np.uint64), np.zeros(50, dtype=np.uint64))
    assert not guard.claim(np.array([15], dtype=np.uint64), np.array([1], dtype=np.uint64))[0]


# ---- birth dates, apply, pools, speed -------------------------------------------------------


def test_birth_dates_lie_in_the_age_range_on_the_reference_date() -> None:
    dates = run([f"p{i}" for i in range(5000)], "birth_date", min_age=20, max_age=25)
    ref = pd.Timestamp(REFERENCE)
    ages = [ref.year - d.year - ((ref.month, ref.day) < (d.month, d.day)) for d in dates]
    assert min(ages) == 20 and max(ages) == 25
    with pytest.raises(ValueError, match="min_age"):
        run(["p"], "birth_date", min_age=30, max_age=20)


def test_fake_runs_through_apply_with_its_output_types() -> None:
    assert IMPLEMENTATIONS["fake"] is fake
    rule = AnonymizationRule(method="fake", parameters={"kind": "snils"})
    assert snils_ok(apply(rule, pd.Series(["x"]), make_ctx())[0])
    birth = AnonymizationRule(method="fake", parameters={"kind": "birth_date"})
    assert output_datatype(birth, Datatype.STRING) is Datatype.DATE
    assert output_datatype(rule, Datatype.LONG) is Datatype.STRING


def test_pools_are_deterministic_sized_and_quick_to_draw() -> None:
    for locale in ("ru_RU", "en_US"):
        pools = FakePools()
        started = time.perf_counter()
        pools.warm(locale)
        elapsed = time.perf_counter() - started
        print(f"\npools {locale}: all {len(pools.names(locale))} drawn in {elapsed:.2f} s")
        again = FakePools()
        for name in pools.names(locale):
            assert len(pools.get(locale, name)) == POOL_SIZES[name]
            assert list(pools.get(locale, name)) == list(again.get(locale, name))
    female = FakePools().get("ru_RU", "last_name_female")
    assert all(n.endswith(FEMALE_LAST) for n in female)


def test_full_name_speed_on_a_million_rows() -> None:
    rng = np.random.default_rng(3)
    distinct = np.array([f"Иванов Иван {i}" for i in range(200_000)], dtype=object)
    values = pd.Series(distinct[rng.integers(0, len(distinct), 1_000_000)])
    default_pools().warm("ru_RU")
    started = time.perf_counter()
    out = run(values, "full_name")
    elapsed = time.perf_counter() - started
    print(f"\nfake full_name, 1M rows / 200k distinct: {1_000_000 / elapsed:,.0f} rows/s")
    assert out.notna().all() and out.nunique() > 150_000
