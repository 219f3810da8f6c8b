"""Dragging 三级 rows inside one indicator tree: the mime payload, where a drop lands, and the move it makes.

A mixin of IndicatorTreeModel (it uses the model's nodes); the move itself is a domain operation handed to the
document, so a drop is undone like any other move.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from desktop.ui.indicators.edits import describe_move, move_rows, plan_moves
from desktop.ui.indicators.tree import GroupKey, IndicatorTree, Node, NodeKind

if TYPE_CHECKING:
    from desktop.domain.operations import Operation

ROW_MIME = "application/x-jixiao-indicator-rows"

AnyIndex = QModelIndex | QPersistentModelIndex


class RowDragMixin:
    """Drag and drop of 三级 rows for IndicatorTreeModel (the first base, so Qt finds these overrides)."""

    if TYPE_CHECKING:
        read_only: bool
        _tree: IndicatorTree

        def _node(self, index: AnyIndex) -> Node: ...
        def _index_of(self, node: Node, column: int = 0) -> QModelIndex: ...
        def in_frame(self, index: AnyIndex) -> bool: ...
        def leaf_positions(self, indexes: Sequence[AnyIndex]) -> list[tuple[GroupKey, int]]: ...
        def push(self, operation: Operation) -> None: ...

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [ROW_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = self.leaf_positions(indexes)
        payload = {"model": id(self), "rows": [[key.level1, key.level2, row] for key, row in rows]}
        mime = QMimeData()
        mime.setData(ROW_MIME, QByteArray(json.dumps(payload, ensure_ascii=False).encode("utf-8")))
        return mime

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
        if node.kind is NodeKind.LEAF:  # dropped onto a 三级 row: just below it
            assert node.parent is not None
            row, node = node.row + 1, node.parent
        if node.kind is not NodeKind.LEVEL2 or not self.in_frame(self._index_of(node)):
            return None
        size = len(node.children)
        return node.key(), size if row < 0 or row > size else row

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        return (
            not self.read_only
            and action == Qt.DropAction.MoveAction
            and self._decode(data) is not None
            and self.drop_target(row, parent) is not None
        )

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        """Move the dragged 三级 rows. The rows are moved here; the view's own removal finds no removeRows."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        sources = self._decode(data)
        target = self.drop_target(row, parent)
        assert sources is not None and target is not None
        steps = plan_moves(sources, target[0], target[1], self._tree.group_size)
        if steps:
            self.push(move_rows(self._tree, steps, describe_move(sources, target[0])))
        return True
