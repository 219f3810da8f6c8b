"""The tree view and cell delegate of the indicator editor: how 三级 cells are painted, walked and edited by keys.

Tab walks the editable cells only (category rows are skipped), Enter in an open cell commits it and moves to the
same cell of the next 三级 row (one Enter), Enter on the last column of a closed cell asks for a new row, Esc on a
row just added and still empty takes it away again, `>=` `<=` typed in a 指标值 become ≥ ≤ at once, empty cells
show “（未填写）”, and category tints cover the whole row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from desktop.ui.cell_delegate import CommittingDelegate, draw_cell_borders
from desktop.ui.indicators.model import AnyIndex, IndicatorTreeModel
from desktop.ui.indicators.tree import GroupKey

VALUE_FIELDS = ("value", "midterm_value")
PLACEHOLDER = "（未填写）"
# What a clerk types for a comparison, and the sign the form prints (full-width forms come from Chinese IMEs).
_SIGNS: tuple[tuple[str, str], ...] = (
    ("＞＝", "≥"),
    ("＞=", "≥"),
    (">＝", "≥"),
    (">=", "≥"),
    ("＜＝", "≤"),
    ("＜=", "≤"),
    ("<＝", "≤"),
    ("<=", "≤"),
    ("＞", ">"),
    ("＜", "<"),
)


def with_signs(text: str) -> str:
    """`>=` → ≥, `<=` → ≤ (and their full-width spellings), as the clerk types."""
    for typed, sign in _SIGNS:
        text = text.replace(typed, sign)
    return text


def _sign_as_typed(editor: QLineEdit, text: str) -> None:
    fixed = with_signs(text)
    if fixed != text:
        cursor = editor.cursorPosition() - (len(text) - len(fixed))
        editor.setText(fixed)
        editor.setCursorPosition(max(cursor, 0))


class CellDelegate(CommittingDelegate):
    """Plain line editors; reports the text of a 指标值 editor on every keystroke."""

    value_text = Signal(str)
    editing_ended = Signal()
    escaped = Signal()
    """Esc in an open cell: its typing was dropped."""

    def __init__(self, model: IndicatorTreeModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        from desktop.ui.form.widgets import LineEdit  # with the first cell edited: the form's fields import it too

        editor = self.track(LineEdit(parent))  # Ctrl+Z / Ctrl+Y go to the one undo history, as in every form field
        if self._model.field_of(index.column()) in VALUE_FIELDS:
            editor.textEdited.connect(lambda text: _sign_as_typed(editor, text))
            editor.textChanged.connect(self.value_text.emit)
        elif self._model.field_of(index.column()) == "name":
            from desktop.ui.indicators.completion import attach_completer  # with the first name edited

            attach_completer(editor, self._model, index)  # 指标库 suggestions for the row's 二级
        return editor

    def editor_closed(self) -> None:
        self.editing_ended.emit()

    def cell_key(self, editor: QLineEdit, key: int) -> bool:
        if key == Qt.Key.Key_Escape:
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
            self.escaped.emit()
            return True
        return False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        if not self._model.is_leaf(index):
            return
        rect = option.rect
        if not index.data(Qt.ItemDataRole.DisplayRole) and not self._model.read_only:
            painter.save()
            painter.setPen(QColor("#a0a0a0"))
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, PLACEHOLDER)
            painter.restore()
        draw_cell_borders(painter, rect)


class IndicatorTreeView(QTreeView):
    """Tab walks the editable cells (三级 rows only) and then leaves; Enter on the last column asks for a new row."""

    add_below_requested = Signal()

    def attach(self, model: IndicatorTreeModel) -> None:
        """Show `model`; its category rows are spanned across the columns and expanded whenever they appear."""
        self.setModel(model)
        model.modelReset.connect(self._decorate_all)
        model.rowsInserted.connect(self._decorate_inserted)

    def select(self, index: QModelIndex) -> None:
        """Make `index` current, select its row only, and scroll to it."""
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index)

    def move_to_next_row(self) -> None:
        """After Enter in an open cell: the same column of the next 三级 row (category rows skipped)."""
        model = self._model()
        current = self.currentIndex()
        if not model.is_leaf(current):
            return
        rows = model.rows_in_order()
        here = current.siblingAtColumn(0)
        at = next((i for i, r in enumerate(rows) if r == here), len(rows))
        following = next((r for r in rows[at + 1 :] if model.is_leaf(r)), None)
        if following is not None:
            self.select(following.siblingAtColumn(current.column()))

    def select_rows(self, rows: Sequence[tuple[GroupKey, int]]) -> None:
        """Select these 三级 rows; the last one becomes current."""
        model = self._model()
        indexes = [model.leaf_index(k, r) for k, r in rows]
        if not indexes:
            return
        self.select(indexes[-1])
        flags = QItemSelectionModel.SelectionFlag
        for index in indexes[:-1]:
            self.selectionModel().select(index, flags.Select | flags.Rows)

    def _decorate(self, index: QModelIndex) -> None:
        self.setFirstColumnSpanned(index.row(), index.parent(), True)
        self.expand(index)

    def _decorate_all(self) -> None:
        categories = self._model().category_indexes()
        # Expanded first: while the reset's layout is pending, expanding only notes the row. Spanning lays out what is
        # pending, so it comes last: one layout of the tree instead of one more for each row expanded after it.
        for index in categories:
            self.expand(index)
        for index in categories:
            self.setFirstColumnSpanned(index.row(), index.parent(), True)

    def _decorate_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self._model()
        if model.is_leaf(model.index(first, 0, parent)):
            return
        for row in range(first, last + 1):
            index = model.index(row, 0, parent)
            self._decorate(index)
            for child in range(model.rowCount(index)):
                self._decorate(model.index(child, 0, index))

    def _model(self) -> IndicatorTreeModel:
        model = self.model()
        assert isinstance(model, IndicatorTreeModel)
        return model

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab / Shift+Tab: the next or previous 三级 cell, on to the next row (category rows are skipped)."""
        forward = action == QAbstractItemView.CursorAction.MoveNext
        if not forward and action != QAbstractItemView.CursorAction.MovePrevious:
            return super().moveCursor(action, modifiers)
        model = self._model()
        current = self.currentIndex()
        if model.is_leaf(current):
            column = current.column() + (1 if forward else -1)
            if model.is_prior_column(column):  # last year's value is read only: Tab goes past it
                column += 1 if forward else -1
            if 0 <= column < model.columnCount():
                return current.siblingAtColumn(column)
        rows = model.rows_in_order()
        here = current.siblingAtColumn(0)
        step = 1 if forward else -1
        at = next((i for i, r in enumerate(rows) if r == here), -1 if forward else len(rows)) + step
        while 0 <= at < len(rows):
            if model.is_leaf(rows[at]):
                return rows[at].siblingAtColumn(0 if forward else model.columnCount() - 1)
            at += step
        return QModelIndex()

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # The category tint must cover the branch area too, or 一级 rows look like loose headings.
        if index.isValid() and not self._model().is_leaf(index):
            # A brush and drawRect, not fillRect: choosing among fillRect's overloads makes PySide6 build QGradient's
            # enums (170 members) during the window's first paint.
            painter.save()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(index.data(Qt.ItemDataRole.BackgroundRole))
            painter.drawRect(option.rect)
            painter.restore()
        super().drawRow(painter, option, index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        editing = self.state() == QAbstractItemView.State.EditingState
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not editing:
            forward = key == Qt.Key.Key_Tab
            action = QAbstractItemView.CursorAction
            target = self.moveCursor(
                action.MoveNext if forward else action.MovePrevious, Qt.KeyboardModifier.NoModifier
            )
            # Past the last cell (or back from a tree just entered) Tab leaves the tree, as it leaves any field.
            if not target.isValid() or (not forward and not self.currentIndex().isValid()):
                # QWidget's own: the item view's version would send the Tab straight back to us.
                QWidget.focusNextPrevChild(self, forward)
            else:
                self.setCurrentIndex(target)
                self.edit(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing:
            current = self.currentIndex()
            if self._model().is_leaf(current):
                if current.column() == self._model().columnCount() - 1:
                    self.add_below_requested.emit()
                else:
                    self.edit(current)
                event.accept()
                return
        super().keyPressEvent(event)
