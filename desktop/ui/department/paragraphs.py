"""An editor for a list of numbered paragraphs (主要职责, 工作任务, 总体绩效目标, 分项绩效目标, 保障措施).

The list on the left numbers the paragraphs by their title or first words; the fields on the right edit the one
selected. Add (Insert, 添加), remove (Delete, 删除), move (Ctrl+↑ / Ctrl+↓). The widget changes nothing itself: it
says what the list should become (`edited`), with a merge key while the clerk types in one field of one paragraph, so
the page turns it into one EditDepartment and typing on is one undo step. `set_items` shows the list as it now is
(after the edit, an undo, a redo) without disturbing the cursor in a field whose text did not change.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.form.widgets import LineEdit

Item = tuple[str | None, ...]
"""One paragraph as the texts of its fields, in field order (None: empty)."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of a paragraph: its label and whether it takes several lines."""

    label: str
    multiline: bool = True


class PlainText(QPlainTextEdit):
    """A text box that leaves Ctrl+Z / Ctrl+Y to the window (one undo history) and lets Tab move on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            event.ignore()
            return False
        return super().event(event)


class _List(QListWidget):
    """Insert adds, Delete removes, Ctrl+↑/↓ move, Enter goes to the paragraph's first field."""

    add_requested = Signal()
    remove_requested = Signal()
    move_requested = Signal(int)
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Insert:
            self.add_requested.emit()
        elif key == Qt.Key.Key_Delete:
            self.remove_requested.emit()
        elif ctrl and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
        else:
            super().keyPressEvent(event)


