"""Reading and writing module documents: `load_module`, `save_module` and their text forms."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from ..problems import ModuleInvalid, Problem, errors_of
from .codec import decode, encode
from .jsonld import CONTEXT
from .model import DataModule


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 would load as inf and be saved as Infinity
        raise ValueError(f"the number {text} is too large")
    return value


def parse_json(text: str) -> tuple[Any, list[Problem]]:
    """Parse JSON text; a syntax error becomes a Problem naming its line and column."""
    try:
        data = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
        return data, []
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        return None, [Problem("", f"is not valid JSON: {exc.msg} at {where}.")]
    except ValueError as exc:
        return None, [Problem("", f"is not valid JSON: {exc}.")]
    except RecursionError:
        return None, [Problem("", "is nested too deeply to be a module document.")]


def module_from_json(data: Any) -> tuple[DataModule, list[Problem]]:
    """The module in a parsed JSON document, with every shape problem found on the way."""
    problems: list[Problem] = []
    if isinstance(data, dict):
        context = data.get("@context")
        if context != CONTEXT:
            problems.append(
                Problem(
                    "@context",
                    f"must be exactly {json.dumps(CONTEXT)} (the bundled "
                    "CSVW and ETL-Express contexts); remote contexts are "
                    "never fetched.",
                )
            )
    module = decode(DataModule, data, "", problems)
    return module, problems


def module_to_json(module: DataModule) -> dict[str, Any]:
    return {"@context": list(CONTEXT), **encode(module)}


def dumps_module(module: DataModule) -> str:
    """The saved text of a module: stable key order, two-space indent, UTF-8, final newline.

    Raises ValueError for a NaN or infinite number, which JSON cannot hold.
    """
    return json.dumps(module_to_json(module), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def read_module(path: str | Path) -> tuple[DataModule | None, list[Problem]]:
    """Read and fully check a module file; returns the module (if it parsed) and all problems."""
    from .validate import validate_module

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem("", f"file {file} does not exist.")]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem("", f"cannot read {file}: {exc.__class__.__name__}.")]
    data, problems = parse_json(text)
    if problems:
        return None, problems
    module, problems = module_from_json(data)
    problems += validate_module(module, base_dir=file.parent, raw=data)
    return module, sorted(set(problems), key=lambda p: (p.path, p.message))


def load_module(path: str | Path) -> DataModule:
    """Load a module file; raises ModuleInvalid listing every error if it is not usable."""
    module, problems = read_module(path)
    if module is None or errors_of(problems):
        raise ModuleInvalid(str(path), problems)
    return module


def save_module(module: DataModule, path: str | Path) -> None:
    """Write a module file atomically: readers see the old or the new file, never half of one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(dumps_module(module))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
