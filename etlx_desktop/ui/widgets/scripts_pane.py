"""The module's scripts: which are named where, the selected one's text, and approving it.

A script runs only while its file matches the checksum approved for it, so the pane shows the
exact bytes it would approve, and approves those bytes' checksum (a file changed after it was
shown is shown again instead). Every change is an undoable edit on the editor's undo stack;
the owner calls `refresh()` whenever that stack moves, so `refresh()` reads no file that has
not changed (checksums are cached by size and modification time).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QFontDatabase, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.editing import EditError
from ...core.metadata.editing_scripts import (
    ApproveScript,
    ChecksumCache,
    ScriptSlot,
    ScriptState,
    ScriptStatus,
    ScriptText,
    SetScriptPath,
    read_script,
    relative_script_path,
    script_language,
    script_slots,
    script_status,
    slot_for_path,
)
from ...core.metadata.model import DataModule
from ...core.metadata.scripts import file_checksum, resolve_script
from ..models.script_slots_model import ScriptSlotsModel, slot_label, state_icon, status_sentence
from .editor_undo import push_edit
from .editor_values import QT_TRANSLATE_NOOP
from .script_viewer import ScriptViewer

EMPTY_TEXT = QT_TRANSLATE_NOOP(
    "ScriptsPane",
    "<h3>No scripts</h3>"
    "<p>Scripts are Python or SQL files a module can name: an <b>extraction</b> script that "
    "reads a table, <b>transformation</b> scripts that change a table's rows, and an "
    "<b>upload</b> script that publishes a version. A script is code, so it runs only after "
    "you approve it here, and only while its file stays exactly as approved.</p>"
    "<p>This module names no scripts: its tables are read, cleaned and published by the "
    "built-in steps.</p>",
)
NO_MODULE_TEXT = QT_TRANSLATE_NOOP(
    "ScriptsPane", "<h3>No module</h3><p>Open or create a module to see its scripts.</p>"
)

_APPROVABLE = (ScriptState.NOT_APPROVED, ScriptState.CHANGED)


class ScriptsPane(QWidget):
    """The scripts of the module given to `set_module`; edits go through `undo_stack`."""

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.module: DataModule | None = None
        self.base_dir: Path | None = None
        self.shown: ScriptText | None = None  # the bytes in the viewer, and their checksum
        self._shown_key: tuple[Path, int, int] | None = None
        self._cache = ChecksumCache()
        self.model = ScriptSlotsModel(self)
        self.list_view = QListView()
        self.viewer = ScriptViewer()
        self.title_label = QLabel()
        self.state_icon = QLabel()
        self.status_label = QLabel()
        self.checksum_field = QLineEdit()
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.approve_button = QPushButton(self.tr("Approve"))
        self.reload_button = QPushButton(self.tr("Reload"))
        self.empty_label = QLabel(self.tr(EMPTY_TEXT))
        self.empty_page = QWidget()
        self.pages = QStackedWidget()
        self._lay_out()
        self._connect()
        self.set_module(None)

    def _lay_out(self) -> None:
        self.list_view.setModel(self.model)
        self.list_view.setIconSize(QSize(16, 16))
        self.list_view.setMinimumWidth(180)
        self.list_view.setStyleSheet("QListView::item { padding: 4px 2px; }")
        self.title_label.setStyleSheet("font-weight: bold")
        self.title_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.setWordWrap(True)
        self.checksum_field.setReadOnly(True)
        self.checksum_field.setFrame(False)
        self.checksum_field.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.checksum_field.setToolTip(self.tr("The checksum of the file as it is now"))
        self.approve_button.setToolTip(
            self.tr("Record the checksum of the file as shown, so it may run")
        )
        self.reload_button.setToolTip(self.tr("Read the file again from disk"))
        status_row = QHBoxLayout()
        status_row.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignTop)
        status_row.addWidget(self.status_label, 1)
        buttons = QHBoxLayout()
        for button in (self.choose_button, self.approve_button, self.reload_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail = QWidget()
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.title_label)
        column.addWidget(self.viewer, 1)
        column.addLayout(status_row)
        column.addWidget(self.checksum_field)
        column.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list_view)
        split.addWidget(detail)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 700])
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setMaximumWidth(560)  # lines a reader can follow, on a wide tab too
        centred = QHBoxLayout(self.empty_page)
        centred.addWidget(self.empty_label)
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def _connect(self) -> None:
        selection = self.list_view.selectionModel()
        selection.currentRowChanged.connect(self._on_list_view_row_changed)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.approve_button.clicked.connect(self._on_approve_button_clicked)
        self.reload_button.clicked.connect(self._on_reload_button_clicked)

    # --- public API -------------------------------------------------------------------------

    def set_module(self, module: DataModule | None, base_dir: Path | None = None) -> None:
        """Show the scripts of `module`, whose file is in `base_dir` (None: not saved yet)."""
        self.module, self.base_dir = module, base_dir
        self._cache.clear()
        self.empty_label.setText(self.tr(EMPTY_TEXT if module is not None else NO_MODULE_TEXT))
        self.refresh(reread=True)

    def refresh(self, *, reread: bool = False) -> None:
        """Show the module as it is now; the file is read again only if it changed on disk
        (or with `reread`)."""
        current = self.current_slot()
        slots = script_slots(self.module) if self.module is not None else []
        rows = [(s, script_status(s.script, self.base_dir, self._cache)) for s in slots]
        self.model.set_rows(rows)
        self.pages.setCurrentIndex(1 if rows else 0)
        if rows and self.current_slot() is None:
            self._select_row(max(0, self.model.row_of_path(current.path) if current else 0))
        self._show_current(reread=reread)

    def select_path(self, json_path: str) -> bool:
        """Select the slot a problem's JSON path is about (e.g. `upload.script.checksum`);
        False if the path is not about a script."""
        slots = [row[0] for row in map(self.model.row_at, range(self.model.rowCount())) if row]
        found = slot_for_path(slots, json_path)
        if found is not None:
            self._select_row(self.model.row_of_path(found.path))
        return found is not None

    def current_slot(self) -> ScriptSlot | None:
        row = self.model.row_at(self.list_view.currentIndex().row())
        return row[0] if row else None

    def current_status(self) -> ScriptStatus | None:
        row = self.model.row_at(self.list_view.currentIndex().row())
        return row[1] if row else None

    def choose_file(self, file: Path) -> str | None:
        """Make `file` the selected slot's script (not approved yet); why not, if it cannot."""
        slot, module, base_dir = self.current_slot(), self.module, self.base_dir
        if slot is None or module is None or base_dir is None:
            return self._refuse(
                self.tr("Save the module first: script paths are relative to its folder.")
            )
        try:
            edit = SetScriptPath(slot, relative_script_path(file, base_dir))
        except EditError as exc:
            return self._refuse(f"{exc}.")
        return self._push(module, edit)

    def approve(self) -> str | None:
        """Approve the selected script as shown; why not, if it cannot be approved."""
        slot, shown, module = self.current_slot(), self.shown, self.module
        if slot is None or shown is None or shown.text is None or module is None:
            return self._refuse(self.tr("There is no script shown to approve."))
        if self._file_now(slot) != shown.checksum:
            self.reload()
            return self._refuse(self.tr("The file changed while it was shown; review it again."))
        return self._push(module, ApproveScript(slot, shown.checksum))

    def reload(self) -> None:
        """Read the scripts again from disk."""
        self._cache.clear()
        self.refresh(reread=True)

    # --- showing ----------------------------------------------------------------------------

    def _select_row(self, row: int) -> None:
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.list_view.selectionModel().setCurrentIndex(self.model.index(row), flags)

    def _show_current(self, *, reread: bool = False) -> None:
        slot, status = self.current_slot(), self.current_status()
        self.choose_button.setEnabled(slot is not None and self.base_dir is not None)
        if slot is None or status is None or slot.script is None or status.checksum is None:
            self._show_note(slot, status)
        else:
            self._show_file(slot, reread)
        self._show_status(slot, status)

    def _show_file(self, slot: ScriptSlot, reread: bool) -> None:
        assert slot.script is not None and self.base_dir is not None
        file = resolve_script(slot.script, self.base_dir)
        try:
            info = file.stat()
            key = (file, info.st_mtime_ns, info.st_size)
            if reread or key != self._shown_key:
                self.shown, self._shown_key = read_script(file), key
                self._fill_viewer(slot, self.shown)
        except OSError as exc:
            self.shown, self._shown_key = None, None
            self._show_unreadable(slot.script.path, str(exc.strerror or exc))

    def _fill_viewer(self, slot: ScriptSlot, shown: ScriptText) -> None:
        assert slot.script is not None
        if shown.text is None:
            too_large = self.tr(
                "{file} is too large to show here; a script is usually a few kilobytes. "
                "Check that the slot names the right file."
            )
            self.viewer.show_note(too_large.format(file=slot.script.path))
            return
        self.viewer.show_script(shown.text, script_language(slot.script))

    def _show_note(self, slot: ScriptSlot | None, status: ScriptStatus | None) -> None:
        self.shown, self._shown_key = None, None
        if slot is None or status is None:
            self.viewer.show_note("")
        elif slot.script is None:
            expects = self.tr("{slot} expects a script. Choose a file for it.")
            self.viewer.show_note(expects.format(slot=slot_label(slot)))
        elif status.state is ScriptState.MISSING:
            missing = self.tr("{file} does not exist in the module's folder.")
            self.viewer.show_note(missing.format(file=slot.script.path))
        else:
            self._show_unreadable(slot.script.path, str(status.reason))

    def _show_unreadable(self, file: str, reason: str) -> None:
        unreadable = self.tr("{file} cannot be read: {reason}.")
        self.viewer.show_note(unreadable.format(file=file, reason=reason))

    def _show_status(self, slot: ScriptSlot | None, status: ScriptStatus | None) -> None:
        script = slot.script if slot else None
        self.title_label.setText(
            " — ".join(t for t in (slot and slot_label(slot), script and script.path) if t)
        )
        self.state_icon.setPixmap(state_icon(status.state).pixmap(16) if status else QPixmap())
        self.status_label.setText(status_sentence(status, script.checksum if script else None))
        self.checksum_field.setText((status.checksum or "") if status else "")
        readable = self.shown is not None and self.shown.text is not None
        self.approve_button.setEnabled(
            readable and status is not None and status.state in _APPROVABLE
        )

    def _file_now(self, slot: ScriptSlot) -> str | None:
        if slot.script is None or self.base_dir is None:
            return None
        try:
            return file_checksum(resolve_script(slot.script, self.base_dir))
        except OSError:
            return None

    # --- editing ----------------------------------------------------------------------------

    def _push(self, module: DataModule, edit: ApproveScript | SetScriptPath) -> str | None:
        refused = push_edit(self.undo_stack, module, edit)
        if refused:
            return self._refuse(f"{refused}.")
        self.refresh(reread=True)
        return None

    def _refuse(self, reason: str) -> str:
        shown = f"<span style='color:#d93025'>{html.escape(reason)}</span>"
        self.status_label.setText(shown)
        return reason

    def _on_list_view_row_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_current()

    def _on_choose_button_clicked(self) -> None:
        folder = str(self.base_dir) if self.base_dir else ""
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a script"),
            folder,
            self.tr("Scripts (*.py *.sql);;All files (*)"),
        )
        if name:
            self.choose_file(Path(name))

    def _on_approve_button_clicked(self) -> None:
        self.approve()

    def _on_reload_button_clicked(self) -> None:
        self.reload()
