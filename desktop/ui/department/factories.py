"""Which widget each department page is: one function per `DepartmentView`.

Every page widget follows `PartEditor` (part.py): made with `(document, parent)`, `set_department(index | None)`,
`show_location(location) -> bool`. The department page (page.py) creates each widget lazily, the first time its view
is shown; each factory imports its page's module then, so the window starts without loading the department editors.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.ui.department.part import DepartmentView
from desktop.ui.document import WorkbookDocument

PartFactory = Callable[[WorkbookDocument, QWidget], QWidget]


def _overview(document: WorkbookDocument, parent: QWidget) -> QWidget:
    from desktop.ui.department.overview import OverviewEditor

    return OverviewEditor(document, parent)


def _budget(document: WorkbookDocument, parent: QWidget) -> QWidget:
    from desktop.ui.department.budget import BudgetEditor

    return BudgetEditor(document, parent)


def _target(document: WorkbookDocument, parent: QWidget) -> QWidget:
    from desktop.ui.department.target import TargetEditor

    return TargetEditor(document, parent)


def _explanation(document: WorkbookDocument, parent: QWidget) -> QWidget:
    from desktop.ui.department.explanation import ExplanationView

    return ExplanationView(document, parent)


PART_FACTORIES: dict[DepartmentView, PartFactory] = {
    DepartmentView.OVERVIEW: _overview,
    DepartmentView.BUDGET: _budget,
    DepartmentView.TARGET: _target,
    DepartmentView.EXPLANATION: _explanation,
}
