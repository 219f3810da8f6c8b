"""Department operations: an edit, an added or removed department, and a D-rule fix are each one undo step that
puts back the very objects they replaced; typing on in one field is one step; typed back leaves no step."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from desktop.domain.changes import DepartmentChange, DepartmentsChange
from desktop.domain.department import Budget, Department, SpendingRow
from desktop.domain.department.budget import Source
from desktop.domain.model import Workbook
from desktop.domain.operations import (
    EditDepartment,
    OperationError,
    RemoveDepartment,
    add_department,
    fix_department,
)
from desktop.domain.parts import DepartmentPart
from desktop.domain.validation import validate_department
from desktop.io.demo import demo_workbook


def _department() -> Department:
    row = SpendingRow("2101501", Source.GENERAL, "行政运行", personnel=Decimal("100.00"))
    return Department(2025, "某县医疗保障局", budget=Budget(spending=(row,)))


def _with_personnel(department: Department, amount: str) -> Department:
    assert department.budget is not None
    row = replace(department.budget.spending[0], personnel=Decimal(amount))
    return replace(department, budget=replace(department.budget, spending=(row,)))


def test_edit_and_its_inverse_swap_the_very_objects() -> None:
    before = _department()
    workbook = Workbook(departments=[before])
    after = _with_personnel(before, "120.00")
    outcome = EditDepartment(before, after, DepartmentPart.BUDGET, "改人员经费", table="spending").apply(workbook)
    assert workbook.departments[0] is after
    (change,) = outcome.changes
    assert isinstance(change, DepartmentChange)
    assert (change.index, change.part, change.table, change.department) == (0, DepartmentPart.BUDGET, "spending", after)
    back = outcome.inverse.apply(workbook)
    assert workbook.departments[0] is before
    back.inverse.apply(workbook)
    assert workbook.departments[0] is after


def test_an_edit_of_a_department_no_longer_there_is_refused() -> None:
    workbook = Workbook(departments=[_department()])
    stranger = Department(2025, "别的局")
    with pytest.raises(OperationError):
        EditDepartment(stranger, replace(stranger, code="1"), DepartmentPart.IDENTITY).apply(workbook)


def test_add_and_remove_are_each_others_inverse() -> None:
    first = _department()
    workbook = Workbook(departments=[first])
    second = Department(2025, "另一个局")
    outcome = add_department(workbook, second).apply(workbook)
    assert workbook.departments == [first, second]
    (change,) = outcome.changes
    assert isinstance(change, DepartmentsChange) and change.index == 1
    outcome.inverse.apply(workbook)
    assert workbook.departments == [first]
    removed = RemoveDepartment(first).apply(workbook)
    assert workbook.departments == []
    removed.inverse.apply(workbook)
    assert workbook.departments[0] is first


def test_a_d_rule_fix_is_one_step_and_undoes() -> None:
    workbook = demo_workbook()
    fixable = [
        (department, finding)
        for department in workbook.departments
        for finding in validate_department(department, workbook.department_projects(department))
        if finding.department_fix is not None
    ]
    assert fixable, "the demo has a department finding with a fix"
    department, finding = fixable[0]
    assert finding.department_fix is not None
    index = workbook.departments.index(department)
    outcome = fix_department(department, finding.department_fix).apply(workbook)
    fixed = workbook.departments[index]
    assert fixed is not department
    after = validate_department(fixed, workbook.department_projects(fixed))
    assert (finding.rule, finding.location) not in {(f.rule, f.location) for f in after}
    outcome.inverse.apply(workbook)
    assert workbook.departments[index] is department


def test_typing_on_in_one_cell_is_one_undo_step(document: Any) -> None:
    start = _department()
    document.set_workbook(Workbook(departments=[start]))
    seen: list[DepartmentChange] = []
    document.department_changed.connect(seen.append)
    current = start
    for amount in ("1", "12", "125"):
        edited = _with_personnel(current, amount)
        document.push(EditDepartment(current, edited, DepartmentPart.BUDGET, "改人员经费", "spending", "p:2101501"))
        current = edited
    assert document.undo_stack.count() == 1
    assert [c.department.budget.spending[0].personnel for c in seen] == [Decimal("1"), Decimal("12"), Decimal("125")]
    document.undo_stack.undo()
    assert document.workbook.departments[0] is start
    assert seen[-1].department is start
    document.undo_stack.redo()
    assert document.workbook.departments[0].budget.spending[0].personnel == Decimal("125")
    assert document.is_modified()


def test_typed_back_leaves_no_step_and_older_steps_still_undo(document: Any) -> None:
    start = _department()
    document.set_workbook(Workbook(departments=[start]))
    renamed = replace(start, code="301001")
    document.push(EditDepartment(start, renamed, DepartmentPart.IDENTITY, "改部门编码"))
    typed = _with_personnel(renamed, "7")
    document.push(EditDepartment(renamed, typed, DepartmentPart.BUDGET, "改人员经费", "spending", "p"))
    back = _with_personnel(typed, "100.00")
    document.push(EditDepartment(typed, back, DepartmentPart.BUDGET, "改人员经费", "spending", "p"))
    assert document.undo_stack.count() == 1  # the typing left nothing to undo
    document.undo_stack.undo()
    assert document.workbook.departments[0] == start
    assert document.workbook.departments[0].code is None


def test_the_document_announces_added_and_removed_departments(document: Any) -> None:
    document.set_workbook(Workbook())
    added: list[tuple[Department, int]] = []
    removed: list[tuple[Department, int]] = []
    document.department_inserted.connect(lambda d, i: added.append((d, i)))
    document.department_removed.connect(lambda d, i: removed.append((d, i)))
    department = _department()
    document.push(add_department(document.workbook, department))
    document.undo_stack.undo()
    assert added == [(department, 0)] and removed == [(department, 0)]
    assert document.workbook.departments == []


def test_a_department_edit_is_checked_again_shortly(qtbot: Any, document: Any) -> None:
    from desktop.ui.validation_state import ValidationState

    start = _department()
    document.set_workbook(Workbook(departments=[start]))
    validation = ValidationState(document)
    validation.validate_all()
    assert any("支出总计 100 万元" in f.message for f in validation.department_findings)
    edited = _with_personnel(start, "150")
    document.push(EditDepartment(start, edited, DepartmentPart.BUDGET, "改人员经费", "spending"))
    validation.flush()
    messages = [f.message for f in validation.department_findings]
    assert any("支出总计 150 万元" in m for m in messages), messages
