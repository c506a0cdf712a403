"""Reading an HTTP JSON API page by page (source kind ``http``), with the standard library.

The source
    ``endpointURL`` is the API's base URL (``https://api.example.com/v1``). When the source has
    a ``secretRef``, its value is the API token, sent as ``Authorization: Bearer <token>`` on
    every request, as an unredirected header: a redirect never carries it anywhere, and paging
    never leaves the endpoint's scheme, host and port. The token is never logged nor put in a
    message. ``options`` may hold ``headers`` (extra request headers, no secrets) and
    ``timeout`` (seconds per request, default 30).

A table
    has no sourceTable, query or file: its extraction ``parameters`` say what to fetch.

    ``path``
        URL of the collection relative to the endpoint (``orders`` reads
        ``<endpoint>/orders``); default: the endpoint itself.
    ``params``
        fixed query parameters, e.g. ``{"status": "open"}``.
    ``records``
        where the list of records is in each response: a key, a dotted path
        (``data.items``) or a JSON pointer (``/data/items``). Default: the response if it is
        a list, else the first list among its ``data``, ``items``, ``results``, ``records``.
    paging, one of
        * ``page_param`` (+ ``size_param``, ``page_size`` default 100, ``first_page``
          default 1): page numbers, ``?page=1&per_page=100``, then 2, 3, ...;
        * ``offset_param`` (+ ``limit_param``, ``page_size`` default 100): ``?offset=0``,
          then the offset advances by the number of records received;
        * ``next``: ``"link"`` for the ``Link: <url>; rel="next"`` response header, or a
          key/path/pointer of the response holding the next page's URL (absolute or relative);
          paging ends when it is missing, null or empty;
        * none of them: a single request.

        Paging also ends at the first page with no records. ``max_pages`` (default none) caps
        the requests; a page identical to the one before (an API ignoring the paging
        parameters) is an error rather than an endless loop.
    ``timeout``
        overrides the source's.

Each record becomes a row, its keys the columns (the table's declared columns first); nested
objects and arrays become JSON text; decimals are read as Decimal. Pages are regrouped into
chunks of `chunk_rows` rows, so memory holds about one page plus one chunk. HTTP errors raise
SourceUnreadable with the status and the URL (which never holds the token).
"""

from __future__ import annotations

import ipaddress
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from email.message import Message
from itertools import count
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit
from urllib.request import OpenerDirector, ProxyHandler, Request, build_opener

import pandas as pd

from ..metadata.model import DataSource, Table
from .reading import SourceAccess, SourceUnreadable, check_chunk_rows, rechunk, records_frame

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 30.0
DEFAULT_PAGE_SIZE = 100
RECORD_KEYS = ("data", "items", "results", "records")
_ERROR_TEXT = 200


