"""Semantic checks of a decoded module: references, ranges, names, scripts and secrets.

Shape problems (unknown keys, wrong types, unknown enum values) are found by the codec while
decoding; this module finds what only makes sense across fields. Every check tolerates fields
left unset by a broken document, so all problems are reported in one pass.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..anonymize.registry import KEYED_METHODS, MethodRegistry, default_registry
from ..problems import Problem
from .codec import rejected_keys
from .model import DataModule, DataSource, SourceKind, Target, TargetKind
from .scripts import check_script
from .secrets import plain_secrets, secret_ref_problem, url_secret_problem
from .validate_tables import check_tables

IDENTIFIER = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_SCHEMES: dict[str, tuple[str, ...]] = {
    SourceKind.POSTGRESQL: ("postgresql", "postgres"),
    SourceKind.MYSQL: ("mysql", "mariadb"),
    SourceKind.SQLITE: ("sqlite",),
    SourceKind.HTTP: ("http", "https"),
    TargetKind.S3: ("s3",),
}


def validate_module(
    module: DataModule,
    base_dir: Path | None = None,
    raw: Any = None,
    registry: MethodRegistry | None = None,
) -> list[Problem]:
    """Every semantic problem of `module`; `base_dir` is the module file's folder (for scripts)."""
    registry = registry or default_registry()
    problems: list[Problem] = []
    problems += _check_header(module)
    problems += _check_sources(module.data_sources)
    problems += _check_targets(module)
    problems += check_tables(module, registry)
    problems += _check_scripts(module, base_dir)
    if raw is not None:
        problems += plain_secrets(raw)
    return list(dict.fromkeys(problems))  # a URL's password is found by two checks


def _check_header(module: DataModule) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(module.identifier, str) and not IDENTIFIER.match(module.identifier):
        problems.append(
            Problem(
                "identifier",
                "must be 1-63 lower-case letters, digits, '-' or "
                "'_', starting with a letter or digit.",
            )
        )
    if isinstance(module.version, int) and module.version < 1:
        problems.append(Problem("version", "must be a positive integer (1, 2, 3, ...)."))
    for key, value in (("@id", module.id), ("previousVersion", module.previous_version)):
        if value is not None and not _scheme(value):
            problems.append(
                Problem(
                    key, "must be an absolute IRI (e.g. urn:etlx:module:NAME:1 or https://...)."
                )
            )
    problems += _check_time("issued", module.issued)
    ref_problem = secret_ref_problem(module.key_ref, "keyRef")
    if ref_problem:
        problems.append(ref_problem)
    problems += _check_key_needed(module)
    activity = module.was_generated_by
    if activity is not None:
        problems += _check_time("wasGeneratedBy.startedAtTime", activity.started_at_time)
        problems += _check_time("wasGeneratedBy.endedAtTime", activity.ended_at_time)
    return problems


def _check_key_needed(module: DataModule) -> list[Problem]:
    """Keyed methods give the same output for the same key only: without a keyRef a run
    stops before any work, so say so now."""
    if module.key_ref is not None:
        return []
    for table in module.tables:
        for column in table.table_schema.columns:
            rule = column.anonymization
            if rule is not None and rule.method in KEYED_METHODS:
                where = f"{table.table_name}.{column.name} ({rule.method})"
                return [
                    Problem(
                        "keyRef",
                        f"is not set, but {where} needs the module's anonymization key: "
                        "set keyRef to env:NAME, keyring:SERVICE/NAME or file:PATH.",
                    )
                ]
    return []


def _check_time(path: str, value: str | None) -> list[Problem]:
    if value is None:
        return []
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return [Problem(path, "must be an ISO 8601 date-time, e.g. 2026-03-14T09:31:07Z.")]
    return []


def _scheme(url: str) -> str:
    """The scheme of a URL, or '' if it has none or cannot be parsed (e.g. a stray '[')."""
    try:
        return urlsplit(url).scheme
    except ValueError:
        return ""


