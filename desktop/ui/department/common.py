"""What the department's own editors (概况, 整体绩效目标) share: reading the department fresh, turning a widget's
edit into one EditDepartment, and refreshing when the document says the department changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.changes import DepartmentChange
from desktop.domain.department.content import Paragraph
from desktop.domain.department.model import Department
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.paragraphs import Item, ParagraphList
from desktop.ui.department.part import department_at
from desktop.ui.document import WorkbookDocument


def text_or_none(text: str) -> str | None:
    """An empty field is no value."""
    return text if text.strip() else None


def paragraph_items(paragraphs: tuple[Paragraph, ...]) -> tuple[Item, ...]:
    """Paragraphs as the list editor's items (title, text)."""
    return tuple((p.title, p.text) for p in paragraphs)


def paragraphs_of(items: tuple[Item, ...]) -> tuple[Paragraph, ...]:
    """The list editor's items back as paragraphs."""
    return tuple(Paragraph(item[0] if item else None, item[1] if len(item) > 1 else None) for item in items)


class DepartmentEditor(QScrollArea):
    """A scrolling page about one department: `set_department`, `_load` from the department, `_push` an edit."""

    def __init__(self, document: WorkbookDocument, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._title = title
        self._index: int | None = None
        self._pushing = False
        self.read_only = False
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self)
        self.column = QVBoxLayout(self.body)
        self.heading = QLabel(self.body)
        self.heading.setStyleSheet("font-size: 15px; font-weight: bold; padding: 2px 0 4px 0;")
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.column.addWidget(self.heading)
        self.setWidget(self.body)
        document.department_changed.connect(self._changed)

    def department(self) -> Department | None:
        """The department shown, read fresh from the workbook."""
        return department_at(self._document.workbook, self._index)

    def set_department(self, index: int | None) -> None:
        """Show department `index` of workbook.departments (None: nothing)."""
        self._index = index
        self._reload()

    def _reload(self) -> None:
        department = self.department()
        self.body.setEnabled(department is not None)
        self.heading.setText(f"{department.display_name()} › {self._title}" if department else self._title)
        if department is not None:
            self._load(department)

    def _load(self, department: Department) -> None:
        """Set every widget from `department` (without pushing anything)."""
        raise NotImplementedError

    def _changed(self, change: DepartmentChange) -> None:
        if change.index == self._index and not self._pushing:
            self._reload()
        elif change.index == self._index:
            department = self.department()
            if department is not None:
                self.heading.setText(f"{department.display_name()} › {self._title}")

    def set_read_only(self, read_only: bool) -> None:
        """A workbook that cannot be saved (another user holds it): everything shown, nothing editable."""
        if read_only == self.read_only:
            return  # asked on every update of the window's actions: only a change touches the widgets
        self.read_only = read_only
        for widget in self.body.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)
            elif isinstance(widget, QAbstractButton | QComboBox | QAbstractSpinBox):
                widget.setEnabled(not read_only)
            elif isinstance(widget, QAbstractItemView) and widget.editTriggers():
                widget.setProperty("editable_triggers", int(widget.editTriggers().value))
                widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            elif isinstance(widget, QAbstractItemView) and not read_only:
                stored = widget.property("editable_triggers")
                if isinstance(stored, int):
                    widget.setEditTriggers(QAbstractItemView.EditTrigger(stored))
        for paragraphs in self.body.findChildren(ParagraphList):
            paragraphs.set_read_only(read_only)
        if not read_only:
            self._reload()  # buttons that depend on the selection (上移 on the first row…) as they should be

    def _push(self, after: Department, part: DepartmentPart, label: str, key: str | None = None) -> None:
        """One edit of the department shown (typing on under the same key joins the step before)."""
        before = self.department()
        if before is None or after == before or self.read_only:
            return
        self._pushing = True
        try:
            self._document.push(EditDepartment(before, after, part, label, merge_key=key))
        finally:
            self._pushing = False
