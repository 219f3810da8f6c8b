"""The project form under a bar that folds it away, so the indicator tree can have the whole height.

Clerks fill the header of a form once and then live in the indicator tree; at 1366×768 the two do not both fit.
The bar stays when the form is folded and still tells which project this is, its layout, money and status.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from desktop.domain.model import Project, Status, format_amount
from desktop.templates.layouts import Layout
from desktop.ui.elided_label import ElidedLabel
from desktop.ui.form.project_form import ProjectForm
from desktop.ui.look import set_bold, set_text_color

_UNLIMITED = 16_777_215  # QWIDGETSIZE_MAX
_FINAL_COLOR = "#1b5e20"  # and bold
_DRAFT_COLOR = "#555555"


def summary_text(project: Project | None, layout: Layout | None, *, folded: bool) -> str:
    """The line beside the fold button: layout and status; with the form folded, first what identifies the project
    (name, year, 主管部门, money), so the clerk sees which form the indicators below belong to."""
    if project is None:
        return ""
    status = "已定稿（如需修改请先取消定稿）" if project.status is Status.FINAL else "草稿"
    parts = [layout.name if layout is not None else f"未知版式“{project.template}”", status]
    if folded:
        money = format_amount(project.funds.total)
        department = (project.department.name or "").strip() or (project.implementing_unit.name or "").strip()
        parts = (
            [project.display_name(), f"{project.year} 年度"]
            + ([department] if department else [])
            + ([f"资金总额 {money} 万元"] if money else [])
            + parts
        )
    return " · ".join(parts)


class FormPane(QWidget):
    """A fold button with a summary line, above the project form."""

    folded_changed = Signal(bool, bool)
    """(folded, chosen): chosen is True for the clerk's own choice (button, F9), which is remembered; False when
    the form opened by itself because the keyboard went into a field."""

    def __init__(self, form: ProjectForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._project: Project | None = None
        self._layout: Layout | None = None
        self.toggle = QToolButton(self)
        self.toggle.setText("项目信息")
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        set_bold(self.toggle)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F9 folds from the keyboard; Tab stays in the form
        self.toggle.clicked.connect(lambda: self.set_folded(not self.is_folded()))
        self.summary = ElidedLabel(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 8, 2)
        bar.addWidget(self.toggle)
        bar.addWidget(self.summary, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(bar)
        column.addWidget(form, 1)
        self._bar = bar
        self._show_fold_state(False)
        form.document.project_changed.connect(self._project_changed)
        form.focus_requested.connect(lambda: self.set_folded(False, chosen=False))

    def is_folded(self) -> bool:
        """True while only the bar is shown."""
        return not self.form.isVisibleTo(self)

    def set_folded(self, folded: bool, *, chosen: bool = True) -> None:
        """Fold the form away (the pane shrinks to its bar) or show it; `chosen` when the clerk asked for it."""
        if folded == self.is_folded():
            return
        self.form.setVisible(not folded)
        self.setMaximumHeight(self.bar_height() if folded else _UNLIMITED)
        self._show_fold_state(folded)
        self._update_summary()
        self.folded_changed.emit(folded, chosen)

    def _show_fold_state(self, folded: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.RightArrow if folded else Qt.ArrowType.DownArrow)
        self.toggle.setToolTip("展开项目信息（F9）" if folded else "收起项目信息，让绩效指标占满右侧（F9）")

    def bar_height(self) -> int:
        """The height of the pane when folded."""
        return self._bar.sizeHint().height()

    def natural_height(self) -> int:
        """The height that shows the whole form without scrolling."""
        page = self.form.page()
        content = page.sizeHint().height() if page is not None else self.form.sizeHint().height()
        return self._bar.sizeHint().height() + content + 2 * self.form.frameWidth()

    def set_project(self, project: Project | None, layout: Layout | None) -> None:
        """The project shown in the form (for the summary line)."""
        self._project, self._layout = project, layout
        self._update_summary()

    def _project_changed(self, project: Project) -> None:
        if project is self._project:
            self._update_summary()

    def _update_summary(self) -> None:
        project = self._project
        self.summary.set_full_text(summary_text(project, self._layout, folded=self.is_folded()))
        final = project is not None and project.status is Status.FINAL
        set_text_color(self.summary, _FINAL_COLOR if final else _DRAFT_COLOR)
        set_bold(self.summary, final)
