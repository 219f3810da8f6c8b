"""A province is added by dropping a layout file into the user folder: no code change, no rebuild.

The new layout (a Sichuan-style 申报表) brings its own frame whose 一级 are 项目完成指标 / 项目效益指标. It shows up in
新建项目 (driven by the keyboard), a project in it is edited in the real window, validated, printed to PDF and
exported to Excel. A broken file in the same folder is reported in Chinese and skipped.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget

from desktop.cli import run
from desktop.domain.validation import validate_project
from desktop.home import user_layouts_dir
from desktop.storage.workbook_file import WorkbookFile
from desktop.templates.catalog import available_layouts, layout_catalog
from desktop.ui.app import create_application, report_layout_problems, run_app
from desktop.ui.dialogs.new_project_dialog import NewProjectDialog
from desktop.ui.indicators.model import GroupKey
from desktop.ui.main_window import MainWindow

SICHUAN = """\
# 四川 项目支出绩效目标申报表: dropped into the 版式 folder by a clerk.
id = "sc-project"
name = "四川 项目支出绩效目标申报表"
region = "四川"
title = "项目支出绩效目标申报表"
subtitle = "（{year}年度）"
department_format = "{code} {name}"
print_empty_level2 = false
signatures = ["填报单位（盖章）："]
header = [["name"], ["department", "implementing_unit"]]
goal = "annual_goal"

[labels]
annual_goal = "年度绩效目标"

[frame]
id = "sc"
name = "四川框架（项目完成 / 项目效益）"

[[frame.level1]]
name = "项目完成指标"
rule = "E07"
each_level2 = true
level2 = ["数量指标", "质量指标", "时效指标", "成本指标"]

[[frame.level1]]
name = "项目效益指标"
rule = "E08"
level2 = ["经济效益指标", "社会效益指标", "可持续影响指标", "满意度指标"]

[funds]
label = "项目资金（万元）"
rows = [
  { key = "total", label = "年度资金总额" },
  { key = "fiscal", label = "其中：一般公共预算" },
  { key = "other", label = "其他资金" },
]

[indicators]
columns = [
  { key = "level1", label = "一级指标" },
  { key = "level2", label = "二级指标" },
  { key = "name", label = "三级指标" },
  { key = "value", label = "指标值" },
]

# Every field a project holds prints, or the file says why not.
[not_printed]
code = "四川申报表没有项目编码栏"
source = "四川申报表没有项目来源栏"
period = "四川申报表没有项目期栏"
attribute = "四川申报表没有项目属性栏"
basis = "四川申报表没有立项依据栏"
purpose = "四川申报表没有资金用途栏"
spending_plan = "四川申报表没有资金支出计划栏"
"funds.carryover" = "上年结转并入其他资金"
kind = "本表不印项目类型"
function_code = "本表不印功能分类科目"
funds_by_source = "本表只印资金合计，不分来源"
overview = "本表不印项目概况"
"indicator.prior_value" = "本表不印上年指标值"
"indicator.description" = "本表没有绩效指标描述"
"indicator.basis" = "本表没有指标值确定依据"
"midterm.goal" = "年度项目表，没有总体目标"
"midterm.period" = "年度项目表，没有中期期限"
"midterm.funds" = "年度项目表，没有中期资金"
"indicator.midterm_value" = "本表只有年度指标值"
"indicator.midterm_name" = "本表只有一组三级指标"

[print]
header_widths = [18, 34, 14, 34]
indicator_widths = [16, 18, 36, 30]
goal_layout = "below"

[sheet]
widths = [16, 18, 30, 26]
goal = "below"
"""

ROWS = [
    ("数量指标", "救助人次", "≥5000 人次"),
    ("质量指标", "资金发放准确率", "=100%"),
    ("时效指标", "资金拨付时间", "12 月底前"),
    ("成本指标", "人均救助成本", "≤800 元/人"),
    ("社会效益指标", "困难群众医疗负担", "有效减轻"),
    ("满意度指标", "救助对象满意度", "≥90%"),
]


def drop_layout(text: str = SICHUAN, name: str = "sc-project.toml") -> Path:
    folder = user_layouts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Type text (Chinese included) the way an input method delivers it."""
    widget.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def field(window: MainWindow, path: str):  # type: ignore[no-untyped-def]
    page = window.form.page()
    assert page is not None
    return next(f for f in page.fields if path in f.paths)


