"""One budget table as a Qt item model over the nodes of nodes.py.

The model never changes data itself: a committed cell becomes one `EditDepartment` pushed on the document (one undo
step), and the model follows the document's `department_changed` by building the table's nodes again and comparing
them with the shown ones key by key, so that Qt hears of exactly the rows inserted or removed and the cells changed
(never a reset for an edit). `touched` is the first cell that changed, for the editor to select after undo or redo.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.domain.changes import DepartmentChange
from desktop.domain.department import UNIT_KINDS, Budget, Department, MoneyRow, ProcurementRow, Source, SpendingRow
from desktop.domain.department.edits import (
    BudgetEditError,
    BudgetList,
    BudgetRow,
    budget_of,
    check_code,
    parse_amount,
    prior_view,
    rows_of,
    with_budget,
    with_cell,
    with_prior_view,
    with_rows,
)
from desktop.domain.department.paste import parse_source
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.templates.classification import Catalogue, bundled_catalogue
from desktop.ui.department.budget.nodes import Column, Kind, Node, Role, TableSpec, Value
from desktop.ui.department.part import department_at
from desktop.ui.document import WorkbookDocument

AnyIndex = QModelIndex | QPersistentModelIndex
_PARENT_BACKGROUNDS = (QColor("#dfe8f3"), QColor("#eef3f9"))
_TOTAL_BACKGROUND = QColor("#f3ecd9")
_COMPUTED_FOREGROUND = QColor("#555555")
_RISE, _FALL = QColor("#b03a2e"), QColor("#1e7b34")
_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole]


def amount_text(value: Decimal) -> str:
    """ "224.41", "18.00", "0.405": two decimals, more only when the figure has them."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return format(value.normalize(), "f")
    return f"{value:.2f}"


def change_text(value: Value) -> str:
    """ "+58.91", "−3.00", "新增", "0.00"."""
    if not isinstance(value, Decimal):
        return value or ""
    if value > 0:
        return "+" + amount_text(value)
    if value < 0:
        return "−" + amount_text(-value)
    return amount_text(value)


