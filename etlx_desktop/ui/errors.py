"""Errors shown to people: a readable message first, the technical details folded away.

Ordinary bad input (an unreachable host, a missing table, an invalid file) is caught where it
happens and shown as its message alone. Anything else that reaches the application is shown
by `install_excepthook`'s dialog, with the traceback behind "Show Details…", and the
application goes on: an error is never a crash.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def last_line(trace: str) -> str:
    """The last line of a formatted traceback; our own errors (`package.module.Class:`)
    without their class, whose messages are sentences of their own; builtins keep theirs
    (`KeyError: 'x'` says more than `'x'`)."""
    lines = [line for line in trace.strip().splitlines() if line.strip()]
    if not lines:
        return QCoreApplication.translate("Errors", "unknown error")
    kind, sep, message = lines[-1].partition(": ")
    ours = sep and message.strip() and " " not in kind and "." in kind
    return message.strip() if ours else lines[-1]


def error_box(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """A warning box with `message`; `details` (a traceback) folded behind "Show Details…"."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok)
    box.setParent(parent, box.windowFlags())
    if details:
        box.setDetailedText(details)
    return box


def show_error(parent: QWidget | None, title: str, message: str, details: str = "") -> QMessageBox:
    """Show `error_box` over `parent` without blocking the caller (window-modal; it deletes
    itself when closed)."""
    box = error_box(parent, title, message, details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def install_excepthook(parent: QWidget | None = None) -> ExceptHook:
    """Show every uncaught exception in a dialog instead of letting it end the app; returns
    the hook that was there before."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        sys.stderr.write(details)
        if QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        title = QCoreApplication.translate("Errors", "Something went wrong")
        show_error(parent, title, str(error) or kind.__name__, details)

    sys.excepthook = hook
    return previous
