"""The 说明 page (部门预算情况说明): the generated text, live, with a field wherever the clerk's words go.

Every sentence with a number is computed (`domain.department.explanation.explain`) from the department's tables,
last year's figures and its projects; the page shows it read-only, as it will print, and recomputes it shortly after
the department or one of its projects changes. The clerk types only the reasons (增长原因主要是…) and the free texts
(国有资产占有使用情况); each keystroke is an `EditDepartment` of the EXPLANATION part, and typing on in one field is one
undo step (`merge_key = "reason:<about>"`). A required reason left empty is marked in place and counted at the top
(the findings panel has it too, rule D20). Tab walks the fields in reading order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.changes import DepartmentChange
from desktop.domain.department.explanation import explain
from desktop.domain.department.explanation_edits import ASSETS, with_slot_text
from desktop.domain.department.explanation_text import OTHER_TITLES, Explanation
from desktop.domain.department.model import Department
from desktop.domain.findings import Location
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.templates.classification import bundled_catalogue
from desktop.templates.documents import DocumentLayout, DocumentLayoutError, get_document_layout
from desktop.ui.department.explanation_parts import ParagraphView, SlotField
from desktop.ui.department.part import department_at
from desktop.ui.document import WorkbookDocument

REFRESH_DELAY_MS = 150  # typing stays fluid; the text follows within a blink
_PROJECT_NOTE = "项目情况取自各项目的绩效目标表（项目名称、立项依据、年度目标、资金），请在项目中修改。"
_Structure = tuple[tuple[str, str, tuple[tuple[str, str | None], ...]], ...]


def _structure(explanation: Explanation) -> _Structure:
    """What the page's widgets are built from: sections and paragraphs with their slots (not their words)."""
    return tuple(
        (s.key, s.heading, tuple((p.key, p.slot.about if p.slot else None) for p in s.paragraphs))
        for s in explanation.sections
    )


def _layout_of(department: Department) -> DocumentLayout | None:
    try:
        return get_document_layout(department.document or "ah-department-budget")
    except DocumentLayoutError:
        return None


def explanation_of(document: WorkbookDocument, department: Department) -> Explanation | None:
    """The 说明 the department's publication prints (the tables and 其他重要事项 sections of its document layout, as
    `io.pdf.department` prints them); None when its layout prints none (Hebei's 绩效文本)."""
    projects = document.workbook.department_projects(department)
    catalogue = bundled_catalogue(department.year)
    layout = _layout_of(department)
    if layout is None:
        return explain(department, projects, catalogue)
    explained = any(p.kind == "explanations" for p in layout.parts)
    other = next((p for p in layout.parts if p.kind == "other_matters"), None)
    if not explained and other is None:
        return None
    tables = layout.table_ids() if explained else ()
    sections = [s.id for s in other.sections] if other is not None else ()
    return explain(department, projects, catalogue, tables=tables, other=sections)


