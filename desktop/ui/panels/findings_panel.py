"""The findings dock: every problem validation found (severity, project, location, message), errors first.

Double-click (or Enter) jumps to the field or indicator row; "一键修复" applies a finding's fix as one undo step.
The table shows whatever rules the validator has; it knows nothing about individual rules.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Project
from desktop.ui.validation_state import ValidationState, is_error

ModelIndex = QModelIndex | QPersistentModelIndex
_HEADERS = ("级别", "项目", "位置", "说明")


class FindingsModel(QAbstractTableModel):
    """(project, finding) rows in the order ValidationState gives them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Project, Any]] = []
        self._icons: tuple[QIcon, QIcon] | None = None

    def set_rows(self, rows: list[tuple[Project, Any]]) -> None:
        """Show a new set of findings (a re-validation replaces them all)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> tuple[Project, Any] | None:
        """The (project, finding) of a table row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return _HEADERS[section]
        return None

    def _icon(self, error: bool) -> QIcon:
        if self._icons is None:
            from PySide6.QtWidgets import QApplication

            style = QApplication.style()
            self._icons = (
                style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
                style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            )
        return self._icons[0] if error else self._icons[1]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        project, finding = entry
        error = is_error(finding)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{'错误' if error else '提示'} {finding.rule}"
            if column == 1:
                return project.display_name()
            if column == 2:
                return finding.location_text
            if column == 3:
                return finding.message + (f"（可一键修复：{finding.fix.label}）" if finding.fix else "")
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(error)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QBrush(QColor("#b00020") if error else QColor("#8a6d00"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{finding.location_text}\n{finding.message}"
        return None


class _Table(QTableView):
    """Enter jumps like a double-click: the panel is usable without a mouse."""

    enter_pressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class FindingsPanel(QDockWidget):
    """Dock listing the findings; emits what the window should jump to or fix."""

    jump_requested = Signal(object, object)
    """(project, finding)"""
    fix_requested = Signal(object, object)

    def __init__(self, state: ValidationState, parent: QWidget | None = None) -> None:
        super().__init__("校验结果", parent)
        self.setObjectName("findingsPanel")
        self.state = state
        self.current_project: Project | None = None
        self.read_only = False
        self.model = FindingsModel(self)
        self.table = _Table(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # Fixed widths: ResizeToContents would read every finding on each refresh (thousands on a big workbook).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.table.fontMetrics().horizontalAdvance("提示 W00") + 40)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.resizeSection(1, 200)
        header.resizeSection(2, 300)
        self.table.doubleClicked.connect(self._jump)
        self.table.enter_pressed.connect(self._jump)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.summary = QLabel(self)
        self.only_current = QCheckBox("只看当前项目", self)
        self.only_current.toggled.connect(self.refresh)
        self.fix_button = QPushButton("一键修复", self)
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(self._fix_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_fix_button())

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(4, 2, 4, 4)
        column.setSpacing(2)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.only_current)
        bar.addWidget(self.fix_button)
        column.addLayout(bar)
        column.addWidget(self.table)
        self.setWidget(body)
        state.changed.connect(self.refresh)
        self.refresh()

    def set_current_project(self, project: Project | None) -> None:
        """The project whose form is shown (for "只看当前项目")."""
        self.current_project = project
        if self.only_current.isChecked():
            self.refresh()

    def refresh(self) -> None:
        """Re-read the findings, keeping the selected finding selected when it still exists."""
        kept = self.model.row_at(self.table.currentIndex().row())
        rows = self.state.rows()
        if self.only_current.isChecked():
            rows = [r for r in rows if r[0] is self.current_project]
        self.model.set_rows(rows)
        if kept is not None:
            for i, (project, finding) in enumerate(rows):
                if project is kept[0] and (finding.rule, finding.location) == (kept[1].rule, kept[1].location):
                    self.table.selectRow(i)
                    break
        self._update_summary()
        self._update_fix_button()

    def _update_summary(self) -> None:
        all_rows = self.state.rows()
        errors = sum(1 for _p, f in all_rows if is_error(f))
        warnings = len(all_rows) - errors
        projects = len({id(p) for p, f in all_rows if is_error(f)})
        if not all_rows:
            self.summary.setText("没有发现问题。")
            return
        head = f"错误 {errors} 个（{projects} 个项目，须改正后才能定稿）" if errors else "没有错误"
        self.summary.setText(f"{head}；提示 {warnings} 个。双击一行（或按 Enter）转到该处。")

    def set_read_only(self, read_only: bool) -> None:
        """A workbook that cannot be saved takes no fixes."""
        self.read_only = read_only
        self._update_fix_button()

    def _update_fix_button(self) -> None:
        entry = self.model.row_at(self.table.currentIndex().row())
        fix = entry[1].fix if entry is not None else None
        self.fix_button.setEnabled(fix is not None and not self.read_only)
        self.fix_button.setToolTip(fix.label if fix is not None else "所选问题没有可自动修复的方法")

    def _jump(self, index: QModelIndex) -> None:
        entry = self.model.row_at(index.row())
        if entry is not None:
            self.jump_requested.emit(*entry)

    def _fix_current(self) -> None:
        row = self.table.currentIndex().row()
        entry = self.model.row_at(row)
        if entry is None or entry[1].fix is None:
            return
        self.fix_requested.emit(*entry)
        # The fixed finding is gone; the one now in its place is next, so fixes can be applied one after another.
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        entry = self.model.row_at(index.row())
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("转到该处", lambda: self.jump_requested.emit(*entry))
        if entry[1].fix is not None:
            menu.addAction(f"一键修复：{entry[1].fix.label}", lambda: self.fix_requested.emit(*entry))
        menu.exec(self.table.viewport().mapToGlobal(pos))
