"""Which widget each department page is: one line per `DepartmentView`.

Every page widget follows `PartEditor` (part.py): made with `(document, parent)`, `set_department(index | None)`,
`show_location(location) -> bool`. The department page (page.py) creates each widget lazily, the first time its view
is shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.ui.department.budget import BudgetEditor
from desktop.ui.department.explanation import ExplanationView
from desktop.ui.department.overview import OverviewEditor
from desktop.ui.department.part import DepartmentView
from desktop.ui.department.target import TargetEditor
from desktop.ui.document import WorkbookDocument

PartFactory = Callable[[WorkbookDocument, QWidget], QWidget]

PART_FACTORIES: dict[DepartmentView, PartFactory] = {
    DepartmentView.OVERVIEW: OverviewEditor,
    DepartmentView.BUDGET: BudgetEditor,
    DepartmentView.TARGET: TargetEditor,
    DepartmentView.EXPLANATION: ExplanationView,
}
