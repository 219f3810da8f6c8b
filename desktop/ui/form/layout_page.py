"""One layout's project form: only the fields the layout has, labelled as the layout labels them.

Made by `ProjectForm` the first time a project of the layout shows (one page a layout, kept), so the window starts,
and moves through the list with the form folded away, without importing or building the field widgets.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Project
from desktop.domain.parts import FundsKey, TextKey, YearKey
from desktop.domain.project_values import year_value
from desktop.templates.layouts import Layout
from desktop.ui.form.funds_box import FundsBox
from desktop.ui.form.publication_box import PublicationBox
from desktop.ui.form.widgets import (
    ERROR_STYLE,
    FieldEditor,
    OrgUnitField,
    SpendingPlanField,
    TextBlockField,
    TextField,
    show_read_only,
)

_ORG_UNITS = {
    "department": (TextKey.DEPARTMENT_CODE, TextKey.DEPARTMENT_NAME),
    "implementing_unit": (TextKey.UNIT_CODE, TextKey.UNIT_NAME),
}
_BESIDE_GOAL = frozenset({"basis"})  # long texts the form shows beside the goal


def _extra_header_fields(layout: Layout) -> list[str]:
    """Fields the layout prints outside its header grid (Hebei's unit line, the mid-term filler line)."""
    used = set(layout.header_fields())
    extra = []
    lines = " ".join(t for t in (layout.unit_line, layout.filler_line) if t)
    if re.search(r"\{unit_(code|name)\}", lines) and "implementing_unit" not in used:
        extra.append("implementing_unit")
    if "{department}" in lines and "department" not in used:
        extra.append("department")
    return extra


class LayoutPage(QWidget):
    """The form for one layout; holds its field editors by path."""

    edited = Signal(object)
    """(Operation) an edit of the project shown."""

    def __init__(self, layout: Layout, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_def = layout
        self.project: Project | None = None
        self.fields: list[FieldEditor] = []
        self.funds_boxes: list[FundsBox] = []
        self.messages: dict[FieldEditor, str] = {}
        self._read_only: bool | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 2, 8, 4)
        outer.setSpacing(2)

        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setKeyboardTracking(False)
        self.year.setSuffix(" 年度")
        self.year.setAccessibleName("预算年度")
        self.year.valueChanged.connect(lambda v: self._emit_spin(self.year, YearKey.YEAR, v, "预算年度"))
        outer.addWidget(self._header_box())
        outer.addWidget(self._funds_group())
        if layout.spending_months:
            outer.addWidget(self._spending_group())
        outer.addWidget(self._goals_group())
        self.publication = PublicationBox(self, self.add_field)
        outer.addWidget(self.publication)
        self.message = QLabel(self)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)
        outer.addStretch(1)

    def add_field(self, field: FieldEditor) -> FieldEditor:
        """Keep an editor: its edits and problems reach the page; one made after the page (部门预算公开信息, on
        first use) shows the project and the read-only state at once."""
        self.fields.append(field)
        field.edited.connect(self.edited)
        field.problem.connect(lambda text, f=field: self._problem(f, text))
        if self.project is not None:
            field.load(self.project)
        if self._read_only is not None:
            field.set_read_only(self._read_only)
        return field

    def _header_box(self) -> QGroupBox:
        layout = self.layout_def
        box = QGroupBox(self)  # untitled: the pane's bar above already says what this is
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        rows = [list(r) for r in layout.header] + [[key] for key in _extra_header_fields(layout)]
        # Optional rows print only when filled but are always offered; 立项依据 sits beside the goal (below).
        rows += [[key] for key in layout.optional_rows if key not in _BESIDE_GOAL]
        year_caption = QLabel("预算年度", box)
        year_caption.setBuddy(self.year)
        # The year shares the first row that has a single field rather than spending a row on its own.
        year_row = next((r for r, keys in enumerate(rows) if len(keys) == 1), len(rows))
        for r, keys in enumerate(rows):
            span = 3 if len(keys) == 1 and r != year_row else 1
            for c, key in enumerate(keys):
                label = layout.label(key)
                if key in _ORG_UNITS:
                    field: FieldEditor = OrgUnitField(*_ORG_UNITS[key], label, box)
                elif key == "basis":
                    field = TextBlockField(TextKey.BASIS, label, box, lines=2)
                else:
                    field = TextField(TextKey(key), label, box)
                self.add_field(field)
                caption = QLabel(label, box)
                caption.setBuddy(field.focusProxy() or field)
                grid.addWidget(caption, r, 2 * c, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(field, r, 2 * c + 1, 1, span)
        year_column = 2 if year_row < len(rows) else 0
        grid.addWidget(year_caption, year_row, year_column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        grid.addWidget(self.year, year_row, year_column + 1, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return box

    def _funds_group(self) -> QGroupBox:
        layout = self.layout_def
        box = QGroupBox(layout.funds.label, self)
        row = QHBoxLayout(box)
        column = QVBoxLayout()
        row.addLayout(column, 0 if layout.has_purpose else 1)
        if layout.midterm_funds is not None:
            box.setTitle("项目资金（万元）")
            funds = FundsBox(
                layout.midterm_funds, FundsKey.MIDTERM, self, self.add_field, inline=not layout.has_purpose
            )
            self.funds_boxes.append(funds)
            column.addWidget(funds)
        annual = FundsBox(layout.funds, FundsKey.ANNUAL, self, self.add_field, inline=not layout.has_purpose)
        self.funds_boxes.append(annual)
        column.addWidget(annual)
        column.addStretch(1)
        if layout.has_purpose:
            # 资金用途 sits beside the amounts: the form must fit a 768-pixel-high screen with the indicators.
            label = layout.label("purpose")
            purpose = self.add_field(TextBlockField(TextKey.PURPOSE, label, box, lines=2))
            caption = QLabel(label, box)
            caption.setBuddy(purpose.focusProxy() or purpose)
            side = QVBoxLayout()
            side.addWidget(caption)
            side.addWidget(purpose)
            row.addSpacing(12)
            row.addLayout(side, 1)
        return box

    def _spending_group(self) -> QGroupBox:
        layout = self.layout_def
        box = QGroupBox(layout.spending_label or "资金支出计划（%）", self)
        row = QHBoxLayout(box)
        row.addWidget(self.add_field(SpendingPlanField(layout.spending_months or (), box.title(), box)))
        hint = QLabel("累计支出比例：逐月不减少，12月底为 100。", box)
        hint.setStyleSheet("color: #555;")
        row.addWidget(hint, 1)
        return box

    def _goals_group(self) -> QGroupBox:
        layout = self.layout_def
        if not layout.has_midterm:
            # The caption beside the text, as in the header grid: a title row would cost the tree a line.
            box = QGroupBox(self)
            row = QHBoxLayout(box)
            goal = self.add_field(TextBlockField(TextKey.ANNUAL_GOAL, layout.goal_label, box, lines=3))
            caption = QLabel(layout.goal_label, box)
            caption.setBuddy(goal.focusProxy() or goal)
            row.addWidget(caption, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(goal, 1)
            for key in (k for k in layout.optional_rows if k in _BESIDE_GOAL):
                # Beside the goal rather than under the header: the indicator tree keeps its height on a laptop.
                label = layout.label(key)
                text = self.add_field(TextBlockField(TextKey(key), label, box, lines=3))
                side = QLabel(label, box)
                side.setBuddy(text.focusProxy() or text)
                row.addWidget(side, 0, Qt.AlignmentFlag.AlignTop)
                row.addWidget(text, 1)
            return box
        box = QGroupBox("绩效目标", self)
        grid = QGridLayout(box)
        period = QHBoxLayout()
        self.midterm_caption = QLabel(box)
        self.start = QSpinBox(box)
        self.end = QSpinBox(box)
        for spin, key, label in (
            (self.start, YearKey.MIDTERM_START, "中期起始年度"),
            (self.end, YearKey.MIDTERM_END, "中期结束年度"),
        ):
            spin.setRange(2000, 2100)
            spin.setKeyboardTracking(False)
            spin.setAccessibleName(label)
            spin.valueChanged.connect(lambda v, k=key, lab=label, s=spin: self._emit_spin(s, k, v, lab))
        period.addWidget(self.midterm_caption)
        period.addStretch(1)
        period.addWidget(QLabel("执行期", box))
        period.addWidget(self.start)
        period.addWidget(QLabel("至", box))
        period.addWidget(self.end)
        grid.addLayout(period, 0, 0)
        goal = self.add_field(TextBlockField(TextKey.MIDTERM_GOAL, "总体目标", box, lines=3))
        self.midterm_caption.setBuddy(goal.focusProxy() or goal)
        grid.addWidget(goal, 1, 0)
        caption = QLabel(layout.goal_label, box)
        annual = self.add_field(TextBlockField(TextKey.ANNUAL_GOAL, layout.goal_label, box, lines=3))
        caption.setBuddy(annual.focusProxy() or annual)
        grid.addWidget(caption, 0, 1)
        grid.addWidget(annual, 1, 1)
        return box

    def _emit_spin(self, spin: QSpinBox, key: YearKey, value: int, label: str) -> None:
        project = self.project
        if not spin.signalsBlocked() and project is not None and year_value(project, key) != value:
            from desktop.domain.operations import SetYear  # loaded on the first edit, not at start-up

            self.edited.emit(SetYear(project, key, value, f"修改{label}"))

    def _problem(self, field: FieldEditor, text: str) -> None:
        if text:
            self.messages[field] = text
        else:
            self.messages.pop(field, None)
        self.message.setText("\n".join(self.messages.values()))
        self.message.setVisible(bool(self.messages))

    def load(self, project: Project) -> None:
        """Show a project's values (fields that already show the same value are left alone)."""
        self.project = project
        self.year.blockSignals(True)
        self.year.setValue(project.year)
        self.year.blockSignals(False)
        for field in self.fields:
            field.load(project)
        for box in self.funds_boxes:
            box.load(project)
        self.publication.load(project)
        if self.layout_def.has_midterm:
            midterm = project.midterm
            for spin, value in (
                (self.start, midterm.start if midterm else None),
                (self.end, midterm.end if midterm else None),
            ):
                spin.blockSignals(True)
                spin.setValue(value or project.year)
                spin.blockSignals(False)
            start = midterm.start if midterm and midterm.start else "    "
            end = midterm.end if midterm and midterm.end else "    "
            self.midterm_caption.setText(self.layout_def.label("midterm_goal").format(start=start, end=end))

    def field_for(self, key: str) -> FieldEditor | None:
        """The editor showing a field path or plain key ("funds.total", "total", "department", "name")."""
        self.publication.build()  # a finding or an undo step may point into the folded group
        for field in self.fields:
            if key in field.paths or any(p.split(".")[0] == key for p in field.paths):
                return field
        for field in self.fields:
            if any(p.endswith(f".{key}") for p in field.paths):
                return field
        return None

    def set_read_only(self, read_only: bool) -> None:
        # Every project shown asks again: only a change walks the fields (a new page's fields are editable already).
        unchanged = read_only == bool(self._read_only)
        self._read_only = read_only
        if unchanged:
            return
        for field in self.fields:
            field.set_read_only(read_only)
        for spin in [self.year] + ([self.start, self.end] if self.layout_def.has_midterm else []):
            if spin.isReadOnly() != read_only:
                spin.setReadOnly(read_only)
                show_read_only(spin, read_only)
