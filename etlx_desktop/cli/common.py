"""What every command shares: exit codes, the bad-input error, problem printing."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..core.metadata import DataModule, ModuleInvalid, Problem, Severity, read_module

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


class BadInput(Exception):
    """The user's input cannot be used; the message says why and what is allowed."""


def print_problems(file: Path | str, problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(f"{file}: {problem.severity}: {problem}", file=sys.stderr)


def load_checked(path: Path) -> DataModule:
    """A module file that has no errors (warnings are printed), else ModuleInvalid."""
    module, problems = read_module(path)
    if module is None or any(p.severity is Severity.ERROR for p in problems):
        raise ModuleInvalid(str(path), problems)
    print_problems(path, problems)
    return module
