"""The 说明 page: the generated text of the demo's 泗县 department shown live, the clerk's reasons typed into it (one
undo step per field), a missing reason marked in place, Tab through the fields in reading order, jumps from findings."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.department import Department
from desktop.domain.department.explanation_edits import ASSETS, slot_text, with_slot_text
from desktop.domain.findings import Location
from desktop.domain.model import Workbook
from desktop.io.demo import demo_workbook
from desktop.ui.department.explanation import REFRESH_DELAY_MS, ExplanationView
from desktop.ui.department.explanation_parts import ReasonEdit
from desktop.ui.document import WorkbookDocument

SIXIAN = "泗县医疗保障局"


@cache
def _demo() -> Workbook:
    return demo_workbook()


def _fresh() -> Workbook:
    """A copy of the demo workbook (read once per run; departments are frozen, the lists are new)."""
    demo = _demo()
    import copy

    return Workbook(projects=copy.deepcopy(demo.projects), departments=list(demo.departments))


def _without_reason(workbook: Workbook, about: str) -> None:
    index = next(i for i, d in enumerate(workbook.departments) if d.name == SIXIAN)
    workbook.departments[index] = with_slot_text(workbook.departments[index], about, None)


@pytest.fixture
def view(qtbot: QtBot) -> ExplanationView:
    document = WorkbookDocument()
    workbook = _fresh()
    _without_reason(workbook, "function:2101501")
    document.set_workbook(workbook)
    widget = ExplanationView(document)
    qtbot.addWidget(widget)
    widget.resize(1040, 640)
    widget.set_department(next(i for i, d in enumerate(workbook.departments) if d.name == SIXIAN))
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    return widget


def _department(view: ExplanationView) -> Department:
    department = view.department()
    assert department is not None
    return department


def _type_chinese(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_sixian_explanation_shows_the_computed_sentences(view: ExplanationView) -> None:
    text = view.shown_text()
    assert "比2023年预算增加1653.67万元，增长143.56%" in text
    assert "比2023年预算新增1760万元，新增原因主要是2024年医疗救助项目纳入预算" in text
    assert "十二、其他重要事项情况说明" in text and "（二）机关运行经费。" in text
    # the computed text is not editable: only the slots are fields
    assert len(view.fields()) == 14


def test_a_missing_reason_is_marked_in_place_and_typing_it_prints_it(view: ExplanationView, qtbot: QtBot) -> None:
    assert "增长32.10%，增长原因主要是【⚠ 请填写增长原因】。" in view.shown_text()
    assert "1 处增减原因未填写" in view.status.text()
    field = view.field("function:2101501")
    assert isinstance(field, ReasonEdit)
    view.focus_field(field)
    qtbot.waitUntil(field.hasFocus)
    _type_chinese(field, "人员经费增加")
    qtbot.keyClicks(field, " 2")

    assert slot_text(_department(view), "function:2101501") == "人员经费增加 2"
    qtbot.waitUntil(lambda: "增长32.10%，增长原因主要是人员经费增加 2。" in view.shown_text())
    assert "增减原因都已填写" in view.status.text()
    assert field.hasFocus() and field.text() == "人员经费增加 2"


def test_typing_in_one_field_is_one_undo_step_and_redo_puts_it_back(view: ExplanationView, qtbot: QtBot) -> None:
    document = view._document
    field = view.field("function:2101501")
    assert field is not None
    view.focus_field(field)
    _type_chinese(field, "人员")
    qtbot.keyClicks(field, "ab")
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "填写2101501 原因"

    document.undo_stack.undo()
    assert slot_text(_department(view), "function:2101501") is None
    qtbot.waitUntil(lambda: field.text() == "")
    assert "【⚠ 请填写增长原因】" in view.shown_text()

    document.undo_stack.redo()
    assert slot_text(_department(view), "function:2101501") == "人员ab"
    qtbot.waitUntil(lambda: field.text() == "人员ab")
    assert "增长原因主要是人员ab。" in view.shown_text()


def test_editing_an_existing_reason_and_the_assets_text(view: ExplanationView, qtbot: QtBot) -> None:
    income = view.field("table:income")
    assert income is not None and income.value().startswith("一、2024年医疗救助项目纳入预算")
    view.focus_field(income)
    qtbot.keyClick(income, Qt.Key.Key_End)
    _type_chinese(income, "。三、其他")
    assert slot_text(_department(view), "table:income") is not None
    assert (slot_text(_department(view), "table:income") or "").endswith("。三、其他")

    assets = view.field(ASSETS)
    assert assets is not None and "共有车辆1辆" in assets.value()
    view.focus_field(assets)
    qtbot.keyClick(assets, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(assets, Qt.Key.Key_Return)
    _type_chinese(assets, "另有电脑3台。")
    assert (slot_text(_department(view), ASSETS) or "").endswith("购置费0万元。\n另有电脑3台。")
    assert view._document.undo_stack.count() == 2


def test_tab_walks_the_fields_in_reading_order(view: ExplanationView, qtbot: QtBot) -> None:
    fields = view.fields()
    abouts = [f.objectName().removeprefix("slot:") for f in fields]
    assert abouts[:4] == ["table:income", "table:spending", "table:general", "function:2080109"]
    assert abouts[-2:] == ["operating_costs", ASSETS]
    view.focus_field(fields[0])
    qtbot.waitUntil(fields[0].hasFocus)
    for expected in fields[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    # Enter in a reason moves on too, as in the forms
    view.focus_field(fields[3])
    qtbot.keyClick(fields[3], Qt.Key.Key_Return)
    assert QApplication.focusWidget() is fields[4]


def test_a_finding_jumps_to_its_field(view: ExplanationView, qtbot: QtBot) -> None:
    assert view.show_location(Location(table="explanations", row="function:2101501"))
    assert QApplication.focusWidget() is view.field("function:2101501")
    assert view.show_location(Location(table="explanations", row="operating_costs"))
    assert QApplication.focusWidget() is view.field("operating_costs")
    assert view.show_location(Location(table="explanations", row="table:spending", column="change"))
    assert QApplication.focusWidget() is view.field("table:spending")
    assert view.show_location(Location(table="explanations", row="公务用车更新配备", column="goal"))
    assert not view.show_location(Location(table="general", row="2101501", column="total"))


def test_the_text_follows_the_projects_and_the_budget(view: ExplanationView, qtbot: QtBot) -> None:
    """A change elsewhere (the budget page, a project) shows here shortly after, with the fields kept."""
    from desktop.domain.operations.departments import EditDepartment
    from desktop.domain.parts import DepartmentPart

    document = view._document
    department = _department(view)
    assert department.budget is not None and department.budget.facts is not None
    facts = replace(department.budget.facts, operating_costs=department.budget.facts.operating_costs + 3)
    after = replace(department, budget=replace(department.budget, facts=facts))
    field = view.field("operating_costs")
    document.push(EditDepartment(department, after, DepartmentPart.BUDGET, "修改机关运行经费", "facts"))
    qtbot.waitUntil(lambda: "机关运行经费财政拨款预算78.3万元，与2023年预算持平" in view.shown_text())
    assert view.field("operating_costs") is field


def test_a_department_without_last_years_figures_asks_for_no_reason(qtbot: QtBot) -> None:
    document = WorkbookDocument()
    workbook = _fresh()
    index = next(i for i, d in enumerate(workbook.departments) if d.name == SIXIAN)
    department = workbook.departments[index]
    assert department.budget is not None
    workbook.departments[index] = replace(department, budget=replace(department.budget, prior=None))
    document.set_workbook(workbook)
    view = ExplanationView(document)
    qtbot.addWidget(view)
    view.set_department(index)
    assert "还没有上年预算数" in view.status.text()
    assert [f.objectName() for f in view.fields()] == [f"slot:{ASSETS}"]
    view.set_department(None)
    assert view.fields() == [] and "请在左侧选择一个部门" in view.status.text()


def test_the_hebei_performance_text_prints_no_explanation(qtbot: QtBot) -> None:
    document = WorkbookDocument()
    workbook = _fresh()
    document.set_workbook(workbook)
    view = ExplanationView(document)
    qtbot.addWidget(view)
    view.set_department(next(i for i, d in enumerate(workbook.departments) if d.name != SIXIAN))
    assert "不印部门预算情况说明" in view.status.text() and view.fields() == []


def test_slot_edits_never_change_the_department_given_and_typed_back_is_equal() -> None:
    department = next(d for d in _fresh().departments if d.name == SIXIAN)
    edited = with_slot_text(department, "function:2101501", "  新的原因 ")
    assert slot_text(edited, "function:2101501") == "新的原因"
    assert slot_text(department, "function:2101501") == "人员经费和项目支出增加"
    assert with_slot_text(edited, "function:2101501", "人员经费和项目支出增加") == department
    assert with_slot_text(department, "function:2101501", "人员经费和项目支出增加") is department
    added = with_slot_text(department, "three_public", "压减公务接待")
    assert slot_text(added, "three_public") == "压减公务接待"
    assert with_slot_text(added, "three_public", " ") == department
    assets = with_slot_text(department, ASSETS, "无")
    assert (
        slot_text(assets, ASSETS) == "无"
        and assets.budget is not None
        and assets.budget.reasons == (department.budget.reasons if department.budget else ())
    )
    bare = Department(2025, "新部门")
    assert with_slot_text(bare, ASSETS, "") is bare
    assert slot_text(with_slot_text(bare, "table:income", "新设"), "table:income") == "新设"


def test_a_page_not_on_screen_recomputes_when_shown(view: ExplanationView, qtbot: QtBot) -> None:
    from desktop.domain.operations.departments import EditDepartment
    from desktop.domain.parts import DepartmentPart

    view.hide()
    department = _department(view)
    after = with_slot_text(department, "operating_costs", "压减开支")
    view._document.push(EditDepartment(department, after, DepartmentPart.EXPLANATION, "填写原因"))
    qtbot.wait(REFRESH_DELAY_MS * 2)  # longer than the debounce: a hidden page has not recomputed meanwhile
    assert "下降原因主要是压减开支" not in view.shown_text()
    view.show()
    assert "下降原因主要是压减开支。" in view.shown_text()


def test_a_read_only_workbook_takes_no_typing(view: ExplanationView, qtbot: QtBot) -> None:
    view.set_read_only(True)
    field = view.field("function:2101501")
    assert field is not None and field.isReadOnly()
    view.focus_field(field)
    qtbot.keyClicks(field, "abc")
    _type_chinese(field, "人员")
    assert view._document.undo_stack.count() == 0 and slot_text(_department(view), "function:2101501") is None
    view.set_read_only(False)
    assert all(not f.isReadOnly() for f in view.fields())
