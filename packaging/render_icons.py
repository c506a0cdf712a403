"""Render the application icon's PNG sizes from its SVG with Qt (`make icons`).

The PNGs are committed, so a source checkout and the bundle need no SVG plugin to show the
icon; run this again after changing the SVG. Usage: python packaging/render_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed to render

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "etlx-desktop"
SIZES = (16, 32, 48, 64, 128, 256)  # the sizes desktops ask a hicolor theme for


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / f"{NAME}.svg"))
    if not renderer.isValid():
        print(f"cannot read {ICONS / f'{NAME}.svg'}", file=sys.stderr)
        return 1
    for size in SIZES:
        path = ICONS / f"{NAME}-{size}.png"
        if not render(renderer, size).save(str(path)):
            print(f"cannot write {path}", file=sys.stderr)
            return 1
        print(f"wrote {path.relative_to(ICONS.parent.parent)}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
