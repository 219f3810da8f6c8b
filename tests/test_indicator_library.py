"""The indicator library (指标库): the bundled entries are sound, suggest() filters, and the tree offers them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.domain.model import Indicator, Project
from desktop.domain.validation import validate_project
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import bundled_layouts
from desktop.templates.library import LibraryError, bundled_library, load_library
from desktop.ui.indicators.completion import NAME_ROLE
from desktop.ui.indicators.editor import IndicatorEditor
from desktop.ui.indicators.model import GroupKey

LEVEL2S_2020 = ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标"]
LEVEL2S_2020 += ["可持续影响指标", "满意度指标"]
LEVEL2S_2021_COST = ["经济成本指标", "社会成本指标", "生态环境成本指标"]
LAYOUTS = bundled_layouts()
VALUE_RULES = {"W03", "W04", "W05", "W06", "W09"}


def test_bundled_library_covers_every_level2_with_6_to_12_entries() -> None:
    library = bundled_library()
    assert library.level2s() == LEVEL2S_2020 + LEVEL2S_2021_COST
    for level2 in library.level2s():
        entries = library.suggest(level2)
        assert 6 <= len(entries) <= 12, level2
        assert len({e.name for e in entries}) == len(entries), f"{level2} 有重名"
        assert all(e.value.strip() and e.value != e.name for e in entries)


@pytest.mark.parametrize("level2", LEVEL2S_2020 + LEVEL2S_2021_COST)
def test_every_entry_passes_the_value_rules(level2: str) -> None:
    entries = bundled_library().suggest(level2)
    layout_id = "jx-project" if entries[0].level1 == "成本指标" else "ah-project"
    rows = [Indicator(e.level1, e.level2, e.name, e.value, description=e.description) for e in entries]
    project = Project(year=2024, template=layout_id, name="指标库检查", indicators=rows)
    findings = [f for f in validate_project(project, LAYOUTS) if f.rule in VALUE_RULES]
    assert findings == [], [f.message for f in findings]


def test_a_broken_example_is_caught_by_the_same_check() -> None:
    # The check above can fail: the mistakes the library must avoid are findings.
    rows = [
        Indicator("产出指标", "数量指标", "救助人次", "较多"),
        Indicator("满意度指标", "满意度指标", "服务对象满意度", "满意"),
        Indicator("产出指标", "质量指标", "资金发放率", "≥100%"),
    ]
    project = Project(year=2024, template="ah-project", name="反例", indicators=rows)
    rules = {f.rule for f in validate_project(project, LAYOUTS)}
    assert {"W03", "W04", "W05"} <= rules


def test_suggest_filters_by_contained_text_and_ranks_prefix_matches_first() -> None:
    library = bundled_library()
    names = [e.name for e in library.suggest("数量指标", "参保")]
    assert names[0] == "参保率"  # starts with the typed text
    assert set(names) == {"参保率", "基本医疗保险参保人数", "资助参保人次"}
    assert library.suggest("数量指标", "不存在的指标") == []
    assert library.suggest("未知二级", "") == []
    assert [e.name for e in library.suggest("质量指标", "  覆盖率 ")] == ["基金监管覆盖率", "宣传覆盖率"]


def test_satisfaction_alias_finds_the_same_entries() -> None:
    library = bundled_library()
    assert library.suggest("服务对象满意度指标") == library.suggest("满意度指标")
    assert library.suggest("服务对象满意度指标", "服务对象")[0].value == "≥90%"


def test_broken_library_file_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[[group]]\nlevel1 = "产出指标"\nlevel2 = "数量指标"\nentries = [{ name = "参保率" }]\n', "utf-8")
    with pytest.raises(LibraryError) as caught:
        load_library(path)
    assert str(caught.value) == "指标库文件 mine.toml 的“group[0].entries[0].value”有误：缺少此项"

    path.write_text('[[group]]\nlevel1 = "产出指标"\nlevel2 = "好看指标"\nentries = []\n', "utf-8")
    with pytest.raises(LibraryError, match="mine.toml 的“group\\[0\\].level2”有误"):
        load_library(path)

    path.write_text("[[group]\n", "utf-8")
    with pytest.raises(LibraryError, match="指标库文件 mine.toml 格式有误"):
        load_library(path)
    with pytest.raises(LibraryError, match="无法读取指标库文件 none.toml：文件或文件夹不存在"):
        load_library(tmp_path / "none.toml")


# ---------------------------------------------------------------- in the indicator tree

QTY = GroupKey("产出指标", "数量指标")


def name_editor(editor: IndicatorEditor) -> QLineEdit:
    widget = editor.view().indexWidget(editor.view().currentIndex())
    assert isinstance(widget, QLineEdit), "no cell editor is open"
    return widget


def test_new_row_name_editor_suggests_and_fills_name_and_value(
    qtbot: QtBot, editor: IndicatorEditor, stack: QUndoStack
) -> None:
    rows = [Indicator("产出指标", "数量指标", "救助人次", "≥150000 人次")]
    project = Project(year=2024, template="ah-project", name="城乡医疗救助", indicators=rows)
    editor.set_project(project, get_layout("ah-project"))
    editor.view().setCurrentIndex(editor.model().leaf_index(QTY, 0))
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)  # a new empty row under 数量指标, its name editor open
    line = name_editor(editor)
    completer = line.completer()
    assert completer is not None
    model = completer.model()
    offered = [model.index(r, 0).data(NAME_ROLE) for r in range(model.rowCount())]
    assert offered == [e.name for e in bundled_library().suggest("数量指标")]

    qtbot.keyClick(line, Qt.Key.Key_Down)  # Down opens the list
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    target = next(r for r in range(popup.model().rowCount()) if popup.model().index(r, 0).data(NAME_ROLE) == "参保率")
    popup.setCurrentIndex(popup.model().index(target, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # Enter picks
    assert line.text() == "参保率"
    assert project.indicators[1] == Indicator("产出指标", "数量指标", "参保率", "≥95%")

    qtbot.keyClick(line, Qt.Key.Key_Return)  # closing the editor adds no further change
    qtbot.waitUntil(lambda: editor.view().state() != QAbstractItemView.State.EditingState)
    assert [stack.text(i) for i in range(stack.count())] == ["新增三级指标", "填入指标库建议"]
    stack.undo()  # one undo takes back both the name and the example value
    assert project.indicators[1] == Indicator("产出指标", "数量指标", None, None)
    stack.redo()
    assert project.indicators[1] == Indicator("产出指标", "数量指标", "参保率", "≥95%")


def test_a_pick_keeps_a_value_already_written(qtbot: QtBot, editor: IndicatorEditor) -> None:
    rows = [Indicator("产出指标", "数量指标", None, "≥3 次")]
    project = Project(year=2024, template="ah-project", name="医保基金监管", indicators=rows)
    editor.set_project(project, get_layout("ah-project"))
    index = editor.model().leaf_index(QTY, 0)
    editor.view().setCurrentIndex(index)
    editor.view().edit(index)
    line = name_editor(editor)
    completer = line.completer()
    assert completer is not None
    line.setText("检查")
    completer.setCompletionPrefix(line.text())
    assert completer.completionCount() == 2  # 定点医药机构监督检查覆盖率, 检查督导次数
    completer.activated.emit("检查督导次数")
    assert project.indicators[0] == Indicator("产出指标", "数量指标", "检查督导次数", "≥3 次")


def test_enter_with_nothing_highlighted_commits_the_typed_name(
    qtbot: QtBot, editor: IndicatorEditor, stack: QUndoStack
) -> None:
    project = Project(year=2024, template="ah-project", name="城乡医疗救助", indicators=[])
    editor.set_project(project, get_layout("ah-project"))
    editor.view().setCurrentIndex(editor.model().group_index(QTY))
    qtbot.keyClick(editor.view(), Qt.Key.Key_Insert)
    line = name_editor(editor)
    line.setText("参保")
    qtbot.keyClick(line, Qt.Key.Key_Down)  # the list opens, nothing highlighted
    completer = line.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert completer.completionCount() == 3
    popup.setCurrentIndex(popup.model().index(-1, 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # Enter reaches the editor: the typed text is committed as it is
    qtbot.waitUntil(lambda: editor.view().state() != QAbstractItemView.State.EditingState)
    assert QApplication.activePopupWidget() is None  # the list went with the editor
    assert project.indicators == [Indicator("产出指标", "数量指标", "参保", None)]
    assert [stack.text(i) for i in range(stack.count())] == ["新增三级指标", "修改三级指标"]
