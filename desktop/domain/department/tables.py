"""The publication's tables (DEPARTMENT.md §2) computed from a department and its projects: pure functions.

Every parent row (类 and 款 from the 项 leaves, 经济 类 from 款) and every total is computed here and nowhere else;
the figures an imported document printed (`Printed`) are never used. Each table has fixed row keys and column ids,
which the document layout files select and title and which the printed figures use too, so that the D rules can
compare a printed cell with the computed one by (table, row key, column).

Row keys: a classification code for tree rows, `total` for the 合计 row, a project name in `projects`, the row's
position (`1`, `2`, …) in `procurement` and `services`, and fixed keys in the two-sided tables (column `amount`):

- `summary` (收支总表): `income:<source>` (一、一般公共预算拨款收入 …), `income:<fiscal source>:central` (其中：中央转移
  支付收入), `income:unit:<unit kind>` (事业收入 …), `income:subtotal` (本年收入小计), `income:carryover` (上年结转数)
  and `income:carryover:<source>`, `income:total` (收入总计); `spending:<类 code>` for all 27 类,
  `spending:subtotal` (本年支出小计), `spending:carry_forward` (结转下年) and `spending:carry_forward:<source>`,
  `spending:total` (支出总计).
- `fiscal` (财政拨款收支总表): `income:current` (一、本年收入) and `income:current:<fiscal source>`, `income:carryover`
  (二、上年结转) and `income:carryover:<fiscal source>`, `income:total`; `spending:current` (一、本年支出),
  `spending:<类 code>`, `spending:carry_forward` (年终结转结余) and `spending:carry_forward:<fiscal source>`,
  `spending:total`.
- `three_public`: `total`, `abroad`, `vehicle`, `vehicle_purchase`, `vehicle_operation`, `reception`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from desktop.domain.department.budget import (
    FISCAL_SOURCES,
    SOURCE_LABELS,
    UNIT_KINDS,
    MoneyRow,
    Source,
    SpendingRow,
    total,
)
from desktop.domain.department.model import Department
from desktop.domain.model import Project
from desktop.templates.classification import Catalogue
from desktop.templates.department_tables import AMOUNT_COLUMNS, TABLE_IDS, TEXT_COLUMNS

# Tables whose rows are a 功能分类 tree (类/款/项) or the 经济分类 tree (类/款).
FUNCTION_TREES: frozenset[str] = frozenset({"income", "spending", "general", "gov_fund", "state_capital"})
TREES: frozenset[str] = FUNCTION_TREES | {"basic"}

_NUMERALS = "一二三四五六七八九十"


class RowRole(StrEnum):
    """What a row is: an entered leaf, a computed parent, a computed total, or a heading of a two-sided table."""

    LEAF = "leaf"
    PARENT = "parent"
    TOTAL = "total"


@dataclass(frozen=True)
class TableRow:
    """One computed row: key, label, code and tree level (0 类, 1 款, 2 项), amounts and texts by column."""

    key: str
    label: str
    amounts: tuple[Decimal | None, ...]
    texts: tuple[str | None, ...] = ()
    code: str | None = None
    level: int = 0
    role: RowRole = RowRole.LEAF


@dataclass(frozen=True)
class ComputedTable:
    """One table as computed: its id, column ids and rows in printed order."""

    id: str
    amount_columns: tuple[str, ...]
    text_columns: tuple[str, ...]
    rows: tuple[TableRow, ...]

    @cached_property
    def _by_key(self) -> dict[str, TableRow]:
        return {r.key: r for r in self.rows}

    def row(self, key: str) -> TableRow | None:
        """The row with this key, or None."""
        return self._by_key.get(key)

    def amount(self, key: str, column: str) -> Decimal | None:
        """One computed cell (None when blank or when the table has no such row)."""
        row = self.row(key)
        if row is None or column not in self.amount_columns:
            return None
        return row.amounts[self.amount_columns.index(column)]

    def is_empty(self) -> bool:
        """True when no cell holds an amount (the table is printed with its 无数据 note)."""
        return all(a is None for r in self.rows for a in r.amounts)


# ---------------------------------------------------------------------------------------------------- trees


def _tree(
    table_id: str,
    leaves: Iterable[tuple[str, str | None, tuple[Decimal | None, ...]]],
    name_of: Callable[[str], str | None],
    levels: int,
) -> ComputedTable:
    """A classification tree: leaves (code, typed name, amounts) summed by code; parents from code prefixes."""
    columns = AMOUNT_COLUMNS[table_id]
    width = len(columns)
    sums: dict[str, list[list[Decimal | None]]] = {}
    typed: dict[str, str] = {}
    for code, name, amounts in leaves:
        for depth in range(levels):
            prefix = code[: 3 + 2 * depth]
            if len(prefix) <= len(code):
                sums.setdefault(prefix, []).append(list(amounts))
        if name and code not in typed:
            typed[code] = name
    rows: list[TableRow] = []
    for code in sorted(sums):
        parts = sums[code]
        amounts = tuple(total(part[i] for part in parts) for i in range(width))
        leaf = len(code) == 3 + 2 * (levels - 1)
        label = name_of(code) or typed.get(code) or ""
        rows.append(
            TableRow(
                key=code,
                label=label,
                amounts=amounts,
                texts=(code, label),
                code=code,
                level=(len(code) - 3) // 2,
                role=RowRole.LEAF if leaf else RowRole.PARENT,
            )
        )
    top = [r for r in rows if len(r.key) == 3]
    totals = tuple(total(r.amounts[i] for r in top) for i in range(width))
    rows.append(TableRow("total", "合计", totals, (None, "合计"), role=RowRole.TOTAL))
    return ComputedTable(table_id, columns, TEXT_COLUMNS[table_id], tuple(rows))


def _spending_amounts(row: SpendingRow, table_id: str) -> tuple[Decimal | None, ...]:
    if table_id == "spending":
        return (row.amount, row.basic, row.project, row.business, row.to_superior, row.to_subordinate)
    return (row.amount, row.basic, row.personnel, row.public, row.project)


def _income_amounts(row: SpendingRow) -> tuple[Decimal | None, ...]:
    by_source: list[Decimal | None] = [None] * 5
    if not row.carryover:
        by_source[list(Source).index(row.source)] = row.amount
    return (row.amount, row.amount if row.carryover else None, *by_source)


def function_table(
    department: Department, catalogue: Catalogue, table_id: str, source: Source | None = None
) -> ComputedTable:
    """收入总表 (`income`), 支出总表 (`spending`), or a per-source 支出表 (`general`, `gov_fund`, `state_capital`).

    The per-source tables hold this year's money of that source only (上年结转 is not 本年 spending of the source).
    """
    spending = department.budget.spending if department.budget is not None else ()
    if source is not None:
        spending = tuple(r for r in spending if r.source is source and not r.carryover)
    leaves = (
        (r.function, r.name, _income_amounts(r) if table_id == "income" else _spending_amounts(r, table_id))
        for r in spending
    )
    return _tree(table_id, leaves, catalogue.function_name, 3)


def basic_table(department: Department, catalogue: Catalogue) -> ComputedTable:
    """一般公共预算基本支出表: 经济分类 类/款 × 合计 | 人员经费 | 公用经费."""
    basic = department.budget.basic if department.budget is not None else ()
    leaves = ((r.economic, r.name, (r.amount, r.personnel, r.public)) for r in basic)
    return _tree("basic", leaves, catalogue.economic_name, 2)


# ---------------------------------------------------------------------------------------------------- summaries


def _money_by(rows: Sequence[MoneyRow], source: Source, unit_kind: str | None = None) -> Decimal | None:
    return total(r.amount for r in rows if r.source is source and (unit_kind is None or r.unit_kind == unit_kind))


def _central(rows: Sequence[MoneyRow], source: Source) -> Decimal | None:
    return total(r.central_transfer for r in rows if r.source is source)


def _line(key: str, label: str, amount: Decimal | None, role: RowRole = RowRole.LEAF, level: int = 0) -> TableRow:
    return TableRow(key, label, (amount,), (label,), level=level, role=role)


def _class_rows(
    department: Department, catalogue: Catalogue, keep: Callable[[SpendingRow], bool], fiscal_style: bool
) -> list[TableRow]:
    spending = department.budget.spending if department.budget is not None else ()
    by_class: dict[str, list[Decimal | None]] = {}
    for entered in spending:
        if keep(entered):
            by_class.setdefault(entered.function[:3], []).append(entered.amount)
    rows = []
    for number, code in enumerate(catalogue.function_classes(), start=1):
        amount = total(by_class.get(code, ()))
        name = catalogue.function_name(code) or code
        label = f"（{_numeral(number)}）{name}" if fiscal_style else f"{_numeral(number)}、{name}"
        rows.append(TableRow(f"spending:{code}", label, (amount,), (label,), code=code, role=RowRole.PARENT))
    return rows


def summary_table(department: Department, catalogue: Catalogue) -> ComputedTable:
    """收支总表: income by source (单位资金 by kind, 中央转移支付 of which) beside spending by every 功能 类."""
    budget = department.budget
    income = budget.income if budget is not None else ()
    carryover = budget.carryover if budget is not None else ()
    forward = budget.carry_forward if budget is not None else ()
    rows: list[TableRow] = []
    for number, source in enumerate(Source, start=1):
        label = f"{_numeral(number)}、{SOURCE_LABELS[source]}{'拨款' if source.fiscal else ''}收入"
        rows.append(_line(f"income:{source.value}", label, _money_by(income, source), RowRole.PARENT))
        if source.fiscal:
            rows.append(_line(f"income:{source.value}:central", "其中：中央转移支付收入", _central(income, source)))
        if source is Source.UNIT:
            for kind in UNIT_KINDS:
                rows.append(_line(f"income:unit:{kind}", kind, _money_by(income, source, kind), level=1))
    income_subtotal = total(r.amount for r in income)
    rows.append(_line("income:subtotal", "本年收入小计", income_subtotal, RowRole.TOTAL))
    carried = total(r.amount for r in carryover)
    rows.append(_line("income:carryover", "上年结转数", carried, RowRole.PARENT))
    rows += [_line(f"income:carryover:{s.value}", s.label, _money_by(carryover, s), level=1) for s in Source]
    rows.append(_line("income:total", "收入总计", total((income_subtotal, carried)), RowRole.TOTAL))

    spending = budget.spending if budget is not None else ()
    rows += _class_rows(department, catalogue, lambda r: True, fiscal_style=False)
    spending_subtotal = total(r.amount for r in spending)
    rows.append(_line("spending:subtotal", "本年支出小计", spending_subtotal, RowRole.TOTAL))
    forwarded = total(r.amount for r in forward)
    rows.append(_line("spending:carry_forward", "结转下年", forwarded, RowRole.PARENT))
    rows += [_line(f"spending:carry_forward:{s.value}", s.label, _money_by(forward, s), level=1) for s in Source]
    rows.append(_line("spending:total", "支出总计", total((spending_subtotal, forwarded)), RowRole.TOTAL))
    return ComputedTable("summary", AMOUNT_COLUMNS["summary"], TEXT_COLUMNS["summary"], tuple(rows))


def fiscal_table(department: Department, catalogue: Catalogue) -> ComputedTable:
    """财政拨款收支总表: the summary restricted to the three 财政拨款 sources, with 年终结转结余."""
    budget = department.budget
    income = budget.income if budget is not None else ()
    carryover = budget.carryover if budget is not None else ()
    forward = budget.carry_forward if budget is not None else ()
    rows: list[TableRow] = []
    current = total(_money_by(income, s) for s in FISCAL_SOURCES)
    rows.append(_line("income:current", "一、本年收入", current, RowRole.PARENT))
    for number, s in enumerate(FISCAL_SOURCES, start=1):
        rows.append(
            _line(f"income:current:{s.value}", f"（{_numeral(number)}）{s.label}拨款", _money_by(income, s), level=1)
        )
    carried = total(_money_by(carryover, s) for s in FISCAL_SOURCES)
    rows.append(_line("income:carryover", "二、上年结转", carried, RowRole.PARENT))
    for number, s in enumerate(FISCAL_SOURCES, start=1):
        label = f"（{_numeral(number)}）{s.label}拨款"
        rows.append(_line(f"income:carryover:{s.value}", label, _money_by(carryover, s), level=1))
    rows.append(_line("income:total", "收入总计", total((current, carried)), RowRole.TOTAL))

    spending = budget.spending if budget is not None else ()
    fiscal_spending = total(r.amount for r in spending if r.source.fiscal)
    rows.append(_line("spending:current", "一、本年支出", fiscal_spending, RowRole.PARENT))
    rows += _class_rows(department, catalogue, lambda r: r.source.fiscal, fiscal_style=True)
    forwarded = total(_money_by(forward, s) for s in FISCAL_SOURCES)
    rows.append(_line("spending:carry_forward", "二、年终结转结余", forwarded, RowRole.PARENT))
    for number, s in enumerate(FISCAL_SOURCES, start=1):
        label = f"（{_numeral(number)}）{s.label}结转结余"
        rows.append(_line(f"spending:carry_forward:{s.value}", label, _money_by(forward, s), level=1))
    rows.append(_line("spending:total", "支出总计", total((fiscal_spending, forwarded)), RowRole.TOTAL))
    return ComputedTable("fiscal", AMOUNT_COLUMNS["fiscal"], TEXT_COLUMNS["fiscal"], tuple(rows))


def _numeral(number: int) -> str:
    """一 … 二十七: the Chinese ordinal the summary tables number their rows with."""
    if number <= 10:
        return _NUMERALS[number - 1]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[units - 1] if units else "")


# ---------------------------------------------------------------------------------------------------- lists


def project_funds_row(project: Project) -> tuple[Decimal | None, ...]:
    """A project's amounts in the 项目支出表's columns: 总计 then by source. Without `funds_by_source` only the
    总计 (the form's 年度资金总额) is known."""
    by_source = project.funds_by_source
    if by_source is None:
        return (project.funds.total, *([None] * 8))
    keys = AMOUNT_COLUMNS["projects"][1:]
    return (by_source.total(), *(getattr(by_source, k) for k in keys))


def projects_table(projects: Sequence[Project]) -> ComputedTable:
    """项目支出表: one row per project of the department (类型, 名称, 单位, amounts by source), then 合计."""
    rows = []
    for project in projects:
        name = project.display_name()
        unit = project.implementing_unit.name or project.department.name
        rows.append(TableRow(name, name, project_funds_row(project), (project.kind, name, unit)))
    width = len(AMOUNT_COLUMNS["projects"])
    totals = tuple(total(r.amounts[i] for r in rows) for i in range(width))
    rows.append(TableRow("total", "合计", totals, (None, "合计", None), role=RowRole.TOTAL))
    return ComputedTable("projects", AMOUNT_COLUMNS["projects"], TEXT_COLUMNS["projects"], tuple(rows))


def procurement_table(department: Department) -> ComputedTable:
    """政府采购支出表: one row per procurement row (项目, 品目, amounts by source), then 合计."""
    rows = []
    procurement = department.budget.procurement if department.budget is not None else ()
    sources = (Source.GENERAL, Source.GOV_FUND, Source.STATE_CAPITAL, Source.SPECIAL_ACCOUNT, Source.UNIT)
    for number, item in enumerate(procurement, start=1):
        by_source = tuple(item.amount if item.source is s else None for s in sources)
        label = item.project or ""
        rows.append(TableRow(str(number), label, (item.amount, *by_source), (item.project, item.item, item.category)))
    totals = tuple(total(r.amounts[i] for r in rows) for i in range(6))
    rows.append(TableRow("total", "合计", totals, (None, "合计", None), role=RowRole.TOTAL))
    return ComputedTable("procurement", AMOUNT_COLUMNS["procurement"], TEXT_COLUMNS["procurement"], tuple(rows))


def services_table(department: Department) -> ComputedTable:
    """政府购买服务支出表: one row per purchased service, then 合计."""
    services = department.budget.services if department.budget is not None else ()
    rows = []
    for number, s in enumerate(services, start=1):
        catalog = (*s.catalog, None, None, None)[:3]
        rows.append(TableRow(str(number), s.project or "", (s.amount,), (s.project, *catalog, s.content, s.quantity)))
    rows.append(TableRow("total", "合计", (total(r.amounts[0] for r in rows),), (None,) * 6, role=RowRole.TOTAL))
    return ComputedTable("services", AMOUNT_COLUMNS["services"], TEXT_COLUMNS["services"], tuple(rows))


def three_public_table(department: Department) -> ComputedTable:
    """财政拨款"三公"经费支出表 (Jiangxi): the 三公 statement with its 合计 and 公务用车 subtotal."""
    facts = department.budget.facts if department.budget is not None else None
    three = facts.three_public if facts is not None else None
    abroad = three.abroad if three else None
    purchase = three.vehicle_purchase if three else None
    operation = three.vehicle_operation if three else None
    reception = three.reception if three else None
    vehicles = total((purchase, operation))
    rows = (
        _line("total", "合计", total((abroad, vehicles, reception)), RowRole.TOTAL),
        _line("abroad", "因公出国（境）费", abroad),
        _line("vehicle", "公务用车购置及运行费", vehicles, RowRole.PARENT),
        _line("vehicle_purchase", "其中：公务用车购置费", purchase, level=1),
        _line("vehicle_operation", "公务用车运行费", operation, level=1),
        _line("reception", "公务接待费", reception),
    )
    return ComputedTable("three_public", AMOUNT_COLUMNS["three_public"], TEXT_COLUMNS["three_public"], rows)


def compute_table(
    table_id: str, department: Department, projects: Sequence[Project], catalogue: Catalogue
) -> ComputedTable:
    """One table by id (see TABLE_IDS)."""
    if table_id == "summary":
        return summary_table(department, catalogue)
    if table_id == "fiscal":
        return fiscal_table(department, catalogue)
    if table_id in ("income", "spending"):
        return function_table(department, catalogue, table_id)
    if table_id in ("general", "gov_fund", "state_capital"):
        return function_table(department, catalogue, table_id, Source(table_id))
    if table_id == "basic":
        return basic_table(department, catalogue)
    if table_id == "projects":
        return projects_table(projects)
    if table_id == "procurement":
        return procurement_table(department)
    if table_id == "services":
        return services_table(department)
    if table_id == "three_public":
        return three_public_table(department)
    raise ValueError(f"unknown table id {table_id!r}")


def compute_tables(
    department: Department, projects: Sequence[Project], catalogue: Catalogue, ids: Sequence[str] = TABLE_IDS
) -> dict[str, ComputedTable]:
    """The tables `ids` (all by default), in that order."""
    return {table_id: compute_table(table_id, department, projects, catalogue) for table_id in ids}
