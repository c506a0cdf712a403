"""One entry point for drafting: a database URL or a data file or folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..metadata import DataModule
from .database import draft_from_database
from .dburl import DATABASE_SCHEMES, is_database_url, scheme_of
from .errors import UnsupportedSource
from .files import SUPPORTED_SUFFIXES, draft_from_file


def draft_module(
    source: str,
    *,
    schema: str | None = None,
    tables: Sequence[str] | None = None,
    name: str | None = None,
) -> DataModule:
    """A draft module from `source`: a database URL, or an existing data file or folder.

    Raises UnsupportedSource (a ValueError) when `source` is neither, or when `schema` is
    given for files; see `draft_from_database` and `draft_from_file` for the rest.
    """
    if is_database_url(source):
        return draft_from_database(source, schema=schema, tables=tables, name=name)
    if scheme_of(source) is not None:
        raise UnsupportedSource(f"unsupported URL scheme '{scheme_of(source)}'; {_accepted()}")
    if Path(source).exists():
        if schema is not None:
            raise UnsupportedSource("a schema applies to databases, not to files.")
        return draft_from_file(source, tables=tables, name=name)
    shown = f"'{source}'" if "@" not in source else "the source"
    raise UnsupportedSource(
        f"{shown} is neither a database URL nor an existing path; {_accepted()}"
    )


def _accepted() -> str:
    urls = ", ".join(f"{s}://" for s in DATABASE_SCHEMES)
    return (
        f"accepted: a database URL ({urls}) or a file or folder ({', '.join(SUPPORTED_SUFFIXES)})."
    )
