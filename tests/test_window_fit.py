"""The main window on the clerk's screen: a 1366×768 screen with a taskbar leaves 1366×728, and there the indicator
tree must show a dozen 三级 rows under a one-line project header, with the findings panel one line when all is well.
The first start fits the screen; a remembered window larger than today's screen is pulled back onto it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtWidgets import QApplication, QTreeView
from pytestqt.qtbot import QtBot

from desktop.domain.model import Indicator, Project, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.text.importer import read_text
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.library import bundled_library
from desktop.ui import window_geometry
from desktop.ui.main_window import MainWindow
from desktop.ui.panels.findings_panel import SHARE_AT_MOST
from tests.test_main_window import closing, open_window  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("closing")

ROOT = Path(__file__).resolve().parents[1]
LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 minus a 40-pixel taskbar
DESKTOP = QRect(0, 0, 1920, 1040)
RICH = 20  # 三级 indicators of the big projects: more than the tree can show at 1366×728


def enriched(project: Project, at_least: int = RICH) -> Project:
    """A copy of a demo project grown to `at_least` 三级 rows with the indicator library's suggestions, each added
    at the end of its own 二级 group (as a clerk picks them from the completions)."""
    grown = project.clone()
    grown.name = f"{project.display_name()}（扩充指标）"
    library = bundled_library()
    groups = list(dict.fromkeys((i.level1, i.level2) for i in project.indicators))
    while len(grown.indicators) < at_least:
        before = len(grown.indicators)
        for level1, level2 in groups:
            names = {i.name for i in grown.indicators}
            entry = next((e for e in library.suggest(level2 or "") if e.name not in names), None)
            if entry is None or len(grown.indicators) >= at_least:
                continue
            last = max(n for n, i in enumerate(grown.indicators) if (i.level1, i.level2) == (level1, level2))
            grown.indicators.insert(last + 1, Indicator(level1, level2, entry.name, entry.value))
        assert len(grown.indicators) > before, "the library has no more suggestions for this project"
    return grown


def clerk_workbook() -> Workbook:
    """The demo workbook plus an 安徽 and a 河北 project with many indicators and a 江西 and a 中期 project."""
    workbook = demo_workbook()
    for template in ("ah-project", "hb-project"):
        biggest = max((p for p in workbook.projects if p.template == template), key=lambda p: len(p.indicators))
        workbook.projects.append(enriched(biggest))
    for sample in ("jx-project-sample.txt", "ah-midterm-sample.txt"):
        workbook.projects.extend(read_text(ROOT / "tests" / "data" / sample).projects)
    return workbook


def _level3_indexes(view: QTreeView) -> Iterator[QModelIndex]:
    model = view.model()

    def walk(parent: QModelIndex, depth: int) -> Iterator[QModelIndex]:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if depth == 2:
                yield index
            yield from walk(index, depth + 1)

    yield from walk(view.rootIndex(), 0)


def visible_level3_rows(view: QTreeView) -> int:
    """三级 rows the clerk sees whole in the tree's viewport (a row cut off at the bottom does not count)."""
    area = view.viewport().rect()
    return sum(1 for index in _level3_indexes(view) if area.contains(view.visualRect(index)))


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> list[QRect]:
    """The free area of the screen the window sees; set `screen[0]` before creating the window."""
    free = [QRect(DESKTOP)]
    monkeypatch.setattr(window_geometry, "available_geometry", lambda widget=None: QRect(free[0]))
    return free


@pytest.fixture
def clerk_path(tmp_path: Path) -> Path:
    path = tmp_path / "clerk.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(clerk_workbook())
    return path


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def at_size(window: MainWindow, rect: QRect) -> None:
    """The window as a maximised one stands on a screen whose free area is `rect` (offscreen has one big screen)."""
    window.showNormal()
    window.setGeometry(rect)
    settle()


def show_rich(window: MainWindow, template: str) -> Project:
    project = next(
        p for p in window.document.workbook.projects if p.template == template and "扩充指标" in (p.name or "")
    )
    window.project_list.select_project(project)
    settle()
    assert window.current_project() is project
    return project


@pytest.mark.parametrize("template", ["ah-project", "hb-project"])
def test_a_dozen_level3_rows_show_at_1366x728_under_a_one_line_header(
    qtbot: QtBot, clerk_path: Path, screen: list[QRect], template: str
) -> None:
    screen[0] = QRect(LAPTOP)
    window = open_window(qtbot, clerk_path)
    assert window.isMaximized()  # first start on a small screen
    at_size(window, LAPTOP)
    project = show_rich(window, template)
    pane = window.form_pane
    assert pane.is_folded() and not window.form.isVisible()  # the header in compact form
    assert pane.summary.isVisible() and pane.height() <= 2 * pane.fontMetrics().height() + 12
    summary = pane.summary.full_text()
    assert project.display_name() in summary and f"{project.year} 年度" in summary
    assert (project.department.name or "") in summary and "草稿" in summary
    assert window.findings.table.isVisible()  # the demo workbook has findings: the panel shows some
    view = window.indicators.view()
    shown = visible_level3_rows(view)
    assert shown >= 12, f"only {shown} 三级 rows of {len(project.indicators)} visible"
    assert view.verticalScrollBar().maximum() > 0  # the project has more than fit: the tree was really full


