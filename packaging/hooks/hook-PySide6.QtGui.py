"""QtGui as PyInstaller's own hook collects it, less Qt's GTK 3 platform-theme plugin.

That plugin would bring the build machine's GLib, Cairo, Pango and ATK into the bundle, where
they clash with the GTK that a user's desktop loads; without it Qt uses its own dialogs (or
the XDG desktop portal). Dropping it here, before the analysis follows its dependencies, keeps
those libraries out; dropping it from the spec's binaries afterwards would not.
"""

from __future__ import annotations

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# the file name (hook-PySide6.QtGui.py) tells the helper which Qt module this is
hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [entry for entry in binaries if "libqgtk3" not in entry[0]]
