"""The indicator tree editor: a tree of 一级 → 二级 → 三级 with a small toolbar and a hint line.

Every change becomes one domain operation (built in edits.py) that the document applies as one undo step; the
tree's model follows the document. Shortcuts are scoped to this widget so the main window's own do not clash.
The view and delegate are in view.py, copy/paste in clipboard.py, the value hint in value_hint.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Indicator, Project
from desktop.domain.parts import RowChangeKind
from desktop.templates.layouts import Layout
from desktop.ui.document import OperationCommand, WorkbookDocument
from desktop.ui.indicators.edits import (
    MoveStep,
    describe_move,
    insert_rows,
    move_rows,
    plan_moves,
    remove_rows,
)
from desktop.ui.indicators.model import AnyIndex, IndicatorTreeModel
from desktop.ui.indicators.tree import GroupKey
from desktop.ui.indicators.view import VALUE_FIELDS, CellDelegate, IndicatorTreeView
from desktop.ui.look import set_bold, set_text_color

if TYPE_CHECKING:  # change records are made by edits: imported where a change is looked at
    from desktop.domain.changes import Change

__all__ = ["IndicatorEditor"]

KEY_HELP = (
    "Insert 新增 · Enter 下一行（末行最后一列新增一行，Esc 撤回空行） · Delete 删除 · Ctrl+↑/↓ 移动 · F2 编辑"
    " · Tab 下一格 · Ctrl+C/Ctrl+V 复制/粘贴 · >= 即 ≥"
)
READ_ONLY_HELP = "只能查看：项目已定稿，或工作簿由他人打开 · Ctrl+C 复制选中的指标"
COLUMN_WIDTHS = {
    "name": 260,
    "midterm_name": 200,
    "value": 200,
    "prior_value": 150,
    "midterm_value": 200,
    "description": 200,
    "basis": 160,
}


class IndicatorEditor(QWidget):
    """Tree editor of one project's indicators; embed it and give it the workbook document."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._just_added: Indicator | None = None
        self._model = IndicatorTreeModel(document, parent=self)
        self._view = IndicatorTreeView(self)
        self._view.attach(self._model)
        self._delegate = CellDelegate(self._model, self._view)
        self._view.setItemDelegate(self._delegate)
        self._setup_view()
        self._hint = QLabel(KEY_HELP, self)
        self._hint.setWordWrap(True)
        self._warning = QLabel(self)
        set_text_color(self._warning, "#b35900")
        self._warning.setWordWrap(True)
        self._warning.hide()
        self._toolbar = QToolBar(self)
        self._make_actions()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._toolbar)
        layout.addWidget(self._view, 1)
        hints = QHBoxLayout()
        hints.addWidget(self._hint, 1)
        hints.setContentsMargins(6, 2, 6, 0)
        layout.addLayout(hints)
        layout.addWidget(self._warning)
        self._warning.setContentsMargins(6, 0, 6, 4)
        self._connect()
        self.update_actions()

    # ---------------------------------------------------------------- set-up

    def _setup_view(self) -> None:
        view = self._view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        triggers = QAbstractItemView.EditTrigger
        view.setEditTriggers(triggers.DoubleClicked | triggers.EditKeyPressed | triggers.AnyKeyPressed)
        view.setTabKeyNavigation(True)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDropIndicatorShown(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.setUniformRowHeights(True)
        view.setIndentation(16)
        view.header().setStretchLastSection(True)
        view.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _action(self, text: str, tip: str, shortcut: QKeySequence | None, slot: Any) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            tip = f"{tip}（{shortcut.toString(QKeySequence.SequenceFormat.NativeText)}）"
        action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # never pass `checked` on as an argument
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        key = QKeySequence
        self.add_action = self._action("新增", "在当前行下新增三级指标", key(Qt.Key.Key_Insert), self.add_row)
        self.delete_action = self._action("删除", "删除选中的三级指标", key(Qt.Key.Key_Delete), self.delete_rows)
        up, down = key("Ctrl+Up"), key("Ctrl+Down")
        self.up_action = self._action("上移", "上移（到顶时移入上一个二级指标）", up, lambda: self.move_current(-1))
        self.down_action = self._action("下移", "下移（到底时移入下一个二级指标）", down, lambda: self.move_current(1))
        self.copy_action = self._action("复制", "复制选中的三级指标", key(key.StandardKey.Copy), self.copy_rows)
        self.paste_action = self._action(
            "粘贴", "粘贴指标行到对应的一级/二级指标下", key(key.StandardKey.Paste), self.paste
        )
        self._move_menu = QMenu(self)
        self._move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_to_action = QAction("移到…", self)
        self.move_to_action.setToolTip("把选中的三级指标移到另一个二级指标下")
        self.move_to_action.setMenu(self._move_menu)
        self.title = QLabel("绩效指标", self)
        set_bold(self.title)
        self.title.setContentsMargins(7, 0, 11, 0)  # the room around it the toolbar's buttons have
        self._toolbar.addWidget(self.title)
        for action in (self.add_action, self.delete_action, self.up_action, self.down_action):
            self._toolbar.addAction(action)
        self._toolbar.addAction(self.move_to_action)
        button = self._toolbar.widgetForAction(self.move_to_action)
        if isinstance(button, QToolButton):
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self.copy_action)
        self._toolbar.addAction(self.paste_action)

    def _connect(self) -> None:
        self._model.rows_changed.connect(self.update_actions)
        self._document.revisited.connect(self.show_changes)
        self._document.commit_requested.connect(self._delegate.commit_open_editor)
        self._view.selectionModel().selectionChanged.connect(self.update_actions)
        self._view.selectionModel().currentChanged.connect(self._current_changed)
        self._view.add_below_requested.connect(lambda: self.add_row(edit=True))
        self._delegate.value_text.connect(self._show_reading)
        self._delegate.editing_ended.connect(lambda: self._current_changed(self._view.currentIndex()))
        self._delegate.entered.connect(self._after_enter)
        self._delegate.escaped.connect(self._drop_blank_row)

    # ---------------------------------------------------------------- public interface

    def model(self) -> IndicatorTreeModel:
        """The tree model (for tests and for the findings panel)."""
        return self._model

    def view(self) -> QTreeView:
        """The tree view."""
        return self._view

    def set_project(self, project: Project | None, layout: Layout | None) -> None:
        """Show another project's indicators (None clears the tree)."""
        self._delegate.commit_open_editor()  # typing in an open cell belongs to the project it was typed in
        self._model.set_project(project, layout)
        header = self._view.header()
        for column, field_key in enumerate(self._model.fields()):
            if column < len(self._model.fields()) - 1:
                header.resizeSection(column, COLUMN_WIDTHS.get(field_key, 180))
        self._view.setCurrentIndex(QModelIndex())
        self.update_actions()

    def set_read_only(self, read_only: bool) -> None:
        """For a workbook opened read-only (another user holds it): nothing can be edited or moved."""
        changed = read_only != self._model.read_only
        self._model.read_only = read_only
        self._say(self._key_help())
        self.update_actions()
        if changed:  # the cells' placeholders are drawn differently (asking for the viewport costs at start-up)
            self._view.viewport().update()

    def select_indicator(self, index: int, column: str | None = None) -> None:
        """Select and scroll to project.indicators[index]; `column` is an indicator field key such as "value"."""
        col = self._model.column_of(column) if column is not None else None
        target = self._model.index_for_flat(index, col or 0)
        if target.isValid():
            self._view.select(target)
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- actions

    def update_actions(self) -> None:
        """Enable the actions that make sense for the current row and selection."""
        model = self._model
        editable = model.project is not None and not model.read_only
        current = self._view.currentIndex()
        selected = self._selected_rows()
        self.add_action.setEnabled(editable and self._add_target() is not None)
        self.delete_action.setEnabled(editable and bool(selected))
        self.move_to_action.setEnabled(editable and bool(selected))
        self.up_action.setEnabled(editable and self._keyboard_move(current, -1) is not None)
        self.down_action.setEnabled(editable and self._keyboard_move(current, 1) is not None)
        self.copy_action.setEnabled(bool(selected))
        self.paste_action.setEnabled(editable)

    def add_row(self, edit: bool = True) -> None:
        """Add an empty 三级 row below the current one (first under a category row) and start editing its name."""
        target = self._add_target()
        if target is None or self._model.read_only:
            self._say("这里不能新增：三级指标只能放在本版式的二级指标下")
            return
        key, row = target
        blank = self._model.tree.new_indicator(key)
        self._model.push(insert_rows(self._model.tree, [(key, row, blank)], "新增三级指标"))
        self._just_added = blank
        new = self._model.leaf_index(*target)
        self._view.select(new)
        if edit:
            self._view.edit(new)

    def _after_enter(self) -> None:
        """One Enter in an open cell: committed; on to the same cell of the next row. From the last cell of the last
        row of a 二级, a new row below (Esc takes it away again if it stays empty)."""
        view, model = self._view, self._model
        current = view.currentIndex()
        position = model.position(current)
        last_column = current.column() == model.columnCount() - 1
        if position is not None and last_column and position[1] == model.group_size(position[0]) - 1:
            self.add_row(edit=True)
        else:
            view.move_to_next_row()

    def _drop_blank_row(self) -> None:
        """Esc on a row just added and still empty: the row goes, and so does its step in the undo history."""
        blank, self._just_added = self._just_added, None
        position = self._model.position(self._view.currentIndex())
        if blank is None or position is None or self._model.indicator(*position) is not blank:
            return
        stack = self._document.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if not isinstance(top, OperationCommand):
            return
        if self._document.inserted_row(top.operation) is blank:
            top.forget_on_undo()  # gone from the history too: no 重做 brings back a row never meant to be
            stack.undo()
            key, row = position
            size = self._model.group_size(key)
            self._view.select(self._model.leaf_index(key, min(row, size - 1)) if size else self._model.group_index(key))

    def delete_rows(self) -> None:
        """Delete the selected 三级 rows (undo brings them back)."""
        rows = self._selected_rows()
        if not rows or self._model.read_only:
            return
        self._model.push(remove_rows(self._model.tree, rows))
        key, row = rows[0]
        size = self._model.group_size(key)
        after = self._model.leaf_index(key, min(row, size - 1)) if size else self._model.group_index(key)
        self._view.select(after)

    def move_current(self, direction: int) -> None:
        """Ctrl+Up / Ctrl+Down: one row up or down, into the neighbouring frame 二级 at the boundary."""
        step = self._keyboard_move(self._view.currentIndex(), direction)
        if step is None or self._model.read_only:
            return
        label = "上移" if direction < 0 else "下移"
        text = describe_move([(step.src, step.src_row)], step.dst, label)
        self._model.push(move_rows(self._model.tree, [step], text))
        column = max(self._view.currentIndex().column(), 0)
        self._view.select(self._model.leaf_index(step.dst, step.dst_row, column))

    def move_selected_to(self, key: GroupKey) -> None:
        """Move the selected 三级 rows to the end of another 二级 (the 移到… menu)."""
        rows = self._selected_rows()
        steps = plan_moves(rows, key, self._model.group_size(key), self._model.group_size)
        if not steps or self._model.read_only:
            return
        self._model.push(move_rows(self._model.tree, steps, describe_move(rows, key)))
        self._view.select_rows([(s.dst, s.dst_row) for s in steps])

    def copy_rows(self) -> None:
        """Ctrl+C: the selected 三级 rows as tab-separated lines under a heading row (see rows_as_text)."""
        from desktop.ui.indicators.clipboard import put_rows_on_clipboard  # copy/paste: imported on first use

        indicators = [self._model.indicator(k, r) for k, r in self._selected_rows()]
        layout = self._model.layout
        if indicators and layout is not None:
            put_rows_on_clipboard(indicators, layout)

    def paste(self) -> None:
        """Ctrl+V: rows from the clipboard go under their 一级/二级; rows without one go under the current 二级."""
        model, layout = self._model, self._model.layout
        if layout is None or model.read_only:
            return
        # The paste and import code is loaded on first paste, not at start-up.
        from desktop.io.importing import ImportFailed
        from desktop.ui.indicators.clipboard import parse_pasted_rows, paste_report, place_pasted_rows

        text = QGuiApplication.clipboard().text()
        try:
            rows, unplaced = parse_pasted_rows(text, layout.frame)
        except ImportFailed as exc:  # far too big to be a table: refused at once, the tree unchanged
            self.show_message("粘贴", str(exc))
            return
        placements, refused = place_pasted_rows(model, self._view.currentIndex(), rows, layout.frame)
        if placements:
            model.push(insert_rows(model.tree, placements, f"粘贴 {len(placements)} 条指标"))
            self._view.select_rows([(k, r) for k, r, _ in placements])
        message = paste_report(len(placements), unplaced, refused)
        if message is not None:
            self.show_message("粘贴", message)

    def show_message(self, title: str, text: str) -> None:
        """A message box (tests patch this method)."""
        QMessageBox.information(self, title, text)

    def hint_text(self) -> str:
        """The hint under the tree (reading and warning lines), as the clerk sees it."""
        return "\n".join(t for t in (self._hint.text(), self._warning.text() if self._warning.isVisible() else "") if t)

    # ---------------------------------------------------------------- helpers

    def _say(self, text: str) -> None:
        self._hint.setText(text)
        self._warning.hide()

    def _show_reading(self, text: str) -> None:
        from desktop.ui.indicators.value_hint import describe_value  # the value parser: imported on first use

        reading, warning = describe_value(text)
        self._hint.setText(reading)
        self._warning.setText(warning or "")
        self._warning.setVisible(warning is not None)

    def _current_changed(self, current: QModelIndex, previous: QModelIndex | None = None) -> None:
        indicator = self._model.indicator_at(current)
        field_key = self._model.field_of(current.column()) if current.isValid() else ""
        if indicator is not None and field_key in VALUE_FIELDS and getattr(indicator, field_key):
            self._show_reading(getattr(indicator, field_key))
        elif indicator is not None and not self._model.in_frame(current):
            self._say("这条指标所在的一级/二级不属于本版式的指标框架：请用“移到…”把它放到正确的二级指标下")
        else:
            self._say(self._key_help())
        self.update_actions()

    def _key_help(self) -> str:
        return READ_ONLY_HELP if self._model.read_only else KEY_HELP

    def show_changes(self, changes: tuple[Change, ...]) -> None:
        """Undo / redo of an indicator edit of the project shown: show the row it touched (the window calls this
        again once it has brought the project of an undone change on screen)."""
        from desktop.domain.changes import ProjectChange  # made by edits, not needed to show the window

        model = self._model
        rows = [c for c in changes if isinstance(c, ProjectChange) and c.project is model.project and c.rows]
        if not rows or self._view.state() == QAbstractItemView.State.EditingState:
            return
        change = rows[-1].rows
        assert change is not None
        if change.kind is RowChangeKind.REPLACED:
            return
        index = change.to if change.kind is RowChangeKind.MOVED else change.index
        if change.kind is RowChangeKind.REMOVED:
            index = min(index, len(model.tree.rows()) - 1)
        column = model.column_of(change.field.value) if change.field is not None else None
        target = model.index_for_flat(index, column or 0) if index >= 0 else QModelIndex()
        if target.isValid():
            self._view.select(target)

    def _selected_rows(self) -> list[tuple[GroupKey, int]]:
        return self._model.leaf_positions(self._view.selectionModel().selectedRows())

    def _add_target(self) -> tuple[GroupKey, int] | None:
        model = self._model
        frame_groups = model.frame_groups()
        if not frame_groups:
            return None
        current = self._view.currentIndex()
        if not current.isValid():
            return frame_groups[0], model.group_size(frame_groups[0])
        if model.is_level1(current):
            first = model.index(0, 0, current.siblingAtColumn(0))
            key = model.group_key(first) if first.isValid() else None
            return (key, 0) if key in frame_groups and key is not None else None
        key = model.group_key(current)
        if key is None or key not in frame_groups:
            return None
        position = model.position(current)
        return (key, position[1] + 1) if position is not None else (key, 0)

    def _keyboard_move(self, current: AnyIndex, direction: int) -> MoveStep | None:
        model = self._model
        position = model.position(current)
        if position is None:
            return None
        key, row = position
        size = model.group_size(key)
        if 0 <= row + direction < size:
            return MoveStep(key, row, key, row + direction)
        groups = [model.group_key(i) for i in model.category_indexes() if model.is_group(i)]
        frame_groups = set(model.frame_groups())
        at = groups.index(key)
        neighbours = groups[at + 1 :] if direction > 0 else list(reversed(groups[:at]))
        target = next((g for g in neighbours if g in frame_groups), None)
        if target is None:
            return None
        return MoveStep(key, row, target, 0 if direction > 0 else model.group_size(target))

    def _fill_move_menu(self) -> None:
        self._move_menu.clear()
        for key in self._model.frame_groups():
            action = self._move_menu.addAction(f"{key.level1} › {key.level2}")
            action.triggered.connect(lambda _checked=False, k=key: self.move_selected_to(k))
