"""Application start-up: self-test with screenshot, which workbook opens, settings kept under JIXIAO_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.home import default_workbook_path
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.catalog import available_layouts
from desktop.ui.app import DEMO_WORKBOOK_NAME, create_application, run_app
from desktop.ui.settings import RECENT_WORKBOOKS, qsettings, remember_recent


def test_selftest_opens_the_demo_and_saves_a_screenshot(qtbot, jixiao_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shot = tmp_path / "main.png"
    assert run_app(None, selftest=True, screenshot=shot) == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    demo = jixiao_home / "data" / DEMO_WORKBOOK_NAME
    with WorkbookFile.open(demo, read_only=True) as wb_file:
        assert len(wb_file.load().projects) == 24
    assert not demo.with_name(demo.name + ".lock").exists()  # the self-test released its lock


def test_selftest_on_a_file_that_is_not_a_workbook_fails_with_status_2(qtbot, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bogus = tmp_path / "notes.jixiao"
    bogus.write_text("这不是工作簿", encoding="utf-8")
    assert run_app(bogus, selftest=True) == 2
    assert "自检失败" in capsys.readouterr().err


def test_default_workbook_is_created_empty_on_first_start(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui import app as app_module

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(app_module, "install_excepthook", lambda: None)
    assert run_app(None) == 0
    assert default_workbook_path().exists()
    window = QApplication.instance().main_window  # type: ignore[union-attr]
    assert window.document.workbook.projects == []
    window.close_quietly()


def test_chinese_for_qt_dialogs_and_the_bundled_font() -> None:
    app = create_application()
    assert Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN.qm").exists()
    assert "WenQuanYi Micro Hei" in app.font().families()
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    box = QMessageBox()
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text() for b in box.buttons()) == sorted(["是(&Y)", "取消"])
    assert app.translate("QFileDialog", "Open") == "打开"


def test_settings_live_under_jixiao_home(jixiao_home: Path, tmp_path: Path) -> None:
    assert Path(qsettings().fileName()) == jixiao_home / "settings.ini"
    first, second = tmp_path / "a.jixiao", tmp_path / "b.jixiao"
    remember_recent(first)
    remember_recent(second)
    remember_recent(first)
    assert RECENT_WORKBOOKS.get() == (str(first.resolve()), str(second.resolve()))
    stored = (jixiao_home / "settings.ini").read_text(encoding="utf-8")
    assert "[files]" in stored and str(first.resolve()) in stored


def test_the_window_shows_without_loading_the_export_and_migration_libraries(demo_path: Path, tmp_path: Path) -> None:
    """openpyxl, reportlab and sqlite-utils cost ~0.3 s at start and none is needed to show a workbook; nor are the
    department editors (made when a department page is first shown), nor the edit operations (the first edit loads
    them), the indicator library, its completer and the classification catalogue (used when first typed in), nor
    hashlib (OpenSSL), nor the findings (made by the first check, after the window has painted), nor the layouts
    of the projects not on screen, nor the departments' budget and printed figures and their JSON reader (a
    department's content is parsed when first needed; the window lists departments by name), nor the layouts'
    print and Excel settings (built on first print or export), nor the records of changes (made by edits), nor
    tomllib (the shipped layout and frame on screen are read from their parsed twins), nor the form's page and field
    widgets while the form is folded (a 1366×768 screen's first start), nor the bounded JSON reader (a department's or
    a 定稿 copy's content is parsed when first needed)."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.ui.app import run_app\n"
        "heavy = ('openpyxl', 'reportlab', 'sqlite_utils', 'desktop.ui.department.budget',\n"
        "         'desktop.ui.department.explanation', 'desktop.ui.department.target', 'desktop.domain.operations',\n"
        "         'desktop.templates.library', 'desktop.templates.classification', 'hashlib',\n"
        "         'desktop.ui.indicators.completion', 'desktop.domain.findings', 'desktop.domain.department.budget',\n"
        "         'desktop.domain.department.printed', 'desktop.io.department_reader', 'desktop.io.department_json',\n"
        "         'desktop.io.interchange', 'desktop.templates.printing', 'desktop.templates.sheet',\n"
        "         'desktop.domain.changes', 'tomllib', 'desktop.domain.department.content',\n"
        "         'desktop.ui.file_checks', 'desktop.ui.form.layout_page', 'desktop.ui.form.widgets',\n"
        "         'desktop.ui.form.publication_box', 'desktop.ui.form.funds_box', 'desktop.io.bounded_json')\n"
        "print('after import:', sorted(m for m in heavy if m in sys.modules))\n"
        "status = run_app(Path(sys.argv[1]), selftest=True)\n"
        "print('after start:', sorted(m for m in heavy if m in sys.modules), status)\n"
        "layouts = sys.modules['desktop.templates.layouts']\n"
        "print('all bundled layouts read:', layouts.bundled_layouts.cache_info().currsize)\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_HOME=str(tmp_path / "home"))
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-c", script, str(demo_path)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "after import: []" in done.stdout
    assert "after start: [] 0" in done.stdout
    # Only the layout of the project on screen is read to show it; the others with the first check.
    assert "all bundled layouts read: 0" in done.stdout


def test_findings_fill_in_after_the_window_shows_the_selected_project_first(
    qtbot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain import validation
    from desktop.domain.validation import validate_project
    from desktop.ui import validation_state
    from desktop.ui.panels.project_list import ProblemCount
    from desktop.ui.validation_state import is_error
    from tests.test_main_window import open_window

    monkeypatch.setattr(validation_state, "CHUNK_SECONDS", 0.0)  # one project per idle slice: every step is seen
    checked: list[object] = []

    def recording(project, layouts):  # type: ignore[no-untyped-def]
        checked.append(project)
        return validate_project(project, layouts)

    monkeypatch.setattr(validation, "validate_project", recording)
    window = open_window(qtbot, demo_path)
    state = window.validation
    shown = window.current_project()
    assert shown is not None
    projects = window.document.workbook.projects
    assert not state.is_complete()  # the window is up before the workbook is checked
    # …and the findings panel says so rather than "no problems".
    assert window.findings.summary.full_text() == f"正在检查：已查 0 / {len(projects)} 个项目…"
    qtbot.waitUntil(lambda: bool(checked))
    assert checked[0] is shown  # the first check, right after the window has painted: the project on screen
    assert id(shown) in state.counts()
    assert len(state.counts()) < len(projects)
    waiting = next(p for p in projects if id(p) not in state.counts())
    expected_waiting = validate_project(waiting, available_layouts())
    # What needs one project's findings before its turn (marking it final) gets them checked on demand.
    assert [f.message for f in state.findings_of(waiting)] == [f.message for f in expected_waiting]
    qtbot.waitUntil(state.is_complete, timeout=20_000)
    assert "正在检查" not in window.findings.summary.full_text()
    assert window.findings.summary.full_text().startswith("没有错误；提示 ")
    for project in projects:
        expected = validate_project(project, available_layouts())
        assert [(f.rule, f.message) for f in state.findings_of(project)] == [(f.rule, f.message) for f in expected]
        errors = sum(1 for f in expected if is_error(f))
        # The project list shows every project's count, as it would had the workbook been checked before showing.
        assert (
            window.project_list.model.index_of(project, 1).data() == ProblemCount(errors, len(expected) - errors).text()
        )
    total = sum(len(state.findings_of(p)) for p in projects)
    # The panel lists the departments' findings (D rules) beside the projects'.
    departments = len(state.department_findings)
    assert total > 0 and departments > 0 and window.findings.table.model().rowCount() == total + departments


def test_the_print_font_is_parsed_in_the_background_once_for_every_export(demo_path: Path, tmp_path: Path) -> None:
    from desktop.io.demo import demo_workbook
    from desktop.io.pdf import fonts
    from desktop.io.pdf.export import export_pdf
    from desktop.ui.app import preload_print_font

    for earlier in threading.enumerate():  # a window of an earlier test may have started one: let it finish first
        if earlier.name == "print-font":
            earlier.join(timeout=60)
    fonts.load_font.cache_clear()
    thread = preload_print_font()
    assert thread.daemon  # never keeps the program from closing
    thread.join(timeout=60)
    assert fonts.load_font.cache_info().currsize == 1
    export_pdf(demo_workbook(), tmp_path / "a.pdf")
    assert fonts.load_font.cache_info().misses == 1  # the export used the font parsed in the background


def test_an_older_demo_is_kept_as_old_and_the_new_one_written(qtbot, jixiao_home: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.model import Project, Workbook
    from desktop.ui.app import DEMO_OLD_NAME, demo_workbook_path

    folder = jixiao_home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / DEMO_WORKBOOK_NAME
    with WorkbookFile.open(old, create=True) as wb_file:  # a demo of an earlier version, practised on
        wb_file.save(Workbook(projects=[Project(year=2023, template="ah-project", name="练习项目")]))
    path = demo_workbook_path()
    with WorkbookFile.open(path, read_only=True) as wb_file:
        demo = wb_file.load()
    assert len(demo.projects) == 24 and len(demo.departments) == 2
    with WorkbookFile.open(folder / DEMO_OLD_NAME, read_only=True) as wb_file:
        assert [p.name for p in wb_file.load().projects] == ["练习项目"]
    before = path.stat().st_mtime_ns
    assert demo_workbook_path() == path and path.stat().st_mtime_ns == before  # written once, not at every start


def test_an_older_demo_open_in_another_window_is_left_alone(qtbot, jixiao_home: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.domain.model import Project, Workbook
    from desktop.ui.app import DEMO_OLD_NAME, demo_workbook_path

    folder = jixiao_home / "data"
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / DEMO_WORKBOOK_NAME
    with WorkbookFile.open(old, create=True) as wb_file:
        wb_file.save(Workbook(projects=[Project(year=2023, template="ah-project", name="练习项目")]))
    with WorkbookFile.open(old):  # the other window holds it
        assert demo_workbook_path() == old
        assert not (folder / DEMO_OLD_NAME).exists()
    assert len(_projects(demo_workbook_path())) == 24  # renewed at the next start


def _projects(path: Path) -> list[object]:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return list(wb_file.load().projects)


def test_the_checks_start_even_if_the_platform_never_says_the_window_painted(qtbot, demo_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.first_painted.disconnect()  # the paint is never noticed…
    window.show()
    assert window.file_ops.open(demo_path, ask_recovery=False)  # …and the window holds the checks for it
    assert not window.validation.is_complete()
    qtbot.waitUntil(window.validation.is_complete, timeout=10_000)  # the fallback starts them
    assert window.validation.counts()
