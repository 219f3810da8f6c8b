"""Suggestions from the indicator library (指标库) while a 三级 name is typed in the indicator tree.

The cell delegate calls `attach_completer` on the name editor it opens. The popup lists the current 二级's library
entries whose name contains the typed text (Down opens it, Enter picks). Picking one writes the name and, when the
row has no 指标值 yet, the library's example value, each as an ordinary cell edit (so both are undoable through the
tree model's undo stack; the model keeps its stack private, so they are two steps: undo takes the value back
first, then the name).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QCompleter, QLineEdit

from desktop.domain.parts import IndicatorField
from desktop.ui.indicators.edits import edit_cell
from desktop.ui.indicators.model import AnyIndex, IndicatorTreeModel

if TYPE_CHECKING:
    from desktop.domain.operations import Operation
    from desktop.templates.library import LibraryEntry

NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # what the completer matches and fills in: the bare 三级 name


def library_entries(model: IndicatorTreeModel, index: AnyIndex) -> list[LibraryEntry]:
    """The library entries for the 二级 of the row at `index` (none when the library cannot be read)."""
    from desktop.templates.library import LibraryError, bundled_library  # with the first name typed, not at start-up

    position = model.position(index)
    if position is None or position[0].level2 is None:
        return []
    try:
        return bundled_library().suggest(position[0].level2)
    except LibraryError:
        return []  # a broken bundled file only costs the suggestions; the tree must keep working


def suggestion_model(entries: list[LibraryEntry], parent: QObject) -> QStandardItemModel:
    """One row per entry: shown as “name　例：value”, matched and filled in by its name alone."""
    items = QStandardItemModel(parent)
    for entry in entries:
        item = QStandardItem(f"{entry.name}　例：{entry.value}")
        item.setData(entry.name, NAME_ROLE)
        item.setToolTip(entry.description or "")
        items.appendRow(item)
    return items


class _Keys(QObject):
    """Keys around the popup, so that it never gets in the way of the tree's own Enter and Tab.

    Down in the editor opens the list. In the open list, Enter or Tab on a highlighted suggestion picks it (Enter
    then leaves the editor open on the filled name); with nothing highlighted they close the list and reach the
    editor as if it had not been there, so Enter commits and Tab moves on as usual. The list also closes with the
    editor.
    """

    def __init__(self, completer: QCompleter, editor: QLineEdit) -> None:
        super().__init__(completer)  # dies with the completer, never left watching without it
        self._completer = completer
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        popup = self._completer.popup()
        if event.type() == QEvent.Type.Hide and watched is self._editor and popup is not None and popup.isVisible():
            popup.hide()
            # The closed popup may stay the "active window" on some platforms; give activation back to the form.
            self._editor.window().activateWindow()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self._editor and key == Qt.Key.Key_Down and not _popup_shown(self._completer):
            self._completer.setCompletionPrefix(self._editor.text())
            self._completer.complete()
            return True
        if watched is popup and popup is not None and key in _PASS_KEYS:
            current = popup.currentIndex()
            popup.hide()
            if current.isValid():
                self._completer.activated.emit(str(current.data(NAME_ROLE)))
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    return True
            # Through the editor's event filters (the delegate's), which commit or move to the next cell.
            QApplication.sendEvent(self._editor, QKeyEvent(event.type(), key, event.modifiers(), event.text()))
            return True
        return False


_PASS_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _popup_shown(completer: QCompleter) -> bool:
    popup = completer.popup()
    return popup is not None and popup.isVisible()


def attach_completer(editor: QLineEdit, model: IndicatorTreeModel, index: AnyIndex) -> QCompleter | None:
    """Give the 三级-name `editor` of the row at `index` a completer over its 二级's library entries."""
    entries = library_entries(model, index)
    if not entries or model.read_only:
        return None
    completer = QCompleter(editor)
    completer.setModel(suggestion_model(entries, completer))
    completer.setCompletionRole(NAME_ROLE)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(8)
    editor.setCompleter(completer)
    keys = _Keys(completer, editor)
    editor.installEventFilter(keys)
    popup = completer.popup()
    if popup is not None:
        popup.installEventFilter(keys)  # after the completer's own filter, so it runs first
        popup.setMinimumWidth(popup.sizeHintForColumn(0) + 24)  # the example values must not be cut off
    by_name = {e.name: e for e in entries}
    row = QPersistentModelIndex(index)  # rows may move while the editor is open
    completer.activated.connect(lambda name: _pick(editor, model, row, by_name.get(str(name))))
    return completer


def _pick(
    editor: QLineEdit, model: IndicatorTreeModel, index: QPersistentModelIndex, entry: LibraryEntry | None
) -> None:
    """Write the chosen name now, and the example value when the row has none."""
    if entry is None or not index.isValid():
        return
    editor.setText(entry.name)
    position = model.position(index)
    if position is None or model.read_only:
        return
    current = model.indicator(*position)
    steps: list[Operation] = []
    if current.name != entry.name:
        steps.append(edit_cell(model.tree, *position, IndicatorField.NAME, entry.name, "三级指标"))
    if model.column_of("value") is not None and not (current.value or "").strip():
        steps.append(edit_cell(model.tree, *position, IndicatorField.VALUE, entry.value, "指标值"))
    if steps:
        from desktop.domain.operations import Batch  # loaded on the first edit, not at start-up

        # Name and example value come back with one undo; committing the editor later finds the same name.
        model.push(Batch(tuple(steps), "填入指标库建议"))
