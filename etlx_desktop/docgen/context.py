"""The JSON-LD terms of a module document and the IRIs the shipped contexts give them.

IRIs are worked out by pyld itself (offline, over the bundled contexts), so the reference shows
what a JSON-LD processor reads, not a second reading of the context files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.metadata import jsonld
from ..core.resources import resources_dir
from .markdown import code, document, table

MODULE_CONTEXT_FILE = "etlx-datamodule-v1.jsonld"
CSVW_CONTEXT_FILE = "csvw.jsonld"


@dataclass(frozen=True)
class Term:
    """One entry of the shipped module context."""

    name: str
    iri: str
    value_type: str  # @type coercion of the values, "" if none
    container: str  # @container, "" if none
    is_class: bool


def _context(file: str) -> dict[str, Any]:
    path = resources_dir() / "contexts" / file
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["@context"]
    return loaded


@cache
def property_iri(key: str) -> str:
    """The full IRI of a JSON key of a module document, "" for a keyword or an unmapped key."""
    if key.startswith("@"):
        return ""
    expanded = jsonld.expand({"@context": jsonld.CONTEXT, "@id": "urn:x", key: "x"})
    found = [k for k in (expanded[0] if expanded else {}) if k != "@id"]
    return found[0] if found else ""


@cache
def class_iri(name: str) -> str:
    expanded = jsonld.expand({"@context": jsonld.CONTEXT, "@id": "urn:x", "@type": name})
    types: list[str] = expanded[0]["@type"]
    return types[0]


@cache
def prefixes() -> tuple[tuple[str, str], ...]:
    """(prefix, namespace) of the module context first, then those of CSVW it does not name."""
    found: dict[str, str] = {}
    for file in (MODULE_CONTEXT_FILE, CSVW_CONTEXT_FILE):
        for name, value in _context(file).items():
            if isinstance(value, str) and "://" in value and value not in found.values():
                found.setdefault(name, value)
    return tuple(found.items())


def compact_iri(iri: str) -> str:
    """`iri` as prefix:name with the longest matching namespace, else unchanged."""
    best = ("", "")
    for prefix, namespace in prefixes():
        if iri.startswith(namespace) and len(namespace) > len(best[1]):
            best = (prefix, namespace)
    return f"{best[0]}:{iri[len(best[1]) :]}" if best[0] else iri


def module_terms() -> list[Term]:
    """Every term the shipped module context defines, in its order (prefixes excluded)."""
    terms: list[Term] = []
    for name, value in _context(MODULE_CONTEXT_FILE).items():
        if name.startswith("@") or (isinstance(value, str) and "://" in value):
            continue
        if isinstance(value, str):
            terms.append(Term(name, class_iri(name), "", "", True))
        else:
            terms.append(
                Term(
                    name,
                    property_iri(name),
                    str(value.get("@type", "")),
                    str(value.get("@container", "")),
                    False,
                )
            )
    return terms


def context_section() -> str:
    """The 'JSON-LD context' part of the metadata reference."""
    module_prefixes = [(p, ns) for p, ns in prefixes() if p in _context(MODULE_CONTEXT_FILE)]
    terms = module_terms()
    return document(
        [
            "## JSON-LD context",
            "A module document names two contexts, both shipped with the application and "
            f"resolved offline: CSVW ({code(jsonld.CSVW_CONTEXT)}) and the module context "
            f"({code(jsonld.MODULE_CONTEXT)}, file "
            f"{code('resources/contexts/' + MODULE_CONTEXT_FILE)}). The module context is "
            "applied second, so its terms win. Keys not listed here (`name`, `datatype`, "
            "`tables`, ...) come from CSVW; the field tables above give the IRI of every key.",
            "### Prefixes",
            table(["Prefix", "Namespace"], [(code(p), code(ns)) for p, ns in module_prefixes]),
            "### Types",
            table(
                ["Term", "IRI"],
                [(code(t.name), code(t.iri)) for t in terms if t.is_class],
            ),
            "### Properties",
            table(
                ["Term", "IRI", "Value type", "Container"],
                [
                    (
                        code(t.name),
                        code(t.iri),
                        code(t.value_type) if t.value_type else "",
                        code(t.container) if t.container else "",
                    )
                    for t in terms
                    if not t.is_class
                ],
            ),
        ]
    )
