"""A fresh anonymization key for a module that starts using keyed methods.

Keys are made where the desktop app keeps its private files (`<config>/keys`, 0600 in a 0700
folder), never in the module: the module only names the file in `keyRef`. A module that
already has a `keyRef` keeps it, even when it cannot be read here (another machine's key).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ..connections.configfiles import PRIVATE_DIR, PRIVATE_FILE, config_dir
from ..metadata.model import DataModule
from .apply import effective_rules
from .registry import KEYED_METHODS

KEY_FOLDER = "keys"


def needs_new_key(module: DataModule) -> bool:
    """Whether `module` has a keyed rule (pseudonymize, fake, hash, ...) but no `keyRef`."""
    if module.key_ref is not None:
        return False
    return any(rule.method in KEYED_METHODS for rule in effective_rules(module).values())


def create_module_key(
    module: DataModule, folder: Path | None = None, *, beside: Path | None = None
) -> str:
    """Write a random 256-bit key for `module` to a new file and return its `keyRef`:
    ``file:`` and the file's absolute path, or its path relative to `beside` (the module
    file's folder) when it is in there. `folder` defaults to the user's key folder."""
    where = (config_dir() / KEY_FOLDER) if folder is None else folder
    where.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    path = where / f"{module.identifier}-{secrets.token_hex(4)}.key"
    # O_EXCL: never overwrite another key; the mode is set as the file is made, not after
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets.token_hex(32) + "\n")
    if beside is not None and path.resolve().is_relative_to(beside.resolve()):
        return f"file:{path.resolve().relative_to(beside.resolve()).as_posix()}"
    return f"file:{path.resolve()}"
