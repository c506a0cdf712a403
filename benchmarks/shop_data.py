"""The benchmark's source database and module: N customers and 3N orders of a Russian shop,
generated server-side (generate_series over arrays of names), with some dirt, and a PG->PG
module with the standard rule set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

SERVER = "postgresql://postgres@127.0.0.1:5432"
KEY_ENV = "ETLX_BENCH_KEY"
KEY = "5a" * 32  # a fixed benchmark key: the runs are comparable, and nothing here is secret

_MEN = "'Александр','Сергей','Дмитрий','Андрей','Алексей','Максим','Иван','Михаил','Никита','Егор'"
_WOMEN = "'Анна','Мария','Елена','Ольга','Наталья','Татьяна','Ирина','Светлана','Юлия','Дарья'"
_SURNAMES = (
    "'Иванов','Смирнов','Кузнецов','Попов','Васильев','Петров','Соколов','Михайлов',"
    "'Новиков','Фёдоров','Морозов','Волков','Алексеев','Лебедев','Семёнов','Егоров'"
)
_FATHERS = "'Александров','Сергеев','Дмитриев','Андреев','Алексеев','Максимов','Иванов','Петров'"
_CITIES = "'Москва','Санкт-Петербург','Казань','Новосибирск','Екатеринбург','Самара','Омск'"

CUSTOMERS_DDL = (
    "CREATE TABLE {t} (id bigint{pk}, full_name text, gender text, email text, phone text,"
    " birth_date date, inn text, city text, registered_at timestamptz, balance numeric(12,2))"
)
ORDERS_DDL = (
    "CREATE TABLE {t} (id bigint{pk}, customer_id bigint{fk}, ordered_at timestamptz,"
    " amount numeric(12,2), status text, delivery_phone text)"
)

_PHONE = (
    "CASE WHEN {g} % 41 = 0 THEN NULL WHEN {g} % 53 = 0 THEN '12-34'"
    " WHEN {g} % 3 = 0 THEN '+79' || lpad((({g} * 7919) % 1000000000)::text, 9, '0')"
    " WHEN {g} % 3 = 1 THEN '8 (9' || lpad((({g} * 31) % 100)::text, 2, '0') || ') '"
    "  || lpad((({g} * 17) % 1000)::text, 3, '0') || '-' || lpad(({g} % 100)::text, 2, '0')"
    "  || '-' || lpad((({g} * 7) % 100)::text, 2, '0')"
    " ELSE '+7 9' || lpad((({g} * 104729) % 1000000000)::text, 9, '0') END"
)

CUSTOMERS_INSERT = f"""
INSERT INTO customers
SELECT g,
  CASE WHEN g % 2 = 0
    THEN s[1 + (g * 7) % cardinality(s)] || ' ' || m[1 + (g * 13) % cardinality(m)] || ' '
         || f[1 + (g * 3) % cardinality(f)] || 'ич'
    ELSE s[1 + (g * 7) % cardinality(s)] || 'а ' || w[1 + (g * 13) % cardinality(w)] || ' '
         || f[1 + (g * 3) % cardinality(f)] || 'на' END,
  CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END,
  CASE WHEN g % 20 = 0 THEN NULL WHEN g % 97 = 0 THEN 'нет почты'
       ELSE 'user' || g || '@' || (ARRAY['mail.ru','yandex.ru','gmail.com','bk.ru'])[1 + g % 4]
  END,
  {_PHONE.format(g="g")},
  CASE WHEN g % 31 = 0 THEN NULL WHEN g % 211 = 0 THEN DATE '1800-01-01'
       ELSE DATE '1945-01-01' + ((g * 37) % 22000)::int END,
  lpad(((g * 104723) % 1000000000000)::text, 12, '0'),
  c[1 + (g * 11) % cardinality(c)],
  TIMESTAMPTZ '2015-01-01 00:00:00+03' + g * INTERVAL '97 seconds',
  CASE WHEN g % 199 = 0 THEN -10 ELSE ((g * 7907) % 10000000) / 100.0 END
FROM generate_series(1::bigint, %(n)s) g,
  (SELECT ARRAY[{_SURNAMES}] s, ARRAY[{_MEN}] m, ARRAY[{_WOMEN}] w, ARRAY[{_FATHERS}] f,
          ARRAY[{_CITIES}] c) names
