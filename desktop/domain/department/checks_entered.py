"""D-rules on what the clerk entered: the budget against itself, against the projects, and against the catalogue.

These hold for a typed department as much as for an imported one: income must cover spending, the 基本支出 of the
一般公共预算支出表 must be the 基本支出表's total, the 项目支出表 must match the forms, and so on.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from desktop.domain.department.budget import total
from desktop.domain.department.context import ROUNDING, DepartmentContext, amount_text, same
from desktop.domain.findings import Location

# 经济分类 款 that are 三公经费 (公务接待, 公务用车运行维护, 公务用车购置 ×2, 因公出国（境）).
THREE_PUBLIC_CODES: tuple[str, ...] = ("30217", "30231", "31013", "30913", "30212")
_TENTH = Decimal("0.1")


def check_balance(ctx: DepartmentContext) -> None:
    """D04: 收入总计 (本年收入 + 上年结转) = 支出总计 (本年支出 + 结转下年)."""
    budget = ctx.department.budget
    if budget is None or not (budget.spending or budget.income or budget.carryover):
        return
    summary = ctx.tables["summary"]
    income, spending = summary.amount("income:total", "amount"), summary.amount("spending:total", "amount")
    if same(income, spending):
        return
    difference = (income or Decimal(0)) - (spending or Decimal(0))
    rounding = "（多为预算系统分别四舍五入所致）" if abs(difference) == ROUNDING else ""
    ctx.add(
        ctx.sum_rule("D04", difference),
        Location(table="summary", row="income:total", column="amount"),
        f"收入总计 {amount_text(income)} 万元，支出总计 {amount_text(spending)} 万元，相差 "
        f"{amount_text(abs(difference))} 万元{rounding}；请核对收入、上年结转和各项支出",
    )


def check_cross_tables(ctx: DepartmentContext) -> None:
    """D05: 一般公共预算支出表's 基本支出 (人员, 公用) = the 基本支出表's totals; 项目支出表 = 支出总表's 项目支出."""
    budget = ctx.department.budget
    if budget is None:
        return
    general, basic = ctx.tables["general"], ctx.tables["basic"]
    if budget.basic or general.amount("total", "basic") is not None:
        for general_column, basic_column in (("basic", "total"), ("personnel", "personnel"), ("public", "public")):
            a, b = general.amount("total", general_column), basic.amount("total", basic_column)
            if not same(a, b):
                ctx.add(
                    ctx.sum_rule("D05", (a or Decimal(0)) - (b or Decimal(0))),
                    Location(table="basic", row="total", column=basic_column),
                    f"基本支出表合计的{_label(basic_column)}为 {amount_text(b)}，而一般公共预算支出表合计的"
                    f"{_label(general_column)}为 {amount_text(a)}；两表应相同，请核对经济分类明细或功能分类明细",
                )
    projects = ctx.tables["projects"].amount("total", "total")
    spending = ctx.tables["spending"].amount("total", "project")
    if ctx.projects and budget.spending and not same(projects, spending):
        ctx.add(
            ctx.sum_rule("D05", (projects or Decimal(0)) - (spending or Decimal(0))),
            Location(table="projects", row="total", column="total"),
            f"项目支出表总计 {amount_text(projects)}（各项目资金之和），而支出总表的项目支出合计为 "
            f"{amount_text(spending)}；请核对项目资金或各功能科目的项目支出",
        )


def _label(column: str) -> str:
    return {"total": "合计", "basic": "基本支出", "personnel": "人员经费", "public": "公用经费"}[column]


def check_project_funds(ctx: DepartmentContext) -> None:
    """D06: a project's money by source adds up to its form's 年度资金总额."""
    for project in ctx.projects:
        by_source = project.funds_by_source
        if by_source is None or project.funds.total is None or by_source.total() is None:
            continue
        if same(by_source.total(), project.funds.total):
            continue
        ctx.add(
            "D06",
            Location(table="projects", row=project.display_name(), column="total"),
            f"项目支出表中按资金来源合计 {amount_text(by_source.total())}，而项目表的年度资金总额为 "
            f"{amount_text(project.funds.total)}；请核对该项目的资金来源",
        )


