"""Extraction from an HTTP JSON API served by a real server the test starts on 127.0.0.1."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from etlx_desktop.core.metadata.model import SourceKind
from etlx_desktop.core.sources.reading import SourceUnreadable

from .extracting import assert_chunked, read_table, source, table

TOKEN = "tok-3f9a-very-secret"
RECORDS = [
    {"id": i, "name": f"name {i}", "price": i + 0.25, "meta": {"rank": i, "tags": ["a"]}}
    for i in range(1, 24)
]
COLUMNS = ["id", "name", "price", "meta"]


@dataclass
class Api:
    base: str
    other_host: str  # the same server under another name: another origin
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


class _Handler(BaseHTTPRequestHandler):
    api: Api

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.api.requests.append((self.path, self.headers.get("Authorization")))
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        route = parts.path.removeprefix("/api/v1/")
        handler = getattr(self, "route_" + route.replace("-", "_"), None)
        if handler is None:
            self.reply(404, {"error": "no such route"})
        else:
            handler(query)

    def reply(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def route_items(self, query: dict[str, str]) -> None:  # page numbers, {"data": [...]}
        if query.get("status") != "open":
            self.reply(400, {"error": "status is required"})
            return
        page, size = int(query["page"]), int(query.get("per_page", 10))
        self.reply(200, {"data": RECORDS[(page - 1) * size : page * size], "page": page})

    def route_linked(self, query: dict[str, str]) -> None:  # Link: <...>; rel="next"
        start = int(query.get("after", 0))
        chunk = RECORDS[start : start + 5]
        headers = {}
        if start + 5 < len(RECORDS):
            headers["Link"] = f'</api/v1/linked?after={start + 5}>; rel="next", </x>; rel="last"'
        self.reply(200, {"results": chunk}, headers)

    def route_cursor(self, query: dict[str, str]) -> None:  # next URL in the body
        start = int(query.get("cursor", 0))
        more = start + 4 < len(RECORDS)
        following = f"cursor?cursor={start + 4}" if more else None
        self.reply(200, {"payload": {"rows": RECORDS[start : start + 4]}, "next": following})

    def route_offset(self, query: dict[str, str]) -> None:  # a top-level list
        offset, limit = int(query["offset"]), int(query["limit"])
        self.reply(200, RECORDS[offset : offset + limit])

    def route_fail(self, query: dict[str, str]) -> None:
        self.reply(500, b"database exploded " + TOKEN.encode())

    def route_secure(self, query: dict[str, str]) -> None:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self.reply(401, {"error": "bad token"})
        else:
            self.reply(200, RECORDS[:3])

    def route_redirect(self, query: dict[str, str]) -> None:
        self.send_response(302)
        self.send_header("Location", f"{self.api.other_host}/api/v1/secure")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_stuck(self, query: dict[str, str]) -> None:  # ignores the paging parameters
        self.reply(200, RECORDS[:2])

    def route_slow(self, query: dict[str, str]) -> None:
        time.sleep(1.5)
        self.reply(200, RECORDS[:1])

    def route_away(self, query: dict[str, str]) -> None:
        self.reply(200, {"data": RECORDS[:1], "next": f"{self.api.other_host}/api/v1/secure"})


@pytest.fixture
def api() -> Iterator[Api]:
    """A JSON API on 127.0.0.1 (a free port), shut down after the test."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = server.server_address[1]
    state = Api(f"http://127.0.0.1:{port}/api/v1", f"http://localhost:{port}")
    _Handler.api = state
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _read(api: Api, parameters: dict[str, Any], chunk_rows: int, tmp_path: Path, **kw: Any) -> Any:
    src = source(SourceKind.HTTP, api.base, options=kw.pop("options", None))
    return read_table(
        src,
        table("items", COLUMNS, parameters=parameters),
        chunk_rows,
        base_dir=tmp_path,
        **kw,
    )


