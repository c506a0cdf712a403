"""The run panel's targets: the module's targets, checked as its upload step publishes to them,
with "Add target…" (a folder, a PostgreSQL database, an S3 bucket) and "Remove target".

Every change is an undoable edit of the module (`core.metadata.editing_targets`) pushed on the
undo stack given to `set_undo_stack`; with no stack, it is applied directly. The file dialog
and the forms are thin wrappers over `add_folder_target`, `add_database_target` and
`add_s3_target`, which tests call directly.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.metadata.editing import Edit, EditError
from ...core.metadata.editing_targets import AddTarget, RemoveTarget, SetPublishedTargets
from ...core.metadata.model import DataModule, Target
from ...core.metadata.target_drafts import (
    TargetDraftError,
    database_target,
    folder_target,
    s3_target,
)
from .editor_undo import push_edit
from .quasi_identifier_picker import ARROW_ROOM
from .run_target_dialogs import DatabaseTargetForm, S3TargetForm

_TARGET_ID = Qt.ItemDataRole.UserRole


class _MenuButton(QToolButton):
    """A tool button with room for its menu arrow beside the text, which some styles and
    themes otherwise draw over the text's end."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + ARROW_ROOM, hint.height())


class RunTargets(QWidget):
    """A checkable list of the module's targets, and the buttons that add and remove them."""

    edited = Signal()  # this widget changed the module (the list is not refreshed yet)
    refused = Signal(str)  # why an edit could not be made

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._module: DataModule | None = None
        self._base_dir = Path()
        self._stack: QUndoStack | None = None
        self.list = QListWidget()
        # long URLs are elided (the tooltip has them): a scroll bar would hide a row
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.add_menu = QMenu(self)
        self.add_menu.addAction(self.tr("Folder…"), self.choose_folder)
        self.add_menu.addAction(self.tr("PostgreSQL database…"), self.open_database_form)
        self.add_menu.addAction(self.tr("S3 bucket…"), self.open_s3_form)
        self.add_button = _MenuButton()
        self.add_button.setText(self.tr("Add target…"))
        self.add_button.setMenu(self.add_menu)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.remove_button = QPushButton(self.tr("Remove target"))
        self.remove_button.setToolTip(
            self.tr("Take the selected target out of the module (undoable).")
        )
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.add_button.setSizePolicy(self.remove_button.sizePolicy())  # one width for both
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._fit()
        self._update_buttons()

    # --- public API ------------------------------------------------------------------------

    def set_undo_stack(self, stack: QUndoStack | None) -> None:
        """Push every edit on `stack` (the module editor's), so Edit › Undo takes it back."""
        self._stack = stack

    def set_module(self, module: DataModule | None, base_dir: Path) -> None:
        """Show `module`'s targets; the same targets again only update their check marks."""
        self._module, self._base_dir = module, base_dir
        targets = module.distribution if module else []
        wanted = set(module.upload.target) if module and module.upload else set()
        self.list.blockSignals(True)
        if [t.identifier for t in targets] != self._shown():
            self._rebuild(targets)
        for row, target in enumerate(targets):
            item = self.list.item(row)
            item.setText(_label(target))
            item.setToolTip(f"{target.title or target.identifier}\n{target.access_url}")
            checked = target.identifier in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._fit()
        self._update_buttons()

    def chosen_targets(self) -> list[str]:
        """Identifiers of the checked targets, in the list's order."""
        items = [self.list.item(i) for i in range(self.list.count())]
        return [str(i.data(_TARGET_ID)) for i in items if i.checkState() == Qt.CheckState.Checked]

    def add_folder_target(self, folder: Path) -> str | None:
        """Add a Parquet folder target and publish to it; why not, or None when added."""
        if self._module is None:
            return self._no_module()
        return self._add(folder_target(self._module, Path(folder), self._base_dir))

    def add_database_target(self, url: str, schema: str, secret_ref: str) -> str | None:
        """Add a PostgreSQL target (no password in `url`; `secret_ref` names it)."""
        if self._module is None:
            return self._no_module()
        try:
            target = database_target(self._module, url, schema, secret_ref)
        except TargetDraftError as exc:
            return str(exc)
        return self._add(target)

    def add_s3_target(
        self, location: str, endpoint_url: str, region: str, secret_ref: str, path_style: bool
    ) -> str | None:
        """Add an S3 target at `location` (s3://bucket/prefix); `secret_ref` names the keys."""
        if self._module is None:
            return self._no_module()
        try:
            target = s3_target(
                self._module, location, endpoint_url, region, secret_ref, path_style=path_style
            )
        except TargetDraftError as exc:
            return str(exc)
        return self._add(target)

    def _no_module(self) -> str:
        return self.tr("no module is open")

    def remove_target(self, identifier: str) -> str | None:
        """Take the target `identifier` out of the module; why not, or None when removed."""
        return self._push(RemoveTarget(identifier))

    # --- the dialogs -------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the module's versions"), str(self._base_dir)
        )
        if folder:
            self.add_folder_target(Path(folder))

    def open_database_form(self) -> DatabaseTargetForm:
        form = DatabaseTargetForm(self.add_database_target, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    def open_s3_form(self) -> S3TargetForm:
        form = S3TargetForm(self.add_s3_target, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()
        return form

    # --- editing -----------------------------------------------------------------------------

    def _add(self, target: Target) -> str | None:
        reason = self._push(AddTarget(target))
        if reason is None:
            self._select(target.identifier)
        return reason

    def _push(self, edit: Edit) -> str | None:
        module = self._module
        if module is None:
            return self._no_module()
        if self._stack is not None:
            reason = push_edit(self._stack, module, edit)
        else:
            try:  # no undo stack (a panel on its own): the edit still goes through core
                edit.apply(module)
                reason = None
            except EditError as exc:
                reason = str(exc)
        if reason is not None:
            self.set_module(module, self._base_dir)  # undo a check mark the edit did not make
            self.refused.emit(reason)
            return reason
        self.edited.emit()
        return None

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        module = self._module
        if module is None:
            return
        name = str(item.data(_TARGET_ID))
        published = list(module.upload.target) if module.upload else []
        if item.checkState() == Qt.CheckState.Checked and name not in published:
            published.append(name)
        else:
            published = [n for n in published if n != name]
        self._push(SetPublishedTargets(published))

    def _on_remove_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.remove_target(str(item.data(_TARGET_ID)))

    def _on_list_current_row_changed(self, _row: int) -> None:
        self._update_buttons()

    # --- showing -----------------------------------------------------------------------------

    def _shown(self) -> list[str]:
        return [str(self.list.item(i).data(_TARGET_ID)) for i in range(self.list.count())]

    def _rebuild(self, targets: list[Target]) -> None:
        current = self.list.currentItem()
        keep = current.data(_TARGET_ID) if current else None
        self.list.clear()
        for target in targets:
            item = QListWidgetItem()
            item.setData(_TARGET_ID, target.identifier)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            self.list.addItem(item)
        if keep is not None:
            self._select(str(keep))

    def _select(self, identifier: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(_TARGET_ID) == identifier:
                self.list.setCurrentRow(row)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(self._module is not None)
        self.remove_button.setEnabled(self.list.currentItem() is not None)

    def _fit(self) -> None:
        """One line per target, two to four lines high."""
        line = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 6)
        rows = min(max(self.list.count(), 2), 4)
        self.list.setFixedHeight(rows * line + 2 * self.list.frameWidth() + 2)


def _label(target: Target) -> str:
    return f"{target.identifier} — {target.kind}: {target.access_url}"
