"""Errors raised while drafting a module from a database or from files."""

from __future__ import annotations


class DraftError(ValueError):
    """The request cannot be drafted as asked (a wrong name, an unsupported source, ...)."""


class UnsupportedSource(DraftError):
    """The source is neither a supported database URL nor a readable supported file or folder."""


class UnknownSchema(DraftError):
    """A schema named by the caller does not exist; the message lists those that do."""


class UnknownTable(DraftError):
    """A table named by the caller does not exist (or is ambiguous); the message lists tables."""


class SourceUnavailable(Exception):
    """The database cannot be reached or opened.

    The message names where (host, port, database) and why, never the password.
    """

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"cannot connect to {where}: {reason}")
