"""Application start-up: self-test with screenshot, which workbook opens, settings kept under JIXIAO_HOME."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo
from PySide6.QtGui import QFontDatabase, QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.storage.workbook_file import WorkbookFile, default_workbook_path
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
