"""Text imports of department documents: the budget's leaves from the printed tables.

The leaves are spending by 功能 项 and source (split 人员/公用/项目/…), basic spending by 经济 款, income by
source, procurement and service rows. Spending comes from the most detailed table that prints it: the
一般公共预算支出表 for 一般公共预算 (人员经费 | 公用经费 | 项目支出), the 政府性基金 / 国有资本经营 tables for theirs,
and what the 支出总表 holds beyond them for the non-fiscal sources.

A leaf whose printed 小计 is not 人员经费 + 公用经费 contradicts itself. When the parent rows say which of the two cells
is off (the 款's printed 公用经费 minus the other leaves' gives the same amount as the leaf's 小计 minus its 人员经费),
that amount is read and the import says so; the printed cell stays in the printed record, where `jixiao check`
reports it. Otherwise the cells are read as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain.department import (
    BasicRow,
    MoneyRow,
    ProcurementRow,
    ServiceRow,
    Source,
    SpendingRow,
)
from desktop.io.text.department_rows import LeafLine, MoneyLine, TablesRead

_ZERO = Decimal(0)
_REST_COLUMNS = ("business", "to_superior", "to_subordinate")


@dataclass
class LeavesRead:
    """The budget's leaves, with the notes about what had to be decided while reading them."""

    spending: list[SpendingRow] = field(default_factory=list)
    basic: list[BasicRow] = field(default_factory=list)
    income: list[MoneyRow] = field(default_factory=list)
    carryover: list[MoneyRow] = field(default_factory=list)
    carry_forward: list[MoneyRow] = field(default_factory=list)
    procurement: list[ProcurementRow] = field(default_factory=list)
    services: list[ServiceRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _value(leaf: LeafLine | None, column: str) -> Decimal | None:
    if leaf is None:
        return None
    value = leaf.amounts.get(column)
    return None if value is None else value


def _sum(values: list[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), _ZERO)


def read_leaves(tables: TablesRead, by_category: dict[str, Decimal]) -> LeavesRead:
    """The budget's leaves from the printed tables (and the 说明's 政府采购 by category)."""
    out = LeavesRead()
    _spending(tables, out)
    for leaf in tables.leaves.get("basic", []):
        out.basic.append(BasicRow(leaf.code, leaf.name, _value(leaf, "personnel"), _value(leaf, "public")))
    out.income = [_money(line) for line in tables.income]
    out.carryover = [_money(line) for line in tables.carryover]
    out.carry_forward = [_money(line) for line in tables.carry_forward]
    category = _single_category(by_category, tables)
    for purchase in tables.purchases:
        sources = [(s, a) for s, a in purchase.by_source.items() if a is not None and a != _ZERO]
        if not sources:
            out.procurement.append(ProcurementRow(purchase.project, purchase.item, purchase.total, category))
        for source, amount in sources:
            out.procurement.append(ProcurementRow(purchase.project, purchase.item, amount, category, Source(source)))
    for service in tables.services:
        out.services.append(
            ServiceRow(service.project, service.amount, service.catalog, service.content, service.quantity)
        )
    return out


def _money(line: MoneyLine) -> MoneyRow:
    return MoneyRow(Source(line.source), line.amount, line.unit_kind, line.central_transfer)


def _single_category(by_category: dict[str, Decimal], tables: TablesRead) -> str | None:
    """The category of every procurement row when the 说明 puts the whole procurement under one category."""
    filled = [name for name, amount in by_category.items() if amount != _ZERO]
    total = _sum([p.total for p in tables.purchases])
    if len(filled) == 1 and by_category[filled[0]] == total:
        return filled[0]
    return None


def _spending(tables: TablesRead, out: LeavesRead) -> None:
    general = {leaf.code: leaf for leaf in tables.leaves.get("general", [])}
    totals = {leaf.code: leaf for leaf in tables.leaves.get("spending", [])}
    funds = {
        Source.GOV_FUND: {leaf.code: leaf for leaf in tables.leaves.get("gov_fund", [])},
        Source.STATE_CAPITAL: {leaf.code: leaf for leaf in tables.leaves.get("state_capital", [])},
    }
    by_source = {leaf.code: leaf for leaf in tables.leaves.get("income", [])}
    codes = list(dict.fromkeys([*totals, *general, *funds[Source.GOV_FUND], *funds[Source.STATE_CAPITAL]]))
    for code in codes:
        name = (totals.get(code) or general.get(code) or _first(funds, code)).name  # type: ignore[union-attr]
        fiscal: list[SpendingRow] = []
        if code in general:
            personnel, public = _reconciled(general[code], tables, general, out)
            fiscal.append(
                SpendingRow(code, Source.GENERAL, name, False, personnel, public, _value(general[code], "project"))
            )
        for source, rows in funds.items():
            if code in rows:
                leaf = rows[code]
                basic = _value(leaf, "basic")
                if basic is not None and basic != _ZERO:
                    out.notes.append(f"{source.label}支出表 {code} 的基本支出没有分人员经费、公用经费，按人员经费读入")
                fiscal.append(SpendingRow(code, source, name, False, basic, None, _value(leaf, "project")))
        rest = _rest(totals.get(code), fiscal, code, by_source.get(code), name, out)
        out.spending.extend(row for row in (*fiscal, *rest) if row.amount is not None)


def _first(funds: dict[Source, dict[str, LeafLine]], code: str) -> LeafLine | None:
    return next((rows[code] for rows in funds.values() if code in rows), None)


def _reconciled(
    leaf: LeafLine, tables: TablesRead, general: dict[str, LeafLine], out: LeavesRead
) -> tuple[Decimal | None, Decimal | None]:
    """人员经费 and 公用经费 of a 一般公共预算 leaf; the cell its own 小计 and its parent contradict is corrected."""
    personnel, public, basic = _value(leaf, "personnel"), _value(leaf, "public"), _value(leaf, "basic")
    if basic is None or _sum([personnel, public]) == basic:
        return personnel, public
    for column, other in (("public", personnel), ("personnel", public)):
        implied = basic - (other or _ZERO)
        parent = _parent_cell(tables, "general", leaf.code[:5], column)
        if parent is None:
            continue
        siblings = [_value(g, column) for c, g in general.items() if c[:5] == leaf.code[:5] and c != leaf.code]
        if parent - _sum(siblings) != implied:
            continue
        label = "公用经费" if column == "public" else "人员经费"
        printed = _value(leaf, column)
        out.notes.append(
            f"一般公共预算支出表第 {leaf.line_no} 行 {leaf.code}：{label}印为 {printed}，与本行小计 {basic} 及上级"
            f" {leaf.code[:5]} 的{label} {parent} 都不符，按 {implied} 读入（jixiao check 会指出这一处）"
        )
        return (personnel, implied) if column == "public" else (implied, public)
    return personnel, public


def _parent_cell(tables: TablesRead, table: str, code: str, column: str) -> Decimal | None:
    for row in tables.rows:
        if row.table == table and row.key == code:
            return row.cell(column) if row.has(column) else None
    return None


def _rest(
    total: LeafLine | None,
    fiscal: list[SpendingRow],
    code: str,
    income: LeafLine | None,
    name: str | None,
    out: LeavesRead,
) -> list[SpendingRow]:
    """What the 支出总表 prints for a 项 beyond the 财政拨款 tables: money of 财政专户 or 单位资金."""
    if total is None:
        return []
    basic = (_value(total, "basic") or _ZERO) - _sum([row.basic for row in fiscal])
    project = (_value(total, "project") or _ZERO) - _sum([row.project for row in fiscal])
    others = {column: _value(total, column) for column in _REST_COLUMNS}
    if basic <= _ZERO and project <= _ZERO and not any(v for v in others.values()):
        return []
    sources = [s for s in (Source.SPECIAL_ACCOUNT, Source.UNIT) if income is not None and _value(income, s.value)]
    source = sources[0] if sources else Source.UNIT
    if len(sources) != 1:
        out.notes.append(f"支出总表 {code} 有财政拨款以外的支出，收入总表没有说明来源，按单位资金读入")
    if basic > _ZERO:
        out.notes.append(f"支出总表 {code} 的{source.label}基本支出没有分人员经费、公用经费，按人员经费读入")
    return [
        SpendingRow(
            code,
            source,
            name,
            False,
            basic if basic > _ZERO else None,
            None,
            project if project > _ZERO else None,
            others["business"],
            others["to_superior"],
            others["to_subordinate"],
        )
    ]
