"""D-rules on the rest of an imported document: the contents list (D15), the 说明's numbers (D16–D18), the names of
projects and units (D12), the 项目支出表 and 公开清单 against the forms (D06, D07, W10), the goals (D21).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from difflib import SequenceMatcher

from desktop.domain.department.budget import total
from desktop.domain.department.context import (
    TABLE_NAMES,
    DepartmentContext,
    amount_text,
    name_key,
    same,
    text_key,
)
from desktop.domain.department.printed import PrintedFigure
from desktop.domain.findings import Location
from desktop.domain.model import Project

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
_TOTAL_ROW = {"summary": "income:total", "fiscal": "income:total"}
_TOTAL_COLUMN = {"summary": "amount", "fiscal": "amount", "services": "amount", "three_public": "amount"}


def check_contents(ctx: DepartmentContext) -> None:
    """D15: every table the contents list names is in the document."""
    assert ctx.printed is not None
    for table in ctx.printed.contents:
        if table not in ctx.printed.tables:
            ctx.add(
                "D15",
                Location(table="contents", row=table),
                f"目录列出了“{TABLE_NAMES.get(table, table)}”，但文件中没有这张表；"
                "请补上该表（无数据时也要公开空表并注明），或从目录中删去",
            )


# ---------------------------------------------------------------------------------------------------- 说明 figures


def _prior_total(ctx: DepartmentContext, section: str) -> Decimal | None:
    budget = ctx.department.budget
    prior = budget.prior if budget is not None else None
    if prior is None:
        return None
    if section == "operating_costs":
        return prior.facts.operating_costs if prior.facts is not None else None
    table = section.removeprefix("table:")
    if table in ("summary", "income", "spending", "fiscal"):
        return total(r.amount for r in prior.spending) or total(r.amount for r in prior.income)
    if table == "general":
        return total(r.amount for r in prior.spending if r.source.value == "general")
    if table == "basic":
        return total(r.amount for r in prior.basic)
    if table == "projects":
        return total(r.project for r in prior.spending)
    return None


def _prior_function(ctx: DepartmentContext, code: str) -> Decimal | None:
    budget = ctx.department.budget
    if budget is None or budget.prior is None:
        return None
    return total(r.amount for r in budget.prior.spending if r.function.startswith(code)) or Decimal(0)


def _printed_or_computed(ctx: DepartmentContext, table: str, key: str, column: str) -> Decimal | None:
    """A table figure as the document printed it (the 说明 must agree with its table), else as computed."""
    printed = ctx.printed_row(table, key)
    if printed is not None and printed.has(column):
        return printed.cell(column) or Decimal(0)
    computed = ctx.tables.get(table)
    return computed.amount(key, column) if computed is not None else None


def _table_total(ctx: DepartmentContext, table: str, column: str | None = None) -> Decimal | None:
    return _printed_or_computed(ctx, table, _TOTAL_ROW.get(table, "total"), column or _TOTAL_COLUMN.get(table, "total"))


def _current(ctx: DepartmentContext, figure: PrintedFigure) -> tuple[Decimal | None, Decimal | None]:
    """The figure's current amount (as its table prints it) and last year's, as far as they are known."""
    section = figure.section
    name = figure.figure
    if name.startswith("function:"):
        code = name.split(":")[1]
        return _printed_or_computed(ctx, "general", code, "total") or Decimal(0), _prior_function(ctx, code)
    if section == "operating_costs":
        facts = ctx.department.budget.facts if ctx.department.budget is not None else None
        return (facts.operating_costs if facts is not None else None), _prior_total(ctx, section)
    if section == "procurement":
        return _table_total(ctx, "procurement"), None
    if section.startswith("table:"):
        return _table_total(ctx, section[6:]), _prior_total(ctx, section)
    return None, None


def _expected(ctx: DepartmentContext, figure: PrintedFigure) -> Decimal | None:
    """What the 说明 should say for `figure`, computed from the tables and last year's figures; None if unknown."""
    name = figure.figure
    kind = name.rsplit(":", 1)[-1] if name.startswith("function:") and name.count(":") == 2 else name
    current, prior = _current(ctx, figure)
    if kind in ("amount",) or (name.startswith("function:") and name.count(":") == 1):
        return current
    if kind == "change":
        return None if current is None or prior is None else current - prior
    if kind == "percent":
        if current is None or prior is None or prior == 0:
            return None
        return ((current - prior) / prior * _HUNDRED).quantize(_CENT, ROUND_HALF_UP)
    if figure.section == "procurement" and kind in ("goods", "works", "services"):
        category = {"goods": "货物", "works": "工程", "services": "服务"}[kind]
        procurement = ctx.department.budget.procurement if ctx.department.budget is not None else ()
        return total(r.amount for r in procurement if r.category == category) or Decimal(0)
    table = figure.section.removeprefix("table:")
    if kind.startswith("share:"):
        whole = _table_total(ctx, table)
        part = _table_total(ctx, table, kind[6:])
        if not whole:
            return None
        return ((part or Decimal(0)) / whole * _HUNDRED).quantize(_CENT, ROUND_HALF_UP)
    if kind in ("basic", "project", "personnel", "public", "business", "to_superior", "to_subordinate"):
        return _table_total(ctx, "spending" if table in ("summary", "income") else table, kind)
    return None


