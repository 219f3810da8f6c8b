"""The department page of the window's central area: one editor per `DepartmentView`, shown one at a time.

The left pane chooses a department (its index in `workbook.departments`) and a view; the page creates that view's
editor on first show (`factories.PART_FACTORIES`), hands it the department and raises it. The page keeps the index
right when departments are added or removed before it (undo of a new department, say) and tells every editor made so
far; each editor refreshes itself from the document's `department_changed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.storage.department_rows import content_problem
from desktop.templates.department_tables import TABLE_IDS
from desktop.ui.department.factories import PART_FACTORIES
from desktop.ui.department.part import DepartmentView, PartEditor, department_at
from desktop.ui.document import WorkbookDocument

if TYPE_CHECKING:  # findings are made by the checks, after the window has painted
    from desktop.domain.findings import Location

# Finding tables that live on the 部门预算 page besides the computed tables: entered facts, the printed 公开清单.
_BUDGET_EXTRA = frozenset({"facts", "public_list", "budget"})
_EXPLANATION_TABLES = frozenset({"explanations", "notes"})
_TARGET_TABLES = frozenset({"target", "overall_target"})


class _Unset:
    """`show()` called as QWidget.show, without a department."""


_UNSET = _Unset()


def view_for_location(location: Location) -> DepartmentView:
    """The page that holds the place a department finding points at (by `location.table`)."""
    table = location.table
    if table is not None and (table in TABLE_IDS or table in _BUDGET_EXTRA):
        return DepartmentView.BUDGET
    if table in _EXPLANATION_TABLES:
        return DepartmentView.EXPLANATION
    if table in _TARGET_TABLES:
        return DepartmentView.TARGET
    return DepartmentView.OVERVIEW


class DepartmentPage(QStackedWidget):
    """The central area's department half: `show(index, view)` picks the department and the page."""

    current_changed = Signal()
    """The department or the view shown changed (the window updates its department actions)."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("department_page")
        self._document = document
        self._editors: dict[DepartmentView, QWidget] = {}
        self._index: int | None = None
        self._view = DepartmentView.OVERVIEW
        self._read_only = False
        self._unreadable: QWidget | None = None  # says why a department cannot be shown; made when first needed
        document.reset.connect(self._on_reset)
        document.department_inserted.connect(self._on_inserted)
        document.department_removed.connect(self._on_removed)

    # -- queries -----------------------------------------------------------------------------------------------
    def current_index(self) -> int | None:
        """Index in `workbook.departments` of the department shown, None when none is."""
        return self._index

    def current_department(self) -> Department | None:
        """The department shown, read fresh from the workbook."""
        return department_at(self._document.workbook, self._index)

    def current_view(self) -> DepartmentView:
        """Which of the four pages is up."""
        return self._view

    def editor(self, view: DepartmentView) -> QWidget:
        """The widget of `view`, made now if it was not yet."""
        widget = self._editors.get(view)
        if widget is None:
            widget = PART_FACTORIES[view](self._document, self)
            self._editors[view] = widget
            self.addWidget(widget)
            cast(PartEditor, widget).set_department(self._index)
            _set_read_only(widget, self._read_only)
        return widget

    def set_read_only(self, read_only: bool) -> None:
        """A workbook that cannot be saved: the pages that can be made read-only are (`set_read_only(bool)`)."""
        self._read_only = read_only
        for widget in self._editors.values():
            _set_read_only(widget, read_only)

    # -- showing -----------------------------------------------------------------------------------------------
    def show(self, index: int | None | _Unset = _UNSET, view: DepartmentView = DepartmentView.OVERVIEW) -> None:
        """Show department `index` on page `view` (None: no department). Without arguments: QWidget.show()."""
        if isinstance(index, _Unset):
            super().show()
            return
        department = department_at(self._document.workbook, index)
        problem = content_problem(department) if department is not None else None
        if problem is not None:
            self._show_unreadable(problem, view)
            return
        changed = index != self._index or view is not self._view or self._showing_unreadable()
        if index != self._index:
            self._set_index(index)
        self._view = view
        self.setCurrentWidget(self.editor(view))
        if changed:
            self.current_changed.emit()

    def _show_unreadable(self, problem: str, view: DepartmentView) -> None:
        """A department whose stored content is damaged: its page says so instead of an editor (which could not
        show it), and no editor holds it, so nothing can change it; the rest of the workbook works as usual."""
        if self._unreadable is None:
            self._unreadable = _unreadable_page()
            self.addWidget(self._unreadable)
        label = self._unreadable.findChild(QLabel, "department_unreadable")
        assert label is not None
        label.setText(f"无法显示这个部门。\n\n{problem}")
        self._set_index(None)
        self._view = view
        self.setCurrentWidget(self._unreadable)
        self.current_changed.emit()

    def _showing_unreadable(self) -> bool:
        return self._unreadable is not None and self.currentWidget() is self._unreadable

    def show_location(self, index: int, location: Location) -> bool:
        """Show department `index` on the page holding `location` and select that place there; False when the
        page could not point at it (the page is shown all the same)."""
        view = view_for_location(location)
        self.show(index, view)
        if self._showing_unreadable():
            return False
        return cast(PartEditor, self.editor(view)).show_location(location)

    def first_field(self) -> QWidget | None:
        """Where the keyboard goes in the page shown: its focus proxy, else its first field (None: a page with no
        field, such as a placeholder)."""
        widget = self.currentWidget()
        if widget is None:
            return None
        target = widget.focusProxy()
        if target is None and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            target = widget
        if target is None:
            target = next(
                (
                    child
                    for child in widget.findChildren(QWidget)
                    if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(widget) and child.isEnabled()
                ),
                None,
            )
        return target

    def fields(self) -> list[QWidget]:
        """The page's widgets that Tab stops at, in the order they were built (top to bottom on our pages)."""
        widget = self.currentWidget()
        if widget is None:
            return []
        from PySide6.QtWidgets import QAbstractSpinBox  # with a department's page: not needed to start

        return [
            child
            for child in widget.findChildren(QWidget)
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus
            and child.isVisibleTo(widget)
            and not isinstance(child.parentWidget(), QAbstractSpinBox | QComboBox)  # their inner line edit
        ]

    def focus_current(self) -> None:
        """Put the keyboard into the page shown (a page with no field leaves it where it is)."""
        target = self.first_field()
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- keeping the index right -------------------------------------------------------------------------------
    def _set_index(self, index: int | None) -> None:
        self._index = index
        for widget in self._editors.values():
            cast(PartEditor, widget).set_department(index)

    def _on_reset(self) -> None:
        self._set_index(None)
        self.current_changed.emit()

    def _on_inserted(self, _department: Department, index: int) -> None:
        if self._index is not None and index <= self._index:
            self._set_index(self._index + 1)

    def _on_removed(self, _department: Department, index: int) -> None:
        if self._index is None:
            return
        if index == self._index:
            self._set_index(None)
            self.current_changed.emit()
        elif index < self._index:
            self._set_index(self._index - 1)


def _unreadable_page() -> QWidget:
    """A page with one label (`department_unreadable`) in a centred, readable column."""
    label = QLabel()
    label.setObjectName("department_unreadable")
    label.setWordWrap(True)
    label.setMaximumWidth(560)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    page = QWidget()
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(label, 4)
    row.addStretch(1)
    layout = QVBoxLayout(page)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)
    return page


def _set_read_only(widget: QWidget, read_only: bool) -> None:
    method = getattr(widget, "set_read_only", None)
    if callable(method):
        method(read_only)
