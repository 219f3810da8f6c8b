"""D01–D05, D08 and D11 on an imported document: each printed parent, total and derived cell against the printed
cells it is made of, the same figure in two tables, and the nesting of printed codes.

Parents are compared with their printed children (not with the recomputed tree), so one wrong cell is reported once
where it is wrong, instead of once for every ancestor above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.department.budget import FISCAL_SOURCES, UNIT_KINDS, Source, total
from desktop.domain.department.context import (
    COLUMN_NAMES,
    TABLE_NAMES,
    DepartmentContext,
    amount_text,
    same,
    set_printed_cell,
)
from desktop.domain.department.printed import PrintedRow
from desktop.domain.department.tables import TREES
from desktop.domain.findings import Location

_ROUNDING_NOTE = "相差 0.01，多为预算系统分别四舍五入所致"

# Row-internal sums: column = sum of these columns (only those the printed row has).
_ROW_SUMS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "spending": (("D02", "total", ("basic", "project", "business", "to_superior", "to_subordinate")),),
    "general": (("D02", "total", ("basic", "project")), ("D03", "basic", ("personnel", "public"))),
    "gov_fund": (("D02", "total", ("basic", "project")), ("D03", "basic", ("personnel", "public"))),
    "state_capital": (("D02", "total", ("basic", "project")), ("D03", "basic", ("personnel", "public"))),
    "basic": (("D02", "total", ("personnel", "public")),),
    "income": (("D02", "total", ("carryover", "general", "gov_fund", "state_capital", "special_account", "unit")),),
    "projects": (
        (
            "D02",
            "total",
            (
                "general",
                "gov_fund",
                "state_capital",
                "carryover_general",
                "carryover_gov_fund",
                "carryover_state_capital",
                "special_account",
                "unit",
            ),
        ),
    ),  # fmt: skip
    "procurement": (("D02", "total", ("general", "gov_fund", "state_capital", "special_account", "unit")),),
}
# Columns a leaf row holds as entered (not derived); a printed leaf must agree with the entered figure.
_ENTERED: dict[str, tuple[str, ...]] = {
    "spending": ("project", "business", "to_superior", "to_subordinate"),
    "general": ("personnel", "public", "project"),
    "gov_fund": ("personnel", "public", "project"),
    "state_capital": ("personnel", "public", "project"),
    "basic": ("personnel", "public"),
}
# The same figure printed in two tables: (table, row, column) pairs.
_SAME_FIGURE: tuple[tuple[tuple[str, str, str], tuple[str, str, str]], ...] = (
    (("general", "total", "basic"), ("basic", "total", "total")),
    (("general", "total", "personnel"), ("basic", "total", "personnel")),
    (("general", "total", "public"), ("basic", "total", "public")),
    (("projects", "total", "total"), ("spending", "total", "project")),
    (("spending", "total", "total"), ("summary", "spending:subtotal", "amount")),
    (("income", "total", "total"), ("summary", "income:total", "amount")),
)


def _summary_sums() -> list[tuple[str, str, tuple[str, ...]]]:
    sources = [s.value for s in Source]
    return [
        ("summary", "income:subtotal", tuple(f"income:{s}" for s in sources)),
        ("summary", "income:unit", tuple(f"income:unit:{k}" for k in UNIT_KINDS)),
        ("summary", "income:carryover", tuple(f"income:carryover:{s}" for s in sources)),
        ("summary", "income:total", ("income:subtotal", "income:carryover")),
        ("summary", "spending:carry_forward", tuple(f"spending:carry_forward:{s}" for s in sources)),
        ("summary", "spending:total", ("spending:subtotal", "spending:carry_forward")),
        ("fiscal", "income:current", tuple(f"income:current:{s.value}" for s in FISCAL_SOURCES)),
        ("fiscal", "income:carryover", tuple(f"income:carryover:{s.value}" for s in FISCAL_SOURCES)),
        ("fiscal", "income:total", ("income:current", "income:carryover")),
        ("fiscal", "spending:carry_forward", tuple(f"spending:carry_forward:{s.value}" for s in FISCAL_SOURCES)),
        ("fiscal", "spending:total", ("spending:current", "spending:carry_forward")),
    ]


Cell = tuple[str, str, str]  # (table, row key, column)


@dataclass(frozen=True)
class _Mismatch:
    """A printed cell that is not the sum of the printed cells it is made of."""

    rule: str
    row: PrintedRow
    column: str
    expected: Decimal
    explanation: str
    what: str
    parts: tuple[Cell, ...]

    @property
    def difference(self) -> Decimal:
        return (self.row.cell(self.column) or Decimal(0)) - self.expected

    @property
    def cell(self) -> Cell:
        return (self.row.table, self.row.key, self.column)


def _check_sum(
    found: list[_Mismatch],
    rule: str,
    row: PrintedRow,
    column: str,
    parts: Sequence[tuple[PrintedRow, str]],
    explanation: str,
    what: str,
) -> None:
    expected = total(part.cell(part_column) for part, part_column in parts) or Decimal(0)
    mismatch = _Mismatch(rule, row, column, expected, explanation, what, tuple((p.table, p.key, c) for p, c in parts))
    if mismatch.difference != 0:
        found.append(mismatch)


def _report_all(ctx: DepartmentContext, found: list[_Mismatch]) -> None:
    """Report each mismatch, except one explained by a wrong part: when a part is itself the wrong sum of another
    mismatch by the same amount, or a printed leaf that differs from the entered figure by that amount (reported by
    `check_same_figures`), that part is the cell to fix and this mismatch only echoes it."""
    wrong = {m.cell: abs(m.difference) for m in found}
    for row, column, expected in _leaf_mismatches(ctx):
        wrong[(row.table, row.key, column)] = abs((row.cell(column) or Decimal(0)) - expected)
    for m in found:
        if any(wrong.get(part) == abs(m.difference) for part in m.parts):
            continue
        printed = m.row.cell(m.column)
        rule_id = ctx.sum_rule(m.rule, m.difference)
        note = f"（{_ROUNDING_NOTE}）" if rule_id == "D11" else ""
        subject = m.explanation.removesuffix("之和")
        ctx.add(
            rule_id,
            Location(table=m.row.table, row=m.row.key, column=m.column),
            f"印为 {amount_text(printed)}，{m.explanation}为 {amount_text(m.expected)}{note}；"
            f"请把这一格改为 {amount_text(m.expected)}，或核对{subject}",
            set_printed_cell(m.row.table, m.row.key, m.column, printed, m.expected, m.what),
        )


def _children_of(rows: Sequence[PrintedRow]) -> dict[str, list[PrintedRow]]:
    """Printed rows by the key of their parent: a 项 under its 款, a 款 under its 类, a 类 under `total`."""
    children: dict[str, list[PrintedRow]] = {}
    for row in rows:
        if row.key.isdigit() and len(row.key) in (3, 5, 7):
            children.setdefault("total" if len(row.key) == 3 else row.key[:-2], []).append(row)
    return children


def check_tree_sums(ctx: DepartmentContext, found: list[_Mismatch]) -> None:
    """D01/D11: every printed 类, 款 and 合计 row equals the sum of its printed children, column by column."""
    assert ctx.printed is not None
    for table in (*sorted(TREES), "projects", "procurement", "services"):
        rows = ctx.printed.table_rows(table)
        tree = _children_of(rows) if table in TREES else {}
        for row in rows:
            if table in TREES:
                children = tree.get(row.key, [])
            else:
                children = [r for r in rows if r.key != "total"] if row.key == "total" else []
            if not children:
                continue
            for column, _amount in row.cells:
                if not any(c.has(column) for c in children):
                    continue
                what = "各项之和" if row.key == "total" else "下级科目之和"
                _check_sum(found, "D01", row, column, [(c, column) for c in children], what, "子项之和")


def check_summary_sums(ctx: DepartmentContext, found: list[_Mismatch]) -> None:
    """D01/D11 in the two-sided tables: 小计, 上年结转, 结转下年 and 总计 against the rows they add up."""
    assert ctx.printed is not None
    for table, key, parts in _summary_sums():
        row = ctx.printed_row(table, key)
        present = [p for p in (ctx.printed_row(table, part) for part in parts) if p is not None]
        if row is None or not present or not row.has("amount"):
            continue
        names = "、".join(p.label or p.key for p in present[:3]) + ("等" if len(present) > 3 else "")
        _check_sum(found, "D01", row, "amount", [(p, "amount") for p in present], f"{names}之和", "子项之和")
    for table in ("summary", "fiscal"):
        rows = [r for r in ctx.printed.table_rows(table) if r.key.startswith("spending:") and r.key[9:].isdigit()]
        subtotal = ctx.printed_row(table, "spending:subtotal" if table == "summary" else "spending:current")
        if subtotal is not None and rows:
            _check_sum(found, "D01", subtotal, "amount", [(r, "amount") for r in rows], "各类支出之和", "各类支出之和")


def check_row_sums(ctx: DepartmentContext, found: list[_Mismatch]) -> None:
    """D02/D03/D11: within a printed row, 合计 = 基本 + 项目 + …, 基本 = 人员 + 公用."""
    assert ctx.printed is not None
    for row in ctx.printed.rows:
        for rule, column, parts in _ROW_SUMS.get(row.table, ()):
            present = [p for p in parts if row.has(p)]
            if not row.has(column) or not present:
                continue
            filled = [p for p in present if row.cell(p) is not None] or present
            names = "+".join(COLUMN_NAMES[p] for p in filled)
            _check_sum(found, rule, row, column, [(row, p) for p in present], f"{names}之和", f"{names}之和")


def check_balance(ctx: DepartmentContext) -> None:
    """D04 on the printed summaries: 收入总计 = 支出总计."""
    for table in ("summary", "fiscal"):
        income = ctx.printed_row(table, "income:total")
        spending = ctx.printed_row(table, "spending:total")
        if income is None or spending is None or same(income.cell("amount"), spending.cell("amount")):
            continue
        ctx.add(
            "D04",
            Location(table=table, row="spending:total", column="amount"),
            f"收入总计印为 {amount_text(income.cell('amount'))}，支出总计印为 {amount_text(spending.cell('amount'))}，"
            "二者应相等；请核对两边的小计与结转",
        )


def check_same_figures(ctx: DepartmentContext) -> None:
    """D05/D11: one figure printed in two tables is the same in both; a printed leaf agrees with the entered one."""
    for (table_a, key_a, column_a), (table_b, key_b, column_b) in _SAME_FIGURE:
        a = ctx.printed_row(table_a, key_a)
        b = ctx.printed_row(table_b, key_b)
        if a is None or b is None or not a.has(column_a) or not b.has(column_b):
            continue
        first, second = a.cell(column_a), b.cell(column_b)
        if same(first, second):
            continue
        difference = (first or Decimal(0)) - (second or Decimal(0))
        rule = ctx.sum_rule("D05", difference)
        where_b = f"{TABLE_NAMES[table_b]}的{ctx.row_text(table_b, key_b)}{COLUMN_NAMES.get(column_b, '')}"
        ctx.add(
            rule,
            Location(table=table_a, row=key_a, column=column_a),
            f"印为 {amount_text(first)}，而{where_b}为 {amount_text(second)}；同一数字在两表中应相同",
        )
    for row, column, expected in _leaf_mismatches(ctx):
        difference = (row.cell(column) or Decimal(0)) - expected
        ctx.add(
            ctx.sum_rule("D05", difference),
            Location(table=row.table, row=row.key, column=column),
            f"印为 {amount_text(row.cell(column))}，而其他表中同一科目的{COLUMN_NAMES[column]}为 "
            f"{amount_text(expected)}；同一数字在各表中应相同",
            set_printed_cell(row.table, row.key, column, row.cell(column), expected),
        )


def _leaf_mismatches(ctx: DepartmentContext) -> list[tuple[PrintedRow, str, Decimal]]:
    """Printed leaf cells that differ from the entered figure: (row, column, entered amount)."""
    assert ctx.printed is not None
    out: list[tuple[PrintedRow, str, Decimal]] = []
    for row in ctx.printed.rows:
        computed = ctx.tables.get(row.table)
        if row.table not in _ENTERED or computed is None or computed.row(row.key) is None:
            continue
        computed_row = computed.row(row.key)
        assert computed_row is not None
        if computed_row.role.value != "leaf":
            continue
        for column in _ENTERED[row.table]:
            if not row.has(column) or same(row.cell(column), computed.amount(row.key, column)):
                continue
            out.append((row, column, computed.amount(row.key, column) or Decimal(0)))
    return out


def check_nesting(ctx: DepartmentContext) -> None:
    """D08: in each printed tree, a 款 code starts with the 类 above it and a 项 code with the 款 above it."""
    assert ctx.printed is not None
    for table in sorted(TREES):
        parents: dict[int, str] = {}
        for row in ctx.printed.table_rows(table):
            code = row.key
            if not code.isdigit():
                continue
            if len(code) not in (3, 5, 7):
                ctx.add("D08", Location(table=table, row=code), f"科目编码 {code} 应为 3、5 或 7 位数字")
                continue
            parent = parents.get(len(code) - 2)
            if len(code) > 3 and parent is not None and not code.startswith(parent):
                ctx.add(
                    "D08",
                    Location(table=table, row=code),
                    f"科目编码 {code} 列在 {ctx.row_text(table, parent)} 之下，但不以 {parent} 开头；"
                    "请核对编码或它所在的位置",
                )
            parents[len(code)] = code
            for deeper in [level for level in parents if level > len(code)]:
                del parents[deeper]


def check_printed_tables(ctx: DepartmentContext) -> None:
    """Every check of the printed tables (nothing for a typed department)."""
    if ctx.printed is None:
        return
    found: list[_Mismatch] = []
    check_tree_sums(ctx, found)
    check_summary_sums(ctx, found)
    check_row_sums(ctx, found)
    _report_all(ctx, found)
    check_balance(ctx)
    check_same_figures(ctx)
    check_nesting(ctx)
