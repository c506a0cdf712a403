"""The secret vault: the OS keyring when one is usable (here an in-memory backend defined below),
otherwise the encrypted secrets file (never plain text), memory only for the session policy, and
secret references that `resolve_secret` reads back. The real user keyring is never touched."""

from __future__ import annotations

import base64
import dataclasses
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import fail, null

from etlx_desktop.core.connections import (
    Connection,
    ConnectionKind,
    PasswordPolicy,
    SecretLocation,
    SecretVault,
    SecretVaultError,
    VaultUnavailable,
    WrongMasterPassword,
)
from etlx_desktop.core.connections.encrypted import SCRYPT_N, EncryptedSecretsFile
from etlx_desktop.core.connections.secrets import usable_keyring
from etlx_desktop.core.metadata.secrets import SECRET_REF
from etlx_desktop.core.secretstore import MissingSecret, resolve_secret

PASSWORD = "pä55:w0rd#with@odd/chars"
MASTER = "correct horse battery staple"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring backend that keeps passwords in a dict (for tests only)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not there")


class BrokenKeyring(MemoryKeyring):
    """A keyring whose every call fails, as a locked or vanished one does."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.KeyringLocked("locked")


def _connection(policy: PasswordPolicy, name: str = "crm") -> Connection:
    return Connection(
        name=name, kind=ConnectionKind.POSTGRESQL, host="db", user="etl", password_policy=policy
    )


@pytest.fixture
def system_keyring() -> Iterator[None]:
    """Restore the process's keyring backend after a test that sets one."""
    before = keyring.get_keyring()
    try:
        yield
    finally:
        keyring.set_keyring(before)


@pytest.fixture
def secrets_file(tmp_path: Path) -> Path:
    return tmp_path / "etlx-desktop" / "secrets.encrypted.json"


def test_usable_keyring() -> None:
    assert not usable_keyring(fail.Keyring())
    assert not usable_keyring(null.Keyring())
    assert not usable_keyring(None)
    assert usable_keyring(MemoryKeyring())


def test_keyring_policy_uses_a_usable_keyring(secrets_file: Path) -> None:
    backend = MemoryKeyring()
    vault = SecretVault(secrets_file, keyring_backend=backend, master_password=lambda: None)
    crm = _connection(PasswordPolicy.KEYRING)
    assert vault.has_keyring
    assert vault.store(crm, PASSWORD) is SecretLocation.KEYRING
    assert backend.passwords == {("etlx-desktop", crm.id): PASSWORD}
    assert vault.password(crm) == PASSWORD
    assert vault.secret_ref(crm) == f"keyring:etlx-desktop/{crm.id}"
    assert not secrets_file.exists()
    vault.forget(crm)
    vault.forget(crm)  # forgetting twice is fine
    assert backend.passwords == {} and vault.password(crm) is None


def test_keyring_policy_falls_back_to_the_encrypted_file(secrets_file: Path) -> None:
    vault = SecretVault(
        secrets_file, keyring_backend=fail.Keyring(), master_password=lambda: MASTER
    )
    crm = _connection(PasswordPolicy.KEYRING)
    assert not vault.has_keyring
    assert vault.store(crm, PASSWORD) is SecretLocation.ENCRYPTED_FILE
    assert vault.password(crm) == PASSWORD
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    data = secrets_file.read_bytes()
    assert PASSWORD.encode() not in data and crm.id.encode() not in data
    document = json.loads(data)
    assert document["kdf"]["name"] == "scrypt"
    assert (document["kdf"]["n"], document["kdf"]["r"], document["kdf"]["p"]) == (SCRYPT_N, 8, 1)
    assert len(base64.b64decode(document["kdf"]["salt"])) == 16
    # a second vault (a new session) reads it with the same master password
    again = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: MASTER)
    assert again.password(crm) == PASSWORD


def test_system_keyring_is_used_only_when_usable(secrets_file: Path, system_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    assert not SecretVault(secrets_file).has_keyring
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    vault = SecretVault(secrets_file)
    crm = _connection(PasswordPolicy.KEYRING)
    vault.store(crm, PASSWORD)
    ref = vault.secret_ref(crm)
    assert ref is not None and SECRET_REF.match(ref)
    assert resolve_secret(ref) == PASSWORD


def test_neither_keyring_nor_master_password_is_a_clear_error(
    secrets_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ETLX_MASTER_PASSWORD", raising=False)
    vault = SecretVault(secrets_file, keyring_backend=fail.Keyring())  # master from environment
    crm = _connection(PasswordPolicy.KEYRING)
    with pytest.raises(VaultUnavailable) as caught:
        vault.store(crm, PASSWORD)
    message = str(caught.value)
    assert "no usable OS keyring" in message and "ETLX_MASTER_PASSWORD" in message
    assert "never stored in plain text" in message and str(secrets_file) in message
    assert not secrets_file.exists()
    monkeypatch.setenv("ETLX_MASTER_PASSWORD", MASTER)
    assert vault.store(crm, PASSWORD) is SecretLocation.ENCRYPTED_FILE


def test_wrong_master_password_is_a_clear_error_and_changes_nothing(secrets_file: Path) -> None:
    crm = _connection(PasswordPolicy.ENCRYPTED_FILE)
    SecretVault(secrets_file, keyring_backend=None, master_password=lambda: MASTER).store(
        crm, PASSWORD
    )
    before = secrets_file.read_bytes()
    answers = iter(["wrong", MASTER])
    vault = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: next(answers))
    with pytest.raises(WrongMasterPassword) as caught:
        vault.password(crm)
    assert "InvalidToken" in str(caught.value) and str(secrets_file) in str(caught.value)
    assert isinstance(caught.value, SecretVaultError)
    assert secrets_file.read_bytes() == before
    assert vault.password(crm) == PASSWORD  # asked again, and right this time

    wrong = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: "wrong")
    with pytest.raises(WrongMasterPassword):
        wrong.store(_connection(PasswordPolicy.ENCRYPTED_FILE, "other"), "x")
    assert secrets_file.read_bytes() == before


