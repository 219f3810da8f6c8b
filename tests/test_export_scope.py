"""What an export or a print takes by default: the current project's year and department, never a silent mix."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.test_project_actions import Parts, parts  # noqa: F401 - fixture


def test_default_scope_is_the_current_year_and_department(parts: Parts, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    workbook = parts.document.workbook
    current = workbook.projects[0]
    parts.selection.select_project(current)
    same = [p for p in workbook.projects if p.year == current.year and p.department.name == current.department.name]
    assert 1 < len(same) < len(workbook.projects)
    seen: list[list[str]] = []

    def exec_(box: QMessageBox) -> int:
        seen.append([b.text() for b in box.buttons()])
        default = box.defaultButton()
        assert default is not None
        default.click()  # Enter
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    chosen = parts.actions.choose_projects("导出 PDF")
    assert chosen is not None and chosen.projects == same
    buttons = seen[0]
    assert f"{current.year} 年{current.department.name}的 {len(same)} 个项目" in buttons
    every = next(b for b in buttons if b.startswith("全部"))
    assert "个部门" in every  # the whole workbook says that it mixes departments
