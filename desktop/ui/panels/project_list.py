"""The left panel: a search box over the workbook's projects grouped by year (the model is in project_tree_model.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLineEdit, QTreeView, QVBoxLayout, QWidget

from desktop.domain.model import Project
from desktop.ui.panels.project_tree_model import SEARCH_ROLE, ModelIndex, ProjectTreeModel
from desktop.ui.validation_state import ProblemCount

__all__ = ["ProblemCount", "ProjectFilter", "ProjectListPanel", "ProjectTreeModel"]


class ProjectFilter(QSortFilterProxyModel):
    """Keeps projects whose name or code contains the search text; a year stays while one of its projects does."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        # Re-filtering on every dataChanged (each count update) costs ~0.4 s on 1 000 projects; the search is
        # re-applied whenever its text changes, which is when it matters.
        self.setDynamicSortFilter(False)
        self._needle = ""

    def set_search(self, text: str) -> None:
        """Filter by this text (case-insensitive; blank shows all)."""
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.10
            self._needle = text.strip().casefold()
            self.invalidateFilter()
            return
        self.beginFilterChange()
        self._needle = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        if not self._needle:
            return True
        if not source_parent.isValid():
            return False  # a year row is kept only through its matching projects (recursive filtering)
        index = self.sourceModel().index(source_row, 0, source_parent)
        return self._needle in str(index.data(SEARCH_ROLE) or "")


class _ProjectTree(QTreeView):
    """Enter opens the selected project's form."""

    activated_by_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().parent().isValid():
            self.activated_by_key.emit()
            return
        super().keyPressEvent(event)


class ProjectListPanel(QWidget):
    """Search box over the grouped project tree; emits the current project and the selection."""

    current_project_changed = Signal(object)
    """The project whose form to show (None when a year row or nothing is current)."""
    open_requested = Signal()
    """Enter on a project: move the keyboard to its form."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProjectTreeModel(self)
        self.proxy = ProjectFilter(self)
        self.proxy.setSourceModel(self.model)
        self._moving = False
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索项目名称或编码（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._focus_first_match)
        self.tree = _ProjectTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setHeaderHidden(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A fixed width: ResizeToContents would read every row's data on each count update (slow on 1 000 projects).
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, self.fontMetrics().horizontalAdvance("✖ 99 ⚠ 99") + 12)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.activated_by_key.connect(self.open_requested)
        self.model.rowsInserted.connect(lambda parent, *_: self.tree.expand(self.proxy.mapFromSource(parent)))
        self.model.modelReset.connect(self.tree.expandAll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.tree)

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box with its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_project(self) -> Project | None:
        """The project whose form is shown."""
        return self.model.project_at(self.proxy.mapToSource(self.tree.currentIndex()))

    def selected_projects(self) -> list[Project]:
        """The selected projects in list order (a selected year row counts as all of its projects)."""
        chosen: list[Project] = []
        seen: set[int] = set()
        for proxy_index in self.tree.selectionModel().selectedRows(0):
            source = self.proxy.mapToSource(proxy_index)
            project = self.model.project_at(source)
            group = [project] if project is not None else self._projects_under(source)
            for candidate in group:
                if id(candidate) not in seen:
                    seen.add(id(candidate))
                    chosen.append(candidate)
        return chosen

    def _projects_under(self, group_index: QModelIndex) -> list[Project]:
        out = []
        for row in range(self.model.rowCount(group_index)):
            project = self.model.project_at(self.model.index(row, 0, group_index))
            if project is not None:
                out.append(project)
        return out

    def select_project(self, project: Project | None) -> None:
        """Make this project current and the only selected one (clearing a search that hides it)."""
        if project is None:
            self.tree.setCurrentIndex(QModelIndex())
            return
        source = self.model.index_of(project)
        if not source.isValid():
            return
        proxy_index = self.proxy.mapFromSource(source)
        if not proxy_index.isValid():
            self.search.clear()
            proxy_index = self.proxy.mapFromSource(source)
        self.tree.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(proxy_index)

    def select_first(self) -> None:
        """Select the first project shown (opening a workbook)."""
        first = self.model.project_at(self.model.first_project_index())
        self.select_project(first)

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self.tree.expandAll()

    def _focus_first_match(self) -> None:
        for group_row in range(self.proxy.rowCount()):
            group = self.proxy.index(group_row, 0)
            if self.proxy.rowCount(group):
                first = self.proxy.index(0, 0, group)
                self.tree.selectionModel().setCurrentIndex(
                    first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def project_changed(self, project: Project) -> None:
        """A project's name, status or year changed. A new year moves its row to that year's group; the project
        stays current and selected, and nobody is told the current project changed (the clerk is still typing in
        its form)."""
        selected = self.selected_projects()
        current = self.current_project()
        self._moving = True
        try:
            self.model.project_changed(project)
            if current is not None and self.current_project() is not current:
                self.select_project(current)
                for other in selected:
                    if other is not current:
                        self._add_to_selection(other)
        finally:
            self._moving = False

    def _add_to_selection(self, project: Project) -> None:
        source = self.model.index_of(project)
        proxy_index = self.proxy.mapFromSource(source) if source.isValid() else QModelIndex()
        if proxy_index.isValid():
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            self.tree.selectionModel().select(proxy_index, flags)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._moving:
            self.current_project_changed.emit(self.model.project_at(self.proxy.mapToSource(current)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Down from the search box goes to the list, as in every search-as-you-type list.
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            self._focus_first_match()
            return
        super().keyPressEvent(event)