def duplicates(names: Iterable[Any]) -> set[Any]:
    counts = Counter(n for n in names if n is not None)
    return {name for name, count in counts.items() if count > 1}


def _check_sources(sources: list[DataSource]) -> list[Problem]:
    problems: list[Problem] = []
    if not sources:
        return problems
    twice = duplicates(s.identifier for s in sources)
    for index, source in enumerate(sources):
        path = f"dataSource[{index}]"
        if source.identifier in twice:
            problems.append(
                Problem(
                    f"{path}.identifier", f"'{source.identifier}' names more than one data source."
                )
            )
        if "endpointURL" not in rejected_keys(source):
            problems += _check_endpoint(source.kind, source.endpoint_url, f"{path}.endpointURL")
        for problem in (
            url_secret_problem(source.endpoint_url, f"{path}.endpointURL"),
            secret_ref_problem(source.secret_ref, f"{path}.secretRef"),
        ):
            if problem:
                problems.append(problem)
    return problems


def _check_endpoint(kind: Any, url: str | None, path: str) -> list[Problem]:
    if kind is None:
        return []  # a missing or unknown kind is already reported; nothing to check against
    schemes = _SCHEMES.get(kind)
    if url is None:
        if kind in (SourceKind.FILE, SourceKind.SCRIPT, TargetKind.FOLDER, TargetKind.SCRIPT):
            return []
        return [Problem(path, f"is required for a {kind} source.")]
    if schemes is None:
        return []
    try:
        scheme = urlsplit(url).scheme.split("+")[0].lower()
    except ValueError:  # never echo the URL: it may hold a password
        return [Problem(path, "is not a valid URL (its host part cannot be read).")]
    if scheme not in schemes:
        expected = " or ".join(f"{s}://" for s in schemes)
        return [Problem(path, f"must start with {expected} for kind '{kind}'.")]
    return []


def _check_targets(module: DataModule) -> list[Problem]:
    problems: list[Problem] = []
    targets: list[Target] = module.distribution
    twice = duplicates(t.identifier for t in targets)
    for index, target in enumerate(targets):
        path = f"distribution[{index}]"
        if target.identifier in twice:
            problems.append(
                Problem(f"{path}.identifier", f"'{target.identifier}' names more than one target.")
            )
        if target.access_url is not None:  # a missing accessURL is reported by the codec
            problems += _check_endpoint(target.kind, target.access_url, f"{path}.accessURL")
        file_kinds = (TargetKind.S3, TargetKind.FOLDER)
        if target.format is not None and target.kind is not None and target.kind not in file_kinds:
            problems.append(Problem(f"{path}.format", "applies only to s3 and folder targets."))
        for problem in (
            url_secret_problem(target.access_url, f"{path}.accessURL"),
            secret_ref_problem(target.secret_ref, f"{path}.secretRef"),
        ):
            if problem:
                problems.append(problem)
    upload = module.upload
    if upload is not None:
        known = [t.identifier for t in targets if isinstance(t.identifier, str)]
        for index, name in enumerate(upload.target):
            if name not in known:
                choices = ", ".join(known) or "none are defined in distribution"
                problems.append(
                    Problem(
                        f"upload.target[{index}]", f"names no target '{name}'; targets: {choices}."
                    )
                )
        unusable = rejected_keys(upload) & {"target", "script"}
        if not upload.target and upload.script is None and not unusable:
            problems.append(Problem("upload", "needs a target or a script."))
    return problems


def _check_scripts(module: DataModule, base_dir: Path | None) -> list[Problem]:
    problems: list[Problem] = []
    for t_index, table in enumerate(module.tables):
        base = f"tables[{t_index}]"
        if table.extraction is not None and table.extraction.script is not None:
            problems += check_script(table.extraction.script, f"{base}.extraction.script", base_dir)
        for s_index, step in enumerate(table.transformation):
            if step.script is not None:
                problems += check_script(
                    step.script, f"{base}.transformation[{s_index}].script", base_dir
                )
    if module.upload is not None and module.upload.script is not None:
        problems += check_script(module.upload.script, "upload.script", base_dir)
    return problems