def check_three_public(ctx: DepartmentContext) -> None:
    """D13: a 三公 item budgeted in the 基本支出表 needs the 三公经费 statement."""
    budget = ctx.department.budget
    if budget is None or (budget.facts is not None and budget.facts.three_public is not None):
        return
    for row in budget.basic:
        if row.economic in THREE_PUBLIC_CODES and (row.amount or Decimal(0)) > 0:
            ctx.add(
                "D13",
                Location(table="basic", row=row.economic, column="public"),
                f"列支了{ctx.row_text('basic', row.economic).split(' ', 1)[-1]} {amount_text(row.amount)} 万元，"
                "但没有填写“三公”经费情况；请在其他重要事项中填写因公出国（境）、公务用车购置及运行、公务接待经费",
            )


def check_operating_costs(ctx: DepartmentContext) -> None:
    """D14: 机关运行经费 = the 公用经费 of the 行政运行 项 (to 0.1 万元)."""
    budget = ctx.department.budget
    if budget is None or budget.facts is None or budget.facts.operating_costs is None:
        return
    running = [
        r
        for r in budget.spending
        if r.function.endswith("01") and (ctx.catalogue.function_name(r.function) or r.name or "") == "行政运行"
    ]
    if not running:
        return
    public = total(r.public for r in running) or Decimal(0)
    stated = budget.facts.operating_costs
    if stated.quantize(_TENTH, ROUND_HALF_UP) == public.quantize(_TENTH, ROUND_HALF_UP):
        return
    codes = "、".join(sorted({r.function for r in running}))
    ctx.add(
        "D14",
        Location(table="facts", row="operating_costs"),
        f"机关运行经费填为 {amount_text(stated)} 万元，而行政运行（{codes}）的公用经费为 {amount_text(public)} 万元；"
        "二者按 0.1 万元比较应相同",
    )


def check_catalogue(ctx: DepartmentContext) -> None:
    """D19: every code used (and each of its parents) is in the bundled catalogue; else the typed name is used."""
    budget = ctx.department.budget
    if budget is None:
        return
    title = ctx.catalogue.title
    reported: set[str] = set()
    for row in budget.spending:
        for code in (row.function[:3], row.function[:5], row.function):
            if code in reported or ctx.catalogue.function_name(code) is not None:
                continue
            reported.add(code)
            typed = f"，按填写的名称“{row.name}”使用" if code == row.function and row.name else ""
            ctx.add(
                "D19",
                Location(table="spending", row=code, column=None),
                f"功能分类科目 {code} 不在《{title}》中{typed}；请核对编码",
            )
    for basic in budget.basic:
        for code in (basic.economic[:3], basic.economic):
            if code in reported or ctx.catalogue.economic_name(code) is not None:
                continue
            reported.add(code)
            typed = f"，按填写的名称“{basic.name}”使用" if code == basic.economic and basic.name else ""
            ctx.add(
                "D19", Location(table="basic", row=code), f"经济分类科目 {code} 不在《{title}》中{typed}；请核对编码"
            )


def check_reasons(ctx: DepartmentContext) -> None:
    """D20: each 功能 项 whose amount changed from last year has the clerk's reason."""
    budget = ctx.department.budget
    if budget is None or budget.prior is None:
        return
    general = ctx.tables["general"]
    prior: dict[str, Decimal] = {}
    for entered in budget.prior.spending:
        if entered.source.value == "general" and not entered.carryover:
            prior[entered.function] = prior.get(entered.function, Decimal(0)) + (entered.amount or Decimal(0))
    for row in general.rows:
        if row.code is None or len(row.code) != 7:
            continue
        now = row.amounts[0] or Decimal(0)
        before = prior.get(row.code, Decimal(0))
        reason = budget.reason(f"function:{row.code}")
        if now != before and not (reason and reason.strip()):
            change = "增加" if now > before else "减少"
            ctx.add(
                "D20",
                Location(table="explanations", row=f"function:{row.code}"),  # where the reason is typed
                f"比{budget.prior.year}年预算{change} {amount_text(abs(now - before))} 万元，情况说明需要写明原因；"
                "请填写增减原因",
            )


def check_entered(ctx: DepartmentContext) -> None:
    """Every check of the entered budget."""
    check_balance(ctx)
    check_cross_tables(ctx)
    check_project_funds(ctx)
    check_three_public(ctx)
    check_operating_costs(ctx)
    check_catalogue(ctx)
    check_reasons(ctx)
