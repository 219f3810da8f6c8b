"""The figures and text the tables do not hold: 机关运行经费, 三公经费, 政府采购 by category, 国有资产占有使用情况.

Each field commits when the clerk leaves it (Tab, Enter, another page) as one `EditDepartment` of the budget's facts;
last year's figure stands beside it where the budget has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.changes import DepartmentChange
from desktop.domain.department import Department, Facts, ProcurementByCategory, ThreePublic
from desktop.domain.department.edits import (
    BudgetEditError,
    budget_of,
    parse_amount,
    with_budget,
    with_facts,
    with_prior_facts,
)
from desktop.domain.operations.departments import EditDepartment
from desktop.domain.parts import DepartmentPart
from desktop.ui.department.budget.model import amount_text
from desktop.ui.department.budget.view import AmountKeys
from desktop.ui.department.part import department_at
from desktop.ui.document import WorkbookDocument
from desktop.ui.form.widgets import LineEdit

FACTS_TABLE = "facts"


@dataclass(frozen=True)
class FactField:
    """One amount of the facts: its key (the finding's row), label, how to read it and how to set it."""

    key: str
    label: str
    read: Callable[[Facts], Decimal | None]
    write: Callable[[Facts, Decimal | None], Facts]


def _three(facts: Facts) -> ThreePublic:
    return facts.three_public or ThreePublic()


def _bought(facts: Facts) -> ProcurementByCategory:
    return facts.procurement_by_category or ProcurementByCategory()


def _set_three(facts: Facts, field: str, value: Decimal | None) -> Facts:
    three = replace(_three(facts), **{field: value})
    return replace(facts, three_public=None if three == ThreePublic() else three)


def _set_bought(facts: Facts, field: str, value: Decimal | None) -> Facts:
    bought = replace(_bought(facts), **{field: value})
    return replace(facts, procurement_by_category=None if bought == ProcurementByCategory() else bought)


FIELDS: tuple[FactField, ...] = (
    FactField(
        "operating_costs", "机关运行经费", lambda f: f.operating_costs, lambda f, v: replace(f, operating_costs=v)
    ),
    FactField("abroad", "因公出国（境）费", lambda f: _three(f).abroad, lambda f, v: _set_three(f, "abroad", v)),
    FactField(
        "vehicle_purchase",
        "公务用车购置费",
        lambda f: _three(f).vehicle_purchase,
        lambda f, v: _set_three(f, "vehicle_purchase", v),
    ),
    FactField(
        "vehicle_operation",
        "公务用车运行维护费",
        lambda f: _three(f).vehicle_operation,
        lambda f, v: _set_three(f, "vehicle_operation", v),
    ),
    FactField("reception", "公务接待费", lambda f: _three(f).reception, lambda f, v: _set_three(f, "reception", v)),
    FactField("goods", "货物类", lambda f: _bought(f).goods, lambda f, v: _set_bought(f, "goods", v)),
    FactField("works", "工程类", lambda f: _bought(f).works, lambda f, v: _set_bought(f, "works", v)),
    FactField("services", "服务类", lambda f: _bought(f).services, lambda f, v: _set_bought(f, "services", v)),
)
# Rows a finding may name (`facts` and `three_public` tables) → the field to show.
LOCATION_FIELDS: dict[str, str] = {
    "operating_costs": "operating_costs",
    "three_public": "abroad",
    "total": "abroad",
    "abroad": "abroad",
    "vehicle": "vehicle_purchase",
    "vehicle_purchase": "vehicle_purchase",
    "vehicle_operation": "vehicle_operation",
    "reception": "reception",
    "procurement": "goods",
    "goods": "goods",
    "works": "works",
    "services": "services",
    "assets": "assets",
}


class _AssetsText(QPlainTextEdit):
    """The 国有资产 text: Tab leaves it; leaving it commits."""

    left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.left.emit()
        super().focusOutEvent(event)


class FactsPage(QWidget):
    """The facts form of the department at `index`."""

    problem = Signal(str)

    def __init__(self, document: WorkbookDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._index: int | None = None
        self.prior_mode = False
        self.edits: dict[str, QLineEdit] = {}
        self._priors: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        groups = (
            ("机关运行经费", FIELDS[:1]),
            ("“三公”经费（财政拨款）", FIELDS[1:5]),
            ("政府采购预算（按品目类别）", FIELDS[5:]),
        )
        for title, fields in groups:
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            for field in fields:
                edit = LineEdit(box)
                edit.setValidator(AmountKeys(edit))
                edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                edit.setMaximumWidth(160)
                edit.setPlaceholderText("万元")
                edit.editingFinished.connect(lambda f=field: self._commit(f))
                holder = QWidget(box)
                prior = QLabel(holder)
                prior.setStyleSheet("color: #555555;")
                beside = QHBoxLayout(holder)
                beside.setContentsMargins(0, 0, 0, 0)
                beside.addWidget(edit)
                beside.addWidget(prior)
                beside.addStretch(1)
                form.addRow(f"{field.label}：", holder)
                self.edits[field.key] = edit
                self._priors[field.key] = prior
            layout.addWidget(box)
        box = QGroupBox("国有资产占有使用情况", self)
        inner = QVBoxLayout(box)
        self.assets = _AssetsText(box)
        self.assets.setTabChangesFocus(True)
        self.assets.left.connect(self._commit_assets)
        inner.addWidget(self.assets)
        layout.addWidget(box, 1)
        document.department_changed.connect(self._changed)

    def _department(self) -> Department | None:
        return department_at(self._document.workbook, self._index)

    def set_department(self, index: int | None) -> None:
        """Show the facts of the department at `index`."""
        self._index = index
        self._show()

    def follow_index(self, index: int | None) -> None:
        self._index = index

    def _changed(self, change: DepartmentChange) -> None:
        if change.index == self._index:
            self._show()

    def _show(self) -> None:
        department = self._department()
        budget = budget_of(department) if department is not None else None
        facts = (budget.facts if budget is not None else None) or Facts()
        prior = (budget.prior.facts if budget is not None and budget.prior is not None else None) or Facts()
        year = budget.prior.year if budget is not None and budget.prior is not None else None
        if self.prior_mode:
            facts, prior, year = prior, Facts(), None  # last year's figures in the fields, nothing to compare
        for field in FIELDS:
            edit = self.edits[field.key]
            value = field.read(facts)
            text = amount_text(value) if value is not None else ""
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
            edit.setEnabled(department is not None)
            before = field.read(prior)
            self._priors[field.key].setText(f"{year}年：{amount_text(before)}" if before is not None and year else "")
        text = facts.assets or ""
        if not self.assets.hasFocus() and self.assets.toPlainText() != text:
            self.assets.setPlainText(text)
        self.assets.setEnabled(department is not None and not self.prior_mode)

    def set_prior_mode(self, on: bool) -> None:
        """Show and edit last year's figures (the 国有资产 text has none)."""
        self.commit()
        self.prior_mode = on
        self._show()

    def _push(self, facts: Facts, label: str, key: str) -> None:
        department = self._department()
        if department is None:
            return
        budget = budget_of(department)
        if self.prior_mode:
            new = with_prior_facts(budget, facts, department.year - 1)
            table, label = f"prior:{FACTS_TABLE}", label.replace("修改", "修改上年", 1)
        else:
            new, table = with_facts(budget, facts), FACTS_TABLE
        if new == budget:
            return
        after = with_budget(department, new)
        self._document.push(
            EditDepartment(department, after, DepartmentPart.BUDGET, label, table=table, merge_key=f"{table}:{key}")
        )

    def _current(self) -> Facts:
        department = self._department()
        budget = budget_of(department) if department is not None else None
        if budget is not None and self.prior_mode:
            return (budget.prior.facts if budget.prior is not None else None) or Facts()
        return (budget.facts if budget is not None else None) or Facts()

    def _commit(self, field: FactField) -> None:
        edit = self.edits[field.key]
        try:
            value = parse_amount(edit.text())
        except BudgetEditError as exc:
            self.problem.emit(f"{field.label}：{exc}")
            return
        facts = self._current()
        if field.read(facts) == value:
            return
        self._push(field.write(facts, value), f"修改{field.label}", field.key)

    def _commit_assets(self) -> None:
        text = self.assets.toPlainText().strip() or None
        facts = self._current()
        if facts.assets == text:
            return
        self._push(replace(facts, assets=text), "修改国有资产占有使用情况", "assets")

    def set_read_only(self, read_only: bool) -> None:
        """Fields shown but not editable."""
        for edit in self.edits.values():
            edit.setReadOnly(read_only)
        self.assets.setReadOnly(read_only)

    def commit(self) -> None:
        """Commit whatever field holds typing (before save, print or another page)."""
        for field in FIELDS:
            if self.edits[field.key].hasFocus():
                self._commit(field)
        if self.assets.hasFocus():
            self._commit_assets()

    def focus_field(self, key: str) -> bool:
        """Put the cursor in the field a finding names; False when there is none."""
        target = LOCATION_FIELDS.get(key)
        if target is None:
            return False
        widget: QWidget = self.assets if target == "assets" else self.edits[target]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        return True
