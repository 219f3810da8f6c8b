"""部门整体绩效目标: 年度目标, 一、总体绩效目标, 二、分项绩效目标 (title, 绩效目标, 绩效指标), 三、工作保障措施, and the
optional 部门整体支出绩效目标表 edited with the project's indicator tree editor (see target_indicators.py).

Every change is one EditDepartment with part TARGET (typing on in one field is one step); undo and redo refresh the
page. The indicator table is checked by the project rules (domain/department/checks_target.py); its findings jump to
the row here.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.department.checks_target import TARGET_TABLE
from desktop.domain.department.content import OverallTarget, TargetItem
from desktop.domain.department.model import Department
from desktop.domain.findings import Location
from desktop.domain.parts import DepartmentPart
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import LayoutError
from desktop.ui.department.common import DepartmentEditor, paragraph_items, paragraphs_of, text_or_none
from desktop.ui.department.paragraphs import FieldSpec, Item, ParagraphList, PlainText
from desktop.ui.department.target_indicators import TargetIndicatorDocument
from desktop.ui.document import WorkbookDocument
from desktop.ui.indicators.editor import IndicatorEditor

_PARAGRAPH = (FieldSpec("标题", multiline=False), FieldSpec("内容"))
_ITEM = (FieldSpec("标题", multiline=False), FieldSpec("绩效目标"), FieldSpec("绩效指标"))
_TREE_HEIGHT = 340  # about eight 三级 rows with the toolbar: the table is optional and usually short


class TargetEditor(DepartmentEditor):
    """The 部门整体绩效目标 page."""

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, "部门整体绩效目标", parent)
        self.setObjectName("department_target")
        body = self.body
        self._loading = False

        goal_box = QGroupBox("年度目标（年度履职目标）", body)
        self.annual_goal = PlainText(goal_box)
        self.annual_goal.setPlaceholderText("本部门本年度的总体目标，一段话")
        self.annual_goal.setFixedHeight(self.annual_goal.fontMetrics().lineSpacing() * 3 + 14)
        self.annual_goal.textChanged.connect(self._goal_changed)
        QVBoxLayout(goal_box).addWidget(self.annual_goal)

        self.goals = ParagraphList("总体绩效目标", _PARAGRAPH, "goals", body)
        self.items = ParagraphList("分项绩效目标", _ITEM, "items", body)
        self.measures = ParagraphList("工作保障措施", _PARAGRAPH, "measures", body)
        boxes: list[QGroupBox] = [goal_box]
        for title, widget in (
            ("一、总体绩效目标", self.goals),
            ("二、分项绩效目标", self.items),
            ("三、工作保障措施", self.measures),
        ):
            box = QGroupBox(title, body)
            QVBoxLayout(box).addWidget(widget)
            boxes.append(box)
        self.goals.edited.connect(lambda items, key, label: self._lists("goals", items, key, label))
        self.items.edited.connect(lambda items, key, label: self._lists("items", items, key, label))
        self.measures.edited.connect(lambda items, key, label: self._lists("measures", items, key, label))

        table_box = QGroupBox("部门整体支出绩效目标表（可选）", body)
        self.table_document = TargetIndicatorDocument(document, self)
        self.indicators = IndicatorEditor(self.table_document, table_box)
        self.indicators.title.setText("部门绩效指标")
        self.indicators.setMinimumHeight(_TREE_HEIGHT)
        self.table_note = QLabel(
            "有的地区以指标表列示部门整体绩效目标（一级 › 二级 › 三级 › 指标值），"
            "与项目的指标表相同，并按相同的规则校验。不需要时留空即可。",
            table_box,
        )
        self.table_note.setWordWrap(True)
        self.table_note.setStyleSheet("color: #555;")
        table_column = QVBoxLayout(table_box)
        table_column.addWidget(self.table_note)
        table_column.addWidget(self.indicators, 1)
        boxes.append(table_box)
        for box in boxes:
            self.column.addWidget(box)
        self.column.addStretch(1)
        self.setFocusProxy(self.annual_goal)
        self._shown: Department | None = None

    def set_read_only(self, read_only: bool) -> None:
        """Nothing editable, the indicator table included."""
        super().set_read_only(read_only)
        self.table_document.read_only = read_only
        self.indicators.set_read_only(read_only)

    # -- showing -----------------------------------------------------------------------------------------------------
    def set_department(self, index: int | None) -> None:
        """Show department `index` (its indicator table in the tree editor)."""
        self._index = index
        department = self.department()
        project = self.table_document.show(department)
        layout = None
        if project is not None:
            try:
                layout = get_layout(project.template)
            except LayoutError:
                layout = None
        self.indicators.set_project(project if layout is not None else None, layout)
        self._reload()

    def _load(self, department: Department) -> None:
        target = department.overall_target or OverallTarget()
        self._loading = True
        try:
            if self.annual_goal.toPlainText() != (target.annual_goal or ""):
                self.annual_goal.setPlainText(target.annual_goal or "")
            self.goals.set_items(paragraph_items(target.goals))
            self.items.set_items(tuple((i.title, i.goal, i.indicators) for i in target.items))
            self.measures.set_items(paragraph_items(target.measures))
        finally:
            self._loading = False
        self.table_document.sync(department)

    def show_location(self, location: Location) -> bool:
        """A finding about the indicator table: select its row (and cell); about the table as a whole: the tree."""
        if location.table != TARGET_TABLE:
            return False
        self.ensureWidgetVisible(self.indicators)
        if location.indicator is not None:
            self.indicators.select_indicator(location.indicator, location.column)
        else:
            self.indicators.view().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    # -- editing -----------------------------------------------------------------------------------------------------
    def _target(self) -> tuple[Department, OverallTarget] | None:
        department = self.department()
        if department is None or self._loading:
            return None
        return department, department.overall_target or OverallTarget()

    def _goal_changed(self) -> None:
        found = self._target()
        if found is not None:
            department, target = found
            goal = text_or_none(self.annual_goal.toPlainText())
            after = replace(department, overall_target=replace(target, annual_goal=goal))
            self._push(after, DepartmentPart.TARGET, "修改年度目标", "target:annual_goal")

    def _lists(self, attribute: str, items: tuple[Item, ...], key: str | None, label: str) -> None:
        found = self._target()
        if found is None:
            return
        department, target = found
        if attribute == "items":
            rows = tuple(TargetItem(*(list(i) + [None] * 3)[:3]) for i in items)
            changed = replace(target, items=rows)
        elif attribute == "goals":
            changed = replace(target, goals=paragraphs_of(items))
        else:
            changed = replace(target, measures=paragraphs_of(items))
        self._push(replace(department, overall_target=changed), DepartmentPart.TARGET, label, key and f"target:{key}")
        now = self.department()
        if now is not None:  # an add or a move shows at once (the page does not reload on its own edits)
            self._load(now)
