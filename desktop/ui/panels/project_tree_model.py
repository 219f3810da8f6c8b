"""The model behind the project list: years (newest first) holding their projects, with each one's problem counts.

Opening a workbook resets it; every later change (insert, remove, rename, a year changed) touches only its rows, so
the list keeps its selection and scroll position while the clerk works.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.domain.model import Project, Status, Workbook
from desktop.ui.validation_state import ProblemCount

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
_GROUP = 0  # internalId of year rows; project rows carry their year (never 0) so parent() finds the group

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass
class _YearGroup:
    year: int
    projects: list[Project] = field(default_factory=list)


class ProjectTreeModel(QAbstractItemModel):
    """Years (newest first) holding their projects in workbook order; column 1 shows problem counts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_YearGroup] = []
        self._workbook = Workbook()
        self._counts: dict[int, ProblemCount] = {}

    # -- feeding -------------------------------------------------------------------------------------------------
    def set_workbook(self, workbook: Workbook) -> None:
        """Show a whole workbook (opening a file is the one time a reset is right)."""
        self.beginResetModel()
        self._workbook = workbook
        self._groups = []
        for project in workbook.projects:
            self._group_for(project.year, create=True).projects.append(project)
        self._groups.sort(key=lambda g: -g.year)
        self._counts = {}
        self.endResetModel()

    def project_inserted(self, project: Project) -> None:
        """A project was put into the workbook; place it in its year by workbook order."""
        group_row = self._group_row(project.year)
        if group_row is None:
            group_row = next((i for i, g in enumerate(self._groups) if g.year < project.year), len(self._groups))
            self.beginInsertRows(QModelIndex(), group_row, group_row)
            self._groups.insert(group_row, _YearGroup(project.year))
            self.endInsertRows()
        group = self._groups[group_row]
        order = {id(p): i for i, p in enumerate(self._workbook.projects)}
        mine = order.get(id(project), len(order))
        row = next(
            (i for i, p in enumerate(group.projects) if order.get(id(p), len(order)) > mine), len(group.projects)
        )
        self.beginInsertRows(self.index(group_row, 0), row, row)
        group.projects.insert(row, project)
        self.endInsertRows()

    def project_removed(self, project: Project) -> None:
        """A project left the workbook; an emptied year disappears."""
        found = self._locate(project)
        if found is None:
            return
        group_row, row = found
        group = self._groups[group_row]
        if len(group.projects) == 1:
            self.beginRemoveRows(QModelIndex(), group_row, group_row)
            del self._groups[group_row]
            self.endRemoveRows()
            return
        self.beginRemoveRows(self.index(group_row, 0), row, row)
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
        self.dataChanged.emit(self.index(row, 0, parent), self.index(row, 1, parent))

    def set_counts(self, counts: dict[int, ProblemCount]) -> None:
        """New problem counts, keyed by id(project); only column 1 repaints."""
        self._counts = counts
        for group_row, group in enumerate(self._groups):
            parent = self.index(group_row, 0)
            if group.projects:
                self.dataChanged.emit(
                    self.index(0, 1, parent),
                    self.index(len(group.projects) - 1, 1, parent),
                    [Qt.ItemDataRole.DisplayRole],
                )
            self.dataChanged.emit(self.index(group_row, 1), self.index(group_row, 1))

    # -- lookup --------------------------------------------------------------------------------------------------
    def index_of(self, project: Project, column: int = 0) -> QModelIndex:
        """The model index showing this project (invalid when it is not shown)."""
        found = self._locate(project)
        if found is None:
            return QModelIndex()
        return self.index(found[1], column, self.index(found[0], 0))

    def project_at(self, index: ModelIndex) -> Project | None:
        """The project of a row, or None for a year row."""
        if not index.isValid() or index.internalId() == _GROUP:
            return None
        group_row = self._group_row(index.internalId())
        if group_row is None:
            return None
        projects = self._groups[group_row].projects
        return projects[index.row()] if 0 <= index.row() < len(projects) else None

    def projects(self) -> list[Project]:
        """Every project shown, group by group."""
        return [p for group in self._groups for p in group.projects]

    def count_of(self, project: Project) -> ProblemCount:
        """The problem counts last set for this project."""
        return self._counts.get(id(project), ProblemCount())

    def first_project_index(self) -> QModelIndex:
        """The first project of the newest year (what the window selects on opening)."""
        for group_row, group in enumerate(self._groups):
            if group.projects:
                return self.index(0, 0, self.index(group_row, 0))
        return QModelIndex()

    def _group_row(self, year: int) -> int | None:
        return next((i for i, g in enumerate(self._groups) if g.year == year), None)

    def _group_for(self, year: int, create: bool) -> _YearGroup:
        row = self._group_row(year)
        if row is not None:
            return self._groups[row]
        group = _YearGroup(year)
        self._groups.append(group)
        return group

    def _locate(self, project: Project) -> tuple[int, int] | None:
        for group_row, group in enumerate(self._groups):
            for row, candidate in enumerate(group.projects):
                if candidate is project:
                    return group_row, row
        return None

    # -- QAbstractItemModel ----------------------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column > 1 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _GROUP) if row < len(self._groups) else QModelIndex()
        if parent.internalId() != _GROUP or parent.row() >= len(self._groups):
            return QModelIndex()
        group = self._groups[parent.row()]
        return self.createIndex(row, column, group.year) if row < len(group.projects) else QModelIndex()

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == _GROUP:
            return QModelIndex()
        group_row = self._group_row(index.internalId())
        return QModelIndex() if group_row is None else self.createIndex(group_row, 0, _GROUP)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _GROUP and parent.column() == 0 and parent.row() < len(self._groups):
            return len(self._groups[parent.row()].projects)
        return 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("项目", "问题")[section] if section in (0, 1) else None
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP:
            return self._group_data(index, role)
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
            return QBrush(QColor("#b00020") if count.errors else QColor("#8a6d00"))
        if role == PROJECT_ROLE:
            return project
        if role == SEARCH_ROLE:
            return f"{project.name or ''}\n{project.code or ''}".casefold()
        return None

    def _group_data(self, index: ModelIndex, role: int) -> Any:
        group = self._groups[index.row()] if index.row() < len(self._groups) else None
        if group is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return f"{group.year} 年度（{len(group.projects)} 个项目）"
            errors = sum(self._counts.get(id(p), ProblemCount()).errors for p in group.projects)
            return f"✖ {errors}" if errors else ""
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QBrush(QColor("#b00020"))
        return None
