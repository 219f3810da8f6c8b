"""文件 → 导入…: read a file, show what was found (projects, indicators, lines not placed), import on confirmation.

The dialog writes nothing: it returns the projects the clerk kept ticked, each with what to do when the workbook
already has it (替换原项目 / 两个都保留 / 跳过; 新项目 / 有改动 with the changed fields / 无改动 is shown), and the
caller applies them as one undo step. Departments the file holds (a published 部门预算 read by the text importer, our
JSON version 2) are listed above the projects as 新部门 / 有改动 / 无改动: one of the same year and name replaces the
workbook's by default, or is skipped. A year override moves every imported project and department to one year; for
our own xlsx edited in Excel the fields that differ from the copy kept in the file are listed. Text files go through
the text importer, .json through the interchange reader, .xlsx through the Excel importer (loaded only when needed).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.domain.department_import import IncomingDepartment, classify_departments
from desktop.domain.model import Project, format_amount
from desktop.domain.reimport import Incoming, Match, Resolution, classify, default_resolution
from desktop.io.importing import ImportFailed, ImportResult
from desktop.storage.sources import read_source
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import LayoutError

GUESS_BACKGROUND = QBrush(QColor("#fff3b0"))  # rows placed by a guess: the clerk checks these


@dataclass
class ImportPlan:
    """What the clerk chose to import: projects and departments, each with what to do when the workbook has it."""

    projects: list[tuple[Incoming, Resolution]] = field(default_factory=list)
    departments: list[tuple[IncomingDepartment, Resolution]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.projects or self.departments)


def _layout_name(template: str) -> str:
    try:
        return get_layout(template).name
    except LayoutError:
        return template


class ImportPreviewDialog(QDialog):
    """Shows an ImportResult: the projects (ticked to import), the selected one's indicators, the lines not placed."""

    def __init__(
        self,
        result: ImportResult,
        parent: QWidget | None = None,
        existing: Sequence[Project] = (),
        departments: Sequence[Department] = (),
    ) -> None:
        super().__init__(parent)
        self.result_data = result
        self._existing = list(existing)
        self._existing_departments = list(departments)
        self.items: list[Incoming] = []
        self.department_items: list[IncomingDepartment] = []
        self.setWindowTitle(f"导入预览 — {result.source_name}")
        self.summary = QLabel(self._summary_text(), self)
        self.summary.setWordWrap(True)

        self.override_year = QCheckBox("年度统一改为(&Y)", self)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        years = [p.year for p in result.projects if p.year is not None] + [d.year for d in result.departments]
        self.year.setValue(max(years) if years else 2025)
        self.year.setEnabled(False)
        self.override_year.toggled.connect(self.year.setEnabled)
        self.override_year.toggled.connect(lambda _on: self._fill())
        self.year.valueChanged.connect(lambda _v: self._fill() if self.override_year.isChecked() else None)
        year_row = QHBoxLayout()
        year_row.addWidget(self.override_year)
        year_row.addWidget(self.year)
        year_row.addStretch(1)

        self.projects = QTableWidget(0, 7, self)
        self.projects.setHorizontalHeaderLabels(
            ["项目名称", "表样", "年度", "三级指标", "年度资金总额（万元）", "与工作簿相比", "处理"]
        )
        self.projects.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.projects.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.projects.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.projects.verticalHeader().setVisible(False)
        header = self.projects.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 7):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.projects.itemSelectionChanged.connect(self._show_selected)
        self.projects.itemChanged.connect(self._update_button)
        self.choices: list[QComboBox | None] = []

        self.indicators = QTreeWidget(self)
        self.indicators.setHeaderLabels(["一级 / 二级 / 三级指标", "指标值"])
        self.indicators.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.indicators.header().setStretchLastSection(False)
        self.indicators.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)

        self.unplaced = QTableWidget(len(result.unplaced), 3, self)
        self.unplaced.setHorizontalHeaderLabels(["行号", "原因", "原文"])
        self.unplaced.verticalHeader().setVisible(False)
        self.unplaced.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, line in enumerate(result.unplaced):
            number = QTableWidgetItem(str(line.line_no))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.unplaced.setItem(row, 0, number)
            self.unplaced.setItem(row, 1, QTableWidgetItem(line.reason))
            shown = " | ".join(cell.strip() for cell in line.text.split("\t") if cell.strip())
            self.unplaced.setItem(row, 2, QTableWidgetItem(shown))
        self.unplaced.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unplaced.resizeColumnsToContents()

        self.guesses = QTableWidget(len(result.guesses), 3, self)
        self.guesses.setHorizontalHeaderLabels(["行号", "三级指标（项目）", "归入及原因"])
        self.guesses.verticalHeader().setVisible(False)
        self.guesses.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, guess in enumerate(result.guesses):
            project = result.projects[guess.project]
            ind = project.indicators[guess.indicator]
            number = QTableWidgetItem(str(guess.line_no))
            number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.guesses.setItem(row, 0, number)
            self.guesses.setItem(row, 1, QTableWidgetItem(f"{ind.name or '（无名称）'}（{project.display_name()}）"))
            place = " › ".join(x for x in (ind.level1, ind.level2) if x)
            self.guesses.setItem(row, 2, QTableWidgetItem(f"{place}：{guess.reason}"))
        self.guesses.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.guesses.resizeColumnsToContents()

        self.notes = QLabel("\n".join(result.notes) or "（无）", self)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.sheet_edits = QTreeWidget(self)
        self.sheet_edits.setHeaderLabels(["在 Excel/WPS 中改过的内容（以表格中看到的为准）"])
        for edit in result.sheet_edits:
            top = QTreeWidgetItem(self.sheet_edits, [edit.project.display_name()])
            for change in edit.diff.lines():
                QTreeWidgetItem(top, [change]).setToolTip(0, change)
        self.sheet_edits.expandAll()

        tabs = QTabWidget(self)
        tabs.addTab(self.indicators, "指标")
        tabs.addTab(self.unplaced, f"未识别的行（{len(result.unplaced)}）")
        if result.guesses:
            tabs.addTab(self.guesses, f"需核对的行（{len(result.guesses)}）")
        else:
            self.guesses.hide()  # not in a tab: it would sit over the summary's first line
        tabs.addTab(self.notes, f"说明（{len(result.notes)}）")
        if result.sheet_edits:
            tabs.addTab(self.sheet_edits, f"Excel 中改过（{len(result.sheet_edits)}）")
        else:
            self.sheet_edits.hide()
        self.tabs = tabs

        self.departments = QTableWidget(0, 5, self)
        self.departments.setObjectName("import_departments")
        self.departments.setHorizontalHeaderLabels(["部门", "年度", "文件版式", "与工作簿相比", "处理"])
        self.departments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.departments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.departments.verticalHeader().setVisible(False)
        department_header = self.departments.horizontalHeader()
        department_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            department_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.departments.itemChanged.connect(self._update_button)
        self.department_choices: list[QComboBox | None] = []
        self.departments.setVisible(bool(result.departments))
        rows = max(len(result.departments), 1)
        self.departments.setMaximumHeight(self.departments.horizontalHeader().sizeHint().height() + 30 * rows + 6)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.projects)
        splitter.addWidget(tabs)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        buttons = QDialogButtonBox(self)
        self.import_button: QPushButton = buttons.addButton("导入", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button: QPushButton = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(year_row)
        layout.addWidget(self.departments)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(980, 640)
        self._fill()
        if result.sheet_edits:
            self.tabs.setCurrentWidget(self.sheet_edits)

    def _fill(self) -> None:
        """(Re)compare the incoming projects with the workbook (after a year override too) and list them."""
        incoming = [copy.deepcopy(p) for p in self.result_data.projects]
        if self.override_year.isChecked():
            for project in incoming:
                project.year = self.year.value()
        checked = [self._is_checked(row) for row in range(self.projects.rowCount())]
        self.items = classify(self._existing, incoming)
        self.projects.blockSignals(True)
        self.projects.setRowCount(0)
        self.projects.setRowCount(len(self.items))
        self.choices = []
        for row, item in enumerate(self.items):
            project = item.project
            name = QTableWidgetItem(project.display_name())
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            keep = checked[row] if row < len(checked) else True
            name.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
            compared = QTableWidgetItem(item.summary())
            compared.setToolTip("\n".join(item.diff.lines()) if item.diff is not None else "")
            if item.match is Match.CHANGED:
                compared.setForeground(Qt.GlobalColor.darkRed)
            cells = [
                name,
                QTableWidgetItem(_layout_name(project.template)),
                QTableWidgetItem(str(project.year)),
                QTableWidgetItem(str(len(project.indicators))),
                QTableWidgetItem(format_amount(project.funds.total) or "—"),
                compared,
            ]
            for column, cell in enumerate(cells):
                if 2 <= column <= 4:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.projects.setItem(row, column, cell)
            if item.existing is None:
                self.projects.setItem(row, 6, QTableWidgetItem("新增"))
                self.choices.append(None)
            else:
                choice = QComboBox(self.projects)
                for resolution in (Resolution.REPLACE, Resolution.KEEP_BOTH, Resolution.SKIP):
                    choice.addItem(resolution.label, resolution)
                choice.setCurrentIndex(choice.findData(default_resolution(item, self.result_data.ours)))
                choice.currentIndexChanged.connect(lambda _i: self._update_button())
                self.projects.setCellWidget(row, 6, choice)
                self.choices.append(choice)
        self.projects.blockSignals(False)
        if self.items:
            self.projects.selectRow(0)
        self._fill_departments()
        self._update_button()

    def _fill_departments(self) -> None:
        """(Re)compare the incoming departments with the workbook's, by year and name, and list them."""
        incoming = list(self.result_data.departments)
        if self.override_year.isChecked():
            incoming = [replace(d, year=self.year.value()) for d in incoming]
        checked = [self._is_department_checked(row) for row in range(self.departments.rowCount())]
        self.department_items = classify_departments(self._existing_departments, incoming)
        table = self.departments
        table.blockSignals(True)
        table.setRowCount(0)
        table.setRowCount(len(self.department_items))
        self.department_choices = []
        for row, item in enumerate(self.department_items):
            department = item.department
            name = QTableWidgetItem(department.name)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            keep = checked[row] if row < len(checked) else True
            name.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
            compared = QTableWidgetItem(item.summary())
            if item.existing is not None and item.match is not Match.UNCHANGED:
                compared.setForeground(Qt.GlobalColor.darkRed)
            year = QTableWidgetItem(str(department.year))
            year.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, cell in enumerate((name, year, QTableWidgetItem(_document_name(department)), compared)):
                table.setItem(row, column, cell)
            if item.existing is None:
                table.setItem(row, 4, QTableWidgetItem("新增"))
                self.department_choices.append(None)
            else:
                choice = QComboBox(table)
                choice.addItem("替换原部门", Resolution.REPLACE)
                choice.addItem(Resolution.SKIP.label, Resolution.SKIP)
                # 无改动 is skipped by default, as an unchanged project is: importing it again changes nothing
                default = Resolution.SKIP if item.match is Match.UNCHANGED else Resolution.REPLACE
                choice.setCurrentIndex(choice.findData(default))
                choice.currentIndexChanged.connect(lambda _i: self._update_button())
                table.setCellWidget(row, 4, choice)
                self.department_choices.append(choice)
        table.blockSignals(False)

    def _is_department_checked(self, row: int) -> bool:
        item = self.departments.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def chosen_departments(self) -> list[tuple[IncomingDepartment, Resolution]]:
        """The ticked departments to import: new ones (KEEP_BOTH: added) and replacements; skips left out."""
        out: list[tuple[IncomingDepartment, Resolution]] = []
        for row, item in enumerate(self.department_items):
            if not self._is_department_checked(row):
                continue
            combo = self.department_choices[row] if row < len(self.department_choices) else None
            resolution = Resolution(str(combo.currentData())) if combo is not None else Resolution.KEEP_BOTH
            if resolution is not Resolution.SKIP:
                out.append((item, resolution))
        return out

    def plan(self) -> ImportPlan:
        """Everything chosen: projects and departments."""
        return ImportPlan(self.chosen(), self.chosen_departments())

    def _is_checked(self, row: int) -> bool:
        item = self.projects.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def chosen(self) -> list[tuple[Incoming, Resolution]]:
        """The ticked projects with what to do with each (a new project is always added), skips left out."""
        out: list[tuple[Incoming, Resolution]] = []
        for row, item in enumerate(self.items):
            if not self._is_checked(row):
                continue
            combo = self.choices[row] if row < len(self.choices) else None
            # Qt hands a StrEnum back as its plain text: turned into a Resolution again here.
            resolution = Resolution(str(combo.currentData())) if combo is not None else Resolution.KEEP_BOTH
            if resolution is not Resolution.SKIP:
                out.append((item, resolution))
        return out

    def _summary_text(self) -> str:
        text = self.result_data.summary() + "。"
        if self.result_data.unplaced:
            text += "未识别的行不会导入，请在“未识别的行”中核对，必要时导入后手工补上。"
        if self.result_data.guesses:
            text += "标黄的指标行是按推测归入二级指标的，请在“需核对的行”中逐一核对（其余行按表上所印导入）。"
        if self.result_data.departments:
            text += "部门（部门概况、预算表、说明）列在上方，与项目一起导入，可一次撤销。"
        return text + "勾选要导入的内容后点“导入”；点“取消”则什么也不改。"

    def selected_projects(self) -> list[Project]:
        """The projects that will be added or will replace one, in document order."""
        return [item.project for item, _resolution in self.chosen()]

    def _update_button(self, *_: object) -> None:
        chosen = self.chosen()
        count = len(chosen)
        replacing = sum(1 for _item, r in chosen if r is Resolution.REPLACE and _item.existing is not None)
        departments = self.chosen_departments() if hasattr(self, "departments") else []
        replacing += sum(1 for d, r in departments if r is Resolution.REPLACE and d.existing is not None)
        self.import_button.setEnabled(count > 0 or bool(departments))
        parts = ([f"{count} 个项目"] if count else []) + ([f"{len(departments)} 个部门"] if departments else [])
        text = f"导入 {'、'.join(parts)}" if parts else "导入"
        self.import_button.setText(text + (f"（替换 {replacing} 个）" if replacing else ""))

    def _show_selected(self) -> None:
        rows = {index.row() for index in self.projects.selectedIndexes()}
        self.indicators.clear()
        if not rows:
            return
        index = min(rows)
        project = self.items[index].project  # the same order as result_data.projects
        guessed = {g.indicator: g.reason for g in self.result_data.guesses if g.project == index}
        has_midterm = any(ind.midterm_value for ind in project.indicators)
        columns = [
            (key, label)
            for key, label in (
                ("midterm_name", "中长期三级指标"),
                ("midterm_value", "中长期指标值"),
                ("description", "绩效指标描述"),
                ("value", "本年度指标值" if has_midterm else "指标值"),
                ("basis", "指标值确定依据"),
            )
            if key == "value" or any(getattr(ind, key) for ind in project.indicators)
        ]
        self.indicators.setColumnCount(1 + len(columns))
        self.indicators.setHeaderLabels(["一级 / 二级 / 三级指标"] + [label for _, label in columns])
        level1_items: dict[str, QTreeWidgetItem] = {}
        level2_items: dict[tuple[str, str], QTreeWidgetItem] = {}
        for position, ind in enumerate(project.indicators):
            top = level1_items.get(ind.level1)
            if top is None:
                top = QTreeWidgetItem(self.indicators, [ind.level1 or "（无一级指标）"])
                level1_items[ind.level1] = top
            key = (ind.level1, ind.level2 or "")
            middle = level2_items.get(key)
            if middle is None:
                middle = QTreeWidgetItem(top, [ind.level2 or "（无二级指标）"])
                level2_items[key] = middle
            texts = [ind.name or "（无名称）"] + [getattr(ind, k) or "" for k, _ in columns]
            leaf = QTreeWidgetItem(middle, texts)
            reason = guessed.get(position)
            for column, text in enumerate(texts):
                leaf.setToolTip(column, f"推测归入：{reason}" if reason else text)
                if reason:
                    leaf.setBackground(column, GUESS_BACKGROUND)
            if reason:
                leaf.setText(0, f"⚠ {texts[0]}")
        self.indicators.expandAll()


def _document_name(department: Department) -> str:
    from desktop.templates.documents import DocumentLayoutError, get_document_layout

    try:
        return get_document_layout(department.document or "ah-department-budget").name
    except DocumentLayoutError:
        return department.document or ""


def run_import_dialog(parent: QWidget, path: Path) -> list[Project] | None:
    """Read `path`, preview what was found and return the projects to add (None when cancelled or nothing found)."""
    plan = run_import_plan(parent, path, (), ())
    projects = [item.project for item, _resolution in plan.projects] if plan is not None else []
    return projects or None


def run_import_plan(
    parent: QWidget, path: Path, existing: Sequence[Project], departments: Sequence[Department]
) -> ImportPlan | None:
    """Read `path`, compare with the workbook's `existing` projects and `departments` in the preview and return what
    to import and how (None when cancelled or nothing found)."""
    try:
        result = read_source(path)
    except ImportFailed as exc:
        QMessageBox.critical(parent, "无法导入", f"无法导入 {path.name}：\n{exc}")
        return None
    if result.is_empty():
        details = "\n".join(result.notes[:3])
        QMessageBox.information(
            parent,
            "没有可导入的内容",
            f"{path.name} 中没有找到项目支出绩效目标表，也没有部门预算资料，工作簿未改动。"
            + (f"\n\n{details}" if details else ""),
        )
        return None
    dialog = ImportPreviewDialog(result, parent, existing, departments)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.plan() or None
