"""The tree view and cell delegate of the budget tables: how cells are walked, opened, completed and committed.

Tab / Shift+Tab walk the editable cells of entered rows (computed parents, totals and columns are skipped); Enter on
a closed cell opens it, Enter in an open cell commits it and moves to the same column of the next entered row (one
Enter); Esc drops the typing. Amount cells take only what can be part of a number; code cells complete from the
catalogue by code or by name; source, 单位资金类别 and 品目类别 cells complete from their choices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCompleter,
    QLineEdit,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from desktop.templates.classification import Catalogue
from desktop.ui.cell_delegate import CommittingDelegate, draw_cell_borders
from desktop.ui.department.budget.model import AnyIndex, BudgetTableModel
from desktop.ui.department.budget.nodes import Kind, Role
from desktop.ui.form.widgets import LineEdit

_AMOUNT_CHARS = frozenset("0123456789０１２３４５６７８９.．,，- ")


class CellLineEdit(LineEdit):
    """A cell or add-bar editor: Esc is its own (it drops the typing) even where the page binds Esc to "back to the
    list", and Ctrl+Z / Ctrl+Y still reach the one undo history."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers()
        ):
            event.accept()
            return True
        return super().event(event)


class AmountKeys(QValidator):
    """Only what can be part of an amount reaches an amount cell (letters are refused as typed)."""

    def validate(self, text: str, pos: int) -> Any:
        if any(ch not in _AMOUNT_CHARS for ch in text):
            return (QValidator.State.Invalid, text, pos)
        return (QValidator.State.Acceptable, text, pos)


def code_entries(catalogue: Catalogue, digits: int) -> list[str]:
    """ "2101501 行政运行（医疗保障管理事务）": every leaf code of that length with its name and its parent's."""
    names = catalogue.function if digits == 7 else catalogue.economic
    out = []
    for code, name in names.items():
        if len(code) == digits:
            parent = names.get(code[:-2])
            out.append(f"{code} {name}（{parent}）" if parent else f"{code} {name}")
    return out


def code_completer(catalogue: Catalogue, digits: int, parent: QObject) -> QCompleter:
    """Completion of a code by its digits or by any part of its name; the chosen text starts with the code."""
    completer = QCompleter(parent)
    completer.setModel(QStringListModel(code_entries(catalogue, digits), completer))  # owned: Python would free it
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(10)
    return completer


def choice_completer(choices: tuple[str, ...], parent: QObject) -> QCompleter:
    """Completion from a short list of choices (Down shows them all)."""
    completer = QCompleter(list(choices), parent)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


class PopupKeys(QObject):
    """Keys around a completer's list, so that it never swallows the Enter or Tab the editor acts on.

    Down in the editor opens the whole list. In the open list, Enter or Tab takes the highlighted entry (if any),
    closes the list and reaches the editor as if the list had not been there: Enter commits, Tab moves on.
    """

    def __init__(self, completer: QCompleter, editor: QLineEdit) -> None:
        super().__init__(editor)
        self._completer, self._editor = completer, editor
        editor.installEventFilter(self)
        popup = completer.popup()
        if popup is not None:
            popup.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        popup = self._completer.popup()
        key = event.key()
        if self._editor.completer() is not self._completer:
            return False  # the editor has another completer now (the add bar switches tables)
        if watched is self._editor and key == Qt.Key.Key_Down and popup is not None and not popup.isVisible():
            self._completer.setCompletionPrefix(self._editor.text())
            self._completer.complete()
            return True
        if watched is popup and popup is not None and key in _PASS_KEYS:
            current = popup.currentIndex()
            popup.hide()
            if current.isValid():
                self._editor.setText(str(current.data(Qt.ItemDataRole.EditRole)))
            QApplication.sendEvent(self._editor, QKeyEvent(event.type(), key, event.modifiers(), event.text()))
            return True
        return False


