"""The desktop app's language: English (the source text) or Russian, from Qt's translation
system. The translations are Qt Linguist files (`resources/i18n/*.ts`), compiled to one `.qm`
catalog per language when the app is built; a checkout without the compiled catalog compiles
it on first use when Qt's `lrelease` is at hand.

The language follows the system locale unless one is chosen in View › Language; a change
applies from the next start (every window is built in one language). Messages of the core
(validation problems, run reports) and of the CLI stay English.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..core.resources import resources_dir

LANGUAGES = {"en": "English", "ru": "Русский"}
SYSTEM = "system"
CATALOG = "etlx_{language}.qm"


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def system_language() -> str:
    """`ru` for a Russian system locale, else `en`."""
    return "ru" if QLocale.system().language() == QLocale.Language.Russian else "en"


def chosen_language(setting: str) -> str:
    """The language to show for a View › Language setting (`system`, `en` or `ru`)."""
    return setting if setting in LANGUAGES else system_language()


def catalog_path(language: str, folder: Path | None = None) -> Path | None:
    """The compiled catalog of `language` (None for English, the source language); compiled
    from the `.ts` sources first if it is missing or older than they are."""
    if language == "en":
        return None
    folder = folder or translations_dir()
    compiled = folder / CATALOG.format(language=language)
    sources = sorted(folder.glob(f"*_{language}.ts"))
    stale = not compiled.exists() or any(
        s.stat().st_mtime > compiled.stat().st_mtime for s in sources
    )
    if stale and sources:
        compile_catalog(sources, compiled)
    return compiled if compiled.exists() else None


def lrelease() -> str | None:
    """Qt's message compiler: beside this Python (the venv's PySide6), else on PATH."""
    beside = Path(sys.executable).with_name("pyside6-lrelease")
    return str(beside) if beside.exists() else shutil.which("pyside6-lrelease")


def compile_catalog(sources: list[Path], compiled: Path) -> bool:
    """Compile `sources` into `compiled`; False when no compiler is at hand or it failed."""
    tool = lrelease()
    if tool is None:
        return False
    command = [tool, "-silent", *map(str, sources), "-qm", str(compiled)]
    try:
        return subprocess.run(command, capture_output=True, timeout=120).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def install_translation(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the app's catalog and Qt's own (standard buttons, dialogs) for `language`;
    the translators are returned and must be kept alive as long as the app."""
    installed: list[QTranslator] = []
    catalog = catalog_path(language)
    if catalog is None:
        return installed
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((f"qtbase_{language}", qt_folder), (catalog.stem, str(catalog.parent))):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
