"""The model behind the project list: years (newest first) holding their departments, then their projects.

Under a year come that year's departments (each a node with its four pages: 部门概况, 部门预算, 部门整体绩效目标,
说明), then the year's projects with each one's problem counts. Opening a workbook resets it; every later change
(insert, remove, rename, a year changed) touches only its rows, so the list keeps its selection and scroll position
while the clerk works.

Internal ids: 0 for a year row; the year for a row under a year (a department or a project: departments come first,
so row < number of departments means a department); a department node's own key (≥ `_VIEW_BASE`, never reused)
for its four page rows, so a page row finds its department even after rows before it moved.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.domain.department.model import Department
from desktop.domain.model import Project, Status, Workbook
from desktop.ui.department.part import DepartmentView
from desktop.ui.validation_state import ProblemCount

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 3
"""The Department of a department row or of one of its page rows."""
VIEW_ROLE = Qt.ItemDataRole.UserRole + 4
"""The DepartmentView of a page row (None on the department row itself)."""
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5
"""The ProblemCount of a project or department row."""
# The roles data() answers: a view asks ~8 roles per cell on every paint, the others are turned away at once.
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        PROJECT_ROLE,
        SEARCH_ROLE,
        DEPARTMENT_ROLE,
        VIEW_ROLE,
        COUNT_ROLE,
    )
)
_GROUP = 0  # internalId of year rows; rows under a year carry the year (never 0) so parent() finds the group
_VIEW_BASE = 1 << 20  # department keys start here, far above any year
_VIEWS = tuple(DepartmentView)

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _DepartmentNode:
    index: int
    """Position in workbook.departments (kept right when departments before it come or go)."""
    key: int


@dataclass
class _YearGroup:
    year: int
    departments: list[_DepartmentNode] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    def rows(self) -> int:
        return len(self.departments) + len(self.projects)


class ProjectTreeModel(QAbstractItemModel):
    """Years (newest first) holding their departments and projects in workbook order; column 1 shows problem
    counts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_YearGroup] = []
        self._workbook = Workbook()
        self._counts: dict[int, ProblemCount] = {}
        self._department_counts: dict[int, ProblemCount] = {}
        self._keys = itertools.count(_VIEW_BASE)
        # Errors per year, summed when a year row is first painted after a change (not on every repaint: a year
        # may hold 5 000 projects); any change of rows or counts forgets them.
        self._year_errors: dict[int, int] | None = None
        for signal in (self.modelReset, self.rowsInserted, self.rowsRemoved, self.rowsMoved, self.layoutChanged):
            signal.connect(self._forget_year_errors)

    # -- feeding -------------------------------------------------------------------------------------------------
    def set_workbook(self, workbook: Workbook) -> None:
        """Show a whole workbook (opening a file is the one time a reset is right)."""
        self.beginResetModel()
        self._workbook = workbook
        by_year: dict[int, _YearGroup] = {}
        for i, department in enumerate(workbook.departments):
            group = by_year.setdefault(department.year, _YearGroup(department.year))
            group.departments.append(_DepartmentNode(i, next(self._keys)))
        for project in workbook.projects:
            found = by_year.get(project.year)
            if found is None:
                found = by_year[project.year] = _YearGroup(project.year)
            found.projects.append(project)
        self._groups = sorted(by_year.values(), key=lambda g: -g.year)
        self._counts = {}
        self._department_counts = {}
        self.endResetModel()

    def project_inserted(self, project: Project) -> None:
        """A project was put into the workbook; place it in its year by workbook order."""
        group_row = self._ensure_group(project.year)
        group = self._groups[group_row]
        order = {id(p): i for i, p in enumerate(self._workbook.projects)}
        mine = order.get(id(project), len(order))
        row = next(
            (i for i, p in enumerate(group.projects) if order.get(id(p), len(order)) > mine), len(group.projects)
        )
        at = len(group.departments) + row
        self.beginInsertRows(self.index(group_row, 0), at, at)
        group.projects.insert(row, project)
        self.endInsertRows()

    def project_removed(self, project: Project) -> None:
        """A project left the workbook; an emptied year disappears."""
        found = self._locate(project)
        if found is None:
            return
        group_row, row = found
        group = self._groups[group_row]
        if group.rows() == 1:
            self._remove_group(group_row)
            return
        at = len(group.departments) + row
        self.beginRemoveRows(self.index(group_row, 0), at, at)
        del group.projects[row]
        self.endRemoveRows()

    def project_changed(self, project: Project) -> None:
        """Name, code or status changed; a year change moves the project to its new group."""
        found = self._locate(project)
        if found is None:
            return
        group_row, row = found
        if self._groups[group_row].year != project.year:
            self.project_removed(project)
            self.project_inserted(project)
            return
        parent = self.index(group_row, 0)
        at = len(self._groups[group_row].departments) + row
        self.dataChanged.emit(self.index(at, 0, parent), self.index(at, 1, parent))

    def department_inserted(self, index: int) -> None:
        """The department now at `index` of workbook.departments came in (the ones after it moved up by one)."""
        for group in self._groups:
            for node in group.departments:
                if node.index >= index:
                    node.index += 1
        self._insert_department(index)

    def department_removed(self, index: int) -> None:
        """The department that was at `index` left the workbook; an emptied year disappears."""
        found = self._locate_department(index)
        for group in self._groups:  # first, so the rows that stay read their own department while the row goes
            for node in group.departments:
                if node.index > index:
                    node.index -= 1
        if found is not None:
            self._remove_department_row(*found)

    def department_changed(self, index: int) -> None:
        """The department at `index` was edited: its name repaints; a new year moves it to that year's group."""
        found = self._locate_department(index)
        if found is None or index >= len(self._workbook.departments):
            return
        group_row, row = found
        if self._groups[group_row].year != self._workbook.departments[index].year:
            self._remove_department_row(group_row, row)
            self._insert_department(index)
            return
        parent = self.index(group_row, 0)
        self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 1, parent))

    def set_counts(self, counts: dict[int, ProblemCount]) -> None:
        """New problem counts, keyed by id(project); only column 1 repaints."""
        self._counts = counts
        self._repaint_counts()

    def set_department_counts(self, counts: dict[int, ProblemCount]) -> None:
        """New problem counts of the departments, keyed by index in workbook.departments."""
        if counts != self._department_counts:
            self._department_counts = counts
            self._repaint_counts()

    def _repaint_counts(self) -> None:
        self._year_errors = None
        for group_row, group in enumerate(self._groups):
            parent = self.index(group_row, 0)
            if group.rows():
                self.dataChanged.emit(
                    self.index(0, 1, parent), self.index(group.rows() - 1, 1, parent), [Qt.ItemDataRole.DisplayRole]
                )
            self.dataChanged.emit(self.index(group_row, 1), self.index(group_row, 1))

    # -- lookup --------------------------------------------------------------------------------------------------
    def index_of(self, project: Project, column: int = 0) -> QModelIndex:
        """The model index showing this project (invalid when it is not shown)."""
        found = self._locate(project)
        if found is None:
            return QModelIndex()
        group_row, row = found
        return self.index(len(self._groups[group_row].departments) + row, column, self.index(group_row, 0))

    def index_of_department(self, index: int, view: DepartmentView | None = None) -> QModelIndex:
        """The row of department `index` (of workbook.departments), or of its page `view`; invalid when not shown."""
        found = self._locate_department(index)
        if found is None:
            return QModelIndex()
        node_index = self.index(found[1], 0, self.index(found[0], 0))
        return node_index if view is None else self.index(_VIEWS.index(view), 0, node_index)

    def project_at(self, index: ModelIndex) -> Project | None:
        """The project of a row, or None for a year, department or page row."""
        if not index.isValid() or index.internalId() == _GROUP or index.internalId() >= _VIEW_BASE:
            return None
        group_row = self._group_row(index.internalId())
        if group_row is None:
            return None
        group = self._groups[group_row]
        row = index.row() - len(group.departments)
        return group.projects[row] if 0 <= row < len(group.projects) else None

    def department_at(self, index: ModelIndex) -> tuple[int, DepartmentView | None] | None:
        """(index in workbook.departments, page) of a department row (page None) or page row; None otherwise."""
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        if index.internalId() >= _VIEW_BASE:
            node = self._node_by_key(index.internalId())
            if node is None or not 0 <= index.row() < len(_VIEWS):
                return None
            return node.index, _VIEWS[index.row()]
        group_row = self._group_row(index.internalId())
        if group_row is None:
            return None
        departments = self._groups[group_row].departments
        return (departments[index.row()].index, None) if 0 <= index.row() < len(departments) else None

    def projects(self) -> list[Project]:
        """Every project shown, group by group."""
        return [p for group in self._groups for p in group.projects]

    def department_names(self) -> list[str]:
        """The names of the departments shown."""
        return [d.name.strip() for d in self._workbook.departments]

    def count_of(self, project: Project) -> ProblemCount:
        """The problem counts last set for this project."""
        return self._counts.get(id(project), ProblemCount())

    def first_project_index(self) -> QModelIndex:
        """The first project of the newest year (what the window selects on opening)."""
        for group_row, group in enumerate(self._groups):
            if group.projects:
                return self.index(len(group.departments), 0, self.index(group_row, 0))
        return QModelIndex()

    def _group_row(self, year: int) -> int | None:
        for group_row, group in enumerate(self._groups):  # a few years: a loop is quicker than any lookup table
            if group.year == year:
                return group_row
        return None

    def _ensure_group(self, year: int) -> int:
        group_row = self._group_row(year)
        if group_row is None:
            group_row = next((i for i, g in enumerate(self._groups) if g.year < year), len(self._groups))
            self.beginInsertRows(QModelIndex(), group_row, group_row)
            self._groups.insert(group_row, _YearGroup(year))
            self.endInsertRows()
        return group_row

    def _remove_group(self, group_row: int) -> None:
        self.beginRemoveRows(QModelIndex(), group_row, group_row)
        del self._groups[group_row]
        self.endRemoveRows()

    def _insert_department(self, index: int) -> None:
        department = self._workbook.departments[index]
        group_row = self._ensure_group(department.year)
        group = self._groups[group_row]
        row = next((i for i, node in enumerate(group.departments) if node.index > index), len(group.departments))
        self.beginInsertRows(self.index(group_row, 0), row, row)
        group.departments.insert(row, _DepartmentNode(index, next(self._keys)))
        self.endInsertRows()

    def _remove_department_row(self, group_row: int, row: int) -> None:
        group = self._groups[group_row]
        if group.rows() == 1:
            self._remove_group(group_row)
            return
        self.beginRemoveRows(self.index(group_row, 0), row, row)
        del group.departments[row]
        self.endRemoveRows()

    def _locate(self, project: Project) -> tuple[int, int] | None:
        for group_row, group in enumerate(self._groups):
            for row, candidate in enumerate(group.projects):
                if candidate is project:
                    return group_row, row
        return None

    def _locate_department(self, index: int) -> tuple[int, int] | None:
        for group_row, group in enumerate(self._groups):
            for row, node in enumerate(group.departments):
                if node.index == index:
                    return group_row, row
        return None

    def _node_by_key(self, key: int) -> _DepartmentNode | None:
        for group in self._groups:
            for node in group.departments:
                if node.key == key:
                    return node
        return None

    def _node_position(self, key: int) -> tuple[int, int] | None:
        for group_row, group in enumerate(self._groups):
            for row, node in enumerate(group.departments):
                if node.key == key:
                    return group_row, row
        return None

    def _department(self, node_index: int) -> Department | None:
        departments = self._workbook.departments
        return departments[node_index] if 0 <= node_index < len(departments) else None

    # -- QAbstractItemModel ----------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column > 1 or row < 0:
            return QModelIndex()
        group_row = parent.row()  # -1: no parent (as few calls into Qt as can be: this runs for every row)
        if group_row < 0:
            return self.createIndex(row, column, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() == _GROUP:  # a year's rows: asked for each of them whenever the list is laid out
            groups = self._groups
            if group_row >= len(groups):
                return QModelIndex()
            group = groups[group_row]
            if row < len(group.departments) + len(group.projects):
                return self.createIndex(row, column, group.year)
            return QModelIndex()
        found = self.department_at(parent)
        if found is None or found[1] is not None or parent.column() != 0 or row >= len(_VIEWS):
            return QModelIndex()
        group = self._groups[self._group_row(parent.internalId()) or 0]
        return self.createIndex(row, column, group.departments[parent.row()].key)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        if index.internalId() >= _VIEW_BASE:
            position = self._node_position(index.internalId())
            if position is None:
                return QModelIndex()
            return self.createIndex(position[1], 0, self._groups[position[0]].year)
        group_row = self._group_row(index.internalId())
        return QModelIndex() if group_row is None else self.createIndex(group_row, 0, _GROUP)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0:
            return 0
        if parent.internalId() == _GROUP:
            return self._groups[parent.row()].rows() if parent.row() < len(self._groups) else 0
        found = self.department_at(parent)
        return len(_VIEWS) if found is not None and found[1] is None else 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("项目", "问题")[section] if section in (0, 1) else None
        return None

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        # Asked for every row when a year is laid out: a project row answers at once (the default asks rowCount).
        row = parent.row()  # -1: no parent
        if row < 0:
            return bool(self._groups)
        key = parent.internalId()
        if key != _GROUP and key < _VIEW_BASE:  # a department (its pages) or a project
            if parent.column() != 0:
                return False
            for group in self._groups:
                if group.year == key:
                    return row < len(group.departments)
            return False
        return self.rowCount(parent) > 0

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if index.internalId() == _GROUP:
            return self._group_data(index, role)
        found = self.department_at(index)
        if found is not None:
            return self._department_data(index, found[0], found[1], role)
        project = self.project_at(index)
        if project is None:
            return None
        count = self._counts.get(id(project), ProblemCount())
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return ("🔒 " if project.status is Status.FINAL else "") + project.display_name()
            return count.text()
        if role == Qt.ItemDataRole.ToolTipRole:
            code = f"\n项目编码：{project.code}" if project.code else ""
            final = "\n已定稿" if project.status is Status.FINAL else ""
            return f"{project.display_name()}{code}{final}\n错误 {count.errors} 个，提示 {count.warnings} 个"
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor("#b00020") if count.errors else QColor("#8a6d00")
        if role == PROJECT_ROLE:
            return project
        if role == COUNT_ROLE:
            return count
        if role == SEARCH_ROLE:
            return f"{project.name or ''}\n{project.code or ''}".casefold()
        return None

    def _department_data(self, index: ModelIndex, node_index: int, view: DepartmentView | None, role: int) -> Any:
        department = self._department(node_index)
        if department is None:
            return None
        count = self._department_counts.get(node_index, ProblemCount())
        if role == DEPARTMENT_ROLE:
            return department
        if role == VIEW_ROLE:
            return view
        if role == SEARCH_ROLE:
            return f"{department.name}\n{department.code or ''}".casefold()
        if role == COUNT_ROLE:
            return count
        if view is not None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return view.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{department.display_name()} › {view.label}"
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{department.name or '（未命名部门）'}" if index.column() == 0 else count.text()
        if role == Qt.ItemDataRole.ToolTipRole:
            code = f"\n部门编码：{department.code}" if department.code else ""
            return f"{department.display_name()}{code}\n错误 {count.errors} 个，提示 {count.warnings} 个"
        if role == Qt.ItemDataRole.FontRole and index.column() == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor("#b00020") if count.errors else QColor("#8a6d00")
        return None

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        group = self._groups[index.row()] if index.row() < len(self._groups) else None
        if group is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"{group.year} 年度（{len(group.projects)} 个项目）"
            errors = self._errors_by_year().get(group.year, 0)
            return f"✖ {errors}" if errors else ""
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QColor("#b00020")
        return None

    def _forget_year_errors(self, *_: object) -> None:
        self._year_errors = None

    def _errors_by_year(self) -> dict[int, int]:
        if self._year_errors is None:
            counts, departments = self._counts, self._department_counts
            if not counts and not departments:  # nothing checked yet (the first paint): no project to look at
                self._year_errors = {}
                return self._year_errors
            self._year_errors = {
                group.year: sum(counts[id(p)].errors for p in group.projects if id(p) in counts)
                + sum(departments[n.index].errors for n in group.departments if n.index in departments)
                for group in self._groups
            }
        return self._year_errors
