"""Every user-visible string of the desktop app goes through Qt's translation system, and the
Russian catalog translates every one of them."""

from __future__ import annotations

import ast
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from etlx_desktop.ui import i18n

UI = Path(i18n.__file__).resolve().parent
# Calls whose string arguments people read. A literal (or f-string) passed straight to one of
# these, not through tr()/translate(), is English for everyone.
TEXT_CALLS = {
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setStatusTip",
    "setTitle",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels",
    "addTab",
    "addMenu",
    "showMessage",
    "setLabelText",
    "setInformativeText",
    "setSuffix",
    "setPrefix",
    "setSpecialValueText",
    "QLabel",
    "QPushButton",
    "QToolButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QAction",
    "QDockWidget",
    "warning",
    "question",
    "information",
    "critical",
    "about",
    "getText",
    "getOpenFileName",
    "getSaveFileName",
    "getExistingDirectory",
}


def _called_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _readable(node: ast.expr) -> bool:
    """A literal with letters in it (not "", "…" or "·")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_readable(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _readable(node.left) or _readable(node.right)
    return False


def untranslated(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _called_name(call) not in TEXT_CALLS:
            continue
        arguments = [*call.args, *(k.value for k in call.keywords)]
        for argument in arguments:
            literals = argument.elts if isinstance(argument, ast.List | ast.Tuple) else [argument]
            for literal in literals:
                if _readable(literal):
                    found.append(f"{path.name}:{literal.lineno}: {ast.unparse(literal)[:60]}")
    return found


def test_the_check_finds_a_bare_literal(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "label.setText('Rows read so far')\n"
        "label.setText(self.tr('Rows read so far'))\n"
        "box = QPushButton(f'Run {name} now')\n",
        encoding="utf-8",
    )
    assert [line.split(":")[1] for line in untranslated(sample)] == ["1", "3"]


def test_no_user_visible_literal_bypasses_translation() -> None:
    found = [line for path in sorted(UI.rglob("*.py")) for line in untranslated(path)]
    assert not found, "wrap these in self.tr() / translate():\n" + "\n".join(found)


def _messages(ts_files: list[Path]) -> dict[tuple[str, str], bool]:
    """(context, source) -> whether a translation is given, over `ts_files`."""
    found: dict[tuple[str, str], bool] = {}
    for ts in ts_files:
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                done = translation is not None and translation.get("type") not in (
                    "unfinished",
                    "vanished",
                    "obsolete",
                )
                text = "".join(translation.itertext()).strip() if translation is not None else ""
                key = (name, message.findtext("source") or "")
                found[key] = found.get(key, False) or (done and bool(text))
    return found


def test_every_message_has_a_russian_translation(tmp_path: Path) -> None:
    lupdate = Path(str(i18n.lrelease() or "")).with_name("pyside6-lupdate")
    assert lupdate.exists(), "pyside6-lupdate comes with PySide6"
    extracted = tmp_path / "all_ru.ts"
    sources = [str(p) for p in sorted(UI.rglob("*.py"))]
    subprocess.run(
        [str(lupdate), "-silent", *sources, "-target-language", "ru_RU", "-ts", str(extracted)],
        check=True,
        timeout=120,
    )
    wanted = set(_messages([extracted]))
    assert len(wanted) > 100, "the app's strings are extracted"
    given = _messages(sorted(i18n.translations_dir().glob("*_ru.ts")))
    missing = sorted(k for k in wanted if not given.get(k))
    shown = "\n".join(f"{c}: {s!r}" for c, s in missing[:40])
    assert not missing, f"{len(missing)} strings have no Russian translation:\n{shown}"


def test_the_russian_catalog_loads_and_translates(qtbot: QtBot) -> None:
    app = QCoreApplication.instance()
    assert app is not None
    translators = i18n.install_translation(app, "ru")
    try:
        assert len(translators) == 2, "Qt's own catalog and ours"
        assert QCoreApplication.translate("MainWindow", "&File") == "&Файл"
    finally:
        for translator in translators:
            app.removeTranslator(translator)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"


@pytest.mark.parametrize("setting", ["system", "en", "ru"])
def test_chosen_language_is_one_we_ship(setting: str) -> None:
    assert i18n.chosen_language(setting) in i18n.LANGUAGES
