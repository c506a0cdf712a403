"""FrameModel: a valid Qt model in every state, and sort/filter that agree with pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from etlx_desktop.core.pipeline.preview_stats import frame_text
from etlx_desktop.ui.models.frame_model import FrameModel

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
BACKGROUND = Qt.ItemDataRole.BackgroundRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole


def sample_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": pd.array([3, 1, None, 2, 1, 5], dtype="Int64"),
            "name": ["Ёжиков Пётр", "anna", None, "Анна", "Zoë 🙂", "anna"],
            "amount": [2.5, np.nan, 10.0, -1.25, 2.5, 0.0],
            "when": pd.to_datetime(
                ["2024-01-02", None, "2023-12-31", "2024-01-02", "2022-05-05", "2025-01-01"]
            ),
            "flag": [True, False, True, False, True, False],
            "mixed": [1, "b", None, 2.5, "a", 1],  # an object column no pandas sort can order
        }
    )


def visible_frame_rows(model: FrameModel) -> list[int]:
    return [model.source_row(row) for row in range(model.rowCount())]


def text_of(frame: pd.DataFrame) -> pd.DataFrame:
    """What the grid shows, done the slow and obvious pandas way (nulls as "")."""
    return frame.astype(str).where(frame.notna(), "")


@pytest.mark.parametrize(
    "frame",
    [
        sample_frame(),
        sample_frame().iloc[0:0],  # columns, no rows
        pd.DataFrame(),  # nothing at all
        pd.DataFrame({"только": ["один"]}),
    ],
    ids=["nulls-unicode", "zero-rows", "empty", "one-cell"],
)
def test_model_is_valid_in_every_state(qtmodeltester, frame: pd.DataFrame) -> None:
    model = FrameModel()
    model.set_frame(frame)
    qtmodeltester.check(model)
    if frame.shape[1]:
        model.sort(1, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(model)
        model.filter_text("ann")
        qtmodeltester.check(model)
        model.filter_text("")
        model.sort(-1)
        qtmodeltester.check(model)


def test_display_tooltip_and_null_styling() -> None:
    model = FrameModel()
    model.set_frame(sample_frame())
    name = model.index(2, 1)  # a null
    assert model.data(name, DISPLAY) == "NULL"
    assert model.data(name, FOREGROUND) == model.colors.null_text
    assert model.data(name, Qt.ItemDataRole.FontRole).italic()
    assert model.data(model.index(4, 1), DISPLAY) == "Zoë 🙂"
    assert model.data(model.index(0, 3), DISPLAY) == "2024-01-02"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) & int(
        Qt.AlignmentFlag.AlignRight
    )
    assert model.data(model.index(0, 1), Qt.ItemDataRole.DecorationRole) is None  # not handled
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "name"
    assert model.headerData(1, Qt.Orientation.Horizontal, TOOLTIP) == "name (str)"
    assert model.headerData(3, Qt.Orientation.Vertical, DISPLAY) == "4"  # frame row, from 1


def test_changed_cells_and_row_marks_are_tinted_with_the_reason_as_tooltip() -> None:
    frame = sample_frame()
    changed = np.zeros(frame.shape, dtype=bool)
    changed[0, 1] = changed[3, 2] = True
    marks = np.array([0, 0, 0, 0, 1, 2], dtype=np.int8)
    notes = np.array(["", "", "", "", "quarantined: amount below 0", "dropped"], dtype=object)
    model = FrameModel()
    model.set_frame(frame, changed=changed, row_marks=marks, row_notes=notes)
    assert model.data(model.index(0, 1), BACKGROUND) == model.colors.changed
    assert model.data(model.index(0, 2), BACKGROUND) is None
    assert model.data(model.index(4, 0), BACKGROUND) == model.colors.marks[1]
    assert model.data(model.index(5, 0), BACKGROUND) == model.colors.marks[2]
    assert "amount below 0" in model.data(model.index(4, 3), TOOLTIP)
    assert model.headerData(4, Qt.Orientation.Vertical, TOOLTIP) == notes[4]
    assert isinstance(model.headerData(4, Qt.Orientation.Vertical, FOREGROUND), QColor)
    model.sort(0, Qt.SortOrder.AscendingOrder)  # tints travel with their rows
    tinted = [model.source_row(r) for r in range(6) if model.data(model.index(r, 1), BACKGROUND)]
    assert sorted(tinted) == [0, 4, 5]
    with pytest.raises(ValueError, match="changed mask"):
        model.set_frame(frame, changed=np.zeros((2, 2), dtype=bool))
    with pytest.raises(ValueError, match="text given"):
        model.set_frame(frame, text=frame_text(frame.head(2)))


@pytest.mark.parametrize("column", ["id", "name", "amount", "when", "flag"])
@pytest.mark.parametrize("ascending", [True, False])
def test_sort_matches_pandas_stable_sort_with_nulls_last(column: str, ascending: bool) -> None:
    frame = sample_frame()
    model = FrameModel()
    model.set_frame(frame)
    order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
    model.sort(list(frame.columns).index(column), order)
    expected = frame.reset_index(drop=True).sort_values(
        column, ascending=ascending, kind="stable", na_position="last"
    )
    assert visible_frame_rows(model) == list(expected.index)


def test_a_column_of_mixed_types_sorts_by_its_text() -> None:
    frame = sample_frame()
    model = FrameModel()
    model.set_frame(frame)
    model.sort(5, Qt.SortOrder.AscendingOrder)
    shown = [model.data(model.index(r, 5), DISPLAY) for r in range(model.rowCount())]
    assert shown == ["1", "1", "2.5", "a", "b", "NULL"]
    model.sort(-1)
    assert visible_frame_rows(model) == list(range(len(frame)))


@pytest.mark.parametrize("needle", ["anna", "АННА", "2024", "1", "🙂", "", "nothing-here"])
def test_filter_matches_pandas_contains_in_any_column(needle: str) -> None:
    frame = sample_frame()
    model = FrameModel()
    model.set_frame(frame)
    model.filter_text(needle)
    text = text_of(frame)
    hits = np.zeros(len(frame), dtype=bool)
    for name in text.columns:
        hits |= text[name].str.lower().str.contains(needle.lower(), regex=False).to_numpy()
    assert visible_frame_rows(model) == list(np.flatnonzero(hits))


def test_filter_keeps_the_sort_and_sort_keeps_the_filter() -> None:
    model = FrameModel()
    model.set_frame(sample_frame())
    model.sort(2, Qt.SortOrder.DescendingOrder)  # amount: 10, 2.5, 2.5, 0, -1.25, NaN
    model.filter_text("a")  # a Latin "a": anna (rows 1, 5), False (1, 3), mixed "a" (4)
    assert visible_frame_rows(model) == [4, 5, 3, 1]
    model.sort(0, Qt.SortOrder.AscendingOrder)  # id: 1, 1, 2, 5 among those rows
    assert visible_frame_rows(model) == [1, 4, 3, 5]


def test_persistent_indexes_follow_their_row_through_a_sort(qtmodeltester) -> None:
    model = FrameModel()
    model.set_frame(sample_frame())
    kept = QPersistentModelIndex(model.index(1, 1))  # "anna", frame row 1
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.source_row(kept.row()) == 1
    assert model.data(model.index(kept.row(), 1), DISPLAY) == "anna"
    assert not model.index(0, 0, model.index(0, 0)).isValid()  # a table has no children
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.columnCount(QModelIndex()) == 6


def test_a_peer_grid_can_take_the_same_order_and_filter() -> None:
    leader, follower = FrameModel(), FrameModel()
    leader.set_frame(sample_frame())
    follower.set_frame(sample_frame())
    leader.sort(1, Qt.SortOrder.AscendingOrder)
    follower.set_row_order(leader.row_order())
    keep = leader.match_mask("anna")
    follower.set_row_filter(keep)
    leader.set_row_filter(keep)
    assert visible_frame_rows(follower) == visible_frame_rows(leader)
    with pytest.raises(ValueError):
        follower.set_row_order(np.arange(2))


def test_100k_rows_load_sort_and_filter() -> None:
    """Smoke test at the size the grids must handle; timings are measured, not asserted."""
    rows = 100_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "id": np.arange(rows),
            "amount": rng.normal(1000, 300, rows),
            "email": [f"user{i}@example.com" for i in rng.integers(0, 50_000, rows)],
            "when": pd.to_datetime(rng.integers(1.5e9, 1.7e9, rows), unit="s"),
            "city": pd.Series(rng.choice(["Москва", "Тверь", None], rows), dtype="str"),
        }
    )
    model = FrameModel()
    model.set_frame(frame, changed=np.zeros(frame.shape, dtype=bool))
    assert model.rowCount() == rows
    model.set_frame(frame, text=frame_text(frame))  # the text made beforehand, off the GUI thread
    assert model.data(model.index(rows - 1, 0), DISPLAY) == str(rows - 1)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    emails = frame["email"].to_numpy()[model.visible_rows()]
    assert (emails[:-1] >= emails[1:]).all()
    model.filter_text("москва")
    assert model.rowCount() == int((frame["city"] == "Москва").sum())
    assert model.data(model.index(0, 4), DISPLAY) == "Москва"