class BudgetTableModel(QAbstractItemModel):
    """The nodes of one `TableSpec` for the department at `index` of the workbook."""

    problem = Signal(str)
    """An edit was refused; the Chinese message says what to change."""
    relocated = Signal(QModelIndex)
    """A committed code moved its row to another place in the tree: the cell where it now is."""
    note = Signal(str)
    """Something the clerk should know about an accepted edit (a code not in the catalogue)."""

    def __init__(self, document: WorkbookDocument, spec: TableSpec, parent: Any = None) -> None:
        super().__init__(parent)
        self._document = document
        self.spec = spec
        self.catalogue: Catalogue = bundled_catalogue()
        self._index: int | None = None
        self._root = Node("", Role.PARENT, {})
        self._retired: list[Node] = []  # removed nodes outlive stale indexes until the next reset
        self.touched: QModelIndex = QModelIndex()
        self.read_only = False
        self.prior_mode = False
        """True while the table shows and edits last year's figures (`budget.prior`)."""
        document.department_changed.connect(self._department_changed)

    # ---------------------------------------------------------------- department

    def department(self) -> Department | None:
        """The shown department as the workbook holds it now."""
        return department_at(self._document.workbook, self._index)

    def shown(self) -> Department | None:
        """The department as the table shows it: with last year's figures in place of this year's in prior mode."""
        department = self.department()
        if department is None or not self.prior_mode:
            return department
        return with_budget(department, prior_view(budget_of(department)))

    def viewed_budget(self) -> Budget:
        """The budget the table edits (last year's figures in prior mode)."""
        department = self.shown()
        return budget_of(department) if department is not None else Budget()

    def edited(self, viewed: Budget) -> Department | None:
        """The shown department with `viewed` (an edited copy of `viewed_budget()`) put back in its place."""
        department = self.department()
        if department is None:
            return None
        if not self.prior_mode:
            return with_budget(department, viewed)
        return with_budget(department, with_prior_view(budget_of(department), viewed, department.year - 1))

    def table_id(self, which: BudgetList) -> str:
        """The change's table: the list, or `prior:<list>` for last year's figures."""
        return f"prior:{which.value}" if self.prior_mode else which.value

    def department_index(self) -> int | None:
        return self._index

    def set_department(self, index: int | None) -> None:
        """Show another department (a reset: everything changes)."""
        self.beginResetModel()
        self._index = index
        department = self.department()
        if department is not None:
            self.catalogue = bundled_catalogue(department.year)
        shown = self.shown()
        self._root.adopt(self.spec.build(shown, self.catalogue) if shown is not None else [])
        self._retired.clear()
        self.endResetModel()

    def follow_index(self, index: int | None) -> None:
        """The department moved in the workbook (another one was added or removed before it): same content."""
        self._index = index

    def refresh(self) -> None:
        """Build the nodes again and tell Qt what differs."""
        shown = self.shown()
        self.touched = QModelIndex()
        new = self.spec.build(shown, self.catalogue) if shown is not None else []
        self._sync(self._root, new, QModelIndex())

    def _department_changed(self, change: DepartmentChange) -> None:
        if change.index != self._index or change.part not in (DepartmentPart.BUDGET, DepartmentPart.WHOLE):
            return
        self.refresh()

    # ---------------------------------------------------------------- following by keys

    def _sync(self, parent: Node, new: list[Node], parent_index: QModelIndex) -> None:
        matcher = SequenceMatcher(None, [n.key for n in parent.children], [n.key for n in new], autojunk=False)
        offset = 0
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for k in range(i2 - i1):
                    self._update(parent.children[i1 + offset + k], new[j1 + k])
                continue
            if i2 > i1:
                first = i1 + offset
                self.beginRemoveRows(parent_index, first, first + i2 - i1 - 1)
                self._retired.extend(parent.children[first : first + i2 - i1])
                del parent.children[first : first + i2 - i1]
                parent.renumber()
                self.endRemoveRows()
                offset -= i2 - i1
            if j2 > j1:
                first = i2 + offset  # where the next unchanged row now is
                self.beginInsertRows(parent_index, first, first + j2 - j1 - 1)
                parent.children[first:first] = new[j1:j2]
                parent.renumber()
                self.endInsertRows()
                if not self.touched.isValid():
                    self.touched = self._index_of(new[j1], self._first_editable(new[j1]))
                offset += j2 - j1

    def _update(self, node: Node, new: Node) -> None:
        """`node` stays (same key or same place): take `new`'s content and announce the cells that differ."""
        changed = [i for i, c in enumerate(self.spec.columns) if node.values.get(c.id) != new.values.get(c.id)]
        node.key, node.values, node.which, node.index = new.key, new.values, new.which, new.index
        node.editable, node.tip, node.role = new.editable, new.tip, new.role
        if changed:
            first, last = self._index_of(node, changed[0]), self._index_of(node, changed[-1])
            self.dataChanged.emit(first, last, _ROLES)
            if not self.touched.isValid() and node.role is Role.LEAF:
                self.touched = self._index_of(node, next((i for i in changed if self._editable(node, i)), changed[0]))
        self._sync(node, new.children, self._index_of(node))

    # ---------------------------------------------------------------- nodes and indexes

    def node(self, index: AnyIndex) -> Node:
        """The node of `index` (the root for the invalid index)."""
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, Node)
            return node
        return self._root

    def _index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is self._root or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        """The cell of `node` in `column`."""
        return self._index_of(node, column)

    def nodes(self) -> list[Node]:
        """Every shown node, top to bottom."""
        return self._root.walk()

    def leaf_index(self, which: BudgetList, position: int, column: int = 0) -> QModelIndex:
        """The cell of row `position` of list `which`."""
        node = next((n for n in self.nodes() if n.which is which and n.index == position and n.role is Role.LEAF), None)
        return QModelIndex() if node is None else self._index_of(node, column)

    def has_rows(self) -> bool:
        """True when the table holds at least one entered row."""
        return any(n.role is Role.LEAF for n in self._root.walk())

    def is_leaf(self, index: AnyIndex) -> bool:
        return index.isValid() and self.node(index).role is Role.LEAF

    def _editable(self, node: Node, column: int) -> bool:
        return node.role is Role.LEAF and self.spec.columns[column].id in node.editable and not self.read_only

    def _first_editable(self, node: Node) -> int:
        return next((i for i in range(len(self.spec.columns)) if self._editable(node, i)), 0)

    def column(self, index: AnyIndex) -> Column:
        return self.spec.columns[index.column()]

    # ---------------------------------------------------------------- QAbstractItemModel

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        return QModelIndex() if up is None or up is self._root else self._index_of(up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.spec.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.spec.columns):
            return None
        column = self.spec.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self.node(index)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.role is not Role.PARENT or not node.children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren if node.role is Role.LEAF else Qt.ItemFlag.NoItemFlags
        if self._editable(node, index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node, column = self.node(index), self.spec.columns[index.column()]
        value = node.values.get(column.id)
        if role == Qt.ItemDataRole.DisplayRole:
            if column.kind is Kind.CHANGE:
                return change_text(value)
            return amount_text(value) if isinstance(value, Decimal) else (value or "")
        if role == Qt.ItemDataRole.EditRole:
            return format(value, "f") if isinstance(value, Decimal) else (value or "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.role is not Role.LEAF:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(node)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column.kind is Kind.CHANGE and isinstance(value, Decimal) and value:
                return QBrush(_RISE if value > 0 else _FALL)
            if column.kind is Kind.COMPUTED and node.role is Role.LEAF:
                return QBrush(_COMPUTED_FOREGROUND)
            if node.tip and column.kind in (Kind.CODE, Kind.NAME):
                return QBrush(QColor("#b35900"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.tip:
                return node.tip
            if column.kind in (Kind.TEXT, Kind.NAME) and isinstance(value, str) and value:
                return value  # the whole text where the column cuts it off
            return column.tip or None
        return None

    def _background(self, node: Node) -> QBrush | None:
        if node.role is Role.TOTAL:
            return QBrush(_TOTAL_BACKGROUND)
        if node.role is Role.PARENT:
            depth, up = 0, node.parent
            while up is not None and up is not self._root:
                depth, up = depth + 1, up.parent
            return QBrush(_PARENT_BACKGROUNDS[min(depth, 1)])
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A committed cell: one `EditDepartment` on the document, or a message saying why not."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        node = self.node(index)
        if not self._editable(node, index.column()) or node.which is None or node.index is None:
            return False
        department = self.department()
        if department is None:
            return False
        column = self.spec.columns[index.column()]
        budget = self.viewed_budget()
        rows = list(rows_of(budget, node.which))
        text = str(value) if value is not None else ""
        try:
            row = self.edited_row(rows[node.index], column, text)
            if row == rows[node.index]:
                return True
            rows[node.index] = row
            after = self.edited(with_rows(budget, node.which, rows))
        except BudgetEditError as exc:
            self.problem.emit(str(exc))
            return False
        assert after is not None
        label = f"修改{'上年' if self.prior_mode else ''}{column.header}"
        table = self.table_id(node.which)
        key = f"{table}:{node.key}:{column.id}"
        self._document.push(EditDepartment(department, after, DepartmentPart.BUDGET, label, table=table, merge_key=key))
        if column.kind is Kind.CODE:
            self.relocated.emit(self.leaf_index(node.which, node.index, self.spec.column(column.id) or 0))
        self._note_unknown_code(column, row)
        return True

    def edited_row(self, row: BudgetRow, column: Column, text: str) -> BudgetRow:
        """`row` with `column` set from the typed `text` (BudgetEditError when it cannot be)."""
        stripped = text.strip()
        if column.kind is Kind.AMOUNT:
            return with_cell(row, column.id, parse_amount(stripped))
        if column.kind is Kind.CODE:
            what = "功能分类科目" if self.spec.code_digits == 7 else "经济分类科目"
            return with_cell(
                row, column.id, check_code(stripped.split(" ")[0] if stripped else "", self.spec.code_digits, what)
            )
        if column.kind is Kind.SOURCE:
            source, carryover = parse_source(stripped) if stripped else (Source.GENERAL, False)
            if isinstance(row, SpendingRow):
                return replace(row, source=source, carryover=carryover)
            if isinstance(row, MoneyRow):
                kind = row.unit_kind if source is Source.UNIT else None
                central = row.central_transfer if source.fiscal else None
                return replace(row, source=source, unit_kind=kind, central_transfer=central)
            return with_cell(row, "source", source)
        if column.kind is Kind.CHOICE:
            if stripped and stripped not in column.choices:
                raise BudgetEditError(f"“{stripped}”不是可选的{column.header}：应为{'、'.join(column.choices)}之一")
            if isinstance(row, ProcurementRow) or column.id != "unit_kind" or stripped in UNIT_KINDS or not stripped:
                return with_cell(row, column.id, stripped or None)
        return with_cell(row, column.id, stripped or None)

    def _note_unknown_code(self, column: Column, row: BudgetRow) -> None:
        if column.kind is not Kind.CODE:
            return
        code = str(getattr(row, column.id))
        name = self.catalogue.function_name(code) if self.spec.code_digits == 7 else self.catalogue.economic_name(code)
        if name is None:
            self.note.emit(
                f"科目 {code} 不在《{self.catalogue.title}》中：已接受，请在“科目名称”中填写名称并核对编码（D19 提示）"
            )