def open_editor(window: MainWindow) -> QLineEdit:
    line = QApplication.focusWidget()
    assert isinstance(line, QLineEdit), line
    return line


def test_layout_folder_is_beside_the_default_workbook(jixiao_home: Path) -> None:
    assert user_layouts_dir() == jixiao_home / "版式"
    assert layout_catalog().problems == ()


def test_broken_user_file_is_reported_and_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    drop_layout(SICHUAN.replace('goal_layout = "below"', 'goal_layout = "under"'))
    drop_layout(SICHUAN.replace('"sc-project"', '"ah-project"'), "ah-project.toml")
    drop_layout("id = 3 [", "zz-broken.toml")
    catalog = layout_catalog()
    assert set(catalog.layouts) == {"ah-project", "hb-project", "jx-project", "ah-midterm"}
    assert catalog.layouts["ah-project"].region == "安徽"  # a user file never replaces a bundled layout
    problems = "\n".join(catalog.problems)
    assert "版式文件 sc-project.toml 的“print.goal_layout”有误" in problems
    assert "ah-project.toml 的 id“ah-project”与已有版式重名，已跳过" in problems
    assert "版式文件 zz-broken.toml 格式有误" in problems
    assert run(["templates"]) == 0
    captured = capsys.readouterr()
    assert "sc-project" not in captured.out and "print.goal_layout" in captured.err


def test_a_frame_error_in_a_user_layout_names_file_and_key() -> None:
    drop_layout(SICHUAN.replace('rule = "E08"', 'rule = "E99"'))
    (problem,) = layout_catalog().problems
    assert "版式文件 sc-project.toml 的“frame.level1[1].rule”有误" in problem


@pytest.fixture
def closing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows closed at the end of a test discard their changes instead of asking."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)


