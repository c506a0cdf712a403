"""`etlx-desktop --self-test`: prove, headless, that an installed or bundled app works.

It makes the main window offscreen (so Qt, its plugins, the widgets and the theme load), loads
the database drivers, runs the bundled demo module with the core into a temporary folder, reads
the published version back and checks that the rows add up and no original value leaked. Each
check prints one PASS or FAIL line; the exit code is 0 only when every check passed. A bundle
that lacks a plugin, a data file or a hidden import fails here, not in front of a user.

Only the Qt checks import Qt, and only when they run: the rest is the core, as the CLI uses it.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__

if TYPE_CHECKING:
    import pandas as pd
    from PySide6.QtWidgets import QApplication

    from .core.anonymize.privacy import PrivacyReport
    from .core.metadata.model import DataModule
    from .core.pipeline.report import RunReport

EXIT_PASSED, EXIT_FAILED = 0, 1


class CheckFailed(Exception):
    """A check found something wrong; the message is the FAIL line's detail."""


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.name}: {self.detail}"


@dataclass
class DemoRun:
    """What the demo run leaves for the checks after it (None: that step did not get there)."""

    workdir: Path
    module_path: Path | None = None
    module: DataModule | None = None
    report: RunReport | None = None
    privacy: PrivacyReport | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def published(self) -> Path:
        return self.workdir / "published"

    def need_report(self) -> RunReport:
        if self.report is None:
            raise CheckFailed("not checked: the demo run did not succeed")
        return self.report


def check(name: str, step: Callable[[], str]) -> CheckResult:
    """Run one check; anything it raises is its failure, said in one line."""
    try:
        return CheckResult(name, True, step())
    except CheckFailed as exc:
        return CheckResult(name, False, str(exc))
    except Exception as exc:
        return CheckResult(name, False, f"{type(exc).__name__}: {exc}")


# --- Qt: plugins and the main window ------------------------------------------------------------


def _application() -> QApplication:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless unless one is chosen
    return QApplication([sys.argv[0] if sys.argv else "etlx-desktop"])


def check_qt_plugins() -> str:
    from PySide6.QtCore import QLibraryInfo, qVersion
    from PySide6.QtGui import QGuiApplication, QImageReader

    _application()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    missing = {"png", "jpeg", "svg", "ico"} - formats  # all but png come from plugins
    if missing:
        raise CheckFailed(f"no image format plugin for {', '.join(sorted(missing))}")
    if sys.platform == "linux":  # offscreen proves the platform plugins load; X11 needs xcb
        folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        if not any(folder.glob("*qxcb*")):
            raise CheckFailed(f"no xcb platform plugin in {folder}: no window on X11")
    return f"Qt {qVersion()}, platform {QGuiApplication.platformName()}, {len(formats)} formats"


def check_window(folder: Path) -> str:
    from .ui.app import app_icon
    from .ui.theme import apply_theme

    app = _application()
    app.setWindowIcon(app_icon())
    if len(app.windowIcon().availableSizes()) < 6:
        raise CheckFailed("the application icon's PNGs are missing")
    style, sheet = app.style().name(), app.styleSheet()
    try:
        apply_theme(app, True)  # the dark theme: qdarkstyle and its compiled resources
        if not app.styleSheet():
            raise CheckFailed("qdarkstyle gave no style sheet: its resources are missing")
        return _show_demo_window(folder)
    finally:
        app.setStyle(style)  # an in-process caller (the tests) keeps its look
        app.setStyleSheet(sheet)


def _show_demo_window(folder: Path) -> str:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .core.connections import ConnectionStore
    from .core.demo import prepare_demo
    from .ui.connections_controller import ConnectionsController
    from .ui.main_window import MainWindow
    from .ui.settings import UiSettings

    # a private settings file and connection store: the user's own stay untouched
    settings = UiSettings(QSettings(str(folder / "ui.ini"), QSettings.Format.IniFormat))
    window = MainWindow(
        settings, connections=ConnectionsController(ConnectionStore(folder / "connections.json"))
    )
    try:
        if not window.open_path(prepare_demo(folder / "demo")):
            raise CheckFailed("the main window could not open the demo module")
        window.show()
        QApplication.processEvents()
        picture = window.grab()
        if picture.isNull():
            raise CheckFailed("the main window drew nothing")
        size = f"{picture.width()}x{picture.height()}"
        return f"{size} on {QApplication.platformName()}, dark theme, demo module open"
    finally:
        window.shutdown()
        window.hide()
        window.deleteLater()


def check_translations() -> str:
    from PySide6.QtCore import QCoreApplication

    from .ui.i18n import install_translation

    app = _application()
    translators = install_translation(app, "ru")
    try:
        if len(translators) < 2:
            raise CheckFailed("the Russian catalogs (the app's and Qt's) did not load")
        menu = QCoreApplication.translate("MainWindow", "&File")
        if menu == "&File":
            raise CheckFailed("the Russian catalog loaded but translates nothing")
        return f"Russian: {len(translators)} catalogs, File menu reads {menu.replace('&', '')!r}"
    finally:
        for translator in translators:
            app.removeTranslator(translator)


# --- drivers and the libraries loaded only when a connection needs them -------------------------


def check_drivers() -> str:
    import psycopg
    from sqlalchemy import create_engine

    for url in ("postgresql+psycopg://u@localhost/db", "mysql+pymysql://u@localhost/db"):
        create_engine(url).dispose()  # loads the dialect and its driver; connects to nothing
    create_engine("sqlite://").dispose()
    implementation = psycopg.pq.__impl__
    if getattr(sys, "frozen", False) and implementation != "binary":
        raise CheckFailed(f"psycopg uses its {implementation} libpq, not psycopg_binary's")
    return f"postgresql (psycopg {implementation}), mysql (pymysql), sqlite; {_extras()}"