def _is_zero_base(ctx: DepartmentContext, figure: PrintedFigure) -> bool:
    current, prior = _current(ctx, figure)
    if prior is not None:
        return prior == 0
    change_name = figure.figure.removesuffix("percent") + "change"
    figures = ctx.printed.figures if ctx.printed is not None else ()
    change = next((f for f in figures if f.section == figure.section and f.figure == change_name), None)
    return change is not None and current is not None and change.amount == current


_CLAUSE = re.compile(r"[^，,；;。：:]+")


def quote(text: str, amount: Decimal | None, before: int = 0) -> str:
    """The clause of a 说明 sentence that holds `amount` ("比2023年预算增加1653.67万元"), with `before` clauses ahead
    of it, or the sentence when no clause does; a clerk finds a short quote faster than a paragraph."""
    if amount is not None:
        numbers = {amount_text(abs(amount))}
        clauses = [c.strip() for c in _CLAUSE.findall(text)]
        for position, clause in enumerate(clauses):
            found = re.findall(r"[0-9]+(?:\.[0-9]+)?", clause)
            if any(amount_text(Decimal(n)) in numbers for n in found):
                return "，".join(clauses[max(0, position - before) : position + 1])
    return text.strip()


def check_figures(ctx: DepartmentContext) -> None:
    """D16/D18: each number of the 说明 against the tables; "增长100%" from a zero base.

    A growth rate is not reported again when the change it is computed from was already reported in the same
    sentence group: it only follows from that number.
    """
    assert ctx.printed is not None
    wrong_changes: set[tuple[str, str]] = set()
    for figure in ctx.printed.figures:
        if figure.section == "performance":
            continue
        where = Location(table="explanations", row=figure.section, column=figure.figure)
        if figure.figure.endswith("percent") and figure.amount == _HUNDRED and _is_zero_base(ctx, figure):
            said = quote(figure.text, figure.amount, before=1)
            ctx.add("D18", where, f"“{said}”：上年预算为零，不应写“增长100%”，请改为“新增”")
            continue
        expected = _expected(ctx, figure)
        if expected is None or figure.amount is None:
            continue
        tolerance = _CENT if figure.figure.startswith("share:") else Decimal(0)
        if abs(figure.amount - expected) <= tolerance:
            continue
        stem = figure.figure.removesuffix("percent").removesuffix("change")
        if figure.figure.endswith("percent") and (figure.section, stem) in wrong_changes:
            continue
        if figure.figure.endswith("change"):
            wrong_changes.add((figure.section, stem))
        _current_amount, prior = _current(ctx, figure)
        budget = ctx.department.budget
        basis = ""
        if (
            figure.figure in ("change", "percent")
            and figure.section.startswith("table:")
            and prior is not None
            and budget
            and budget.prior
        ):
            basis = f"（按上年各科目预算合计 {amount_text(prior)} 万元计算）"
        ctx.add(
            "D16",
            where,
            f"“{quote(figure.text, figure.amount)}”中的 {amount_text(figure.amount)} 与表中数字不符，"
            f"应为 {amount_text(expected)}{basis}",
        )


def check_performance(ctx: DepartmentContext) -> None:
    """D17: the 绩效目标设置情况's count and amounts against the projects."""
    assert ctx.printed is not None
    for figure in ctx.printed.figures:
        if figure.section != "performance" or figure.amount is None:
            continue
        if figure.figure == "count":
            expected: Decimal | None = Decimal(len(ctx.projects))
        else:
            expected = ctx.tables["projects"].amount("total", figure.figure)
            if expected is None and figure.figure in ctx.tables["projects"].amount_columns:
                expected = Decimal(0)
        if expected is None or same(figure.amount, expected):
            continue
        what = "项目个数" if figure.figure == "count" else "金额"
        ctx.add(
            "D17",
            Location(table="explanations", row="performance", column=figure.figure),
            f"“{figure.text}”中的{what} {amount_text(figure.amount)} 与项目绩效目标表不符，"
            f"应为 {amount_text(expected)}",
        )


# ---------------------------------------------------------------------------------------------------- names


def _match(ctx: DepartmentContext, name: str) -> tuple[Project | None, bool]:
    """The project a printed name refers to, and whether it is spelled exactly as on the form."""
    exact = ctx.project_named(name.strip())
    if exact is not None:
        return exact, True
    return ctx.project_keyed(name_key(name)), False


