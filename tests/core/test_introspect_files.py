"""Drafting a module from data files (CSV, Parquet, JSON lines, Excel), folders and SQLite."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etlx_desktop.core.metadata import Datatype, NullStrategy, SourceKind, Table
from etlx_desktop.core.sources import (
    SourceUnavailable,
    UnknownTable,
    UnsupportedSource,
    draft_from_file,
    draft_module,
)

Check = Callable[..., None]

CP1251_ROWS = [
    "Код;Имя;Сумма;Дата;Создано;Активен;Комментарий;ИНН",
    "1;Иван Петров;12,50;2024-01-05;2024-01-05 10:00:00;true;;007712345678",
    "2;Пётр;7;2024-02-10;2024-02-10T11:30:00;false;скидка 5%;",
    "3;Анна;1000,05;2024-03-01;2024-03-01 09:15:30;TRUE;;500100732259",
]


def types_of(table: Table) -> dict[str, Datatype]:
    return {c.name: c.datatype for c in table.table_schema.columns}


def write_cp1251_csv(folder: Path) -> Path:
    path = folder / "Клиенты 2024.csv"
    path.write_bytes("\r\n".join(CP1251_ROWS).encode("cp1251") + b"\r\n")
    return path


def write_parquet(path: Path) -> Path:
    schema = pa.schema(
        [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("small", pa.int16()),
            pa.field("qty", pa.int32()),
            pa.field("price", pa.decimal128(12, 2)),
            pa.field("ratio", pa.float64()),
            pa.field("ok", pa.bool_()),
            pa.field("day", pa.date32()),
            pa.field("at", pa.timestamp("us", tz="UTC")),
            pa.field("at_time", pa.time64("us")),
            pa.field("name", pa.string()),
            pa.field("kind", pa.dictionary(pa.int8(), pa.string())),
            pa.field("tags", pa.list_(pa.int32())),
            pa.field("blob", pa.binary()),
        ]
    )
    row = {
        "id": [1],
        "small": [2],
        "qty": [3],
        "price": [Decimal("12.50")],
        "ratio": [0.5],
        "ok": [True],
        "day": [dt.date(2024, 1, 5)],
        "at": [dt.datetime(2024, 1, 5, 10, tzinfo=dt.UTC)],
        "at_time": [dt.time(10, 30)],
        "name": ["Иван"],
        "kind": ["retail"],
        "tags": [[1, 2]],
        "blob": [b"\x00\x01"],
    }
    pq.write_table(pa.table(row, schema=schema), path)
    return path


def write_jsonl(path: Path) -> Path:
    records = [
        '{"id": 1, "amount": 12.5, "ok": true, "at": "2024-01-05T10:00:00Z", '
        '"day": "2024-01-05", "meta": {"a": 1}, "code": "007"}',
        "",
        '{"id": 2, "amount": 3, "ok": false, "at": "2024-01-06T11:00:00+03:00", '
        '"day": "2024-01-06", "meta": [1, 2], "note": "x"}',
    ]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return path


def write_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    orders = book.active
    orders.title = "Orders"
    orders.append(["order_id", "placed", "when", "amount", "paid", "comment"])
    orders.append([1, dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 10, 30), 12.5, True, None])
    orders.append([2, dt.date(2024, 1, 6), dt.datetime(2024, 1, 6, 9, 0), 7, False, "gift"])
    customers = book.create_sheet("Клиенты")
    customers.append(["Имя", None, "Город"])
    customers.append(["Иван", "x", "Москва"])
    book.create_sheet("Empty")
    book.save(path)
    return path


def test_csv_in_cp1251_with_semicolons(tmp_path: Path, check_draft: Check) -> None:
    path = write_cp1251_csv(tmp_path)

    module = draft_from_file(path)

    check_draft(module)
    [table] = module.tables
    assert table.table_name == "klienty_2024"
    assert table.url == "tables/klienty_2024"
    assert table.extraction.file == "Клиенты 2024.csv"
    assert table.extraction.parameters == {"encoding": "cp1251", "delimiter": ";", "decimal": ","}
    assert types_of(table) == {
        "Код": Datatype.INTEGER,
        "Имя": Datatype.STRING,
        "Сумма": Datatype.DECIMAL,
        "Дата": Datatype.DATE,
        "Создано": Datatype.DATETIME,
        "Активен": Datatype.BOOLEAN,
        "Комментарий": Datatype.STRING,
        "ИНН": Datatype.STRING,  # leading zeros: a code, not a number
    }
    columns = {c.name: c for c in table.table_schema.columns}
    assert columns["Комментарий"].null == [""]
    assert columns["ИНН"].null == [""]
    assert columns["Код"].null == []
    assert all(c.null_strategy is NullStrategy.KEEP for c in columns.values())
    [source] = module.data_sources
    assert source.kind is SourceKind.FILE
    assert source.endpoint_url == str(tmp_path)
    assert module.identifier == "klienty_2024"


def test_csv_utf8_with_bom_and_commas(tmp_path: Path, check_draft: Check) -> None:
    path = tmp_path / "prices.csv"
    path.write_bytes(b"\xef\xbb\xbf" + 'id,name,price\n1,"Чай, зелёный",10.5\n'.encode())

    module = draft_from_file(path)

    check_draft(module)
    table = module.tables[0]
    assert table.extraction.parameters == {"encoding": "utf-8-sig", "delimiter": ","}
    assert types_of(table) == {
        "id": Datatype.INTEGER,
        "name": Datatype.STRING,
        "price": Datatype.DECIMAL,
    }


@pytest.mark.parametrize("delimiter", ["\t", "|"])
def test_csv_tab_and_pipe_delimiters(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "data.csv"
    lines = ["id", "title", "big"], ["1", "a b", "9000000000"], ["2", "c", "-3"]
    path.write_text("\n".join(delimiter.join(line) for line in lines) + "\n", encoding="utf-8")

    table = draft_from_file(path).tables[0]

    assert table.extraction.parameters == {"encoding": "utf-8", "delimiter": delimiter}
    assert types_of(table) == {
        "id": Datatype.INTEGER,
        "title": Datatype.STRING,
        "big": Datatype.LONG,
    }


def test_parquet_types_come_from_its_schema(tmp_path: Path, check_draft: Check) -> None:
    module = draft_from_file(write_parquet(tmp_path / "Sales 2024.parquet"))

    check_draft(module)
    [table] = module.tables
    assert table.table_name == "sales_2024"
    assert table.extraction.file == "Sales 2024.parquet"
    assert table.extraction.parameters is None
    assert types_of(table) == {
        "id": Datatype.LONG,
        "small": Datatype.SHORT,
        "qty": Datatype.INTEGER,
        "price": Datatype.DECIMAL,
        "ratio": Datatype.DOUBLE,
        "ok": Datatype.BOOLEAN,
        "day": Datatype.DATE,
        "at": Datatype.DATETIME,
        "at_time": Datatype.TIME,
        "name": Datatype.STRING,
        "kind": Datatype.STRING,
        "tags": Datatype.JSON,
        "blob": Datatype.BINARY,
    }
    identifier = table.table_schema.columns[0]
    assert identifier.required is True
    assert identifier.null_strategy is NullStrategy.REJECT


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson"])
def test_json_lines(tmp_path: Path, check_draft: Check, suffix: str) -> None:
    module = draft_from_file(write_jsonl(tmp_path / f"events{suffix}"))

    check_draft(module)
    assert types_of(module.tables[0]) == {
        "id": Datatype.INTEGER,
        "amount": Datatype.DECIMAL,
        "ok": Datatype.BOOLEAN,
        "at": Datatype.DATETIME,
        "day": Datatype.DATE,
        "meta": Datatype.JSON,
        "code": Datatype.STRING,
        "note": Datatype.STRING,
    }


def test_excel_has_one_table_per_sheet(tmp_path: Path, check_draft: Check) -> None:
    module = draft_from_file(write_workbook(tmp_path / "sales book.xlsx"), name="Sales book")

    check_draft(module)
    assert module.identifier == "sales_book"
    assert [t.table_name for t in module.tables] == ["sales_book_orders", "sales_book_klienty"]
    orders, customers = module.tables
    assert orders.extraction.file == "sales book.xlsx"
    assert orders.extraction.parameters == {"sheet": "Orders"}
    assert customers.extraction.parameters == {"sheet": "Клиенты"}
    assert types_of(orders) == {
        "order_id": Datatype.INTEGER,
        "placed": Datatype.DATE,
        "when": Datatype.DATETIME,
        "amount": Datatype.DECIMAL,
        "paid": Datatype.BOOLEAN,
        "comment": Datatype.STRING,
    }
    assert [c.name for c in customers.table_schema.columns] == ["Имя", "column_2", "Город"]


def test_folder_drafts_every_supported_file(tmp_path: Path, check_draft: Check) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    write_cp1251_csv(folder)
    write_parquet(folder / "sales.parquet")
    write_jsonl(folder / "events.jsonl")
    write_workbook(folder / "book.xlsx")
    (folder / "README.txt").write_text("not data", encoding="utf-8")
    (folder / ".hidden.csv").write_text("a,b\n1,2\n", encoding="utf-8")

    module = draft_from_file(str(folder))

    check_draft(module)
    assert module.identifier == "exports"
    assert module.data_sources[0].endpoint_url == str(folder)
    assert {t.table_name: t.extraction.file for t in module.tables} == {
        "book_orders": "book.xlsx",
        "book_klienty": "book.xlsx",
        "events": "events.jsonl",
        "sales": "sales.parquet",
        "klienty_2024": "Клиенты 2024.csv",
    }


def test_folder_skips_unreadable_files_and_says_so(tmp_path: Path, check_draft: Check) -> None:
    (tmp_path / "good.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    (tmp_path / "broken.parquet").write_bytes(b"not a parquet file")
    (tmp_path / "empty.csv").write_bytes(b"")

    module = draft_from_file(tmp_path, tables=["good"])

    check_draft(module)
    assert [t.table_name for t in module.tables] == ["good"]
    assert "broken.parquet" in (module.description or "")
    assert "empty.csv" in (module.description or "")


def test_same_stem_in_two_files_gets_unique_names(tmp_path: Path, check_draft: Check) -> None:
    (tmp_path / "data.csv").write_text("a\n1\n", encoding="utf-8")
    write_jsonl(tmp_path / "data.jsonl")

    module = draft_from_file(tmp_path)

    check_draft(module)
    assert [t.table_name for t in module.tables] == ["data", "data_2"]


def test_unknown_table_in_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "events.jsonl")

    with pytest.raises(UnknownTable, match=r"unknown table 'orders'\. Tables: events"):
        draft_from_file(tmp_path, tables=["orders"])


def test_unsupported_file_and_missing_path(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")

    with pytest.raises(UnsupportedSource, match=r"unsupported file type; supported: \.csv"):
        draft_from_file(notes)
    with pytest.raises(UnsupportedSource, match="no such file or folder"):
        draft_from_file(tmp_path / "missing.csv")
    with pytest.raises(UnsupportedSource, match="holds no supported files"):
        draft_from_file(tmp_path)


def make_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.executescript(
            """
            CREATE TABLE shops (region TEXT, id INTEGER, PRIMARY KEY (region, id));
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                shop_id INTEGER NOT NULL,
                total NUMERIC(12, 2),
                placed_at DATETIME,
                FOREIGN KEY (region, shop_id) REFERENCES shops (region, id)
            );
            CREATE TABLE notes (order_id INTEGER REFERENCES orders, body TEXT);
            CREATE VIEW totals AS SELECT region, SUM(total) AS total FROM orders GROUP BY region;
            """
        )
    connection.close()


def test_sqlite_is_read_without_touching_the_file(tmp_path: Path, check_draft: Check) -> None:
    database = tmp_path / "shop.sqlite"
    make_sqlite(database)
    before = (database.read_bytes(), database.stat().st_mtime_ns)

    module = draft_module(f"sqlite:///{database}")

    check_draft(module)
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.sqlite"]
    assert module.identifier == "shop"
    assert module.data_sources[0].kind is SourceKind.SQLITE
    assert module.data_sources[0].endpoint_url == f"sqlite:///{database}"
    orders = module.table("orders")
    assert orders.extraction.source_table == "orders"
    assert types_of(orders)["total"] is Datatype.DECIMAL
    assert types_of(orders)["placed_at"] is Datatype.DATETIME
    [key] = orders.table_schema.foreign_keys
    assert (key.reference.resource, key.reference.column_reference) == (
        "tables/shops",
        ["region", "id"],
    )
    [implicit] = module.table("notes").table_schema.foreign_keys  # REFERENCES orders
    assert implicit.reference.column_reference == ["id"]
    assert module.table("totals").table_schema.primary_key == []


def test_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"

    with pytest.raises(SourceUnavailable, match="does not exist"):
        draft_module(f"sqlite:///{missing}")

    assert not missing.exists()


def test_dispatcher_tells_what_it_accepts(tmp_path: Path) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("x\n1\n", encoding="utf-8")

    assert draft_module(str(csv_file)).data_sources[0].kind is SourceKind.FILE
    with pytest.raises(UnsupportedSource, match="unsupported URL scheme 'ftp'; accepted: "):
        draft_module("ftp://example.org/data.csv")
    with pytest.raises(ValueError, match=r"neither a database URL nor an existing path.*\.xlsx"):
        draft_module(str(tmp_path / "missing.csv"))
    with pytest.raises(UnsupportedSource, match="schema applies to databases"):
        draft_module(str(csv_file), schema="public")
    with pytest.raises(UnsupportedSource) as caught:
        draft_module("admin:hunter2@db.example.org/shop")
    assert "hunter2" not in str(caught.value)


def test_drafted_file_module_text_is_plain_json(tmp_path: Path) -> None:
    from etlx_desktop.core.metadata import dumps_module

    module = draft_from_file(write_cp1251_csv(tmp_path))
    document = json.loads(dumps_module(module))

    assert document["tables"][0]["extraction"]["parameters"]["delimiter"] == ";"
    assert document["tables"][0]["tableSchema"]["columns"][1]["name"] == "Имя"
