"""Importing another workbook (.jixiao): a colleague's or last year's file is read without being changed, even while
it is open in another window, and a damaged one is refused with a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import run
from desktop.io.importing import ImportFailed
from desktop.storage.sources import read_source
from desktop.storage.workbook_file import WorkbookFile


def test_a_workbook_imports_into_another_with_its_departments(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_path.read_bytes()
    target = tmp_path / "mine.jixiao"
    assert run(["import", "--into", str(target), str(demo_path)]) == 0
    assert "新增 24 个项目" in capsys.readouterr().out
    assert demo_path.read_bytes() == before  # the source is only read
    with WorkbookFile.open(target) as mine:
        workbook = mine.load()
    assert len(workbook.projects) == 24
    assert sorted(d.name for d in workbook.departments) == ["兴隆县医疗保障局", "泗县医疗保障局"]
    assert run(["import", "--into", str(target), str(demo_path)]) == 0  # our own file: replace, no duplicates
    with WorkbookFile.open(target) as mine:
        assert len(mine.load().projects) == 24


def test_a_workbook_open_elsewhere_is_still_read(demo_path: Path) -> None:
    with WorkbookFile.open(demo_path) as held:  # the colleague's window holds it
        assert not held.read_only_text()
        result = read_source(demo_path)
    assert len(result.projects) == 24 and result.ours


def test_a_damaged_workbook_is_refused_in_chinese(tmp_path: Path) -> None:
    damaged = tmp_path / "坏的.jixiao"
    damaged.write_text("不是工作簿", encoding="utf-8")
    with pytest.raises(ImportFailed) as caught:
        read_source(damaged)
    message = str(caught.value)
    assert "坏的.jixiao" in message and "不是本程序的工作簿文件" in message
    assert "Traceback" not in message
