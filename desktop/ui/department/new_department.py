"""新建部门: a department from scratch (year, name, code, document layout) or rolled over from an earlier year's.

Rolled over (`desktop.domain.rollover.rollover_department`), the 概况 and the targets come along with the years in
the cover moved, and last year's figures become the new year's `prior` (上年) for the comparisons of the 说明; the
figures themselves are kept or cleared as the clerk chooses. A department is its year + name: the dialog refuses one
the workbook already has, and says so before 新建 is pressed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.domain.model import Workbook
from desktop.domain.rollover import rollover_department
from desktop.templates.documents import bundled_document_layouts


def _same(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


class NewDepartmentDialog(QDialog):
    """Asks how to make the department; `department()` makes it (the workbook is not changed)."""

    def __init__(self, workbook: Workbook, year: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建部门")
        self._workbook = workbook
        self.scratch = QRadioButton("从头新建(&B)", self)
        self.rolled = QRadioButton("由上年的部门结转(&R)：", self)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.scratch, 0)
        self.mode.addButton(self.rolled, 1)
        self.source = QComboBox(self)
        self.source.setToolTip("结转时，概况和绩效目标随之带来，上年的预算数成为今年对照的“上年数”")
        for i, department in sorted(enumerate(workbook.departments), key=lambda p: (-p[1].year, p[1].name)):
            self.source.addItem(department.display_name(), i)
        self.rolled.setEnabled(bool(workbook.departments))
        self.keep_funds = QCheckBox("保留预算数(&K)（不勾选则清空，待今年预算下达后再填）", self)
        self.keep_funds.setChecked(True)

        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setSuffix(" 年度")
        self.year.setValue(year or date.today().year + 1)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("如：泗县医疗保障局")
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("部门编码（可不填）")
        self.layout_choice = QComboBox(self)
        for layout in bundled_document_layouts().values():
            self.layout_choice.addItem(f"{layout.name}（{layout.id}）", layout.id)
        self.layout_choice.setToolTip("打印和导出此部门的文件时所用的文件版式")
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        buttons = QDialogButtonBox(self)
        self.ok: QPushButton = buttons.addButton("新建(&N)", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.ok.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.scratch)
        form.addRow(self.rolled, self.source)
        form.addRow("", self.keep_funds)
        for label, widget in (
            ("预算年度(&Y)：", self.year),
            ("部门名称(&M)：", self.name),
            ("部门编码(&C)：", self.code),
            ("文件版式(&L)：", self.layout_choice),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.setMinimumWidth(480)

        # From last year's department when the workbook has one of the year before: that is the usual season's start.
        # (Or from this year's, to the next: the clerk on this year's department prepares the next season.)
        previous = self._index_of_year((year or self.year.value()) - 1)
        if previous is None and year is not None:
            previous = self._index_of_year(year)
        if previous is not None:
            self.rolled.setChecked(True)
            self.source.setCurrentIndex(self.source.findData(previous))
            self._source_changed()
        else:
            self.scratch.setChecked(True)
        self.mode.idToggled.connect(lambda _id, on: self._mode_changed() if on else None)
        self.source.currentIndexChanged.connect(lambda _i: self._source_changed())
        for signal in (self.name.textChanged, self.code.textChanged):
            signal.connect(lambda _t: self._check())
        self.year.valueChanged.connect(lambda _v: self._check())
        self._mode_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        first = self.source if self.rolled.isChecked() else self.name
        first.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def _index_of_year(self, year: int) -> int | None:
        return next((i for i, d in enumerate(self._workbook.departments) if d.year == year), None)

    def _source(self) -> Department | None:
        index = self.source.currentData()
        departments = self._workbook.departments
        return departments[index] if isinstance(index, int) and 0 <= index < len(departments) else None

    def _mode_changed(self) -> None:
        rolled = self.rolled.isChecked()
        self.source.setEnabled(rolled)
        self.keep_funds.setEnabled(rolled)
        if rolled:
            self._source_changed()
        else:
            source = self._source()
            # From scratch starts blank: what the rolled-over department filled in goes, what was typed stays.
            if source is not None and self.name.text() == source.name and self.code.text() == (source.code or ""):
                self.name.clear()
                self.code.clear()
        self._check()

    def _source_changed(self) -> None:
        source = self._source()
        if source is None or not self.rolled.isChecked():
            return
        self.year.setValue(source.year + 1)
        self.name.setText(source.name)
        self.code.setText(source.code or "")
        if source.document is not None:
            self.layout_choice.setCurrentIndex(max(0, self.layout_choice.findData(source.document)))

    # -- what is asked for -------------------------------------------------------------------------------------------
    def problem(self) -> str | None:
        """What keeps 新建 from working now, in Chinese (None: nothing)."""
        name = self.name.text().strip()
        if not name:
            return "请填写部门名称。"
        year = self.year.value()
        if any(d.year == year and _same(d.name, name) for d in self._workbook.departments):
            return f"{year} 年已有部门“{name}”，不能重复新建；请在左侧列表中打开它，或改换年度。"
        if self.rolled.isChecked():
            source = self._source()
            if source is None:
                return "请选择要结转的部门。"
            if year <= source.year:
                return f"结转到的年度应晚于 {source.year} 年。"
        return None

    def _check(self) -> None:
        problem = self.problem()
        self.ok.setEnabled(problem is None)
        if problem is not None:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(problem)
            return
        self.message.setStyleSheet("color: #555;")
        source = self._source()
        if self.rolled.isChecked() and source is not None:
            self.message.setText(
                f"将由“{source.display_name()}”结转：部门概况和绩效目标随之带来（封面年份顺延），"
                f"{source.year} 年的预算数成为 {self.year.value()} 年对照的上年数。可用 Ctrl+Z 撤销。"
            )
        else:
            self.message.setText("将新建一个空白部门，随后在“部门概况”中填写。可用 Ctrl+Z 撤销。")

    def _accept(self) -> None:
        if self.problem() is None:
            self.accept()

    def department(self) -> Department:
        """The new department as asked for."""
        name = self.name.text().strip()
        code = self.code.text().strip() or None
        document = self.layout_choice.currentData()
        layout = document if isinstance(document, str) else None
        source = self._source()
        if self.rolled.isChecked() and source is not None:
            rolled = rollover_department(source, self.year.value(), clear_funds=not self.keep_funds.isChecked())
            return replace(rolled, name=name, code=code, document=layout)
        return Department(year=self.year.value(), name=name, code=code, document=layout)


def ask_new_department(parent: QWidget | None, workbook: Workbook, year: int | None = None) -> Department | None:
    """Show the dialog; the department to add (not yet added), or None when cancelled."""
    dialog = NewDepartmentDialog(workbook, year, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.department()
