"""The 部门预算 page: the department's budget tables as tabs (功能分类 spending, 经济分类 basic spending, income and
carry-overs, procurement, purchased services, other facts), each edited by keyboard and by paste from Excel or WPS.

It follows the `PartEditor` protocol (desktop/ui/department/part.py): made with `(document, parent)`, shown a
department by index, asked to go to a D-rule finding's place. Every change is one `EditDepartment` on the document;
undo and redo bring the tab and cell that changed into view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.changes import Change, DepartmentChange
from desktop.domain.department import Department
from desktop.domain.findings import Location
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.budget.add_bar import AddBar
from desktop.ui.department.budget.facts import FactsPage
from desktop.ui.department.budget.list_specs import MoneySpec, ProcurementSpec, ServicesSpec
from desktop.ui.department.budget.locations import find_cell
from desktop.ui.department.budget.nodes import BasicSpec, SpendingSpec
from desktop.ui.department.budget.table_page import TablePage
from desktop.ui.department.part import department_at
from desktop.ui.document import WorkbookDocument

KEY_HELP = (
    "Insert 新增 · Delete 删除 · Ctrl+C/Ctrl+V 复制/粘贴 Excel/WPS 表格 · Enter 编辑/下一行 · Tab 下一格"
    " · Ctrl+PgUp/PgDn 或 Alt+1…6 切换表 · 类、款、合计由明细自动计算"
)
FACTS_TAB = 5
PRIOR_TABLES = frozenset({"spending", "basic", "income"})
EMPTY_HELP = "这张表还没有明细：按 Insert 新增一行，或在 Excel/WPS（如预算系统导出的表）中复制后按 Ctrl+V 粘贴"
FACTS_HELP = "Tab 下一项 · 离开输入框即记下（可撤销） · 金额单位：万元 · Ctrl+PgUp/PgDn 或 Alt+1…6 切换表"
READ_ONLY_HELP = "只能查看：工作簿由他人打开或以只读方式打开 · Ctrl+C 复制选中的行"


class BudgetEditor(QWidget):
    """The 部门预算 page of one department."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._index: int | None = None
        self._shown: Department | None = None
        self._read_only = False
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; padding: 2px 4px;")
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # The keyboard goes to the table, not to the tab strip: tabs switch by Ctrl+PgUp/PgDn and Alt+1…6.
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pages: list[TablePage] = []
        for number, spec in enumerate((SpendingSpec(), BasicSpec(), MoneySpec(), ProcurementSpec(), ServicesSpec()), 1):
            page = TablePage(document, spec, self.tabs)
            page.message.connect(self.say)
            for signal in (page.model.rowsInserted, page.model.rowsRemoved, page.model.modelReset):
                signal.connect(self.update_actions)
            self.pages.append(page)
            self.tabs.addTab(page, f"&{number} {spec.title}")
        self.facts = FactsPage(document, self)
        self.facts.problem.connect(lambda text: self.say(text, True))
        scroll = QScrollArea(self.tabs)
        scroll.setWidget(self.facts)
        scroll.setWidgetResizable(True)
        self.tabs.addTab(scroll, "&6 其他事项")
        self.add_bar = AddBar(self)
        self.add_bar.accepted.connect(self._add_coded_row)
        self.add_bar.hide()
        self.hint = QLabel(KEY_HELP, self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555;")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.toolbar = QToolBar(self)
        self._make_actions()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.title)
        top.addWidget(self.toolbar)
        top.addStretch(1)
        unit = QLabel("单位：万元", self)
        top.addWidget(unit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.add_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        self.tabs.currentChanged.connect(self._tab_changed)
        document.department_changed.connect(self._department_changed)
        document.department_inserted.connect(self._department_inserted)
        document.department_removed.connect(self._department_removed)
        document.revisited.connect(self._revisited)
        document.commit_requested.connect(self.commit)
        document.reset.connect(lambda: self.set_department(None))
        self.set_department(None)
        self._tab_changed(0)

    # ---------------------------------------------------------------- actions

    def _action(self, text: str, tip: str, keys: list[QKeySequence], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shown = "、".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip}（{shown}）" if keys else tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence
        self.add_action = self._action("新增", "新增一行", [key(Qt.Key.Key_Insert)], self.add_row)
        self.delete_action = self._action("删除", "删除选中的明细行", [key(Qt.Key.Key_Delete)], self.delete_rows)
        self.paste_action = self._action(
            "粘贴", "粘贴从 Excel/WPS 或预算系统复制的表格行", [key(key.StandardKey.Paste)], self.paste
        )
        self.copy_action = self._action(
            "复制", "复制选中的行（可粘贴到 Excel/WPS）", [key(key.StandardKey.Copy)], self.copy
        )
        for action in (self.add_action, self.delete_action, self.copy_action, self.paste_action):
            self.toolbar.addAction(action)
        self.prior_action = self._action(
            "上年数",
            "填写或修改上年（对照年度）的支出、基本支出和收入预算数；再按一次回到本年",
            [key("Ctrl+Shift+L")],
            lambda: self.set_prior_mode(self.prior_action.isChecked()),
        )
        self.prior_action.setCheckable(True)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.prior_action)
        self._action("下一张表", "下一张表", [key("Ctrl+PgDown")], lambda: self._step_tab(1))
        self._action("上一张表", "上一张表", [key("Ctrl+PgUp")], lambda: self._step_tab(-1))

    def _step_tab(self, step: int) -> None:
        self.commit()
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())
        self._focus_tab()

    def _tab_changed(self, _index: int) -> None:
        self.add_bar.hide()
        page = self.current_page()
        self.setFocusProxy(page.view if page is not None else self.facts.edits["operating_costs"])
        self.update_actions()

    def _focus_tab(self) -> None:
        page = self.current_page()
        if page is None:
            self.facts.edits["operating_costs"].setFocus(Qt.FocusReason.OtherFocusReason)
            return
        page.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if not page.view.currentIndex().isValid():
            first = page.view.next_cell(page.model.index(-1, 0), True)
            page.view.select(first if first.isValid() else page.model.index(0, 0))

    def update_actions(self) -> None:
        """Row actions only on the table tabs, and only with a department shown (copy also when read-only); the
        hint line says how to start when the table is empty."""
        page = self.current_page()
        on_table = page is not None and self._index is not None
        empty = page is not None and self._index is not None and not page.model.has_rows()
        if self._read_only:
            self.hint.setText(READ_ONLY_HELP)
        else:
            self.hint.setText(FACTS_HELP if page is None else EMPTY_HELP if empty else KEY_HELP)
        for action in (self.add_action, self.delete_action, self.paste_action):
            action.setEnabled(on_table and not self._read_only)
        self.copy_action.setEnabled(on_table)

    def set_prior_mode(self, on: bool) -> None:
        """Show (and edit) last year's figures in the spending, basic spending and income tables, or this year's."""
        self.commit()
        self.prior_action.setChecked(on)
        for page in self.pages:
            if PRIOR_TABLES.intersection(which.value for which in page.spec.lists):
                page.set_prior_mode(on)
        self.facts.set_prior_mode(on)
        for number, page in enumerate(self.pages):
            if not PRIOR_TABLES.intersection(which.value for which in page.spec.lists):
                self.tabs.setTabEnabled(number, not on)
        if on and not self.tabs.isTabEnabled(self.tabs.currentIndex()):
            self.tabs.setCurrentIndex(0)
        self._show_title()
        self.update_actions()
        self._focus_tab()

    def prior_mode(self) -> bool:
        """True while last year's figures are shown."""
        return self.prior_action.isChecked()

    def set_read_only(self, read_only: bool) -> None:
        """For a workbook opened read-only (another user holds it): everything shown, nothing editable."""
        self.commit()
        self._read_only = read_only
        for page in self.pages:
            page.model.read_only = read_only
            page.view.viewport().update()
        self.facts.set_read_only(read_only)
        self.add_bar.hide()
        self.update_actions()

    # ---------------------------------------------------------------- PartEditor

    def department(self) -> Department | None:
        return department_at(self._document.workbook, self._index)

    def set_department(self, index: int | None) -> None:
        """Show the department at `index` of `workbook.departments` (None: nothing)."""
        self.commit()
        target = department_at(self._document.workbook, index)
        if target is not None and target is self._shown:
            self._follow(index)  # the same department at another place (one was added or removed before it)
            return
        self._index = index
        self._shown = self.department()
        for page in self.pages:
            page.set_department(index)
        self.facts.set_department(index)
        self.add_bar.hide()
        self.message.hide()
        self._show_title()
        self.update_actions()

    def show_location(self, location: Location) -> bool:
        """Select and show the cell a D-rule finding points at; False when it is not in the budget's tables."""
        if self.department() is None or location.table is None:
            return False
        if self.prior_mode():
            self.set_prior_mode(False)
        if location.table in ("facts", "three_public"):
            self.tabs.setCurrentIndex(FACTS_TAB)
            return self.facts.focus_field(location.row or "operating_costs")
        for number, page in enumerate(self.pages):
            cell = find_cell(page.model, location)
            if cell is not None:
                self.tabs.setCurrentIndex(number)
                page.view.select(cell)
                page.view.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    # ---------------------------------------------------------------- row actions

    def current_page(self) -> TablePage | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, TablePage) else None

    def add_row(self) -> None:
        """Insert: in the coded tables ask for the code (completion by code or name), else add a row at once."""
        page = self.current_page()
        if page is None or self._index is None:
            return
        if page.spec.code_digits:
            self.add_bar.open_for(page.model.catalogue, page.spec.code_digits)
        else:
            page.add_row()

    def _add_coded_row(self, code: str, name: str | None) -> None:
        page = self.current_page()
        if page is not None and page.add_row(code, name):
            self.add_bar.hide()

    def delete_rows(self) -> None:
        page = self.current_page()
        if page is not None:
            page.delete_rows()

    def copy(self) -> None:
        """Ctrl+C: the selected rows, with a heading row, as text for Excel or WPS."""
        page = self.current_page()
        text = page.copy_text() if page is not None else ""
        if text:
            QGuiApplication.clipboard().setText(text)

    def paste(self) -> None:
        """Ctrl+V: the clipboard's table rows into the current table, as one undo step (or a report and nothing)."""
        page = self.current_page()
        if page is None:
            return
        page.delegate.commit_open_editor()
        report = page.paste(QGuiApplication.clipboard().text())
        if report is not None:
            self.show_message("粘贴", report)

    def show_message(self, title: str, text: str) -> None:
        """A message box (tests patch this method)."""
        QMessageBox.warning(self, title, text)

    def say(self, text: str, problem: bool = False) -> None:
        """A line under the tables: orange for something to check, red for a refused edit."""
        self.message.setStyleSheet("color: #b00020;" if problem else "color: #b35900;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def commit(self) -> None:
        """Commit an open cell or field (before save, print, another department)."""
        for page in self.pages:
            page.delegate.commit_open_editor()
        self.facts.commit()

    # ---------------------------------------------------------------- following the document

    def _show_title(self) -> None:
        department = self.department()
        if department is None:
            self.title.setText("部门预算")
            return
        text = f"部门预算 — {department.display_name()}"
        if self.prior_mode():
            year = (
                department.budget.prior.year if department.budget and department.budget.prior else department.year - 1
            )
            text += f" · 正在填写{year}年（上年）预算数"
        self.title.setText(text)
        self.title.setStyleSheet(
            "font-weight: bold; padding: 2px 4px;" + (" color: #b35900;" if self.prior_mode() else "")
        )

    def _department_changed(self, change: DepartmentChange) -> None:
        if change.index == self._index:
            self._shown = change.department
        if change.index == self._index and change.part in (DepartmentPart.IDENTITY, DepartmentPart.WHOLE):
            self._show_title()

    def _department_inserted(self, _department: Department, _index: int) -> None:
        self._find_shown()

    def _department_removed(self, _department: Department, _index: int) -> None:
        self._find_shown()

    def _find_shown(self) -> None:
        """Another department came or went: keep showing the same one (found by identity; the department page may
        also tell us its new index, which then changes nothing)."""
        if self._shown is None:
            return
        index = next((i for i, d in enumerate(self._document.workbook.departments) if d is self._shown), None)
        if index is None:
            self.set_department(None)
            return
        self._follow(index)

    def _follow(self, index: int | None) -> None:
        self._index = index
        for page in self.pages:
            page.model.follow_index(index)
        self.facts.follow_index(index)

    def _revisited(self, changes: tuple[Change, ...]) -> None:
        """Undo / redo of a budget edit of this department: show the tab and the cell it touched."""
        mine = [c for c in changes if isinstance(c, DepartmentChange) and c.index == self._index]
        if not mine or mine[-1].part is not DepartmentPart.BUDGET:
            return
        table = mine[-1].table
        if table is not None and table.startswith("prior:") != self.prior_mode():
            self.set_prior_mode(table.startswith("prior:"))
        if table is not None and table.startswith("prior:"):
            table = table[len("prior:") :]
        if table == "facts":
            self.tabs.setCurrentIndex(FACTS_TAB)
            return
        for number, page in enumerate(self.pages):
            if table in {which.value for which in page.spec.lists}:
                self.tabs.setCurrentIndex(number)
                page.select_touched()
                return
