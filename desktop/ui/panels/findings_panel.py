"""The findings dock: every problem validation found (severity, project or department, location, message), errors
first. A department's findings (the D rules) name the department; jumping to one opens its page.

Double-click (or Enter) jumps to the field or indicator row; F8 / Shift+F8 go to the next / previous finding from
anywhere; "一键修复" (Ctrl+.) applies a finding's fix and "全部修复此类" every fix of its rule, each as one undo step,
and the keyboard comes back to the list on the next finding. One Tab leaves the table. The table shows whatever
rules the validator has; it knows nothing about individual rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.domain.model import Project
from desktop.ui.elided_label import ElidedLabel
from desktop.ui.icons import icon
from desktop.ui.look import set_bold
from desktop.ui.validation_state import ValidationState, is_error

if TYPE_CHECKING:  # findings are made by the checks, after the window has painted
    from desktop.domain.findings import Finding

ModelIndex = QModelIndex | QPersistentModelIndex
_HEADERS = ("级别", "项目 / 部门", "位置", "说明")
_UNLIMITED = 16_777_215  # QWIDGETSIZE_MAX
SHARE_AT_FIRST = 0.15  # of the window when findings appear (2 rows at 1366×728); the clerk can drag it taller
ROWS_AT_MOST = 10  # never taller than this many findings ...
SHARE_AT_MOST = 0.3  # ... nor than this share of the window: the indicator tree is where the clerk works


@dataclass(frozen=True, eq=False)
class DepartmentEntry:
    """A department finding's department: its index in workbook.departments and the department as checked."""

    index: int
    department: Department


Owner = Project | DepartmentEntry
"""What a finding belongs to: a project, or a department."""


class FindingsModel(QAbstractTableModel):
    """(project or department, finding) rows in the order the panel gives them."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Owner, Finding]] = []

    def set_rows(self, rows: list[tuple[Owner, Finding]]) -> None:
        """Show a new set of findings (a re-validation replaces them all)."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> tuple[Owner, Finding] | None:
        """The (project or department, finding) of a table row."""
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
        return icon("dialog-error" if error else "dialog-warning")  # the toolbar's 校验结果面板 shows the same

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        owner, finding = entry
        error = is_error(finding)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{'错误' if error else '提示'} {finding.rule}"
            if column == 1:
                if isinstance(owner, DepartmentEntry):
                    return f"部门：{owner.department.display_name()}"
                return owner.display_name()
            if column == 2:
                return finding.location_text
            if column == 3:
                fix = _fix_label(finding)
                return finding.message + (f"（可一键修复：{fix}）" if fix else "")
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(error)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor("#b00020") if error else QColor("#8a6d00")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{finding.location_text}\n{finding.message}"
        return None


def _fix_label(finding: Finding) -> str | None:
    fix = finding.fix or finding.department_fix
    return fix.label if fix is not None else None


