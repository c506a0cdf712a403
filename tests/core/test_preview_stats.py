"""Preview statistics and the before/after comparison: pure pandas, no Qt, no database."""

from __future__ import annotations

import numpy as np
import pandas as pd

from etlx_desktop.core.pipeline.preview_stats import (
    STAT_COLUMNS,
    RowOutcome,
    cell_text,
    changed_cells,
    column_stats,
    compare_preview,
)


def before_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": [1, 2, 3, 4, 5],
            "email": ["a@x.ru", "", "c@x.ru", None, "e@x.ru"],
            "amount": [10.5, -1.0, 3.0, np.nan, 7.25],
            "born": ["1980-01-02", "02.03.1990", None, "1975-12-31", "2001-07-04"],
        }
    )


def after_frame() -> pd.DataFrame:
    """What rules might write: row 1 quarantined (amount < 0), row 3 dropped, values masked."""
    return pd.DataFrame(
        {
            "id": pd.array([1, 3, 5], dtype="Int64"),  # same numbers, another dtype: unchanged
            "email": pd.array(["masked@x.ru", "c@x.ru", "e@x.ru"], dtype="string"),
            "amount": pd.array([10.5, 3.0, 7.25], dtype="Float64"),
            "born": pd.to_datetime(["1980-01-02", None, "2001-07-01"]),
        },
        index=[0, 2, 4],
    )


def quarantine_frame() -> pd.DataFrame:
    return pd.DataFrame({"amount": ["-1.0"], "_reason": ["amount: below minimum 0"], "_row": [2]})


def test_cell_text_blanks_nulls_of_every_kind() -> None:
    text, nulls = cell_text(pd.Series([1.5, np.nan, None, pd.NA], dtype=object))
    assert list(text) == ["1.5", "", "", ""]
    assert list(nulls) == [False, True, True, True]
    text, nulls = cell_text(pd.Series(pd.to_datetime(["2024-01-02", None])))
    assert list(text) == ["2024-01-02", ""] and list(nulls) == [False, True]


def test_compare_aligns_after_on_before_and_marks_what_changed() -> None:
    comparison = compare_preview(before_frame(), after_frame(), quarantine_frame())
    assert comparison.aligned
    assert list(comparison.after.index) == [0, 1, 2, 3, 4]
    assert list(comparison.outcomes) == [
        RowOutcome.KEPT,
        RowOutcome.QUARANTINED,
        RowOutcome.KEPT,
        RowOutcome.DROPPED,
        RowOutcome.KEPT,
    ]
    assert list(comparison.reasons) == ["", "amount: below minimum 0", "", "", ""]
    assert comparison.quarantined == 1 and comparison.dropped == 1
    changed = comparison.changed
    assert changed is not None
    expected = np.zeros((5, 4), dtype=bool)
    expected[0, 1] = True  # email masked
    expected[4, 3] = True  # 2001-07-04 generalised to 2001-07-01
    # row 2: "c@x.ru" kept; born None -> NaT stays null; id 3 -> Int64 3 is the same text
    assert (changed == expected).all()


def test_a_string_turned_null_is_a_change() -> None:
    before = pd.DataFrame({"email": ["", "a@x.ru"]})
    after = pd.DataFrame({"email": pd.array([None, "a@x.ru"], dtype="string")})
    assert changed_cells(before, after)[:, 0].tolist() == [True, False]


def test_a_rebuilt_index_cannot_be_aligned() -> None:
    after = after_frame().reset_index(drop=True)
    after = pd.concat([after, after])  # a transform that duplicated rows
    comparison = compare_preview(before_frame(), after, quarantine_frame())
    assert not comparison.aligned and comparison.changed is None
    assert comparison.after is after
    assert comparison.quarantined == 1 and comparison.dropped == 0


def test_column_stats_before_and_after() -> None:
    before = before_frame()
    after = after_frame().assign(note="x")  # a column a transform added
    stats = column_stats(before, after).set_index("column")
    assert tuple(stats.reset_index().columns) == STAT_COLUMNS
    assert list(stats.index) == ["id", "email", "amount", "born", "note"]
    assert stats.loc["email", "nulls before"] == 1 and stats.loc["email", "nulls after"] == 0
    assert stats.loc["email", "distinct before"] == 4  # "" is a value, not a null
    assert stats.loc["amount", "min before"] == "-1.0"
    assert stats.loc["amount", "max after"] == "10.5"
    assert stats.loc["id", "max after"] == "5"  # an integer stays an integer
    # text compares as text, dates as dates, shown as the grid shows them
    assert stats.loc["born", "min before"] == "02.03.1990"
    assert stats.loc["born", "min after"] == "1980-01-02"
    assert pd.isna(stats.loc["note", "nulls before"]) and stats.loc["note", "nulls after"] == 0
    assert stats.loc["note", "min before"] is None


def test_column_stats_of_mixed_and_empty_columns() -> None:
    before = pd.DataFrame({"mixed": [2, "b", None, 10], "empty": [None] * 4})
    stats = column_stats(before, before.iloc[0:0]).set_index("column")
    assert stats.loc["mixed", "min before"] == "10"  # compared as text: "10" < "2" < "b"
    assert stats.loc["mixed", "max before"] == "b"
    assert stats.loc["empty", "min before"] is None
    assert stats.loc["empty", "nulls before"] == 4 and stats.loc["empty", "distinct after"] == 0
