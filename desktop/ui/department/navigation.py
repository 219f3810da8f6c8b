"""The window's department glue: the left pane's department rows, the central area's department page, department
findings (jump and fix), and 新建部门.

The window makes one `DepartmentNavigation` with the collaborators it uses (document, validation, the open file, the
project list, the department page, the findings panel, a notifier) and asks it `showing()` when it picks what the
central area shows; everything else about departments happens here, so the main window stays an assembler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QWidget

from desktop.domain.department.model import Department
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.page import DepartmentPage, view_for_location
from desktop.ui.department.part import DepartmentView
from desktop.ui.document import WorkbookDocument
from desktop.ui.notifier import Notifier
from desktop.ui.validation_state import ValidationState

if TYPE_CHECKING:  # the panels import department.part; at run time this module only receives them
    from desktop.domain.changes import Change
    from desktop.domain.findings import Finding
    from desktop.ui.file_ops import FileController
    from desktop.ui.panels.findings_panel import FindingsPanel
    from desktop.ui.panels.project_list import ProjectListPanel

_VIEW_OF_PART = {
    DepartmentPart.IDENTITY: DepartmentView.OVERVIEW,
    DepartmentPart.OVERVIEW: DepartmentView.OVERVIEW,
    DepartmentPart.TARGET: DepartmentView.TARGET,
    DepartmentPart.BUDGET: DepartmentView.BUDGET,
    DepartmentPart.EXPLANATION: DepartmentView.EXPLANATION,
}


class DepartmentNavigation(QObject):
    """Keeps the department rows, the department page and the department findings in step."""

    shown_changed = Signal()
    """A department row became current, or stopped being: the central area switches."""

    def __init__(
        self,
        document: WorkbookDocument,
        validation: ValidationState,
        files: FileController,
        project_list: ProjectListPanel,
        page: DepartmentPage,
        findings: FindingsPanel,
        notifier: Notifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.validation = validation
        self.files = files
        self.project_list = project_list
        self.page = page
        self.findings = findings
        self.notifier = notifier
        self._showing = False
        model = project_list.model
        document.department_inserted.connect(lambda _d, i: model.department_inserted(i))
        document.department_removed.connect(lambda _d, i: model.department_removed(i))
        document.department_changed.connect(lambda change: project_list.department_changed(change.index))
        document.revisited.connect(self._revisited)
        validation.changed.connect(lambda: model.set_department_counts(validation.department_counts()))
        validation.department_unreadable.connect(lambda problem: notifier.warn("无法读取部门", problem))
        project_list.current_department_changed.connect(self._current_changed)
        project_list.department_open_requested.connect(page.focus_current)
        findings.department_jump_requested.connect(self.jump_to)
        findings.department_fix_requested.connect(self.apply_fix)
        # Esc on the department page: back to the list, on the row of the page shown (as Enter went from it).
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(project_list.focus_list)
        self.new_department = QAction("新建部门…", self)
        self.new_department.setShortcut(QKeySequence("Ctrl+Alt+N"))
        self.new_department.setToolTip("新建部门（从头新建，或由上年的部门结转）（Ctrl+Alt+N）")
        self.new_department.triggered.connect(self.ask_new_department)
        self.delete_department = QAction("删除部门…", self)
        self.delete_department.setToolTip("删除左侧选中的部门（该年度的项目保留；可撤销）")
        self.delete_department.triggered.connect(self.ask_delete_department)
        self.menu: QMenu | None = None

    # -- the window ------------------------------------------------------------------------------------------------
    def build_menu(self, window: QMainWindow) -> QMenu:
        """The 部门 menu, before 视图; its actions work from anywhere in the window."""
        bar = window.menuBar()
        menu = QMenu("部门(&D)", bar)
        menu.addAction(self.new_department)
        menu.addAction(self.delete_department)
        window.addAction(self.new_department)
        before = next((a for a in bar.actions() if a.text().startswith("视图")), None)
        if before is not None:
            bar.insertMenu(before, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu
        return menu

    def showing(self) -> bool:
        """True when the list's current row is a department's (the central area shows the department page)."""
        return self._showing

    def update_actions(self) -> None:
        """Enable what makes sense now (the window calls this from its own update)."""
        self.new_department.setEnabled(not self.files.read_only)
        self.delete_department.setEnabled(not self.files.read_only and self._showing)
        self.page.set_read_only(self.files.read_only)

    # -- following the list ----------------------------------------------------------------------------------------
    def _current_changed(self, current: tuple[int, DepartmentView] | None) -> None:
        if current is None:
            showing = False
            self.findings.set_current_department(None)
        else:
            self.document.commit_open_editors()
            self.page.show(*current)
            self.findings.set_current_department(current[0])
            # Tab from the list goes through the page, then on to the findings, as it goes through a project's form.
            order = [self.project_list.tree, *self.page.fields(), self.findings.table]
            for before, after in zip(order, order[1:], strict=False):
                QWidget.setTabOrder(before, after)
            showing = True
        if showing or showing != self._showing:
            self._showing = showing
            self.shown_changed.emit()

    def show_department(
        self, index: int, view: DepartmentView = DepartmentView.OVERVIEW, *, focus: bool = True
    ) -> None:
        """Select department `index`'s page `view` in the list (which shows it) and put the keyboard on it."""
        if self.project_list.select_department(index, view):
            if focus:
                self.page.focus_current()

    def _revisited(self, changes: tuple[Change, ...]) -> None:
        """Undo or redo of a department edit shows the page where it happened (the clerk sees what came back)."""
        from desktop.domain.changes import DepartmentChange  # made by edits, not needed to show the window

        for change in changes:
            if not isinstance(change, DepartmentChange):
                continue
            view = _VIEW_OF_PART.get(change.part)
            shown = self.project_list.current_department()
            if shown is not None and shown[0] == change.index and (view is None or shown[1] is view):
                return
            self.show_department(change.index, view or DepartmentView.OVERVIEW, focus=False)
            return

    # -- findings ----------------------------------------------------------------------------------------------------
    def jump_to(self, index: int, finding: Finding) -> None:
        """Show the department page holding the place a D-rule finding points at, and select that place."""
        if not 0 <= index < len(self.document.workbook.departments):
            return
        self.document.commit_open_editors()
        self.project_list.select_department(index, view_for_location(finding.location))
        if not self.page.show_location(index, finding.location):
            self.page.focus_current()

    def apply_fix(self, index: int, finding: Finding) -> None:
        """一键修复 of a department finding, as one undo step."""
        departments = self.document.workbook.departments
        fix = finding.department_fix
        if self.files.read_only or fix is None or not 0 <= index < len(departments):
            return
        department = departments[index]
        from desktop.domain.operations.departments import fix_department  # loaded on the first edit

        self.document.push(fix_department(department, fix))
        self.validation.flush()
        self.notifier.status(
            f"已修复“{department.display_name()}”{finding.location_text}：{fix.label}。按 Ctrl+Z 可撤销。", 10_000
        )

    # -- new department ---------------------------------------------------------------------------------------------
    def ask_new_department(self) -> None:
        """新建部门…: from scratch or rolled over from an earlier year's department; one undo step."""
        from desktop.ui.department.new_department import ask_new_department

        if self.files.read_only:
            return
        self.document.commit_open_editors()
        shown = self.project_list.current_department()
        project = self.project_list.current_project()
        year = project.year if project is not None else None
        if shown is not None:
            year = self.document.workbook.departments[shown[0]].year
        department = ask_new_department(self.notifier.parent(), self.document.workbook, year)
        if department is None:
            return
        self.add(department)

    def ask_delete_department(self) -> None:
        """删除部门…: asks first; one undo step puts it back where it was."""
        shown = self.project_list.current_department()
        departments = self.document.workbook.departments
        if self.files.read_only or shown is None or not 0 <= shown[0] < len(departments):
            return
        department = departments[shown[0]]
        answer = QMessageBox.question(
            self.notifier.parent(),
            "删除部门",
            f"确定删除部门“{department.display_name()}”吗？\n"
            "部门概况、部门预算、绩效目标和说明一并删除；该年度的项目保留。\n\n"
            "删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.document.commit_open_editors()
        from desktop.domain.operations.departments import RemoveDepartment  # loaded on the first edit

        self.document.push(RemoveDepartment(department, "删除部门"))
        self.project_list.focus_list()
        self.notifier.status(f"已删除部门“{department.display_name()}”。按 Ctrl+Z 可撤销。", 10_000)

    def add(self, department: Department) -> None:
        """Add `department` (one undo step) and open its 部门概况 with the keyboard on its name."""
        from desktop.domain.operations.departments import add_department  # loaded on the first edit

        workbook = self.document.workbook
        self.document.push(add_department(workbook, department))
        index = len(workbook.departments) - 1
        self.show_department(index, DepartmentView.OVERVIEW)
        self.notifier.status(f"已新建部门“{department.display_name()}”。按 Ctrl+Z 可撤销。", 10_000)
