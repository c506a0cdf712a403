"""Guessing a column's datatype from a sample of its values.

Text (CSV cells) may be integers, decimals (with a decimal comma when the delimiter is not a
comma), booleans, ISO dates or date-times, else strings; a number written with a leading zero
(`007`) is a code and stays a string. Typed values (JSON lines, spreadsheet cells) keep their
type; their strings are only checked for ISO dates and date-times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum, auto

from ..metadata import Datatype

_INT32 = 2**31 - 1
_INT64 = 2**63 - 1
_INTEGER = re.compile(r"^[+-]?(0|[1-9]\d*)$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d+|\.\d+)$")
_COMMA_DECIMAL = re.compile(r"^[+-]?\d+,\d+$")
_DOUBLE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_BOOLEANS = {"true", "false"}


class Kind(Enum):
    BOOLEAN = auto()
    INTEGER = auto()
    BIG = auto()
    HUGE = auto()
    DECIMAL = auto()
    COMMA_DECIMAL = auto()
    DOUBLE = auto()
    DATE = auto()
    DATETIME = auto()
    TIME = auto()
    DURATION = auto()
    JSON = auto()
    STRING = auto()


_WHOLE = {Kind.INTEGER, Kind.BIG, Kind.HUGE}
# The first family holding every kind seen decides the datatype.
_FAMILIES: tuple[tuple[frozenset[Kind], Datatype], ...] = (
    (frozenset({Kind.BOOLEAN}), Datatype.BOOLEAN),
    (frozenset({Kind.INTEGER}), Datatype.INTEGER),
    (frozenset({Kind.INTEGER, Kind.BIG}), Datatype.LONG),
    (frozenset(_WHOLE), Datatype.INTEGER),
    (frozenset(_WHOLE | {Kind.DECIMAL}), Datatype.DECIMAL),
    (frozenset(_WHOLE | {Kind.COMMA_DECIMAL}), Datatype.DECIMAL),
    (frozenset(_WHOLE | {Kind.DECIMAL, Kind.DOUBLE}), Datatype.DOUBLE),
    (frozenset({Kind.DATE}), Datatype.DATE),
    (frozenset({Kind.DATE, Kind.DATETIME}), Datatype.DATETIME),
    (frozenset({Kind.TIME}), Datatype.TIME),
    (frozenset({Kind.DURATION}), Datatype.DURATION),
    (frozenset({Kind.JSON}), Datatype.JSON),
)


@dataclass(frozen=True)
class Guess:
    """A column's guessed datatype; whether the sample had nulls (empty cells, missing keys)."""

    datatype: Datatype
    has_nulls: bool
    comma_decimal: bool = False


def guess_texts(values: Iterable[str], *, comma_decimals: bool = False) -> Guess:
    """The datatype of text cells; an empty cell is a null."""
    kinds: set[Kind] = set()
    has_nulls = False
    for value in values:
        if value == "":
            has_nulls = True
        else:
            kinds.add(kind_of_text(value, comma_decimals=comma_decimals))
    datatype = combine(kinds)
    comma = datatype is Datatype.DECIMAL and Kind.COMMA_DECIMAL in kinds
    return Guess(datatype, has_nulls, comma)


def guess_values(values: Iterable[object]) -> Guess:
    """The datatype of typed values (JSON, spreadsheet cells); None is a null."""
    kinds: set[Kind] = set()
    has_nulls = False
    for value in values:
        if value is None:
            has_nulls = True
        else:
            kinds.add(kind_of_value(value))
    return Guess(combine(kinds), has_nulls)


def combine(kinds: set[Kind]) -> Datatype:
    """The datatype covering every kind seen; string when they do not agree (or none seen)."""
    if not kinds:
        return Datatype.STRING
    for family, datatype in _FAMILIES:
        if kinds <= family:
            return datatype
    return Datatype.STRING


def kind_of_text(text: str, *, comma_decimals: bool = False) -> Kind:
    """What one non-empty text cell looks like."""
    if _INTEGER.match(text):
        return _integer_kind(int(text))
    if _DECIMAL.match(text):
        return Kind.DECIMAL
    if comma_decimals and _COMMA_DECIMAL.match(text):
        return Kind.COMMA_DECIMAL
    if _DOUBLE.match(text):
        return Kind.DOUBLE
    if text.lower() in _BOOLEANS:
        return Kind.BOOLEAN
    return _temporal_kind(text)


def kind_of_value(value: object) -> Kind:
    """What one non-null typed value is."""
    if isinstance(value, bool):
        return Kind.BOOLEAN
    if isinstance(value, int):
        return _integer_kind(value)
    if isinstance(value, float | Decimal):
        return Kind.DECIMAL
    if isinstance(value, dt.datetime):
        return Kind.DATE if value.time() == dt.time() and value.tzinfo is None else Kind.DATETIME
    if isinstance(value, dt.date):
        return Kind.DATE
    if isinstance(value, dt.time):
        return Kind.TIME
    if isinstance(value, dt.timedelta):
        return Kind.DURATION
    if isinstance(value, dict | list):
        return Kind.JSON
    return _temporal_kind(value) if isinstance(value, str) else Kind.STRING


def _integer_kind(number: int) -> Kind:
    size = abs(number)
    if size <= _INT32:
        return Kind.INTEGER
    return Kind.BIG if size <= _INT64 else Kind.HUGE


def _temporal_kind(text: str) -> Kind:
    try:
        if _DATE.match(text):
            dt.date.fromisoformat(text)
            return Kind.DATE
        if _DATETIME.match(text):
            dt.datetime.fromisoformat(text)
            return Kind.DATETIME
    except ValueError:
        return Kind.STRING
    return Kind.STRING
