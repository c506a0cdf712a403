"""The strip above the module editor: how many personal columns are left unprotected."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

# Fixed colours on a fixed background: readable under the light and the dark theme alike (the
# labels must be transparent, or qdarkstyle paints its own dark background behind them)
_FRAME = "QFrame#banner {{ background: {}; border: 1px solid {}; border-radius: 4px; }} "
_LABELS = "QFrame#banner QLabel { background: transparent; border: none; }"
_ALERT = _FRAME.format("#fdecea", "#d93025") + _LABELS
_CALM = _FRAME.format("#e6f4ea", "#3c8d5a") + _LABELS
_ALERT_TEXT = "color: #6b1d16"
_CALM_TEXT = "color: #1e4620"


_UNSURE = _FRAME.format("#fef7e0", "#b06000") + _LABELS
_UNSURE_TEXT = "color: #5c3c00"


def unprotected_text(count: int, unreviewed: int = 0) -> str:
    """The banner's line, in the app's language. English has its own words for one; the
    other counts are a plural message, so a language with more plural forms gets them all."""
    if count == 0 and unreviewed == 1:
        return QCoreApplication.translate(
            "UnprotectedBanner", "1 table has not been scanned for personal data yet"
        )
    if count == 0 and unreviewed:
        return QCoreApplication.translate(
            "UnprotectedBanner",
            "%n tables have not been scanned for personal data yet",
            "",
            unreviewed,
        )
    if count == 0:
        return QCoreApplication.translate(
            "UnprotectedBanner", "Every column that looks personal has a rule"
        )
    if count == 1:
        return QCoreApplication.translate(
            "UnprotectedBanner", "1 column looks personal but is not protected"
        )
    return QCoreApplication.translate(
        "UnprotectedBanner", "%n columns look personal but are not protected", "", count
    )


class UnprotectedBanner(QFrame):
    """Counts unprotected personal columns; asks for a scan or to show the next column."""

    scan_requested = Signal()
    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.count = 0
        self.label = QLabel()
        self.label.setTextFormat(self.label.textFormat().RichText)
        self.label.linkActivated.connect(self._on_label_link_activated)
        self.note = QLabel()
        self.scanning = False  # the note says a scan is under way
        self.scan_button = QPushButton(self.tr("Scan for personal data"))
        self.scan_button.setToolTip(
            self.tr(
                "Read a sample of every table and suggest a category and rule for columns "
                "that look personal (names, e-mails, phones, INN, SNILS, ...)"
            )
        )
        self.scan_button.clicked.connect(self.scan_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label)
        layout.addSpacing(12)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.scan_button)
        self.set_count(0)

    def set_count(self, count: int, details: str = "", unreviewed: int = 0) -> None:
        """`count` unprotected columns; `unreviewed` tables neither scanned nor described
        (no column has a category or a rule), so "all protected" cannot be said of them."""
        self.count = count
        alert = count > 0
        unsure = not alert and unreviewed > 0
        self.setStyleSheet(_ALERT if alert else _UNSURE if unsure else _CALM)
        colour = _ALERT_TEXT if alert else _UNSURE_TEXT if unsure else _CALM_TEXT
        show = self.tr("Show")
        link = f' &nbsp;<a href="next" style="{colour}">{show}</a>' if alert else ""
        text = unprotected_text(count, unreviewed)
        shown = f'<span style="{colour}"><b>{text}</b></span>{link}'
        self.label.setText(shown)
        self.label.setToolTip(details)
        self.note.setStyleSheet(colour)

    def set_note(self, text: str, tooltip: str = "") -> None:
        """A short line beside the count: scanning, or why the scan failed."""
        self.scanning = False
        self.note.setText(text)
        self.note.setToolTip(tooltip)

    def set_busy(self, busy: bool) -> None:
        self.scan_button.setEnabled(not busy)
        self.set_note(self.tr("Scanning a sample of every table…") if busy else "")
        self.scanning = busy

    def _on_label_link_activated(self, _link: str) -> None:
        self.show_requested.emit()