_PASS_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class BudgetDelegate(CommittingDelegate):
    """Line editors for every cell kind, committed at once on Enter."""

    def __init__(self, model: BudgetTableModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = CellLineEdit(parent)
        column = self._model.column(index)
        completer: QCompleter | None = None
        if column.numeric:
            editor.setValidator(AmountKeys(editor))
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        elif column.kind is Kind.CODE:
            completer = code_completer(self._model.catalogue, self._model.spec.code_digits, editor)
        elif column.choices:
            completer = choice_completer(column.choices, editor)
        if completer is not None:
            editor.setCompleter(completer)
            PopupKeys(completer, editor)
        return self.track(editor)

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        draw_cell_borders(painter, option.rect)


class BudgetTreeView(QTreeView):
    """Tab walks the editable cells of entered rows and then leaves; Enter opens a cell."""

    def attach(self, model: BudgetTableModel) -> None:
        """Show `model` with every parent expanded whenever it appears."""
        self.setModel(model)
        model.modelReset.connect(self.expandAll)
        model.rowsInserted.connect(lambda parent, first, last: self._expand_inserted(parent, first, last))
        self.expandAll()

    def _expand_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        model = self._model()
        for row in range(first, last + 1):
            index = model.index(row, 0, parent)
            self.expandRecursively(index)

    def _model(self) -> BudgetTableModel:
        model = self.model()
        assert isinstance(model, BudgetTableModel)
        return model

    def select(self, index: QModelIndex) -> None:
        """Make `index` current, select its row, scroll to it."""
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(index)

    def rows_in_order(self) -> list[QModelIndex]:
        """Every row top to bottom (column 0)."""
        model = self._model()
        return [model.index_of(node) for node in model.nodes()]

    def _editable_columns(self, index: QModelIndex) -> list[int]:
        model = self._model()
        return [
            c for c in range(model.columnCount()) if model.flags(index.siblingAtColumn(c)) & Qt.ItemFlag.ItemIsEditable
        ]

    def next_cell(self, current: QModelIndex, forward: bool) -> QModelIndex:
        """The next (or previous) editable cell, on to the next entered row."""
        model = self._model()
        if current.isValid():
            columns = self._editable_columns(current)
            later = [c for c in columns if (c > current.column() if forward else c < current.column())]
            if later:
                return current.siblingAtColumn(later[0] if forward else later[-1])
        rows = self.rows_in_order()
        here = current.siblingAtColumn(0) if current.isValid() else QModelIndex()
        at = next((i for i, r in enumerate(rows) if r == here), -1 if forward else len(rows))
        step = 1 if forward else -1
        at += step
        while 0 <= at < len(rows):
            columns = self._editable_columns(rows[at])
            if model.is_leaf(rows[at]) and columns:
                return rows[at].siblingAtColumn(columns[0] if forward else columns[-1])
            at += step
        return QModelIndex()

    def move_to_next_row(self) -> None:
        """After Enter in an open cell: the same column of the next entered row."""
        current = self.currentIndex()
        rows = self.rows_in_order()
        here = current.siblingAtColumn(0)
        at = next((i for i, r in enumerate(rows) if r == here), len(rows))
        model = self._model()
        following = next((r for r in rows[at + 1 :] if model.is_leaf(r)), None)
        if following is not None:
            self.select(following.siblingAtColumn(current.column()))

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Tab / Shift+Tab out of an open cell: the next editable cell (computed ones are skipped)."""
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self.next_cell(self.currentIndex(), True)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self.next_cell(self.currentIndex(), False)
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        editing = self.state() == QAbstractItemView.State.EditingState
        plain = not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not editing and plain:
            forward = key == Qt.Key.Key_Tab
            target = self.next_cell(self.currentIndex(), forward)
            if not target.isValid():
                QWidget.focusNextPrevChild(self, forward)
            else:
                self.select(target)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not editing and plain:
            current = self.currentIndex()
            if current.isValid() and self.model().flags(current) & Qt.ItemFlag.ItemIsEditable:
                self.edit(current)
                event.accept()
                return
        super().keyPressEvent(event)

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        # A parent's tint covers the branch area too, so 类 and 款 rows read as headings of their block.
        node = self._model().node(index) if index.isValid() else None
        if node is not None and node.role is not Role.LEAF:
            brush = index.data(Qt.ItemDataRole.BackgroundRole)
            if brush is not None:
                painter.fillRect(option.rect, brush)
        super().drawRow(painter, option, index)
