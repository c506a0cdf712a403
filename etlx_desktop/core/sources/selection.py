"""Which schemas and tables a draft covers, with errors that name what does exist."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from .errors import DraftError, UnknownSchema, UnknownTable
from .relations import RelationName

_LISTED = 40


def wanted_names(tables: Sequence[str] | str | None) -> list[str] | None:
    """The table names asked for, trimmed and without repeats (a string is split on commas)."""
    if tables is None:
        return None
    items = tables.split(",") if isinstance(tables, str) else list(tables)
    names = [item.strip() for item in items if item.strip()]
    return list(dict.fromkeys(names))


def choose_schemas(
    available: list[str], schema: str | None, default: str | None, *, all_schemas: bool
) -> list[str]:
    """`[schema]` if it exists; else every schema (PostgreSQL) or the default one."""
    if schema is not None:
        if schema not in available:
            raise UnknownSchema(_unknown("schema", schema, available))
        return [schema]
    if all_schemas:
        return sorted(available, key=lambda s: (s != default, s))
    if default is None:
        raise DraftError("the URL names no database: add it to the URL or pass a schema.")
    return [default]


def choose_relations(
    found: list[RelationName], wanted: list[str] | None, schemas: list[str], default: str | None
) -> list[RelationName]:
    """The relations named in `wanted` (in that order), or all of `found`."""
    if wanted is None:
        if not found:
            where = "schema" if len(schemas) == 1 else "schemas"
            raise DraftError(f"found no tables or views in {where} {', '.join(schemas)}.")
        return found
    picked: list[RelationName] = []
    for word in wanted:
        relation = _find(found, word, default)
        if relation not in picked:
            picked.append(relation)
    return picked


def _find(found: list[RelationName], word: str, default: str | None) -> RelationName:
    qualified = [r for r in found if r.qualified == word]
    matches = qualified or [r for r in found if r.name == word]
    in_default = [r for r in matches if r.schema == default]
    if len(matches) > 1 and len(in_default) == 1:
        return in_default[0]  # as the database itself resolves an unqualified name
    if len(matches) == 1:
        return matches[0]
    if matches:
        places = ", ".join(r.qualified for r in matches)
        raise UnknownTable(f"table '{word}' exists in several schemas ({places}); name one.")
    if not found:
        raise UnknownTable(f"unknown table '{word}': the chosen schemas hold no tables or views.")
    shown = {r.name: _shown(r, default) for r in found} | {
        r.qualified: _shown(r, default) for r in found
    }
    hint = _suggest(word, list(shown))
    raise UnknownTable(
        _unknown("table", word, [_shown(r, default) for r in found], shown.get(hint or ""))
    )


def _shown(relation: RelationName, default: str | None) -> str:
    return relation.name if relation.schema == default else relation.qualified


def _suggest(word: str, existing: list[str]) -> str | None:
    by_case = {name.lower(): name for name in existing}
    if word.lower() in by_case:
        return by_case[word.lower()]
    close = difflib.get_close_matches(word, existing, n=1, cutoff=0.6)
    return close[0] if close else None


def _unknown(what: str, word: str, existing: list[str], hint: str | None = None) -> str:
    hint = hint or _suggest(word, existing)
    guess = f"; did you mean '{hint}'?" if hint else "."
    listed = ", ".join(existing[:_LISTED]) or "(none)"
    more = f" and {len(existing) - _LISTED} more" if len(existing) > _LISTED else ""
    plural = "schemas" if what == "schema" else "tables and views"
    return f"unknown {what} '{word}'{guess} Existing {plural}: {listed}{more}."