class ExplanationView(QScrollArea):
    """The 说明 page of one department (a `PartEditor`)."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("explanation_view")
        self._document = document
        self._index: int | None = None
        self._read_only = False
        self._structure: _Structure = ()
        self._paragraphs: list[ParagraphView] = []
        self._fields: dict[str, SlotField] = {}
        self._reveal = False
        self._stale = False
        self.explanation: Explanation | None = None

        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 15px;")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self._body = QWidget(self)
        self._body_layout = QVBoxLayout(self._body)
        self._body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_layout.setSpacing(6)
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 10, 16, 16)
        column.setSpacing(8)
        column.addWidget(self.title)
        column.addWidget(self.status)
        column.addWidget(self._body)
        column.addStretch(1)
        self.setWidget(page)

        document.department_changed.connect(self._department_changed)
        document.project_changed.connect(lambda _p: self.schedule_refresh())
        document.project_inserted.connect(lambda _p, _i: self.schedule_refresh())
        document.project_removed.connect(lambda _p, _i: self.schedule_refresh())
        document.department_inserted.connect(lambda _d, _i: self.schedule_refresh())
        document.department_removed.connect(lambda _d, _i: self.schedule_refresh())
        document.revisited.connect(self._revisited)
        document.reset.connect(lambda: self.set_department(None))
        self.refresh()

    # -- PartEditor ----------------------------------------------------------------------------------------------
    def set_department(self, index: int | None) -> None:
        """Show the 说明 of the department at `index` of `workbook.departments` (None: nothing)."""
        changed = index != self._index
        self._index = index
        if changed:
            self._structure = ()  # another department: rebuild, never reuse its fields
            self.verticalScrollBar().setValue(0)
        self.refresh()

    def show_location(self, location: Location) -> bool:
        """Go to the place a finding points at in the 说明: a reason's field (`row` is its `about`), a section
        (`table:<id>`), a part of 其他重要事项 (`operating_costs`, `assets`, …) or a project's overview."""
        if location.table not in ("explanations", "notes") or location.row is None:
            return False
        self.flush()
        row = location.row
        field = self._fields.get(row) or self._fields.get(ASSETS if row == "assets" else f"facts:{row}")
        if field is not None:
            self.focus_field(field)
            return True
        target = self._paragraph_for(row)
        if target is None:
            return False
        if target.field is not None:
            self.focus_field(target.field)
        else:
            self.ensureWidgetVisible(target, 0, 40)
        return True

    def set_read_only(self, read_only: bool) -> None:
        """No typing in a workbook opened read-only."""
        self._read_only = read_only
        for paragraph in self._paragraphs:
            paragraph.set_read_only(read_only)

    # -- queries -------------------------------------------------------------------------------------------------
    def department(self) -> Department | None:
        """The department shown, read fresh from the workbook."""
        return department_at(self._document.workbook, self._index)

    def field(self, about: str) -> SlotField | None:
        """The field of the slot `about` ("function:2101501", "table:income", "facts:assets"), if shown."""
        return self._fields.get(about)

    def fields(self) -> list[SlotField]:
        """Every field, in reading order (the Tab order)."""
        return list(self._fields.values())

    def shown_text(self) -> str:
        """The text the page shows (what will print, with the markers of missing reasons), one paragraph a line."""
        lines = [self.title.text()]
        for position in range(self._body_layout.count()):
            item = self._body_layout.itemAt(position)
            widget = item.widget() if item is not None else None
            if not isinstance(widget, ParagraphView):
                if isinstance(widget, QLabel):
                    lines.append(widget.text())
                continue
            if not widget.heading.isHidden():
                lines.append(widget.heading.text())
            if not widget.text.isHidden():
                lines.append(_plain(widget.text.text()))
            if widget.field is not None and widget.text.isHidden():
                lines.append(widget.field.value())
        return "\n".join(lines)

    # -- refreshing ----------------------------------------------------------------------------------------------
    def schedule_refresh(self) -> None:
        """Recompute shortly (several changes in a row make one recomputation); a page not on screen waits until it
        is shown, so typing in a project does not recompute a 说明 nobody looks at."""
        if self._index is None:
            return
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    def flush(self) -> None:
        """Recompute now if a recomputation is pending."""
        if self._timer.isActive() or self._stale:
            self.refresh()

    def _department_changed(self, change: DepartmentChange) -> None:
        if change.index == self._index:
            self.schedule_refresh()

    def _revisited(self, changes: tuple[object, ...]) -> None:
        if any(
            isinstance(c, DepartmentChange)
            and c.index == self._index
            and c.part in (DepartmentPart.EXPLANATION, DepartmentPart.WHOLE)
            for c in changes
        ):
            self._reveal = True

    def refresh(self) -> None:
        """Recompute the 说明 and show it; widgets are kept (and the cursor in its field) while the shape stays."""
        self._timer.stop()
        self._stale = False
        department = self.department()
        if department is None:
            self.explanation = None
            self._rebuild(None)
            self.title.setText("说明")
            self.status.setText("请在左侧选择一个部门。")
            return
        explanation = explanation_of(self._document, department)
        self.explanation = explanation
        self.title.setText(f"{department.name}{department.year}年部门预算情况说明")
        if explanation is None:
            self._rebuild(None)
            layout = _layout_of(department)
            name = f"（{layout.name}）" if layout is not None else ""
            self.status.setText(f"本部门的文件版式{name}不印部门预算情况说明，这里没有要填写的内容。")
            self.status.setStyleSheet("color: #555;")
            return
        shape = _structure(explanation)
        changed_slots = self._changed_slots(explanation)
        if shape != self._structure:
            self._rebuild(explanation)
            self._structure = shape
        else:
            for widget, paragraph in zip(self._paragraphs, explanation.paragraphs(), strict=True):
                widget.update_from(paragraph)
        self._show_status(department, explanation)
        if self._reveal:
            self._reveal = False
            if changed_slots and changed_slots[0] in self._fields:
                self.focus_field(self._fields[changed_slots[0]])

    def _changed_slots(self, explanation: Explanation) -> list[str]:
        """The slots whose words differ from what their fields show (an undo or redo changed them)."""
        out = []
        for _section, _paragraph, slot in explanation.slots():
            field = self._fields.get(slot.about)
            if field is not None and field.value().strip() != (slot.text or "").strip():
                out.append(slot.about)
        return out

    def _rebuild(self, explanation: Explanation | None) -> None:
        focused = next((about for about, f in self._fields.items() if f.hasFocus()), None)
        while self._body_layout.count():
            item = self._body_layout.takeAt(0)
            gone = item.widget() if item is not None else None
            if gone is not None:
                gone.hide()
                gone.deleteLater()
        self._paragraphs, self._fields, self._structure = [], {}, ()
        if explanation is None:
            self.setFocusProxy(None)  # type: ignore[arg-type]  # Qt takes None: no proxy
            return
        for section in explanation.sections:
            heading = QLabel(section.heading, self._body)
            heading.setStyleSheet("font-weight: bold; font-size: 14px; margin-top: 8px;")
            heading.setObjectName(f"section:{section.key}")
            self._body_layout.addWidget(heading)
            for paragraph in section.paragraphs:
                note = _PROJECT_NOTE if paragraph.key.startswith("project:") else ""
                widget = ParagraphView(paragraph, self._body, note)
                widget.edited.connect(self._typed)
                widget.set_read_only(self._read_only)
                self._body_layout.addWidget(widget)
                self._paragraphs.append(widget)
                if widget.field is not None and widget.about is not None:
                    self._fields[widget.about] = widget.field
        fields = list(self._fields.values())
        for first, second in zip(fields, fields[1:], strict=False):
            QWidget.setTabOrder(first, second)
        missing = [about for _s, _p, slot in explanation.missing() if (about := slot.about) in self._fields]
        self.setFocusProxy(self._fields[missing[0]] if missing else (fields[0] if fields else None))  # type: ignore[arg-type]
        if focused is not None and focused in self._fields:
            self._fields[focused].setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_status(self, department: Department, explanation: Explanation) -> None:
        budget = department.budget
        if budget is None or budget.prior is None:
            text = "还没有上年预算数：说明中不作与上年的比较，也不需要填写增减原因。"
            style = "color: #555;"
        else:
            missing = len(explanation.missing())
            if missing:
                text = (
                    f"⚠ 有 {missing} 处增减原因未填写（标“请填写”的地方）。"
                    "按 Tab 逐个填写，写好的原因会接在文字后印出。"
                )
                style = "color: #b35900;"
            else:
                text = "增减原因都已填写。灰黑色文字由预算表计算生成，蓝色是您填写的内容。"
                style = "color: #2e7d32;"
        self.status.setText(text)
        self.status.setStyleSheet(style)

    # -- typing --------------------------------------------------------------------------------------------------
    def _typed(self, about: str, text: str) -> None:
        department = self.department()
        if department is None or self._read_only:
            return
        after = with_slot_text(department, about, text)
        if after is department:
            return
        label = "填写国有资产占有使用情况" if about == ASSETS else f"填写{_subject(about)}原因"
        self._document.push(
            EditDepartment(department, after, DepartmentPart.EXPLANATION, label, "explanations", f"reason:{about}")
        )
        self.schedule_refresh()

    def focus_field(self, field: SlotField) -> None:
        """Scroll `field` into view and put the keyboard in it."""
        self.ensureWidgetVisible(field, 0, 60)
        field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _paragraph_for(self, row: str) -> ParagraphView | None:
        """The paragraph a finding's row names: a section key, a part of 其他重要事项, or a project's name."""
        if row.startswith("table:"):
            return next((p for p in self._paragraphs if p.key == row or p.key.startswith(f"{row}:")), None)
        if row in OTHER_TITLES:
            return next((p for p in self._paragraphs if p.key == f"other:{row}"), None)
        for widget in self._paragraphs:
            if widget.key.startswith("project:") and f"“{row}”" in widget.heading.text():
                return widget
        return None


def _subject(about: str) -> str:
    """ "支出总表", "2101501", "机关运行经费" — what a reason is about, for the undo step's name."""
    from desktop.domain.department.context import TABLE_NAMES

    if about.startswith("table:"):
        return TABLE_NAMES.get(about[6:], about[6:])
    if about.startswith("function:"):
        return f"{about[9:]} "
    return OTHER_TITLES.get(about, about)


def _plain(rich: str) -> str:
    """Rich text of a paragraph label as plain text."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()
