"""Drafting data modules from what already exists: a database's catalog, or data files.

`draft_module(source)` picks the way from the source; `draft_from_database` and
`draft_from_file` are the two ways. A draft passes `validate_module` and names no secret.
"""

from .database import draft_from_database
from .draft import draft_module
from .errors import DraftError, SourceUnavailable, UnknownSchema, UnknownTable, UnsupportedSource
from .files import SUPPORTED_SUFFIXES, draft_from_file

__all__ = [
    "SUPPORTED_SUFFIXES",
    "DraftError",
    "SourceUnavailable",
    "UnknownSchema",
    "UnknownTable",
    "UnsupportedSource",
    "draft_from_database",
    "draft_from_file",
    "draft_module",
]
