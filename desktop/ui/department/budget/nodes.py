"""The rows each budget table shows, as plain Python nodes: entered leaves, parents and totals computed from them.

A `TableSpec` says which columns a table has and builds its node tree from a department; the Qt model (model.py)
shows the nodes and follows changes by comparing node keys. Leaves point at their row (`BudgetList`, position);
parents and totals point at nothing and are never edited. Last year's figure (`prior`) is looked up by the same key
(项 and source, 款, source and kind) in `budget.prior`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, auto

from desktop.domain.department import (
    SOURCE_LABELS,
    BasicRow,
    Department,
    MoneyRow,
    ProcurementRow,
    ServiceRow,
    Source,
    SpendingRow,
    total,
)
from desktop.domain.department.edits import BudgetList, BudgetRow, budget_of, source_text
from desktop.templates.classification import Catalogue


class Kind(Enum):
    """What a column holds, which decides how it is shown and edited."""

    CODE = auto()
    NAME = auto()
    TEXT = auto()
    SOURCE = auto()
    CHOICE = auto()
    AMOUNT = auto()
    COMPUTED = auto()
    """An amount computed from the row (合计, 上年, 增减): never edited."""
    CHANGE = auto()


class Role(Enum):
    """A row entered by the clerk, a computed parent or group, or a computed total."""

    LEAF = auto()
    PARENT = auto()
    TOTAL = auto()


@dataclass(frozen=True)
class Column:
    """One column: its id (a row field, or total/prior/change), heading, kind, width in pixels and choices."""

    id: str
    header: str
    kind: Kind
    width: int = 96
    choices: tuple[str, ...] = ()
    tip: str = ""

    @property
    def numeric(self) -> bool:
        """Shown right-aligned with 2 decimals."""
        return self.kind in (Kind.AMOUNT, Kind.COMPUTED, Kind.CHANGE)


Value = Decimal | str | None


@dataclass(eq=False)
class Node:
    """One shown row. `key` is unique among its siblings and stable while the row is edited."""

    key: str
    role: Role
    values: dict[str, Value]
    which: BudgetList | None = None
    index: int | None = None
    editable: frozenset[str] = frozenset()
    tip: str | None = None
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    row: int = 0

    def adopt(self, children: Sequence[Node]) -> None:
        """Make `children` this node's children, in order."""
        self.children = list(children)
        for row, child in enumerate(self.children):
            child.parent, child.row = self, row

    def renumber(self) -> None:
        """Refresh the children's cached row numbers after an insertion or removal."""
        for row, child in enumerate(self.children):
            child.parent, child.row = self, row

    def walk(self) -> list[Node]:
        """This node's descendants, depth first, in display order."""
        out: list[Node] = []
        for child in self.children:
            out.append(child)
            out.extend(child.walk())
        return out

    def leaves(self) -> list[Node]:
        """The entered rows under this node."""
        return [n for n in self.walk() if n.role is Role.LEAF]


SOURCE_CHOICES: tuple[str, ...] = (*SOURCE_LABELS.values(), *(source_text(s, True) for s in Source))
SOURCE_ONLY: tuple[str, ...] = tuple(SOURCE_LABELS.values())
_SPENDING_AMOUNTS: tuple[tuple[str, str, str], ...] = (
    ("personnel", "人员经费", "基本支出中的人员经费"),
    ("public", "公用经费", "基本支出中的公用经费"),
    ("project", "项目支出", ""),
    ("business", "经营支出", "事业单位经营支出"),
    ("to_superior", "上缴上级", "上缴上级支出"),
    ("to_subordinate", "附属补助", "对附属单位补助支出"),
)


def change(now: Decimal | None, before: Decimal | None) -> Value:
    if now is None and before is None:
        return None
    if before is None or before == 0:
        return "新增" if now else None
    return (now or Decimal(0)) - before


