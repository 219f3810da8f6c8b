"""What the clerk does in the budget editor, as pure functions: the budget with one cell changed, a row added or
removed, pasted rows merged in. No Qt; the editor wraps each result in one `EditDepartment`.

The budget's row lists are addressed by `BudgetList` and a position in that list. Only leaves are ever stored
(DEPARTMENT.md §2): a spending row is one 功能分类 项 (7 digits) of one source, a basic row one 经济分类 款 (5 digits),
so a code of another length, or a second row for the same 项 and source, is refused with a message saying why.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Sequence
from dataclasses import fields, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from desktop.domain.department.budget import (
    BasicRow,
    Budget,
    Facts,
    MoneyRow,
    Prior,
    ProcurementRow,
    ServiceRow,
    Source,
    SpendingRow,
)
from desktop.domain.department.model import Department

BudgetRow = SpendingRow | BasicRow | MoneyRow | ProcurementRow | ServiceRow
CellValue = Decimal | str | Source | bool | None


class BudgetList(StrEnum):
    """The entered row lists of a budget (the value is the `Budget` field and the change's table id)."""

    SPENDING = "spending"
    BASIC = "basic"
    INCOME = "income"
    CARRYOVER = "carryover"
    CARRY_FORWARD = "carry_forward"
    PROCUREMENT = "procurement"
    SERVICES = "services"

    @property
    def label(self) -> str:
        """The list's Chinese name, for undo labels and messages."""
        return _LIST_LABELS[self]


_LIST_LABELS = {
    BudgetList.SPENDING: "功能分类支出",
    BudgetList.BASIC: "基本支出（经济分类）",
    BudgetList.INCOME: "本年收入",
    BudgetList.CARRYOVER: "上年结转",
    BudgetList.CARRY_FORWARD: "结转下年",
    BudgetList.PROCUREMENT: "政府采购",
    BudgetList.SERVICES: "政府购买服务",
}
MONEY_LISTS: tuple[BudgetList, ...] = (BudgetList.INCOME, BudgetList.CARRYOVER, BudgetList.CARRY_FORWARD)
FUNCTION_LEAF_DIGITS = 7
ECONOMIC_LEAF_DIGITS = 5
CATALOG_COLUMNS: tuple[str, ...] = ("catalog1", "catalog2", "catalog3")


class BudgetEditError(ValueError):
    """An edit that cannot be made; the message is Chinese and says what to change."""


def budget_of(department: Department) -> Budget:
    """The department's budget (an empty one when it has none yet)."""
    return department.budget if department.budget is not None else Budget()


def rows_of(budget: Budget, which: BudgetList) -> tuple[BudgetRow, ...]:
    """The rows of one list."""
    rows: tuple[BudgetRow, ...] = getattr(budget, which.value)
    return rows


def with_rows(budget: Budget, which: BudgetList, rows: Sequence[BudgetRow]) -> Budget:
    """The budget with one list replaced (after checking that spending and basic rows stay unique leaves)."""
    rows = tuple(rows)
    if which is BudgetList.SPENDING:
        _check_unique([_spending_key(r) for r in rows if isinstance(r, SpendingRow)], _spending_text)
    elif which is BudgetList.BASIC:
        _check_unique([r.economic for r in rows if isinstance(r, BasicRow)], lambda c: f"经济分类科目 {c}")
    changes: dict[str, Any] = {which.value: rows}
    return replace(budget, **changes)


def _spending_key(row: SpendingRow) -> tuple[str, Source, bool]:
    return row.function, row.source, row.carryover


def _spending_text(key: tuple[str, Source, bool]) -> str:
    function, source, carryover = key
    return f"功能分类科目 {function}（{source_text(source, carryover)}）"


def _check_unique(keys: Sequence[Hashable], describe: Callable[[Any], str]) -> None:
    seen: set[Hashable] = set()
    for key in keys:
        if key in seen:
            raise BudgetEditError(f"{describe(key)}已有一行：同一科目请在原行中修改金额")
        seen.add(key)


def source_text(source: Source, carryover: bool = False) -> str:
    """ "一般公共预算", "一般公共预算（上年结转）"."""
    return f"{source.label}（上年结转）" if carryover else source.label


# ---------------------------------------------------------------------------------------------------- cells


def parse_amount(text: str | None) -> Decimal | None:
    """An amount in 万元 as typed or pasted: thousands separators, spaces and full-width digits allowed, blank → None.

    Raises BudgetEditError naming the text when it is not a number.
    """
    if text is None:
        return None
    cleaned = unicodedata.normalize("NFKC", text).replace(",", "").replace("，", "").replace(" ", "").strip()
    if cleaned in ("", "-", "—", "－"):
        return None
    if not re.fullmatch(r"-?[0-9]*\.?[0-9]+|-?[0-9]+\.", cleaned):
        raise BudgetEditError(f"“{text.strip()}”不是金额：请填写以万元为单位的数字，如 224.42")
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise BudgetEditError(f"“{text.strip()}”不是金额") from exc


def check_code(code: str, digits: int, what: str) -> str:
    """A typed classification code, trimmed; BudgetEditError unless it has `digits` digits."""
    cleaned = unicodedata.normalize("NFKC", code).strip()
    if not re.fullmatch(rf"[0-9]{{{digits}}}", cleaned):
        level = "项" if digits == FUNCTION_LEAF_DIGITS else "款"
        raise BudgetEditError(
            f"“{code.strip()}”不是{what}的{level}：应为 {digits} 位数字（类、款由明细汇总，不必填写）"
        )
    return cleaned


def with_cell(row: BudgetRow, column: str, value: CellValue) -> BudgetRow:
    """The row with one field set; a service row's `catalog1..3` set its 目录 levels."""
    if isinstance(row, ServiceRow) and column in CATALOG_COLUMNS:
        at = CATALOG_COLUMNS.index(column)
        catalog = list((*row.catalog, None, None, None)[:3])
        catalog[at] = value if isinstance(value, str) and value.strip() else None
        while catalog and catalog[-1] is None:
            catalog.pop()
        return replace(row, catalog=tuple(catalog))
    if column not in {f.name for f in fields(row)}:
        raise BudgetEditError(f"没有“{column}”这一列")
    changes: dict[str, Any] = {column: value}
    return replace(row, **changes)


def set_cell(budget: Budget, which: BudgetList, index: int, column: str, value: CellValue) -> Budget:
    """The budget with cell (`which`[`index`], `column`) set to `value`."""
    rows = list(rows_of(budget, which))
    if not 0 <= index < len(rows):
        raise BudgetEditError("这一行已不在预算中")
    rows[index] = with_cell(rows[index], column, value)
    return with_rows(budget, which, rows)


def insert_row(budget: Budget, which: BudgetList, index: int, row: BudgetRow) -> Budget:
    """The budget with `row` inserted at `index` of `which` (the end when `index` is past it)."""
    rows = list(rows_of(budget, which))
    rows.insert(max(0, min(index, len(rows))), row)
    return with_rows(budget, which, rows)


def remove_rows(budget: Budget, which: BudgetList, indexes: Sequence[int]) -> Budget:
    """The budget without the rows at `indexes` of `which`."""
    gone = set(indexes)
    return with_rows(budget, which, [r for i, r in enumerate(rows_of(budget, which)) if i not in gone])


def merge_rows(budget: Budget, which: BudgetList, pasted: Sequence[BudgetRow]) -> tuple[Budget, int, int]:
    """Pasted rows merged into `which`: a spending or basic row whose 科目 (and source) is there already replaces it,
    every other row is added at the end. Returns (budget, rows added, rows replaced)."""
    rows = list(rows_of(budget, which))
    added = replaced = 0
    for row in pasted:
        at = _same_leaf(rows, row)
        if at is None:
            rows.append(row)
            added += 1
        else:
            rows[at] = row
            replaced += 1
    return with_rows(budget, which, rows), added, replaced


def _same_leaf(rows: Sequence[BudgetRow], row: BudgetRow) -> int | None:
    for i, existing in enumerate(rows):
        if isinstance(row, SpendingRow) and isinstance(existing, SpendingRow):
            if _spending_key(existing) == _spending_key(row):
                return i
        elif isinstance(row, BasicRow) and isinstance(existing, BasicRow) and existing.economic == row.economic:
            return i
    return None


def with_facts(budget: Budget, facts: Facts) -> Budget:
    """The budget with its facts replaced (an all-empty Facts is stored as None)."""
    return replace(budget, facts=None if facts == Facts() else facts)


def with_budget(department: Department, budget: Budget) -> Department:
    """The department with this budget (an empty budget stays empty rather than None, so the page shows it)."""
    return replace(department, budget=budget)


def prior_view(budget: Budget) -> Budget:
    """Last year's figures as a budget of their own (spending, basic spending, income), so that the same tables and
    edits serve them; `with_prior_view` puts an edited copy back."""
    prior = budget.prior
    if prior is None:
        return Budget()
    return Budget(spending=prior.spending, basic=prior.basic, income=prior.income)


def with_prior_view(budget: Budget, viewed: Budget, year: int) -> Budget:
    """`budget` with last year's figures taken from `viewed` (see prior_view); `year` names last year when the
    budget had no figures of it yet. Only spending, basic spending and income are kept for last year."""
    if viewed.carryover or viewed.carry_forward or viewed.procurement or viewed.services:
        raise BudgetEditError("上年数只记录支出、基本支出和本年收入，用于说明中的增减比较；结转和采购不需要填写上年数")
    prior = budget.prior if budget.prior is not None else Prior(year)
    changed = replace(prior, spending=viewed.spending, basic=viewed.basic, income=viewed.income)
    empty = not (changed.spending or changed.basic or changed.income or changed.facts)
    return replace(budget, prior=None if empty else changed)


def with_prior_facts(budget: Budget, facts: Facts, year: int) -> Budget:
    """`budget` with last year's facts (机关运行经费, 三公经费, 政府采购 by category) replaced; `year` names last year
    when the budget had no figures of it yet."""
    prior = budget.prior if budget.prior is not None else Prior(year)
    changed = replace(prior, facts=None if facts == Facts() else facts)
    empty = not (changed.spending or changed.basic or changed.income or changed.facts)
    return replace(budget, prior=None if empty else changed)
