"""Where a D-rule finding's `Location(table, row, column)` is in the budget editor's tables.

The findings speak of the publication's computed tables (DEPARTMENT.md §2, `desktop.domain.department.tables`): a
功能分类 code in `spending`, `general`, `income`…, an 经济分类 code in `basic`, a key such as `income:general` in the
two-sided `summary` and `fiscal` tables, a row number in `procurement` and `services`. Each maps to the entered row
it comes from (or the computed parent or total that shows it) and the nearest column.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from desktop.domain.department import Source
from desktop.domain.department.edits import BudgetList
from desktop.domain.findings import Location
from desktop.ui.department.budget.list_specs import MoneySpec, ProcurementSpec, ServicesSpec
from desktop.ui.department.budget.model import BudgetTableModel
from desktop.ui.department.budget.nodes import BasicSpec, Node, Role, SpendingSpec

FUNCTION_TABLES = ("spending", "general", "gov_fund", "state_capital", "income")
# A computed table's column → the entered column that shows it best.
_SPENDING_COLUMNS = {"basic": "personnel", "carryover": "source", **{s.value: "total" for s in Source}}


def find_cell(model: BudgetTableModel, location: Location) -> QModelIndex | None:
    """The cell of `model` that shows `location`, or None when the table is not this model's."""
    spec = model.spec
    table, row, column = location.table, location.row or "total", location.column
    if isinstance(spec, SpendingSpec):
        if table in FUNCTION_TABLES:
            source = Source(table) if table in ("general", "gov_fund", "state_capital") else None
            return _cell(model, _coded(model, row, source), _SPENDING_COLUMNS.get(column or "", column))
        if table in ("summary", "fiscal") and row.startswith("spending:") and row[9:].isdigit():
            return _cell(model, _coded(model, row[9:], None), "total")
        if table in ("summary", "fiscal") and row in ("spending:subtotal", "spending:current"):
            return _cell(model, _by_key(model.nodes(), "total"), "total")
        if table == "projects" and row == "total":
            # The 项目支出表's total is compared with the 项目支出 of the 功能 tree (D05): show that figure.
            return _cell(model, _by_key(model.nodes(), "total"), "project")
        return None
    if isinstance(spec, BasicSpec):
        return _cell(model, _coded(model, row, None), column) if table == "basic" else None
    if isinstance(spec, MoneySpec):
        return _money(model, table, row) if table in ("summary", "fiscal") else None
    if isinstance(spec, ProcurementSpec | ServicesSpec):
        if table != ("procurement" if isinstance(spec, ProcurementSpec) else "services"):
            return None
        nodes = model.nodes()
        node = nodes[int(row) - 1] if row.isdigit() and 0 < int(row) <= len(nodes) - 1 else _by_key(nodes, "total")
        known = column if column in {c.id for c in spec.columns} else ("amount" if column else None)
        return _cell(model, node, known)
    return None


def _by_key(nodes: list[Node], key: str) -> Node | None:
    return next((n for n in nodes if n.key == key), None)


def _coded(model: BudgetTableModel, code: str, source: Source | None) -> Node | None:
    """The node of a code: a parent by its code, a leaf (of `source` when given) by its code, or the 合计 row."""
    nodes = model.nodes()
    if code == "total":
        return _by_key(nodes, "total")
    leaves = [n for n in nodes if n.role is Role.LEAF and n.key.split("|")[0] == code]
    if source is not None:
        leaves = [n for n in leaves if n.key.split("|")[1:] == [source.value, "0"]] or leaves
    if leaves:
        return leaves[0]
    return next((n for n in nodes if n.role is Role.PARENT and n.key == code), None)


def _cell(model: BudgetTableModel, node: Node | None, column: str | None) -> QModelIndex | None:
    if node is None:
        return None
    at = model.spec.column(column) if column else None
    if at is None and column in ("total", "amount"):
        at = model.spec.column("total") or model.spec.column("amount")
    return model.index_of(node, at or 0)


def _money(model: BudgetTableModel, table: str | None, row: str) -> QModelIndex | None:
    nodes = model.nodes()
    if row in ("income:total",):
        return _cell(model, _by_key(nodes, "income_total"), "amount")
    if row in ("spending:total",):
        return _cell(model, _by_key(nodes, "spending_total"), "amount")
    parts = row.split(":")
    groups = {
        ("income", "current"): BudgetList.INCOME,
        ("income", "subtotal"): BudgetList.INCOME,
        ("income", "carryover"): BudgetList.CARRYOVER,
        ("spending", "carry_forward"): BudgetList.CARRY_FORWARD,
    }
    which = groups.get((parts[0], parts[1])) if len(parts) > 1 else None
    rest = parts[2:]
    if which is None and parts[0] == "income" and len(parts) > 1:
        which, rest = BudgetList.INCOME, parts[1:]
    if which is None:
        return None
    group = _by_key(nodes, which.value)
    if group is None:
        return None
    column = "central_transfer" if rest[-1:] == ["central"] else "amount"
    if not rest:
        return _cell(model, group, "amount")
    wanted = rest[0]
    for leaf in group.children:
        source, kind = leaf.values.get("source"), leaf.values.get("unit_kind")
        if wanted == "unit" and len(rest) > 1 and kind == rest[1]:
            return _cell(model, leaf, "amount")
        if wanted in {s.value for s in Source} and source == Source(wanted).label:
            return _cell(model, leaf, column)
    return _cell(model, group, "amount")
