"""A workbook opened in the window reads each project's indicator rows when first needed (a 5 000-project workbook
then opens as fast as a small one). Whoever reads `project.indicators` — the form, validation, copies, saving, an
export — must see exactly what an eager read gives, before and after saving, and after the file is closed."""

from __future__ import annotations

import copy
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.domain.model import Indicator, Project, Workbook, indicators_pending
from desktop.storage.workbook_file import WorkbookFile

BIG = 5000


def _project(n: int) -> Project:
    rows = [
        Indicator("产出指标", "数量指标", f"指标{n}-{i}", value=f"≥{n + i}个", description=f"说明{i}")
        for i in range(n % 7 + 1)
    ]
    return Project(year=2024 + n % 2, template="ah-project", name=f"项目{n:04d}", indicators=rows)


def _workbook_file(folder: Path, count: int) -> Path:
    path = folder / f"p{count}.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[_project(n) for n in range(count)]))
    return path


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _workbook_file(tmp_path_factory.mktemp("big"), BIG)


def _copy_of(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / path.name
    target.write_bytes(path.read_bytes())
    return target


def _eager(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def test_a_big_workbook_opens_without_reading_indicators_and_each_reads_the_right_rows(
    big_file: Path, tmp_path: Path
) -> None:
    path = _copy_of(big_file, tmp_path)
    expected = _eager(path)
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        assert wb_file.deferred_indicators() == BIG
        assert all(indicators_pending(p) for p in workbook.projects)
        last = workbook.projects[-1]
        assert last.indicators == expected.projects[-1].indicators
        assert [i.name for i in last.indicators] == [f"指标{BIG - 1}-{i}" for i in range((BIG - 1) % 7 + 1)]
        assert wb_file.deferred_indicators() == BIG - 1 and not indicators_pending(last)
        # Equality, copies and `replace` read them too: a deferred project is indistinguishable from a read one.
        assert workbook == expected
        assert wb_file.deferred_indicators() == 0


def test_copies_of_a_waiting_project_carry_its_indicators(big_file: Path, tmp_path: Path) -> None:
    path = _copy_of(big_file, tmp_path)
    with WorkbookFile.open(path) as wb_file:
        project = wb_file.load(defer_indicators=True).projects[3]
        snapshot = copy.deepcopy(project)
        assert not indicators_pending(snapshot) and len(snapshot.indicators) == 4
        assert project.clone().indicators == snapshot.indicators
        assert replace(wb_file.load(defer_indicators=True).projects[3], name="x").indicators == snapshot.indicators


def test_saving_back_keeps_the_indicators_of_projects_never_looked_at(big_file: Path, tmp_path: Path) -> None:
    path = _copy_of(big_file, tmp_path)
    expected = _eager(path)
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        edited = workbook.projects[10]
        edited.indicators = [*edited.indicators, Indicator("效益指标", "社会效益指标", "新指标", value="提高")]
        del workbook.projects[20]
        wb_file.save(workbook)  # rewrites every indicator row: the waiting projects must have read theirs first
        assert wb_file.deferred_indicators() == 0
        wb_file.save(workbook)
    again = _eager(path)
    assert len(again.projects) == BIG - 1
    assert again.projects[10].indicators[-1].name == "新指标"
    del expected.projects[20]
    expected.projects[10].indicators.append(Indicator("效益指标", "社会效益指标", "新指标", value="提高"))
    assert [p.indicators for p in again.projects] == [p.indicators for p in expected.projects]


def test_save_as_into_another_file_copies_every_indicator(big_file: Path, tmp_path: Path) -> None:
    path = _copy_of(big_file, tmp_path)
    other = tmp_path / "copy.jixiao"
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        with WorkbookFile.open(other, create=True) as copy_file:
            copy_file.save(workbook)
    assert [p.indicators for p in _eager(other).projects] == [p.indicators for p in _eager(path).projects]


def test_projects_still_waiting_read_their_rows_after_the_file_is_closed_and_the_lock_is_free(
    big_file: Path, tmp_path: Path
) -> None:
    path = _copy_of(big_file, tmp_path)
    expected = _eager(path)
    wb_file = WorkbookFile.open(path)
    workbook = wb_file.load(defer_indicators=True)
    wb_file.close()
    with WorkbookFile.open(path) as again:
        assert not again.read_only  # the lock went with close(); only a read-only hold is kept
    assert workbook.projects[123].indicators == expected.projects[123].indicators
    assert workbook == expected


def test_a_read_only_file_is_read_in_full(big_file: Path, tmp_path: Path) -> None:
    path = _copy_of(big_file, tmp_path)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        workbook = wb_file.load(defer_indicators=True)
        assert wb_file.deferred_indicators() == 0
        assert not any(indicators_pending(p) for p in workbook.projects)


def test_the_window_opens_a_workbook_and_the_background_check_reads_every_project(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.domain.validation import validate_project
    from desktop.templates.catalog import available_layouts
    from tests.test_main_window import open_window

    count = 600  # enough for the check to take many idle slices, small enough for a test
    path = _workbook_file(tmp_path, count)
    expected = _eager(path)
    window = open_window(qtbot, path)
    projects = window.document.workbook.projects
    shown = window.current_project()
    assert shown is not None and not indicators_pending(shown)
    assert window.indicators.view().model().rowCount() > 0  # the shown project's tree has its rows
    assert sum(indicators_pending(p) for p in projects) > count // 2  # the rest wait for the background check
    qtbot.waitUntil(window.validation.is_complete, timeout=120_000)
    assert not any(indicators_pending(p) for p in projects)
    assert [p.indicators for p in projects] == [p.indicators for p in expected.projects]
    some = projects[432]
    assert window.validation.findings_of(some) == validate_project(some, available_layouts())
    assert window.file_ops.save()
    assert [p.indicators for p in _eager(path).projects] == [p.indicators for p in expected.projects]


def test_a_broken_link_between_rows_is_still_reported_at_open(big_file: Path, tmp_path: Path) -> None:
    """Deferring never hides damage that the full read reports: the integrity check runs on every open."""
    path = _copy_of(big_file, tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("UPDATE indicator SET project_id = 999999 WHERE id = (SELECT min(id) FROM indicator)")
    conn.commit()
    conn.close()
    from desktop.storage.workbook_file import DamagedWorkbookError

    with pytest.raises(DamagedWorkbookError):
        WorkbookFile.open(path)