class ParagraphList(QWidget):
    """A titled list of paragraphs with the selected one's fields beside it."""

    edited = Signal(object, object, str)
    """(the new tuple of items, merge key or None, undo text)."""

    def __init__(self, title: str, fields: tuple[FieldSpec, ...], key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._fields = fields
        self._key = key
        self._items: tuple[Item, ...] = ()
        self._loading = False
        self.read_only = False
        self.list = _List(self)
        self.list.setObjectName(f"{key}_list")
        self.list.setMinimumWidth(200)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumHeight(self.list.fontMetrics().height() * 6 + 12)
        self.list.setAccessibleName(title)
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.list.add_requested.connect(self.add)
        self.list.remove_requested.connect(self.remove)
        self.list.move_requested.connect(self.move_current)
        self.list.enter_pressed.connect(self.focus_first_field)
        self.add_button = QPushButton("添加", self)
        self.add_button.setToolTip(f"在所选之后添加一条{title}（Insert）")
        self.remove_button = QPushButton("删除", self)
        self.remove_button.setToolTip("删除所选一条（Delete）")
        self.up_button = QPushButton("上移", self)
        self.up_button.setToolTip("上移（Ctrl+↑）")
        self.down_button = QPushButton("下移", self)
        self.down_button.setToolTip("下移（Ctrl+↓）")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.editors: list[QLineEdit | QPlainTextEdit] = []
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self._form = form
        for i, spec in enumerate(fields):
            editor: QLineEdit | QPlainTextEdit
            if spec.multiline:
                editor = PlainText(self)
                editor.setMinimumHeight(editor.fontMetrics().lineSpacing() * 3 + 12)
                editor.textChanged.connect(lambda i=i: self._field_edited(i))
            else:
                editor = LineEdit(self)
                editor.textEdited.connect(lambda _t, i=i: self._field_edited(i))
            editor.setAccessibleName(f"{title}：{spec.label}")
            label = QLabel(spec.label + "：", self)
            label.setBuddy(editor)
            form.addRow(label, editor)
            self.editors.append(editor)
        self.empty_note = QLabel(f"还没有{title}。按“添加”（或在列表中按 Insert）新增一条。", self)
        self.empty_note.setStyleSheet("color: #666;")
        self.empty_note.setWordWrap(True)
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.empty_note)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 2)
        row.addLayout(buttons)
        row.addLayout(right, 5)
        self._show_current()

    # -- showing -----------------------------------------------------------------------------------------------------
    def items(self) -> tuple[Item, ...]:
        """The paragraphs as shown."""
        return self._items

    def set_items(self, items: tuple[Item, ...]) -> None:
        """Show these paragraphs (the selected row kept where it can be)."""
        row = self.list.currentRow()
        self._items = items
        self._loading = True
        try:
            while self.list.count() > len(items):
                self.list.takeItem(self.list.count() - 1)
            while self.list.count() < len(items):
                self.list.addItem("")
            for i, item in enumerate(items):
                text = self._caption(i, item)
                if self.list.item(i).text() != text:
                    self.list.item(i).setText(text)
            if items:
                self.list.setCurrentRow(min(max(row, 0), len(items) - 1))
        finally:
            self._loading = False
        self._show_current()

    def set_read_only(self, read_only: bool) -> None:
        """Shown, not editable (a workbook that cannot be saved)."""
        self.read_only = read_only
        for editor in self.editors:
            editor.setReadOnly(read_only)
        self._show_current()

    def select(self, row: int) -> None:
        """Select paragraph `row`."""
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def focus_first_field(self) -> None:
        """The keyboard to the selected paragraph's first field (or the list when there is none)."""
        if self.list.currentRow() >= 0 and self.editors:
            self.editors[0].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def _caption(self, i: int, item: Item) -> str:
        words = next((t for t in item if t and t.strip()), None)
        first = " ".join(words.split())[:24] if words else "（空）"
        return f"{i + 1}. {first}"

    def _show_current(self) -> None:
        row = self.list.currentRow()
        item = self._items[row] if 0 <= row < len(self._items) else None
        self._loading = True
        try:
            for i, editor in enumerate(self.editors):
                text = (item[i] if item is not None and i < len(item) else None) or ""
                editor.setEnabled(item is not None)
                if isinstance(editor, QLineEdit):
                    if editor.text() != text:
                        editor.setText(text)
                elif editor.toPlainText() != text:
                    editor.setPlainText(text)
        finally:
            self._loading = False
        has = item is not None and not self.read_only
        self.add_button.setEnabled(not self.read_only)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(has and row > 0)
        self.down_button.setEnabled(has and row < len(self._items) - 1)
        self.empty_note.setVisible(not self._items)
        for i in range(self._form.rowCount()):  # no paragraph: the note says how to add one, no empty fields
            self._form.setRowVisible(i, bool(self._items))

    # -- editing -----------------------------------------------------------------------------------------------------
    def _field_edited(self, field: int) -> None:
        if self._loading:
            return
        row = self.list.currentRow()
        if not 0 <= row < len(self._items):
            return
        editor = self.editors[field]
        text = editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()
        item = list(self._items[row])
        item += [None] * (len(self._fields) - len(item))
        item[field] = text if text.strip() else None
        items = (*self._items[:row], tuple(item), *self._items[row + 1 :])
        self._items = items
        self.list.item(row).setText(self._caption(row, tuple(item)))
        label = f"修改{self._title}第 {row + 1} 条的{self._fields[field].label}"
        self.edited.emit(items, f"{self._key}:{row}:{field}", label)

    def add(self) -> None:
        """A new empty paragraph after the selected one; the keyboard goes to its first field."""
        if self.read_only:
            return
        row = self.list.currentRow() + 1 if self.list.currentRow() >= 0 else len(self._items)
        blank: Item = (None,) * len(self._fields)
        items = (*self._items[:row], blank, *self._items[row:])
        self.edited.emit(items, None, f"添加{self._title}")
        self.select(row)
        self.focus_first_field()

    def remove(self) -> None:
        """Remove the selected paragraph."""
        if self.read_only:
            return
        row = self.list.currentRow()
        if not 0 <= row < len(self._items):
            return
        items = (*self._items[:row], *self._items[row + 1 :])
        self.edited.emit(items, None, f"删除{self._title}第 {row + 1} 条")
        self.select(min(row, len(items) - 1))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_current(self, step: int) -> None:
        """Move the selected paragraph up (-1) or down (+1)."""
        if self.read_only:
            return
        row = self.list.currentRow()
        to = row + step
        if not (0 <= row < len(self._items) and 0 <= to < len(self._items)):
            return
        items = list(self._items)
        items[row], items[to] = items[to], items[row]
        self.edited.emit(tuple(items), None, f"移动{self._title}第 {row + 1} 条")
        self.select(to)