def test_session_policy_keeps_the_password_in_memory_only(secrets_file: Path) -> None:
    backend = MemoryKeyring()
    vault = SecretVault(secrets_file, keyring_backend=backend, master_password=lambda: MASTER)
    crm = _connection(PasswordPolicy.SESSION)
    assert vault.store(crm, PASSWORD) is SecretLocation.SESSION
    assert vault.password(crm) == PASSWORD
    assert vault.secret_ref(crm) is None
    assert backend.passwords == {} and not secrets_file.exists()
    assert SecretVault(secrets_file, keyring_backend=backend).password(crm) is None
    vault.forget(crm)
    assert vault.password(crm) is None


def test_never_policy_keeps_nothing(secrets_file: Path) -> None:
    backend = MemoryKeyring()
    vault = SecretVault(secrets_file, keyring_backend=backend, master_password=lambda: MASTER)
    crm = _connection(PasswordPolicy.NEVER)
    assert vault.store(crm, PASSWORD) is SecretLocation.NOWHERE
    assert vault.password(crm) is None and vault.secret_ref(crm) is None
    assert backend.passwords == {} and not secrets_file.exists()


def test_several_connections_and_forgetting_one(secrets_file: Path) -> None:
    vault = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: MASTER)
    a, b = _connection(PasswordPolicy.ENCRYPTED_FILE, "a"), _connection(PasswordPolicy.KEYRING)
    vault.store(a, "pw-a")
    vault.store(b, "pw-b")
    vault.forget(a)
    assert vault.password(a) is None and vault.password(b) == "pw-b"
    assert EncryptedSecretsFile(secrets_file, MASTER).read() == {b.id: "pw-b"}


def test_change_master_password(secrets_file: Path) -> None:
    vault = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: MASTER)
    crm = _connection(PasswordPolicy.ENCRYPTED_FILE)
    vault.store(crm, PASSWORD)
    salt = json.loads(secrets_file.read_text())["kdf"]["salt"]
    vault.change_master_password("new master")
    assert json.loads(secrets_file.read_text())["kdf"]["salt"] != salt
    assert EncryptedSecretsFile(secrets_file, "new master").read() == {crm.id: PASSWORD}
    with pytest.raises(WrongMasterPassword):
        EncryptedSecretsFile(secrets_file, MASTER).read()


def test_a_broken_keyring_or_secrets_file_is_a_clear_error(secrets_file: Path) -> None:
    vault = SecretVault(secrets_file, keyring_backend=BrokenKeyring(), master_password=lambda: "m")
    with pytest.raises(SecretVaultError, match=r"keyring cannot keep .*'crm' \(KeyringLocked\)"):
        vault.store(_connection(PasswordPolicy.KEYRING), PASSWORD)
    secrets_file.parent.mkdir(parents=True)
    secrets_file.write_text("{not json")
    file_vault = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: "m")
    with pytest.raises(SecretVaultError, match="cannot be read"):
        file_vault.store(_connection(PasswordPolicy.ENCRYPTED_FILE), PASSWORD)
    assert secrets_file.read_text() == "{not json"


def test_resolve_secret_reads_the_encrypted_file_with_the_env_master_password(
    secrets_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = SecretVault(secrets_file, keyring_backend=None, master_password=lambda: MASTER)
    crm = _connection(PasswordPolicy.ENCRYPTED_FILE)
    vault.store(crm, PASSWORD)
    ref = vault.secret_ref(crm)
    assert ref == f"file:{secrets_file.resolve()}#{crm.id}" and SECRET_REF.match(ref)

    monkeypatch.delenv("ETLX_MASTER_PASSWORD", raising=False)
    with pytest.raises(MissingSecret, match="export ETLX_MASTER_PASSWORD"):
        resolve_secret(ref)
    monkeypatch.setenv("ETLX_MASTER_PASSWORD", "wrong")
    with pytest.raises(MissingSecret, match="does not open") as caught:
        resolve_secret(ref)
    assert PASSWORD not in str(caught.value)
    monkeypatch.setenv("ETLX_MASTER_PASSWORD", MASTER)
    assert resolve_secret(ref) == PASSWORD
    other = dataclasses.replace(crm, id="0" * 8)
    with pytest.raises(MissingSecret, match="not in the encrypted secrets file"):
        resolve_secret(f"file:{secrets_file}#{other.id}")
    with pytest.raises(MissingSecret, match="does not exist"):
        resolve_secret(f"file:{secrets_file.parent / 'gone.json'}#{crm.id}")


def test_a_plain_file_with_a_hash_in_its_name_is_still_read_as_before(tmp_path: Path) -> None:
    plain = tmp_path / "pass#word.txt"
    plain.write_text("plain-secret\n")
    assert resolve_secret(f"file:{plain}") == "plain-secret"
    assert resolve_secret("file:pass#word.txt", base_dir=tmp_path) == "plain-secret"
