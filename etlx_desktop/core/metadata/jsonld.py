"""JSON-LD processing with the bundled contexts only.

pyld's default document loader fetches any context URL over the network with no timeout; every
call here passes `offline_loader`, which serves the contexts shipped in the package and refuses
everything else, so loading, saving and validating never touch the network.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

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


R = TypeVar("R")


class ContextNotBundled(ValueError):
    """A document asked for a context that is not shipped with the application."""


def _refusing_unbundled(call: Callable[[], R]) -> R:
    """Run a pyld call; if it failed because a context is not bundled, raise that instead.

    pyld wraps every loader error in (several layers of) its own JsonLdError, which would hide
    ContextNotBundled from callers.
    """
    try:
        return call()
    except jsonld.JsonLdError as exc:
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ContextNotBundled):
                raise ContextNotBundled(str(cause)) from exc
            cause = cause.__cause__ or cause.__context__
        raise


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
    """The expanded form of a module document (its graph, with full IRIs).

    Raises ContextNotBundled if the document names a context that is not shipped.
    """
    expanded: list[Any] = _refusing_unbundled(lambda: jsonld.expand(document, _options()))
    return expanded


def compact(expanded: list[Any] | dict[str, Any]) -> dict[str, Any]:
    """Compact an expanded graph with the module context."""
    compacted: dict[str, Any] = _refusing_unbundled(
        lambda: jsonld.compact(expanded, {"@context": CONTEXT}, _options())
    )
    return compacted


def normalized(document: dict[str, Any]) -> str:
    """Canonical N-Quads of a document (URDNA2015), for comparing graphs."""
    options = {**_options(), "algorithm": "URDNA2015", "format": "application/n-quads"}
    nquads: str = _refusing_unbundled(lambda: jsonld.normalize(document, options))
    return nquads
