"""The encrypted secrets file: passwords by connection id, opened by a master password.

Used where no OS keyring is usable (a headless server, a bare desktop). The file is JSON, 0600::

    {"format": "etlx-desktop-secrets", "version": 1,
     "kdf": {"name": "scrypt", "n": 32768, "r": 8, "p": 1, "salt": "<base64, 16 bytes>"},
     "cipher": "fernet", "token": "<Fernet token of the JSON object {id: password}>"}

The Fernet key is scrypt(master password, salt) (n=2**15, r=8, p=1, 32 bytes); the salt is made
once per file and kept in it. The whole map is one token, so a wrong master password is detected
even when the file holds no secret yet, and the file does not show which connections have one.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from .configfiles import atomic_write_text, config_dir

FORMAT = "etlx-desktop-secrets"
VERSION = 1
SECRETS_FILE = "secrets.encrypted.json"
SCRYPT_N, SCRYPT_R, SCRYPT_P, SALT_BYTES = 2**15, 8, 1, 16
# what a file may ask for: enough for stronger settings later, not enough to exhaust memory
_MAX_N, _MAX_R, _MAX_P = 2**20, 16, 4


class SecretVaultError(Exception):
    """A password cannot be kept or read; the message says why, never the password."""


class SecretsFileError(SecretVaultError):
    """The encrypted secrets file cannot be used; the message names the file, never a secret."""


class WrongMasterPassword(SecretsFileError):
    """The master password does not open the file (Fernet's InvalidToken)."""


@dataclass(frozen=True)
class _Kdf:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def key(self, master_password: str) -> bytes:
        scrypt = Scrypt(salt=self.salt, length=32, n=self.n, r=self.r, p=self.p)
        return base64.urlsafe_b64encode(scrypt.derive(master_password.encode("utf-8")))

    def to_json(self) -> dict[str, Any]:
        salt = base64.b64encode(self.salt).decode("ascii")
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p, "salt": salt}


def default_secrets_path() -> Path:
    """``$XDG_CONFIG_HOME/etlx-desktop/secrets.encrypted.json`` (``~/.config/...``)."""
    return config_dir() / SECRETS_FILE


class EncryptedSecretsFile:
    """Read and write the secrets file with one master password, derived once per instance."""

    def __init__(self, path: Path, master_password: str) -> None:
        self.path = Path(path)
        self._master = master_password
        self._kdf: _Kdf | None = None
        self._fernet: Fernet | None = None

    def exists(self) -> bool:
        """Whether the file is there (it is created by the first `write`)."""
        return self.path.exists()

    def read(self) -> dict[str, str]:
        """Every secret of the file by connection id; {} if there is no file yet."""
        document = self._document()
        if document is None:
            return {}
        kdf = _kdf_of(self.path, document)
        fernet = self._fernet if self._fernet is not None and self._kdf == kdf else None
        fernet = fernet or Fernet(kdf.key(self._master))
        try:
            plain = fernet.decrypt(_text(self.path, document, "token"))
        except InvalidToken:
            raise WrongMasterPassword(
                f"The master password does not open the secrets file {self.path} "
                "(InvalidToken): it is wrong, or the file was changed."
            ) from None
        self._kdf, self._fernet = kdf, fernet  # only a key that opened the file is kept
        secrets = json.loads(plain)
        if not isinstance(secrets, dict):
            raise SecretsFileError(f"The secrets file {self.path} holds no secrets map.")
        return {str(k): str(v) for k, v in secrets.items()}

    def write(self, secrets: dict[str, str]) -> None:
        """Replace the file's secrets (atomically, 0600). A new file gets a new salt; an
        existing one is first opened, so a wrong master password never replaces it."""
        if self._fernet is None and self._document() is not None:
            self.read()
        if self._fernet is None or self._kdf is None:
            self._kdf = _Kdf(os.urandom(SALT_BYTES))
            self._fernet = Fernet(self._kdf.key(self._master))
        token = self._fernet.encrypt(json.dumps(secrets).encode("utf-8"))
        document = {
            "format": FORMAT,
            "version": VERSION,
            "kdf": self._kdf.to_json(),
            "cipher": "fernet",
            "token": token.decode("ascii"),
        }
        atomic_write_text(self.path, json.dumps(document, indent=2) + "\n")

    def rekey(self, new_master_password: str) -> None:
        """Encrypt the same secrets under a new master password (and a new salt)."""
        secrets = self.read()
        kdf = _Kdf(os.urandom(SALT_BYTES))
        self._master = new_master_password
        self._kdf, self._fernet = kdf, Fernet(kdf.key(new_master_password))
        self.write(secrets)

    def _document(self) -> dict[str, Any] | None:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SecretsFileError(
                f"The secrets file {self.path} cannot be read ({exc.__class__.__name__}); "
                "it has been left as it is."
            ) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise SecretsFileError(f"{self.path} is not an ETL-Express Desktop secrets file.")
        if document.get("cipher") != "fernet" or document.get("version") != VERSION:
            raise SecretsFileError(
                f"The secrets file {self.path} has format version {document.get('version')!r} "
                f"and cipher {document.get('cipher')!r}; this version reads {VERSION} (fernet). "
                "It has been left as it is."
            )
        return document


def _kdf_of(path: Path, document: dict[str, Any]) -> _Kdf:
    kdf = document.get("kdf")
    bad = SecretsFileError(f"The secrets file {path} has bad key settings (kdf).")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise bad
    n, r, p = (kdf.get(k) for k in ("n", "r", "p"))
    if not (isinstance(n, int) and isinstance(r, int) and isinstance(p, int)):
        raise bad
    if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
        raise bad
    try:
        salt = base64.b64decode(str(kdf.get("salt")), validate=True)
    except ValueError:
        raise bad from None
    if len(salt) < SALT_BYTES:
        raise bad
    return _Kdf(salt, n, r, p)


def _text(path: Path, document: dict[str, Any], key: str) -> bytes:
    value = document.get(key)
    if not isinstance(value, str):
        raise SecretsFileError(f"The secrets file {path} has no {key}.")
    return value.encode("ascii", "replace")  # a changed file then fails as InvalidToken


def read_encrypted_secret(path: Path, entry: str, master_password: str) -> str | None:
    """The secret stored under `entry` in the secrets file at `path`, or None if absent.

    For `secretstore.resolve_secret` (``file:<path>#<id>``), with the master password from
    ``ETLX_MASTER_PASSWORD``.
    """
    return EncryptedSecretsFile(path, master_password).read().get(entry)
