"""The budget tables that are lists rather than code trees: income and carry-overs (grouped, with the totals that
must balance spending), procurement rows, purchased-service rows."""

from __future__ import annotations

from desktop.domain.department import PROCUREMENT_CATEGORIES, Department, MoneyRow, Source, total
from desktop.domain.department.budget import UNIT_KINDS
from desktop.domain.department.edits import BudgetList, budget_of
from desktop.templates.classification import Catalogue
from desktop.ui.department.budget.nodes import (
    SOURCE_ONLY,
    Column,
    Kind,
    Node,
    Role,
    TableSpec,
    Value,
    change,
    sum_nodes,
)

# ---------------------------------------------------------------------------------------------------- money


MONEY_GROUPS: dict[BudgetList, str] = {
    BudgetList.INCOME: "本年收入",
    BudgetList.CARRYOVER: "上年结转",
    BudgetList.CARRY_FORWARD: "结转下年",
}


class MoneySpec(TableSpec):
    """Income, 上年结转 and 结转下年 by source (单位资金 by kind), with the totals that must balance spending."""

    title = "收入与结转"
    lists = (BudgetList.INCOME, BudgetList.CARRYOVER, BudgetList.CARRY_FORWARD)
    columns = (
        Column("source", "资金来源", Kind.SOURCE, 270, SOURCE_ONLY),
        Column("unit_kind", "单位资金类别", Kind.CHOICE, 150, UNIT_KINDS, "单位资金按收入类别分列"),
        Column("amount", "金额", Kind.AMOUNT, 110),
        Column("central_transfer", "其中：中央转移支付", Kind.AMOUNT, 140),
        Column("prior", "上年", Kind.COMPUTED, 100, tip="上年预算数（只供对照）"),
        Column("change", "增减", Kind.CHANGE, 90),
    )

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        budget = budget_of(department)
        prior = budget.prior.income if budget.prior is not None else ()
        groups = []
        for which, label in MONEY_GROUPS.items():
            rows: tuple[MoneyRow, ...] = getattr(budget, which.value)
            leaves = []
            for index, row in enumerate(rows):
                values: dict[str, Value] = {
                    "source": row.source.label,
                    "unit_kind": row.unit_kind,
                    "amount": row.amount,
                    "central_transfer": row.central_transfer,
                }
                if which is BudgetList.INCOME and prior:
                    before = total(p.amount for p in prior if (p.source, p.unit_kind) == (row.source, row.unit_kind))
                    values |= {"prior": before, "change": change(row.amount, before)}
                editable = {"source", "amount"}
                editable |= {"unit_kind"} if row.source is Source.UNIT else set()
                editable |= {"central_transfer"} if row.source.fiscal else set()
                leaves.append(Node(f"{which.value}:{id(row)}", Role.LEAF, values, which, index, frozenset(editable)))
            node = Node(which.value, Role.PARENT, {"source": label}, which)
            node.adopt(leaves)
            sums = sum_nodes(leaves, self.columns)
            node.values |= {"amount": sums["amount"], "central_transfer": sums["central_transfer"]}
            if which is BudgetList.INCOME and prior:
                before = total(p.amount for p in prior)
                node.values |= {"prior": before, "change": change(sums["amount"], before)}  # type: ignore[arg-type]
            groups.append(node)
        income = total(g.values["amount"] for g in groups[:2])  # type: ignore[misc]
        spending = total(r.amount for r in budget.spending)
        outgoing = total((spending, groups[2].values["amount"]))  # type: ignore[arg-type]
        return [
            *groups,
            Node("income_total", Role.TOTAL, {"source": "收入总计（本年收入＋上年结转）", "amount": income}),
            Node("spending_total", Role.TOTAL, {"source": "支出总计（功能分类支出＋结转下年）", "amount": outgoing}),
        ]


# ---------------------------------------------------------------------------------------------------- lists


class ProcurementSpec(TableSpec):
    """政府采购: one row per project (or 综合定额) and 采购品目."""

    title = "政府采购"
    lists = (BudgetList.PROCUREMENT,)
    tree = False
    columns = (
        Column("project", "项目名称", Kind.TEXT, 380),
        Column("item", "采购品目", Kind.TEXT, 200),
        Column("category", "品目类别", Kind.CHOICE, 90, PROCUREMENT_CATEGORIES),
        Column("source", "资金来源", Kind.SOURCE, 130, SOURCE_ONLY),
        Column("amount", "金额", Kind.AMOUNT, 110),
    )

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        editable = frozenset(c.id for c in self.columns)
        leaves = []
        for index, row in enumerate(budget_of(department).procurement):
            values: dict[str, Value] = {
                "project": row.project,
                "item": row.item,
                "category": row.category,
                "source": row.source.label,
                "amount": row.amount,
            }
            leaves.append(Node(f"{id(row)}", Role.LEAF, values, BudgetList.PROCUREMENT, index, editable))
        return [*leaves, Node("total", Role.TOTAL, {"project": "合计", **sum_nodes(leaves, self.columns)})]


class ServicesSpec(TableSpec):
    """政府购买服务: project, 一/二/三级目录, 内容, 数量, amount."""

    title = "政府购买服务"
    lists = (BudgetList.SERVICES,)
    tree = False
    columns = (
        Column("project", "项目名称", Kind.TEXT, 260),
        Column("catalog1", "一级目录", Kind.TEXT, 120),
        Column("catalog2", "二级目录", Kind.TEXT, 120),
        Column("catalog3", "三级目录", Kind.TEXT, 120),
        Column("content", "服务内容", Kind.TEXT, 180),
        Column("quantity", "数量", Kind.TEXT, 70),
        Column("source", "资金来源", Kind.SOURCE, 120, SOURCE_ONLY),
        Column("amount", "金额", Kind.AMOUNT, 100),
    )

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        leaves = []
        for index, row in enumerate(budget_of(department).services):
            catalog = (*row.catalog, None, None, None)[:3]
            values: dict[str, Value] = {
                "project": row.project,
                "catalog1": catalog[0],
                "catalog2": catalog[1],
                "catalog3": catalog[2],
                "content": row.content,
                "quantity": row.quantity,
                "source": row.source.label,
                "amount": row.amount,
            }
            editable = frozenset(c.id for c in self.columns)
            leaves.append(Node(f"{id(row)}", Role.LEAF, values, BudgetList.SERVICES, index, editable))
        return [*leaves, Node("total", Role.TOTAL, {"project": "合计", **sum_nodes(leaves, self.columns)})]
