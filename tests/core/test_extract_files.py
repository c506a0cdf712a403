"""Extraction from files: CSV (encoding, delimiter, decimal comma), Parquet, JSON lines, .xlsx."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etlx_desktop.core.metadata.model import Datatype, SourceKind
from etlx_desktop.core.rules.coerce import coerce
from etlx_desktop.core.sources import draft_from_file
from etlx_desktop.core.sources.reading import SourceAccess, SourceUnreadable
from etlx_desktop.core.sources.sessions import open_source_session

from .extracting import assert_chunked, read_table, source, table

ROWS = 50
CHUNK = 7
FILES = source(SourceKind.FILE, "data")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    return tmp_path / "data"


def _russian_csv(folder: Path) -> Path:
    lines = ["Код;Наименование;Цена;Артикул"]
    lines += [f"{i};Товар №{i} «ёлка»;{i},50;{i:05d}" for i in range(1, ROWS + 1)]
    lines += ["99;;NA;"]  # empty fields and NA stay as written: the field rules decide
    path = folder / "товары.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))
    return path


PRICE_COLUMNS = [
    ("Код", Datatype.INTEGER),
    ("Наименование", Datatype.STRING),
    ("Цена", Datatype.DECIMAL),
    ("Артикул", Datatype.STRING),
]


@pytest.mark.parametrize(
    "parameters",
    [
        {"encoding": "cp1251", "delimiter": ";", "decimal": ","},
        {"decimal": ","},  # encoding and delimiter detected
    ],
)
def test_a_cp1251_semicolon_csv_with_a_decimal_comma(
    data_dir: Path, tmp_path: Path, parameters: dict[str, str]
) -> None:
    _russian_csv(data_dir)
    goods = table("goods", PRICE_COLUMNS, file="товары.csv", parameters=parameters)
    rows = assert_chunked(read_table(FILES, goods, CHUNK, base_dir=tmp_path), ROWS + 1, CHUNK)
    assert list(rows.columns) == [c for c, _ in PRICE_COLUMNS]
    assert rows["Наименование"].iloc[0] == "Товар №1 «ёлка»"
    assert rows["Цена"].iloc[0] == "1.50"  # the decimal mark of a numeric column made `.`
    assert rows["Артикул"].iloc[6] == "00007"  # text stays text: no leading zero lost
    assert rows.iloc[-1].tolist() == ["99", "", "NA", ""]  # nothing guessed as null
    values, failed = coerce(rows["Цена"], Datatype.DECIMAL)
    assert float(values.iloc[ROWS - 1]) == ROWS + 0.5
    assert failed.sum() == 1  # only "NA"


def test_a_drafted_csv_table_reads_back_with_its_detected_parameters(
    data_dir: Path, tmp_path: Path
) -> None:
    path = _russian_csv(data_dir)
    (data_dir / "dupes.csv").write_text("a,a,,b\n1,2,3,4\n", encoding="utf-8")
    module = draft_from_file(data_dir)
    by_file = {t.extraction.file: t for t in module.tables}
    goods = by_file[path.name]
    parameters = goods.extraction.parameters or {}
    assert (parameters["encoding"], parameters["delimiter"]) == ("cp1251", ";")
    rows = pd.concat(read_table(FILES, goods, base_dir=tmp_path))
    assert list(rows.columns) == [c.name for c in goods.table_schema.columns]
    dupes = by_file["dupes.csv"]
    rows = pd.concat(read_table(FILES, dupes, base_dir=tmp_path))
    assert list(rows.columns) == [c.name for c in dupes.table_schema.columns]
    assert rows.iloc[0].tolist() == ["1", "2", "3", "4"]


def test_a_thousands_mark_and_quoted_delimiters(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "sums.csv").write_text('name|total\n"a|b"|1 234,5\nc|12,0\n', encoding="utf-8")
    sums = table(
        "sums",
        [("name", Datatype.STRING), ("total", Datatype.DOUBLE)],
        file="sums.csv",
        parameters={"decimal": ",", "thousands": " "},
    )
    rows = pd.concat(read_table(FILES, sums, base_dir=tmp_path))
    assert rows["name"].tolist() == ["a|b", "c"]
    assert rows["total"].tolist() == ["1234.5", "12.0"]


@pytest.mark.filterwarnings("ignore:Length of header:pandas.errors.ParserWarning")
def test_a_trailing_delimiter_does_not_shift_columns(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "t.csv").write_text("a;b\n1;2;\n3;;\n", encoding="utf-8")
    semicolons = table("t", ["a", "b"], file="t.csv", parameters={"delimiter": ";"})
    rows = pd.concat(read_table(FILES, semicolons, base_dir=tmp_path))
    assert rows.to_dict("list") == {"a": ["1", "3"], "b": ["2", ""]}


def test_parquet_in_record_batches(data_dir: Path, tmp_path: Path) -> None:
    frame = pa.table(
        {
            "id": pa.array(range(ROWS), pa.int64()),
            "amount": pa.array([Decimal(f"{i}.25") for i in range(ROWS)], pa.decimal128(8, 2)),
            "when": pa.array(pd.date_range("2026-01-01", periods=ROWS, freq="h")),
        }
    )
    pq.write_table(frame, data_dir / "t.parquet", row_group_size=10)
    parquet = table("t", ["id", "amount", "when"], file="t.parquet")
    with open_source_session(FILES, SourceAccess(tmp_path)) as session:
        reader = session.reader(parquet)
        assert reader.estimate_rows() == ROWS
        rows = assert_chunked(list(reader.chunks(CHUNK)), ROWS, CHUNK)
    assert rows["id"].tolist() == list(range(ROWS))
    assert rows["amount"].iloc[3] == Decimal("3.25")
    assert rows["when"].iloc[1] == pd.Timestamp("2026-01-01 01:00")


def test_json_lines_in_chunks(data_dir: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": i, "price": i + 0.1, "tags": ["x", i], "owner": {"name": f"n{i}"}})
        for i in range(ROWS)
    ]
    lines[3] = json.dumps({"id": 3, "extra": True})  # keys missing, one more
    lines.insert(10, "   ")  # blank lines are skipped
    (data_dir / "t.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    jsonl = table("t", ["id", "price", "tags", "owner"], file="t.jsonl")
    rows = assert_chunked(read_table(FILES, jsonl, CHUNK, base_dir=tmp_path), ROWS, CHUNK)
    assert rows["id"].tolist() == list(range(ROWS))
    assert rows["price"].iloc[0] == Decimal("0.1")  # exact, not a binary float
    assert json.loads(rows["tags"].iloc[5]) == ["x", 5]
    assert json.loads(rows["owner"].iloc[5]) == {"name": "n5"}
    assert pd.isna(rows["price"].iloc[3])
    assert rows["extra"].iloc[3] is True


def test_a_bad_json_line_is_named(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "t.jsonl").write_text('{"id": 1}\n{"id": \n', encoding="utf-8")
    with pytest.raises(SourceUnreadable, match=r"t\.jsonl, line 2: not JSON"):
        read_table(FILES, table("t", ["id"], file="t.jsonl"), base_dir=tmp_path)


def test_an_xlsx_sheet_in_chunks(data_dir: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["just", "notes"])
    sheet = book.create_sheet("Клиенты")
    sheet.append(["id", "ФИО", "born", None])  # a trailing empty header cell
    for i in range(1, ROWS + 1):
        sheet.append([i, f"Иванов {i}", pd.Timestamp(2000, 1, 1 + i % 28).to_pydatetime()])
        if i == 20:
            sheet.append([None, None, None])  # an empty row is skipped
    sheet.append([ROWS + 1])  # a short row
    book.save(data_dir / "book.xlsx")
    for wanted in ("Клиенты", 1):
        sheet_table = table(
            "clients", ["id", "ФИО", "born"], file="book.xlsx", parameters={"sheet": wanted}
        )
        rows = assert_chunked(
            read_table(FILES, sheet_table, CHUNK, base_dir=tmp_path), ROWS + 1, CHUNK
        )
        assert list(rows.columns) == ["id", "ФИО", "born"]
        assert rows["id"].tolist() == list(range(1, ROWS + 2))
        assert rows["ФИО"].iloc[0] == "Иванов 1"
        assert rows["born"].iloc[0] == pd.Timestamp(2000, 1, 2)
        assert pd.isna(rows["ФИО"].iloc[-1])
    default = table("notes", ["just", "notes"], file="book.xlsx")
    assert read_table(FILES, default, base_dir=tmp_path) == []  # header only: no rows
    missing = table("x", ["id"], file="book.xlsx", parameters={"sheet": "Nope"})
    with pytest.raises(SourceUnreadable, match="no sheet 'Nope'"):
        read_table(FILES, missing, base_dir=tmp_path)


def test_missing_files_and_folders_are_named(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(SourceUnreadable, match=r"file 'gone\.csv' does not exist"):
        read_table(FILES, table("g", file="gone.csv"), base_dir=tmp_path)
    with pytest.raises(SourceUnreadable, match="does not exist"):
        read_table(
            source(SourceKind.FILE, "elsewhere"), table("g", file="a.csv"), base_dir=tmp_path
        )
    (data_dir / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SourceUnreadable, match=r"\.xls is not supported"):
        read_table(FILES, table("o", file="old.xls"), base_dir=tmp_path)
    (data_dir / "broken.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(SourceUnreadable, match=r"table b: broken\.parquet"):
        read_table(FILES, table("b", file="broken.parquet"), base_dir=tmp_path)
