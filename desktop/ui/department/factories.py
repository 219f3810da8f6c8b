"""Which widget each department page is: one line per `DepartmentView`.

Every page widget follows `PartEditor` (part.py): made with `(document, parent)`, `set_department(index | None)`,
`show_location(location) -> bool`. A view whose editor is not built yet shows `PlaceholderPart`, a plain label that
says so. The department page (page.py) creates each widget lazily, the first time its view is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.checks_base import Location
from desktop.ui.department.budget import BudgetEditor
from desktop.ui.department.explanation import ExplanationView
from desktop.ui.department.overview import OverviewEditor
from desktop.ui.department.part import DepartmentView
from desktop.ui.department.target import TargetEditor
from desktop.ui.document import WorkbookDocument

PartFactory = Callable[[WorkbookDocument, QWidget], QWidget]


class PlaceholderPart(QLabel):
    """A page not built yet: says which one, and takes no finding."""

    def __init__(self, view: DepartmentView, parent: QWidget | None = None) -> None:
        super().__init__(f"“{view.label}”页面尚在制作中。", parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setObjectName(f"placeholder_{view.name.lower()}")

    def set_department(self, index: int | None) -> None:
        """Nothing to show."""

    def show_location(self, location: Location) -> bool:
        """Holds no place a finding could point at."""
        return False


def _placeholder(view: DepartmentView) -> PartFactory:
    return lambda _document, parent: PlaceholderPart(view, parent)


PART_FACTORIES: dict[DepartmentView, PartFactory] = {
    DepartmentView.OVERVIEW: OverviewEditor,
    DepartmentView.BUDGET: BudgetEditor,
    DepartmentView.TARGET: TargetEditor,
    DepartmentView.EXPLANATION: ExplanationView,
}
