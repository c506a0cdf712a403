"""JSON-LD processing with the bundled contexts only.

pyld's default document loader fetches any context URL over the network with no timeout; every
call here passes `offline_loader`, which serves the contexts shipped in the package and refuses
everything else, so loading, saving and validating never touch the network.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from pyld import jsonld

from ..resources import resources_dir

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"
MODULE_CONTEXT = "https://w3id.org/etlx/contexts/datamodule-v1.jsonld"
NAMESPACE = "https://w3id.org/etlx/ns#"
CONTEXT: list[str] = [CSVW_CONTEXT, MODULE_CONTEXT]

_BUNDLED = {
    CSVW_CONTEXT: "csvw.jsonld",
    CSVW_CONTEXT + ".jsonld": "csvw.jsonld",
    MODULE_CONTEXT: "etlx-datamodule-v1.jsonld",
}


class ContextNotBundled(ValueError):
    """A document asked for a context that is not shipped with the application."""


@cache
def _bundled_document(name: str) -> dict[str, Any]:
    path = resources_dir() / "contexts" / name
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader that serves bundled contexts and never opens a socket."""
    name = _BUNDLED.get(url.rstrip("#"))
    if name is None:
        raise ContextNotBundled(
            f"context {url} is not bundled; allowed contexts: {', '.join(CONTEXT)}"
        )
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_bundled_document(name)),
    }


def _options() -> dict[str, Any]:
    return {"documentLoader": offline_loader, "base": None}


def expand(document: dict[str, Any]) -> list[Any]:
    """The expanded form of a module document (its graph, with full IRIs)."""
    expanded: list[Any] = jsonld.expand(document, _options())
    return expanded


def compact(expanded: list[Any] | dict[str, Any]) -> dict[str, Any]:
    """Compact an expanded graph with the module context."""
    compacted: dict[str, Any] = jsonld.compact(expanded, {"@context": CONTEXT}, _options())
    return compacted


def normalized(document: dict[str, Any]) -> str:
    """Canonical N-Quads of a document (URDNA2015), for comparing graphs."""
    nquads: str = jsonld.normalize(
        document, {**_options(), "algorithm": "URDNA2015", "format": "application/n-quads"}
    )
    return nquads
