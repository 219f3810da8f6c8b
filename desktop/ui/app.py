"""Starting the desktop program: QApplication, Chinese for Qt's own dialogs, the CJK font, crash handling.

`run_app` is what `jixiao [WORKBOOK] [--selftest [--screenshot PNG]]` calls.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from desktop.home import data_dir, log_dir
from desktop.resources import resource_path
from desktop.storage.errors import WorkbookError
from desktop.ui.settings import APPLICATION, ORGANIZATION

DEMO_WORKBOOK_NAME = "示例工作簿.jixiao"
DEMO_OLD_NAME = "示例工作簿（旧版）.jixiao"
DEMO_VERSION = 2
"""Raised whenever the bundled demo changes (2: the 泗县 and 兴隆 departments), so `--demo` shows what is new."""
FONT_PRELOAD_MS = 500  # after the window shows and the project on screen is checked
SELFTEST_SIZE = (1366, 768)
FALLBACK_FONT_FILE = ("fonts", "wqy-microhei.ttc")
ICON_FILE = ("icons", "jixiao.png")

_log = logging.getLogger(__name__)


def install_fonts(app: QApplication) -> str | None:
    """Load the bundled CJK font; make it the UI font where the system has no Chinese font, else a fallback.

    Returns the bundled family name (None when the file cannot be loaded).
    """
    font_id = QFontDatabase.addApplicationFont(str(resource_path(*FALLBACK_FONT_FILE)))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        _log.warning("bundled CJK font could not be loaded")
        return None
    bundled = families[0]
    system_cjk = [f for f in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese) if f not in families]
    font = QFont(app.font())
    if system_cjk:
        # The system's own Chinese font (微软雅黑, 宋体) looks native; ours only fills characters it lacks.
        font.setFamilies([font.family(), bundled])
    else:
        font.setFamilies([bundled])
    app.setFont(font)
    return bundled


def install_translations(app: QApplication) -> bool:
    """Qt's own dialogs (file, print, message box buttons) in Simplified Chinese; False when the file is missing."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        _log.warning("qtbase_zh_CN.qm not found in %s", folder)
        return False
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


