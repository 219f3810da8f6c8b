"""The left panel: a search box and filters over the workbook's departments and projects grouped by year.

The model is in project_tree_model.py; what is shown and in which order (search, 只看有错误 / 只看草稿 / department,
sorting) is the proxy in project_filter.py. The tree shows the proxy only while it filters or sorts: unfiltered, in
the workbook's order, it shows the model itself, so laying out a year of 5 000 projects asks Python a fifth as often.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.domain.model import Project
from desktop.ui.department.part import DepartmentView
from desktop.ui.panels.project_filter import ProjectFilter, Show, SortBy
from desktop.ui.panels.project_tree_model import DEPARTMENT_ROLE, ProjectTreeModel
from desktop.ui.validation_state import ProblemCount

__all__ = ["ProblemCount", "ProjectFilter", "ProjectListPanel", "ProjectTreeModel"]
_ALL_DEPARTMENTS = "全部部门"


class _ProjectTree(QTreeView):
    """Enter opens the selected project's form (or the department page)."""

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
    current_department_changed = Signal(object)
    """(index in workbook.departments, DepartmentView) of the department row or page row now current; None when
    the current row is not a department's."""
    department_open_requested = Signal()
    """Enter on a department row or one of its pages: move the keyboard to the page."""
    selection_changed = Signal()
    """The selected rows changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProjectTreeModel(self)
        self.proxy = ProjectFilter(self)  # over the model only while the tree shows it (`_show_model`)
        self.proxy.set_counts(self.model.count_of)
        self._moving = False
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("搜索项目名称或编码（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self._focus_first_match)
        self.show_filter = QComboBox(self)
        self.show_filter.setToolTip("只看有错误的项目，或只看尚未定稿的草稿")
        for show in Show:
            self.show_filter.addItem(show.value, show)
        self.sort_by = QComboBox(self)
        self.sort_by.setToolTip("每个年度中项目的排列顺序")
        for sort_by in SortBy:
            self.sort_by.addItem(sort_by.value, sort_by)
        self.department = QComboBox(self)
        self.department.setToolTip("只看一个主管部门的项目")
        self.department.addItem(_ALL_DEPARTMENTS, None)
        self.show_filter.currentIndexChanged.connect(self._filters_changed)
        self.department.currentIndexChanged.connect(self._filters_changed)
        self.sort_by.currentIndexChanged.connect(self._filters_changed)
        self.tree = _ProjectTree(self)
        self._show_model(self.model)
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
        self.tree.activated_by_key.connect(self._open_current)
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.modelReset.connect(self.expand_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 4)
        layout.addWidget(self.search)
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        # One row under the search box: the list must not make the window's minimum height any taller (the
        # indicator tree and the findings panel share what is left on a 1366×768 screen).
        for combo in (self.show_filter, self.sort_by, self.department):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
            filters.addWidget(combo, 1)
        layout.addLayout(filters)
        layout.addWidget(self.tree)
        self.model.modelReset.connect(self.refresh_departments)
        self.model.rowsInserted.connect(lambda *_: self.refresh_departments())
        self.model.rowsRemoved.connect(lambda *_: self.refresh_departments())

    def _show_model(self, model: ProjectTreeModel | ProjectFilter) -> None:
        """Let the tree show `model` (the model itself, or the proxy while it filters or sorts). A proxy the tree does
        not show is taken off the model, or it would map every row again whenever the counts change."""
        if model is self.proxy:
            self.proxy.setSourceModel(self.model)
        self.tree.setModel(model)
        if model is not self.proxy:
            self.proxy.setSourceModel(None)  # type: ignore[arg-type]
        selection = self.tree.selectionModel()  # a new one with every model
        selection.currentChanged.connect(self._current_changed)
        selection.selectionChanged.connect(lambda *_: self.selection_changed.emit())

    def _follow_filter(self) -> bool:
        """The tree shows the proxy while a filter or a sort other than the workbook's is on, else the model; True
        when it changed (the row that was current is then to be made current again)."""
        wanted = (
            self.proxy if self.proxy.is_filtering() or self.sort_by.currentData() is not SortBy.WORKBOOK else self.model
        )
        if self.tree.model() is wanted:
            return False
        self._show_model(wanted)
        self.expand_all()
        return True

    def _source(self, index: QModelIndex) -> QModelIndex:
        """The model's index of a row of the tree."""
        return self.proxy.mapToSource(index) if self.tree.model() is self.proxy else QModelIndex(index)

    def _shown(self, source: QModelIndex) -> QModelIndex:
        """The tree's row of a model index (invalid when a filter hides it)."""
        return self.proxy.mapFromSource(source) if self.tree.model() is self.proxy else QModelIndex(source)

    def shown_index_of(self, project: Project) -> QModelIndex:
        """The tree's row of `project` (invalid when not shown)."""
        return self._shown(self.model.index_of(project))

    def proxy_projects(self) -> list[Project]:
        """The projects the list shows now, top to bottom."""
        out: list[Project] = []

        shown = self.tree.model()

        def walk(parent: QModelIndex) -> None:
            for row in range(shown.rowCount(parent)):
                index = shown.index(row, 0, parent)
                project = self.model.project_at(self._source(index))
                if project is not None:
                    out.append(project)
                else:
                    walk(index)

        walk(QModelIndex())
        return out

    def keyboard_order(self) -> list[QWidget]:
        """The panel's widgets in Tab order: search, the filters, the list."""
        return [self.search, self.show_filter, self.sort_by, self.department, self.tree]

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search box with its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_project(self) -> Project | None:
        """The project whose form is shown."""
        return self.model.project_at(self._source(self.tree.currentIndex()))

    def selected_projects(self) -> list[Project]:
        """The selected projects in list order (a selected year row counts as all of its projects)."""
        chosen: list[Project] = []
        seen: set[int] = set()
        for proxy_index in self.tree.selectionModel().selectedRows(0):
            source = self._source(proxy_index)
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
        proxy_index = self._shown(source)
        if not proxy_index.isValid():  # hidden by the search or a filter: show everything rather than nothing
            self.clear_filters()
            proxy_index = self._shown(source)
        self.tree.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(proxy_index)

    def current_department(self) -> tuple[int, DepartmentView] | None:
        """(index in workbook.departments, page) of the current department row (its 部门概况) or page row."""
        found = self.model.department_at(self._source(self.tree.currentIndex()))
        if found is None:
            return None
        return found[0], found[1] or DepartmentView.OVERVIEW

    def select_department(self, index: int, view: DepartmentView | None = None) -> bool:
        """Make department `index`'s row (or its page `view`'s row) current, clearing a filter that hides it;
        False when the list does not show that department."""
        source = self.model.index_of_department(index, view)
        if not source.isValid():
            return False
        proxy_index = self._shown(source)
        if not proxy_index.isValid():
            self.clear_filters()
            proxy_index = self._shown(source)
        self.tree.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(proxy_index)
        return True

    def focus_list(self) -> None:
        """Put the keyboard back on the list, on the current row."""
        self.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select_first(self) -> None:
        """Select the first project shown (opening a workbook); a workbook with departments only: the first
        department's 部门概况."""
        first = self.model.project_at(self.model.first_project_index())
        if first is None:
            found = self.model.department_at(self.model.index(0, 0, self.model.index(0, 0)))
            if found is not None and self.select_department(found[0], DepartmentView.OVERVIEW):
                return
        self.select_project(first)

    def expand_all(self) -> None:
        """Every year open, and in it every department's pages: what QTreeView.expandAll does, without asking each of
        a year's projects whether it has rows below (5 000 questions on a big workbook)."""
        shown = self.tree.model()
        for row in range(shown.rowCount()):
            year = shown.index(row, 0)
            self.tree.expand(year)
            for child_row in range(shown.rowCount(year)):
                child = shown.index(child_row, 0, year)
                if not isinstance(child.data(DEPARTMENT_ROLE), Department):
                    break  # a year lists its departments first, then its projects
                self.tree.expand(child)

    def _search_changed(self, text: str) -> None:
        current, department = self.current_project(), self._current_department_row()
        self.proxy.set_search(text)
        if self._follow_filter():
            self._keep_shown(department, current)
        self.expand_all()

    def clear_filters(self) -> None:
        """Show every project: the search box emptied, 全部项目, 全部部门 (the order stays)."""
        for combo in (self.show_filter, self.department):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.proxy.clear_filters()
        self.search.clear()
        self._follow_filter()
        self.expand_all()

    def _filters_changed(self, _index: int = 0) -> None:
        current = self.current_project()
        shown_department = self._current_department_row()
        show, sort_by = self.show_filter.currentData(), self.sort_by.currentData()
        department = self.department.currentData()
        if isinstance(show, Show):
            self.proxy.set_show(show)
        self.proxy.set_department(department if isinstance(department, str) else None)
        if isinstance(sort_by, SortBy):
            self.proxy.set_sort(sort_by)
        self._follow_filter()
        self.expand_all()
        self._keep_shown(shown_department, current)

    def _keep_shown(self, department: tuple[int, DepartmentView | None] | None, current: Project | None) -> None:
        """After a filter change: the department row or the project that was current stays so if still shown."""
        if not self._keep_department_shown(department):
            self._keep_a_project_shown(current)

    def refilter(self) -> None:
        """The counts changed (a check finished): a filter on errors or a sort by findings follows them."""
        if self.proxy.is_filtering() or self.sort_by.currentData() is not SortBy.WORKBOOK:
            current = self.current_project()
            department = self._current_department_row()
            self.proxy.refresh()
            self.expand_all()
            self._keep_shown(department, current)

    def _current_department_row(self) -> tuple[int, DepartmentView | None] | None:
        return self.model.department_at(self._source(self.tree.currentIndex()))

    def _keep_department_shown(self, department: tuple[int, DepartmentView | None] | None) -> bool:
        """The department row that was current stays current when the filter keeps it."""
        if department is None:
            return False
        index = self._shown(self.model.index_of_department(*department))
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        return True

    def _keep_a_project_shown(self, current: Project | None) -> None:
        """The project on screen stays current when the filter keeps it; otherwise the first one shown is."""
        if current is not None:
            index = self._shown(self.model.index_of(current))
            if index.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.tree.scrollTo(index)
                return
        first = self._first_shown()
        if first.isValid():
            self.tree.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        else:
            self.tree.setCurrentIndex(QModelIndex())
            if current is not None:  # nothing left to show: neither is the form of a project the list hides
                self.current_project_changed.emit(None)

    def _first_shown(self, parent: QModelIndex | None = None) -> QModelIndex:
        parent = parent if parent is not None else QModelIndex()
        shown = self.tree.model()
        for row in range(shown.rowCount(parent)):
            index = shown.index(row, 0, parent)
            if self.model.project_at(self._source(index)) is not None:
                return index
            below = self._first_shown(index)
            if below.isValid():
                return below
        return QModelIndex()

    def refresh_departments(self) -> None:
        """The department choices: every 主管部门 named in the workbook (the chosen one kept)."""
        named = {p.department.name for p in self.model.projects()}  # a few names, each stripped once below
        names = sorted(({(name or "").strip() for name in named} | set(self.model.department_names())) - {""})
        chosen = self.department.currentData()
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem(_ALL_DEPARTMENTS, None)
        for name in names:
            self.department.addItem(name, name)
        at = self.department.findData(chosen) if isinstance(chosen, str) else 0
        self.department.setCurrentIndex(max(at, 0))
        self.department.blockSignals(False)
        self.department.setVisible(len(names) > 1)
        if isinstance(chosen, str) and at < 0:
            self._filters_changed()

    def _focus_first_match(self) -> None:
        first = self._first_shown()
        if first.isValid():
            self.tree.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

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

    def department_changed(self, index: int) -> None:
        """Department `index` was edited; a new year moves its rows, and the row that was current stays current
        without anyone being told (the clerk is still typing on its page)."""
        current = self._current_department_row()
        self._moving = True
        try:
            self.model.department_changed(index)
            if current is not None and current[0] == index and self._current_department_row() != current:
                self.select_department(*current)
        finally:
            self._moving = False
        self.refresh_departments()

    def _add_to_selection(self, project: Project) -> None:
        source = self.model.index_of(project)
        proxy_index = self._shown(source) if source.isValid() else QModelIndex()
        if proxy_index.isValid():
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            self.tree.selectionModel().select(proxy_index, flags)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._moving:
            self.current_project_changed.emit(self.model.project_at(self._source(current)))
            self.current_department_changed.emit(self.current_department())

    def _open_current(self) -> None:
        if self.current_department() is not None:
            self.department_open_requested.emit()
        else:
            self.open_requested.emit()

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        self.tree.expand(self._shown(parent))
        for row in range(first, last + 1):  # a new department shows its four pages at once
            child = self.model.index(row, 0, parent)
            if self.model.rowCount(child):
                self.tree.expand(self._shown(child))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Down from the search box goes to the list, as in every search-as-you-type list.
        if event.key() == Qt.Key.Key_Down and self.search.hasFocus():
            self._focus_first_match()
            return
        # Esc in the search box clears it, as in every search-as-you-type list.
        if event.key() == Qt.Key.Key_Escape and self.search.hasFocus() and self.search.text():
            self.search.clear()
            event.accept()
            return
        super().keyPressEvent(event)
