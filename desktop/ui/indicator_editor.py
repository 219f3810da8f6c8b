"""The indicator tree editor: a tree of 一级 → 二级 → 三级 with a small toolbar and a hint line.

Every change becomes one undo command on the shared QUndoStack (see indicator_commands); the tree's model keeps
`project.indicators` in display order. Shortcuts are scoped to this widget so the main window's own do not clash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QKeyEvent, QKeySequence, QPainter, QPen, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.frames import Frame
from desktop.domain.model import Indicator, Project
from desktop.domain.values import Comparator, PartialDate, ValueKind, normalize_value, parse_value
from desktop.io.importing import UnplacedLine
from desktop.templates.layouts import Layout
from desktop.ui.indicator_commands import (
    AddRowCommand,
    DeleteRowsCommand,
    MoveRowsCommand,
    MoveStep,
    PasteRowsCommand,
    plan_moves,
)
from desktop.ui.indicator_model import AnyIndex, GroupKey, IndicatorTreeModel, rows_as_text

VALUE_FIELDS = ("value", "midterm_value")
KEY_HELP = (
    "Insert 新增 · 最后一列按 Enter 新增下一行 · Delete 删除 · Ctrl+↑/↓ 移动 · F2 编辑 · Tab 下一格"
    " · Ctrl+C/Ctrl+V 复制/粘贴"
)
_COLUMN_WIDTHS = {"name": 260, "value": 200, "midterm_value": 200, "description": 200, "basis": 160}
_PLACEHOLDER = "（未填写）"


# ---------------------------------------------------------------- how a value is read


def _date_text(date: PartialDate) -> str:
    parts = [(date.year, "年"), (date.month, "月"), (date.day, "日")]
    text = "".join(f"{n}{unit}" for n, unit in parts if n is not None)
    return text if date.year or date.month else f"每月{text}"


def describe_value(text: str) -> tuple[str, str | None]:
    """How a 指标值 is read, as shown under the tree while it is typed: (reading, warning or None)."""
    if not text.strip():
        return "读作：（空）请填写指标值，例如 ≥95%、≤18514 万元 或 有效提升", None
    parsed = parse_value(text)
    if parsed.kind is ValueKind.QUANTITATIVE:
        number = format(parsed.number, "f") if parsed.number is not None else ""
        reading = " ".join(p for p in (parsed.comparator.value if parsed.comparator else "", number, parsed.unit) if p)
        if parsed.comparator is None:
            nature = "定量，未写比较符号"
        else:
            nature = "定量，正向" if parsed.comparator.positive else "定量，反向"
        line = f"读作：{reading}（{nature}）"
        if parsed.prefix:
            line += f"；前面的文字“{parsed.prefix}”"
        if parsed.suffix:
            line += f"；后面的文字“{parsed.suffix}”"
    elif parsed.kind is ValueKind.DATE:
        line = "读作：时间 " + "、".join(_date_text(d) for d in parsed.dates)
        if parsed.suffix:
            line += f"（{parsed.suffix}）"
    else:
        line = "读作：定性指标"
    warnings = []
    if parsed.damaged:
        shown = parsed.comparator or _first_comparator(text)
        warnings.append(f"符号不规范，将按 {shown.value} 读取" if shown else "符号不规范，将按标准符号读取")
    if parsed.stray_prefix:
        warnings.append(f"开头的“{parsed.stray_prefix}”像是多余的字符（编号或误输入），请删去")
    return line, "；".join(warnings) or None


def _first_comparator(text: str) -> Comparator | None:
    normal = normalize_value(text)
    return next((c for ch in normal for c in Comparator if c.value == ch), None)


# ---------------------------------------------------------------- pasted rows


def parse_pasted_rows(text: str, frame: Frame) -> tuple[list[Indicator], list[UnplacedLine]]:
    """Rows from the clipboard, read by the text importer (imported here: only a paste needs it)."""
    from desktop.io.text_import import parse_indicator_rows

    return parse_indicator_rows(text, frame)


def _frame_key(indicator: Indicator, frame: Frame) -> GroupKey | None:
    """The frame 二级 a pasted row names (a 二级 under the wrong 一级 still finds its place)."""
    l1 = frame.level1(indicator.level1)
    l2 = l1.level2(indicator.level2) if l1 is not None else None
    if l1 is None or l2 is None:
        l1 = frame.level1_of(indicator.level2)
        l2 = l1.level2(indicator.level2) if l1 is not None else None
    return GroupKey(l1.name, l2.name) if l1 is not None and l2 is not None else None


# ---------------------------------------------------------------- view and delegate


class _CellDelegate(QStyledItemDelegate):
    """Plain line editors; reports the text of a 指标值 editor on every keystroke."""

    value_text = Signal(str)
    editing_ended = Signal()

    def __init__(self, model: IndicatorTreeModel, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        if self._model.field_of(index.column()) in VALUE_FIELDS:
            editor.textChanged.connect(self.value_text.emit)
        return editor

    def destroyEditor(self, editor: QWidget, index: AnyIndex) -> None:  # noqa: N802
        self.editing_ended.emit()
        super().destroyEditor(editor, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:  # noqa: N802
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)  # room to read Chinese and to aim a click

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        super().paint(painter, option, index)
        if not self._model.is_leaf(index):
            return
        painter.save()
        rect = option.rect
        if not index.data(Qt.ItemDataRole.DisplayRole) and not self._model.read_only:
            painter.setPen(QColor("#a0a0a0"))
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, _PLACEHOLDER)
        # Thin cell borders make the 三级 rows read as a table of editable cells.
        painter.setPen(QPen(QColor("#d9d9d9")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        painter.drawLine(rect.topRight(), rect.bottomRight())
        painter.restore()


class _TreeView(QTreeView):
    """Tab walks the editable cells (三级 rows only); Enter on the last column asks for a new row."""

    add_below_requested = Signal()

    def _model(self) -> IndicatorTreeModel:
        model = self.model()
        assert isinstance(model, IndicatorTreeModel)
        return model

    def moveCursor(  # noqa: N802
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """Tab / Shift+Tab: the next or previous 三级 cell, on to the next row (category rows are skipped)."""
        forward = action == QAbstractItemView.CursorAction.MoveNext
        if not forward and action != QAbstractItemView.CursorAction.MovePrevious:
            return super().moveCursor(action, modifiers)
        model = self._model()
        current = self.currentIndex()
        if model.is_leaf(current):
            column = current.column() + (1 if forward else -1)
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

    def drawRow(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:  # noqa: N802
        # The category tint must cover the branch area too, or 一级 rows look like loose headings.
        if index.isValid() and not self._model().is_leaf(index):
            painter.fillRect(option.rect, index.data(Qt.ItemDataRole.BackgroundRole))
        super().drawRow(painter, option, index)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        editing = self.state() == QAbstractItemView.State.EditingState
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not editing:
            action = QAbstractItemView.CursorAction
            target = self.moveCursor(
                action.MoveNext if key == Qt.Key.Key_Tab else action.MovePrevious, Qt.KeyboardModifier.NoModifier
            )
            if target.isValid():
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


# ---------------------------------------------------------------- the editor


class IndicatorEditor(QWidget):
    """Tree editor of one project's indicators; embed it and give it the workbook's undo stack."""

    changed = Signal()  # after every change made through the editor (its commands' undo/redo included)
    other_project_changed = Signal(object)  # undo/redo of an earlier edit changed a project no longer shown

    def __init__(self, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._undo_stack = undo_stack
        self._model = IndicatorTreeModel(undo_stack=undo_stack, parent=self)
        self._view = _TreeView(self)
        self._view.setModel(self._model)
        self._delegate = _CellDelegate(self._model, self._view)
        self._view.setItemDelegate(self._delegate)
        self._setup_view()
        self._hint = QLabel(KEY_HELP, self)
        self._hint.setWordWrap(True)
        self._warning = QLabel(self)
        self._warning.setStyleSheet("color: #b35900;")
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
        self._model.indicators_changed.connect(self.changed)
        self._model.indicators_changed.connect(self.update_actions)
        self._model.reveal_requested.connect(self._reveal)
        self._model.other_project_changed.connect(self.other_project_changed)
        self._model.modelReset.connect(self._decorate_all)
        self._model.rowsInserted.connect(self._decorate_inserted)
        self._view.selectionModel().selectionChanged.connect(self.update_actions)
        self._view.selectionModel().currentChanged.connect(self._current_changed)
        self._view.add_below_requested.connect(lambda: self.add_row(edit=True))
        self._delegate.value_text.connect(self._show_reading)
        self._delegate.editing_ended.connect(lambda: self._current_changed(self._view.currentIndex()))

    # ---------------------------------------------------------------- public interface

    def model(self) -> IndicatorTreeModel:
        """The tree model (for tests and for the findings panel)."""
        return self._model

    def view(self) -> QTreeView:
        """The tree view."""
        return self._view

    def set_project(self, project: Project | None, layout: Layout | None) -> None:
        """Show another project's indicators (None clears the tree)."""
        self._model.set_project(project, layout)
        header = self._view.header()
        for column, field_key in enumerate(self._model.fields()):
            if column < len(self._model.fields()) - 1:
                header.resizeSection(column, _COLUMN_WIDTHS.get(field_key, 180))
        self._view.setCurrentIndex(QModelIndex())
        self.update_actions()

    def set_read_only(self, read_only: bool) -> None:
        """For a workbook opened read-only (another user holds it): nothing can be edited or moved."""
        self._model.read_only = read_only
        self.update_actions()
        self._view.viewport().update()

    def select_indicator(self, index: int, column: str | None = None) -> None:
        """Select and scroll to project.indicators[index]; `column` is an indicator field key such as "value"."""
        col = self._model.column_of(column) if column is not None else None
        target = self._model.index_for_flat(index, col or 0)
        if target.isValid():
            self._select(target)
            self._view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        """Re-read the project after an outside change, keeping collapsed rows and the current cell."""
        model, view = self._model, self._view
        collapsed = {self._category_id(i) for i in model.category_indexes() if not view.isExpanded(i)}
        current = view.currentIndex()
        flat, column = model.flat_index(current), max(current.column(), 0)
        indicator, group = model.indicator_at(current), model.group_key(current)
        model.rebuild()
        for index in model.category_indexes():
            if self._category_id(index) in collapsed:
                view.collapse(index)
        if flat is not None and model.project is not None:
            # The same row if it is still there (nearest equal one), else the row now at its old place.
            old = flat
            equal = [i for i, ind in enumerate(model.project.indicators) if ind == indicator]
            flat = min(equal, key=lambda i: abs(i - old)) if equal else old
        target = model.index_for_flat(flat, column) if flat is not None else QModelIndex()
        if not target.isValid() and group is not None:
            target = model.group_index(group)
        if target.isValid():
            self._select(target)
        self.update_actions()

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
        self._undo_stack.push(AddRowCommand(self._model, *target))
        new = self._model.leaf_index(*target)
        self._select(new)
        if edit:
            self._view.edit(new)

    def delete_rows(self) -> None:
        """Delete the selected 三级 rows (undo brings them back)."""
        rows = self._selected_rows()
        if not rows or self._model.read_only:
            return
        self._undo_stack.push(DeleteRowsCommand(self._model, rows))
        key, row = rows[0]
        size = self._model.group_size(key)
        after = self._model.leaf_index(key, min(row, size - 1)) if size else self._model.group_index(key)
        self._select(after)

    def move_current(self, direction: int) -> None:
        """Ctrl+Up / Ctrl+Down: one row up or down, into the neighbouring frame 二级 at the boundary."""
        step = self._keyboard_move(self._view.currentIndex(), direction)
        if step is None or self._model.read_only:
            return
        label = "上移" if direction < 0 else "下移"
        text = MoveRowsCommand.describe([(step.src, step.src_row)], step.dst, label)
        self._undo_stack.push(MoveRowsCommand(self._model, [step], text))
        column = max(self._view.currentIndex().column(), 0)
        self._select(self._model.leaf_index(step.dst, step.dst_row, column))

    def move_selected_to(self, key: GroupKey) -> None:
        """Move the selected 三级 rows to the end of another 二级 (the 移到… menu)."""
        rows = self._selected_rows()
        steps = plan_moves(rows, key, self._model.group_size(key), self._model.group_size)
        if not steps or self._model.read_only:
            return
        self._undo_stack.push(MoveRowsCommand(self._model, steps, MoveRowsCommand.describe(rows, key)))
        self._select_rows([(s.dst, s.dst_row) for s in steps])

    def copy_rows(self) -> None:
        """Ctrl+C: the selected 三级 rows as tab-separated lines under a heading row (see rows_as_text)."""
        indicators = [self._model.indicator(k, r) for k, r in self._selected_rows()]
        layout = self._model.layout
        if indicators and layout is not None:
            QGuiApplication.clipboard().setText(rows_as_text(indicators, layout))

    def paste(self) -> None:
        """Ctrl+V: rows from the clipboard go under their 一级/二级; rows without one go under the current 二级."""
        model, layout = self._model, self._model.layout
        if layout is None or model.read_only:
            return
        text = QGuiApplication.clipboard().text()
        rows, unplaced = parse_pasted_rows(text, layout.frame)
        placements, refused = self._placements(rows, layout.frame)
        if placements:
            self._undo_stack.push(PasteRowsCommand(model, placements))
            self._select_rows([(k, r) for k, r, _ in placements])
        problems = [f"第 {u.line_no} 行：{u.text.strip()}（{u.reason}）" for u in unplaced] + refused
        if not placements and not problems:
            self.show_message(
                "粘贴", "剪贴板里没有可以粘贴的指标行。请复制“一级、二级、三级、指标值”这样以制表符分隔的行。"
            )
        elif problems:
            head = f"已粘贴 {len(placements)} 条指标。" if placements else "没有粘贴任何指标。"
            listing = "\n".join(problems[:20]) + (f"\n……另有 {len(problems) - 20} 行" if len(problems) > 20 else "")
            self.show_message(
                "粘贴", f"{head}以下 {len(problems)} 行未能放入指标表，请检查一级/二级指标名称：\n{listing}"
            )

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
            self._say(KEY_HELP)
        self.update_actions()

    def _select(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        flags = QItemSelectionModel.SelectionFlag
        self._view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self._view.scrollTo(index)

    def _select_rows(self, rows: Sequence[tuple[GroupKey, int]]) -> None:
        indexes = [self._model.leaf_index(k, r) for k, r in rows]
        if not indexes:
            return
        self._select(indexes[-1])
        flags = QItemSelectionModel.SelectionFlag
        for index in indexes[:-1]:
            self._view.selectionModel().select(index, flags.Select | flags.Rows)

    def _reveal(self, index: QModelIndex) -> None:
        if self._view.state() != QAbstractItemView.State.EditingState:
            self._select(index)

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

    def _placements(
        self, rows: Sequence[Indicator], frame: Frame
    ) -> tuple[list[tuple[GroupKey, int, Indicator]], list[str]]:
        """Where each pasted row goes: its own 二级 (appended), or the current 二级 just below the current row."""
        model = self._model
        current = self._view.currentIndex()
        if model.is_level1(current):
            current = model.index(0, 0, current.siblingAtColumn(0))
        current_key = model.group_key(current)
        if current_key not in model.frame_groups():
            current_key = None
        position = model.position(current)
        next_row = position[1] + 1 if position is not None else model.group_size(current_key) if current_key else 0
        added: dict[GroupKey, int] = {}
        placements: list[tuple[GroupKey, int, Indicator]] = []
        refused: list[str] = []
        for indicator in rows:
            key = _frame_key(indicator, frame)
            shown = "/".join(t for t in (indicator.level1, indicator.level2, indicator.name) if t)
            if indicator.level2 is None:
                if current_key is None:
                    refused.append(f"{shown}：没有写二级指标，请先选中要放入的二级指标再粘贴")
                    continue
                key = current_key
                blank = model.tree.new_indicator(key)
                indicator = replace(indicator, level1=blank.level1, level2=blank.level2)
            elif key is None:
                refused.append(f"{shown}：“{indicator.level2}”不是本版式的二级指标")
                continue
            else:
                indicator = replace(indicator, level1=key.level1)
            if key == current_key:
                row, next_row = next_row, next_row + 1
            else:
                row = model.group_size(key) + added.get(key, 0)
            added[key] = added.get(key, 0) + 1
            placements.append((key, row, indicator))
        return placements, refused

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

    def _category_id(self, index: QModelIndex) -> tuple[str | None, ...]:
        key = self._model.group_key(index)
        return tuple(key) if key is not None else (index.data(),)

    def _decorate(self, index: QModelIndex) -> None:
        self._view.setFirstColumnSpanned(index.row(), index.parent(), True)
        self._view.expand(index)

    def _decorate_all(self) -> None:
        for index in self._model.category_indexes():
            self._decorate(index)

    def _decorate_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if self._model.is_leaf(self._model.index(first, 0, parent)):
            return
        for row in range(first, last + 1):
            index = self._model.index(row, 0, parent)
            self._decorate(index)
            for child in range(self._model.rowCount(index)):
                self._decorate(self._model.index(child, 0, index))
