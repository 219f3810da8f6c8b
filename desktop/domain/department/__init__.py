"""The department level (DEPARTMENT.md): model, budget, printed figures, tables and their rules.

Every name below is importable from here, but each submodule is imported only when one of its names is first asked
for (PEP 562): the window starts by listing departments by name, and importing the budget and printed-figure
dataclasses (~15 of them, ~1.5 ms each to create) would only slow that down. Code that runs at start-up imports
from `desktop.domain.department.model` directly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.domain.department.budget import (
        FISCAL_SOURCES,
        PROCUREMENT_CATEGORIES,
        SOURCE_LABELS,
        SPENDING_COLUMNS,
        UNIT_KINDS,
        BasicRow,
        Budget,
        Facts,
        MoneyRow,
        Prior,
        ProcurementByCategory,
        ProcurementRow,
        Reason,
        ServiceRow,
        Source,
        SpendingRow,
        ThreePublic,
        total,
    )
    from desktop.domain.department.content import BudgetUnit, Cover, OverallTarget, Paragraph, TargetItem
    from desktop.domain.department.model import Department
    from desktop.domain.department.printed import Printed, PrintedFigure, PrintedName, PrintedRow

_BUDGET = (
    "FISCAL_SOURCES",
    "PROCUREMENT_CATEGORIES",
    "SOURCE_LABELS",
    "SPENDING_COLUMNS",
    "UNIT_KINDS",
    "BasicRow",
    "Budget",
    "Facts",
    "MoneyRow",
    "Prior",
    "ProcurementByCategory",
    "ProcurementRow",
    "Reason",
    "ServiceRow",
    "Source",
    "SpendingRow",
    "ThreePublic",
    "total",
)
_CONTENT = ("BudgetUnit", "Cover", "OverallTarget", "Paragraph", "TargetItem")
_PRINTED = ("Printed", "PrintedFigure", "PrintedName", "PrintedRow")
# Which submodule defines each re-exported name.
_HOME = {
    **dict.fromkeys(_BUDGET, "budget"),
    **dict.fromkeys(_CONTENT, "content"),
    "Department": "model",
    **dict.fromkeys(_PRINTED, "printed"),
}

__all__ = [
    "FISCAL_SOURCES",
    "PROCUREMENT_CATEGORIES",
    "SOURCE_LABELS",
    "SPENDING_COLUMNS",
    "UNIT_KINDS",
    "BasicRow",
    "Budget",
    "BudgetUnit",
    "Cover",
    "Department",
    "Facts",
    "MoneyRow",
    "OverallTarget",
    "Paragraph",
    "Printed",
    "PrintedFigure",
    "PrintedName",
    "PrintedRow",
    "Prior",
    "ProcurementByCategory",
    "ProcurementRow",
    "Reason",
    "ServiceRow",
    "Source",
    "SpendingRow",
    "TargetItem",
    "ThreePublic",
    "total",
]


def __getattr__(name: str) -> object:
    """A re-exported name, importing its submodule on first use (the import caches it in this module too)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
