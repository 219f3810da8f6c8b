"""The 部门预算 page: a small department entered by keyboard and paste, undone and redone, saved to a real workbook
file and read back; every model checked by qtmodeltester; D-rule findings shown at their cell."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.domain.department import Budget, Department, ProcurementRow, Source, SpendingRow
from desktop.domain.department.checks import validate_department
from desktop.domain.findings import Location
from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.department.budget import BudgetEditor
from desktop.ui.department.budget.model import BudgetTableModel
from desktop.ui.department.budget.table_page import TablePage
from desktop.ui.document import WorkbookDocument

D = Decimal
BASIC_EXPORT = (
    "科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
    "301\t工资福利支出\t502.81\t502.81\t\n"
    "30101\t基本工资\t302.81\t302.81\t\n"
    "30102\t津贴补贴\t200\t200\t\n"
    "302\t商品和服务支出\t126.81\t\t126.81\n"
    "30201\t办公费\t12.6.81\t\t126.81\n"
)


def make_editor(qtbot: Any, document: WorkbookDocument, index: int = 0) -> BudgetEditor:
    editor = BudgetEditor(document)
    qtbot.addWidget(editor)
    editor.resize(1366, 600)
    editor.set_department(index)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def commit_text(widget: QLineEdit, text: str) -> None:
    """Chinese as an input method delivers it (never keyClicks)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def open_editor(editor: BudgetEditor) -> QLineEdit:
    page = editor.current_page()
    assert page is not None
    widget = page.view.indexWidget(page.view.currentIndex())
    assert isinstance(widget, QLineEdit), "a cell editor is open"
    return widget


def current_text(page: TablePage) -> str:
    return str(page.view.currentIndex().data())


def row_texts(model: BudgetTableModel) -> list[tuple[str, ...]]:
    return [tuple(str(model.index_of(n, c).data()) for c in range(model.columnCount())) for n in model.nodes()]


