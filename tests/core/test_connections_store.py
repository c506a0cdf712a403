"""The connection store: one versioned JSON file, written atomically (0600), never overwritten
when it cannot be read, and exports without any password."""

from __future__ import annotations

import dataclasses
import json
import stat
from pathlib import Path

import pytest
from hypothesis import given

from etlx_desktop.core.connections import (
    Connection,
    ConnectionKind,
    ConnectionStore,
    InvalidConnection,
    PasswordPolicy,
    SecretVault,
    StoreFileUnreadable,
    UnknownConnection,
    default_store_path,
    from_url,
)
from etlx_desktop.core.connections.codec import connection_from_json, connection_to_json

from .connection_examples import any_connections

PASSWORD = "Sup3r-S3cret!pw"


def _crm(name: str = "crm") -> Connection:
    return Connection(
        name=name,
        kind=ConnectionKind.POSTGRESQL,
        host="db.example",
        port=5432,
        database="crm",
        user="etl",
        password_policy=PasswordPolicy.ENCRYPTED_FILE,
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def store(tmp_path: Path) -> ConnectionStore:
    return ConnectionStore(tmp_path / "config" / "etlx-desktop" / "connections.json")


def test_default_path_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = Path("/xdg/etlx-desktop/connections.json")
    assert default_store_path({"XDG_CONFIG_HOME": "/xdg"}) == expected
    home = tmp_path / "home" / ".config" / "etlx-desktop" / "connections.json"
    assert default_store_path({}) == home
    assert default_store_path({"XDG_CONFIG_HOME": "relative/dir"}) == home
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert ConnectionStore().path == tmp_path / "xdg" / "etlx-desktop" / "connections.json"


def test_add_get_update_duplicate_delete(store: ConnectionStore) -> None:
    assert store.connections() == []
    crm = store.add(_crm())
    assert store.get(crm.id) == crm
    assert _mode(store.path) == 0o600
    document = json.loads(store.path.read_text())
    assert document["version"] == 1 and len(document["connections"]) == 1

    moved = store.update(dataclasses.replace(crm, host="db2.example"))
    assert store.get(crm.id).host == "db2.example"
    assert moved.created == crm.created and moved.updated >= crm.updated

    copy = store.duplicate(crm.id)
    again = store.duplicate(crm.id)
    assert (copy.name, again.name) == ("copy of crm", "copy of crm (2)")
    assert copy.id != crm.id and copy.host == "db2.example"
    assert [c.name for c in store.connections()] == ["crm", "copy of crm", "copy of crm (2)"]

    assert store.delete(copy.id) == copy
    with pytest.raises(UnknownConnection):
        store.get(copy.id)
    with pytest.raises(UnknownConnection):
        store.delete(copy.id)
    assert _mode(store.path) == 0o600
    assert not list(store.path.parent.glob(".connections.json.*"))  # no temporary file left


def test_names_are_unique_and_bad_connections_are_refused(store: ConnectionStore) -> None:
    crm = store.add(_crm())
    with pytest.raises(InvalidConnection, match="already named"):
        store.add(_crm(name=" CRM "))
    with pytest.raises(InvalidConnection, match="looks like a secret"):
        store.add(dataclasses.replace(_crm("other"), extra={"password": PASSWORD}))
    with pytest.raises(InvalidConnection, match="host"):
        store.update(dataclasses.replace(crm, host=None))
    assert store.connections() == [crm]
    assert PASSWORD not in store.path.read_text()


@given(any_connections())
def test_json_round_trip(connection: Connection) -> None:
    data = json.loads(json.dumps(connection_to_json(connection)))
    assert connection_from_json(data) == connection


def test_not_json_is_reported_and_never_overwritten(store: ConnectionStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"version": 1, "connections": [', encoding="utf-8")
    before = store.path.read_bytes()
    with pytest.raises(StoreFileUnreadable) as caught:
        store.connections()
    message = str(caught.value)
    assert str(store.path) in message and "not valid JSON" in message
    assert "left as it is" in message
    with pytest.raises(StoreFileUnreadable):
        store.add(_crm())
    assert store.path.read_bytes() == before


@pytest.mark.parametrize(
    ("document", "words"),
    [
        ({"version": 2, "connections": []}, "newer ETL-Express Desktop (format version 2"),
        ({"connections": []}, 'no "version"'),
        ({"version": 1}, 'no "connections" list'),
        ({"version": 1, "connections": [{"name": "x"}]}, "bad connection #1 (missing key 'kind')"),
        (
            {"version": 1, "connections": [{"name": "x", "kind": "oracle", "id": "1"}]},
            "kind: 'oracle' is not one of the known values",
        ),
        ([1, 2], 'no "version"'),
    ],
)
def test_unreadable_files_name_the_file_and_stay(
    store: ConnectionStore, document: object, words: str
) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps(document), encoding="utf-8")
    before = store.path.read_bytes()
    for call in (store.connections, lambda: store.add(_crm()), lambda: store.delete("x")):
        with pytest.raises(StoreFileUnreadable) as caught:
            call()
        assert words in str(caught.value) and str(store.path) in str(caught.value)
    assert store.path.read_bytes() == before


def test_unknown_keys_of_a_newer_version_are_refused(store: ConnectionStore) -> None:
    store.add(_crm())
    document = json.loads(store.path.read_text())
    document["connections"][0]["kerberos"] = "yes"
    store.path.write_text(json.dumps(document))
    with pytest.raises(StoreFileUnreadable, match="unknown key 'kerberos'"):
        store.connections()


def test_set_aside_keeps_the_unreadable_file(store: ConnectionStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text("garbage", encoding="utf-8")
    kept = store.set_aside()
    assert kept.read_text() == "garbage" and kept.parent == store.path.parent
    assert "unreadable" in kept.name
    assert store.connections() == []
    store.add(_crm())
    assert len(store.connections()) == 1


def test_export_and_import_without_passwords(tmp_path: Path, store: ConnectionStore) -> None:
    vault = SecretVault(
        tmp_path / "secrets.json", keyring_backend=None, master_password=lambda: "m"
    )
    pasted, password = from_url(f"postgresql://etl:{PASSWORD}@db.example:5432/crm")
    assert password == PASSWORD
    crm = store.add(
        dataclasses.replace(pasted, name="crm", password_policy=PasswordPolicy.ENCRYPTED_FILE)
    )
    vault.store(crm, password)
    s3 = store.add(
        Connection(
            name="lake",
            kind=ConnectionKind.S3,
            bucket="lake",
            password_policy=PasswordPolicy.KEYRING,
        )
    )
    store.add(Connection(name="in", kind=ConnectionKind.FOLDER, path="/data/in"))
    export = tmp_path / "export" / "mine.json"
    store.export_connections([crm.id, s3.id], export)
    assert _mode(export) == 0o600

    for file in (store.path, export, vault.secrets_file):
        data = file.read_bytes()
        assert PASSWORD.encode() not in data, file
        assert b"password" not in data.replace(b"password_policy", b""), file

    other = ConnectionStore(tmp_path / "other" / "connections.json")
    other.add(_crm(name="crm"))
    imported = other.import_connections(export)
    assert [c.name for c in imported] == ["crm (2)", "lake"]
    assert imported[1].id == s3.id  # a new id only where the id is taken
    assert {c.name for c in other.connections()} == {"crm", "crm (2)", "lake"}
    # importing into the same store again: every id and name is taken
    twice = store.import_connections(export)
    assert [c.name for c in twice] == ["crm (2)", "lake (2)"]
    assert {c.id for c in twice}.isdisjoint({crm.id, s3.id})
    assert vault.password(crm) == PASSWORD


def test_export_of_an_unknown_id_and_import_of_a_bad_file(
    tmp_path: Path, store: ConnectionStore
) -> None:
    with pytest.raises(UnknownConnection):
        store.export_connections(["nope"], tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()
    with pytest.raises(StoreFileUnreadable, match="does not exist"):
        store.import_connections(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "connections": [connection_to_json(_crm())] * 2}))
    with pytest.raises(StoreFileUnreadable, match="twice"):
        store.import_connections(bad)
    assert store.connections() == []
