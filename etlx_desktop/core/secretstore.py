"""Resolving `secretRef` values: env:NAME, keyring:SERVICE/NAME and file:PATH.

``file:PATH#ID`` names one password in the desktop app's encrypted secrets file (see
`connections/encrypted.py`), opened with the master password in the environment variable
``ETLX_MASTER_PASSWORD`` (headless runs: cron, CI). A file that itself exists under the whole
name, ``#`` included, is read as a plain file, as before.

The value of a secret is returned to the caller only; it never goes into a message, a log line
or a report. Errors name the reference, never what it points to.
"""

from __future__ import annotations

import os
from pathlib import Path

from .metadata.secrets import SECRET_REF, SECRET_REF_FORMS

MASTER_PASSWORD_ENV = "ETLX_MASTER_PASSWORD"


class MissingSecret(LookupError):
    """A secret reference that does not resolve; the message names the reference only."""

    def __init__(self, ref: str, reason: str) -> None:
        self.ref = ref
        super().__init__(f"secret {ref} {reason}")


def resolve_secret(ref: str, base_dir: Path | None = None) -> str:
    """The secret a reference points to; relative file: paths start at `base_dir`."""
    if not SECRET_REF.match(ref):
        raise MissingSecret(ref, f"is not a secret reference ({SECRET_REF_FORMS})")
    scheme, _, name = ref.partition(":")
    if scheme == "env":
        value = os.environ.get(name)
        if value is None:
            raise MissingSecret(ref, f"is not set: export {name} before running")
        return value
    if scheme == "file":
        file, hash_sign, entry = name.rpartition("#")
        if hash_sign and entry and not _at(Path(name), base_dir).exists():
            return _read_encrypted(ref, _at(Path(file), base_dir), entry)
        return _read_secret_file(ref, Path(name), base_dir)
    return _read_keyring(ref, name)


def _at(path: Path, base_dir: Path | None) -> Path:
    return path if path.is_absolute() or base_dir is None else base_dir / path


def _read_encrypted(ref: str, file: Path, entry: str) -> str:
    from .connections.encrypted import SecretsFileError, WrongMasterPassword, read_encrypted_secret

    master = os.environ.get(MASTER_PASSWORD_ENV)
    if not master:
        raise MissingSecret(
            ref, f"is in an encrypted secrets file: export {MASTER_PASSWORD_ENV} before running"
        )
    if not file.is_file():
        raise MissingSecret(ref, "names a file that does not exist")
    try:
        value = read_encrypted_secret(file, entry, master)
    except WrongMasterPassword:
        raise MissingSecret(
            ref, f"cannot be read: {MASTER_PASSWORD_ENV} does not open the secrets file"
        ) from None
    except SecretsFileError:
        raise MissingSecret(ref, "names a file that is not a readable secrets file") from None
    if value is None:
        raise MissingSecret(ref, "is not in the encrypted secrets file")
    return value


def _read_secret_file(ref: str, path: Path, base_dir: Path | None) -> str:
    file = _at(path, base_dir)
    try:
        return file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise MissingSecret(ref, "names a file that does not exist") from None
    except OSError as exc:
        raise MissingSecret(ref, f"cannot be read ({exc.__class__.__name__})") from None


def _read_keyring(ref: str, name: str) -> str:
    service, _, user = name.partition("/")
    try:
        import keyring
    except ImportError:
        raise MissingSecret(ref, "needs the keyring package, which is not installed") from None
    try:
        value = keyring.get_password(service, user)
    except Exception as exc:  # keyring backends raise their own error types
        raise MissingSecret(
            ref, f"cannot be read from the keyring ({exc.__class__.__name__})"
        ) from None
    if value is None:
        raise MissingSecret(ref, "is not in the keyring")
    return str(value)
