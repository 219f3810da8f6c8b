"""The main window: project list on the left, the selected project's form and indicator tree on the right.

It only assembles the parts and routes signals between them; file handling is in file_ops.py, project operations
in project_ops.py, actions and menus in actions.py. Those helpers get the collaborators they use (document,
validation, recovery, selection, a notifier), never this window.
"""

from __future__ import annotations

from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent, QResizeEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.model import Project, Status
from desktop.domain.parts import Part
from desktop.ui.actions import MainActions
from desktop.ui.department.navigation import DepartmentNavigation
from desktop.ui.department.page import DepartmentPage
from desktop.ui.document import WorkbookDocument
from desktop.ui.file_ops import FileController
from desktop.ui.form.form_pane import FormPane
from desktop.ui.form.form_splitter import FormTreeSplitter
from desktop.ui.form.project_form import ProjectForm
from desktop.ui.form.tab_order import chain, editors_in_reading_order
from desktop.ui.indicators.editor import IndicatorEditor
from desktop.ui.notifier import WindowNotifier
from desktop.ui.panels.empty_state import EmptyState
from desktop.ui.panels.findings_panel import FindingsPanel
from desktop.ui.panels.project_list import ProjectListPanel
from desktop.ui.panels.read_only_bar import ReadOnlyBar
from desktop.ui.project_ops import ProjectActions
from desktop.ui.recovery import RecoveryWriter
from desktop.ui.settings import (
    FORM_COLLAPSED,
    RECENT_WORKBOOKS,
    restore_splitter,
    restore_window_state,
    save_window_state,
)
from desktop.ui.validation_state import ValidationState
from desktop.ui.window_geometry import place_window, prefers_compact_header

if TYPE_CHECKING:
    from desktop.domain.changes import Change
    from desktop.domain.findings import Finding
    from desktop.ui.department.publish import DepartmentPublisher

APP_TITLE = "绩效目标填报"
FIRST_PAINT_WAIT_MS = 1500  # the checks wait for the first paint at most this long
LIST_SHARE = 0.22  # of the window's width for the project list on first start


