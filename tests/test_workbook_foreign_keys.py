"""A workbook whose indicator or spending-plan rows point to a project that is not there (a tool deleted rows with
foreign keys off) is refused on opening, saying so in Chinese; a sound one opens."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.model import Indicator, Project, SpendingStep, Workbook
from desktop.storage.errors import DamagedWorkbookError
from desktop.storage.workbook_file import WorkbookFile


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "keys.jixiao"
    projects = [
        Project(
            year=2024,
            template="ah-project",
            name=f"项目{n}",
            indicators=[Indicator("产出指标", "数量指标", f"指标{n}", "≥1个")],
            spending_plan=(SpendingStep(12, Decimal("100")),),
        )
        for n in range(3)
    ]
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=projects))
    return path


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)  # foreign keys off, as in most database tools
    with conn:
        conn.execute(sql)
    assert conn.execute("PRAGMA foreign_key_check").fetchone() is not None  # what SQLite itself calls broken
    conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM project WHERE name = '项目1'",
        "UPDATE indicator SET project_id = 999 WHERE name = '指标2'",
        "UPDATE spending_step SET project_id = 'x' WHERE project_id = 1",
    ],
)
def test_rows_pointing_to_a_missing_project_are_refused_on_opening(tmp_path: Path, sql: str) -> None:
    path = _file(tmp_path)
    _tamper(path, sql)
    for read_only in (False, True):
        with pytest.raises(DamagedWorkbookError) as caught:
            WorkbookFile.open(path, read_only=read_only)
        assert "指标与所属项目的对应关系已损坏" in str(caught.value)


def test_a_sound_workbook_opens(tmp_path: Path) -> None:
    path = _file(tmp_path)
    with WorkbookFile.open(path) as wb_file:
        assert [p.name for p in wb_file.load().projects] == ["项目0", "项目1", "项目2"]
