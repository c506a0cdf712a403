"""Look at the preview panel on the bundled demo: `python -m etlx_desktop.ui.preview_demo`.

The demo workspace is unpacked into a temporary folder that is removed on exit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ..core.demo import prepare_demo
from ..core.metadata import load_module
from .preview_controller import PreviewController
from .widgets.preview_panel import PreviewPanel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", default="customers", help="table to preview")
    parser.add_argument("--dark", action="store_true", help="use the qdarkstyle dark theme")
    args, qt_args = parser.parse_known_args(argv)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    if args.dark:
        import qdarkstyle

        app.setStyleSheet(qdarkstyle.load_stylesheet(qt_api="pyside6"))
    with tempfile.TemporaryDirectory(prefix="etlx-preview-demo-") as folder:
        module_path = prepare_demo(Path(folder))
        panel = PreviewPanel()
        title = QCoreApplication.translate("PreviewDemo", "ETL-Express preview — {table}")
        panel.setWindowTitle(title.format(table=args.table))
        panel.resize(1400, 800)
        controller = PreviewController(panel)
        app.aboutToQuit.connect(controller.shutdown)
        controller.set_table(load_module(module_path), args.table, module_path.parent)
        panel.show()
        return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
