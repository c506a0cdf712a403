"""Targets named on the command line by URL instead of in the module's distribution."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit, urlunsplit

from ..metadata.model import FileFormat, Target, TargetKind
from ..metadata.secrets import url_secret_problem

_TRUE = {"1", "true", "yes"}


def target_from_url(url: str, identifier: str = "cli") -> Target:
    """postgresql://..., s3://bucket/prefix?endpoint_url=...&region=...&path_style=true, or a
    folder path (?format=csv for CSV files)."""
    if url_secret_problem(url, "") is not None:
        raise ValueError(
            "the target URL contains a password; pass it through PGPASSWORD or "
            "a secretRef in the module, not on the command line"
        )
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0].lower()
    query = dict(parse_qsl(parts.query))
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if scheme in ("postgresql", "postgres"):
        return Target(identifier=identifier, kind=TargetKind.POSTGRESQL, access_url=url)
    if scheme == "s3":
        options: dict[str, object] = {
            k: v for k, v in query.items() if k in ("endpoint_url", "region")
        }
        if "path_style" in query:
            options["path_style"] = query["path_style"].lower() in _TRUE
        return Target(
            identifier=identifier,
            kind=TargetKind.S3,
            access_url=bare,
            format=FileFormat.PARQUET,
            options=options or None,
        )
    if scheme in ("", "file"):
        fmt = FileFormat(query.get("format", "parquet"))
        path = parts.path if scheme == "file" else url.split("?", 1)[0]
        return Target(identifier=identifier, kind=TargetKind.FOLDER, access_url=path, format=fmt)
    raise ValueError(f"unsupported target {scheme}://; use postgresql://, s3:// or a folder")