def _fixable(finding: Finding) -> bool:
    return finding.fix is not None or finding.department_fix is not None


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
    """(project, finding) to fix."""
    fix_all_requested = Signal(object, str)
    """(list of (project, finding), undo text): every fixable finding of one rule, as one step."""
    department_jump_requested = Signal(int, object)
    """(index in workbook.departments, finding): show where a department finding points."""
    department_fix_requested = Signal(int, object)
    """(index in workbook.departments, finding) whose `department_fix` to apply."""

    def __init__(self, state: ValidationState, parent: QWidget | None = None) -> None:
        super().__init__("校验结果", parent)
        self.setObjectName("findingsPanel")
        self.state = state
        self.current_project: Project | None = None
        self.current_department: int | None = None
        self.read_only = False
        self.model = FindingsModel(self)
        self.table = _Table(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # one Tab leaves the list, as in every other list
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

        self.summary = ElidedLabel(self)
        self.only_current = QCheckBox("只看当前项目", self)
        self.only_current.setToolTip("只看当前项目（或当前部门）的问题")
        self.only_current.toggled.connect(self.refresh)
        self.fix_button = QPushButton("一键修复", self)
        self.fix_button.setEnabled(False)
        self.fix_button.setToolTip("一键修复所选问题（Ctrl+.）")
        self.fix_button.clicked.connect(self.fix_current)
        self.fix_rule_button = QPushButton("全部修复此类", self)
        self.fix_rule_button.setEnabled(False)
        self.fix_rule_button.clicked.connect(self.fix_rule)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_fix_button())

        # The summary and the buttons are the dock's title bar: with nothing to say the panel is this one line.
        self.setTitleBarWidget(self._title_bar())
        self.setWidget(self.table)
        self._sized_rows = -1  # how many rows the dock was last sized for (-1: never)
        self._auto_height: int | None = None  # the height the panel was last given (None: the clerk's own)
        state.changed.connect(self.refresh)
        self.topLevelChanged.connect(lambda _floating: self._fit_height())
        self.refresh()

    def _title_bar(self) -> QWidget:
        bar = QWidget(self)
        row = QHBoxLayout(bar)
        row.setContentsMargins(6, 2, 2, 2)
        title = QLabel("校验结果", bar)
        set_bold(title)
        close = QToolButton(bar)
        close.setText("×")  # as a panel's close button reads everywhere; no style icon to build before the first paint
        set_bold(close)
        close.setAutoRaise(True)
        close.setToolTip("隐藏校验结果面板（视图 → 校验结果面板）")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.close)
        row.addWidget(title)
        row.addSpacing(8)
        row.addWidget(self.summary, 1)
        row.addWidget(self.only_current)
        row.addWidget(self.fix_button)
        row.addWidget(self.fix_rule_button)
        row.addWidget(close)
        return bar

    def set_current_project(self, project: Project | None) -> None:
        """The project whose form is shown (for "只看当前项目")."""
        self.current_project = project
        if self.only_current.isChecked():
            self.refresh()

    def set_current_department(self, index: int | None) -> None:
        """The department whose page is shown (for "只看当前项目": its findings)."""
        self.current_department = index
        if self.only_current.isChecked():
            self.refresh()

    def all_rows(self) -> list[tuple[Owner, Finding]]:
        """Every finding: errors first (projects, then departments), then warnings likewise."""
        departments = self.state.document.workbook.departments
        department_rows: list[tuple[Owner, Finding]] = [
            (DepartmentEntry(i, departments[i]), f) for i, f in self.state.department_rows() if i < len(departments)
        ]
        project_rows: list[tuple[Owner, Finding]] = list(self.state.rows())
        rows = project_rows + department_rows
        rows.sort(key=lambda r: 0 if is_error(r[1]) else 1)  # stable: each kind keeps its own order
        return rows

    def _is_current(self, owner: Owner) -> bool:
        if isinstance(owner, DepartmentEntry):
            return self.current_project is None and owner.index == self.current_department
        return owner is self.current_project

    def refresh(self) -> None:
        """Re-read the findings, keeping the selected finding selected when it still exists."""
        kept = self.model.row_at(self.table.currentIndex().row())
        rows = self.all_rows()
        if self.only_current.isChecked():
            rows = [r for r in rows if self._is_current(r[0])]
        self.model.set_rows(rows)
        if kept is not None:
            for i, (owner, finding) in enumerate(rows):
                if _same_owner(owner, kept[0]) and (finding.rule, finding.location) == (kept[1].rule, kept[1].location):
                    self.table.selectRow(i)
                    break
        self._update_summary()
        self._update_fix_button()
        self._fit_height()

    # -- height: one line when there is nothing to say, a few rows when there is -------------------------------
    def row_height(self) -> int:
        """The height of one finding in the table."""
        return self.table.verticalHeader().defaultSectionSize()

    def title_height(self) -> int:
        """The height of the title line (summary and buttons): all the panel takes when there are no findings."""
        bar = self.titleBarWidget()
        return bar.sizeHint().height() if bar is not None else self.fontMetrics().height() + 8

    def height_for_rows(self, rows: int) -> int:
        """The panel's height that shows `rows` findings without scrolling."""
        header = self.table.horizontalHeader().sizeHint().height()
        return self.title_height() + header + rows * self.row_height() + 2 * self.table.frameWidth()

    def height_limit(self) -> int:
        """The most the docked panel may take of the window (at least one finding stays visible)."""
        window = self.parentWidget()
        limit = self.height_for_rows(ROWS_AT_MOST)
        if window is not None:
            limit = min(limit, int(window.height() * SHARE_AT_MOST))
        return max(limit, self.height_for_rows(1))

    def _fit_height(self) -> None:
        rows = self.model.rowCount()
        self.table.setVisible(rows > 0)
        if self.isFloating():
            self.setMinimumHeight(0)
            self.setMaximumHeight(_UNLIMITED)
            return
        if rows == 0:
            self.setMinimumHeight(self.title_height())
            self.setMaximumHeight(self.title_height())
            self._sized_rows = 0
            self._auto_height = None
            return
        limit = self.height_limit()
        self.setMinimumHeight(self.height_for_rows(1))
        # Else the table's own minimum (a scroll area's, about three rows) overrides the panel's.
        self.table.setMinimumHeight(self.height_for_rows(1) - self.title_height())
        self.setMaximumHeight(min(limit, self.height_for_rows(rows)))
        window = self.parentWidget()
        room = int(window.height() * SHARE_AT_FIRST) if window is not None else self.height_for_rows(3)
        first_rows = max(1, min(rows, (room - self.height_for_rows(0)) // max(self.row_height(), 1)))
        wanted = min(self.height_for_rows(first_rows), limit)
        # Findings just appeared: room for a few; later refreshes keep the height the clerk chose (within the limits).
        # Findings checked in the background come a project at a time: while the clerk has not dragged the panel
        # (it still has the height we gave it), it grows with them up to that "few".
        untouched = self._auto_height is not None and abs(self.height() - self._auto_height) <= 1
        if isinstance(window, QMainWindow) and (self._sized_rows <= 0 or (untouched and wanted > self.height())):
            window.resizeDocks([self], [wanted], Qt.Orientation.Vertical)
            self._auto_height = wanted
        self._sized_rows = rows

    def window_resized(self) -> None:
        """The window's height changed (the window calls this): the height limit, a share of it, follows."""
        if self.model.rowCount():
            self.setMaximumHeight(min(self.height_limit(), self.height_for_rows(self.model.rowCount())))

    def _update_summary(self) -> None:
        all_rows = self.all_rows()
        errors = sum(1 for _p, f in all_rows if is_error(f))
        warnings = len(all_rows) - errors
        projects = len({id(p) for p, f in all_rows if is_error(f) and isinstance(p, Project)})
        departments = len({p.index for p, f in all_rows if is_error(f) and isinstance(p, DepartmentEntry)})
        checking = self._checking()
        if not all_rows:
            self.summary.set_full_text(f"{checking}…" if checking else "没有发现问题。")
            return
        where = "、".join(
            part
            for part in (f"{projects} 个项目" if projects else "", f"{departments} 个部门" if departments else "")
            if part
        )
        head = f"错误 {errors} 个（{where}，须改正后才能定稿）" if errors else "没有错误"
        still = f"（{checking}…）" if checking else ""
        if self.model.rowCount() == 0:
            # "只看当前项目" and this project is clean: say so, and that the others still have findings.
            current = "当前部门" if self.current_project is None and self.current_department is not None else "当前项目"
            self.summary.set_full_text(f"{current}没有发现问题。全部：{head}；提示 {warnings} 个。{still}")
            return
        self.summary.set_full_text(f"{head}；提示 {warnings} 个。双击一行（或按 Enter）转到该处。{still}")

    def _checking(self) -> str:
        """What the background check is doing ("" once it is done): the counts so far are not the whole story."""
        if self.state.is_complete():
            return ""
        done, total = self.state.progress()
        return f"正在检查：已查 {done} / {total} 个项目" if done < total else "正在检查部门"

    def set_read_only(self, read_only: bool) -> None:
        """A workbook that cannot be saved takes no fixes."""
        self.read_only = read_only
        self._update_fix_button()

    def _update_fix_button(self) -> None:
        entry = self.model.row_at(self.table.currentIndex().row())
        label = _fix_label(entry[1]) if entry is not None else None
        fix = entry[1].fix if entry is not None else None
        self.fix_button.setEnabled(label is not None and not self.read_only)
        self.fix_button.setToolTip(f"{label}（Ctrl+.）" if label is not None else "所选问题没有可自动修复的方法")
        same = self._fixable_of_rule(entry[1].rule) if entry is not None and fix is not None else []
        self.fix_rule_button.setEnabled(len(same) > 1 and not self.read_only)
        self.fix_rule_button.setToolTip(
            f"修复全部 {len(same)} 个 {entry[1].rule} 问题（一步，可一次撤销）" if entry is not None and same else ""
        )

    def _fixable_of_rule(self, rule: str) -> list[tuple[Project, Finding]]:
        # Project findings only: a department's fixes are computed from the department as checked, so two of them
        # applied one after the other could undo each other; they are fixed one at a time.
        return [(p, f) for p, f in self.state.rows() if f.rule == rule and f.fix is not None]

    def step(self, direction: int) -> None:
        """F8 / Shift+F8: select the next (previous) finding and show where it is."""
        count = self.model.rowCount()
        if not count:
            return
        self.show()
        row = self.table.currentIndex().row()
        if row < 0:
            row = 0 if direction > 0 else count - 1
        else:
            row = (row + direction) % count
        self.table.selectRow(row)
        self._emit_jump(self.model.row_at(row))

    def _jump(self, index: QModelIndex) -> None:
        self._emit_jump(self.model.row_at(index.row()))

    def _emit_jump(self, entry: tuple[Owner, Finding] | None) -> None:
        if entry is None:
            return
        owner, finding = entry
        if isinstance(owner, DepartmentEntry):
            self.department_jump_requested.emit(owner.index, finding)
        else:
            self.jump_requested.emit(owner, finding)

    def fix_current(self) -> None:
        """一键修复 (Ctrl+.): the selected finding's fix."""
        row = self.table.currentIndex().row()
        entry = self.model.row_at(row)
        if entry is None or not _fixable(entry[1]) or self.read_only:
            return
        owner, finding = entry
        if isinstance(owner, DepartmentEntry):
            self.department_fix_requested.emit(owner.index, finding)
        else:
            self.fix_requested.emit(owner, finding)
        self._after_fix(row)

    def fix_rule(self) -> None:
        """全部修复此类: every fixable finding of the selected finding's rule, in the whole workbook, as one step."""
        row = self.table.currentIndex().row()
        entry = self.model.row_at(row)
        if entry is None or entry[1].fix is None or not isinstance(entry[0], Project) or self.read_only:
            return
        entries: Sequence[tuple[Project, Finding]] = self._fixable_of_rule(entry[1].rule)
        self.fix_all_requested.emit(list(entries), f"全部修复 {entry[1].rule}（{len(entries)} 处）")
        self._after_fix(row)

    def _after_fix(self, row: int) -> None:
        """The fixed finding is gone; the one now in its place is next, and the keyboard is back on the list, so
        fixes can be applied one after another and no keystroke lands in a form field."""
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        entry = self.model.row_at(index.row())
        if entry is None:
            return
        menu = QMenu(self)
        menu.addAction("转到该处", lambda: self._emit_jump(entry))
        label = _fix_label(entry[1])
        if label is not None:
            menu.addAction(f"一键修复：{label}", self.fix_current)
            if self.fix_rule_button.isEnabled():
                menu.addAction(self.fix_rule_button.text(), self.fix_rule)
        menu.exec(self.table.viewport().mapToGlobal(pos))


def _same_owner(a: Owner, b: Owner) -> bool:
    if isinstance(a, DepartmentEntry) and isinstance(b, DepartmentEntry):
        return a.index == b.index
    return a is b