def test_dropped_layout_is_created_edited_validated_printed_and_exported(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], closing
) -> None:
    drop_layout()
    assert run(["templates"]) == 0
    listed = capsys.readouterr().out
    assert "sc-project\t四川 项目支出绩效目标申报表\t框架 sc" in listed

    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    path = tmp_path / "四川.jixiao"
    assert window.file_ops.open(path, create=True, ask_recovery=False)

    # 新建项目, driven by the keyboard: the dropped layout is the last choice; Tab to the year, type it, Enter.
    seen: list[str] = []

    def by_keyboard(dialog: NewProjectDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        combo = dialog.layouts
        combo.setFocus()
        seen.extend(combo.itemText(i) for i in range(combo.count()))
        assert str(user_layouts_dir()) in combo.toolTip()
        qtbot.keyClick(combo, Qt.Key.Key_End)
        assert "项目完成 / 项目效益" in dialog.note.text()
        qtbot.keyClick(combo, Qt.Key.Key_Tab)
        year = QApplication.focusWidget()
        assert year is not None and dialog.year.isAncestorOf(year)
        qtbot.keyClick(year, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(year, "2025")
        qtbot.keyClick(year, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(NewProjectDialog, "exec", by_keyboard)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "四川 项目支出绩效目标申报表" in seen
    window.activateWindow()  # offscreen, closing the dialog does not hand activation back by itself
    qtbot.waitUntil(window.isActiveWindow)
    project = window.current_project()
    assert project is not None and project.template == "sc-project" and project.year == 2025

    # The header, typed into the form.
    type_text(field(window, "name").edit, "城乡医疗救助")
    dept = field(window, "department.code")
    type_text(dept.code, "701")
    type_text(dept.name, "某县医疗保障局")
    qtbot.keyClicks(field(window, "funds.total").edit, "120")
    qtbot.keyClicks(field(window, "funds.fiscal").edit, "120")
    qtbot.keyClicks(field(window, "funds.other").edit, "0")
    type_text(field(window, "annual_goal").edit, "保障困难群众基本医疗，减轻医疗费用负担。")
    layouts = available_layouts()
    assert {f.rule for f in validate_project(project, layouts)} == {"E03"}

    # The indicator tree shows the file's own frame; one row per category, typed from the keyboard.
    editor = window.indicators
    view = editor.view()
    model = editor.model()
    top = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert top == ["项目完成指标", "项目效益指标"]
    for level2, name, value in ROWS:
        level1 = "项目完成指标" if level2 in ("数量指标", "质量指标", "时效指标", "成本指标") else "项目效益指标"
        view.setCurrentIndex(model.group_index(GroupKey(level1, level2)))
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Insert)
        type_text(open_editor(window), name)
        qtbot.keyClick(open_editor(window), Qt.Key.Key_Tab)
        type_text(open_editor(window), value)
        qtbot.keyClick(open_editor(window), Qt.Key.Key_Return)  # commits; on the last row it opens a new one
        QApplication.processEvents()
        if len(project.indicators) > ROWS.index((level2, name, value)) + 1:
            qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Escape)  # Esc drops the empty new row
            QApplication.processEvents()
        view.setFocus()
        if len(project.indicators) == 1:  # the dropped frame's own rules: every 完成 category, one 效益 row
            messages = {f.message for f in validate_project(project, layouts) if f.rule in ("E07", "E08", "E10")}
            assert "项目完成指标下缺少质量指标：请至少填写一条质量指标（如“资金使用合规率 =100%”）。" in messages
            assert any(m.startswith("项目效益指标下没有任何三级指标") for m in messages), messages
    assert [(i.level1, i.level2, i.name, i.value) for i in project.indicators] == [
        ("项目完成指标" if l2 in ("数量指标", "质量指标", "时效指标", "成本指标") else "项目效益指标", l2, n, v)
        for l2, n, v in ROWS
    ]

    # Validated against the dropped frame: complete, nothing out of place; the window shows the same.
    findings = validate_project(project, layouts)
    assert [f for f in findings if f.severity.value == "error"] == [], [f.message for f in findings]
    window.validation.validate_all()
    assert window.validation.errors_of(project) == []

    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.isWindowModified()
    window.close()

    with WorkbookFile.open(path, read_only=True) as saved:
        (stored,) = saved.load().projects
    assert stored.template == "sc-project" and len(stored.indicators) == len(ROWS)
    assert run(["validate", str(path)]) == 0

    # Printed: the title, the frame's 一级 and every row read back from the PDF.
    pdf = tmp_path / "四川.pdf"
    assert run(["export", str(path), "-o", str(pdf)]) == 0
    text = "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    assert "项目支出绩效目标申报表" in text and "（2025年度）" in text
    assert "项目完成指标" in text and "项目效益指标" in text and "其中：一般公共预算" in text
    for _, name, value in ROWS:
        assert name in text and value.replace(" ", "") in text
    assert text.index("项目完成指标") < text.index("项目效益指标")

    # Exported: the form sheet lays the rows out under the frame's categories, widths as the file says.
    xlsx = tmp_path / "四川.xlsx"
    assert run(["export", str(path), "-o", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    form = next(ws for ws in book.worksheets if "城乡医疗救助" in ws.title)
    cells = [[c.value for c in row] for row in form.iter_rows()]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert "项目支出绩效目标申报表" in flat and "项目完成指标" in flat and "项目效益指标" in flat
    for _, name, value in ROWS:
        row = next(r for r in cells if name in r)
        assert value in row
    assert round(form.column_dimensions["C"].width) == 30


def test_start_up_with_a_broken_user_layout_names_it_and_goes_on(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    drop_layout("id = 3 [", "zz-broken.toml")
    shot = tmp_path / "shot.png"
    assert run_app(None, selftest=True, screenshot=shot) == 0  # starts, opens the demo, no traceback
    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    note = report_layout_problems(window)
    assert note is not None and note.isVisibleTo(window)
    assert note.text() == "有 1 个自定义版式文件有误，已跳过（指向此处查看原因）"
    assert "版式文件 zz-broken.toml 格式有误" in note.toolTip() and str(user_layouts_dir()) in note.toolTip()
