"""The indicator tree of one project as a Qt item model over the Qt-free nodes of tree.py.

The model never changes data: a cell edit or a drop becomes a domain operation handed to the document, and the model
follows the document's `indicators_changed` (one row inserted, removed, moved or edited) with the exact row signals.
Dragging rows is in drag.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from desktop.domain.model import Indicator, Project, clean_text
from desktop.domain.parts import IndicatorField, RowChangeKind
from desktop.templates.layouts import Layout
from desktop.ui.document import WorkbookDocument
from desktop.ui.indicators.drag import RowDragMixin
from desktop.ui.indicators.edits import edit_cell
from desktop.ui.indicators.tree import (
    GroupKey,
    IndicatorTree,
    Node,
    NodeKind,
    field_label,
    shown_fields,
)

if TYPE_CHECKING:
    from desktop.domain.changes import ProjectChange, RowChange
    from desktop.domain.operations import Operation

NAME_HEADER = "指标"
PRIOR_FIELD = "prior_value"
PRIOR_HEADER = "上年指标值"
_PRIOR_FOREGROUND = QColor("#666666")
NOT_IN_FRAME = "不属于本版式的指标框架"
NO_LEVEL2 = "（未填二级指标）"

_LEVEL1_BACKGROUND = QColor("#dfe8f3")
_LEVEL2_BACKGROUND = QColor("#eef3f9")
_ODD_FOREGROUND = QColor("#c0392b")
_TEXT_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole]

AnyIndex = QModelIndex | QPersistentModelIndex


class IndicatorTreeModel(RowDragMixin, QAbstractItemModel):
    """Qt model of the indicator tree of one project for one layout."""

    rows_changed = Signal()
    """The shown project's indicators changed (after the row signals)."""

    def __init__(
        self,
        document: WorkbookDocument,
        project: Project | None = None,
        layout: Layout | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._project: Project | None = None
        self._layout: Layout | None = None
        self._fields: tuple[str, ...] = ()
        self._tree = IndicatorTree(None, None)
        self.read_only = False
        self._retired: list[Node] = []
        self.set_project(project, layout)
        document.indicators_changed.connect(self._document_changed)

    # ---------------------------------------------------------------- project

    @property
    def project(self) -> Project | None:
        return self._project

    @property
    def layout(self) -> Layout | None:
        return self._layout

    @property
    def tree(self) -> IndicatorTree:
        return self._tree

    def set_project(self, project: Project | None, layout: Layout | None) -> None:
        """Show another project (a model reset: the whole content changes)."""
        self.beginResetModel()
        self._project, self._layout = (project, layout) if project is not None and layout is not None else (None, None)
        self._fields = shown_fields(self._layout)
        if self._project is not None and any(i.prior_value for i in self._project.indicators):
            self._fields = _with_prior_column(self._fields)
        self._tree = IndicatorTree(self._project, self._layout.frame if self._layout is not None else None)
        self.endResetModel()
        self._retired.clear()

    @property
    def document(self) -> WorkbookDocument:
        return self._document

    def fields(self) -> tuple[str, ...]:
        return self._fields

    def column_of(self, field_key: str) -> int | None:
        return self._fields.index(field_key) if field_key in self._fields else None

    def field_of(self, column: int) -> str:
        return self._fields[column]

    # ---------------------------------------------------------------- node helpers

    def _node(self, index: AnyIndex) -> Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, Node)
            return node
        return self._tree.root

    def _index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node.kind is NodeKind.ROOT:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def is_leaf(self, index: AnyIndex) -> bool:
        return index.isValid() and self._node(index).kind is NodeKind.LEAF

    def is_group(self, index: AnyIndex) -> bool:
        """True on a 二级 row."""
        return index.isValid() and self._node(index).kind is NodeKind.LEVEL2

    def is_level1(self, index: AnyIndex) -> bool:
        return index.isValid() and self._node(index).kind is NodeKind.LEVEL1

    def in_frame(self, index: AnyIndex) -> bool:
        """False for category rows made for names outside the frame, and for the 三级 rows under them."""
        node = self._node(index)
        while node.kind is not NodeKind.ROOT and node.in_frame:
            assert node.parent is not None
            node = node.parent
        return node.kind is NodeKind.ROOT

    def indicator_at(self, index: AnyIndex) -> Indicator | None:
        return self._node(index).indicator if self.is_leaf(index) else None

    def position(self, index: AnyIndex) -> tuple[GroupKey, int] | None:
        """(二级 key, row) of a 三级 row."""
        if not self.is_leaf(index):
            return None
        node = self._node(index)
        assert node.parent is not None
        return node.parent.key(), node.row

    def group_key(self, index: AnyIndex) -> GroupKey | None:
        """The 二级 of a 二级 row or of a 三级 row."""
        node = self._node(index)
        if node.kind is NodeKind.LEAF:
            assert node.parent is not None
            return node.parent.key()
        return node.key() if node.kind is NodeKind.LEVEL2 else None

    def group_index(self, key: GroupKey) -> QModelIndex:
        group = self._tree.group(key)
        return QModelIndex() if group is None else self._index_of(group)

    def leaf_index(self, key: GroupKey, row: int, column: int = 0) -> QModelIndex:
        group = self._tree.group(key)
        if group is None or not 0 <= row < len(group.children):
            return QModelIndex()
        return self._index_of(group.children[row], column)

    def frame_groups(self) -> list[GroupKey]:
        """The frame's 二级 rows (the only places a 三级 may go), in display order."""
        return [g.key() for g in self._tree.groups() if g.in_frame and g.parent is not None and g.parent.in_frame]

    def flat_index(self, index: AnyIndex) -> int | None:
        """Position of a 三级 row in project.indicators."""
        position = self.position(index)
        return None if position is None else self._tree.placement().index(self._tree.rows(), *position)

    def index_for_flat(self, flat: int, column: int = 0) -> QModelIndex:
        """The cell of project.indicators[flat]."""
        position = self.position_of_index(flat)
        return QModelIndex() if position is None else self.leaf_index(*position, column)

    def rows_in_order(self) -> list[QModelIndex]:
        """Every row (category and 三级) from top to bottom, column 0."""
        out = []
        for l1 in self._tree.root.children:
            out.append(self._index_of(l1))
            for group in l1.children:
                out.append(self._index_of(group))
                out.extend(self._index_of(leaf) for leaf in group.children)
        return out

    def category_indexes(self) -> list[QModelIndex]:
        """Every 一级 and 二级 row (for spanning and expanding them in the view)."""
        out = []
        for l1 in self._tree.root.children:
            out.append(self._index_of(l1))
            out.extend(self._index_of(g) for g in l1.children)
        return out

    # ---------------------------------------------------------------- QAbstractItemModel

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self._node(parent).children[row])

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        return QModelIndex() if up is None else self._index_of(up)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._fields) if self._layout is not None else 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._fields):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if self._fields[section] == PRIOR_FIELD:
                return PRIOR_HEADER
            return NAME_HEADER if section == 0 else field_label(self._layout, self._fields[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.kind is NodeKind.LEAF:
            base |= Qt.ItemFlag.ItemNeverHasChildren
            if not self.read_only:
                base |= Qt.ItemFlag.ItemIsDragEnabled
                if not self.is_prior_column(index.column()):
                    base |= Qt.ItemFlag.ItemIsEditable
        elif node.kind is NodeKind.LEVEL2 and self.in_frame(index) and not self.read_only:
            base |= Qt.ItemFlag.ItemIsDropEnabled
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if node.kind is NodeKind.LEAF:
            return self._leaf_data(node, index.column(), role)
        if index.column() != 0:
            return None
        odd = not self.in_frame(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.name if node.name is not None else NO_LEVEL2
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return _LEVEL1_BACKGROUND if node.kind is NodeKind.LEVEL1 else _LEVEL2_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole and odd:
            return _ODD_FOREGROUND
        if role == Qt.ItemDataRole.ToolTipRole and odd:
            return f"{NOT_IN_FRAME}：请把下面的三级指标移到本版式的二级指标下"
        return None

    def _leaf_data(self, node: Node, column: int, role: int) -> Any:
        indicator = node.indicator
        assert indicator is not None
        text = getattr(indicator, self._fields[column]) or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            if self._fields[column] == PRIOR_FIELD:
                return f"上年指标值（年度结转时保留，只供对照，不打印）：{text}" if text else None
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole and self._fields[column] == PRIOR_FIELD:
            return _PRIOR_FOREGROUND
        return None

    def is_prior_column(self, column: int) -> bool:
        """True for the read-only 上年指标值 column (last year's value, kept by 年度结转)."""
        return 0 <= column < len(self._fields) and self._fields[column] == PRIOR_FIELD

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A committed cell edit: one operation on the document (one undo step)."""
        position = self.position(index)
        if position is None or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        field_key = self._fields[index.column()]
        if field_key == PRIOR_FIELD:
            return False  # last year's value is shown, never typed over
        new = clean_text(str(value) if value is not None else None)
        if getattr(self._tree.indicator(*position), field_key) == new:
            return True
        label = "三级指标" if field_key == "name" else field_label(self._layout, field_key)
        self.push(edit_cell(self._tree, *position, IndicatorField(field_key), new, label))
        return True

    def push(self, operation: Operation) -> None:
        """Hand an edit of the shown project to the document."""
        self._document.push(operation)

    def leaf_positions(self, indexes: Sequence[AnyIndex]) -> list[tuple[GroupKey, int]]:
        """Distinct 三级 rows among `indexes`, in display order."""
        nodes = {id(self._node(i)): self._node(i) for i in indexes if self.is_leaf(i)}
        order = {id(leaf): n for n, leaf in enumerate(self._tree.leaves())}
        picked = sorted(nodes.values(), key=lambda n: order[id(n)])
        out = []
        for node in picked:
            assert node.parent is not None
            out.append((node.parent.key(), node.row))
        return out

    def group_size(self, key: GroupKey) -> int:
        return self._tree.group_size(key)

    def indicator(self, key: GroupKey, row: int) -> Indicator:
        return self._tree.indicator(key, row)

    def position_of_index(self, index: int) -> tuple[GroupKey, int] | None:
        """(二级, row) of `project.indicators[index]`."""
        rows = self._tree.rows()
        return self._tree.placement().position(rows, index) if 0 <= index < len(rows) else None

    # ---------------------------------------------------------------- following the document

    def _document_changed(self, change: ProjectChange) -> None:
        if change.project is not self._project or change.rows is None:
            return
        rows = change.rows
        if rows.kind is RowChangeKind.INSERTED:
            self._inserted(rows.index)
        elif rows.kind is RowChangeKind.REMOVED:
            self._removed(rows)
        elif rows.kind is RowChangeKind.MOVED:
            self._moved(rows)
        elif rows.kind is RowChangeKind.EDITED:
            self._edited(rows)
        else:
            self.set_project(self._project, self._layout)
        self.rows_changed.emit()

    def _ensure_group(self, key: GroupKey) -> Node:
        group = self._tree.group(key)
        if group is not None:
            return group
        # A row whose 一级/二级 is outside the frame comes back (undo): its category row is made again, marked.
        if self._tree.level1_node(key.level1) is None:
            count = len(self._tree.root.children)
            self.beginInsertRows(QModelIndex(), count, count)
            self._tree.root.add(Node(NodeKind.LEVEL1, key.level1, in_frame=False))
            self.endInsertRows()
        l1 = self._tree.level1_node(key.level1)
        assert l1 is not None
        self.beginInsertRows(self._index_of(l1), len(l1.children), len(l1.children))
        l1.add(Node(NodeKind.LEVEL2, key.level2, in_frame=False))
        self.endInsertRows()
        group = self._tree.group(key)
        assert group is not None
        return group

    def _inserted(self, index: int) -> None:
        rows = self._tree.rows()
        key, row = self._tree.placement().position(rows, index)
        group = self._ensure_group(key)
        self.beginInsertRows(self._index_of(group), row, row)
        group.add(Node(NodeKind.LEAF, indicator=rows[index]), row)
        self.endInsertRows()

    def _removed(self, change: RowChange) -> None:
        assert change.before is not None
        rows = self._tree.rows()
        placement = self._tree.placement()
        key = placement.key(change.before)
        row = sum(1 for r in rows[: change.index] if placement.key(r) == key)  # rows before it did not move
        group = self._tree.group(key)
        assert group is not None
        self.beginRemoveRows(self._index_of(group), row, row)
        # A stale QModelIndex somewhere must never point at freed memory: removed nodes live until the next reset.
        self._retired.append(group.take(row))
        self.endRemoveRows()

    def _moved(self, change: RowChange) -> None:
        assert change.before is not None
        rows = self._tree.rows()
        placement = self._tree.placement()
        before = rows[: change.to] + rows[change.to + 1 :]
        before.insert(change.index, change.before)
        src_key, src_row = placement.position(before, change.index)
        dst_key, dst_row = placement.position(rows, change.to)
        source = self._tree.group(src_key)
        assert source is not None
        target = self._ensure_group(dst_key)
        node = source.children[src_row]
        if target is not source or dst_row != src_row:
            # Qt counts the destination before the row leaves; dst_row counts after.
            qt_dest = dst_row + 1 if target is source and dst_row > src_row else dst_row
            moved = self.beginMoveRows(self._index_of(source), src_row, src_row, self._index_of(target), qt_dest)
            assert moved, "beginMoveRows refused a checked move"
            target.add(source.take(src_row), dst_row)
            self.endMoveRows()
        node.indicator = rows[change.to]
        first, last = self._index_of(node, 0), self._index_of(node, max(self.columnCount() - 1, 0))
        self.dataChanged.emit(first, last, _TEXT_ROLES)

    def _edited(self, change: RowChange) -> None:
        rows = self._tree.rows()
        key, row = self._tree.placement().position(rows, change.index)
        group = self._tree.group(key)
        assert group is not None
        node = group.children[row]
        node.indicator = rows[change.index]
        column = self.column_of(change.field.value) if change.field is not None else None
        if column is not None:
            cell = self._index_of(node, column)
            self.dataChanged.emit(cell, cell, _TEXT_ROLES)


def _with_prior_column(fields: tuple[str, ...]) -> tuple[str, ...]:
    """The shown fields with 上年指标值 right after 指标值, so last year's value stands beside this year's."""
    if "value" not in fields:
        return (*fields, PRIOR_FIELD)
    at = fields.index("value") + 1
    return (*fields[:at], PRIOR_FIELD, *fields[at:])
