"""The indicator tree model without a window: shape per layout, Qt's model checks, and following the document.

The model never writes: operations (built by desktop.ui.indicators.edits) go to the document, and the model follows
each change with the row signals Qt's model tester verifies.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from desktop.domain.model import Indicator, Project, Workbook
from desktop.domain.parts import IndicatorField
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import Layout
from desktop.ui.document import WorkbookDocument
from desktop.ui.indicators.edits import MoveStep, edit_cell, insert_rows, move_rows, plan_moves, remove_rows
from desktop.ui.indicators.model import NOT_IN_FRAME, GroupKey, IndicatorTreeModel

LAYOUTS = ("ah-project", "hb-project", "jx-project", "ah-midterm")
QTY = GroupKey("产出指标", "数量指标")
QUALITY = GroupKey("产出指标", "质量指标")


def make_project(layout: Layout) -> Project:
    """Two rows under 数量, one under 质量 and one under the last 二级 of the frame; every column filled."""
    last_l1 = layout.frame.level1s[-1]
    rows = [
        Indicator("产出指标", "数量指标", "资助参保人次", ">70000 人", "≥200000 人", "资助人次", "文件规定"),
        Indicator("产出指标", "数量指标", "救助人次", "≥150000 人次", None, None, None),
        Indicator("产出指标", "质量指标", "救助比例", "≥75%", None, "比例", "行业标准"),
        Indicator(last_l1.name, last_l1.level2s[-1].name, "服务对象满意度", "≥90%"),
    ]
    return Project(year=2024, template=layout.id, name="城乡医疗救助", indicators=list(rows))


def shown(*projects: Project) -> tuple[WorkbookDocument, IndicatorTreeModel]:
    """A document holding `projects` and a model showing the first one."""
    document = WorkbookDocument()
    document.set_workbook(Workbook(projects=list(projects)))
    layout = get_layout(projects[0].template)
    return document, IndicatorTreeModel(document, projects[0], layout)


def model_of(layout: Layout) -> IndicatorTreeModel:
    return shown(make_project(layout))[1]


def insert(model: IndicatorTreeModel, key: GroupKey, row: int, indicator: Indicator) -> None:
    model.push(insert_rows(model.tree, [(key, row, indicator)], "新增三级指标"))


def move(model: IndicatorTreeModel, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int) -> None:
    model.push(move_rows(model.tree, [MoveStep(src, src_row, dst, dst_row)], "移动指标"))


def names(project: Project) -> list[str | None]:
    return [i.name for i in project.indicators]


def display_names(model: IndicatorTreeModel) -> list[str]:
    """三级 names in the order the tree shows them."""
    out: list[str] = []
    for l1 in range(model.rowCount()):
        l1_index = model.index(l1, 0)
        for l2 in range(model.rowCount(l1_index)):
            l2_index = model.index(l2, 0, l1_index)
            out.extend(model.index(r, 0, l2_index).data() for r in range(model.rowCount(l2_index)))
    return out


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_qt_model_checks_pass_for_every_layout(qtmodeltester, qtlog, layout_id: str) -> None:  # type: ignore[no-untyped-def]
    layout = get_layout(layout_id)
    document, model = shown(make_project(layout))
    qtmodeltester.check(model)
    qtmodeltester.check(model, force_py=True)
    # Changes are checked too: the Python tester re-verifies the model on every signal.
    insert(model, QTY, 1, Indicator("产出指标", "数量指标", "新指标"))
    move(model, QTY, 0, QUALITY, 1)
    move(model, QTY, 0, QTY, 1)  # down within its 二级: Qt counts the destination differently
    move(model, QTY, 1, QTY, 0)
    model.push(edit_cell(model.tree, QUALITY, 0, IndicatorField.VALUE, "≥80%", "指标值"))
    model.push(remove_rows(model.tree, [(QTY, 0)]))
    while document.undo_stack.canUndo():  # undo re-applies every inverse through the same signals
        document.undo_stack.undo()
    model.set_project(make_project(layout), layout)
    # Qt's own tester reports through warnings (any other test's stray warning must not count here).
    assert [r.message for r in qtlog.records if "FAIL!" in r.message] == []


@pytest.mark.parametrize(
    ("layout_id", "headers"),
    [
        ("ah-project", ["指标", "指标值"]),
        ("jx-project", ["指标", "指标值"]),
        ("hb-project", ["指标", "绩效指标描述", "指标值", "指标值确定依据"]),
        ("ah-midterm", ["指标", "中长期三级指标", "中长期指标值", "本年度指标值"]),
    ],
)
def test_columns_follow_the_layout(layout_id: str, headers: list[str]) -> None:
    layout = get_layout(layout_id)
    model = model_of(layout)
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert heads == headers
    first_leaf = model.leaf_index(QTY, 0)
    row = [model.index(0, c, first_leaf.parent()).data() for c in range(model.columnCount())]
    expected = {"ah-project": ["资助参保人次", ">70000 人"], "jx-project": ["资助参保人次", ">70000 人"]}
    expected["hb-project"] = ["资助参保人次", "资助人次", ">70000 人", "文件规定"]
    expected["ah-midterm"] = ["资助参保人次", "", "≥200000 人", ">70000 人"]  # same name in both halves
    assert row == expected[layout_id]


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_categories_follow_the_frame_and_show_empty_level2(layout_id: str) -> None:
    layout = get_layout(layout_id)
    model = model_of(layout)
    level1s = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert level1s == [l1.name for l1 in layout.frame.level1s]
    for r, l1 in enumerate(layout.frame.level1s):
        l1_index = model.index(r, 0)
        assert [model.index(c, 0, l1_index).data() for c in range(model.rowCount(l1_index))] == [
            l2.name for l2 in l1.level2s
        ]
    # 成本指标 comes first in the 2021 frame (jx-project), last under 产出指标 in the 2020 frame.
    assert level1s[0] == ("成本指标" if layout_id == "jx-project" else "产出指标")


def test_only_level3_cells_are_editable_and_draggable() -> None:
    layout = get_layout("hb-project")
    model = model_of(layout)
    leaf = model.leaf_index(QTY, 0, 2)
    assert leaf.flags() & Qt.ItemFlag.ItemIsEditable
    assert leaf.flags() & Qt.ItemFlag.ItemIsDragEnabled
    group = model.group_index(QTY)
    assert not group.flags() & Qt.ItemFlag.ItemIsEditable
    assert group.flags() & Qt.ItemFlag.ItemIsDropEnabled
    assert not model.index(0, 0).flags() & (Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDropEnabled)
    assert not model.flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()


def test_insert_remove_move_keep_tree_and_project_alike() -> None:
    layout = get_layout("ah-project")
    project = make_project(layout)
    document, model = shown(project)
    insert(model, QUALITY, 0, Indicator("产出指标", "质量指标", "保障质量", "及时足额"))
    assert names(project) == ["资助参保人次", "救助人次", "保障质量", "救助比例", "服务对象满意度"]
    assert names(project) == display_names(model)
    move(model, QTY, 0, QUALITY, 2)
    assert names(project) == ["救助人次", "保障质量", "救助比例", "资助参保人次", "服务对象满意度"]
    assert project.indicators[3].level2 == "质量指标"  # the row's 二级 follows it
    assert names(project) == display_names(model)
    move(model, QUALITY, 0, QUALITY, 2)
    assert names(project) == ["救助人次", "救助比例", "资助参保人次", "保障质量", "服务对象满意度"]
    model.push(remove_rows(model.tree, [(QUALITY, 1)]))
    assert names(project) == ["救助人次", "救助比例", "保障质量", "服务对象满意度"] == display_names(model)
    with pytest.raises(IndexError):
        insert(model, QTY, 5, Indicator("产出指标", "数量指标", "越界"))
    assert names(project) == display_names(model)
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert project.indicators == make_project(layout).indicators
    assert names(project) == display_names(model)


def test_rows_out_of_frame_order_in_the_list_are_addressed_right() -> None:
    """A project read from an older file may list its rows in another order than the tree shows them."""
    layout = get_layout("ah-project")
    project = make_project(layout)
    project.indicators.insert(0, project.indicators.pop())  # 满意度 first in the list, last in the tree
    document, model = shown(project)
    assert display_names(model) == ["资助参保人次", "救助人次", "救助比例", "服务对象满意度"]
    insert(model, QTY, 1, Indicator("产出指标", "数量指标", "中间"))
    assert display_names(model) == ["资助参保人次", "中间", "救助人次", "救助比例", "服务对象满意度"]
    move(model, QUALITY, 0, QTY, 0)
    assert display_names(model) == ["救助比例", "资助参保人次", "中间", "救助人次", "服务对象满意度"]
    model.push(edit_cell(model.tree, QTY, 2, IndicatorField.VALUE, "≥2 人", "指标值"))
    assert model.leaf_index(QTY, 2, 1).data() == "≥2 人"
    assert next(i for i in project.indicators if i.name == "中间").value == "≥2 人"
    fresh = IndicatorTreeModel(document, project, layout)  # the same project read afresh shows the same tree
    assert display_names(fresh) == display_names(model)


def test_editing_a_cell_through_the_model_is_one_undo_step() -> None:
    layout = get_layout("ah-project")
    project = make_project(layout)
    document, model = shown(project)
    stack = document.undo_stack
    cell = model.leaf_index(QTY, 1, 1)
    assert model.setData(cell, "≥160000 人次", Qt.ItemDataRole.EditRole)
    assert project.indicators[1].value == "≥160000 人次"
    assert stack.count() == 1 and stack.undoText() == "修改指标值"
    assert model.setData(cell, "  ≥160000 人次 ", Qt.ItemDataRole.EditRole)  # same text once trimmed
    assert stack.count() == 1
    stack.undo()
    assert project.indicators[1].value == "≥150000 人次"
    assert cell.data() == "≥150000 人次"


def test_out_of_frame_indicators_are_shown_marked_and_kept() -> None:
    layout = get_layout("ah-project")
    project = make_project(layout)
    project.indicators += [
        Indicator("产出指标", "效率指标", "办理时长", "≤5 天"),
        Indicator("项目完成指标", "数量指标", "完成数", "≥1 个"),
        Indicator("效益指标", None, "社会效益", "明显提高"),
        Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),  # an alias: in the frame
    ]
    document, model = shown(project)
    assert sorted(display_names(model)) == sorted(names(project))
    odd = model.leaf_index(GroupKey("产出指标", "效率指标"), 0)
    assert odd.data() == "办理时长"
    assert NOT_IN_FRAME in odd.parent().data(Qt.ItemDataRole.ToolTipRole)
    assert odd.parent().data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.leaf_index(GroupKey("项目完成指标", "数量指标"), 0).data() == "完成数"
    assert model.leaf_index(GroupKey("效益指标", None), 0).data() == "社会效益"
    assert model.leaf_index(GroupKey("满意度指标", "满意度指标"), 1).data() == "群众满意度"
    assert GroupKey("产出指标", "效率指标") not in model.frame_groups()
    assert not model.group_index(GroupKey("产出指标", "效率指标")).flags() & Qt.ItemFlag.ItemIsDropEnabled
    # A change elsewhere keeps every odd row and its texts.
    model.push(edit_cell(model.tree, QTY, 0, IndicatorField.VALUE, "≥1 人", "指标值"))
    assert len(project.indicators) == 8
    assert Indicator("产出指标", "效率指标", "办理时长", "≤5 天") in project.indicators
    assert Indicator("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%") in project.indicators


def test_moving_out_of_an_odd_group_and_back_restores_the_row_exactly() -> None:
    layout = get_layout("ah-project")
    project = make_project(layout)
    odd_row = Indicator("项目完成指标", "数量指标", "完成数", "≥1 个")
    project.indicators.append(odd_row)
    document, model = shown(project)
    stack = document.undo_stack
    odd = GroupKey("项目完成指标", "数量指标")
    steps = plan_moves([(odd, 0)], QTY, 0, model.group_size)
    model.push(move_rows(model.tree, steps, "移动指标到“数量指标”"))
    assert project.indicators[0] == Indicator("产出指标", "数量指标", "完成数", "≥1 个")
    model.set_project(project, layout)  # the empty odd rows are forgotten, as after showing another project
    assert model.group_size(odd) == 0
    stack.undo()
    assert project.indicators[-1] == odd_row
    assert model.leaf_index(odd, 0).data() == "完成数"


def test_drop_moves_rows_and_refuses_level1_and_outside() -> None:
    layout = get_layout("ah-project")
    project = make_project(layout)
    document, model = shown(project)
    stack = document.undo_stack
    data = model.mimeData([model.leaf_index(QTY, 0), model.leaf_index(QTY, 0, 1), model.leaf_index(QTY, 1)])
    move = Qt.DropAction.MoveAction
    assert not model.canDropMimeData(data, move, 0, 0, model.index(0, 0))  # onto 一级 产出指标
    assert not model.canDropMimeData(data, move, -1, -1, QModelIndex())  # outside the tree
    assert model.dropMimeData(data, move, -1, -1, model.group_index(QUALITY))  # on the 二级 row: appended
    assert names(project) == ["救助比例", "资助参保人次", "救助人次", "服务对象满意度"]
    assert [i.level2 for i in project.indicators[:3]] == ["质量指标"] * 3
    assert stack.undoText() == "移动 2 条指标到“质量指标”"
    stack.undo()
    assert names(project) == ["资助参保人次", "救助人次", "救助比例", "服务对象满意度"]
    assert [i.level2 for i in project.indicators[:2]] == ["数量指标"] * 2


def test_mime_from_another_model_is_refused() -> None:
    layout = get_layout("ah-project")
    other = model_of(layout)
    model = model_of(layout)
    data = other.mimeData([other.leaf_index(QTY, 0)])
    assert not model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.group_index(QUALITY))


def test_plan_moves_keeps_the_dragged_rows_in_order() -> None:
    sizes = {QTY: 4, QUALITY: 2}
    steps = plan_moves([(QTY, 0), (QTY, 2)], QTY, 4, sizes.__getitem__)
    order = ["a", "b", "c", "d"]
    for step in steps:
        order.insert(step.dst_row, order.pop(step.src_row))
    assert order == ["b", "d", "a", "c"]
    assert plan_moves([(QTY, 1)], QTY, 1, sizes.__getitem__) == []  # dropped where it already is


def test_undo_reaches_a_project_no_longer_on_screen() -> None:
    layout = get_layout("ah-project")
    first, second = make_project(layout), make_project(layout)
    document, model = shown(first, second)
    stack = document.undo_stack
    model.setData(model.leaf_index(QTY, 0, 1), ">80000 人", Qt.ItemDataRole.EditRole)
    model.set_project(second, layout)
    touched: list[Project] = []
    document.project_changed.connect(touched.append)
    stack.undo()
    assert touched == [first] and touched[0] is first
    assert first.indicators[0].value == ">70000 人"
    assert second.indicators[0].value == ">70000 人"
    stack.redo()
    assert first.indicators[0].value == ">80000 人"
    assert second.indicators[0].value == ">70000 人"
    assert model.leaf_index(QTY, 0, 1).data() == ">70000 人"
