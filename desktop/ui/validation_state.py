"""Keeps the findings of every project current: the edited project ~300 ms after each change, all on open/save.

The validator is one plain function per project (desktop.domain.validation); this class only decides when to run
it and remembers the results by project object, so the list counts and the findings panel read the same data.

On opening, the window is shown first and the workbook is checked afterwards in idle-time chunks, the selected
project first, so a 5 000-project workbook opens as fast as a small one and never freezes the window: the counts
and the findings panel fill in as the chunks come (`validate_in_background`). Anything that needs one project's
findings before its chunk has come (marking it final, a fix) gets them checked on demand.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.domain.department.model import Department
from desktop.domain.model import Project
from desktop.storage.department_rows import content_problem
from desktop.storage.errors import WorkbookError
from desktop.templates.catalog import available_layouts
from desktop.templates.layouts import Layout
from desktop.ui.document import WorkbookDocument

if TYPE_CHECKING:  # findings are made by the checks, after the window has painted
    from desktop.domain.findings import Finding

DEBOUNCE_MS = 300
CHUNK_SECONDS = 0.015  # validation work per idle slice: well under a frame, so typing and scrolling stay smooth
PUBLISH_SECONDS = 0.25  # how often the counts and the findings panel are refreshed while the chunks run
PUBLISH_SHARE = 0.2  # …at most, for a big workbook: the share of the background time that refreshing may take


@dataclass(frozen=True)
class ProblemCount:
    """How many errors and warnings validation found in one project."""

    errors: int = 0
    warnings: int = 0

    def text(self) -> str:
        parts = []
        if self.errors:
            parts.append(f"✖ {self.errors}")
        if self.warnings:
            parts.append(f"⚠ {self.warnings}")
        return " ".join(parts)


def is_error(finding: Finding) -> bool:
    """True for a 强制性 finding (blocks 定稿)."""
    return str(getattr(finding.severity, "value", finding.severity)) == "error"


class ValidationState(QObject):
    """Findings per project, refreshed after edits (debounced) and in full on demand."""

    changed = Signal()
    department_unreadable = Signal(str)
    """A department's stored content was found damaged (its Chinese message); said once per department opened."""

    def __init__(self, document: WorkbookDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._findings: dict[int, tuple[Project, list[Finding]]] = {}
        # The D rules of the workbook's departments, refreshed with every full check (opening, saving).
        self.department_findings: list[Finding] = []
        # The same findings with the department (the object checked) each belongs to.
        self._department_rows: list[tuple[Department, Finding]] = []
        self._unreadable_told: list[Department] = []  # damaged departments the clerk was told about
        self._pending: dict[int, Project] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.flush)
        self._queue: deque[Project] = deque()
        self._queued: set[int] = set()
        self._idle = QTimer(self)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._run_chunk)
        self._published = 0.0
        self._publish_every = PUBLISH_SECONDS
        self._departments_due = False
        self._held = False  # see hold()
        document.reset.connect(self._reset)
        document.project_inserted.connect(lambda project, _i: self.schedule(project))
        document.project_removed.connect(self._removed)
        document.project_changed.connect(self.schedule)
        # A department edit (or a project edit, which its D rules compare with) re-checks the departments shortly.
        self._departments_dirty = False
        document.department_changed.connect(lambda _change: self._schedule_departments())
        document.department_inserted.connect(lambda _d, _i: self._schedule_departments())
        document.department_removed.connect(lambda _d, _i: self._schedule_departments())

    def _reset(self) -> None:
        self._findings.clear()
        self.department_findings = []
        self._department_rows = []
        self._unreadable_told = []
        self._pending.clear()
        self._timer.stop()
        self._stop_background()
        self.changed.emit()

    def _removed(self, project: Project, _index: int) -> None:
        self._pending.pop(id(project), None)
        self._queued.discard(id(project))
        if self._findings.pop(id(project), None) is not None:
            self.changed.emit()

    def schedule(self, project: Project) -> None:
        """Re-check this project shortly (typing restarts the wait, so a fast typist is not slowed down)."""
        self._pending[id(project)] = project
        self._departments_dirty = self._departments_dirty or bool(self.document.workbook.departments)
        self._timer.start()

    def _schedule_departments(self) -> None:
        self._departments_dirty = True
        self._timer.start()

    def flush(self) -> None:
        """Run the checks waiting in the debounce queue now."""
        self._timer.stop()
        pending, self._pending = self._pending, {}
        for project in pending.values():
            if self.document.index_of(project) is not None:
                self._check(project)
        departments = self._departments_dirty and not self._departments_due  # a running full check does them
        self._departments_dirty = False
        if departments:
            self._check_departments()
        if pending or departments:
            self.changed.emit()

    def validate_all(self) -> None:
        """Check every project now (saving a workbook, the 校验 command)."""
        self._timer.stop()
        self._stop_background()
        self._pending.clear()
        self._findings.clear()
        for project in self.document.workbook.projects:
            self._check(project)
        self._check_departments()
        self.changed.emit()

    def validate_in_background(self, first: Project | None = None) -> None:
        """Check every project in idle-time chunks, `first` (the one on screen) at once; findings come as they go."""
        self._timer.stop()
        self._pending.clear()
        self._findings.clear()
        self._stop_background()
        self.department_findings = []
        self._department_rows = []
        projects = self.document.workbook.projects
        if first is not None and any(p is first for p in projects):
            self._queue.append(first)  # checked in the first slice, right after the window has painted
        self._queue.extend(p for p in projects if p is not first)
        self._queued = {id(p) for p in self._queue}
        self._departments_due = bool(self.document.workbook.departments)  # checked once every project has been
        self._published = time.monotonic()
        self._publish_every = PUBLISH_SECONDS
        self.changed.emit()
        if (self._queue or self._departments_due) and not self._held:
            self._idle.start()

    def hold(self) -> None:
        """Keep the background run from starting until `resume` (the window holds it until it has first painted)."""
        self._held = True

    def resume(self) -> None:
        """Start the background run held by `hold`, if one is waiting."""
        self._held = False
        if self._queue or self._departments_due:
            self._idle.start()

    def stop(self) -> None:
        """Stop every pending check (the window is closing)."""
        self._timer.stop()
        self._pending.clear()
        self._held = True
        self._stop_background()

    def progress(self) -> tuple[int, int]:
        """(projects checked, projects in the workbook) of the run in the background."""
        total = len(self.document.workbook.projects)
        return total - len(self._queued), total

    def is_complete(self) -> bool:
        """True when no project waits for its first check and the departments are checked (the run is over)."""
        return not self._queued and not self._departments_due

    def _stop_background(self) -> None:
        self._idle.stop()
        self._queue.clear()
        self._queued = set()
        self._departments_due = False

    def _check_departments(self) -> None:
        from desktop.domain.validation import validate_department  # the rules: imported with the first check

        workbook = self.document.workbook
        rows: list[tuple[Department, Finding]] = []
        for department in workbook.departments:
            # Its content is read now if it was not yet; damaged content cannot be checked: said once, not on every
            # check, and the other departments are checked as usual.
            problem = content_problem(department)
            if problem is not None:
                if not any(d is department for d in self._unreadable_told):
                    self._unreadable_told.append(department)
                    self.department_unreadable.emit(problem)
                continue
            rows += [(department, f) for f in validate_department(department, workbook.department_projects(department))]
        self._department_rows = rows
        self.department_findings = [finding for _department, finding in self._department_rows]

    def department_rows(self) -> list[tuple[int, Finding]]:
        """Every department finding with the index (in workbook.departments) of its department, errors first; a
        department edited since its last check is found by position (its re-check is due shortly)."""
        departments = self.document.workbook.departments
        rows: list[tuple[int, Finding]] = []
        for department, finding in self._department_rows:
            index = next((i for i, d in enumerate(departments) if d is department), None)
            if index is None:
                index = next(
                    (i for i, d in enumerate(departments) if (d.year, d.name) == (department.year, department.name)),
                    None,
                )
            if index is not None:
                rows.append((index, finding))
        rows.sort(key=lambda r: (0 if is_error(r[1]) else 1, r[0]))
        return rows

    def department_counts(self) -> dict[int, ProblemCount]:
        """Errors and warnings per department, keyed by its index in workbook.departments."""
        out: dict[int, ProblemCount] = {}
        for index, finding in self.department_rows():
            count = out.get(index, ProblemCount())
            error = is_error(finding)
            out[index] = ProblemCount(count.errors + error, count.warnings + (not error))
        return out

    def _run_chunk(self) -> None:
        deadline = time.monotonic() + CHUNK_SECONDS
        checked = 0
        layouts = available_layouts()  # once a slice: it looks at the user's layout folder
        while self._queue:  # at least one project per slice, then as many as the slice holds
            project = self._queue.popleft()
            if id(project) in self._queued:  # not removed, nor checked on demand meanwhile
                try:
                    self._check(project, layouts)
                except WorkbookError:
                    # The file cannot be read now (its deferred indicators): say it once, not on every slice; the
                    # next save or 校验 checks everything again.
                    self._stop_background()
                    raise
                checked += 1
                if time.monotonic() >= deadline:
                    break
        now = time.monotonic()
        if not self._queue:
            self._queued = set()
            # The departments' rules take longer than a project's: they get a slice of their own, the next one.
            if self._departments_due and not checked:
                self._departments_due = False
                self._check_departments()
            if not self._departments_due:
                self._idle.stop()
        if not self._queue or now - self._published >= self._publish_every:
            self._published = now
            self.changed.emit()
            # Refreshing the list and the panel grows with the findings so far: on a big workbook it is done less
            # often, so that it never takes more than PUBLISH_SHARE of the time and the whole check stays linear.
            self._publish_every = max(PUBLISH_SECONDS, (time.monotonic() - now) / PUBLISH_SHARE)

    def _check(self, project: Project, layouts: Mapping[str, Layout] | None = None) -> None:
        from desktop.domain.validation import validate_project  # the rules: imported with the first check

        self._queued.discard(id(project))
        layouts = layouts if layouts is not None else available_layouts()
        self._findings[id(project)] = (project, validate_project(project, layouts))

    def findings_of(self, project: Project) -> list[Finding]:
        """This project's current findings (checked now when the background run has not reached it yet)."""
        if id(project) in self._queued:
            self._check(project)
        entry = self._findings.get(id(project))
        return list(entry[1]) if entry else []

    def errors_of(self, project: Project) -> list[Finding]:
        """This project's errors (what blocks marking it final)."""
        return [f for f in self.findings_of(project) if is_error(f)]

    def counts(self) -> dict[int, ProblemCount]:
        """Errors and warnings per project, keyed by id(project)."""
        out: dict[int, ProblemCount] = {}
        for key, (_project, findings) in self._findings.items():
            errors = sum(1 for f in findings if is_error(f))
            out[key] = ProblemCount(errors, len(findings) - errors)
        return out

    def rows(self) -> list[tuple[Project, Finding]]:
        """Every (project, finding), errors first, then in workbook order and the validator's order."""
        if not self._findings:
            return []
        order = {id(p): i for i, p in enumerate(self.document.workbook.projects)}
        rows = [
            (project, finding)
            for key, (project, findings) in self._findings.items()
            if key in order
            for finding in findings
        ]
        rows.sort(key=lambda r: (0 if is_error(r[1]) else 1, order[id(r[0])]))
        return rows
