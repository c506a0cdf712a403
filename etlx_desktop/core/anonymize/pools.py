"""Pools of realistic values for the `fake` method, drawn once with a seeded Faker.

`fake` never calls Faker per row: it indexes these pools with keyed hashes. A pool is drawn the
first time it is asked for, with `Faker(locale).seed_instance(seed + crc32(locale:name))`, so it
is the same in every process for a given Faker version (pin Faker to keep fake values stable
across runs: a new Faker may change its word lists). Pools are held by a `FakePools` object that
callers create and pass; `default_pools()` is the one documented process-wide cache.

Pool sizes (draws; Faker's word lists are smaller, so names repeat with their frequency):
  first/last/middle names, per gender   4,096 each (ru_RU lists: 80-321 names per gender;
                                         en_US: 322 male, 381 female first names, 1,000 surnames)
  street_address                        4,096
  company                               4,096
  city                                  2,048 (ru_RU: ~650 city names; en_US: generated names)
  state (en_US only)                      512
Drawing every pool of one locale takes about 0.1-0.3 s (see tests/core/test_fake.py).

en_US has no patronymics: its "middle names" are given names of the same gender. E-mail local
parts come from the name pools in Latin letters (`latin`, ICAO transliteration for ru_RU); the
domains are the reserved example.com, example.org and example.net, never a real provider.
"""

from __future__ import annotations

import functools
import re
import threading
import zlib
from collections.abc import Mapping
from typing import Any, Final

import numpy as np
from faker import Faker
from numpy.typing import NDArray

from .ru_ids import U64, Strings, below, digits, render

Flags = NDArray[np.bool_]

POOL_SEED: Final = 20_240_601
LOCALES: Final = ("ru_RU", "en_US")
POOL_SIZES: Final[Mapping[str, int]] = {
    "first_name_male": 4096,
    "first_name_female": 4096,
    "last_name_male": 4096,
    "last_name_female": 4096,
    "middle_name_male": 4096,
    "middle_name_female": 4096,
    "street_address": 4096,
    "company": 4096,
    "city": 2048,
    "state": 512,
}
# name pools: Faker's own word lists (with their weights), first list attribute that exists
_WORD_LISTS: Final[Mapping[str, tuple[str, ...]]] = {
    "first_name_male": ("first_names_male",),
    "first_name_female": ("first_names_female",),
    "last_name_male": ("last_names_male", "last_names"),
    "last_name_female": ("last_names_female", "last_names"),
    "middle_name_male": ("middle_names_male", "first_names_male"),
    "middle_name_female": ("middle_names_female", "first_names_female"),
}
# the other pools: a Faker method called once per draw, per locale
_METHODS: Final[Mapping[str, Mapping[str, str]]] = {
    "ru_RU": {"street_address": "street_address", "company": "company", "city": "city_name"},
    "en_US": {
        "street_address": "street_address",
        "company": "company",
        "city": "city",
        "state": "state_abbr",
    },
}
_PART_STREAMS: Final = {"first_name": 1, "last_name": 2, "middle_name": 3}
SAFE_DOMAINS: Final = np.array(["example.com", "example.org", "example.net"], dtype=object)
# Russian -> Latin as in Russian passports since 2013 (ICAO Doc 9303)
_CYRILLIC: Final = str.maketrans(
    {
        **dict(zip("абвгдезийклмнопрстуфыэ", "abvgdeziiklmnoprstufye", strict=True)),
        **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
        **{"ъ": "ie", "ь": "", "ю": "iu", "я": "ia"},
    }
)
_NOT_LATIN: Final = re.compile(r"[^a-z]")


def latin(text: str) -> str:
    """Lowercase a-z only: Cyrillic transliterated, everything else dropped."""
    return _NOT_LATIN.sub("", text.lower().translate(_CYRILLIC))


