"""`etlx-desktop`: start the desktop app (the first start opens the bundled demo workspace)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QLocale, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import __version__
from ..core.resources import resources_dir

ICON_SIZES = (16, 32, 48, 64, 128, 256)  # the PNGs packaging/render_icons.py draws


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args:
        print(f"etlx-desktop {__version__}")
        return 0
    if "--self-test" in args:  # before any QApplication: the self-test makes its own, offscreen
        from ..selftest import main as self_test

        return self_test()
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    from .gc_guard import GuiThreadCollector

    GuiThreadCollector(app)  # cyclic garbage is collected on the GUI thread only
    QApplication.setWindowIcon(app_icon())  # the title bar, the task bar and About show it
    QApplication.setDesktopFileName("etlx-desktop")  # Wayland takes the .desktop entry's icon
    from .errors import install_excepthook
    from .i18n import chosen_language, install_translation
    from .main_window import MainWindow
    from .settings import UiSettings
    from .theme import apply_theme

    settings = UiSettings()
    language = chosen_language(_option(args, "--language") or settings.language)
    install_translation(app, language)  # the translators are children of the app
    QLocale.setDefault(
        QLocale(QLocale.Language.Russian if language == "ru" else QLocale.Language.English)
    )
    apply_theme(app, settings.dark)  # type: ignore[arg-type]
    window = MainWindow(settings)
    install_excepthook(window)
    demo_dir = _option(args, "--demo-dir")
    values = {_option(args, "--demo-dir"), _option(args, "--language")}
    files = [Path(a) for a in args if not a.startswith("-") and a not in values]
    if files:
        window.open_path(files[0])
    elif demo_dir or settings.first_start or not settings.recent():
        from ..core.demo import prepare_demo

        window.open_path(prepare_demo(Path(demo_dir) if demo_dir else None))
    else:
        window.open_path(settings.recent()[0])
    settings.mark_started()
    window.show()
    return int(app.exec())


def app_icon() -> QIcon:
    """The application icon at every size drawn (PNG: no SVG plugin needed)."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resources_dir() / "icons" / f"etlx-desktop-{size}.png"
        icon.addFile(str(path), QSize(size, size))
    return icon


def _option(args: list[str], name: str) -> str | None:
    if name in args and args.index(name) + 1 < len(args):
        return args[args.index(name) + 1]
    return None


if __name__ == "__main__":
    sys.exit(main())