def _two_ways(ctx: DepartmentContext, table: str, printed: str, project: Project, place: str) -> None:
    ctx.add(
        "D12",
        Location(table=table, row=printed, column="name"),
        f"{place}写作“{printed}”，项目表写作“{project.display_name()}”；同一项目应写法一致",
    )


def check_project_rows(ctx: DepartmentContext) -> None:
    """D06/D07/D12: the printed 项目支出表 against the forms, both ways."""
    assert ctx.printed is not None
    rows = [r for r in ctx.printed.table_rows("projects") if r.key != "total"]
    if not rows:
        return
    matched: set[int] = set()
    for row in rows:
        project, exact = _match(ctx, row.key)
        if project is None:
            ctx.add(
                "D07",
                Location(table="projects", row=row.key, column="name"),
                f"项目支出表中的“{row.key}”没有对应的项目绩效目标表；请补上项目表，或核对项目名称",
            )
            continue
        matched.add(id(project))
        if not exact:
            _two_ways(ctx, "projects", row.key, project, "项目支出表中")
        if row.has("total") and project.funds.total is not None and not same(row.cell("total"), project.funds.total):
            ctx.add(
                "D06",
                Location(table="projects", row=row.key, column="total"),
                f"项目支出表印为 {amount_text(row.cell('total'))}，项目表的年度资金总额为 "
                f"{amount_text(project.funds.total)}；二者应相同",
            )
    for project in ctx.projects:
        if id(project) not in matched:
            ctx.add(
                "D07",
                Location(table="projects", row=project.display_name(), column="name"),
                f"项目“{project.display_name()}”有项目绩效目标表，但项目支出表中没有这一行；请在项目支出表中补上",
            )


def check_names(ctx: DepartmentContext) -> None:
    """W10/D12/D21: the 公开清单, the overview and the procurement rows against the forms."""
    assert ctx.printed is not None
    for printed in ctx.printed.names:
        project, exact = _match(ctx, printed.name)
        place = {"public_list": "公开清单中", "overview": "项目情况说明中", "procurement": "政府采购支出表中"}.get(
            printed.place, ""
        )
        table = printed.place if printed.place in TABLE_NAMES else "explanations"
        if project is None:
            if printed.place == "public_list":
                ctx.add(
                    "W10",
                    Location(table="public_list", row=printed.name, column="name"),
                    f"公开清单中的“{printed.name}”在项目绩效目标表中找不到；请核对项目名称",
                )
            continue
        if not exact:
            _two_ways(ctx, table, printed.name, project, place)
        if printed.place == "public_list" and printed.amount is not None and project.funds.total is not None:
            if not same(printed.amount, project.funds.total):
                ctx.add(
                    "W10",
                    Location(table="public_list", row=printed.name, column="total"),
                    f"公开清单中“{printed.name}”的预算金额为 {amount_text(printed.amount)}，项目表的年度资金总额为 "
                    f"{amount_text(project.funds.total)}；二者应相同",
                )
        if printed.goal is not None and project.annual_goal is not None:
            if text_key(printed.goal) != text_key(project.annual_goal):
                ctx.add(
                    "D21",
                    Location(table="explanations", row=printed.name, column="goal"),
                    f"说明中“{printed.name}”的绩效目标为“{printed.goal}”，项目表的年度目标为“{project.annual_goal}”；"
                    "应为同一段文字",
                )


def _similar(a: str, b: str) -> bool:
    return SequenceMatcher(None, name_key(a), name_key(b)).ratio() >= 0.8


def check_units(ctx: DepartmentContext) -> None:
    """D12: a unit named in the tables or forms one way and in the 部门预算构成 (or elsewhere) another."""
    known = {u.name for u in ctx.department.units} | {ctx.department.name}
    known |= {p.implementing_unit.name for p in ctx.projects if p.implementing_unit.name}
    used: list[tuple[str, str, str]] = []  # (table, row, unit name)
    if ctx.printed is not None:
        used += [(r.table, r.key, r.unit) for r in ctx.printed.rows if r.unit]
        used += [(n.place, n.name, n.unit) for n in ctx.printed.names if n.unit]
    reported: set[str] = set()
    for table, row, unit in used:
        if unit in known or unit in reported:
            continue
        other = next((k for k in sorted(known) if _similar(unit, k)), None)
        if other is None:
            continue
        reported.add(unit)
        ctx.add(
            "D12",
            Location(table=table if table in TABLE_NAMES else "explanations", row=row, column="project_unit"),
            f"单位写作“{unit}”，别处写作“{other}”；同一单位应写法一致",
        )


def check_document(ctx: DepartmentContext) -> None:
    """Every check of the imported document besides its tables' sums (nothing for a typed department)."""
    check_units(ctx)
    if ctx.printed is None:
        return
    check_contents(ctx)
    check_figures(ctx)
    check_performance(ctx)
    check_project_rows(ctx)
    check_names(ctx)
