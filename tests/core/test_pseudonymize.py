"""pseudonymize: deterministic per key domain, unique by construction, shape-preserving, and
joining across tables."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from etlx_desktop.core.anonymize.context import AnonymizeContext
from etlx_desktop.core.anonymize.feistel import Permutation
from etlx_desktop.core.anonymize.pseudonymize import pseudonym_format, pseudonymize
from etlx_desktop.core.metadata.model import (
    Column,
    Datatype,
    ExtractStep,
    Table,
    TableSchema,
)

KEY = bytes(range(32))


def context(column: Column, key: bytes = KEY, primary: bool = False) -> AnonymizeContext:
    table = Table(
        url="t",
        table_name="t",
        extraction=ExtractStep(from_source="s"),
        table_schema=TableSchema(columns=[column], primary_key=[column.name] if primary else []),
    )
    return AnonymizeContext(table, column, key, pd.DataFrame(), domain="test.domain")


def inn_ok(inn: str) -> bool:
    digits = [int(c) for c in inn]

    def check(weights: tuple[int, ...]) -> int:
        return sum(w * d for w, d in zip(weights, digits, strict=False)) % 11 % 10

    if len(digits) == 10:
        return digits[9] == check((2, 4, 10, 3, 5, 9, 4, 6, 8))
    return digits[10] == check((7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) and digits[11] == check(
        (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
    )


def snils_ok(snils: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", snils)]
    total = sum(d * w for d, w in zip(digits[:9], range(9, 0, -1), strict=True))
    expected = total if total < 100 else (0 if total in (100, 101) else total % 101 % 100)
    return digits[9] * 10 + digits[10] == expected


def test_the_permutation_is_a_bijection_of_its_domain() -> None:
    for size in (2, 7, 1000, 65_537):
        out = Permutation(KEY, size)(np.arange(size))
        assert sorted(out.tolist()) == list(range(size))


def test_the_permutation_depends_on_the_key() -> None:
    values = np.arange(1000)
    assert (Permutation(KEY, 10**6)(values) != Permutation(b"x" * 32, 10**6)(values)).mean() > 0.99


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.integers(min_value=-(2**31), max_value=2**31 - 1), unique=True, min_size=1, max_size=300
    )
)
def test_integer_keys_stay_unique_in_range_and_deterministic(values: list[int]) -> None:
    column = Column(name="id", datatype=Datatype.INTEGER)
    first = pseudonymize(pd.Series(values), {}, context(column))
    again = pseudonymize(pd.Series(list(reversed(values))), {}, context(column))
    assert first.is_unique
    assert first.between(-(2**31), 2**31 - 1).all()
    assert dict(zip(values, first, strict=True)) == dict(zip(reversed(values), again, strict=True))


def test_a_declared_range_is_kept() -> None:
    column = Column(name="id", datatype=Datatype.INTEGER, minimum=100, maximum=999)
    out = pseudonymize(pd.Series(range(100, 1000)), {}, context(column))
    assert sorted(out) == list(range(100, 1000))


def test_one_million_distinct_keys_stay_distinct() -> None:
    column = Column(name="id", datatype=Datatype.LONG)
    out = pseudonymize(pd.Series(np.arange(1_000_000)), {}, context(column))
    assert out.is_unique and out.notna().all() and (out >= 0).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.from_regex(r"[1-9]\d{11}", fullmatch=True), unique=True, min_size=1, max_size=100)
)
def test_inns_stay_valid_inns(values: list[str]) -> None:
    column = Column(name="inn", personal_data="pd:TaxIdentificationNumber")
    out = pseudonymize(pd.Series(values), {}, context(column))
    assert all(len(v) == 12 and inn_ok(v) for v in out)
    assert out.is_unique  # the first ten digits go through a bijection


def test_legal_inns_snils_and_phones_keep_their_shape() -> None:
    inn = pseudonymize(
        pd.Series(["7707083893"]),
        {},
        context(Column(name="i", personal_data="pd:TaxIdentificationNumber")),
    )
    assert len(inn[0]) == 10 and inn_ok(inn[0])
    snils = pseudonymize(
        pd.Series(["112-233-445 95", "11223344595"]),
        {},
        context(Column(name="s", personal_data="pd:SocialSecurityNumber")),
    )
    assert re.fullmatch(r"\d{3}-\d{3}-\d{3} \d{2}", snils[0]) and snils_ok(snils[0])
    assert re.sub(r"\D", "", snils[0]) == snils[1]
    phones = pseudonymize(
        pd.Series(["+7 926 490-26-01", "8 (926) 490-26-01", "89264902601"]),
        {},
        context(Column(name="p", personal_data="pd:TelephoneNumber")),
    )
    assert phones.nunique() == 1  # one number, spelt three ways
    assert re.fullmatch(r"\+79\d{9}", phones[0]) and phones[0] != "+79264902601"


def test_emails_uuids_and_strings_keep_their_format() -> None:
    emails = pseudonymize(
        pd.Series(["Ivan@Mail.ru", "ivan@mail.ru", None]),
        {},
        context(Column(name="e", personal_data="pd:EmailAddress")),
    )
    assert emails[0] == emails[1] and re.fullmatch(r"[a-z2-7]{16}@example\.com", emails[0])
    assert pd.isna(emails[2])
    uuid = pseudonymize(
        pd.Series(["123e4567-e89b-12d3-a456-426614174000"]),
        {},
        context(Column(name="u", sql_type="uuid")),
    )
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uuid[0]
    )
    text = pseudonymize(pd.Series(["Иванов Иван-2"]), {}, context(Column(name="n")))
    assert re.fullmatch(r"[А-Я][а-я]{5} [А-Я][а-я]{3}-\d", text[0])


def test_short_unique_strings_never_collide() -> None:
    column = Column(name="code", unique=True)
    values = pd.Series([f"{i:02d}" for i in range(100)])  # the whole two-digit space
    out = pseudonymize(values, {}, context(column, primary=True))
    assert out.is_unique and set(out) == set(values)


def test_auto_format_follows_the_declaration() -> None:
    assert pseudonym_format(Column(name="a", datatype=Datatype.LONG), {}) == "integer"
    assert pseudonym_format(Column(name="a", personal_data="pd:EmailAddress"), {}) == "email"
    assert pseudonym_format(Column(name="a"), {"format": "uuid"}) == "uuid"


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=10**9), unique=True, min_size=1, max_size=200),
    st.data(),
)
def test_foreign_keys_join_their_pseudonymized_parents(
    parents: list[int], data: st.DataObject
) -> None:
    children = data.draw(st.lists(st.sampled_from(parents), max_size=400))
    parent_column = Column(name="id", datatype=Datatype.LONG)
    child_column = Column(name="customer_id", datatype=Datatype.INTEGER)
    parent_out = pseudonymize(pd.Series(parents), {}, context(parent_column))
    child_ctx = context(child_column)
    child_ctx.domain_column = parent_column  # an inherited rule uses its key's declaration
    child_out = pseudonymize(pd.Series(children, dtype="Int64"), {}, child_ctx)
    mapping = dict(zip(parents, parent_out, strict=True))
    assert child_out.tolist() == [mapping[c] for c in children]
