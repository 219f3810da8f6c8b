"""部门概况: who the department is (name, code, year, document layout, cover) and what it publishes about itself
(部门预算构成: its budget units; 主要职责; 年度主要工作任务).

Every change is one EditDepartment (part IDENTITY for name, code, year, layout and cover; OVERVIEW for the rest);
typing on in one field is one undo step (merge key per field). Undo and redo refresh the widgets from the department.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.content import BudgetUnit, Cover
from desktop.domain.department.model import Department
from desktop.domain.findings import Location
from desktop.domain.parts import DepartmentPart
from desktop.templates.documents import bundled_document_layouts
from desktop.ui.department.common import DepartmentEditor, paragraph_items, paragraphs_of, text_or_none
from desktop.ui.department.paragraphs import FieldSpec, Item, ParagraphList
from desktop.ui.document import WorkbookDocument
from desktop.ui.form.widgets import LineEdit

_PARAGRAPH = (FieldSpec("标题", multiline=False), FieldSpec("内容"))
_COVER_FIELDS = (("title", "封面标题"), ("compiled_by", "编制单位"), ("reviewed_by", "审核单位"), ("date", "日期"))


class _UnitsTable(QTableWidget):
    """Insert adds a unit, Delete removes the selected one (as in the paragraph lists)."""

    def __init__(self, owner: OverviewEditor, parent: QWidget) -> None:
        super().__init__(0, 2, parent)
        self._owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() == Qt.Key.Key_Insert:
                self._owner.add_unit()
                return
            if event.key() == Qt.Key.Key_Delete:
                self._owner.remove_unit()
                return
        super().keyPressEvent(event)


class OverviewEditor(DepartmentEditor):
    """The 部门概况 page."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "部门概况", parent)
        self.setObjectName("department_overview")
        body = self.body
        self._loading = False

        identity = QGroupBox("部门", body)
        grid = QGridLayout(identity)
        self.name = LineEdit(identity)
        self.name.setPlaceholderText("部门全称，如：泗县医疗保障局")
        self.code = LineEdit(identity)
        self.code.setPlaceholderText("部门编码")
        self.code.setMaximumWidth(160)
        self.year = QSpinBox(identity)
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年度")
        self.year.setMaximumWidth(160)
        self.year.setKeyboardTracking(False)  # one edit when the year is complete, not one per digit
        self.layout_choice = QComboBox(identity)
        for layout in bundled_document_layouts().values():
            self.layout_choice.addItem(f"{layout.name}（{layout.id}）", layout.id)
        self.layout_choice.setToolTip("打印和导出此部门的文件时所用的文件版式（resources/documents）")
        self._add_row(grid, 0, "部门名称(&M)：", self.name, "部门编码：", self.code)
        self._add_row(grid, 1, "预算年度：", self.year, "文件版式(&L)：", self.layout_choice)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(3, 2)
        self.name.textEdited.connect(lambda t: self._identity(name=t.strip(), key="name", label="修改部门名称"))
        self.name.editingFinished.connect(self._name_finished)
        self.code.textEdited.connect(
            lambda t: self._identity(code=text_or_none(t.strip()), key="code", label="修改部门编码")
        )
        self.year.valueChanged.connect(lambda v: self._identity(year=v, key=None, label="修改预算年度"))
        self.layout_choice.currentIndexChanged.connect(self._layout_changed)

        cover_box = QGroupBox("封面", body)
        cover_grid = QGridLayout(cover_box)
        self.cover_fields: dict[str, QLineEdit] = {}
        for i, (attribute, label) in enumerate(_COVER_FIELDS):
            edit = LineEdit(cover_box)
            edit.textEdited.connect(lambda t, a=attribute, lab=label: self._cover(a, text_or_none(t), lab))
            self.cover_fields[attribute] = edit
            caption = QLabel(f"{label}：", cover_box)
            caption.setBuddy(edit)
            cover_grid.addWidget(caption, i // 2, (i % 2) * 2)
            cover_grid.addWidget(edit, i // 2, (i % 2) * 2 + 1)
        self.cover_fields["title"].setPlaceholderText("空：按文件版式（如“2024年度部门预算”）")
        self.draft = QCheckBox("草案（封面注明“（草案）”）", cover_box)
        self.draft.toggled.connect(lambda on: self._cover("draft", on, "修改封面草案标记"))
        cover_grid.addWidget(self.draft, 2, 1)
        cover_grid.setColumnStretch(1, 1)
        cover_grid.setColumnStretch(3, 1)

        units_box = QGroupBox("部门预算构成（纳入部门预算编制范围的单位）", body)
        self.units = _UnitsTable(self, units_box)
        self.units.setObjectName("department_units")
        self.units.setHorizontalHeaderLabels(["单位名称", "单位性质"])
        self.units.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.units.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.units.horizontalHeader().resizeSection(1, 200)
        self.units.setTabKeyNavigation(False)
        self.units.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        row_height = self.units.fontMetrics().height() + 10
        self.units.verticalHeader().setDefaultSectionSize(row_height)
        self.units.itemChanged.connect(self._unit_changed)
        self.add_unit_button = QPushButton("添加单位", units_box)
        self.add_unit_button.setToolTip("添加一个单位（表格中按 Insert）")
        self.remove_unit_button = QPushButton("删除单位", units_box)
        self.remove_unit_button.setToolTip("删除所选单位（表格中按 Delete）")
        self.add_unit_button.clicked.connect(self.add_unit)
        self.remove_unit_button.clicked.connect(self.remove_unit)
        units_row = QHBoxLayout(units_box)
        units_row.addWidget(self.units, 1)
        unit_buttons = QVBoxLayout()
        unit_buttons.addWidget(self.add_unit_button)
        unit_buttons.addWidget(self.remove_unit_button)
        unit_buttons.addStretch(1)
        units_row.addLayout(unit_buttons)

        duties_box = QGroupBox("主要职责", body)
        self.duties = ParagraphList("主要职责", _PARAGRAPH, "duties", duties_box)
        QVBoxLayout(duties_box).addWidget(self.duties)
        self.duties.edited.connect(lambda items, key, label: self._paragraphs("duties", items, key, label))
        tasks_box = QGroupBox("年度主要工作任务", body)
        self.tasks = ParagraphList("工作任务", _PARAGRAPH, "tasks", tasks_box)
        QVBoxLayout(tasks_box).addWidget(self.tasks)
        self.tasks.edited.connect(lambda items, key, label: self._paragraphs("tasks", items, key, label))

        for box in (identity, cover_box, units_box, duties_box, tasks_box):
            self.column.addWidget(box)
        self.column.addStretch(1)
        self.setFocusProxy(self.name)

    @staticmethod
    def _add_row(grid: QGridLayout, row: int, label_a: str, a: QWidget, label_b: str, b: QWidget) -> None:
        for column, (text, widget) in enumerate(((label_a, a), (label_b, b))):
            caption = QLabel(text, grid.parentWidget())
            caption.setBuddy(widget)
            grid.addWidget(caption, row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)

    # -- showing -----------------------------------------------------------------------------------------------------
    def _load(self, department: Department) -> None:
        self._loading = True
        try:
            _set_text(self.name, department.name)
            _set_text(self.code, department.code or "")
            self.year.blockSignals(True)
            self.year.setValue(department.year)
            self.year.blockSignals(False)
            self.layout_choice.blockSignals(True)
            at = self.layout_choice.findData(department.document)
            self.layout_choice.setCurrentIndex(at)  # -1 (none chosen) when the layout is unknown or not set
            self.layout_choice.blockSignals(False)
            cover = department.cover or Cover()
            for attribute, edit in self.cover_fields.items():
                _set_text(edit, getattr(cover, attribute) or "")
            self.draft.blockSignals(True)
            self.draft.setChecked(cover.draft)
            self.draft.blockSignals(False)
            self._load_units(department.units)
            self.duties.set_items(paragraph_items(department.duties))
            self.tasks.set_items(paragraph_items(department.tasks))
        finally:
            self._loading = False

    def _load_units(self, units: tuple[BudgetUnit, ...]) -> None:
        self.units.blockSignals(True)
        try:
            self.units.setRowCount(len(units))
            for row, unit in enumerate(units):
                for column, text in enumerate((unit.name, unit.kind or "")):
                    item = self.units.item(row, column)
                    if item is None:
                        self.units.setItem(row, column, QTableWidgetItem(text))
                    elif item.text() != text:
                        item.setText(text)
        finally:
            self.units.blockSignals(False)
        self.remove_unit_button.setEnabled(bool(units) and not self.read_only)
        # As tall as its units and one empty line (between 2 and 8 rows): no big empty box for a new department.
        rows = min(max(len(units) + 1, 2), 8)
        header = self.units.horizontalHeader().sizeHint().height()
        self.units.setFixedHeight(header + rows * self.units.verticalHeader().defaultSectionSize() + 4)

    def show_location(self, location: Location) -> bool:
        """A finding about the department's identity or its document: select the field it names."""
        target: QWidget | None = {
            "name": self.name,
            "code": self.code,
            "year": self.year,
            "document": self.layout_choice,
            "cover": self.cover_fields["title"],
        }.get(location.field or "")
        if target is None and location.table == "contents":
            target = self.layout_choice
        if target is None:
            return False
        self.ensureWidgetVisible(target)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- editing -----------------------------------------------------------------------------------------------------
    def _identity(self, *, key: str | None, label: str, **values: object) -> None:
        department = self.department()
        if department is None or self._loading:
            return
        if values.get("name") == "":
            return  # a department has a name: the field may be emptied while retyping, the name stays until typed
        merge = f"identity:{key}" if key else None
        self._push(replace(department, **values), DepartmentPart.IDENTITY, label, merge)  # type: ignore[arg-type]

    def _name_finished(self) -> None:
        """Left empty, the name field shows the department's name again (a department always has one)."""
        department = self.department()
        if department is not None and not self.name.text().strip():
            self.name.setText(department.name)
            self.name.setToolTip("部门名称不能为空：已恢复为原名称。")
        else:
            self.name.setToolTip("")

    def _layout_changed(self, _index: int) -> None:
        layout = self.layout_choice.currentData()
        if isinstance(layout, str):
            self._identity(document=layout, key=None, label="修改文件版式")

    def _cover(self, attribute: str, value: object, label: str) -> None:
        department = self.department()
        if department is None or self._loading:
            return
        cover = replace(department.cover or Cover(), **{attribute: value})  # type: ignore[arg-type]
        after = replace(department, cover=None if cover == Cover() else cover)
        self._push(after, DepartmentPart.IDENTITY, f"修改{label}", f"cover:{attribute}")

    def _unit_changed(self, item: QTableWidgetItem) -> None:
        department = self.department()
        if department is None or self._loading or not 0 <= item.row() < len(department.units):
            return
        units = list(department.units)
        unit = units[item.row()]
        text = item.text().strip()
        units[item.row()] = replace(unit, name=text) if item.column() == 0 else replace(unit, kind=text_or_none(text))
        self._push(replace(department, units=tuple(units)), DepartmentPart.OVERVIEW, "修改预算单位")

    def add_unit(self) -> None:
        """A new budget unit after the selected one; its name cell opens for typing."""
        department = self.department()
        if department is None:
            return
        row = self.units.currentRow() + 1 if self.units.currentRow() >= 0 else len(department.units)
        units = (*department.units[:row], BudgetUnit(""), *department.units[row:])
        self._push(replace(department, units=units), DepartmentPart.OVERVIEW, "添加预算单位")
        now = self.department()
        if now is None or len(now.units) != len(units):
            return  # not added (a read-only workbook)
        self._load_units(now.units)
        self.units.setCurrentCell(row, 0)
        self.units.setFocus(Qt.FocusReason.OtherFocusReason)
        item = self.units.item(row, 0)
        if item is not None:
            self.units.editItem(item)

    def remove_unit(self) -> None:
        """Remove the selected budget unit."""
        department = self.department()
        row = self.units.currentRow()
        if department is None or not 0 <= row < len(department.units):
            return
        units = (*department.units[:row], *department.units[row + 1 :])
        self._push(replace(department, units=units), DepartmentPart.OVERVIEW, "删除预算单位")
        now = self.department()
        if now is None or len(now.units) != len(units):
            return
        self._load_units(now.units)
        if units:
            self.units.setCurrentCell(min(row, len(units) - 1), 0)

    def _paragraphs(self, attribute: str, items: tuple[Item, ...], key: str | None, label: str) -> None:
        department = self.department()
        if department is None or self._loading:
            return
        paragraphs = paragraphs_of(items)
        if attribute == "duties":
            after = replace(department, duties=paragraphs)
        else:
            after = replace(department, tasks=paragraphs)
        self._push(after, DepartmentPart.OVERVIEW, label, key)
        # What the department now holds (an add or a move is shown by the reload the change brings about; typing
        # is not reloaded, so the list's captions are set here).
        now = self.department()
        if now is not None:
            widget = self.duties if attribute == "duties" else self.tasks
            widget.set_items(paragraph_items(now.duties if attribute == "duties" else now.tasks))


def _set_text(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.setText(text)
