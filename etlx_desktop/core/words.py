"""Wording shared by every message that tells a user what is wrong and what is allowed."""

from __future__ import annotations

import difflib
import typing
from typing import Any


def suggest(word: str, choices: typing.Iterable[str]) -> str | None:
    """The closest allowed spelling of a misspelt key or value, if any is close."""
    options = [c for c in choices if isinstance(c, str)]  # a broken document may hold nulls
    by_case = {c.lower(): c for c in options}
    if word.lower() in by_case:
        return by_case[word.lower()]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_word(what: str, word: str, allowed: typing.Iterable[str], owner: str = "") -> str:
    """`unknown column 'x' of table 't'; did you mean 'y'? Allowed: ...` (`owner` is optional)."""
    names = [a for a in allowed if isinstance(a, str)]  # a broken document may hold nulls
    hint = suggest(word, names)
    guess = f"; did you mean '{hint}'?" if hint else "."
    of = f" of {owner}" if owner else ""
    choices = ", ".join(names) if names else "(none defined)"
    return f"unknown {what} '{word}'{of}{guess} Allowed: {choices}."


def describe_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"  # never echo the text: it may be a secret put in the wrong place
    if isinstance(value, list):
        return "a list"
    return "an object"
