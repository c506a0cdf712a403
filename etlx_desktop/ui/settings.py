"""Window geometry and UI state between starts (QSettings holds nothing else; connections and
modules live in their own versioned JSON files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class UiSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings or QSettings("ETL-Express", "ETL-Express Desktop")

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def state(self) -> QByteArray | None:
        value = self._settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    @property
    def dark(self) -> bool:
        # QSettings gives 'true'/'false' strings back in a new process
        return str(self._settings.value("view/dark", "false")).lower() == "true"

    @dark.setter
    def dark(self, value: bool) -> None:
        self._settings.setValue("view/dark", "true" if value else "false")

    @property
    def language(self) -> str:
        """`system` (follow the locale), `en` or `ru`."""
        return str(self._settings.value("view/language", "system"))

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("view/language", value)

    @property
    def first_start(self) -> bool:
        return str(self._settings.value("app/started", "false")).lower() != "true"

    def mark_started(self) -> None:
        self._settings.setValue("app/started", "true")

    def recent(self) -> list[Path]:
        value = self._settings.value("files/recent", [])
        items = value if isinstance(value, list) else [value] if value else []
        return [Path(str(v)) for v in items if str(v)]

    def add_recent(self, path: Path) -> list[Path]:
        paths = [path.resolve(), *[p for p in self.recent() if p != path.resolve()]]
        paths = paths[:MAX_RECENT]
        self._settings.setValue("files/recent", [str(p) for p in paths])
        return paths

    def sync(self) -> None:
        self._settings.sync()
