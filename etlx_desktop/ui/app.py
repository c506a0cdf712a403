"""`etlx-desktop`: start the desktop app (the first start opens the bundled demo workspace)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from .. import __version__


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args:
        print(f"etlx-desktop {__version__}")
        return 0
    app = QApplication.instance() or QApplication([sys.argv[0], *args])
    from .main_window import MainWindow
    from .settings import UiSettings
    from .theme import apply_theme

    settings = UiSettings()
    apply_theme(app, settings.dark)  # type: ignore[arg-type]
    window = MainWindow(settings)
    demo_dir = _option(args, "--demo-dir")
    files = [Path(a) for a in args if not a.startswith("-") and a != demo_dir]
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


def _option(args: list[str], name: str) -> str | None:
    if name in args and args.index(name) + 1 < len(args):
        return args[args.index(name) + 1]
    return None


if __name__ == "__main__":
    sys.exit(main())