def test_the_compact_header_opens_on_f9_and_the_choice_is_remembered(
    qtbot: QtBot, clerk_path: Path, screen: list[QRect]
) -> None:
    screen[0] = QRect(LAPTOP)
    window = open_window(qtbot, clerk_path)
    at_size(window, LAPTOP)
    assert window.form_pane.is_folded()
    # Going into a field opens the form for that edit only: it is not the clerk's choice of layout.
    window.project_list.tree.setFocus()
    qtbot.keyClick(window.project_list.tree, Qt.Key.Key_Return)
    assert window.form.isVisible()
    window.close()
    again = open_window(qtbot, clerk_path)
    assert again.form_pane.is_folded()
    again.indicators.view().setFocus()
    qtbot.keyClick(again.indicators.view(), Qt.Key.Key_F9)
    assert again.form.isVisible() and not again.menu_actions.fold_form.isChecked()
    again.close()
    third = open_window(qtbot, clerk_path)
    assert not third.form_pane.is_folded()  # F9 was the clerk's choice: kept


def test_first_start_on_a_small_screen_is_maximised(qtbot: QtBot, screen: list[QRect]) -> None:
    screen[0] = QRect(0, 0, 1366, 728)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.isMaximized()
    assert LAPTOP.contains(window.normalGeometry()) or LAPTOP.contains(window.geometry())


def test_first_start_on_a_large_screen_is_a_window_that_fits(qtbot: QtBot, screen: list[QRect]) -> None:
    screen[0] = QRect(0, 0, 2560, 1400)
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.isMaximized()
    geometry = window.geometry()
    assert screen[0].contains(geometry)
    assert geometry.width() >= 1920 and geometry.height() >= 1100  # most of the screen, not a 1366×768 box
    assert geometry.center() == screen[0].center() or (geometry.center() - screen[0].center()).manhattanLength() <= 2


def test_a_remembered_window_larger_than_the_screen_is_pulled_onto_it(
    qtbot: QtBot, demo_path: Path, screen: list[QRect]
) -> None:
    screen[0] = QRect(DESKTOP)
    window = open_window(qtbot, demo_path)
    window.setGeometry(QRect(40, 30, 1800, 1000))
    settle()
    window.close()
    screen[0] = QRect(0, 40, 1366, 728)  # the laptop, with its taskbar at the top
    again = MainWindow()
    qtbot.addWidget(again)
    assert not again.isMaximized()
    assert screen[0].contains(again.geometry()), again.geometry()
    assert again.width() == 1366 and again.height() == 728


def test_findings_panel_is_one_line_when_all_is_well_and_grows_with_findings(
    qtbot: QtBot, tmp_path: Path, demo_path: Path, screen: list[QRect]
) -> None:
    clean = tmp_path / "空工作簿.jixiao"
    window = open_window(qtbot, clean, create=True)
    at_size(window, LAPTOP)
    panel = window.findings
    window.validation.validate_all()
    settle()
    assert panel.model.rowCount() == 0
    assert not panel.table.isVisible() and panel.summary.full_text() == "没有发现问题。"
    one_line = panel.height()
    assert one_line <= 2 * panel.fontMetrics().height() + 8
    window.close()

    window = open_window(qtbot, demo_path)
    at_size(window, LAPTOP)
    panel = window.findings
    window.validation.validate_all()
    settle()
    assert panel.model.rowCount() > 10
    table = panel.table
    rows_seen = table.viewport().height() // table.rowHeight(0)
    assert table.isVisible() and rows_seen >= 2  # some findings to read at once
    assert panel.height() <= window.height() * SHARE_AT_MOST + 1  # never more than its share of the window
    # Dragged taller, it stops at its limit: the tree keeps the room.
    window.resizeDocks([panel], [600], Qt.Orientation.Vertical)
    settle()
    assert panel.height() <= window.height() * SHARE_AT_MOST + 1
    # The window made shorter: the limit, a share of the window's height, follows it.
    window.setGeometry(LAPTOP.adjusted(0, 0, 0, -200))
    settle()
    assert window.height() < LAPTOP.height()
    assert panel.maximumHeight() <= window.height() * SHARE_AT_MOST + 1
    assert panel.height() <= window.height() * SHARE_AT_MOST + 1
    # Only the current project, which has nothing to say: one line again, and it says why.
    clean_project = next(p for p in window.document.workbook.projects if not window.validation.findings_of(p))
    window.project_list.select_project(clean_project)
    panel.only_current.setChecked(True)
    settle()
    assert not table.isVisible() and panel.height() == one_line
    assert panel.summary.full_text().startswith("当前项目没有发现问题")


def test_the_screen_is_read_from_qt(qtbot: QtBot) -> None:
    # The tests' virtual screen (tests/data/offscreen-screen.json) is 1920×1080 with no taskbar.
    assert window_geometry.available_geometry() == QRect(0, 0, 1920, 1080)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window_geometry.available_geometry(window) == QRect(0, 0, 1920, 1080)
    assert not window.isMaximized() and window.geometry() == QRect(96, 54, 1728, 972)
