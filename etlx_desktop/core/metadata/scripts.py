"""Checks on scripts named by a module: where they are and whether they are the approved code."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from ..problems import Problem, Severity, join_path
from .model import Script

_CHECKSUM = re.compile(r"^sha256:[0-9a-f]{64}$")
LANGUAGES = ("Python", "SQL")


def file_checksum(path: Path) -> str:
    """'sha256:' + the hex digest of a file, the form recorded in `checksum`."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 16), b""):
            digest.update(block)
    return "sha256:" + digest.hexdigest()


def resolve_script(script: Script, base_dir: Path) -> Path:
    return base_dir / PurePosixPath(script.path)


def check_script(script: Script, path: str, base_dir: Path | None) -> list[Problem]:
    problems: list[Problem] = []
    where = join_path(path, "path")
    if not isinstance(script.path, str) or not script.path:
        return problems  # already reported as missing
    pure = PurePosixPath(script.path)
    if pure.is_absolute() or "\\" in script.path or re.match(r"^[A-Za-z]:", script.path):
        return [Problem(where, "must be relative to the module file's folder, not absolute.")]
    if ".." in pure.parts:
        return [Problem(where, "must stay inside the module's folder ('..' is not allowed).")]
    if script.programming_language not in LANGUAGES:
        problems.append(
            Problem(
                join_path(path, "programmingLanguage"), f"must be one of {', '.join(LANGUAGES)}."
            )
        )
    if script.checksum is not None and not _CHECKSUM.match(script.checksum):
        problems.append(
            Problem(
                join_path(path, "checksum"),
                "must be 'sha256:' followed by 64 lower-case hex digits.",
            )
        )
        return problems
    if base_dir is None:
        return problems
    file = resolve_script(script, base_dir)
    try:
        exists = file.is_file()
        actual = file_checksum(file) if exists and script.checksum is not None else None
    except OSError as exc:  # a name too long, a file that cannot be read, ...
        reason = exc.strerror or exc.__class__.__name__
        return [*problems, Problem(where, f"names a file that cannot be read ({reason}).")]
    if not exists:
        problems.append(
            Problem(
                where,
                f"names a file that does not exist ({script.path}, "
                "relative to the module file's folder).",
            )
        )
    elif script.checksum is None:
        problems.append(
            Problem(
                join_path(path, "checksum"),
                "is missing: the script is not approved and will not run.",
                Severity.WARNING,
            )
        )
    elif actual != script.checksum:
        problems.append(
            Problem(
                join_path(path, "checksum"),
                "does not match the file: it changed since it was approved. "
                "Review it, then record it with `etlx approve MODULE_FILE`.",
            )
        )
    return problems
