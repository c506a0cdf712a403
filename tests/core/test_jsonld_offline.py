"""Loading, saving, validating and JSON-LD processing never touch the network."""

from __future__ import annotations

import json
import socket
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from etlx_desktop.core.metadata import (
    ModuleInvalid,
    jsonld,
    load_module,
    read_module,
    save_module,
    validate_module,
)
from etlx_desktop.core.metadata.jsonld import ContextNotBundled, offline_loader

from .helpers import DEMO_FILE, block_network, demo_document, write_document

Calls = list[tuple[str, tuple[Any, ...]]]
REMOTE = "https://contexts.example.org/unknown-v9.jsonld"


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Every socket connection and name lookup raises; the list records each attempt."""
    return block_network(monkeypatch)


def test_the_block_really_blocks(offline: Calls) -> None:
    with pytest.raises(OSError, match="network access in a test"):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(OSError, match="network access in a test"):
        socket.create_connection(("203.0.113.1", 80), timeout=0.1)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://203.0.113.1/", timeout=0.1)
    assert [name for name, _ in offline][:2] == ["socket.getaddrinfo", "socket.create_connection"]
    offline.clear()


def test_load_save_validate_offline(offline: Calls, tmp_path: Path) -> None:
    module, problems = read_module(DEMO_FILE)
    assert module is not None and problems == []
    module = load_module(DEMO_FILE)
    save_module(module, tmp_path / "saved.jsonld")
    assert load_module(tmp_path / "saved.jsonld") == module
    assert validate_module(module, base_dir=DEMO_FILE.parent, raw=demo_document()) == []
    assert offline == []


def test_jsonld_processing_offline(offline: Calls) -> None:
    document = demo_document()
    expanded = jsonld.expand(document)
    assert expanded[0]["@id"] == "urn:etlx:module:demo-shop"
    assert "https://w3id.org/etlx/ns#DataModule" in expanded[0]["@type"]
    compacted = jsonld.compact(expanded)
    assert compacted["identifier"] == "demo-shop"
    nquads = jsonld.normalized(document)
    assert '<http://purl.org/dc/terms/identifier> "demo-shop"' in nquads
    assert nquads == jsonld.normalized(compacted)
    assert offline == []


def test_loader_serves_only_bundled_contexts(offline: Calls) -> None:
    for url in (*jsonld.CONTEXT, "http://www.w3.org/ns/csvw.jsonld", "http://www.w3.org/ns/csvw#"):
        served = offline_loader(url)
        assert served["documentUrl"] == url
        assert "@context" in served["document"]
    # the served copy is private: changing it does not change the next one
    offline_loader(jsonld.MODULE_CONTEXT)["document"]["@context"]["kind"] = "x:y"
    assert offline_loader(jsonld.MODULE_CONTEXT)["document"]["@context"]["kind"] != "x:y"
    for url in (REMOTE, "http://schema.org/", "file:///etc/passwd", "https://w3id.org/etlx/"):
        with pytest.raises(ContextNotBundled, match="is not bundled"):
            offline_loader(url)
    assert offline == []


@pytest.mark.parametrize(
    "context",
    [
        REMOTE,
        [jsonld.CSVW_CONTEXT, REMOTE],
        [REMOTE, jsonld.MODULE_CONTEXT],
        {"@import": REMOTE},
        [{"@version": 1.1}, {"ex": {"@id": "urn:x", "@context": REMOTE}}, "http://schema.org/"],
    ],
    ids=["string", "second", "first", "import", "schema.org"],
)
def test_remote_context_is_refused_without_a_socket(
    context: Any, offline: Calls, tmp_path: Path
) -> None:
    document = demo_document()
    document["@context"] = context
    for call in (jsonld.expand, jsonld.compact, jsonld.normalized):
        with pytest.raises(ContextNotBundled, match="is not bundled"):
            call(document)
    # the module layer refuses it too, as a Problem at @context
    module, problems = read_module(write_document(document, tmp_path))
    assert module is not None
    assert [p.path for p in problems] == ["@context"]
    assert "never fetched" in problems[0].message
    with pytest.raises(ModuleInvalid):
        load_module(tmp_path / "module.jsonld")
    assert offline == []


def test_context_not_bundled_is_a_value_error_naming_the_url(offline: Calls) -> None:
    with pytest.raises(ValueError, match=REMOTE.replace(".", r"\.")) as raised:
        jsonld.expand({"@context": REMOTE, "identifier": "x"})
    assert isinstance(raised.value, ContextNotBundled)
    assert "allowed contexts" in str(raised.value)
    assert offline == []


def test_bundled_context_files_are_valid_json() -> None:
    for url in jsonld.CONTEXT:
        document = offline_loader(url)["document"]
        assert isinstance(document["@context"], dict)
        assert json.dumps(document)
