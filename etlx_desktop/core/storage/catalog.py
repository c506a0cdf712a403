"""Opening stores from targets and URLs, `open_module` for analysts, and `diff_versions`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

import pandas as pd

from ..metadata.codec import encode
from ..metadata.io import module_from_json
from ..metadata.model import Column, DataModule, FileFormat, Table, Target, TargetKind
from ..secretstore import resolve_secret
from .base import VersionNotFound, VersionStore
from .folder import FolderStore
from .postgres import PostgresStore
from .s3 import S3Store

Resolver = Callable[[str, Path | None], str]

_S3_OPTIONS = ("endpoint_url", "region", "path_style")


def open_store(target: Target, base_dir: Path, resolve: Resolver = resolve_secret) -> VersionStore:
    """The store a module's target names.

    Folder paths are relative to `base_dir` (the module file's folder). An S3 target's
    `accessURL` is ``s3://bucket/prefix``; its `options` may hold ``endpoint_url``, ``region``
    and ``path_style``, and its `secretRef` names a secret holding
    ``ACCESS_KEY_ID:SECRET_ACCESS_KEY``. A PostgreSQL target's `secretRef` names the password.
    """
    kind = TargetKind(target.kind)
    options = dict(target.options or {})
    fmt = FileFormat(target.format or FileFormat.PARQUET)
    if kind is TargetKind.FOLDER:
        path = _folder_path(target.access_url)
        return FolderStore(path if path.is_absolute() else base_dir / path, fmt)
    if kind is TargetKind.S3:
        access_key = secret_key = None
        if target.secret_ref:
            access_key, secret_key = _split_s3_secret(
                target.secret_ref, resolve(target.secret_ref, base_dir)
            )
        bucket, prefix = _split_s3_url(target.access_url)
        unknown = sorted(set(options) - set(_S3_OPTIONS))
        if unknown:
            raise ValueError(f"target {target.identifier!r}: unknown S3 options {unknown}")
        return S3Store(
            bucket,
            prefix,
            endpoint_url=options.get("endpoint_url"),
            region=options.get("region"),
            path_style=bool(options.get("path_style", False)),
            access_key=access_key,
            secret_key=secret_key,
            fmt=fmt,
        )
    if kind is TargetKind.POSTGRESQL:
        password = resolve(target.secret_ref, base_dir) if target.secret_ref else None
        return PostgresStore(target.access_url, schema_prefix=target.db_schema, password=password)
    raise ValueError(f"target {target.identifier!r} is a {kind.value} target, which has no store")


def store_from_url(url: str, **options: Any) -> VersionStore:
    """A store from a URL: ``s3://bucket/prefix``, ``postgresql://...`` or a folder path.

    Options go to the store: for S3 ``endpoint_url``, ``region``, ``path_style``,
    ``access_key``, ``secret_key``, ``fmt``; for PostgreSQL ``schema_prefix``, ``password``;
    for a folder (a path or ``file://`` URL) ``fmt`` (``"parquet"`` or ``"csv"``).
    """
    url, options = _url_options(url, options)
    scheme = urlsplit(url).scheme.split("+")[0].lower()
    if scheme == "s3":
        bucket, prefix = _split_s3_url(url)
        if "fmt" in options:
            options["fmt"] = FileFormat(options["fmt"])
        return S3Store(bucket, prefix, **options)
    if scheme in ("postgresql", "postgres"):
        return PostgresStore(url, **options)
    if scheme in ("", "file") or len(scheme) == 1:  # a one-letter scheme is a Windows drive
        return FolderStore(_folder_path(url), FileFormat(options.pop("fmt", FileFormat.PARQUET)))
    raise ValueError(f"no store for URLs starting {scheme}:// (use s3://, postgresql:// or a path)")


def _url_options(url: str, options: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Options written into an s3:// or folder URL's query (`?endpoint_url=...&path_style=true`
    or `?format=csv`) join the keyword options; the URL comes back without its query."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("s3", "", "file") or not parts.query:
        return url, options
    merged = dict(options)
    for key, value in parse_qsl(parts.query):
        if key == "path_style":
            merged.setdefault(key, value.lower() in ("1", "true", "yes"))
        elif key == "format":
            merged.setdefault("fmt", value)
        elif key in ("endpoint_url", "region"):
            merged.setdefault(key, value)
        else:
            raise ValueError(
                f"unknown option {key!r} in {parts.scheme or 'folder'} URL; "
                "allowed: endpoint_url, region, path_style, format"
            )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), merged


def open_module(
    target: str, name: str, version: int | str = "latest", **options: Any
) -> dict[str, pd.DataFrame]:
    """The tables of one version of a module, as DataFrames by table name.

    `target` is a store URL (see `store_from_url`, which takes the `options`); `version` is a
    number or ``"latest"`` (the highest published). Raises VersionNotFound naming the versions
    (or modules) that do exist.
    """
    store = store_from_url(target, **options)
    number = resolve_version(store, name, version, where=_where(target))
    return {table: store.read_table(name, number, table) for table in store.tables(name, number)}


def resolve_version(store: VersionStore, module: str, version: int | str, *, where: str) -> int:
    """The version number `version` means ("latest", a number or its text) in `store`."""
    have = [v.version for v in store.versions(module)]
    if not have:
        modules = sorted({v.module for v in store.versions()})
        listed = ", ".join(modules) or "none"
        raise VersionNotFound(f"{where} holds no module {module!r}; modules there: {listed}")
    if isinstance(version, str) and version.strip().lower() == "latest":
        return max(have)
    try:
        number = int(str(version).strip().lstrip("v"))
    except ValueError:
        raise ValueError(f"version must be a number or 'latest', not {version!r}") from None
    if number not in have:
        listed = ", ".join(str(v) for v in sorted(have))
        raise VersionNotFound(
            f"module {module!r} in {where} has no version {number}; versions: {listed}"
        )
    return number


def diff_versions(store: VersionStore, module: str, a: int, b: int) -> dict[str, Any]:
    """What changed from version `a` to version `b` of a module.

    Compares the two stored metadata documents (tables and columns added or removed, column
    types changed, field and anonymization rules changed, primary keys, transformation steps
    and privacy models changed, the anonymization key's fingerprint changed) and the row
    counts. The result is plain JSON.
    """
    infos = {v.version: v for v in store.versions(module)}
    for number in (a, b):
        if number not in infos:
            listed = ", ".join(str(v) for v in sorted(infos)) or "none"
            raise VersionNotFound(f"module {module!r} has no version {number}; versions: {listed}")
    old, new = (
        _parse_metadata(store.metadata(module, a)),
        _parse_metadata(store.metadata(module, b)),
    )
    old_tables = {t.table_name: t for t in old.tables}
    new_tables = {t.table_name: t for t in new.tables}
    changed: dict[str, Any] = {}
    for name in sorted(old_tables.keys() & new_tables.keys()):
        change = _table_diff(old_tables[name], new_tables[name])
        if change:
            changed[name] = change
    counts_a, counts_b = infos[a].row_counts, infos[b].row_counts
    row_counts = {
        table: {
            "from": counts_a.get(table),
            "to": counts_b.get(table),
            "delta": counts_b.get(table, 0) - counts_a.get(table, 0),
        }
        for table in sorted(counts_a.keys() | counts_b.keys())
    }
    return {
        "module": module,
        "from": a,
        "to": b,
        "tables_added": sorted(new_tables.keys() - old_tables.keys()),
        "tables_removed": sorted(old_tables.keys() - new_tables.keys()),
        "tables_changed": changed,
        "key_changed": old.key_fingerprint != new.key_fingerprint,
        "row_counts": row_counts,
    }


_NOT_RULES = {"name", "title", "datatype", "sqlType"}


def _table_diff(old: Table, new: Table) -> dict[str, Any]:
    old_cols = {c.name: c for c in old.table_schema.columns}
    new_cols = {c.name: c for c in new.table_schema.columns}
    change: dict[str, Any] = {}
    added = [c for c in new_cols if c not in old_cols]
    removed = [c for c in old_cols if c not in new_cols]
    if added:
        change["columns_added"] = added
    if removed:
        change["columns_removed"] = removed
    types: dict[str, Any] = {}
    rules: dict[str, Any] = {}
    for name in [c for c in new_cols if c in old_cols]:
        before, after = old_cols[name], new_cols[name]
        if _type_of(before) != _type_of(after):
            types[name] = {"from": _type_of(before), "to": _type_of(after)}
        rule_change = _rules_diff(encode(before), encode(after))
        if rule_change:
            rules[name] = rule_change
    if types:
        change["types_changed"] = types
    if rules:
        change["rules_changed"] = rules
    if old.table_schema.primary_key != new.table_schema.primary_key:
        change["primary_key"] = {
            "from": old.table_schema.primary_key,
            "to": new.table_schema.primary_key,
        }
    # what else shapes the output: the steps before the rules, and the privacy model
    steps = [encode(s) for s in old.transformation], [encode(s) for s in new.transformation]
    if steps[0] != steps[1]:
        change["transformation"] = {"from": steps[0], "to": steps[1]}
    privacy = [None if m is None else encode(m) for m in (old.privacy, new.privacy)]
    if privacy[0] != privacy[1]:
        change["privacy"] = {"from": privacy[0], "to": privacy[1]}
    return change


def _type_of(column: Column) -> str:
    return str(column.datatype)


def _rules_diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    keys = (before.keys() | after.keys()) - _NOT_RULES
    return {
        key: {"from": before.get(key), "to": after.get(key)}
        for key in sorted(keys)
        if before.get(key) != after.get(key)
    }


def _parse_metadata(text: str) -> DataModule:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"the stored metadata is not JSON: {exc}") from None
    module, _problems = module_from_json(data)
    return module


def _split_s3_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme.lower() != "s3" or not parts.netloc:
        raise ValueError(f"an S3 location must look like s3://bucket/prefix, not {url!r}")
    return parts.netloc, parts.path.strip("/")


def _split_s3_secret(ref: str, value: str) -> tuple[str, str]:
    access_key, sep, secret_key = value.strip().partition(":")
    if not sep or not access_key or not secret_key:
        raise ValueError(f"secret {ref} must hold ACCESS_KEY_ID:SECRET_ACCESS_KEY")
    return access_key, secret_key


def _folder_path(url: str) -> Path:
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(url)


def _where(target: str) -> str:
    parts = urlsplit(target)
    if parts.password:
        return target.replace(parts.password, "***")
    return target
