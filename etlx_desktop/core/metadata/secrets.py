"""Finding secrets written in plain text where only a `secretRef` belongs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ..problems import Problem, join_path

SECRET_REF = re.compile(r"^(env:[A-Za-z_][A-Za-z0-9_]*|keyring:[^/\s]+/\S+|file:\S+)$")
SECRET_REF_FORMS = "env:NAME, keyring:SERVICE/NAME or file:PATH"
_SECRET_NAME = re.compile(
    r"(^|[_-])(pass(word|wd)?|pwd|secret|token|api[_-]?key|private[_-]?key|access[_-]?key"
    r"|secret[_-]?key|credentials?|key)$",
    re.IGNORECASE,
)
_ALLOWED_NAMES = {"secretref", "keydomain", "key_domain"}
_SECRET_QUERY = re.compile(r"pass(word|wd)?|pwd|secret|token|key", re.IGNORECASE)
# query parameters naming a file (libpq, PyMySQL), not holding a secret
_PATH_QUERY = {"sslkey", "sslcert", "sslrootcert", "sslcrl", "passfile", "ssl_key", "ssl_cert"}
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# user:password@ in the authority, for URLs urlsplit refuses (e.g. a stray '[' in the host)
_USERINFO_PASSWORD = re.compile(r"^[^:/?#]*://[^/?#@]*:[^/?#@]*@")


def is_secret_name(name: str) -> bool:
    return name.lower() not in _ALLOWED_NAMES and bool(_SECRET_NAME.search(name))


def url_secret_problem(url: str | None, path: str) -> Problem | None:
    """A Problem if a URL carries a password (in its user part or its query string)."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        has_password = parts.password is not None
        query = parts.query
    except ValueError:
        has_password = bool(_USERINFO_PASSWORD.match(url))
        query = url.partition("?")[2]
    secret_query = any(
        _SECRET_QUERY.search(k) and k.lower() not in _PATH_QUERY for k, _ in parse_qsl(query)
    )
    if has_password or secret_query:
        return Problem(
            path,
            "contains a password; remove it from the URL and name where it is "
            f"kept in secretRef ({SECRET_REF_FORMS}).",
        )
    return None


def secret_ref_problem(ref: str | None, path: str) -> Problem | None:
    if ref is None or SECRET_REF.match(ref):
        return None
    return Problem(
        path, f"must be a reference to a secret ({SECRET_REF_FORMS}), never the secret itself."
    )


def plain_secrets(data: Any, path: str = "") -> Iterator[Problem]:
    """Every key in a JSON document that looks like a secret holding a literal value."""
    if isinstance(data, dict):
        for key, value in data.items():
            where = join_path(path, key)
            if is_secret_name(str(key)) and _is_literal_secret(value):
                yield Problem(
                    where,
                    "looks like a secret written in plain text; keep it "
                    f"outside the module and reference it ({SECRET_REF_FORMS}).",
                )
            elif isinstance(value, str) and _URL.match(value):
                problem = url_secret_problem(value, where)  # e.g. options.dsn with user:pw@
                if problem:
                    yield problem
            else:
                yield from plain_secrets(value, where)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from plain_secrets(item, join_path(path, index))


def _is_literal_secret(value: Any) -> bool:
    if isinstance(value, str):
        return bool(value) and not SECRET_REF.match(value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)
