"""The `fake` method: realistic values drawn from pools and generators by a keyed hash.

Each distinct value of a chunk is hashed once (keyed BLAKE2b under the key domain's key, or a
random per-run salt when `deterministic` is false) into a 64-bit seed that picks pool entries
and drives the `ru_ids` generators, in numpy over the distinct values, mapped back to the rows.
Equal values give equal fakes in every table and run (same key, key domain and Faker version).
Nulls stay null. A fake never equals the value it replaces (identifiers compared by digits; an
e-mail never contains it): such a draw is redrawn.

Unique columns (declared unique or in the primary key): distinct values get distinct fakes in
the whole table. A `UniquenessGuard` in `ctx.extra["unique_guard"]` (run state) remembers each
fake issued and for which value; a value whose draw is taken redraws with its seed rehashed with
the attempt number (deterministic for a given row order), and small spaces (names, cities,
companies, addresses) get a numeric suffix after a few attempts.

Birth dates: aged min_age..max_age (default 18-90) on `ctx.reference_date`, or today if unset.
Pools come from `ctx.extra["fake_pools"]` when a caller puts a `FakePools` there, else from the
process-wide `default_pools()`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from . import ru_ids
from .catalog import FAKE_KINDS
from .context import AnonymizeContext
from .fake_compare import comparable, leaks, styles
from .fake_guard import UniquenessGuard as UniquenessGuard
from .keyed_hashes import blake2b_many
from .pools import LOCALES, FakePools, concat, default_pools
from .ru_ids import U64, Strings, below, mix64
from .texts import arrow_text, as_text

Index = NDArray[np.intp]
GENDERED = {"full_name", "first_name", "last_name", "middle_name", "email"}
SUFFIXED = {"full_name", "first_name", "last_name", "middle_name", "city", "company", "address"}
MAX_ATTEMPTS = 100
SUFFIX_FROM = 3  # attempt from which small-space kinds get a numeric suffix
_MALE = {"m", "male", "man", "м", "муж", "мужской", "мужчина"}
_FEMALE = {"f", "female", "woman", "w", "ж", "жен", "женский", "женщина"}


class FakeSpaceExhausted(Exception):
    """A unique column has more distinct values than the fake kind can tell apart."""


@dataclass
class _Plan:
    """What drawing one kind needs, per distinct value (unit) where it varies."""

    kind: str
    locale: str
    pools: FakePools
    male: NDArray[np.bool_]
    style: NDArray[np.str_]
    countries: NDArray[np.str_]
    birth_range: tuple[int, int] = (0, 1)  # first day (days since 1970) and number of days


def fake(values: pd.Series, params: dict[str, Any], ctx: AnonymizeContext) -> pd.Series:
    kind = str(params["kind"])
    locale = str(params.get("locale") or "ru_RU")
    if kind not in FAKE_KINDS or locale not in LOCALES:
        raise ValueError(f"fake: unknown kind {kind!r} or locale {locale!r}")
    row_texts, texts = _distinct_texts(values)
    valid = row_texts >= 0
    gender_column = params.get("gender_column")
    if gender_column and kind in GENDERED:
        keys = row_texts[valid].astype(np.int64) * 3
        keys += _genders(ctx, str(gender_column), values.index)[valid]
        unit_codes, units = pd.factorize(keys)
    else:  # the units are the texts, already numbered in order of first appearance
        unit_codes, units = row_texts[valid], np.arange(len(texts), dtype=np.int64) * 3
    unit_texts = texts[units // 3]
    given = (units % 3).astype(np.uint64)
    key = ctx.domain_key() if params.get("deterministic", True) else _salt(ctx)
    seeds = mix64(keyed_seeds(unit_texts, key), 7000 + FAKE_KINDS.index(kind))
    plan = _Plan(kind, locale, _pools(ctx), _male(seeds, given), *styles(kind, unit_texts))
    if kind == "birth_date":
        plan.birth_range = _birth_range(params, ctx.reference_date or date.today())
    unique = bool(ctx.column.unique) or ctx.column.name in ctx.table.table_schema.primary_key
    guard = _guard(ctx) if unique else None
    owners = seeds ^ (given * np.uint64(0x9E3779B97F4A7C15))
    drawn = _resolve(plan, seeds, owners, unit_texts, guard, ctx)
    row_units = np.full(len(values), -1, dtype=np.intp)
    row_units[valid] = unit_codes
    if kind == "birth_date":
        days = np.append(drawn.astype(str).astype("datetime64[D]"), np.datetime64("NaT"))
        return pd.Series(days[row_units].astype("datetime64[us]"), index=values.index)
    fakes = pd.array(drawn, dtype="string").take(row_units, allow_fill=True)
    return pd.Series(fakes, index=values.index)


def _distinct_texts(values: pd.Series) -> tuple[Index, Strings]:
    """(per row, the number of its canonical text in order of first appearance, -1 for null;
    the distinct texts). Text columns are numbered by Arrow; others through their distinct
    values, whose texts may coincide (1 and 1.0 are both '1')."""
    if isinstance(values.dtype, pd.StringDtype):
        encoded = arrow_text(as_text(values)).dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp)
        return codes, encoded.dictionary.to_numpy(zero_copy_only=False).astype(object)
    raw_codes, raw_uniques = pd.factorize(values)
    text_codes, texts = pd.factorize(_texts(raw_uniques))
    row_texts: Index = np.append(text_codes, -1)[raw_codes]  # -1: null
    return row_texts, np.asarray(texts, dtype=object)


def _texts(uniques: Any) -> Strings:
    """The canonical text of each distinct value (integers in bulk, as `as_text` spells them)."""
    dtype = getattr(uniques, "dtype", None)
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return np.asarray(uniques).astype(str).astype(object)
    return as_text(pd.Series(uniques)).to_numpy(dtype=object)


def keyed_seeds(texts: Strings, key: bytes) -> U64:
    """A 64-bit seed per text: keyed BLAKE2b (personalised 'etlx fake') of its UTF-8 bytes."""
    digests = blake2b_many(
        key[:64], pa.array(texts, type=pa.large_string()), size=8, person=b"etlx fake"
    )
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def _resolve(
    plan: _Plan,
    seeds: U64,
    owners: U64,
    originals: Strings,
    guard: UniquenessGuard | None,
    ctx: AnonymizeContext,
) -> Strings:
    """The fake of each unit: redrawn while it equals its original or, in a unique column,
    while another value holds it."""
    out = np.empty(len(seeds), dtype=object)
    pending: Index = np.arange(len(seeds))
    if not len(pending):
        return out
    original = comparable(plan.kind, originals)
    for attempt in range(MAX_ATTEMPTS):
        drawn = seeds[pending] if attempt == 0 else mix64(seeds[pending], 9000 + attempt)
        candidates = _draw(plan, drawn, pending)
        if attempt >= SUFFIX_FROM and plan.kind in SUFFIXED:
            width = min(2 + (attempt - SUFFIX_FROM) // 4, 15)
            number = (below(drawn, 77, 10**width) + 2).astype(str).astype(object)
            candidates = concat(candidates, " ", number)
        ok = ~leaks(plan.kind, candidates, original[pending])
        if guard is not None and ok.any():
            index = np.flatnonzero(ok)
            hashes = pd.util.hash_array(candidates[index], categorize=False)
            ok[index] = guard.claim(hashes, owners[pending[index]])
        out[pending[ok]] = candidates[ok]
        pending = pending[~ok]
        if not len(pending):
            return out
    raise FakeSpaceExhausted(
        f"fake {plan.kind} for {ctx.table.table_name}.{ctx.column.name}: {len(pending)} "
        f"distinct value(s) found no unused fake after {MAX_ATTEMPTS} draws; the kind has too "
        "few possible values for this unique column"
    )


def _draw(plan: _Plan, seeds: U64, units: Index) -> Strings:
    kind, locale = plan.kind, plan.locale
    ids = {"inn": ru_ids.gen_inn_person, "inn_legal": ru_ids.gen_inn_legal, "oms": ru_ids.gen_oms}
    if kind in ids:
        return ids[kind](seeds)
    if kind == "snils":
        return ru_ids.gen_snils(seeds, formatted=plan.style[units] != "digits")
    if kind == "passport":
        return ru_ids.gen_passport(seeds, style=plan.style[units])
    if kind == "bank_card":
        return ru_ids.gen_bank_card(seeds, grouped=plan.style[units] == "grouped")
    if kind == "iban":
        grouped = plan.style[units] == "grouped"
        return ru_ids.gen_iban(seeds, countries=plan.countries[units], grouped=grouped)
    if kind == "phone":
        return ru_ids.gen_phone(seeds, "RU" if locale == "ru_RU" else "US")
    if kind == "birth_date":
        first, span = plan.birth_range
        days = (below(seeds, 0, span) + first).astype("datetime64[D]")
        return np.datetime_as_string(days).astype(object)
    return plan.pools.draw(kind, locale, seeds, plan.male[units])


def _genders(ctx: AnonymizeContext, column: str, index: pd.Index) -> NDArray[np.int64]:
    """Per row: 1 male, 2 female, 0 unknown (M/F, м/ж, male/female, мужской/женский)."""
    if column not in ctx.frame:
        raise ValueError(
            f"fake: gender_column {column!r} is not a column of {ctx.table.table_name}"
        )
    genders = ctx.frame[column]
    if not genders.index.equals(index):
        genders = genders.reindex(index)
    codes, uniques = pd.factorize(genders)
    words = as_text(pd.Series(uniques)).str.strip().str.lower()
    lookup = np.where(words.isin(_MALE), 1, np.where(words.isin(_FEMALE), 2, 0))
    return np.append(lookup, 0).astype(np.int64)[codes]


def _male(seeds: U64, given: U64) -> NDArray[np.bool_]:
    """Male where the gender column says so; where it is absent or unknown, from the seed."""
    drawn = (mix64(seeds, 90) & np.uint64(1)) == 0
    male: NDArray[np.bool_] = np.where(given == 0, drawn, given == 1)
    return male


def _birth_range(params: dict[str, Any], today: date) -> tuple[int, int]:
    """(first day since 1970, number of days) of births aged min_age..max_age on `today`."""
    youngest, oldest = int(params.get("min_age", 18)), int(params.get("max_age", 90))
    if youngest > oldest:
        raise ValueError(f"fake birth_date: min_age {youngest} is above max_age {oldest}")
    reference = pd.Timestamp(today)
    latest = reference - pd.DateOffset(years=youngest)
    earliest = reference - pd.DateOffset(years=oldest + 1) + pd.Timedelta(days=1)
    epoch = pd.Timestamp(0)
    return (earliest - epoch).days, (latest - earliest).days + 1


def _pools(ctx: AnonymizeContext) -> FakePools:
    pools = ctx.extra.get("fake_pools")
    return pools if isinstance(pools, FakePools) else default_pools()


def _guard(ctx: AnonymizeContext) -> UniquenessGuard:
    guard = ctx.extra.get("unique_guard")
    if not isinstance(guard, UniquenessGuard):
        guard = ctx.extra["unique_guard"] = UniquenessGuard()
    return guard


def _salt(ctx: AnonymizeContext) -> bytes:
    """This run's random salt for non-deterministic fakes (kept in the column's run state)."""
    salt = ctx.extra.get("fake_salt")
    if not isinstance(salt, bytes):
        salt = ctx.extra["fake_salt"] = secrets.token_bytes(32)
    return salt
