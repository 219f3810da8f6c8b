"""What the project list shows and in which order: the search text, 只看有错误 / 只看草稿 / one department, and
sorting by name, amount or number of findings.

All of it lives in this proxy over the project model, so the model (years, and whatever groups are added later)
stays a plain mirror of the workbook. A row is a project when it carries PROJECT_ROLE; any other row is a group,
kept while one of its projects is (recursive filtering), and its heading counts what the filter shows. A department
row (and its four pages) stays when the search matches its name or code, the department filter names it, and under
只看有错误 when its D rules found an error; departments are never final, so 只看草稿 keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from desktop.domain.department.model import Department
from desktop.domain.model import Project, Status
from desktop.ui.panels.project_tree_model import COUNT_ROLE, DEPARTMENT_ROLE, PROJECT_ROLE, SEARCH_ROLE, ModelIndex
from desktop.ui.validation_state import ProblemCount

_GROUP_COUNT = re.compile(r"（(\d+) 个项目）")


class Show(Enum):
    """Which projects the list shows."""

    ALL = "全部项目"
    ERRORS = "只看有错误"
    DRAFTS = "只看草稿"


class SortBy(Enum):
    """The order of projects inside each group."""

    WORKBOOK = "按录入顺序"
    NAME = "按名称"
    AMOUNT = "按金额（大→小）"
    FINDINGS = "按问题数（多→少）"


def _department(project: Project) -> str:
    return "".join((project.department.name or "").split())


class ProjectFilter(QSortFilterProxyModel):
    """Keeps projects matching the search and the filters; groups stay while one of their projects does."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        # Re-filtering on every dataChanged (each count update) costs ~0.4 s on 1 000 projects; the filter is
        # re-applied whenever the clerk changes it, which is when it matters.
        self.setDynamicSortFilter(False)
        self._needle = ""
        self._show = Show.ALL
        self._department: str | None = None
        self._sort = SortBy.WORKBOOK
        self._counts: Callable[[Project], ProblemCount] = lambda _p: ProblemCount()

    # -- what to show --------------------------------------------------------------------------------------------
    def set_counts(self, counts: Callable[[Project], ProblemCount]) -> None:
        """Where the findings counts come from (only errors filter and the findings sort need them)."""
        self._counts = counts

    def set_search(self, text: str) -> None:
        """Filter by this text (case-insensitive; blank shows all)."""
        self._change(lambda: setattr(self, "_needle", text.strip().casefold()))

    def set_show(self, show: Show) -> None:
        """全部项目 / 只看有错误 / 只看草稿."""
        self._change(lambda: setattr(self, "_show", show))

    def set_department(self, name: str | None) -> None:
        """Only the projects of this 主管部门 (None: every department)."""
        wanted = "".join(name.split()) if name else None
        self._change(lambda: setattr(self, "_department", wanted))

    def set_sort(self, sort_by: SortBy) -> None:
        """Order projects inside each group; 按录入顺序 is the workbook's own order."""
        self._sort = sort_by
        self.refresh()

    def refresh(self) -> None:
        """Apply the filter and the order again (the counts or the projects changed)."""
        self._change(lambda: None)
        if self._sort is SortBy.WORKBOOK:
            self.sort(-1)
        else:
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def is_filtering(self) -> bool:
        """True when some project may be hidden."""
        return bool(self._needle) or self._show is not Show.ALL or self._department is not None

    def clear_filters(self) -> None:
        """Show every project again (the search box is cleared by its owner)."""

        def show_all() -> None:
            self._show = Show.ALL
            self._department = None

        self._change(show_all)

    def _change(self, update: Callable[[], object]) -> None:
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.10
            update()
            self.invalidateFilter()
            return
        self.beginFilterChange()
        update()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def accepts(self, project: Project) -> bool:
        """True when the filters (not the search) keep this project."""
        if self._show is Show.ERRORS and not self._counts(project).errors:
            return False
        if self._show is Show.DRAFTS and project.status is not Status.DRAFT:
            return False
        return self._department is None or _department(project) == self._department

    def accepts_department(self, department: Department, count: object) -> bool:
        """True when the filters (not the search) keep this department's rows."""
        if self._show is Show.ERRORS and not (isinstance(count, ProblemCount) and count.errors):
            return False
        return self._department is None or "".join(department.name.split()) == self._department

    # -- QSortFilterProxyModel -----------------------------------------------------------------------------------
    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._needle and self._show is Show.ALL and self._department is None:
            return True  # is_filtering() spelled out: this runs for every row of a 5 000-project list
        index = self.sourceModel().index(source_row, 0, source_parent)
        department = index.data(DEPARTMENT_ROLE)
        if isinstance(department, Department):
            if self._needle and self._needle not in str(index.data(SEARCH_ROLE) or ""):
                return False
            return self.accepts_department(department, index.data(COUNT_ROLE))
        project = index.data(PROJECT_ROLE)
        if not isinstance(project, Project):
            return False  # a group is kept only through its matching projects (recursive filtering)
        if self._needle and self._needle not in str(index.data(SEARCH_ROLE) or ""):
            return False
        return self.accepts(project)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        a, b = left.data(PROJECT_ROLE), right.data(PROJECT_ROLE)
        if not isinstance(a, Project) or not isinstance(b, Project):
            return left.row() < right.row()  # groups keep their order (newest year first)
        return self._key(a, left.row()) < self._key(b, right.row())

    def _key(self, project: Project, row: int) -> tuple[Any, ...]:
        if self._sort is SortBy.NAME:
            return (project.display_name(), row)
        if self._sort is SortBy.AMOUNT:
            total = project.funds.total
            return (total is None, -(total if total is not None else Decimal(0)), row)
        if self._sort is SortBy.FINDINGS:
            count = self._counts(project)
            return (-count.errors, -count.warnings, row)
        return (row,)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = super().data(index, role)
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() == 0
            and isinstance(value, str)
            and self.is_filtering()
            and not isinstance(index.data(PROJECT_ROLE), Project)
        ):
            shown = self._projects_below(index, proxy=True)
            total = self._projects_below(self.mapToSource(index), proxy=False)
            return _GROUP_COUNT.sub(f"（{shown} / {total} 个项目）", value)
        return value

    def _projects_below(self, index: QModelIndex | QPersistentModelIndex, *, proxy: bool) -> int:
        model = self if proxy else self.sourceModel()
        count = 0
        for row in range(model.rowCount(index)):
            child = model.index(row, 0, index)
            count += 1 if isinstance(child.data(PROJECT_ROLE), Project) else self._projects_below(child, proxy=proxy)
        return count
