"""年度结转: which projects go to which year, with funds kept or cleared, and what will be made before it is made.

The dialog only computes (`desktop.domain.rollover.rollover`, which never changes the workbook); the caller adds
the projects made as one undo step. The preview says, before anything happens, each project that will be made
(last year's name → the new name) and each one the target year already has (not made again). A whole year's
rollover takes that year's departments along (last year's figures becoming their 上年数), in the same step.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.department.model import Department
from desktop.domain.model import Project, Workbook
from desktop.domain.rollover import RolloverResult, rollover, year_selection

_ALL_DEPARTMENTS = "全部部门"
_LISTED = 200  # lines of the preview; a whole county's year is a few hundred projects at most


class RolloverDialog(QDialog):
    """项目 → 年度结转…: scope, target year, funds; a live preview of what will be made."""

    def __init__(
        self,
        workbook: Workbook,
        current: Project | None,
        selected: Sequence[Project],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("年度结转")
        self._workbook = workbook
        self._current = current
        self._selected = list(selected)
        years = sorted(
            {p.year for p in workbook.projects if p.year is not None} | {d.year for d in workbook.departments},
            reverse=True,
        )

        scope_box = QGroupBox("结转哪些项目", self)
        grid = QGridLayout(scope_box)
        self.scope = QButtonGroup(self)
        name = current.display_name() if current is not None else "（未选中项目）"
        self.only_current = QRadioButton(f"当前项目(&C)：{name}", scope_box)
        self.only_current.setEnabled(current is not None)
        self.selection = QRadioButton(f"选中的 {len(self._selected)} 个项目(&S)", scope_box)
        self.selection.setEnabled(len(self._selected) > 1)
        self.whole_year = QRadioButton("整个年度(&Y)（连同该年度的部门）：", scope_box)
        self.year = QComboBox(scope_box)
        for year in years:
            self.year.addItem(f"{year} 年", year)
        self.department = QComboBox(scope_box)
        self.department.setToolTip("只结转一个部门的项目")
        for i, button in enumerate((self.only_current, self.selection, self.whole_year)):
            self.scope.addButton(button, i)
        grid.addWidget(self.only_current, 0, 0, 1, 3)
        grid.addWidget(self.selection, 1, 0, 1, 3)
        grid.addWidget(self.whole_year, 2, 0)
        grid.addWidget(self.year, 2, 1)
        grid.addWidget(self.department, 2, 2)
        grid.setColumnStretch(2, 1)

        self.to_year = QSpinBox(self)
        self.to_year.setRange(2000, 2100)
        self.keep_funds = QCheckBox("保留资金数额(&K)（不勾选则清空，待今年预算下达后再填）", self)
        self.keep_funds.setChecked(True)
        form = QFormLayout()
        label = QLabel("结转到(&T)：", self)
        label.setBuddy(self.to_year)
        row = QHBoxLayout()
        row.addWidget(self.to_year)
        row.addWidget(QLabel("年度", self))
        row.addStretch(1)
        form.addRow(label, row)
        form.addRow("", self.keep_funds)

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Tab goes from field to field, not into the list
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        buttons = QDialogButtonBox(self)
        self.ok: QPushButton = buttons.addButton("结转(&R)", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        cancel.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(scope_box)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)

        if len(self._selected) > 1:
            self.selection.setChecked(True)
        elif current is not None:
            self.only_current.setChecked(True)
        else:
            self.whole_year.setChecked(True)
        start_year = current.year if current is not None and current.year in years else (years[0] if years else None)
        if start_year is not None:
            self.year.setCurrentIndex(self.year.findData(start_year))
        self._fill_departments()
        self._default_target()
        self.scope.idToggled.connect(self._scope_changed)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.department.currentIndexChanged.connect(lambda _i: self.refresh())
        self.to_year.valueChanged.connect(lambda _v: self.refresh())
        self.keep_funds.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        checked = self.scope.checkedButton()  # the keyboard starts on the chosen scope; arrows change it
        if checked is not None:
            checked.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    # -- what is chosen ------------------------------------------------------------------------------------------
    def sources(self) -> list[Project]:
        """The projects the chosen scope takes from."""
        if self.only_current.isChecked() and self._current is not None:
            return [self._current]
        if self.selection.isChecked():
            return list(self._selected)
        year = self.year.currentData()
        if not isinstance(year, int):
            return []
        department = self.department.currentData()
        projects, _departments = year_selection(
            self._workbook, year, department if isinstance(department, str) else None
        )
        return projects

    def department_sources(self) -> list[Department]:
        """The departments the chosen scope takes along (a whole year's; none for chosen projects)."""
        year = self.year.currentData()
        if not self.whole_year.isChecked() or not isinstance(year, int):
            return []
        department = self.department.currentData()
        _projects, departments = year_selection(
            self._workbook, year, department if isinstance(department, str) else None
        )
        return departments

    def planned(self) -> RolloverResult:
        """What 结转 would make now (the workbook is not changed)."""
        return rollover(
            self._workbook,
            self.sources(),
            self.to_year.value(),
            departments=self.department_sources(),
            clear_funds=not self.keep_funds.isChecked(),
        )

    # -- keeping the parts in step --------------------------------------------------------------------------------
    def _scope_changed(self, _id: int, checked: bool) -> None:
        if checked:
            whole = self.whole_year.isChecked()
            self.year.setEnabled(whole)
            self.department.setEnabled(whole)
            self._default_target()
            self.refresh()

    def _year_changed(self, _index: int) -> None:
        self._fill_departments()
        self._default_target()
        self.refresh()

    def _fill_departments(self) -> None:
        year = self.year.currentData()
        names = sorted(
            ({(p.department.name or "").strip() for p in self._workbook.projects if p.year == year}
             | {d.name.strip() for d in self._workbook.departments if d.year == year})
            - {""}
        )  # fmt: skip
        self.department.blockSignals(True)
        self.department.clear()
        self.department.addItem(_ALL_DEPARTMENTS, None)
        for name in names:
            self.department.addItem(name, name)
        self.department.blockSignals(False)
        whole = self.whole_year.isChecked()
        self.year.setEnabled(whole)
        self.department.setEnabled(whole)

    def _default_target(self) -> None:
        years = [p.year for p in self.sources() if p.year is not None] + [d.year for d in self.department_sources()]
        if years:
            self.to_year.blockSignals(True)
            self.to_year.setValue(max(years) + 1)
            self.to_year.blockSignals(False)

    def refresh(self) -> None:
        """Recompute the preview and say what 结转 will do."""
        sources = self.sources()
        departments = self.department_sources()
        result = self.planned()
        lines: list[str] = []
        if result.departments:
            lines.append(f"将新建 {len(result.departments)} 个部门（上年预算数成为对照的上年数）：")
            lines.extend(f"  {d.display_name()}" for d in result.departments)
            lines.append("")
        if result.renamed:
            lines.append(f"将新建 {len(result.renamed)} 个项目：")
            lines.extend(f"  {old}  →  {new}" for old, new in result.renamed[:_LISTED])
        if result.already:
            if lines:
                lines.append("")
            lines.append(f"{result.to_year} 年已有，不重复结转（{len(result.already)} 个）：")
            lines.extend(f"  {name}" for name in result.already[:_LISTED])
        self.preview.setPlainText("\n".join(lines))
        funds = "保留资金数额" if self.keep_funds.isChecked() else "资金数额清空"
        made_departments = f"和 {len(result.departments)} 个部门" if result.departments else ""
        if not sources and not departments:
            text = "所选范围内没有项目。"
        elif not result.projects and not result.departments:
            what = f"{len(sources)} 个项目" + ("和部门" if departments else "")
            text = f"所选的 {what}在 {result.to_year} 年都已有，没有要结转的。"
        else:
            text = (
                f"将把 {len(result.projects)} 个项目{made_departments}结转到 {result.to_year} 年："
                f"名称和时效中的年份随之顺延，状态为草稿，{funds}，每条指标保留上年指标值供对照。可用 Ctrl+Z 一次撤销。"
            )
        self.summary.setText(text)
        self.ok.setEnabled(bool(result.projects) or bool(result.departments))


def ask_rollover(
    parent: QWidget | None, workbook: Workbook, current: Project | None, selected: Sequence[Project]
) -> RolloverResult | None:
    """Show the dialog; the rollover to make (projects not yet added), or None when cancelled."""
    dialog = RolloverDialog(workbook, current, selected, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.planned()