def test_page_number_paging_in_chunks_across_pages(api: Api, tmp_path: Path) -> None:
    parameters = {
        "path": "items",
        "params": {"status": "open"},
        "page_param": "page",
        "size_param": "per_page",
        "page_size": 5,
    }
    rows = assert_chunked(_read(api, parameters, 7, tmp_path), len(RECORDS), 7)
    assert rows["id"].tolist() == [r["id"] for r in RECORDS]
    assert list(rows.columns) == COLUMNS
    assert rows["price"].iloc[0] == Decimal("1.25")
    assert json.loads(rows["meta"].iloc[1]) == {"rank": 2, "tags": ["a"]}
    # five full pages, then the empty sixth ends the paging
    assert api.paths() == [f"/api/v1/items?status=open&page={n}&per_page=5" for n in range(1, 7)]
    assert {auth for _, auth in api.requests} == {None}  # no secret: no Authorization


@pytest.mark.parametrize(
    "parameters",
    [
        {"path": "linked", "next": "link"},
        {"path": "cursor", "next": "next", "records": "payload.rows"},
        {"path": "cursor", "next": "/next", "records": "/payload/rows"},
    ],
)
def test_next_link_paging(api: Api, tmp_path: Path, parameters: dict[str, Any]) -> None:
    rows = assert_chunked(_read(api, parameters, 10, tmp_path), len(RECORDS), 10)
    assert rows["id"].tolist() == list(range(1, 24))
    assert len(api.requests) == (5 if parameters["path"] == "linked" else 6)


def test_offset_paging_with_a_top_level_list(api: Api, tmp_path: Path) -> None:
    parameters = {"path": "offset", "offset_param": "offset", "limit_param": "limit"}
    rows = assert_chunked(_read(api, parameters | {"page_size": 10}, 100, tmp_path), 23, 100)
    assert rows["id"].tolist() == list(range(1, 24))
    assert api.paths()[-1] == "/api/v1/offset?offset=23&limit=10"


def test_a_server_error_names_status_and_url_never_the_token(api: Api, tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable) as caught:
        _read(api, {"path": "fail"}, 10, tmp_path, password=TOKEN)
    text = str(caught.value)
    assert f"HTTP 500 Internal Server Error from {api.base}/fail" in text
    assert "database exploded ***" in text and TOKEN not in text


def test_the_bearer_token_is_sent_and_checked_by_the_server(api: Api, tmp_path: Path) -> None:
    rows = pd.concat(_read(api, {"path": "secure"}, 10, tmp_path, password=TOKEN))
    assert rows["id"].tolist() == [1, 2, 3]
    assert api.requests == [("/api/v1/secure", f"Bearer {TOKEN}")]
    with pytest.raises(SourceUnreadable, match="HTTP 401"):
        _read(api, {"path": "secure"}, 10, tmp_path, password="wrong")


def test_the_token_never_follows_a_redirect_or_a_link_to_another_host(
    api: Api, tmp_path: Path
) -> None:
    with pytest.raises(SourceUnreadable, match="HTTP 401"):
        _read(api, {"path": "redirect"}, 10, tmp_path, password=TOKEN)
    assert api.requests == [("/api/v1/redirect", f"Bearer {TOKEN}"), ("/api/v1/secure", None)]
    with pytest.raises(SourceUnreadable, match="not on the endpoint's host"):
        _read(api, {"path": "away", "next": "next"}, 10, tmp_path, password=TOKEN)


def test_an_api_ignoring_the_paging_parameters_is_an_error_not_a_loop(
    api: Api, tmp_path: Path
) -> None:
    with pytest.raises(SourceUnreadable, match="same page"):
        _read(api, {"path": "stuck", "page_param": "page"}, 10, tmp_path)
    rows = pd.concat(_read(api, {"path": "stuck", "page_param": "p", "max_pages": 1}, 10, tmp_path))
    assert len(rows) == 2


def test_no_list_of_records_and_unreachable_servers_are_explained(api: Api, tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable, match=r"set extraction\.parameters\.records"):
        _read(api, {"path": "cursor"}, 10, tmp_path)
    with pytest.raises(SourceUnreadable, match="HTTP 404"):
        _read(api, {"path": "nowhere"}, 10, tmp_path)
    down = Api("http://127.0.0.1:9/api", "")
    with pytest.raises(SourceUnreadable, match="cannot reach"):
        _read(down, {}, 10, tmp_path, options={"timeout": 5})


def test_a_slow_server_times_out(api: Api, tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable, match=r"no answer from .*/slow within 0\.3 s"):
        _read(api, {"path": "slow", "timeout": 0.3}, 10, tmp_path)
