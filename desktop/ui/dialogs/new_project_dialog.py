"""新建项目: choose the layout (表样) and the budget year of a new project."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from desktop.domain.model import Midterm, Project, SpendingStep
from desktop.home import user_layouts_dir
from desktop.templates.catalog import available_layouts


def default_year(today: date | None = None) -> int:
    """Budgets are prepared the year before they are spent, so a new form is for next year."""
    return (today or date.today()).year + 1


class NewProjectDialog(QDialog):
    """Asks for layout and year; `project()` builds the empty project."""

    def __init__(self, parent: QWidget | None = None, *, layout_id: str | None = None, year: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建项目")
        self.layouts = QComboBox(self)
        for layout in available_layouts().values():
            self.layouts.addItem(layout.name, layout.id)
        if layout_id is not None:
            self.layouts.setCurrentIndex(max(0, self.layouts.findData(layout_id)))
        # Where a province's own layout goes: dropped there, it is offered here the next time (no rebuild).
        self.layouts.setToolTip(f"其他地区的版式：把版式文件（.toml）放入文件夹\n{user_layouts_dir()}")
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(year or default_year())
        self.year.setSuffix(" 年度")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.layouts.currentIndexChanged.connect(self._describe)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("表样（版式）：", self.layouts)
        form.addRow("预算年度：", self.year)
        form.addRow(self.note)
        form.addRow(buttons)
        self._describe()
        self.setMinimumWidth(440)

    def _describe(self) -> None:
        layout = available_layouts().get(self.layouts.currentData())
        if layout is not None:
            columns = "、".join(dict.fromkeys(c.label for c in layout.columns))
            self.note.setText(f"{layout.region}；{layout.frame.name}；指标列：{columns}")

    def project(self) -> Project:
        """The new, empty project for the chosen layout and year, with the blocks its layout prints."""
        return empty_project(str(self.layouts.currentData()), self.year.value())


def empty_project(layout_id: str, year: int) -> Project:
    """A blank project; a mid-term layout gets its (blank) mid-term block, a Hebei one its spending plan."""
    project = Project(year=year, template=layout_id)
    layout = available_layouts().get(layout_id)
    if layout is not None and layout.has_midterm:
        project.midterm = Midterm(start=year, end=year + 2)
    if layout is not None and layout.spending_months:
        project.spending_plan = tuple(SpendingStep(month) for month in layout.spending_months)
    return project


def ask_new_project(parent: QWidget | None, layout_id: str | None = None, year: int | None = None) -> Project | None:
    """Show the dialog; the new project, or None when cancelled."""
    dialog = NewProjectDialog(parent, layout_id=layout_id, year=year)
    return dialog.project() if dialog.exec() == QDialog.DialogCode.Accepted else None
