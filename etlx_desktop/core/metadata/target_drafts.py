"""New targets drafted from what a person enters: a folder, a PostgreSQL URL, an S3 location.

Each draft gets an identifier the module does not use yet. Credentials never go into a target:
a URL holding a password is refused, and the secret is named by a `secretRef`
(env:NAME, keyring:SERVICE/NAME or file:PATH) that a run resolves.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .model import DataModule, FileFormat, Target, TargetKind
from .secrets import SECRET_REF, SECRET_REF_FORMS, url_secret_problem

_MAX_NAME = 40
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class TargetDraftError(ValueError):
    """What was entered does not make a target; the message never repeats a password."""


def unique_target_name(module: DataModule, wanted: str) -> str:
    """`wanted` as a target identifier (`[a-z0-9_-]`), numbered when the module has it."""
    base = re.sub(r"[^a-z0-9_-]+", "-", wanted.strip().lower()).strip("-_")[:_MAX_NAME]
    base = base.strip("-_") or "target"
    taken = {t.identifier for t in module.distribution}
    name, number = base, 2
    while name in taken:
        name, number = f"{base}-{number}", number + 1
    return name


def folder_target(module: DataModule, folder: Path, base_dir: Path) -> Target:
    """A Parquet folder target; a folder inside `base_dir` (the module file's folder) is kept
    relative to it, so the module and its output can move together."""
    folder = Path(folder)
    try:
        where = folder.resolve().relative_to(Path(base_dir).resolve()).as_posix()
    except ValueError:
        where = folder.as_posix()
    return Target(
        identifier=unique_target_name(module, folder.name or "folder"),
        kind=TargetKind.FOLDER,
        title=f"Parquet files in {folder.name or where}",
        access_url=where or ".",
        format=FileFormat.PARQUET,
    )


def database_target(
    module: DataModule, url: str, schema_prefix: str | None, secret_ref: str | None
) -> Target:
    """A PostgreSQL target: a URL without a password, the schema prefix of its versions, and
    where the password is kept (None: the server needs none, or libpq finds it). A bare
    variable name as `secret_ref` means ``env:NAME``."""
    url = url.strip()
    _refuse_password(url, "the database URL")
    parts = urlsplit(url)
    if parts.scheme.split("+")[0].lower() not in ("postgresql", "postgres") or not parts.netloc:
        raise TargetDraftError("the database URL must look like postgresql://user@host:5432/db")
    database = parts.path.strip("/") or parts.hostname or "database"
    prefix = (schema_prefix or "").strip() or None
    if prefix is not None and not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", prefix):
        raise TargetDraftError(
            "the schema prefix may hold lower-case letters, digits and _ (up to 41)"
        )
    return Target(
        identifier=unique_target_name(module, database),
        kind=TargetKind.POSTGRESQL,
        title=f"PostgreSQL database {database} on {parts.hostname or 'localhost'}",
        access_url=url,
        db_schema=prefix,
        secret_ref=_secret_ref(secret_ref),
    )


def s3_target(
    module: DataModule,
    location: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    secret_ref: str | None = None,
    *,
    path_style: bool = False,
) -> Target:
    """An S3 target at ``s3://bucket/prefix`` (``bucket/prefix`` is read the same way);
    `endpoint_url` for a server other than AWS, `secret_ref` holding
    ``ACCESS_KEY_ID:SECRET_ACCESS_KEY``."""
    location = location.strip()
    _refuse_password(location, "the S3 location")
    if "://" not in location:
        location = "s3://" + location.lstrip("/")
    parts = urlsplit(location)
    if parts.scheme.lower() != "s3" or not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,62}", parts.netloc):
        raise TargetDraftError("the S3 location must look like s3://bucket/prefix")
    options: dict[str, object] = {}
    endpoint = (endpoint_url or "").strip()
    if endpoint:
        _refuse_password(endpoint, "the endpoint URL")
        if urlsplit(endpoint).scheme.lower() not in ("http", "https"):
            raise TargetDraftError("the endpoint URL must start with http:// or https://")
        options["endpoint_url"] = endpoint
    if (region or "").strip():
        options["region"] = (region or "").strip()
    if path_style:
        options["path_style"] = True
    prefix = parts.path.strip("/")
    return Target(
        identifier=unique_target_name(module, prefix.rsplit("/", 1)[-1] or parts.netloc),
        kind=TargetKind.S3,
        title=f"S3 bucket {parts.netloc}",
        access_url=f"s3://{parts.netloc}/{prefix}".rstrip("/"),
        format=FileFormat.PARQUET,
        secret_ref=_secret_ref(secret_ref),
        options=options or None,
    )


def _refuse_password(url: str, what: str) -> None:
    if url_secret_problem(url, "") is not None:
        raise TargetDraftError(
            f"{what} holds a password; remove it and name where the password is kept instead "
            f"({SECRET_REF_FORMS})"
        )


def _secret_ref(ref: str | None) -> str | None:
    ref = (ref or "").strip()
    if not ref:
        return None
    if _ENV_NAME.fullmatch(ref):  # a bare variable name is the common case: env:NAME
        ref = f"env:{ref}"
    if not SECRET_REF.match(ref):
        raise TargetDraftError(f"name where the secret is kept as {SECRET_REF_FORMS}")
    return ref
