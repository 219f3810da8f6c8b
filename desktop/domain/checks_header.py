"""Checks on the header of a form: name, goals, years, funds, spending plan (E01, E02, E05, E06, E11–E13, W01)."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from desktop.domain.checks_base import Context, blank, wan
from desktop.domain.findings import Fix, Location
from desktop.domain.limits import round_to_bounds, year_problem
from desktop.domain.model import FUNDS_KEYS, Funds, Project

_PLACEHOLDER = re.compile(r"[\s*＊_＿\-－—–/／.。…·、,，]*")
_CENT = Decimal("0.01")
# 100000 万元 = 10 亿元: above this a county project was almost surely typed in 元. Every bundled layout is a
# county (or 市县 mid-term) form, so the threshold applies to all; it is a warning, never blocking.
_YUAN_THRESHOLD = Decimal(100000)
_PARTS = ("fiscal", "carryover", "other")


def check_name_and_goals(ctx: Context) -> None:
    """E01 project name and E02 annual goal (and the mid-term 总体目标 where the layout has one)."""
    project = ctx.project
    if blank(project.name):
        ctx.add("E01", Location(field="name"), "项目名称未填写：请填写与部门预算一致的项目名称。")
    goals = [("annual_goal", project.annual_goal, "本年度")]
    if ctx.layout is not None and ctx.layout.has_midterm:
        goals.append(("midterm.goal", project.midterm.goal if project.midterm else None, "整个项目期"))
    for key, goal, period in goals:
        label = ctx.field_text(key)
        if blank(goal):
            ctx.add("E02", Location(field=key), f"{label}未填写：请写明{period}要完成的任务和达到的效果。")
        elif _PLACEHOLDER.fullmatch(goal or ""):
            ctx.add(
                "E02",
                Location(field=key),
                f"{label}只有占位符“{(goal or '').strip()}”：请写明{period}要完成的任务和达到的效果。",
                value=goal,
            )


def _blocks(ctx: Context) -> list[tuple[str, Funds, frozenset[str]]]:
    """The funds blocks to check: (key prefix, amounts, the amount keys the layout prints)."""
    layout = ctx.layout
    every = frozenset(FUNDS_KEYS)
    blocks = [("funds.", ctx.project.funds, frozenset(r.key for r in layout.funds.rows) if layout else every)]
    midterm = ctx.project.midterm
    if midterm is not None and (layout is None or layout.midterm_funds is not None):
        keys = frozenset(r.key for r in layout.midterm_funds.rows) if layout and layout.midterm_funds else every
        blocks.append(("midterm.funds.", midterm.funds, keys))
    return blocks


def _with_funds(project: Project, prefix: str, funds: Funds) -> Project:
    if prefix == "funds.":
        project.funds = funds
    elif project.midterm is not None:
        project.midterm = replace(project.midterm, funds=funds)
    return project


def _get_funds(project: Project, prefix: str) -> Funds | None:
    if prefix == "funds.":
        return project.funds
    return project.midterm.funds if project.midterm is not None else None


def _sum_fix(prefix: str, keys: frozenset[str], total_label: str, expected: Decimal) -> Fix:
    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        funds = _get_funds(fixed, prefix)
        if funds is None:
            return fixed
        parts = [getattr(funds, k) for k in _PARTS if k in keys and getattr(funds, k) is not None]
        if not parts:
            return fixed
        return _with_funds(fixed, prefix, replace(funds, total=sum(parts, Decimal(0))))

    return Fix(f"将{total_label}改为各项之和 {wan(expected)}", apply)


def _divide_fix(prefix: str, block_label: str) -> Fix:
    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        funds = _get_funds(fixed, prefix)
        if funds is None:
            return fixed
        divided = {
            k: round_to_bounds(getattr(funds, k) / Decimal(10000)) for k in FUNDS_KEYS if getattr(funds, k) is not None
        }
        return _with_funds(fixed, prefix, replace(funds, **divided))

    return Fix(f"将{block_label}各项金额除以 10000（元 → 万元）", apply)


def check_funds(ctx: Context) -> None:
    """E06 negative amounts, E05 parts that do not add up, W01 amounts typed in 元, E12 annual above mid-term."""
    for prefix, funds, keys in _blocks(ctx):
        bad = False
        for key in FUNDS_KEYS:
            amount = getattr(funds, key)
            if amount is None:
                continue
            if not amount.is_finite():
                ctx.add(
                    "E06",
                    Location(field=prefix + key),
                    f"{_label(ctx, prefix, key)}不是数字：请填写金额（单位：万元）。",
                )
                bad = True
            elif amount < 0:
                ctx.add(
                    "E06",
                    Location(field=prefix + key),
                    f"{_label(ctx, prefix, key)}为负数（{wan(amount)}）：金额不能为负，"
                    "请填写正确的数值（单位：万元）。",
                    value=format(amount, "f"),
                )
                bad = True
        if bad:
            continue  # a sum or a magnitude test on a broken amount would only repeat the same problem
        _check_sum(ctx, prefix, funds, keys)
        _check_magnitude(ctx, prefix, funds)
    _check_midterm_cover(ctx)


def _label(ctx: Context, prefix: str, key: str) -> str:
    return ctx.field_text(prefix + key).split(" › ")[-1]


def _check_sum(ctx: Context, prefix: str, funds: Funds, keys: frozenset[str]) -> None:
    parts = [(k, getattr(funds, k)) for k in _PARTS if k in keys and getattr(funds, k) is not None]
    if funds.total is None or not parts:
        return
    total_sum = sum((amount for _, amount in parts), Decimal(0))
    if funds.total.quantize(_CENT, ROUND_HALF_UP) == total_sum.quantize(_CENT, ROUND_HALF_UP):
        return
    total_label = _label(ctx, prefix, "total")
    terms = " + ".join(f"{_label(ctx, prefix, k)} {wan(a)}" for k, a in parts)
    ctx.add(
        "E05",
        Location(field=prefix + "total"),
        f"{total_label} {wan(funds.total)} 万元不等于各项之和 {wan(total_sum)} 万元（{terms}）："
        f"请核对各项金额，或将{total_label}改为 {wan(total_sum)}。",
        value=format(funds.total, "f"),
        fix=_sum_fix(prefix, keys, total_label, total_sum),
    )


def _check_magnitude(ctx: Context, prefix: str, funds: Funds) -> None:
    large = [
        (k, getattr(funds, k))
        for k in FUNDS_KEYS
        if getattr(funds, k) is not None and getattr(funds, k) > _YUAN_THRESHOLD
    ]
    if not large:
        return
    key, amount = large[0]
    block_label = ctx.field_text(prefix + key).split(" › ")[0]
    ctx.add(
        "W01",
        Location(field=prefix + key),
        f"{_label(ctx, prefix, key)} {wan(amount)} 万元（合 {wan(amount / 10000)} 亿元）对县级项目过大，"
        f"疑似按“元”填写：如填的是元，请除以 10000 换算为万元（{wan(amount)} 元 = {wan(amount / 10000)} 万元）。",
        value=format(amount, "f"),
        fix=_divide_fix(prefix, block_label),
    )


def _check_midterm_cover(ctx: Context) -> None:
    midterm = ctx.project.midterm
    if midterm is None or (ctx.layout is not None and ctx.layout.midterm_funds is None):
        return
    annual, whole = ctx.project.funds, midterm.funds
    if whole.total is None:
        return
    for key in FUNDS_KEYS:
        part, cover = getattr(annual, key), getattr(whole, key)
        if part is None or cover is None or not (part.is_finite() and cover.is_finite()) or part <= cover:
            continue
        if key == "total":
            annual_label, cover_label = _label(ctx, "funds.", key), _label(ctx, "midterm.funds.", key)
        else:
            annual_label, cover_label = f"年度{_label(ctx, 'funds.', key)}", f"中期{_label(ctx, 'midterm.funds.', key)}"
        ctx.add(
            "E12",
            Location(field="funds." + key),
            f"{annual_label} {wan(part)} 万元大于{cover_label} {wan(cover)} 万元："
            "年度资金是中期资金的一部分，请核对两处金额。",
            value=format(part, "f"),
        )


_YEAR_LABELS = {"year": "预算年度", "midterm.start": "中期起始年", "midterm.end": "中期结束年"}


def _year_fix(key: str, year: int) -> Fix | None:
    """A two-digit year (24) is almost surely 2024; no other implausible year has a certain correction."""
    if not 0 < year < 100:
        return None

    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        if key == "year":
            fixed.year = 2000 + year
        elif fixed.midterm is not None:
            start = 2000 + year if key == "midterm.start" else fixed.midterm.start
            end = 2000 + year if key == "midterm.end" else fixed.midterm.end
            fixed.midterm = replace(fixed.midterm, start=start, end=end)
        return fixed

    return Fix(f"改为 {2000 + year} 年", apply)


def check_years(ctx: Context) -> None:
    """E13 a budget year or mid-term start/end outside 2000–2100, or a mid-term period that ends before it starts."""
    project = ctx.project
    years: list[tuple[str, int | None]] = [("year", project.year)]
    if project.midterm is not None:
        years += [("midterm.start", project.midterm.start), ("midterm.end", project.midterm.end)]
    for key, year in years:
        if year is None:
            continue
        problem = year_problem(year)
        if problem is not None:
            label = _YEAR_LABELS[key]
            fix = _year_fix(key, year) if isinstance(year, int) else None
            ctx.add("E13", Location(field=key), f"{label}{problem}。", value=str(year), fix=fix)
    midterm = project.midterm
    start, end = (midterm.start, midterm.end) if midterm else (None, None)
    if start is not None and end is not None and year_problem(start) is year_problem(end) is None and start > end:
        ctx.add(
            "E13",
            Location(field="midterm.start"),
            f"中期起始年 {start} 晚于结束年 {end}：请核对项目期。",
            value=str(start),
        )


def check_spending_plan(ctx: Context) -> None:
    """E06 negative percents and E11 a plan that is not cumulative, leaves 0–100 or does not end at 100%.

    Percents out of 0–100 are errors even when the layout prints no plan (an import may still bring one).
    """
    plan_printed = ctx.layout is not None and bool(ctx.layout.spending_months)
    if not plan_printed and not ctx.project.spending_plan:
        return
    where = Location(field="spending_plan")
    label = ctx.field_text("spending_plan") if plan_printed else "资金支出计划"
    steps = sorted(ctx.project.spending_plan or (), key=lambda s: s.month)
    filled = [(s.month, s.percent) for s in steps if s.percent is not None]
    if not plan_printed:
        filled = [(m, p) for m, p in filled if not p.is_finite() or not 0 <= p <= 100]
    if not filled:
        if not plan_printed:
            return
        ctx.add("E11", where, f"{label}未填写：请按月填写累计支出百分比，12 月底应为 100%。")
        return
    usable: list[tuple[int, Decimal]] = []
    for month, percent in filled:
        if not percent.is_finite() or percent < 0:
            ctx.add("E06", where, f"{label}中 {month} 月底为 {percent}%：百分比不能为负，请填写 0–100 之间的累计比例。")
        elif percent > 100:
            ctx.add(
                "E11", where, f"{label}中 {month} 月底为 {wan(percent)}%，超过 100%：累计支出比例应在 0–100% 之间。"
            )
        else:
            usable.append((month, percent))
    if not plan_printed:
        return  # whether a plan the form does not print is cumulative or complete is nobody's concern
    for (month_a, a), (month_b, b) in zip(usable, usable[1:], strict=False):
        if b < a:
            ctx.add(
                "E11",
                where,
                f"{label}中 {month_b} 月底 {wan(b)}% 小于 {month_a} 月底 {wan(a)}%：计划为累计百分比，应逐月不减。",
            )
    last_month, last = filled[-1]
    if last.is_finite() and last != 100 and 0 <= last <= 100:
        ctx.add(
            "E11",
            where,
            f"{label}最后一栏（{last_month} 月底）为 {wan(last)}%：年底累计应达到 100%，请将 12 月底填为 100%。",
        )