"""

ORDERS_INSERT = f"""
INSERT INTO orders
SELECT g, 1 + (g * 7) % %(n)s,
  CASE WHEN g % 997 = 0 THEN NULL
       ELSE TIMESTAMPTZ '2020-01-01 00:00:00+03' + g * INTERVAL '31 seconds' END,
  CASE WHEN g % 101 = 0 THEN NULL WHEN g % 307 = 0 THEN -5 WHEN g % 1009 = 0 THEN 99999999
       ELSE ((g * 31) % 5000000) / 100.0 END,
  CASE WHEN g % 503 = 0 THEN 'lost'
       ELSE (ARRAY['new','paid','shipped','delivered','cancelled',' Paid ','SHIPPED',NULL])
            [1 + (g * 5) % 8] END,
  {_PHONE.format(g="(g + 11)")}
FROM generate_series(1::bigint, %(orders)s) g
"""


def connect(database: str, autocommit: bool = True) -> psycopg.Connection[Any]:
    return psycopg.connect(f"{SERVER}/{database}", autocommit=autocommit)


def recreate_database(name: str) -> None:
    with connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def source_rows(database: str) -> int | None:
    """The N the source database was built for, or None if there is none."""
    try:
        with connect(database) as conn:
            row = conn.execute("SELECT n FROM bench_info").fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else None


def build_source(database: str, n: int) -> None:
    """N customers and 3N orders, built on the server, analysed, with the FK in place."""
    recreate_database(database)
    with connect(database) as conn:
        conn.execute(CUSTOMERS_DDL.format(t="customers", pk=" PRIMARY KEY", fk=""))
        conn.execute(
            ORDERS_DDL.format(t="orders", pk=" PRIMARY KEY", fk=" REFERENCES customers(id)")
        )
        conn.execute(CUSTOMERS_INSERT.replace("%(n)s", str(n)))
        conn.execute(ORDERS_INSERT.replace("%(n)s", str(n)).replace("%(orders)s", str(3 * n)))
        conn.execute("VACUUM ANALYZE customers")
        conn.execute("VACUUM ANALYZE orders")
        # a big table's seq scan may start where the last one stopped (synchronize_seqscans);
        # noise is seeded by row position, so runs compare only when every scan starts at 0
        conn.execute(f'ALTER DATABASE "{database}" SET synchronize_seqscans = off')
        conn.execute("CREATE TABLE bench_info (n bigint)")
        conn.execute("INSERT INTO bench_info VALUES (%s)", (n,))


def _column(name: str, datatype: str, sql_type: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "datatype": datatype, "sqlType": sql_type, **extra}


def _rule(method: str, **extra: Any) -> dict[str, Any]:
    return {"@type": "AnonymizationRule", "method": method, **extra}


def _step(normalizer: str, *columns: str) -> dict[str, Any]:
    return {"@type": "TransformStep", "normalizer": normalizer, "appliesTo": list(columns)}


def _customers() -> dict[str, Any]:
    pseudonym = _rule("pseudonymize", keyDomain="bench.customer")
    columns = [
        _column("id", "integer", "bigint", required=True, nullStrategy="reject",
                personalData="dpv:IdentifyingPersonalData", anonymization=pseudonym),
        _column("full_name", "string", "text", required=True, nullStrategy="reject",
                personalData="pd:Name", anonymization=_rule(
                    "fake", keyDomain="bench.name",
                    parameters={"kind": "full_name", "gender_column": "gender"})),
        _column("gender", "string", "text", nullStrategy="keep", allowedValues=["M", "F"],
                onViolation="set_null", anonymization=_rule("keep")),
        _column("email", "string", "text", null=["", "N/A"], nullStrategy="keep",
                pattern="^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", onViolation="set_null",
                personalData="pd:EmailAddress",
                anonymization=_rule("hash", keyDomain="bench.email", parameters={"length": 24})),
        _column("phone", "string", "text", null=["", "N/A"], nullStrategy="keep",
                personalData="pd:TelephoneNumber",
                anonymization=_rule("mask", parameters={"keep_first": 2, "keep_last": 2})),
        _column("birth_date", "date", "date", nullStrategy="keep", minimum="1900-01-01",
                maximum="2025-12-31", onViolation="set_null", personalData="pd:BirthDate",
                anonymization=_rule("generalize", parameters={"to": "month"})),
        _column("inn", "string", "text", nullStrategy="keep", pattern="^[0-9]{12}$",
                onViolation="set_null", personalData="pd:TaxIdentificationNumber",
                anonymization=_rule("fake", keyDomain="bench.inn", parameters={"kind": "inn"})),
        _column("city", "string", "text", nullStrategy="keep", anonymization=_rule("keep")),
        _column("registered_at", "datetime", "timestamptz", required=True,
                nullStrategy="reject"),
        _column("balance", "decimal", "numeric(12,2)", nullStrategy="keep", minimum=0,
                maximum=1000000, onViolation="reject"),
    ]  # fmt: skip
    return _table("customers", columns, [_step("phone_e164", "phone")], [])


def _orders() -> dict[str, Any]:
    noise = _rule("noise", parameters={"distribution": "laplace", "scale": 0.05, "relative": True})
    columns = [
        _column("id", "integer", "bigint", required=True, nullStrategy="reject"),
        _column("customer_id", "integer", "bigint", required=True, nullStrategy="reject"),
        _column("ordered_at", "datetime", "timestamptz", nullStrategy="drop_row"),
        _column("amount", "decimal", "numeric(12,2)", nullStrategy="reject", minimum=0,
                maximum=1000000, onViolation="reject", anonymization=noise),
        _column("status", "string", "text", null=["", "N/A"], nullStrategy="fill_default",
                default="new", allowedValues=["new", "paid", "shipped", "delivered",
                                              "cancelled"], onViolation="reject"),
        _column("delivery_phone", "string", "text", nullStrategy="keep",
                personalData="pd:TelephoneNumber",
                anonymization=_rule("mask", parameters={"keep_first": 2, "keep_last": 2})),
    ]  # fmt: skip
    steps = [
        _step("trim", "status"),
        _step("lower", "status"),
        _step("phone_e164", "delivery_phone"),
    ]
    foreign = {
        "columnReference": ["customer_id"],
        "reference": {"resource": "tables/customers", "columnReference": ["id"]},
        "keyHandling": "inherit",
    }
    return _table("orders", columns, steps, [foreign])


def _table(
    name: str, columns: list[dict[str, Any]], steps: list[dict[str, Any]], fks: list[Any]
) -> dict[str, Any]:
    schema: dict[str, Any] = {"columns": columns, "primaryKey": ["id"]}
    if fks:
        schema["foreignKeys"] = fks
    return {
        "@type": "Table",
        "url": f"tables/{name}",
        "tableName": name,
        "extraction": {"@type": "ExtractStep", "fromSource": "shop", "sourceTable": name},
        "transformation": steps,
        "tableSchema": schema,
    }


def write_module(folder: Path, source_db: str, target_db: str) -> Path:
    """The PG->PG benchmark module, saved as `bench.jsonld` in `folder`."""
    module = {
        "@context": [
            "http://www.w3.org/ns/csvw",
            "https://w3id.org/etlx/contexts/datamodule-v1.jsonld",
        ],
        "@id": "urn:etlx:module:bench",
        "@type": ["DataModule", "Dataset", "TableGroup"],
        "identifier": "bench",
        "title": "PG->PG benchmark",
        "version": 1,
        "keyRef": f"env:{KEY_ENV}",
        "dataSource": [
            {
                "@type": "DataSource",
                "identifier": "shop",
                "kind": "postgresql",
                "endpointURL": f"{SERVER}/{source_db}",
            }
        ],
        "tables": [_customers(), _orders()],
        "upload": {"@type": "UploadStep", "target": ["warehouse"]},
        "distribution": [
            {
                "@type": "Distribution",
                "identifier": "warehouse",
                "kind": "postgresql",
                "accessURL": f"{SERVER}/{target_db}",
            }
        ],
    }
    path = folder / "bench.jsonld"
    path.write_text(json.dumps(module, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run_etlx(
    module: Path, chunk_rows: int | None = None, code: Path | None = None
) -> tuple[float, float, dict[str, Any]]:
    """(wall seconds, peak RSS in MiB, the JSON report) of one `etlx run --json` in a child
    process, with the benchmark key; `code` runs the product from another checkout."""
    command = [sys.executable, "-m", "etlx_desktop", "run", str(module), "--json"]
    if chunk_rows:
        command += ["--chunk-rows", str(chunk_rows)]
    env = {**os.environ, KEY_ENV: KEY}
    if code is not None:  # `-m` puts the working directory first on the path
        env["PYTHONPATH"] = str(code)
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=code, stdout=subprocess.PIPE, stderr=err)
        assert child.stdout is not None
        out = child.stdout.read()
        # wait4 reaps the child with its own rusage (RUSAGE_CHILDREN would be a running max)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace")[-3000:]
            raise SystemExit(f"etlx run failed ({child.returncode}):\n{message}")
    return seconds, usage.ru_maxrss / 1024, json.loads(out)
