"""Checks on single 指标值 (target values): W02, W03, W04, W05, W06, W08, W09.

Each value is parsed once per validation (Context.parsed) with values.parse_value; nothing here parses text itself
beyond the name lists below.

W05 name lists (decided here, see the module constants):
- A percentage is a bounded rate (never above 100%) unless the 三级 name or the text before the number says it is
  a growth or comparison figure (`_UNBOUNDED`: 增长, 增幅, 同比, 比上年, 倍, 提升率, 收益率 …), where 120% is fine.
  On a bounded rate, a target above 100%, `>100%` and `≥100%` are reported; `≥100%` gets the fix "=100%".
- `≤100%` (or ≤ anything from 100 up) is reported only on names of rates where more is better (`_AT_LEAST_RATE`:
  覆盖率, 到位率, 发放率, 完成率, 合格率, 达标率, 准确率, 知晓率, 参保率, 及时率, 兑现率, 落实率, 办结率, 结算率,
  拨付率, 出勤率, 受益率, 普及率, 合规率, 满意度/满意率 …): there "at most 100%" says nothing. Names such as
  预算执行率 or 成本控制率 are left alone, because "≤100%" there means "do not overspend" and is a real target.
"""

from __future__ import annotations

import re

from desktop.domain.checks_base import Context, blank, indicator_label, parsed, replace_cell_fix, wan
from desktop.domain.findings import Location
from desktop.domain.model import Indicator
from desktop.domain.values import Comparator, ParsedValue, ValueKind, money_in_wan, normalize_value

_UNBOUNDED = re.compile(
    r"增长|增幅|增速|增加率|提高率|提升率|上升率|涨幅|同比|环比|[比较](?:上|去)年|上年同期|倍|回报率|收益率|利润率|超额"
)
_AT_LEAST_RATE = re.compile(
    r"(?:覆盖|到位|发放|完成|合格|达标|准确|正确|知晓|参保|及时|兑现|落实|办结|结算|拨付|出勤|受益|普及|合规|满意"
    r"|运转|响应|处理|处置|解决|整改|验收|上线|在线|享受|救助)率|覆盖面|满意度"
)
_GE_100 = re.compile(r"[≥>]\s*100(?:\.0+)?\s*[%％]")
_SPACE = re.compile(r"\s+")
_TRAILING_PUNCT = re.compile(r"[。．.，,；;、！!]+$")
_SATISFACTION_FLOOR = 80


def _is_cost(ind: Indicator) -> bool:
    return "成本" in (ind.level1 or "") or "成本" in (ind.level2 or "")


def _is_satisfaction(ind: Indicator) -> bool:
    return ind.level1 == "满意度指标" or "满意度" in (ind.level2 or "")


