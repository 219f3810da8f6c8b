"""One tab of the budget editor: a table's model, view and delegate, and the row actions on it (add, delete, paste).

Every action is one `EditDepartment` of the budget (one undo step); the model follows the document and the page
selects the row the action made or left.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QVBoxLayout, QWidget

from desktop.domain.department import BasicRow, Budget, Source, SpendingRow
from desktop.domain.department.edits import (
    BudgetEditError,
    BudgetList,
    BudgetRow,
    insert_row,
    merge_rows,
    remove_rows,
    rows_of,
)
from desktop.domain.department.paste import parse_paste
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.budget.model import BudgetTableModel
from desktop.ui.department.budget.nodes import Kind, Node, Role, TableSpec, blank_row
from desktop.ui.department.budget.view import BudgetDelegate, BudgetTreeView
from desktop.ui.document import OperationCommand, WorkbookDocument


class TablePage(QWidget):
    """The tree of one `TableSpec`, with the actions the editor's toolbar and keys call."""

    message = Signal(str, bool)
    """(text, is a problem): what the editor's message line shows."""

    def __init__(self, document: WorkbookDocument, spec: TableSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self.spec = spec
        self.model = BudgetTableModel(document, spec, self)
        self.view = BudgetTreeView(self)
        self.view.attach(self.model)
        self.delegate = BudgetDelegate(self.model, self.view)
        self.view.setItemDelegate(self.delegate)
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        view.setUniformRowHeights(True)
        view.setIndentation(14)
        view.setRootIsDecorated(spec.tree)  # a flat list wastes no room on branch marks
        view.setAllColumnsShowFocus(True)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = view.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        for column, spec_column in enumerate(spec.columns):
            header.resizeSection(column, spec_column.width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)
        self.model.problem.connect(lambda text: self.message.emit(text, True))
        self.model.note.connect(lambda text: self.message.emit(text, False))
        self.delegate.entered.connect(self.view.move_to_next_row)
        self.delegate.closeEditor.connect(self._editor_closed)
        self.model.relocated.connect(self.view.select)
        self._just_added: BudgetRow | None = None

    # ---------------------------------------------------------------- department

    def set_department(self, index: int | None) -> None:
        self.delegate.commit_open_editor()
        self.model.set_department(index)

    def set_prior_mode(self, on: bool) -> None:
        """Show last year's figures (their own 上年/增减 columns hidden: there is no year before to compare with)."""
        self.delegate.commit_open_editor()
        self.model.prior_mode = on
        self.model.set_department(self.model.department_index())
        for column in ("prior", "change"):
            at = self.spec.column(column)
            if at is not None:
                self.view.setColumnHidden(at, on)

    def current_node(self) -> Node | None:
        index = self.view.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def current_list(self) -> BudgetList:
        """The list the current row belongs to (a money group's, or the page's only list)."""
        node = self.current_node()
        if node is not None and node.which is not None:
            return node.which
        return self.spec.lists[0]

    def push_budget(self, label: str, which: BudgetList, budget: Budget) -> bool:
        """Put `budget` in the shown department as one undo step."""
        department = self.model.department()
        if department is None or self.model.read_only:
            return False
        if budget == self.model.viewed_budget():
            return False
        try:
            after = self.model.edited(budget)
        except BudgetEditError as exc:
            self.message.emit(str(exc), True)
            return False
        assert after is not None
        table = self.model.table_id(which)
        self._document.push(EditDepartment(department, after, DepartmentPart.BUDGET, label, table=table))
        return True

    # ---------------------------------------------------------------- rows

    def add_row(self, code: str | None = None, name: str | None = None) -> bool:
        """A new row: with `code` in the spending and basic tables (below its 款), else below the current row."""
        department = self.model.department()
        if department is None or self.model.read_only:
            return False
        which = self.current_list()
        budget = self.model.viewed_budget()
        node = self.current_node()
        rows = rows_of(budget, which)
        if which in (BudgetList.SPENDING, BudgetList.BASIC):
            assert code is not None
            source, carryover = self._current_source(node)
            row = blank_row(which, code, source, carryover)
            if name and isinstance(row, SpendingRow | BasicRow):
                row = replace(row, name=name)
            at = len(rows)
        else:
            row = blank_row(which)
            at = node.index + 1 if node is not None and node.which is which and node.index is not None else len(rows)
        assert isinstance(row, BudgetRow)
        try:
            budget = insert_row(budget, which, at, row)
        except BudgetEditError as exc:
            self.message.emit(str(exc), True)
            self._select_existing(which, row)
            return False
        self.push_budget(f"新增{which.label}行", which, budget)
        self._just_added = row
        target = self.model.leaf_index(which, at)
        if target.isValid():
            node = self.model.node(target)
            column = self._first_cell(node, coded=which in (BudgetList.SPENDING, BudgetList.BASIC))
            self.view.select(target.siblingAtColumn(column))
            self.view.edit(target.siblingAtColumn(column))
        return True

    def _editor_closed(self, _editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Esc in the first cell of a row just added and still empty: the row goes again, with its undo step."""
        blank, self._just_added = self._just_added, None
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache or blank is None:
            return
        node = self.current_node()
        department = self.model.department()
        if node is None or node.which is None or node.index is None or department is None:
            return
        rows = rows_of(self.model.viewed_budget(), node.which)
        if node.index >= len(rows) or rows[node.index] is not blank:
            return
        stack = self._document.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if isinstance(top, OperationCommand) and isinstance(top.operation, EditDepartment):
            if top.operation.after is department:
                top.forget_on_undo()  # no 重做 left for a row that was never meant to be
                stack.undo()

    def _first_cell(self, node: Node, coded: bool) -> int:
        """Where typing starts in a new row: the name of a code the catalogue lacks, the first amount of a coded row,
        the first cell of any other."""
        columns = self.spec.columns
        if coded and "name" in node.editable and not node.values.get("name"):
            return self.spec.column("name") or 0
        wanted = [i for i, c in enumerate(columns) if c.id in node.editable and (not coded or c.kind is Kind.AMOUNT)]
        return wanted[0] if wanted else 0

    def _current_source(self, node: Node | None) -> tuple[Source, bool]:
        department = self.model.department()
        if node is not None and node.which is BudgetList.SPENDING and node.index is not None and department is not None:
            row = self.model.viewed_budget().spending[node.index]
            assert isinstance(row, SpendingRow)
            return row.source, row.carryover
        return Source.GENERAL, False

    def _select_existing(self, which: BudgetList, row: object) -> None:
        code = getattr(row, "function", None) or getattr(row, "economic", None)
        for node in self.model.nodes():
            if node.which is which and node.role is Role.LEAF and code == node.key.split("|")[0]:
                self.view.select(self.model.index_of(node, 0))
                return

    def selected_leaves(self) -> list[Node]:
        rows = {id(self.model.node(i)): self.model.node(i) for i in self.view.selectionModel().selectedRows()}
        return [n for n in rows.values() if n.role is Role.LEAF]

    def delete_rows(self) -> bool:
        """Delete the selected entered rows (computed rows cannot be deleted: they go with their leaves)."""
        leaves = self.selected_leaves()
        department = self.model.department()
        if not leaves or department is None or self.model.read_only:
            if not leaves:
                self.message.emit("请选择要删除的明细行：类、款和合计行由明细计算，随明细删除", True)
            return False
        by_list: dict[BudgetList, list[int]] = defaultdict(list)
        for node in leaves:
            assert node.which is not None and node.index is not None
            by_list[node.which].append(node.index)
        rows_before = self.view.rows_in_order()
        first = min(rows_before.index(self.model.index_of(n)) for n in leaves)
        budget = self.model.viewed_budget()
        for which, indexes in by_list.items():
            budget = remove_rows(budget, which, indexes)
        count = len(leaves)
        label = f"删除{count}行" if count > 1 else "删除一行"
        self.push_budget(label, next(iter(by_list)), budget)
        rows = self.view.rows_in_order()
        leaves_after = [r for r in rows[first:] if self.model.is_leaf(r)] or [r for r in rows if self.model.is_leaf(r)][
            -1:
        ]
        if leaves_after:
            self.view.select(leaves_after[0])
        return True

    def copy_text(self) -> str:
        """The selected rows as tab-separated text under a heading row (Excel, WPS and our own paste read it)."""
        chosen = {id(self.model.node(i)) for i in self.view.selectionModel().selectedRows()}
        columns = range(self.model.columnCount())
        lines = ["\t".join(c.header for c in self.spec.columns)]
        for node in self.model.nodes():
            if id(node) in chosen:
                cells = (self.model.index_of(node, c).data(Qt.ItemDataRole.DisplayRole) for c in columns)
                lines.append("\t".join(" ".join(str(cell).split()) for cell in cells))
        return "\n".join(lines) if len(lines) > 1 else ""

    def paste(self, text: str) -> str | None:
        """Pasted tab-separated text into the current list: one undo step; the Chinese report when lines are refused
        (then nothing is applied), or None."""
        department = self.model.department()
        if department is None or self.model.read_only:
            return None
        which = self.current_list()
        source, carryover = self._current_source(self.current_node())
        result = parse_paste(which, text, source=source, carryover=carryover)
        if result.problems:
            return "以下内容无法读取，没有粘贴任何一行；请改正后重新复制粘贴：\n" + result.report()
        budget = self.model.viewed_budget()
        try:
            budget, added, replaced = merge_rows(budget, which, result.rows)
        except BudgetEditError as exc:
            return f"没有粘贴：{exc}"
        parts = [f"新增 {added} 行" if added else "", f"更新 {replaced} 行" if replaced else ""]
        summary = "，".join(p for p in parts if p) or "没有变化"
        skipped = f"（跳过 {result.skipped} 行类、款或合计：它们由明细计算）" if result.skipped else ""
        self.push_budget(f"粘贴{which.label} {added + replaced} 行", which, budget)
        self.message.emit(f"已粘贴：{summary}{skipped}", False)
        pasted = [self.model.index_of(n) for n in self.model.nodes() if n.which is which and n.role is Role.LEAF]
        if pasted:
            self.view.select(pasted[-1])
        return None

    def select_touched(self) -> None:
        """After undo or redo: the cell that changed."""
        target = self.model.touched
        if target.isValid():
            self.view.select(target)

    def select(self, index: QModelIndex) -> None:
        self.view.select(index)
