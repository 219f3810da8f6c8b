"""The project form on the right: the page of the shown project's layout in a scroll area.

One page is built per layout and kept (`layout_page.py`), so moving between projects of the same layout only reloads
values. Every edit is a typed domain operation handed to the document; the form listens to the document to show
undo/redo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QStackedWidget, QWidget

from desktop.domain.model import Project, Status
from desktop.templates.layouts import Layout
from desktop.ui.document import WorkbookDocument
from desktop.ui.form.keys import PUBLICATION_SHORTCUT

if TYPE_CHECKING:
    from desktop.domain.changes import ProjectChange
    from desktop.domain.operations import Operation
    from desktop.ui.form.layout_page import LayoutPage


class ProjectForm(QScrollArea):
    """The scrolling form of the current project."""

    focus_requested = Signal()
    """The keyboard is about to go into a field (a folded form must unfold first)."""
    fields_shown = Signal()
    """Fields appeared or disappeared (部门预算公开信息 opened or folded): the Tab order must be read again."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.project: Project | None = None
        self._read_only = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, never to the scroll area
        self.stack = QStackedWidget(self)
        self.empty = QLabel("请在左侧选择一个项目，或用“文件 → 新建项目”（Ctrl+N）新建。", self.stack)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.empty)
        self.setWidget(self.stack)
        self.pages: dict[str, LayoutPage] = {}
        self._layout: Layout | None = None
        self._stale = False  # set_project came while the form was folded away: the page shows it when it is needed
        document.header_changed.connect(self._header_changed)
        document.status_changed.connect(self._project_changed)
        toggle = QShortcut(QKeySequence(PUBLICATION_SHORTCUT), self, context=Qt.ShortcutContext.WindowShortcut)
        toggle.activated.connect(self.toggle_publication)

    def page(self) -> LayoutPage | None:
        """The page of the current project's layout, made and loaded now if the form was folded meanwhile."""
        if self._stale:
            self._show_project()
            self.fields_shown.emit()  # the Tab order takes in the fields that now exist
        return self.shown_page()

    def shown_page(self) -> LayoutPage | None:
        """The page the form holds now, without making one (None while the form is folded and has not shown the
        current project yet)."""
        widget = self.stack.currentWidget()
        return cast("LayoutPage", widget) if widget is not self.empty and not self._stale else None

    def set_project(self, project: Project | None, layout: Layout | None) -> None:
        """Show a project's form (an explanation when there is none or its layout is unknown).

        While the form is folded away the page is made and loaded only when the form shows or something asks for
        it (`page()`): the window opens, and the keyboard moves through the list, without building forms nobody sees.
        """
        self.project = project
        self._layout = layout
        if self.isHidden():
            self._stale = True
            return
        self._show_project()

    def setVisible(self, visible: bool) -> None:
        stale = visible and self._stale
        if stale:
            self._show_project()  # before it shows, so that the pane is laid out at the page's height
        super().setVisible(visible)
        if stale:
            self.fields_shown.emit()  # the Tab order takes in the fields that now exist

    def _show_project(self) -> None:
        self._stale = False
        project, layout = self.project, self._layout
        if project is None or layout is None:
            self.empty.setText(
                "请在左侧选择一个项目，或用“文件 → 新建项目”（Ctrl+N）新建。"
                if project is None
                else f"本程序没有此项目所用的版式“{project.template}”，无法显示表单。"
            )
            self.stack.setCurrentWidget(self.empty)
            return
        page = self.pages.get(layout.id)
        if page is None:
            from desktop.ui.form.layout_page import LayoutPage  # with the first form shown: not needed to start

            page = LayoutPage(layout, self.stack)
            page.edited.connect(self._edited)
            page.publication.opened.connect(lambda _open: self.fields_shown.emit())
            self.pages[layout.id] = page
            self.stack.addWidget(page)
        page.load(project)
        page.set_read_only(self._read_only or project.status is Status.FINAL)
        # A stacked widget is as tall as its tallest page; only the page shown may claim room (no needless scrolling).
        for other in self.pages.values():
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)
        self.verticalScrollBar().setValue(0)

    def set_read_only(self, read_only: bool) -> None:
        """Whole-workbook read-only (someone else is editing the file)."""
        self._read_only = read_only
        page = self.shown_page()  # a page made later takes the flag then
        if page is not None and self.project is not None:
            page.set_read_only(read_only or self.project.status is Status.FINAL)

    def _edited(self, operation: Operation) -> None:
        project = self.project
        if project is None or self._read_only or project.status is Status.FINAL:
            return
        self.document.push(operation)

    def _header_changed(self, change: ProjectChange) -> None:
        self._project_changed(change.project)

    def _project_changed(self, project: Project) -> None:
        page = self.shown_page()  # a page made later loads the project as it is then
        if project is self.project and page is not None:
            page.load(project)
            page.set_read_only(self._read_only or project.status is Status.FINAL)

    def focus_field(self, key: str | None) -> bool:
        """Put the keyboard in a field (a finding's location); False when this layout has no such field."""
        page = self.page()
        field = page.field_for(key) if page is not None and key else None
        if field is None:
            return False
        assert page is not None
        if field in page.publication.fields:
            page.publication.set_open(True)
        self.focus_requested.emit()
        self.ensureWidgetVisible(field)
        field.focus()
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(field))  # again once the form has its new height
        return True

    def toggle_publication(self) -> None:
        """Ctrl+Shift+B: open 部门预算公开信息 with the keyboard in 项目类别, or fold it back."""
        page = self.page()
        if page is None:
            return
        box = page.publication
        if box.is_open():
            box.set_open(False)
            box.header.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        box.set_open(True)
        self.focus_requested.emit()
        box.kind.focus()
        QTimer.singleShot(0, lambda: self.ensureWidgetVisible(box.kind, 0, 80))  # once the form has its new height

    def focus_first_field(self) -> None:
        """Enter on the list: start typing in the first field."""
        page = self.page()
        if page is not None and page.fields:
            self.focus_requested.emit()
            self.ensureWidgetVisible(page.fields[0])
            page.fields[0].focus()
