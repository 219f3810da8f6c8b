"""Checks on the indicator tree as a whole: presence, completeness per frame, categories, duplicates.

E03, E04, E07, E08, E09, E10 and W07. The frame comes from the layout; without a known layout the frame rules
are skipped (E00 already says why).
"""

from __future__ import annotations

import re
from dataclasses import replace

from desktop.domain.checks_base import Context, blank, indicator_label
from desktop.domain.findings import Fix, Location
from desktop.domain.frames import group_by_frame
from desktop.domain.model import Indicator, Project
from desktop.templates.frames import Level1

_EXAMPLES: dict[str, str] = {
    "数量指标": "如“资助参保人次 ≥70000 人次”",
    "质量指标": "如“资金使用合规率 =100%”",
    "时效指标": "如“资金拨付完成时间 12 月底前”",
    "成本指标": "如“项目总成本 ≤50 万元”",
    "满意度指标": "如“服务对象满意度 ≥90%”",
}
_SPACE = re.compile(r"\s+")


def check_presence(ctx: Context) -> bool:
    """E03 no 三级 at all, E04 rows missing a name or a value. Returns True when E03 was reported."""
    rows = ctx.project.indicators
    if not any(not blank(ind.name) or not blank(ind.value) for ind in rows):
        ctx.add("E03", Location(field="indicators"), "没有任何三级指标：请按指标框架填写产出、效益和满意度指标。")
        return True
    needs_midterm = ctx.layout is not None and "midterm_value" in ctx.layout.column_keys()
    for i, ind in enumerate(rows):
        no_name, no_value = blank(ind.name), blank(ind.value)
        if no_name and no_value:
            ctx.add(
                "E04",
                Location(indicator=i, column="name"),
                f"第 {i + 1} 行三级指标名称和指标值都未填写：请填写或删除该行。",
            )
            continue
        if no_name:
            ctx.add(
                "E04",
                Location(indicator=i, column="name"),
                f"第 {i + 1} 行有指标值“{(ind.value or '').strip()}”但没有三级指标名称：请填写指标名称。",
                value=ind.value,
            )
        if no_value:
            ctx.add(
                "E04",
                Location(indicator=i, column="value"),
                f"三级指标{indicator_label(ind)}没有{ctx.column_label('value')}：请填写可考核的目标值，"
                "如“≥95%”“12 月底前”或“明显提升”。",
            )
        if needs_midterm and not no_name and blank(ind.midterm_value):
            ctx.add(
                "E04",
                Location(indicator=i, column="midterm_value"),
                f"三级指标{indicator_label(ind)}没有{ctx.column_label('midterm_value')}：请填写整个项目期要达到的目标值。",
            )
    return False


def check_frame_completeness(ctx: Context) -> None:
    """E07 产出 (and 成本), E08 效益, E09 满意度: the categories of the frame that need at least one 三级."""
    if ctx.frame is None:
        return
    # A row with only a value still shows the clerk filled the category; E04 asks for its name.
    # Which rule asks for rows under a 一级, and whether of every 二级, is the frame's data (frames/*.toml).
    named = [ind for ind in ctx.project.indicators if not blank(ind.name) or not blank(ind.value)]
    for grouped in group_by_frame(ctx.frame, named, with_empty=True):
        level1 = ctx.frame.level1(grouped.level1) if grouped.in_frame else None
        if level1 is None or level1.rule is None:
            continue
        if level1.each_level2:
            for group in grouped.groups:
                if group.in_frame and not group.rows:
                    example = _EXAMPLES.get(group.level2, "")
                    ctx.add(
                        level1.rule,
                        Location(field="indicators"),
                        f"{level1.name}下缺少{group.level2}：请至少填写一条{group.level2}（{example}）。"
                        if example
                        else f"{level1.name}下缺少{group.level2}：请至少填写一条。",
                    )
        elif not any(group.rows for group in grouped.groups):
            ctx.add(level1.rule, Location(field="indicators"), _missing_level1_message(level1))


def _missing_level1_message(level1: Level1) -> str:
    choices = "、".join(l2.name for l2 in level1.level2s)
    example = _EXAMPLES.get(level1.name)
    tail = f"（{example}）" if example else ""
    if len(level1.level2s) == 1:
        return f"没有{level1.name}：请至少填写一条{tail}。"
    return f"{level1.name}下没有任何三级指标：请在{choices}中至少填写一条{tail}。"


def check_categories(ctx: Context) -> None:
    """E10: a 一级 outside the frame, or a 二级 that does not belong to its 一级 (一级/二级指标类型错误)."""
    frame = ctx.frame
    if frame is None:
        return
    outside = [
        row
        for grouped in group_by_frame(frame, ctx.project.indicators, with_empty=False)
        for group in grouped.groups
        if not group.in_frame
        for row in group.rows
    ]
    for i, ind in outside:
        level1 = frame.level1(ind.level1)
        home = frame.level1_of(ind.level2)
        fix = _move_fix(i, ind, home.name) if home is not None and home.name != ind.level1 else None
        frame_name = frame.name.split("（")[0]
        where = f"，在{frame_name}中它属于一级指标“{home.name}”" if fix is not None and home else ""
        if level1 is None:
            names = "、".join(l1.name for l1 in frame.level1s)
            home_text = f"；二级指标“{ind.level2}”在{frame_name}中属于“{home.name}”" if fix and home else ""
            message = (
                f"一级指标“{ind.level1 or ''}”不在本版式的指标框架中（应为 {names} 之一）{home_text}：请改正一级指标。"
            )
            ctx.add("E10", Location(indicator=i, column="level1"), message, value=ind.level1, fix=fix)
        elif blank(ind.level2):
            choices = "、".join(l2.name for l2 in level1.level2s)
            ctx.add(
                "E10",
                Location(indicator=i, column="level2"),
                f"未填写二级指标：请在 {choices} 中选择一个。",
            )
        else:
            ctx.add(
                "E10",
                Location(indicator=i, column="level2"),
                f"二级指标“{ind.level2}”不属于一级指标“{ind.level1}”{where}：请把该指标移到正确的一级指标下，"
                f"或改选 {'、'.join(l2.name for l2 in level1.level2s)} 之一。",
                value=ind.level2,
                fix=fix,
            )


def _move_fix(index: int, original: Indicator, level1: str) -> Fix:
    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        if 0 <= index < len(fixed.indicators) and fixed.indicators[index] == original:
            fixed.indicators[index] = replace(original, level1=level1)
        return fixed

    return Fix(f"移到一级指标“{level1}”下", apply)


def check_duplicates(ctx: Context) -> None:
    """W07: the same 三级 name twice in one project (compared without whitespace)."""
    first: dict[str, int] = {}
    for i, ind in enumerate(ctx.project.indicators):
        if blank(ind.name):
            continue
        key = _SPACE.sub("", ind.name or "")
        if key in first:
            ctx.add(
                "W07",
                Location(indicator=i, column="name"),
                f"三级指标{indicator_label(ind)}与第 {first[key] + 1} 行重复："
                "同一项目的三级指标应各不相同，请合并或改名。",
                value=ind.name,
            )
        else:
            first[key] = i