class FakePools:
    """Pools of realistic values per (locale, name), drawn on first use and kept (read-only)
    for the life of this object. Thread-safe; drawing is deterministic, so two objects with
    the same seed hold equal pools."""

    def __init__(self, seed: int = POOL_SEED, sizes: Mapping[str, int] = POOL_SIZES) -> None:
        self.seed = seed
        self.sizes = dict(sizes)
        self._pools: dict[tuple[str, str], Strings] = {}
        self._lock = threading.Lock()

    def get(self, locale: str, name: str) -> Strings:
        """The pool `name` ('first_name_male', 'city', …) of `locale`."""
        key = (locale, name)
        pool = self._pools.get(key)
        if pool is None:
            pool = self._draw(locale, name)
            with self._lock:
                pool = self._pools.setdefault(key, pool)
        return pool

    def latin(self, locale: str, name: str) -> Strings:
        """The pool `name` in lowercase Latin letters (for e-mail addresses); never empty
        strings."""
        key = (locale, name + ":latin")
        pool = self._pools.get(key)
        if pool is None:
            words = [latin(word) or "user" for word in self.get(locale, name)]
            pool = _frozen(words)
            with self._lock:
                pool = self._pools.setdefault(key, pool)
        return pool

    def names(self, locale: str) -> tuple[str, ...]:
        """The pool names `locale` has."""
        return (*_WORD_LISTS, *_methods(locale))

    def warm(self, locale: str) -> None:
        """Draw every pool of `locale` now (e.g. before timing a run)."""
        for name in self.names(locale):
            self.get(locale, name)

    def pick(self, locale: str, name: str, seeds: U64, stream: int, latin: bool = False) -> Strings:
        """One entry of a pool per seed (stream `stream` of the seed indexes it)."""
        pool = self.latin(locale, name) if latin else self.get(locale, name)
        picked: Strings = pool[below(seeds, stream, len(pool))]
        return picked

    def gendered(
        self, locale: str, base: str, seeds: U64, male: Flags, latin: bool = False
    ) -> Strings:
        """'first_name', 'last_name' or 'middle_name' of the gender of each value. The same
        stream picks each part in every kind (a full name's first name is the first_name)."""
        stream = _PART_STREAMS[base]
        his = self.pick(locale, base + "_male", seeds, stream, latin)
        return np.where(male, his, self.pick(locale, base + "_female", seeds, stream, latin))

    def draw(self, kind: str, locale: str, seeds: U64, male: Flags) -> Strings:
        """Values of a text kind of `fake`: names, full_name («Фамилия Имя Отчество» in ru_RU,
        'First Last' in en_US), email, city, company, address."""
        if kind in _PART_STREAMS:
            return self.gendered(locale, kind, seeds, male)
        if kind in ("city", "company"):
            return self.pick(locale, kind, seeds, 1)
        if kind == "email":
            return self._email(locale, seeds, male)
        if kind == "address":
            return self._address(locale, seeds)
        if kind != "full_name":
            raise ValueError(f"no pool-drawn fake kind {kind!r}")
        first = self.gendered(locale, "first_name", seeds, male)
        last = self.gendered(locale, "last_name", seeds, male)
        if locale == "ru_RU":
            return concat(last, " ", first, " ", self.gendered(locale, "middle_name", seeds, male))
        return concat(first, " ", last)

    def _email(self, locale: str, seeds: U64, male: Flags) -> Strings:
        """first.last42@example.org, ivanova_olga7@example.com, …: reserved domains only."""
        first = self.gendered(locale, "first_name", seeds, male, latin=True)
        last = self.gendered(locale, "last_name", seeds, male, latin=True)
        separator = np.array([".", "_", ""], dtype=object)[below(seeds, 4, 3)]
        forward, backward = concat(first, separator, last), concat(last, separator, first)
        local = np.where(below(seeds, 5, 2) == 0, forward, backward)
        number = below(seeds, 6, 1000).astype(str).astype(object)
        return concat(local, number, "@", SAFE_DOMAINS[below(seeds, 7, len(SAFE_DOMAINS))])

    def _address(self, locale: str, seeds: U64) -> Strings:
        """ru_RU '123456, г. Город, ул. …, д. 5'; en_US '12 Main St, City, ST 12345'."""
        city = self.pick(locale, "city", seeds, 1)
        street = self.pick(locale, "street_address", seeds, 2)
        if locale == "ru_RU":
            postcode = render(digits(below(seeds, 3, 500_000) + 100_000, 6))
            return concat(postcode, ", г. ", city, ", ", street)
        zipcode = render(digits(below(seeds, 3, 98_000) + 1_000, 5))
        state = self.pick(locale, "state", seeds, 4)
        return concat(street, ", ", city, ", ", state, " ", zipcode)

    def _draw(self, locale: str, name: str) -> Strings:
        methods = _methods(locale)
        if name not in methods and name not in _WORD_LISTS:
            raise KeyError(f"no fake-value pool {name!r} for locale {locale}")
        faker = Faker(locale)
        faker.seed_instance(self.seed + zlib.crc32(f"{locale}:{name}".encode()))
        size = self.sizes[name]
        if name in methods:
            _fast_names(faker)
            method = getattr(faker, methods[name])
            return _frozen([str(method()) for _ in range(size)])
        words = _word_list(faker, _WORD_LISTS[name])
        if words is None:
            raise KeyError(f"Faker {locale} has no word list for {name}")
        return _frozen([str(w) for w in faker.random_elements(words, length=size)])


def _methods(locale: str) -> Mapping[str, str]:
    try:
        return _METHODS[locale]
    except KeyError:
        raise ValueError(
            f"fake values have no locale {locale!r}; use one of {', '.join(LOCALES)}"
        ) from None


def concat(*parts: Strings | str) -> Strings:
    """Element-wise concatenation of object arrays of strings (and literals)."""
    joined: Any = parts[0]
    for part in parts[1:]:
        joined = joined + part
    result: Strings = joined
    return result


def _word_list(faker: Faker, attributes: tuple[str, ...]) -> Any:
    """The first of `attributes` that a provider of `faker` has (a tuple, or an OrderedDict of
    word -> weight, which `random_elements` honours), or None."""
    for attribute in attributes:
        for provider in faker.factories[0].providers:
            if hasattr(provider, attribute):
                return getattr(provider, attribute)
    return None


def _fast_names(faker: Faker) -> None:
    """Make this (private) Faker's name formatters pick from a weighted sample drawn once:
    Faker otherwise rebuilds the cumulative weights of ~1,000 en_US surnames on every call, and
    addresses and companies call it a few times each (7x faster pools)."""
    generator = faker.factories[0]
    for formatter in ("first_name", "last_name", *_WORD_LISTS):
        words = _word_list(faker, _WORD_LISTS.get(formatter, (formatter + "s",)))
        if words is None:
            continue
        sample = faker.random_elements(words, length=2048)
        rng = generator.random
        generator.set_formatter(formatter, lambda s=sample, r=rng: s[r.randrange(len(s))])


def _frozen(words: list[str]) -> Strings:
    pool = np.empty(len(words), dtype=object)
    pool[:] = words
    pool.setflags(write=False)
    return pool


@functools.cache
def default_pools() -> FakePools:
    """The process-wide pools: the one cache of this module, built lazily and never changed
    once a pool is drawn (pools are read-only arrays)."""
    return FakePools()