def test_every_model_passes_the_model_tester(qtbot, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    editor = make_editor(qtbot, document)
    for page in editor.pages:
        qtmodeltester.check(page.model)
    spending = editor.pages[0]
    # An edit, an added and a removed row while the tester watches the signals.
    cell = spending.model.leaf_index(spending.model.nodes()[2].which, spending.model.nodes()[2].index or 0, 3)
    assert spending.model.setData(cell, "7.5")
    spending.add_row("2101599")
    document.undo_stack.undo()
    document.undo_stack.undo()
    for page in editor.pages:
        qtmodeltester.check(page.model)


def test_enter_a_department_by_keyboard_and_paste_undo_redo_save_reopen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    messages: list[str] = []
    monkeypatch.setattr(editor, "show_message", lambda title, text: messages.append(text))
    spending = editor.pages[0]
    spending.view.setFocus()

    # 功能分类: two 项 under 21015, typed by code; the name comes from the catalogue.
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    assert editor.add_bar.isVisible() and editor.add_bar.edit.hasFocus()
    qtbot.keyClicks(editor.add_bar.edit, "2101501")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    assert not editor.add_bar.isVisible()
    qtbot.keyClicks(open_editor(editor), "149.15")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)  # commits, on to 公用经费
    qtbot.keyClicks(open_editor(editor), "75.26")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(editor.add_bar.edit, "2101550")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Enter)
    qtbot.keyClicks(open_editor(editor), "353.66")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)

    rows = row_texts(spending.model)
    assert [r[:2] for r in rows] == [
        ("210", "卫生健康支出"),
        ("21015", "医疗保障管理事务"),
        ("2101501", "行政运行"),
        ("2101550", "事业运行"),
        ("", "合计"),
    ]
    assert rows[1][3:5] == ("502.81", "75.26")  # the 款 sums its 项, two decimals
    assert rows[-1][9] == "578.07"
    steps_after_typing = document.undo_stack.count()
    assert steps_after_typing == 5  # two rows added, three cells: one step each

    # Basic spending by paste (the budget system's export, heading and 类 lines included), on tab 2 by keyboard.
    qtbot.keyClick(spending.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == 1
    basic = editor.pages[1]
    QGuiApplication.clipboard().setText(BASIC_EXPORT.replace("12.6.81", "1,26.81"))
    qtbot.keyClick(basic.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert messages == []
    assert document.undo_stack.count() == steps_after_typing + 1
    assert [r[:5] for r in row_texts(basic.model)] == [
        ("301", "工资福利支出", "502.81", "", "502.81"),
        ("30101", "基本工资", "302.81", "", "302.81"),
        ("30102", "津贴补贴", "200.00", "", "200.00"),
        ("302", "商品和服务支出", "", "126.81", "126.81"),
        ("30201", "办公费", "", "126.81", "126.81"),
        ("", "合计", "502.81", "126.81", "629.62"),
    ]
    assert "跳过 2 行" in editor.message.text()

    # A paste with a line it cannot read changes nothing and says which line.
    QGuiApplication.clipboard().setText(BASIC_EXPORT)
    qtbot.keyClick(basic.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert len(messages) == 1 and "第6行：30201：“12.6.81”不是金额" in messages[0]
    assert document.undo_stack.count() == steps_after_typing + 1

    # One procurement row by keyboard (Alt+4), Chinese through the input method.
    qtbot.keyClick(basic.view, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert editor.tabs.currentIndex() == 3
    procurement = editor.pages[3]
    procurement.view.setFocus()
    qtbot.keyClick(procurement.view, Qt.Key.Key_Insert)
    commit_text(open_editor(editor), "公务用车更新配备")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)
    commit_text(open_editor(editor), "轿车")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)
    commit_text(open_editor(editor), "货物")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)  # 资金来源 stays 一般公共预算
    qtbot.keyClicks(open_editor(editor), "18")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    budget = document.workbook.departments[0].budget
    assert budget is not None
    assert budget.procurement == (ProcurementRow("公务用车更新配备", "轿车", D("18"), "货物", Source.GENERAL),)
    entered = document.workbook.departments[0]

    # Undo the 18 and the whole procurement row, then the paste; the page shows where each change happened.
    # The window's Edit menu gives Ctrl+Z / Ctrl+Y to the one undo stack; the same actions here.
    stack = document.undo_stack
    for action, keys in (
        (stack.createUndoAction(editor), QKeySequence.StandardKey.Undo),
        (stack.createRedoAction(editor), QKeySequence.StandardKey.Redo),
    ):
        action.setShortcuts(keys)
        editor.addAction(action)
    procurement.view.setFocus()
    qtbot.keyClick(procurement.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.tabs.currentIndex() == 3 and current_text(procurement) == ""
    for _ in range(4):
        stack.undo()
    assert budget_of_doc(document).procurement == ()
    stack.undo()
    assert editor.tabs.currentIndex() == 1 and budget_of_doc(document).basic == ()
    stack.undo()  # the 353.66
    assert editor.tabs.currentIndex() == 0
    assert spending.view.currentIndex().data() == ""
    assert spending.model.index_of(spending.model.nodes()[3], 0).data() == "2101550"
    spending.view.setFocus()
    while stack.canRedo():
        qtbot.keyClick(editor.focusWidget(), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert document.workbook.departments[0] == entered
    assert editor.tabs.currentIndex() == 3 and current_text(procurement) == "18.00"

    # Saved to a real workbook file and opened again: the same figures.
    path = tmp_path / "部门.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(document.workbook)
    with WorkbookFile.open(path, read_only=True) as wb_file:
        reopened = wb_file.load()
    again = reopened.departments[0].budget
    assert again is not None
    assert again.spending == (
        SpendingRow("2101501", Source.GENERAL, None, False, D("149.15"), D("75.26")),
        SpendingRow("2101550", Source.GENERAL, None, False, D("353.66")),
    )
    assert [(r.economic, r.personnel, r.public) for r in again.basic] == [
        ("30101", D("302.81"), None),
        ("30102", D("200"), None),
        ("30201", None, D("126.81")),
    ]
    assert again.procurement == budget.procurement
    fresh = WorkbookDocument()
    fresh.set_workbook(reopened)
    shown = make_editor(qtbot, fresh)
    assert row_texts(shown.pages[0].model) == row_texts(spending.model)


def budget_of_doc(document: WorkbookDocument) -> Budget:
    budget = document.workbook.departments[0].budget
    assert budget is not None
    return budget


def test_a_code_not_in_the_catalogue_is_accepted_with_its_name_and_warned(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    spending = editor.pages[0]
    spending.view.setFocus()
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(editor.add_bar.edit, "21015 ")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    assert editor.add_bar.isVisible() and "应为 7 位数字" in editor.add_bar.hint.text()
    editor.add_bar.edit.clear()
    qtbot.keyClicks(editor.add_bar.edit, "2101598 ")
    commit_text(editor.add_bar.edit, "疫情防控补助")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    budget = budget_of_doc(document)
    assert budget.spending == (SpendingRow("2101598", Source.GENERAL, "疫情防控补助"),)
    leaf = spending.model.nodes()[2]
    assert "不在《2024年政府收支分类科目》中" in (leaf.tip or "")
    findings = validate_department(document.workbook.departments[0], [])
    assert [f.rule for f in findings if f.rule == "D19"] == ["D19"]
    assert editor.show_location(findings[0].location)
    # The same code again is refused and the existing row is shown.
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(editor.add_bar.edit, "2101598")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    assert "已有一行" in editor.message.text()
    assert len(budget_of_doc(document).spending) == 1


def test_code_completion_by_name(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    editor.pages[0].view.setFocus()
    qtbot.keyClick(editor.pages[0].view, Qt.Key.Key_Insert)
    commit_text(editor.add_bar.edit, "医疗保障管理事务")
    completer = editor.add_bar.edit.completer()
    assert completer is not None
    completer.setCompletionPrefix(editor.add_bar.edit.text())
    choices = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "2101501 行政运行（医疗保障管理事务）" in choices
    editor.add_bar.edit.setText("2101501 行政运行（医疗保障管理事务）")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    assert budget_of_doc(document).spending == (SpendingRow("2101501", Source.GENERAL),)


def test_delete_a_row_by_keyboard_and_parents_cannot_be_deleted(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    editor = make_editor(qtbot, document)
    spending = editor.pages[0]
    before = len(budget_of_doc(document).spending)
    spending.view.setFocus()
    spending.view.select(spending.model.index_of(spending.model.nodes()[0]))  # 类 208
    qtbot.keyClick(spending.view, Qt.Key.Key_Delete)
    assert len(budget_of_doc(document).spending) == before and "类、款和合计行由明细计算" in editor.message.text()
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101301"))
    spending.view.select(spending.model.index_of(leaf))
    qtbot.keyClick(spending.view, Qt.Key.Key_Delete)
    assert len(budget_of_doc(document).spending) == before - 1
    assert not any(n.key.startswith("21013") for n in spending.model.nodes())  # its 款 went with it
    document.undo_stack.undo()
    assert any(n.key == "21013" for n in spending.model.nodes())


def _cell(editor: BudgetEditor) -> tuple[int, str, str]:
    page = editor.current_page()
    assert page is not None
    index = page.view.currentIndex()
    header = page.model.headerData(index.column(), Qt.Orientation.Horizontal)
    return editor.tabs.currentIndex(), str(index.siblingAtColumn(0).data() or index.siblingAtColumn(1).data()), header


def test_findings_go_to_their_cell(qtbot: Any) -> None:
    workbook = demo_workbook()
    document = WorkbookDocument()
    document.set_workbook(workbook)
    index = next(i for i, d in enumerate(workbook.departments) if d.name == "泗县医疗保障局")
    editor = make_editor(qtbot, document, index)
    assert editor.show_location(Location(table="general", row="2101501", column="public"))
    assert _cell(editor) == (0, "2101501", "公用经费")
    assert editor.show_location(Location(table="spending", row="21015", column="project"))
    assert _cell(editor) == (0, "21015", "项目支出")
    assert editor.show_location(Location(table="general", row="total", column="basic"))
    assert _cell(editor)[0] == 0 and editor.pages[0].view.currentIndex().siblingAtColumn(1).data() == "合计"
    assert editor.show_location(Location(table="basic", row="30217", column="public")) is False or _cell(editor)[0] == 1
    assert editor.show_location(Location(table="basic", row="30101", column="personnel"))
    assert _cell(editor) == (1, "30101", "人员经费")
    assert editor.show_location(Location(table="summary", row="income:total", column="amount"))
    assert _cell(editor) == (2, "收入总计（本年收入＋上年结转）", "金额")
    assert editor.show_location(Location(table="summary", row="income:general", column="amount"))
    assert _cell(editor) == (2, "一般公共预算", "金额")
    assert editor.show_location(Location(table="summary", row="spending:210", column="amount"))
    assert _cell(editor) == (0, "210", "合计")
    assert editor.show_location(Location(table="procurement", row="2", column="total"))
    assert _cell(editor) == (3, "泗县医疗保障局-综合定额（事业）", "金额")
    assert editor.show_location(Location(table="facts", row="operating_costs"))
    assert editor.tabs.currentIndex() == 5 and editor.facts.edits["operating_costs"].hasFocus()
    assert not editor.show_location(Location(table="explanations", row="table:general"))
    assert editor.show_location(Location(table="projects", row="total", column="total"))
    assert _cell(editor)[::2] == (0, "项目支出")  # D05 compares it with the 功能 tree's 项目支出
    assert not editor.show_location(Location(table="projects", row="2024_城乡医疗救助", column="total"))

    # Every finding the rules report on the budget's own tables lands on a cell of the right code.
    department = document.workbook.departments[index]
    findings = validate_department(department, workbook.department_projects(department))
    landed = 0
    for finding in findings:
        location = finding.location
        if location.table in ("general", "spending", "basic", "income") and location.row not in (None, "total"):
            if editor.show_location(location):
                code = editor.current_page().view.currentIndex().siblingAtColumn(0).data()  # type: ignore[union-attr]
                assert code == location.row, finding
                landed += 1
    assert landed >= 1


def test_facts_are_edited_one_step_per_field(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    qtbot.keyClick(editor.pages[0].view, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert editor.tabs.currentIndex() == 5 and "离开输入框即记下" in editor.hint.text()
    field = editor.facts.edits["operating_costs"]
    field.setFocus()
    qtbot.keyClicks(field, "75.3")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.keyClicks(editor.facts.edits["abroad"], "0")
    qtbot.keyClick(editor.facts.edits["abroad"], Qt.Key.Key_Tab)
    facts = budget_of_doc(document).facts
    assert facts is not None and facts.operating_costs == D("75.3")
    assert facts.three_public is not None and facts.three_public.abroad == D("0")
    assert document.undo_stack.count() == 2
    document.undo_stack.undo()
    assert editor.facts.edits["abroad"].text() == ""
    assert QModelIndex().isValid() is False


def test_esc_on_a_row_just_added_takes_it_away_again(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    qtbot.keyClick(editor.pages[0].view, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    procurement = editor.pages[3]
    procurement.view.setFocus()
    qtbot.keyClick(procurement.view, Qt.Key.Key_Insert)
    assert len(budget_of_doc(document).procurement) == 1
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Escape)
    assert budget_of_doc(document).procurement == ()
    assert not document.undo_stack.canUndo() and not document.undo_stack.canRedo()


def test_copy_rows_and_paste_them_into_another_department(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    document.workbook.departments.append(Department(2025, "泗县医疗保障局", budget=Budget()))
    sixian = next(i for i, d in enumerate(document.workbook.departments) if d.year == 2024 and "泗县" in d.name)
    editor = make_editor(qtbot, document, sixian)
    spending = editor.pages[0]
    spending.view.setFocus()
    parent = next(n for n in spending.model.nodes() if n.key == "21015")
    spending.view.select(spending.model.index_of(parent))  # the 款 and its 项: the 款 line is skipped on paste
    for leaf in parent.children:
        spending.view.selectionModel().select(
            spending.model.index_of(leaf),
            spending.view.selectionModel().SelectionFlag.Select | spending.view.selectionModel().SelectionFlag.Rows,
        )
    qtbot.keyClick(spending.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text()
    assert copied.splitlines()[0].startswith("科目编码\t科目名称\t资金来源\t人员经费")
    editor.set_department(len(document.workbook.departments) - 1)
    spending.view.setFocus()
    qtbot.keyClick(spending.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    pasted = budget_of_doc_at(document, -1).spending
    original = [r for r in budget_of_doc_at(document, sixian).spending if r.function.startswith("21015")]
    assert [(r.function, r.personnel, r.public, r.project) for r in pasted] == [
        (r.function, r.personnel, r.public, r.project) for r in original
    ]
    assert "跳过 1 行" in editor.message.text()


def budget_of_doc_at(document: WorkbookDocument, index: int) -> Budget:
    budget = document.workbook.departments[index].budget
    assert budget is not None
    return budget


def test_read_only_shows_everything_and_changes_nothing(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    editor = make_editor(qtbot, document)
    editor.set_read_only(True)
    spending = editor.pages[0]
    spending.view.setFocus()
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101501"))
    cell = spending.model.index_of(leaf, 3)
    assert not spending.model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    spending.view.select(cell)
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    qtbot.keyClick(spending.view, Qt.Key.Key_Delete)
    qtbot.keyClicks(spending.view, "9")
    assert not editor.add_bar.isVisible() and not document.undo_stack.canUndo()
    assert editor.facts.edits["operating_costs"].isReadOnly()


def test_income_rows_by_keyboard_with_unit_kind(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget()))
    editor = make_editor(qtbot, document)
    qtbot.keyClick(editor.pages[0].view, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    money = editor.pages[2]
    money.view.setFocus()
    assert "这张表还没有明细" in editor.hint.text()
    qtbot.keyClick(money.view, Qt.Key.Key_Insert)  # into 本年收入, the source cell open
    commit_text(open_editor(editor), "单位资金")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)
    commit_text(open_editor(editor), "事业收入")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Tab)
    qtbot.keyClicks(open_editor(editor), "1,200.5")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    income = budget_of_doc(document).income
    assert [(r.source, r.unit_kind, r.amount) for r in income] == [(Source.UNIT, "事业收入", D("1200.5"))]
    assert "这张表还没有明细" not in editor.hint.text()
    group = money.model.nodes()[0]
    assert money.model.index_of(group, 2).data() == "1200.50"
    # A kind that is not one of the five is refused with the choices named.
    money.view.select(money.model.index_of(group.children[0], 1))
    qtbot.keyClick(money.view, Qt.Key.Key_Return)
    open_editor(editor).setText("捐赠收入")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    assert "“捐赠收入”不是可选的单位资金类别" in editor.message.text()
    assert budget_of_doc(document).income == income


def test_last_years_figures_are_entered_in_prior_mode(qtbot: Any) -> None:
    document = WorkbookDocument()
    document.workbook.departments.append(
        Department(
            2024,
            "泗县医疗保障局",
            budget=Budget(spending=(SpendingRow("2101501", Source.GENERAL, personnel=D("150")),)),
        )
    )
    editor = make_editor(qtbot, document)
    spending = editor.pages[0]
    spending.view.setFocus()
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101501"))
    assert spending.model.index_of(leaf, spending.spec.column("prior") or 0).data() == ""
    qtbot.keyClick(spending.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert editor.prior_mode() and "正在填写2023年（上年）预算数" in editor.title.text()
    assert not editor.tabs.isTabEnabled(3) and spending.view.isColumnHidden(spending.spec.column("prior") or 0)
    assert [n.key for n in spending.model.nodes()] == ["total"]  # no figures of last year yet
    qtbot.keyClick(spending.view, Qt.Key.Key_Insert)
    qtbot.keyClicks(editor.add_bar.edit, "2101501")
    qtbot.keyClick(editor.add_bar.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(open_editor(editor), "120")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    budget = budget_of_doc(document)
    assert budget.prior is not None and budget.prior.year == 2023
    assert budget.prior.spending == (SpendingRow("2101501", Source.GENERAL, personnel=D("120")),)
    assert budget.spending[0].personnel == D("150")  # this year's untouched
    # Last year's 机关运行经费 on the facts tab, beside which this year's field will show it.
    qtbot.keyClick(spending.view, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    field = editor.facts.edits["operating_costs"]
    field.setFocus()
    qtbot.keyClicks(field, "78.3")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    prior = budget_of_doc(document).prior
    assert prior is not None and prior.facts is not None and prior.facts.operating_costs == D("78.3")
    assert budget_of_doc(document).facts is None
    editor.tabs.setCurrentIndex(0)
    spending.view.setFocus()

    qtbot.keyClick(spending.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert not editor.prior_mode()
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101501"))
    assert spending.model.index_of(leaf, spending.spec.column("prior") or 0).data() == "120.00"
    assert spending.model.index_of(leaf, spending.spec.column("change") or 0).data() == "+30.00"
    assert editor.facts.edits["operating_costs"].text() == ""
    assert editor.facts._priors["operating_costs"].text() == "2023年：78.30"
    # Undoing the prior figures shows last year's tables again, at the place.
    document.undo_stack.undo()
    assert editor.prior_mode() and editor.tabs.currentIndex() == 5
    document.undo_stack.undo()
    assert editor.tabs.currentIndex() == 0
    assert budget_of_doc(document).prior is not None
    document.undo_stack.undo()
    assert budget_of_doc(document).prior is None


def test_a_changed_code_moves_its_row_and_the_cursor_follows(qtbot: Any) -> None:
    document = WorkbookDocument()
    rows = (SpendingRow("2101501", Source.GENERAL, personnel=D("1")), SpendingRow("2080109", Source.GENERAL))
    document.workbook.departments.append(Department(2024, "泗县医疗保障局", budget=Budget(spending=rows)))
    editor = make_editor(qtbot, document)
    spending = editor.pages[0]
    spending.view.setFocus()
    leaf = next(n for n in spending.model.nodes() if n.key.startswith("2101501"))
    spending.view.select(spending.model.index_of(leaf, 0))
    qtbot.keyClick(spending.view, Qt.Key.Key_Return)
    open_editor(editor).setText("2101102")
    qtbot.keyClick(open_editor(editor), Qt.Key.Key_Return)
    assert budget_of_doc(document).spending[0].function == "2101102"
    assert [n.key.split("|")[0] for n in spending.model.nodes()][:6] == [
        "208",
        "20801",
        "2080109",
        "210",
        "21011",
        "2101102",
    ]
    # Enter moved on from the row's new place: there is no 项 after it, so the cursor stays on it.
    assert spending.view.currentIndex().siblingAtColumn(0).data() == "2101102"
    assert spending.view.currentIndex().siblingAtColumn(1).data() == "事业单位医疗"


def test_the_department_page_builds_this_editor_and_routes_findings_to_it(qtbot: Any) -> None:
    from desktop.domain.operations.departments import InsertDepartment
    from desktop.ui.department.page import DepartmentPage
    from desktop.ui.department.part import DepartmentView

    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    page = DepartmentPage(document)
    qtbot.addWidget(page)
    page.resize(1060, 620)
    page.show()
    qtbot.waitExposed(page)
    assert page.show_location(0, Location(table="general", row="2101550", column="personnel"))
    editor = page.editor(DepartmentView.BUDGET)
    assert isinstance(editor, BudgetEditor) and page.currentWidget() is editor
    assert _cell(editor) == (0, "2101550", "人员经费")
    # Another department put before it: the editor keeps showing the same one.
    shown = editor.department()
    document.push(InsertDepartment(0, Department(2025, "别的部门")))
    assert editor.department() is shown and _cell(editor) == (0, "2101550", "人员经费")
    document.undo_stack.undo()
    assert editor.department() is shown


def test_the_department_page_puts_the_keyboard_in_the_table(qtbot: Any) -> None:
    from desktop.ui.department.page import DepartmentPage
    from desktop.ui.department.part import DepartmentView

    document = WorkbookDocument()
    document.set_workbook(demo_workbook())
    page = DepartmentPage(document)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.show(0, DepartmentView.BUDGET)
    page.focus_current()
    editor = page.editor(DepartmentView.BUDGET)
    assert isinstance(editor, BudgetEditor)
    assert QApplication.focusWidget() is editor.pages[0].view