def _extras() -> str:
    from importlib.metadata import entry_points

    import boto3
    from cryptography.fernet import Fernet

    key = Fernet.generate_key()
    if Fernet(key).decrypt(Fernet(key).encrypt(b"self-test")) != b"self-test":
        raise CheckFailed("cryptography's Fernet did not round-trip")
    # building a client reads botocore's service data and sends nothing
    boto3.session.Session().client(
        "s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    backends = [e.name for e in entry_points(group="keyring.backends")]
    if not backends:
        raise CheckFailed("keyring lists no backends: its package metadata is missing")
    return f"s3 (boto3), keyring ({len(backends)} backends), fernet"


# --- the demo run, through the core -------------------------------------------------------------


def run_demo(run: DemoRun) -> str:
    from .core.anonymize.privacy import PrivacyCheckFailed
    from .core.demo import prepare_demo
    from .core.metadata import load_module
    from .core.pipeline.engine import RunOptions, run_module
    from .core.pipeline.targets import target_from_url

    path = run.module_path or prepare_demo(run.workdir / "demo")
    run.module = load_module(path)
    # only a folder of the self-test's own: a module naming a database or S3 target is not
    # sent there
    options = RunOptions(targets=[], extra_targets=[target_from_url(str(run.published))])
    started = time.perf_counter()
    try:
        run.report = run_module(run.module, base_dir=path.parent, options=options)
    except PrivacyCheckFailed as exc:
        run.privacy = exc.report  # the leak check still says what it found
        raise CheckFailed("the privacy checks failed, nothing was published") from exc
    run.privacy = run.report.privacy
    seconds = time.perf_counter() - started
    rows = sum(t.rows_written for t in run.report.tables.values())
    tables = len(run.report.tables)
    return f"{run.module.identifier}: {tables} tables, {rows} rows in {seconds:.1f} s"


def check_leaks(run: DemoRun) -> str:
    privacy = run.privacy
    if privacy is None:
        raise CheckFailed("not checked: the demo run did not get to its privacy checks")
    leaks = [leak.describe() for leak in privacy.leaks if not leak.passed]
    if leaks:
        raise CheckFailed(f"{len(leaks)} leak(s): {'; '.join(leaks)}")
    if not privacy.passed:
        raise CheckFailed("; ".join(privacy.failures))
    keys = sum(1 for key in privacy.foreign_keys if key.checked)
    return f"0 leaks in {len(privacy.leaks)} anonymized columns, {keys} foreign keys intact"


def check_read_back(run: DemoRun) -> str:
    from . import open_module

    report = run.need_report()
    if not report.published or run.module is None:
        raise CheckFailed("the run published no version")
    version = report.published[0].version
    run.tables = open_module(str(run.published), run.module.identifier, version)
    missing = sorted(set(report.tables) - set(run.tables))
    if missing:
        raise CheckFailed(f"version {version} lacks table(s) {', '.join(missing)}")
    return f"version {version} of {run.module.identifier} opened: {len(run.tables)} tables"


def check_row_counts(run: DemoRun) -> str:
    report = run.need_report()
    if not run.tables:
        raise CheckFailed("not checked: the published version could not be read")
    wrong = [
        f"{name} {len(run.tables.get(name, ()))} read back, {table.rows_written} reported"
        for name, table in report.tables.items()
        if table.rows_written <= 0 or len(run.tables.get(name, ())) != table.rows_written
    ]
    if wrong:
        raise CheckFailed("; ".join(wrong))
    return ", ".join(f"{name} {len(frame)}" for name, frame in run.tables.items())


# --- putting it together ------------------------------------------------------------------------


def run_self_test(
    workdir: Path, module_path: Path | None = None, *, qt: bool = True, out: TextIO | None = None
) -> int:
    """Run every check in `workdir` (which must be empty or new) and print one line for each;
    `module_path` runs that module instead of the demo; `qt=False` leaves out the Qt checks."""
    out = out or sys.stdout
    started = time.perf_counter()
    print(_banner(), file=out, flush=True)
    workdir.mkdir(parents=True, exist_ok=True)
    run = DemoRun(workdir, module_path)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("drivers", check_drivers),
        ("demo run", lambda: run_demo(run)),
        ("leak check", lambda: check_leaks(run)),
        ("read back", lambda: check_read_back(run)),
        ("row counts", lambda: check_row_counts(run)),
    ]
    if qt:
        steps[:0] = [
            ("qt plugins", check_qt_plugins),
            ("translations", check_translations),
            ("main window", _window_step(workdir)),
        ]
    results = []
    for name, step in steps:
        results.append(check(name, step))
        print(results[-1].line(), file=out, flush=True)
    failed = sum(not r.passed for r in results)
    verdict = "FAIL" if failed else "PASS"
    seconds = time.perf_counter() - started
    summary = f"{len(results) - failed} of {len(results)} checks passed in {seconds:.1f} s"
    print(f"{verdict}: {summary}", file=out, flush=True)
    return EXIT_FAILED if failed else EXIT_PASSED


def _window_step(workdir: Path) -> Callable[[], str]:
    def step() -> str:
        (workdir / "window").mkdir(exist_ok=True)
        return check_window(workdir / "window")

    return step


def _banner() -> str:
    how = "bundle" if getattr(sys, "frozen", False) else "Python install"
    return f"etlx-desktop {__version__} self-test ({how}, Python {platform.python_version()})"


def main() -> int:
    """`etlx-desktop --self-test`, in a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="etlx-self-test-") as folder:
        return run_self_test(Path(folder))
