"""Running user scripts named in metadata: only the approved code, with errors that point home.

A script runs only while the sha256 of its file equals the checksum recorded in the module. An
exception raised inside it is reported with the script's path, the line and the message.
"""

from __future__ import annotations

import importlib.util
import traceback
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from .metadata.model import Script
from .metadata.scripts import file_checksum, resolve_script


class ScriptRefused(Exception):
    """A script that may not run: missing, not approved, or changed since approval."""


class ScriptFailed(Exception):
    """A script raised an exception; the message names the script, the line and the error."""


def load_entry_point(script: Script, base_dir: Path, default: str) -> Callable[..., Any]:
    """The approved script's entry point (its `entryPoint`, else `default`)."""
    path = resolve_script(script, base_dir)
    verify_approved(script, base_dir)
    name = script.entry_point or default
    module = _import(path)
    function = getattr(module, name, None)
    if not callable(function):
        raise ScriptRefused(f"{script.path} has no function {name}()")
    return function  # type: ignore[no-any-return]


def verify_approved(script: Script, base_dir: Path) -> None:
    path = resolve_script(script, base_dir)
    if not path.is_file():
        raise ScriptRefused(f"script {script.path} does not exist")
    how = "review it, then approve it with `etlx approve MODULE_FILE`"
    if script.checksum is None:
        raise ScriptRefused(f"script {script.path} is not approved; {how}")
    if file_checksum(path) != script.checksum:
        raise ScriptRefused(f"script {script.path} changed since it was approved; {how}")


def _import(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"etlx_script_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ScriptRefused(f"script {path.name} cannot be loaded as Python")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise script_failure(path, exc) from exc
    return module


def script_failure(path: Path, exc: BaseException) -> ScriptFailed:
    """A ScriptFailed naming the deepest frame of `exc` that lies in the script file."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    where = f"{path.name}, line {line}" if line else path.name
    return ScriptFailed(f"script {where}: {exc.__class__.__name__}: {exc}")


def call_script(path: Path, function: Callable[..., Any], *args: Any) -> Any:
    """Call a script function, turning its exceptions into ScriptFailed."""
    try:
        return function(*args)
    except Exception as exc:
        raise script_failure(path, exc) from exc