def sum_nodes(nodes: Sequence[Node], columns: Sequence[Column]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for column in columns:
        if column.kind in (Kind.AMOUNT, Kind.COMPUTED):
            values[column.id] = total(v for n in nodes if isinstance(v := n.values.get(column.id), Decimal))
    if "total" in values and values.get("prior") is not None:
        now, before = values["total"], values["prior"]
        values["change"] = change(
            now if isinstance(now, Decimal) else None, before if isinstance(before, Decimal) else None
        )
    return values


class TableSpec:
    """One table of the editor: its columns and how its nodes are built."""

    title: str = ""
    lists: tuple[BudgetList, ...] = ()
    columns: tuple[Column, ...] = ()
    code_digits: int = 0
    tree: bool = True
    """False for flat lists (no 类/款 above the rows)."""

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        """The top-level nodes (with their subtrees)."""
        raise NotImplementedError

    def column(self, column_id: str) -> int | None:
        """Position of a column id."""
        return next((i for i, c in enumerate(self.columns) if c.id == column_id), None)


# ---------------------------------------------------------------------------------------------------- 功能分类


class SpendingSpec(TableSpec):
    """Spending by 功能分类: 类 / 款 / 项 (one leaf per 项 and source), 合计, 上年 and 增减 beside each row."""

    title = "支出（功能分类）"
    lists = (BudgetList.SPENDING,)
    code_digits = 7
    columns = (
        Column("function", "科目编码", Kind.CODE, 96),
        Column("name", "科目名称", Kind.NAME, 134),
        Column("source", "资金来源", Kind.SOURCE, 88, SOURCE_CHOICES),
        *(Column(key, header, Kind.AMOUNT, 70, tip=tip) for key, header, tip in _SPENDING_AMOUNTS),
        Column("total", "合计", Kind.COMPUTED, 76, tip="本行各列之和（自动计算）"),
        Column("prior", "上年", Kind.COMPUTED, 74, tip="上年预算数（只供对照）"),
        Column("change", "增减", Kind.CHANGE, 72, tip="比上年增加（+）或减少（−）"),
    )

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        budget = budget_of(department)
        prior = budget.prior.spending if budget.prior is not None else ()
        leaves: list[Node] = []
        for index, row in enumerate(budget.spending):
            same = (
                p.amount
                for p in prior
                if (p.function, p.source, p.carryover) == (row.function, row.source, row.carryover)
            )
            before = total(same) if prior else None
            known = catalogue.function_name(row.function)
            values: dict[str, Value] = {
                "function": row.function,
                "name": known or row.name,
                "source": source_text(row.source, row.carryover),
                **{key: getattr(row, key) for key, _, _ in _SPENDING_AMOUNTS},
                "total": row.amount,
                "prior": before,
                "change": change(row.amount, before) if prior else None,
            }
            editable = {"function", "source", *(k for k, _, _ in _SPENDING_AMOUNTS)}
            if known is None:
                editable.add("name")
            key = f"{row.function}|{row.source.value}|{int(row.carryover)}"
            tip = None if known else f"科目 {row.function} 不在《{catalogue.title}》中：名称按填写的使用，请核对编码"
            leaves.append(Node(key, Role.LEAF, values, BudgetList.SPENDING, index, frozenset(editable), tip))
        order = {s: i for i, s in enumerate(Source)}
        leaves.sort(key=lambda n: (str(n.values["function"]), n.key.split("|")[2], order[Source(n.key.split("|")[1])]))
        return _code_tree(leaves, self.columns, catalogue.function_name, (3, 5), "function")


def _code_tree(
    leaves: list[Node],
    columns: Sequence[Column],
    name_of: Callable[[str], str | None],
    levels: Sequence[int],
    code: str,
) -> list[Node]:
    """Parents (类, 款) over sorted leaves, computed from them, then the 合计 row."""

    def group(nodes: list[Node], depth: int) -> list[Node]:
        if depth >= len(levels):
            return nodes
        width = levels[depth]
        out: list[Node] = []
        buckets: dict[str, list[Node]] = {}
        for node in nodes:
            text = str(node.values[code])
            if len(text) <= width:
                out.append(node)  # an odd short code stays at this level
                continue
            prefix = text[:width]
            if prefix not in buckets:
                buckets[prefix] = []
                parent = Node(prefix, Role.PARENT, {})
                out.append(parent)
            buckets[prefix].append(node)
        for parent in out:
            if parent.role is Role.PARENT and parent.key in buckets:
                parent.adopt(group(buckets[parent.key], depth + 1))
                parent.values = {**sum_nodes(parent.leaves(), columns), code: parent.key}
                parent.values["name"] = name_of(parent.key) or ""
        return out

    top = group(leaves, 0)
    totals = Node("total", Role.TOTAL, {**sum_nodes(leaves, columns), "name": "合计"})
    return [*top, totals]


# ---------------------------------------------------------------------------------------------------- 经济分类


class BasicSpec(TableSpec):
    """一般公共预算基本支出 by 经济分类: 类 / 款, 人员经费 and 公用经费, 合计, 上年 and 增减."""

    title = "基本支出（经济分类）"
    lists = (BudgetList.BASIC,)
    code_digits = 5
    columns = (
        Column("economic", "科目编码", Kind.CODE, 92),
        Column("name", "科目名称", Kind.NAME, 200),
        Column("personnel", "人员经费", Kind.AMOUNT, 100),
        Column("public", "公用经费", Kind.AMOUNT, 100),
        Column("total", "合计", Kind.COMPUTED, 100),
        Column("prior", "上年", Kind.COMPUTED, 100, tip="上年预算数（只供对照）"),
        Column("change", "增减", Kind.CHANGE, 90, tip="比上年增加（+）或减少（−）"),
    )

    def build(self, department: Department, catalogue: Catalogue) -> list[Node]:
        budget = budget_of(department)
        prior = budget.prior.basic if budget.prior is not None else ()
        leaves = []
        for index, row in enumerate(budget.basic):
            before = total(p.amount for p in prior if p.economic == row.economic) if prior else None
            known = catalogue.economic_name(row.economic)
            values: dict[str, Value] = {
                "economic": row.economic,
                "name": known or row.name,
                "personnel": row.personnel,
                "public": row.public,
                "total": row.amount,
                "prior": before,
                "change": change(row.amount, before) if prior else None,
            }
            editable = {"economic", "personnel", "public"} | (set() if known else {"name"})
            tip = None if known else f"科目 {row.economic} 不在《{catalogue.title}》中：名称按填写的使用，请核对编码"
            leaves.append(Node(row.economic, Role.LEAF, values, BudgetList.BASIC, index, frozenset(editable), tip))
        leaves.sort(key=lambda n: n.key)
        return _code_tree(leaves, self.columns, catalogue.economic_name, (3,), "economic")


def blank_row(which: BudgetList, code: str = "", source: Source = Source.GENERAL, carryover: bool = False) -> BudgetRow:
    """A new empty row of list `which` (spending and basic rows need their code)."""
    if which is BudgetList.SPENDING:
        return SpendingRow(code, source, carryover=carryover)
    if which is BudgetList.BASIC:
        return BasicRow(code)
    if which is BudgetList.PROCUREMENT:
        return ProcurementRow(None, None, None)
    if which is BudgetList.SERVICES:
        return ServiceRow(None, None)
    return MoneyRow(source)