def _same_text(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        return _TRAILING_PUNCT.sub("", _SPACE.sub("", text))

    return norm(a) == norm(b)


def check_values(ctx: Context) -> None:
    """Run every single-value rule on every filled 指标值 of the project."""
    for i, ind in enumerate(ctx.project.indicators):
        value = ctx.parsed[i]
        if value is not None:
            text = (ind.value or "").strip()
            _cost(ctx, i, ind, value, text)
            _quantity(ctx, i, ind, value, text)
            _satisfaction(ctx, i, ind, value, text)
            _rate(ctx, i, ind, value, text)
            _repeats_name(ctx, i, ind, text)
            _budget_year(ctx, i, ind, value, text)
        _stray(ctx, i, ind)


def _cost(ctx: Context, i: int, ind: Indicator, value: ParsedValue, text: str) -> None:
    """W02: a money cost above the annual total (per-person or per-day rates have no money_in_wan)."""
    total = ctx.project.funds.total
    if not _is_cost(ind) or total is None or not total.is_finite():
        return
    amount = money_in_wan(value)
    if amount is None or amount <= total:
        return
    converted = "" if value.unit in ("万元", "万") else f"（合 {wan(amount)} 万元）"
    total_label = ctx.field_text("funds.total").split(" › ")[-1]
    ctx.add(
        "W02",
        Location(indicator=i, column="value"),
        f"成本指标{indicator_label(ind)}的指标值 {text}{converted}超过项目{total_label} {wan(total)} 万元："
        "请核对金额单位或数值。",
        value=text,
    )


def _quantity(ctx: Context, i: int, ind: Indicator, value: ParsedValue, text: str) -> None:
    """W03: a 数量指标 whose value has no number at all."""
    if ind.level2 != "数量指标" or value.kind is not ValueKind.QUALITATIVE:
        return
    ctx.add(
        "W03",
        Location(indicator=i, column="value"),
        f"数量指标{indicator_label(ind)}的指标值“{text}”没有数值：请写成可考核的数量，如“≥5000 人”。",
        value=text,
    )


def _satisfaction(ctx: Context, i: int, ind: Indicator, value: ParsedValue, text: str) -> None:
    """W04: a satisfaction value that is not a percentage, or a floor below 80%."""
    if not _is_satisfaction(ind) or "投诉" in (ind.name or ""):
        return  # complaint counts sit under 满意度 in some frames and are rightly not percentages
    where = Location(indicator=i, column="value")
    if not value.is_percent:
        ctx.add(
            "W04",
            where,
            f"满意度指标{indicator_label(ind)}的指标值“{text}”不是百分比，无法考核：请写成如“≥90%”。",
            value=text,
        )
    elif (
        value.number is not None
        and value.number < _SATISFACTION_FLOOR
        and (value.comparator is None or value.comparator.positive)
    ):
        ctx.add(
            "W04",
            where,
            f"满意度指标{indicator_label(ind)}的目标“{text}”低于 80%：请核对是否笔误，满意度目标通常不低于 80%。",
            value=text,
        )


def _rate(ctx: Context, i: int, ind: Indicator, value: ParsedValue, text: str) -> None:
    """W05: a rate above 100%, `≥100%` (really =100%), or `≤100%` on a rate where more is better."""
    if not value.is_percent or value.number is None:
        return
    name = ind.name or ""
    if _UNBOUNDED.search(name) or _UNBOUNDED.search(value.prefix):
        return
    number, comparator = value.number, value.comparator or Comparator.EQ
    where = Location(indicator=i, column="value")
    label = indicator_label(ind)
    if comparator.positive and (number > 100 or (number == 100 and comparator is Comparator.GT)):
        ctx.add(
            "W05",
            where,
            f"指标{label}的目标“{text}”超过 100%：比率最高为 100%，请核对数值（如全部完成请写“=100%”）。",
            value=text,
        )
    elif comparator is Comparator.GE and number == 100:
        normal = normalize_value(text)
        fixed = _GE_100.sub("=100%", normal, count=1)
        fix = replace_cell_fix("改为“=100%”", i, "value", ind.value, fixed) if fixed != normal else None
        ctx.add(
            "W05",
            where,
            f"指标{label}的目标“{text}”：比率不会超过 100%，“不低于 100%”实际就是“=100%”，建议改为“{fixed}”。",
            value=text,
            fix=fix,
        )
    elif comparator is Comparator.LE and number >= 100 and _AT_LEAST_RATE.search(name):
        ctx.add(
            "W05",
            where,
            f"指标{label}的目标“{text}”没有约束作用（比率本来就不超过 100%）：此类指标应写下限，如“≥95%”或“=100%”。",
            value=text,
        )


def _repeats_name(ctx: Context, i: int, ind: Indicator, text: str) -> None:
    """W06: the value is the 三级 name again (指标与指标值不匹配)."""
    if blank(ind.name) or not _same_text(text, ind.name or ""):
        return
    ctx.add(
        "W06",
        Location(indicator=i, column="value"),
        f"三级指标{indicator_label(ind)}的指标值照抄了指标名称：请写出要达到的目标，如“明显提升”或具体数值。",
        value=text,
    )


def _budget_year(ctx: Context, i: int, ind: Indicator, value: ParsedValue, text: str) -> None:
    """W08: a date in a 时效 value whose year is not the budget year."""
    if ind.level2 != "时效指标":
        return
    year = ctx.project.year
    wrong = sorted({d.year for d in value.dates if d.year is not None and d.year != year})
    if not wrong:
        return
    years = "、".join(str(y) for y in wrong)
    fix = None
    if len(wrong) == 1:
        fixed = re.sub(rf"(?<![0-9]){wrong[0]}(?![0-9])", str(year), ind.value or "")
        if fixed != ind.value:
            fix = replace_cell_fix(f"将年份 {wrong[0]} 改为 {year}", i, "value", ind.value, fixed)
    ctx.add(
        "W08",
        Location(indicator=i, column="value"),
        f"时效指标{indicator_label(ind)}的指标值“{text}”中的年份 {years} 不是预算年度 {year} 年：请核对年份"
        "（照抄上年表格时容易漏改）。",
        value=text,
        fix=fix,
    )


def _stray(ctx: Context, i: int, ind: Indicator) -> None:
    """W09: stray characters glued to the front of a value, or a damaged comparator, in either value column."""
    for column in ("value", "midterm_value"):
        original = getattr(ind, column)
        if blank(original):
            continue
        text = original.strip()
        value = parsed(text)
        if not value.stray_prefix and not value.damaged:
            continue
        fixed = text
        problems = []
        if value.stray_prefix and fixed.startswith(value.stray_prefix):
            fixed = fixed[len(value.stray_prefix) :].strip()
            problems.append(f"开头多了“{value.stray_prefix}”")
        if value.damaged:
            fixed = normalize_value(fixed)
            problems.append("比较符号不规范")
        if fixed == text:
            continue
        label = ctx.column_label(column)
        ctx.add(
            "W09",
            Location(indicator=i, column=column),
            f"{label}“{text}”{'，'.join(problems)}：应写作“{fixed}”。",
            value=text,
            fix=replace_cell_fix(f"改为“{fixed}”", i, column, original, fixed),
        )
