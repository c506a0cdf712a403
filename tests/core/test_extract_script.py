"""Extraction scripts: approved Python files returning or yielding DataFrames."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from etlx_desktop.core.metadata.model import Script, SourceKind
from etlx_desktop.core.metadata.scripts import file_checksum
from etlx_desktop.core.scripting import ScriptFailed, ScriptRefused

from .extracting import assert_chunked, read_table, source, table

SCRIPTS = source(SourceKind.SCRIPT, None)
ROWS = 50
CHUNK = 7


def _script(folder: Path, name: str, code: str, *, approve: bool = True, **kw: str) -> Script:
    path = folder / "scripts" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    checksum = file_checksum(path) if approve else None
    return Script(path=f"scripts/{name}", checksum=checksum, entry_point=kw.get("entry"))


RETURNS_A_FRAME = """\
import pandas as pd


def extract(context):
    n = context.parameters["rows"]
    return pd.DataFrame({"id": range(n), "table": context.table, "chunk": context.chunk_rows})
"""

YIELDS_FRAMES = """\
import pandas as pd


def extract(context):
    start = 0
    for size in (3, 10, 0, 20, 17):
        yield pd.DataFrame({"id": range(start, start + size)})
        start += size
"""


def test_a_script_returning_a_frame_is_sliced_into_chunks(tmp_path: Path) -> None:
    script = _script(tmp_path, "frame.py", RETURNS_A_FRAME)
    step = table("generated", ["id"], script=script, parameters={"rows": ROWS})
    rows = assert_chunked(read_table(SCRIPTS, step, CHUNK, base_dir=tmp_path), ROWS, CHUNK)
    assert rows["id"].tolist() == list(range(ROWS))
    assert set(rows["table"]) == {"generated"} and set(rows["chunk"]) == {CHUNK}


def test_a_script_yielding_frames_of_any_size_is_rechunked(tmp_path: Path) -> None:
    script = _script(tmp_path, "gen.py", YIELDS_FRAMES)
    rows = assert_chunked(
        read_table(SCRIPTS, table("g", ["id"], script=script), CHUNK, base_dir=tmp_path),
        ROWS,
        CHUNK,
    )
    assert rows["id"].tolist() == list(range(ROWS))
    assert rows.index.tolist() == list(range(ROWS))


def test_a_table_of_any_source_with_a_script_is_read_by_the_script(tmp_path: Path) -> None:
    script = _script(tmp_path, "named.py", RETURNS_A_FRAME.replace("def extract", "def rows"))
    script.entry_point = "rows"
    files = source(SourceKind.FILE, ".")
    step = table("t", ["id"], script=script, parameters={"rows": 3})
    rows = pd.concat(read_table(files, step, base_dir=tmp_path))
    assert rows["id"].tolist() == [0, 1, 2]


def test_the_context_carries_the_secret_without_showing_it(tmp_path: Path) -> None:
    code = """\
    import pandas as pd


    def extract(context):
        assert "hunter2" not in repr(context)
        return pd.DataFrame({"secret_length": [len(context.secret)], "source": context.source})
    """
    script = _script(tmp_path, "secret.py", code)
    rows = pd.concat(
        read_table(SCRIPTS, table("s", script=script), base_dir=tmp_path, password="hunter2")
    )
    assert rows.iloc[0].tolist() == [7, "src"]


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (
            """\
            def extract(context):
                rows = []
                raise ValueError("the upstream file is empty")
            """,
            3,
        ),
        (
            """\
            import pandas as pd


            def extract(context):
                yield pd.DataFrame({"id": [1]})
                raise ValueError("the upstream file is empty")
            """,
            6,
        ),
    ],
)
def test_a_failing_script_is_named_with_its_line(tmp_path: Path, code: str, line: int) -> None:
    script = _script(tmp_path, "broken.py", code)
    with pytest.raises(ScriptFailed) as caught:
        read_table(SCRIPTS, table("b", script=script), base_dir=tmp_path)
    assert str(caught.value) == (
        f"script broken.py, line {line}: ValueError: the upstream file is empty"
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "def extract(context):\n    return 42\n",
            r"extract\(\) returned int; it must return a pandas",
        ),
        (
            "def extract(context):\n    yield {'id': 1}\n",
            r"item 1 it yielded is a dict, not a pandas DataFrame",
        ),
    ],
)
def test_a_script_returning_no_frames_is_named(tmp_path: Path, code: str, message: str) -> None:
    script = _script(tmp_path, "wrong.py", code)
    with pytest.raises(ScriptFailed, match=r"script scripts/wrong\.py: " + message):
        read_table(SCRIPTS, table("w", script=script), base_dir=tmp_path)


def test_a_tampered_or_unapproved_script_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    code = f"""\
    import pathlib
    pathlib.Path({str(marker)!r}).write_text("ran")


    def extract(context):
        return None
    """
    script = _script(tmp_path, "evil.py", RETURNS_A_FRAME)
    (tmp_path / script.path).write_text(textwrap.dedent(code), encoding="utf-8")
    with pytest.raises(ScriptRefused, match="changed since it was approved"):
        read_table(SCRIPTS, table("e", script=script), base_dir=tmp_path)
    unapproved = _script(tmp_path, "new.py", code, approve=False)
    with pytest.raises(ScriptRefused, match="is not approved"):
        read_table(SCRIPTS, table("n", script=unapproved), base_dir=tmp_path)
    assert not marker.exists()