class MainWindow(QMainWindow):
    """The editor window of one workbook."""

    first_painted = Signal()
    _painted = False  # a class default: events come before __init__ has run

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.document = WorkbookDocument(self)
        self.validation = ValidationState(self.document, self)
        self.first_painted.connect(self.validation.resume, Qt.ConnectionType.QueuedConnection)
        self.recovery = RecoveryWriter(self.document, self)
        self.notifier = WindowNotifier(self)
        self.file_ops = FileController(self.document, self.validation, self.recovery, self.notifier, self)
        self._shown_project: Project | None = None

        self.project_list = ProjectListPanel(self)
        self.form = ProjectForm(self.document, self)
        self.form.fields_shown.connect(self._fields_shown)
        self.project_actions = ProjectActions(
            self.document, self.validation, self.file_ops, _ListSelection(self.project_list, self.form), self.notifier
        )
        self.indicators = IndicatorEditor(self.document, self)
        self.findings = FindingsPanel(self.validation, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.findings)
        self.read_only_bar = ReadOnlyBar(self)

        self.form_pane = FormPane(self.form, self)
        right = FormTreeSplitter(self.form_pane, self.indicators, self)
        self.right_splitter = right
        self.right_stack = QStackedWidget(self)
        self.right_stack.addWidget(right)
        self.department_page = DepartmentPage(self.document, self)
        self.right_stack.addWidget(self.department_page)
        self.departments = DepartmentNavigation(
            self.document,
            self.validation,
            self.file_ops,
            self.project_list,
            self.department_page,
            self.findings,
            self.notifier,
            self,
        )
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.project_list)
        main.addWidget(self.right_stack)
        main.setStretchFactor(1, 1)
        main.setChildrenCollapsible(False)
        self.main_splitter = main
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.read_only_bar)
        column.addWidget(main, 1)
        self.setCentralWidget(central)

        self.menu_actions = MainActions(self)
        self.menu_actions.attach_undo(
            self.document.undo_stack.createUndoAction(self, "撤销"),
            self.document.undo_stack.createRedoAction(self, "重做"),
        )
        self.menu_actions.build_menus(self)
        department_menu = self.departments.build_menu(self)
        department_menu.addSeparator()  # the 部门文件 actions of the 文件 menu, where a clerk on a department looks too
        a = self.menu_actions
        for action in (a.department_preview, a.department_print, a.department_pdf, a.department_xlsx):
            department_menu.addAction(action)
        self.menu_actions.build_toolbar(self)
        self.empty_state = EmptyState(self.menu_actions.new_project, self.menu_actions.import_, self)
        self.read_only_bar.offer(self.menu_actions.save_as, self.file_ops.take_over)
        self.right_stack.addWidget(self.empty_state)
        self._connect()
        self.statusBar()
        self.restored_geometry = restore_window_state(self)
        place_window(self, self.restored_geometry)
        # The project list: wider on a wide screen (long project names), never less than on 1366×768.
        list_width = min(max(int(self.width() * LIST_SHARE), 300), 440)
        main.setSizes([list_width, max(self.width() - list_width, 1)])
        restore_splitter("main", main)
        right.restore()
        # Until the clerk chooses, a short screen gets the one-line header so the indicator tree has the room.
        folded = FORM_COLLAPSED.get() if FORM_COLLAPSED.is_stored() else prefers_compact_header(self)
        self.form_pane.set_folded(folded, chosen=False)
        self.update_title()
        self.update_actions()
        # Watched only until the first paint (eventFilter): overriding `event` would route every event of the
        # window through Python for as long as it lives, the ~55 ActionAdded of the constructor included.
        self.installEventFilter(self)

    # -- wiring --------------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        a, doc, actions = self.menu_actions, self.document, self.project_actions
        a.new_project.triggered.connect(actions.new_project)
        a.new_workbook.triggered.connect(self.file_ops.new_workbook)
        a.open.triggered.connect(self.file_ops.ask_open)
        a.save.triggered.connect(self.file_ops.save)
        a.save_as.triggered.connect(self.file_ops.save_as)
        a.import_.triggered.connect(actions.import_projects)
        a.export_pdf.triggered.connect(actions.export_pdf)
        a.export_xlsx.triggered.connect(actions.export_xlsx)
        a.export_json.triggered.connect(actions.export_json)
        a.print_preview.triggered.connect(actions.print_preview)
        a.print.triggered.connect(actions.print_selection)
        a.department_preview.triggered.connect(lambda: self.publisher.print_preview())
        a.department_print.triggered.connect(lambda: self.publisher.print_publication())
        a.department_pdf.triggered.connect(lambda: self.publisher.export_pdf())
        a.department_xlsx.triggered.connect(lambda: self.publisher.export_xlsx())
        doc.department_inserted.connect(lambda _d, _i: self.update_actions())
        doc.department_removed.connect(lambda _d, _i: self.update_actions())
        a.options.triggered.connect(self._show_options)
        a.quit.triggered.connect(self.close)
        a.duplicate.triggered.connect(actions.duplicate_project)
        a.delete.triggered.connect(actions.delete_projects)
        a.mark_final.triggered.connect(actions.toggle_final)
        a.compare_final.triggered.connect(actions.compare_with_final)
        a.rollover.triggered.connect(actions.rollover)
        a.find.triggered.connect(self.project_list.focus_search)
        a.validate.triggered.connect(self.validation.validate_all)
        a.show_findings.toggled.connect(self.findings.setVisible)
        a.fold_form.toggled.connect(self.form_pane.set_folded)
        self.form_pane.folded_changed.connect(self._form_folded)
        self.findings.visibilityChanged.connect(a.show_findings.setChecked)
        a.help.triggered.connect(self._show_help)
        a.rules.triggered.connect(self._show_rules)
        a.about.triggered.connect(self._show_about)
        if a.recent_menu is not None:
            a.recent_menu.aboutToShow.connect(self._fill_recent)

        self.project_list.current_project_changed.connect(self._show_project)
        self.project_list.open_requested.connect(self.form.focus_first_field)
        self.project_list.selection_changed.connect(self.update_actions)
        doc.reset.connect(lambda: self.project_list.model.set_workbook(doc.workbook))
        doc.project_inserted.connect(lambda p, _i: self.project_list.model.project_inserted(p))
        doc.project_removed.connect(self._project_removed)
        doc.project_changed.connect(self._project_changed)
        doc.status_changed.connect(self._status_changed)
        doc.modified_changed.connect(lambda _m: self.update_title())
        doc.undo_stack.indexChanged.connect(lambda _i: self.update_actions())
        doc.revisited.connect(self._revisited)
        self.validation.changed.connect(self._counts_changed)
        self.findings.jump_requested.connect(self.jump_to)
        self.findings.fix_requested.connect(actions.apply_fix)
        self.findings.fix_all_requested.connect(actions.apply_fixes)
        a.next_finding.triggered.connect(lambda: self.findings.step(1))
        a.previous_finding.triggered.connect(lambda: self.findings.step(-1))
        a.fix_finding.triggered.connect(self.findings.fix_current)
        a.fix_rule.triggered.connect(self.findings.fix_rule)
        self.file_ops.opened.connect(self.workbook_opened)
        self.file_ops.file_changed.connect(self.workbook_file_changed)
        self.file_ops.saved.connect(self._saved)
        self.departments.shown_changed.connect(self.update_actions)

    @cached_property
    def publisher(self) -> DepartmentPublisher:
        """部门文件 (print, preview, PDF, Excel), built on first use."""
        from desktop.ui.department.publish import DepartmentPublisher

        return DepartmentPublisher(
            self.document,
            self.current_department_index,
            self.notifier,
            self.project_actions.confirm_before_printing,
            self.project_actions.drafts_to_mark,
        )

    # -- project shown ---------------------------------------------------------------------------------------------
    def current_project(self) -> Project | None:
        """The project whose form is shown."""
        return self._shown_project

    def current_department_index(self) -> int | None:
        """The department the 部门文件 actions publish (index in `workbook.departments`): the one shown in the
        department page, else the current project's."""
        if self.departments.showing():
            return self.department_page.current_index()
        return self.document.workbook.department_index_of(self._shown_project)

    def _show_project(self, project: Project | None) -> None:
        if project is self._shown_project and project is not None:
            return
        self.document.commit_open_editors()  # typing in an open cell belongs to the project it was typed in
        self._shown_project = project
        layout = self.document.layout_of(project) if project is not None else None
        self.form.set_project(project, layout)
        self.form_pane.set_project(project, layout)
        self.indicators.set_project(project, layout)
        self._apply_editability()
        self._chain_tab_order()
        self.right_splitter.project_shown()
        self.findings.set_current_project(project)
        self.update_actions()

    def _revisited(self, changes: tuple[Change, ...]) -> None:
        """Undo / redo show where the change happened: its project, when another one is on screen (a project the
        change brought back included), then the indicator row or the header field it touched."""
        from desktop.domain.changes import ProjectChange, ProjectsChange  # made by edits, not needed to show the window

        touched = [
            c.project
            for c in changes
            if isinstance(c, ProjectChange | ProjectsChange) and self.document.index_of(c.project) is not None
        ]
        if not touched:
            return
        shown = None if self.departments.showing() else self._shown_project  # a department page: no project shown
        project = shown if any(p is shown for p in touched) else touched[0]
        if project is not shown:
            self.project_list.select_project(project)
            self._show_project(project)
            self.indicators.show_changes(changes)  # it let them pass while another project was on screen
        header = next(
            (
                c
                for c in changes
                if isinstance(c, ProjectChange) and c.project is project and c.part in (Part.HEADER, Part.FUNDS)
            ),
            None,
        )
        if header is not None and header.key is not None:
            self.form.focus_field(header.key.value)

    def _fields_shown(self) -> None:
        """部门预算公开信息 opened or folded: Tab follows the fields now shown, the form gets (or gives back) room."""
        self._chain_tab_order()
        self.right_splitter.project_shown()

    def _chain_tab_order(self) -> None:
        """Tab: search, filters, list, the form's fields in reading order, the indicator tree, the findings."""
        page = self.form.shown_page()  # a folded form's fields join when it unfolds (`fields_shown`)
        fields = editors_in_reading_order(page) if page is not None else []
        panel = self.findings
        chain(
            [*self.project_list.keyboard_order(), *fields, self.indicators.view()]
            + [panel.table, panel.only_current, panel.fix_button]
        )

    def _counts_changed(self) -> None:
        self.project_list.model.set_counts(self.validation.counts())
        self.project_list.refilter()

    def _project_removed(self, project: Project, _index: int) -> None:
        self.project_list.model.project_removed(project)
        if project is self._shown_project:
            self._show_project(self.project_list.current_project())

    def _project_changed(self, project: Project) -> None:
        self.project_list.project_changed(project)
        if project is self._shown_project:
            self.update_actions()

    def _status_changed(self, project: Project) -> None:
        if project is self._shown_project:
            self._apply_editability()

    def _apply_editability(self) -> None:
        project = self._shown_project
        locked = self.file_ops.read_only or (project is not None and project.status is Status.FINAL)
        self.form.set_read_only(self.file_ops.read_only)
        self.indicators.set_read_only(locked)
        self.findings.set_read_only(self.file_ops.read_only)

    def _saved(self, errors: int, warnings: int) -> None:
        if errors or warnings:
            self.findings.show()
            self.findings.raise_()

    def jump_to(self, project: Project, finding: Finding) -> None:
        """Show where a finding points: its project, then the field or the indicator row."""
        self.project_list.select_project(project)
        self._show_project(project)
        location = finding.location
        if location.indicator is not None:
            self.indicators.select_indicator(location.indicator, location.column)
        elif location.field == "indicators":
            self.indicators.view().setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.form.focus_field(location.field)

    # -- workbook ------------------------------------------------------------------------------------------------
    def workbook_opened(self) -> None:
        """Called by FileController once a workbook (or its recovery copy) is in the document."""
        self._shown_project = None
        self.workbook_file_changed()
        self.project_list.select_first()
        if self._shown_project is None:
            self._show_project(self.project_list.current_project())
        # The checks run in idle-time chunks, the project on screen first, so a big workbook opens as fast as a small
        # one and the counts and the findings panel fill in as they come. A window opening its first workbook starts
        # them once it has painted: it appears at once, the findings follow (the next event).
        if self.isVisible() and not self._painted:
            self.validation.hold()
            # Should a platform never tell this window it painted, the checks start anyway.
            QTimer.singleShot(FIRST_PAINT_WAIT_MS, self.validation.resume)
        self.validation.validate_in_background(first=self._shown_project)

    def workbook_file_changed(self) -> None:
        """The file behind the document changed (opened, saved as): title, read-only bar, editability."""
        file = self.file_ops.file
        self.read_only_bar.show_reason(self.read_only_text(), can_take_over=file is not None and file.can_take_over())
        self._apply_editability()
        self.update_title()
        self.update_actions()

    def read_only_text(self) -> str:
        """Why the open workbook cannot be saved in place."""
        return self.file_ops.read_only_text()

    def update_title(self) -> None:
        """“绩效目标填报 — 文件名[*]” with the modified mark."""
        path = self.file_ops.path
        name = path.name if path is not None else "未命名"
        suffix = "（只读）" if self.file_ops.read_only else ""
        self.setWindowTitle(f"{APP_TITLE} — {name}{suffix}[*]")
        self.setWindowModified(self.document.is_modified())

    def update_actions(self) -> None:
        """Enable what makes sense now; one place, so nothing is left stale."""
        a = self.menu_actions
        writable = not self.file_ops.read_only
        project = self._shown_project
        has_projects = bool(self.document.workbook.projects)
        a.save.setEnabled(writable)
        for action in (a.new_project, a.import_):
            action.setEnabled(writable)
        a.duplicate.setEnabled(writable and project is not None)
        a.delete.setEnabled(writable and project is not None)
        a.mark_final.setEnabled(writable and project is not None)
        a.mark_final.setText("撤销定稿…" if project is not None and project.status is Status.FINAL else "标记为定稿")
        a.compare_final.setEnabled(project is not None and project.final_copy is not None)
        a.rollover.setEnabled(writable and (has_projects or bool(self.document.workbook.departments)))
        for action in (a.export_pdf, a.export_xlsx, a.export_json, a.print_preview, a.print):
            action.setEnabled(has_projects)
        department = self.current_department_index() is not None
        for action in (a.department_preview, a.department_print, a.department_pdf, a.department_xlsx):
            action.setEnabled(department)
        self.departments.update_actions()
        if self.departments.showing():
            self.right_stack.setCurrentWidget(self.department_page)
        elif has_projects or self.document.workbook.departments:
            self.right_stack.setCurrentWidget(self.right_splitter)
        else:
            self.right_stack.setCurrentWidget(self.empty_state)

    # -- room for the indicator tree ---------------------------------------------------------------------------------
    def _form_folded(self, folded: bool, chosen: bool) -> None:
        action = self.menu_actions.fold_form
        action.blockSignals(True)
        action.setChecked(folded)
        action.blockSignals(False)
        if chosen:
            FORM_COLLAPSED.set(folded)

    def _fill_recent(self) -> None:
        menu = self.menu_actions.recent_menu
        if menu is None:
            return
        menu.clear()
        recent = RECENT_WORKBOOKS.get()
        if not recent:
            menu.addAction("（无）").setEnabled(False)
        for i, path in enumerate(recent, start=1):
            action = menu.addAction(f"&{i} {Path(path).name}    {Path(path).parent}")
            action.triggered.connect(partial(self.file_ops.open_recent, path))

    def _show_help(self) -> None:
        from desktop.ui.dialogs.help_dialog import show_help  # built on first use, not at start-up

        show_help(self, self.actions())

    def _show_rules(self) -> None:
        from desktop.ui.dialogs.rules_dialog import show_rules  # built on first use, not at start-up

        show_rules(self)

    def _show_about(self) -> None:
        from desktop.ui.dialogs.about import show_about

        show_about(self)

    def _show_options(self) -> None:
        from desktop.ui.dialogs.options_dialog import edit_options

        if edit_options(self):
            self.recovery.apply_interval()

    # -- closing -------------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.UpdateRequest:
            self.removeEventFilter(self)
            handled = QMainWindow.event(self, event)  # paints: `first_painted` is told once the paint is done
            if not self._painted:
                self._painted = True
                self.first_painted.emit()
            return handled
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.findings.window_resized()  # its height limit is a share of the window's

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if not self._painted:  # never painted (hidden at once): nothing to wait for
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.file_ops.maybe_save():
            event.ignore()
            return
        save_window_state(self, {"main": self.main_splitter})
        self.right_splitter.save()
        self.recovery.discard()
        self.validation.stop()
        self.file_ops.close_file()
        event.accept()

    def close_quietly(self) -> None:
        """Close without questions (self-test): release the lock, keep any recovery copy as it is."""
        self.validation.stop()
        self.file_ops.close_file()
        self.hide()
        self.deleteLater()


class _ListSelection:
    """The project list (and the form, for a new project's first field) as the project actions see them."""

    def __init__(self, project_list: ProjectListPanel, form: ProjectForm) -> None:
        self._list = project_list
        self._form = form

    def current_project(self) -> Project | None:
        return self._list.current_project()

    def selected_projects(self) -> list[Project]:
        return self._list.selected_projects()

    def select_project(self, project: Project | None) -> None:
        self._list.select_project(project)

    def open_project(self, project: Project) -> None:
        self._list.select_project(project)
        self._form.focus_first_field()
