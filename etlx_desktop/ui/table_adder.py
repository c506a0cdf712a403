"""Drafting a table chosen in the schema browser, off the GUI thread.

The draft reads the database (which may be slow or unreachable), so it runs on a `TaskRunner`
over a copy of the module; the result is a `TableAddition` the main window applies as one
undoable edit. Ordinary failures (unreachable server, unknown table, a table already in the
module) come back as a readable reason on `refused`; anything else as a traceback on `failed`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ..core.metadata.editing_tables import TableAddition, TableAlreadyInModule
from ..core.metadata.model import DataModule
from ..core.pipeline.cancel import CancelToken
from ..core.sources.addition import draft_addition
from ..core.sources.errors import DraftError, SourceUnavailable
from .workers import Progress, TaskRunner

ORDINARY = (DraftError, SourceUnavailable, TableAlreadyInModule)


@dataclass(frozen=True)
class TableWanted:
    """A table to add: where it is, and how the module will find its password later."""

    url: str  # no password in it
    schema: str
    table: str
    password: str | None = None
    secret_ref: str | None = None

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.table}" if self.schema else self.table


@dataclass(frozen=True)
class Refusal:
    wanted: TableWanted
    reason: str


class TableAdder(QObject):
    """Drafts one table at a time; a new request replaces one still being drafted."""

    drafted = Signal(object)  # TableAddition
    refused = Signal(str)  # why the table cannot be added, in plain words
    failed = Signal(str)  # an unexpected error's traceback
    busy = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.runner.succeeded.connect(self._on_runner_succeeded)
        self.runner.failed.connect(self.failed)
        self.runner.finished.connect(self._on_runner_finished)

    def add(self, module: DataModule, base_dir: Path, wanted: TableWanted) -> None:
        snapshot = copy.deepcopy(module)  # the person may go on editing meanwhile

        def task(cancel: CancelToken, progress: Progress) -> TableAddition | Refusal:
            progress(
                0,
                QCoreApplication.translate("TableAdder", "Reading {table}…").format(
                    table=wanted.label
                ),
            )
            try:
                return draft_addition(
                    snapshot,
                    base_dir,
                    wanted.url,
                    wanted.schema,
                    wanted.table,
                    password=wanted.password,
                    secret_ref=wanted.secret_ref,
                )
            except ORDINARY as exc:
                return Refusal(wanted, str(exc))

        self.busy.emit(True)
        self.runner.start(task)

    def shutdown(self) -> None:
        self.runner.shutdown()

    def _on_runner_succeeded(self, result: object) -> None:
        if isinstance(result, TableAddition):
            self.drafted.emit(result)
        elif isinstance(result, Refusal):
            text = self.tr("Cannot add {table}: {reason}")
            self.refused.emit(text.format(table=result.wanted.label, reason=result.reason))

    def _on_runner_finished(self) -> None:
        self.busy.emit(False)
