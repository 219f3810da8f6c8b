"""What every editable table of the window does with an open cell: Enter commits at once, typing is never lost.

Qt commits a cell editor on Enter one turn of the event loop later, so a fast next key met the open editor; the
indicator tree and the budget tables therefore commit on Enter themselves, and commit whatever is open before a
save, a print or another page (`commit_open_editor`). Both draw their cells as a table with thin borders.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

_BORDER = QColor("#d9d9d9")


class CommittingDelegate(QStyledItemDelegate):
    """Line-edit cells that commit on Enter (`entered` then lets the view move on)."""

    entered = Signal()
    """Enter in an open cell: it was committed; the view moves on."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._open: QLineEdit | None = None

    def track(self, editor: QLineEdit) -> QLineEdit:
        """Remember `editor` as the open cell (call from createEditor)."""
        self._open = editor
        return editor

    def editor_closed(self) -> None:
        """Called when the open cell's editor goes away; subclasses may announce it."""

    def cell_key(self, editor: QLineEdit, key: int) -> bool:
        """A key other than Enter pressed in the open cell; True when it was handled."""
        return False

    def destroyEditor(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if editor is self._open:
            self._open = None
        self.editor_closed()
        super().destroyEditor(editor, index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QLineEdit)
            and watched is self._open
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commit_open_editor()
                self.entered.emit()
                return True
            if self.cell_key(watched, event.key()):
                return True
        return super().eventFilter(watched, event)

    def commit_open_editor(self) -> None:
        """Commit and close the cell editor that is open (save, print, another page): typing is never lost."""
        editor = self._open
        if editor is not None:
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)  # room to read Chinese and to aim a click


def draw_cell_borders(painter: QPainter, rect: QRect) -> None:
    """The thin bottom and right borders that make rows read as a table of editable cells."""
    painter.save()
    painter.setPen(QPen(_BORDER))
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    painter.drawLine(rect.topRight(), rect.bottomRight())
    painter.restore()
