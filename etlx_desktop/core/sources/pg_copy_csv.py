"""COPY's CSV as Arrow: every column as text, NULL an unquoted empty field, '' a quoted one."""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow as pa
import pyarrow.csv as pa_csv

BLOCK_BYTES = 1 << 20


def csv_options(
    width: int,
) -> tuple[pa_csv.ReadOptions, pa_csv.ParseOptions, pa_csv.ConvertOptions]:
    """pyarrow's options for COPY's CSV of `width` columns, named c0, c1, ..."""
    names = [f"c{i}" for i in range(width)]
    return (
        pa_csv.ReadOptions(column_names=names, block_size=BLOCK_BYTES),
        pa_csv.ParseOptions(newlines_in_values=True),
        pa_csv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def parse_blocks(blocks: Iterator[bytes], width: int) -> Iterator[pa.RecordBatch]:
    """The rows of blocks that each hold whole rows, so that each parses on its own."""
    read_options, parse_options, convert_options = csv_options(width)
    for block in blocks:
        table = pa_csv.read_csv(
            pa.py_buffer(block),
            read_options=read_options,
            parse_options=parse_options,
            convert_options=convert_options,
        )
        yield from table.to_batches()


def parse_stream(stream: pa.NativeFile, width: int) -> Iterator[pa.RecordBatch]:
    """The rows of a CSV stream read as it arrives, parsed on pyarrow's threads."""
    read_options, parse_options, convert_options = csv_options(width)
    reader = pa_csv.open_csv(
        stream,
        read_options=read_options,
        parse_options=parse_options,
        convert_options=convert_options,
    )
    yield from reader
