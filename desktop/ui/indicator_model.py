"""The indicator tree of one project: 一级 → 二级 → 三级, as a Qt item model over plain Python nodes.

Category rows come from the layout's frame (every 二级 of the frame is shown, so a clerk can add under an empty one);
the 三级 rows are the project's indicators. Rows whose 一级/二级 are not in the frame (imported or legacy data) are
shown under category rows made for their names and marked, never dropped.

Every change goes through four primitives (insert, remove, move, set a field) which keep `project.indicators` equal
to the display order. The same primitives exist on `IndicatorTree`, the Qt-free core, so an undo command can still
act on a project the editor is no longer showing. Changes made by a view (cell edits, drops) are turned into undo
commands when the model has an undo stack.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import Enum, auto
from typing import Any, NamedTuple, Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QUndoStack

from desktop.domain.frames import Frame
from desktop.domain.model import INDICATOR_TEXT_FIELDS, Indicator, Project, clean_text
from desktop.templates.layouts import Layout

ROW_MIME = "application/x-jixiao-indicator-rows"
NAME_HEADER = "指标"
NOT_IN_FRAME = "不属于本版式的指标框架"
NO_LEVEL2 = "（未填二级指标）"

_LEVEL1_BACKGROUND = QColor("#dfe8f3")
_LEVEL2_BACKGROUND = QColor("#eef3f9")
_ODD_FOREGROUND = QColor("#c0392b")

AnyIndex = QModelIndex | QPersistentModelIndex


class GroupKey(NamedTuple):
    """Identifies a 二级 row by the names its category rows show (the frame's own names for frame rows)."""

    level1: str
    level2: str | None


class _Kind(Enum):
    ROOT = auto()
    LEVEL1 = auto()
    LEVEL2 = auto()
    LEAF = auto()


@dataclass(eq=False)
class _Node:
    kind: _Kind
    name: str | None = None
    in_frame: bool = True
    indicator: Indicator | None = None
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    row: int = 0  # cached position in parent.children, renumbered by every insert/remove

    def key(self) -> GroupKey:
        assert self.kind is _Kind.LEVEL2 and self.parent is not None and self.parent.name is not None
        return GroupKey(self.parent.name, self.name)

    def add(self, child: _Node, row: int | None = None) -> None:
        position = len(self.children) if row is None else row
        child.parent = self
        self.children.insert(position, child)
        self._renumber(position)

    def take(self, row: int) -> _Node:
        child = self.children.pop(row)
        child.parent = None
        self._renumber(row)
        return child

    def _renumber(self, start: int) -> None:
        for i in range(start, len(self.children)):
            self.children[i].row = i


class IndicatorOps(Protocol):
    """The primitives undo commands call; both the model and the bare tree provide them."""

    def group_size(self, key: GroupKey) -> int: ...
    def indicator(self, key: GroupKey, row: int) -> Indicator: ...
    def insert_indicator(self, key: GroupKey, row: int, indicator: Indicator) -> None: ...
    def remove_indicator(self, key: GroupKey, row: int) -> Indicator: ...
    def move_indicator(
        self, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int, indicator: Indicator | None = None
    ) -> Indicator: ...
    def set_field(self, key: GroupKey, row: int, field_key: str, value: str | None) -> str | None: ...


class IndicatorTree:
    """The category/indicator nodes of one project, without Qt. Every primitive writes the project back."""

    def __init__(self, project: Project | None, frame: Frame | None) -> None:
        self.project = project
        self.frame = frame
        self.root = _Node(_Kind.ROOT)
        if frame is None:
            return
        for l1 in frame.level1s:
            l1_node = _Node(_Kind.LEVEL1, l1.name)
            self.root.add(l1_node)
            for l2 in l1.level2s:
                l1_node.add(_Node(_Kind.LEVEL2, l2.name))
        for indicator in project.indicators if project is not None else []:
            self._group_for(indicator).add(_Node(_Kind.LEAF, indicator=indicator))

    def _group_for(self, indicator: Indicator) -> _Node:
        return self._group_for_names(indicator) or self.add_group(GroupKey(indicator.level1, indicator.level2))

    # ---------------------------------------------------------------- lookups

    def level1_node(self, name: str) -> _Node | None:
        return next((n for n in self.root.children if n.name == name), None)

    def group(self, key: GroupKey) -> _Node | None:
        l1 = self.level1_node(key.level1)
        return None if l1 is None else next((n for n in l1.children if n.name == key.level2), None)

    def groups(self) -> Iterator[_Node]:
        for l1 in self.root.children:
            yield from l1.children

    def leaves(self) -> Iterator[_Node]:
        for group in self.groups():
            yield from group.children

    def indicators(self) -> list[Indicator]:
        return [leaf.indicator for leaf in self.leaves() if leaf.indicator is not None]

    def add_group(self, key: GroupKey) -> _Node:
        """A category row for names outside the frame (marked), after the frame's own rows."""
        l1 = self.level1_node(key.level1)
        if l1 is None:
            l1 = _Node(_Kind.LEVEL1, key.level1, in_frame=False)
            self.root.add(l1)
        group = _Node(_Kind.LEVEL2, key.level2, in_frame=False)
        l1.add(group)
        return group

    def _existing_group(self, key: GroupKey) -> _Node:
        group = self.group(key)
        if group is None:
            raise KeyError(f"no 二级 row {key}")
        return group

    def label_for(self, group: _Node) -> str | None:
        """The 二级 text new rows of `group` get: what its rows already say (an alias stays), else the frame's name."""
        first = next((c.indicator for c in group.children if c.indicator is not None), None)
        return first.level2 if first is not None else group.name

    def relabel(self, indicator: Indicator, group: _Node) -> Indicator:
        """The indicator as it reads once moved under `group` (its 一级/二级 texts follow the row)."""
        assert group.parent is not None and group.parent.name is not None
        if self._group_for_names(indicator) is group:
            return indicator
        return replace(indicator, level1=group.parent.name, level2=self.label_for(group))

    def _group_for_names(self, indicator: Indicator) -> _Node | None:
        if self.frame is not None:
            frame_l1 = self.frame.level1(indicator.level1)
            frame_l2 = frame_l1.level2(indicator.level2) if frame_l1 is not None else None
            if frame_l1 is not None and frame_l2 is not None:
                return self.group(GroupKey(frame_l1.name, frame_l2.name))
        return self.group(GroupKey(indicator.level1, indicator.level2))

    def new_indicator(self, key: GroupKey) -> Indicator:
        """An empty 三级 row for the 二级 `key`."""
        return Indicator(level1=key.level1, level2=self.label_for(self._existing_group(key)))

    @staticmethod
    def check_row(group: _Node, row: int, limit: int) -> None:
        if not 0 <= row <= limit:
            raise IndexError(f"row {row} outside 0..{limit} of {group.name}")

    def write_back(self) -> None:
        if self.project is not None:
            self.project.indicators[:] = self.indicators()

    # ---------------------------------------------------------------- primitives (IndicatorOps)

    def group_size(self, key: GroupKey) -> int:
        group = self.group(key)
        return 0 if group is None else len(group.children)

    def indicator(self, key: GroupKey, row: int) -> Indicator:
        group = self._existing_group(key)
        self.check_row(group, row, len(group.children) - 1)
        leaf = group.children[row].indicator
        assert leaf is not None
        return leaf

    def insert_indicator(self, key: GroupKey, row: int, indicator: Indicator) -> None:
        group = self.group(key) or self.add_group(key)
        self.check_row(group, row, len(group.children))
        group.add(_Node(_Kind.LEAF, indicator=indicator), row)
        self.write_back()

    def remove_indicator(self, key: GroupKey, row: int) -> Indicator:
        old = self.indicator(key, row)
        self._existing_group(key).take(row)
        self.write_back()
        return old

    def move_indicator(
        self, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int, indicator: Indicator | None = None
    ) -> Indicator:
        old = self.indicator(src, src_row)
        source = self._existing_group(src)
        target = self.group(dst) or self.add_group(dst)
        self.check_row(target, dst_row, len(target.children) - (1 if target is source else 0))
        arriving = indicator if indicator is not None else self.relabel(old, target)  # before the row joins target
        node = source.take(src_row)
        target.add(node, dst_row)
        node.indicator = arriving
        self.write_back()
        return old

    def set_field(self, key: GroupKey, row: int, field_key: str, value: str | None) -> str | None:
        old = self.indicator(key, row)
        if field_key not in INDICATOR_TEXT_FIELDS:
            raise KeyError(field_key)
        changes: dict[str, Any] = {field_key: value}
        self._existing_group(key).children[row].indicator = replace(old, **changes)
        self.write_back()
        return getattr(old, field_key)  # type: ignore[no-any-return]


def shown_fields(layout: Layout | None) -> tuple[str, ...]:
    """Indicator fields shown as columns: the name, then the layout's other columns in layout order, once each."""
    keys = ["name"]
    for column in layout.columns if layout is not None else ():
        if column.key not in keys and column.key not in ("level1", "level2"):
            keys.append(column.key)
    return tuple(keys)


def field_label(layout: Layout | None, field_key: str) -> str:
    """The layout's heading for an indicator field (the first column that shows it)."""
    if field_key == "name" or layout is None:
        return "三级指标" if field_key == "name" else field_key
    return next((c.label for c in layout.columns if c.key == field_key), field_key)


class IndicatorTreeModel(QAbstractItemModel):
    """Qt model of the indicator tree of one project for one layout."""

    indicators_changed = Signal()  # after every change to project.indicators made through the model
    reveal_requested = Signal(QModelIndex)  # undo/redo asks the view to show the row it changed
    other_project_changed = Signal(object)  # undo/redo changed a Project that is no longer on screen

    def __init__(
        self,
        project: Project | None = None,
        layout: Layout | None = None,
        undo_stack: QUndoStack | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._undo_stack = undo_stack
        self._project = project
        self._layout = layout
        self._fields = shown_fields(layout)
        self._tree = IndicatorTree(project, layout.frame if layout is not None else None)
        self.read_only = False
        self._batch_depth = 0
        self._batch_dirty = False
        self._retired: list[_Node] = []

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
        self._tree = IndicatorTree(self._project, self._layout.frame if self._layout is not None else None)
        self.endResetModel()
        self._retired.clear()

    def rebuild(self) -> None:
        """Re-read the project after a change made outside the model."""
        self.set_project(self._project, self._layout)

    def fields(self) -> tuple[str, ...]:
        return self._fields

    def column_of(self, field_key: str) -> int | None:
        return self._fields.index(field_key) if field_key in self._fields else None

    def field_of(self, column: int) -> str:
        return self._fields[column]

    # ---------------------------------------------------------------- node helpers

    def _node(self, index: AnyIndex) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)
            return node
        return self._tree.root

    def _index_of(self, node: _Node, column: int = 0) -> QModelIndex:
        if node.kind is _Kind.ROOT:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def is_leaf(self, index: AnyIndex) -> bool:
        return index.isValid() and self._node(index).kind is _Kind.LEAF

    def is_group(self, index: AnyIndex) -> bool:
        """True on a 二级 row."""
        return index.isValid() and self._node(index).kind is _Kind.LEVEL2

    def is_level1(self, index: AnyIndex) -> bool:
        return index.isValid() and self._node(index).kind is _Kind.LEVEL1

    def in_frame(self, index: AnyIndex) -> bool:
        """False for category rows made for names outside the frame, and for the 三级 rows under them."""
        node = self._node(index)
        while node.kind is not _Kind.ROOT and node.in_frame:
            assert node.parent is not None
            node = node.parent
        return node.kind is _Kind.ROOT

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
        if node.kind is _Kind.LEAF:
            assert node.parent is not None
            return node.parent.key()
        return node.key() if node.kind is _Kind.LEVEL2 else None

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
        """Position of a 三级 row in project.indicators (which is the display order)."""
        if not self.is_leaf(index):
            return None
        target = self._node(index)
        return next(i for i, leaf in enumerate(self._tree.leaves()) if leaf is target)

    def index_for_flat(self, flat: int, column: int = 0) -> QModelIndex:
        leaf = next((n for i, n in enumerate(self._tree.leaves()) if i == flat), None)
        return QModelIndex() if leaf is None else self._index_of(leaf, column)

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

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return len(self._fields) if self._layout is not None else 0

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._fields):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return NAME_HEADER if section == 0 else field_label(self._layout, self._fields[section])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        node = self._node(index)
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if node.kind is _Kind.LEAF:
            base |= Qt.ItemFlag.ItemNeverHasChildren
            if not self.read_only:
                base |= Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsDragEnabled
        elif node.kind is _Kind.LEVEL2 and self.in_frame(index) and not self.read_only:
            base |= Qt.ItemFlag.ItemIsDropEnabled
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if node.kind is _Kind.LEAF:
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
            return QBrush(_LEVEL1_BACKGROUND if node.kind is _Kind.LEVEL1 else _LEVEL2_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and odd:
            return QBrush(_ODD_FOREGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and odd:
            return f"{NOT_IN_FRAME}：请把下面的三级指标移到本版式的二级指标下"
        return None

    def _leaf_data(self, node: _Node, column: int, role: int) -> Any:
        indicator = node.indicator
        assert indicator is not None
        text = getattr(indicator, self._fields[column]) or ""
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        """A committed cell edit: one undo command (or a direct write when the model has no undo stack)."""
        position = self.position(index)
        if position is None or role != Qt.ItemDataRole.EditRole or self.read_only:
            return False
        field_key = self._fields[index.column()]
        new = clean_text(str(value) if value is not None else None)
        if getattr(self._tree.indicator(*position), field_key) == new:
            return True
        if self._undo_stack is None:
            self.set_field(*position, field_key, new)
        else:
            from desktop.ui.indicator_commands import EditCellCommand

            self._undo_stack.push(EditCellCommand(self, position[0], position[1], field_key, new))
        return True

    # ---------------------------------------------------------------- drag and drop

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        rows = self.leaf_positions(indexes)
        payload = {"model": id(self), "rows": [[key.level1, key.level2, row] for key, row in rows]}
        mime = QMimeData()
        mime.setData(ROW_MIME, QByteArray(json.dumps(payload, ensure_ascii=False).encode("utf-8")))
        return mime

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

    def _decode(self, data: QMimeData) -> list[tuple[GroupKey, int]] | None:
        if not data.hasFormat(ROW_MIME):
            return None
        try:
            payload = json.loads(bytes(data.data(ROW_MIME).data()).decode("utf-8"))
            if payload.get("model") != id(self):
                return None  # rows dragged from another project's tree are not ours to move
            rows = [(GroupKey(str(l1), l2 if l2 is None else str(l2)), int(r)) for l1, l2, r in payload["rows"]]
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        valid = [(k, r) for k, r in rows if 0 <= r < self._tree.group_size(k)]
        return valid if valid and len(valid) == len(rows) else None

    def drop_target(self, row: int, parent: AnyIndex) -> tuple[GroupKey, int] | None:
        """Where a drop lands: a frame 二级 and a row in it; None for 一级 rows, outside the frame or the viewport."""
        node = self._node(parent)
        if node.kind is _Kind.LEAF:  # dropped onto a 三级 row: just below it
            assert node.parent is not None
            row, node = node.row + 1, node.parent
        if node.kind is not _Kind.LEVEL2 or not self.in_frame(self._index_of(node)):
            return None
        size = len(node.children)
        return node.key(), size if row < 0 or row > size else row

    def canDropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return (
            not self.read_only
            and action == Qt.DropAction.MoveAction
            and self._decode(data) is not None
            and self.drop_target(row, parent) is not None
        )

    def dropMimeData(  # noqa: N802
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged 三级 rows. The rows are moved here; the view's own removal finds no removeRows."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        sources = self._decode(data)
        target = self.drop_target(row, parent)
        assert sources is not None and target is not None
        from desktop.ui.indicator_commands import MoveRowsCommand, plan_moves

        steps = plan_moves(sources, target[0], target[1], self._tree.group_size)
        if not steps:
            return True
        command = MoveRowsCommand(self, steps, MoveRowsCommand.describe(sources, target[0]))
        if self._undo_stack is None:
            command.redo()
        else:
            self._undo_stack.push(command)
        return True

    # ---------------------------------------------------------------- primitives (IndicatorOps), with signals

    def group_size(self, key: GroupKey) -> int:
        return self._tree.group_size(key)

    def indicator(self, key: GroupKey, row: int) -> Indicator:
        return self._tree.indicator(key, row)

    def _ensure_group(self, key: GroupKey) -> _Node:
        group = self._tree.group(key)
        if group is not None:
            return group
        # Undoing a move out of a category row made for odd names, after a rebuild forgot the empty row.
        if self._tree.level1_node(key.level1) is None:
            count = len(self._tree.root.children)
            self.beginInsertRows(QModelIndex(), count, count)
            self._tree.root.add(_Node(_Kind.LEVEL1, key.level1, in_frame=False))
            self.endInsertRows()
        l1 = self._tree.level1_node(key.level1)
        assert l1 is not None
        self.beginInsertRows(self._index_of(l1), len(l1.children), len(l1.children))
        l1.add(_Node(_Kind.LEVEL2, key.level2, in_frame=False))
        self.endInsertRows()
        group = self._tree.group(key)
        assert group is not None
        return group

    def insert_indicator(self, key: GroupKey, row: int, indicator: Indicator) -> None:
        group = self._ensure_group(key)
        IndicatorTree.check_row(group, row, len(group.children))  # before beginInsertRows, never after
        self.beginInsertRows(self._index_of(group), row, row)
        group.add(_Node(_Kind.LEAF, indicator=indicator), row)
        self.endInsertRows()
        self._written()

    def remove_indicator(self, key: GroupKey, row: int) -> Indicator:
        old = self._tree.indicator(key, row)  # checks the position
        group = self._tree.group(key)
        assert group is not None
        self.beginRemoveRows(self._index_of(group), row, row)
        # A stale QModelIndex somewhere must never point at freed memory: removed nodes live until the next reset.
        self._retired.append(group.take(row))
        self.endRemoveRows()
        self._written()
        return old

    def move_indicator(
        self, src: GroupKey, src_row: int, dst: GroupKey, dst_row: int, indicator: Indicator | None = None
    ) -> Indicator:
        old = self._tree.indicator(src, src_row)
        source = self._tree.group(src)
        assert source is not None
        target = self._ensure_group(dst)
        IndicatorTree.check_row(target, dst_row, len(target.children) - (1 if target is source else 0))
        node = source.children[src_row]
        arriving = indicator if indicator is not None else self._tree.relabel(old, target)  # before it joins target
        if target is not source or dst_row != src_row:
            # Qt counts the destination before the row leaves; our dst_row counts after.
            qt_dest = dst_row + 1 if target is source and dst_row > src_row else dst_row
            moved = self.beginMoveRows(self._index_of(source), src_row, src_row, self._index_of(target), qt_dest)
            assert moved, "beginMoveRows refused a checked move"
            target.add(source.take(src_row), dst_row)
            self.endMoveRows()
        node.indicator = arriving
        self._written()
        return old

    def set_field(self, key: GroupKey, row: int, field_key: str, value: str | None) -> str | None:
        old = self._tree.set_field(key, row, field_key, value)
        column = self.column_of(field_key)
        if column is not None:
            cell = self.leaf_index(key, row, column)
            roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole]
            self.dataChanged.emit(cell, cell, roles)
        self._notify()
        return old

    def reveal(self, key: GroupKey, row: int, field_key: str | None = None) -> None:
        column = self.column_of(field_key) if field_key is not None else None
        index = self.leaf_index(key, row, column or 0)
        if index.isValid():
            self.reveal_requested.emit(index)

    def _written(self) -> None:
        self._tree.write_back()
        self._notify()

    def _notify(self) -> None:
        if self._batch_depth:
            self._batch_dirty = True
        else:
            self.indicators_changed.emit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Several primitives that make one user action announce `indicators_changed` once, at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._batch_dirty:
                self._batch_dirty = False
                self.indicators_changed.emit()


def ops_for(model: IndicatorTreeModel, project: Project, layout: Layout) -> IndicatorOps:
    """The model when it shows `project`; otherwise a bare tree over it (the editor has moved to another project)."""
    if model.project is project:
        return model
    return IndicatorTree(project, layout.frame)


def rows_as_text(indicators: Sequence[Indicator], layout: Layout) -> str:
    """What Ctrl+C puts on the clipboard: a heading row, then 一级, 二级, 三级 and the layout's columns, tab-separated.

    The heading row names the columns, so pasting back (and into Excel) never has to guess their order.
    """
    fields = shown_fields(layout)
    lines = ["\t".join(["一级指标", "二级指标", "三级指标"] + [field_label(layout, f) for f in fields[1:]])]
    for ind in indicators:
        cells = [ind.level1, ind.level2 or ""] + [getattr(ind, f) or "" for f in fields]
        lines.append("\t".join(" ".join(c.split()) if any(ch in c for ch in "\t\r\n") else c for c in cells))
    return "\n".join(lines)