def _log_exception(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> Path | None:
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "jixiao-errors.log"
        with path.open("a", encoding="utf-8") as log:
            log.write("".join(traceback.format_exception(kind, value, tb)))
        return path
    except OSError:
        return None


def install_excepthook() -> None:
    """An unexpected error is logged and told in Chinese; the clerk's edits stay in the window (and the recovery)."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        app = QApplication.instance()
        window = getattr(app, "main_window", None) if app is not None else None
        if isinstance(value, WorkbookError):  # a file that cannot be read now (a drive gone): its own message says it
            QMessageBox.warning(window, "无法读取工作簿", str(value))
            return
        path = _log_exception(kind, value, tb)
        recovered = False
        if window is not None:
            try:
                recovered = window.recovery.write_now()
            except Exception:
                recovered = False
        where = f"详细信息已写入日志：{path}" if path else "日志无法写入。"
        safe = "已写入恢复副本。" if recovered else ""
        QMessageBox.critical(
            window,
            "程序内部错误",
            f"程序遇到了一个内部错误（{kind.__name__}）。您的修改仍在程序中，{safe}请尽快保存（Ctrl+S）。\n\n"
            f"{where}\n请把日志发给维护人员。",
        )

    sys.excepthook = hook


def create_application() -> QApplication:
    """The QApplication with names for QSettings, Chinese translations and the CJK font."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("绩效目标填报")
    # Every window and dialog shows it, and the taskbar too (the .exe's own icon is set by the packaging).
    app.setWindowIcon(QIcon(str(resource_path(*ICON_FILE))))
    install_translations(app)
    install_fonts(app)
    return app


def preload_print_font() -> threading.Thread:
    """Parse the PDF font (and import reportlab) in a background thread, so the first export or print preview does
    not wait for it; started once the window shows, never before (it is not needed to show the window)."""

    def work() -> None:
        try:
            from desktop.io.pdf.fonts import preload_font

            preload_font()
        except Exception:
            _log.warning("print font could not be preloaded", exc_info=True)

    thread = threading.Thread(target=work, name="print-font", daemon=True)
    thread.start()
    return thread


def demo_workbook_path() -> Path:
    """The demo workbook in the data folder, written from the bundled examples the first time, and again when this
    program brings a newer demo (DEMO_VERSION): the older copy, perhaps practised on, is kept beside it as 旧版."""
    path = data_dir() / DEMO_WORKBOOK_NAME
    stamp = path.with_name(DEMO_WORKBOOK_NAME + ".version")
    try:
        current = stamp.read_text(encoding="utf-8").strip() == str(DEMO_VERSION)
    except OSError:
        current = False
    if path.exists() and not current:
        from desktop.storage.lock import LockInfo, WorkbookLock

        lock = WorkbookLock.acquire(path)  # a lock left by a crash is taken over; a live one is respected
        if isinstance(lock, LockInfo):
            return path  # open in another window: renewed at a later start
        try:
            os.replace(path, path.with_name(DEMO_OLD_NAME))
        except OSError:
            return path  # not movable: open the copy there is rather than none
        finally:
            lock.release()
    if not path.exists():
        from desktop.io.demo import demo_workbook
        from desktop.storage.workbook_file import WorkbookFile

        path.parent.mkdir(parents=True, exist_ok=True)
        with WorkbookFile.open(path, create=True) as wb_file:
            wb_file.save(demo_workbook())
        try:
            stamp.write_text(str(DEMO_VERSION), encoding="utf-8")
        except OSError:
            pass  # written again next time: the demo itself is there
    return path


def report_layout_problems(window: QMainWindow) -> QLabel | None:
    """Layout files of the user folder that were skipped: a lasting note in the status bar, each reason in its tip.

    A broken file the clerk (or a colleague) dropped in must never stop the program; it is named here instead.
    """
    from desktop.templates.catalog import layout_catalog

    catalog = layout_catalog()
    if not catalog.problems:
        return None
    note = QLabel(f"有 {len(catalog.problems)} 个自定义版式文件有误，已跳过（指向此处查看原因）", window)
    note.setObjectName("layoutProblems")
    note.setStyleSheet("color: #b00020;")
    note.setToolTip("\n\n".join((*catalog.problems, f"版式文件夹：{catalog.user_folder}")))
    window.statusBar().addPermanentWidget(note)
    for problem in catalog.problems:
        logging.getLogger(__name__).warning("%s", problem)
    return note


def _workbook_to_open(workbook_path: Path | None, demo: bool) -> tuple[Path, bool]:
    """(path, create): the named workbook, else the demo, else the default workbook (created on first start)."""
    if workbook_path is not None:
        return workbook_path, False
    if demo:
        return demo_workbook_path(), False
    from desktop.home import default_workbook_path

    return default_workbook_path(), True


def run_app(
    workbook_path: Path | None, *, selftest: bool = False, screenshot: Path | None = None, demo: bool = False
) -> int:
    """Run the desktop program; with `selftest`, open, select the first project, screenshot if asked, exit 0."""
    app = create_application()
    from desktop.ui.main_window import MainWindow

    if selftest and workbook_path is None:
        demo = True
    try:
        path, create = _workbook_to_open(workbook_path, demo)
    except Exception as exc:
        print(f"无法准备工作簿：{exc}", file=sys.stderr)
        return 2
    window = MainWindow()
    window.first_painted.connect(startup_done)
    app.main_window = window  # type: ignore[attr-defined]
    report_layout_problems(window)
    if selftest:
        return _selftest(app, window, path, screenshot)
    install_excepthook()
    window.show()
    if not window.file_ops.open(path, create=create):
        if workbook_path is not None:
            print(f"无法打开工作簿：{path}", file=sys.stderr)
    QTimer.singleShot(FONT_PRELOAD_MS, preload_print_font)
    return app.exec()


def startup_done() -> None:
    """The window has painted: garbage collection, paused while the program started (`cli`), runs again, and the
    objects made so far (modules, classes, the workbook) are frozen out of it, so later collections stay quick."""
    gc.freeze()
    gc.enable()


def _selftest(app: QApplication, window: object, path: Path, screenshot: Path | None) -> int:
    from desktop.ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    window.resize(*SELFTEST_SIZE)
    window.show()
    # A self-test runs unattended: a message box would wait forever, so failures are collected and printed.
    window.file_ops.unattended = []
    opened = window.file_ops.open(path, ask_recovery=False)
    if not opened:
        details = "\n".join(window.file_ops.unattended)
        print(f"自检失败：无法打开工作簿 {path}。\n{details}".rstrip(), file=sys.stderr)
        window.close_quietly()
        return 2
    window.project_list.select_first()
    app.processEvents()  # paints the window; the project on screen has been checked on opening
    if screenshot is not None:
        while not window.validation.is_complete():  # the picture shows every project's counts
            app.processEvents()
        if not window.grab().save(str(screenshot)):
            print(f"自检失败：无法保存截图到 {screenshot}。", file=sys.stderr)
            window.close_quietly()
            return 2
    window.close_quietly()
    app.main_window = None  # type: ignore[attr-defined]
    return 0