class HttpSession:
    """The endpoint of one HTTP source."""

    def __init__(self, source: DataSource, access: SourceAccess) -> None:
        self.source = source
        self.base = (source.endpoint_url or "").rstrip("/") + "/"
        parts = urlsplit(self.base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceUnreadable(
                f"source {source.identifier}: endpointURL must be an http:// or https:// URL"
            )
        self.origin = (parts.scheme, parts.netloc.rpartition("@")[2].lower())
        options = dict(source.options or {})
        self.headers = {str(k): str(v) for k, v in dict(options.get("headers") or {}).items()}
        self.timeout = _seconds(options.get("timeout", DEFAULT_TIMEOUT), source.identifier)
        self._token = access.password
        self._opener = _opener(parts.hostname)

    def reader(self, table: Table) -> HttpTableReader:
        """A reader of the collection the table's parameters name."""
        return HttpTableReader(self, table)

    def url(self, relative: str) -> str:
        """`relative` resolved against the endpoint; an error if it leaves the endpoint's host."""
        absolute = urljoin(self.base, relative.lstrip("/")) if relative else self.base.rstrip("/")
        parts = urlsplit(absolute)
        if (parts.scheme, parts.netloc.lower()) != self.origin:
            raise SourceUnreadable(
                f"source {self.source.identifier}: {absolute} is not on the endpoint's host "
                f"({self.origin[0]}://{self.origin[1]}); it is not followed"
            )
        return absolute

    def get(self, url: str, timeout: float, what: str) -> tuple[bytes, Message]:
        """The body and headers of a GET of `url`; SourceUnreadable on any failure."""
        request = Request(url, headers={"Accept": "application/json", **self.headers})
        if self._token:
            request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        log.debug("GET %s", url)
        try:
            with self._opener.open(request, timeout=timeout) as response:
                return response.read(), response.headers
        except HTTPError as exc:
            detail = self._scrub(_error_text(exc))
            raise SourceUnreadable(
                f"{what}: HTTP {exc.code} {exc.reason} from {url}{detail}"
            ) from None
        except URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SourceUnreadable(
                    f"{what}: no answer from {url} within {timeout:g} s"
                ) from None
            raise SourceUnreadable(f"{what}: cannot reach {url}: {exc.reason}") from None
        except TimeoutError:
            raise SourceUnreadable(f"{what}: no answer from {url} within {timeout:g} s") from None
        except OSError as exc:
            raise SourceUnreadable(f"{what}: reading {url} failed: {exc}") from None

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text


class HttpTableReader:
    """One collection of an HTTP JSON API, page by page."""

    def __init__(self, session: HttpSession, table: Table) -> None:
        self.session = session
        self.table = table
        self.params: dict[str, Any] = dict(table.extraction.parameters or {})
        self.what = f"table {table.table_name}"
        self.timeout = _seconds(self.params.get("timeout", session.timeout), table.table_name)
        self.first = session.url(str(self.params.get("path") or ""))
        paging = [k for k in ("page_param", "offset_param", "next") if self.params.get(k)]
        if len(paging) > 1:
            raise SourceUnreadable(f"{self.what}: choose one way of paging, not {paging}")
        self.paging = paging[0] if paging else None
        self.page_size = int(self.params.get("page_size") or DEFAULT_PAGE_SIZE)
        self.max_pages = int(self.params["max_pages"]) if self.params.get("max_pages") else None

    def estimate_rows(self) -> int | None:
        """Unknown before reading (APIs report totals in too many ways)."""
        return None

    def chunks(self, chunk_rows: int) -> Iterator[pd.DataFrame]:
        """The records of every page, regrouped into chunks of `chunk_rows` rows."""
        check_chunk_rows(chunk_rows)
        return rechunk(self._pages(), chunk_rows)

    def _pages(self) -> Iterator[pd.DataFrame]:
        columns = [c.name for c in self.table.table_schema.columns]
        url: str | None = self._page_url(0, 0)
        previous: bytes | None = None
        received = 0
        for number in count():
            if url is None or (self.max_pages is not None and number >= self.max_pages):
                return
            body, headers = self.session.get(url, self.timeout, self.what)
            if body == previous:
                raise SourceUnreadable(
                    f"{self.what}: {url} returned the same page as the request before; "
                    "check the paging parameters"
                )
            previous = body
            document = self._json(body, url)
            records = self._records(document, url)
            if not records:
                return
            received += len(records)
            yield records_frame(records, columns)
            url = self._next_url(number + 1, received, url, document, headers)

    def _page_url(self, number: int, received: int) -> str:
        query: dict[str, Any] = {
            str(k): v for k, v in dict(self.params.get("params") or {}).items()
        }
        if self.paging == "page_param":
            query[str(self.params["page_param"])] = int(self.params.get("first_page", 1)) + number
            if self.params.get("size_param"):
                query[str(self.params["size_param"])] = self.page_size
        elif self.paging == "offset_param":
            query[str(self.params["offset_param"])] = received
            if self.params.get("limit_param"):
                query[str(self.params["limit_param"])] = self.page_size
        return _with_query(self.first, query)

    def _next_url(
        self, number: int, received: int, url: str, document: Any, headers: Message
    ) -> str | None:
        if self.paging is None:
            return None
        if self.paging != "next":
            return self._page_url(number, received)
        where = str(self.params["next"])
        target = _link_next(headers) if where.lower() == "link" else _find(document, where)
        if target is None or target == "":
            return None
        return self.session.url(urljoin(url, str(target)))

    def _json(self, body: bytes, url: str) -> Any:
        try:
            return json.loads(body, parse_float=Decimal)
        except ValueError as exc:
            raise SourceUnreadable(f"{self.what}: {url} did not return JSON ({exc})") from None

    def _records(self, document: Any, url: str) -> list[Any]:
        wanted = self.params.get("records")
        if wanted:
            found = _find(document, str(wanted))
        elif isinstance(document, list):
            found = document
        else:
            lists = [document.get(k) for k in RECORD_KEYS] if isinstance(document, dict) else []
            found = next((v for v in lists if isinstance(v, list)), None)
        if not isinstance(found, list):
            hint = f"no list at {wanted!r}" if wanted else "no list of records found"
            raise SourceUnreadable(f"{self.what}: {url}: {hint}; set extraction.parameters.records")
        return found


def _find(document: Any, path: str) -> Any:
    """The value at a key, a dotted path or a JSON pointer; None if absent."""
    if path.startswith("/"):
        parts = [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]
    else:
        parts = path.split(".")
    value = document
    for part in parts:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _link_next(headers: Message) -> str | None:
    """The rel="next" URL of the Link headers, if any."""
    for header in headers.get_all("Link") or []:
        for link in str(header).split(","):
            target, _, attributes = link.partition(";")
            relations = [
                a.strip().partition("=")[2].strip("\"' ").lower().split()
                for a in attributes.split(";")
                if a.strip().lower().startswith("rel")
            ]
            if any("next" in r for r in relations):
                return target.strip().strip("<>")
    return None


def _with_query(url: str, extra: dict[str, Any]) -> str:
    if not extra:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in extra]
    query += [(k, str(v)) for k, v in extra.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _seconds(value: Any, owner: str) -> float:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        seconds = 0.0
    if seconds <= 0:
        raise SourceUnreadable(f"{owner}: timeout must be a positive number of seconds")
    return seconds


def _error_text(exc: HTTPError) -> str:
    try:
        text = exc.read(_ERROR_TEXT + 1).decode("utf-8", errors="replace")
    except Exception:  # the body of an error is a courtesy; a broken one is not an error
        return ""
    text = " ".join(text.split())
    if not text:
        return ""
    return f": {text[:_ERROR_TEXT]}{'...' if len(text) > _ERROR_TEXT else ''}"


def _opener(host: str) -> OpenerDirector:
    """An opener honouring the usual proxy settings, except for loopback (never proxied)."""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return build_opener(ProxyHandler({})) if loopback else build_opener()


@contextmanager
def open_http_session(source: DataSource, access: SourceAccess) -> Iterator[HttpSession]:
    """A session reading the collections of one HTTP JSON API."""
    yield HttpSession(source, access)
