"""A drive that goes away while a big workbook's indicators still wait to be read: the clerk gets a Chinese message
saying what to check (never 程序内部错误), the file is not touched, and once the drive is back everything reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.model import Indicator, Project, Workbook
from desktop.storage.errors import WorkbookError
from desktop.storage.workbook_file import WorkbookFile


class _GoneDrive:
    """A connection whose every query fails as SQLite fails when the network drive is gone."""

    def execute(self, *_args: object) -> Any:
        raise sqlite3.OperationalError("disk I/O error")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "big.jixiao"
    projects = [
        Project(
            year=2024,
            template="ah-project",
            name=f"项目{n}",
            indicators=[Indicator("产出指标", "数量指标", f"指标{n}", "≥1个")],
        )
        for n in range(30)
    ]
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=projects))
    return path


def test_unreadable_rows_say_what_to_check_and_read_once_the_drive_is_back(tmp_path: Path) -> None:
    path = _file(tmp_path)
    before = path.read_bytes()
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    reader = wb_file._deferred
    assert reader is not None
    working = reader._connection
    reader._connection = _GoneDrive  # type: ignore[assignment]
    with pytest.raises(WorkbookError) as caught:
        _ = workbook.projects[3].indicators
    message = str(caught.value)
    assert "无法从工作簿文件读取" in message and "网络连接" in message and "不受影响" in message
    with pytest.raises(WorkbookError):
        wb_file.save(workbook)  # the save needs every row first: refused, nothing written
    assert path.read_bytes() == before
    reader._connection = working  # the drive is back
    assert workbook.projects[3].indicators[0].name == "指标3"
    wb_file.save(workbook)
    wb_file.close()
    with WorkbookFile.open(path, read_only=True) as again:
        assert [p.indicators[0].name for p in again.load().projects] == [f"指标{n}" for n in range(30)]


def test_the_window_says_it_as_a_file_problem_not_an_internal_error(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.storage.deferred import UnreadableRowsError
    from desktop.ui import app

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(app.QMessageBox, "warning", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(app.QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(app.sys, "excepthook", app.sys.excepthook)
    app.install_excepthook()
    error = UnreadableRowsError("暂时无法从工作簿文件读取项目的指标：读写磁盘时出错。")
    app.sys.excepthook(type(error), error, None)
    assert shown == [("无法读取工作簿", "暂时无法从工作簿文件读取项目的指标：读写磁盘时出错。")]
