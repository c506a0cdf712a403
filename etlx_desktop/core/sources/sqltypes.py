"""From a reflected SQLAlchemy column type to a module column's datatype and sqlType."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import types as sqltypes
from sqlalchemy.dialects import mysql, postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import CompileError, UnsupportedCompilationError

from ..metadata import Datatype

_QUOTED = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`)""")
_PYTHON_TYPES: tuple[tuple[type, Datatype], ...] = (
    (bool, Datatype.BOOLEAN),
    (int, Datatype.INTEGER),
    (Decimal, Datatype.DECIMAL),
    (float, Datatype.DOUBLE),
    (dt.datetime, Datatype.DATETIME),
    (dt.date, Datatype.DATE),
    (dt.time, Datatype.TIME),
    (dt.timedelta, Datatype.DURATION),
    (bytes, Datatype.BINARY),
    (dict, Datatype.JSON),
    (list, Datatype.JSON),
)


@dataclass(frozen=True)
class ColumnType:
    """What a source column type becomes in the module."""

    datatype: Datatype
    sql_type: str | None
    allowed_values: tuple[str, ...] = ()


def map_type(type_: sqltypes.TypeEngine[Any], dialect: Dialect) -> ColumnType:
    """The datatype, compiled sqlType and enum labels of a reflected column type.

    A PostgreSQL domain is described by its base type (see `pgcatalog.resolve_domain`).
    """
    allowed = tuple(str(v) for v in type_.enums) if isinstance(type_, sqltypes.Enum) else ()
    return ColumnType(datatype(type_), compile_type(type_, dialect), allowed)


def datatype(type_: sqltypes.TypeEngine[Any]) -> Datatype:
    """The CSVW datatype of a SQLAlchemy type."""
    if isinstance(type_, sqltypes.Enum):
        return Datatype.STRING
    if isinstance(type_, sqltypes.ARRAY | sqltypes.JSON | postgresql.HSTORE):
        return Datatype.JSON
    if isinstance(type_, mysql.TINYINT) and type_.display_width == 1:
        return Datatype.BOOLEAN  # MySQL's BOOLEAN
    if isinstance(type_, sqltypes.Integer | mysql.YEAR):
        return _integer(type_)
    if isinstance(type_, sqltypes.Double):
        return Datatype.DOUBLE
    if isinstance(type_, sqltypes.Float):
        return Datatype.FLOAT
    if isinstance(type_, sqltypes.Numeric):
        return Datatype.DECIMAL
    return _by_python_type(type_)


def _integer(type_: sqltypes.TypeEngine[Any]) -> Datatype:
    unsigned = bool(getattr(type_, "unsigned", False))
    if isinstance(type_, sqltypes.BigInteger):
        return Datatype.INTEGER if unsigned else Datatype.LONG  # integer is unbounded
    if isinstance(type_, sqltypes.SmallInteger | mysql.TINYINT | mysql.YEAR):
        return Datatype.INTEGER if unsigned else Datatype.SHORT
    if isinstance(type_, mysql.MEDIUMINT):
        return Datatype.INTEGER
    return Datatype.LONG if unsigned else Datatype.INTEGER


def _by_python_type(type_: sqltypes.TypeEngine[Any]) -> Datatype:
    try:
        python_type = type_.python_type
    except NotImplementedError:
        return Datatype.STRING
    for candidate, result in _PYTHON_TYPES:
        if issubclass(python_type, candidate):
            return result
    return Datatype.STRING


def compile_type(type_: sqltypes.TypeEngine[Any], dialect: Dialect) -> str | None:
    """The type as the source dialect writes it, lower-cased outside quotes; None if unknown."""
    try:
        text = type_.compile(dialect=dialect)
    except (CompileError, UnsupportedCompilationError, NotImplementedError):
        return None
    return lower_outside_quotes(text)


def lower_outside_quotes(text: str) -> str:
    """`NUMERIC(12, 2)` -> `numeric(12, 2)`; quoted names and enum labels keep their case."""
    parts = _QUOTED.split(text)
    return "".join(part if index % 2 else part.lower() for index, part in enumerate(parts))
