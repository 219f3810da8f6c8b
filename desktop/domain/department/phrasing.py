"""The 说明's number phrasing (DEPARTMENT.md §2): amounts, changes from last year and shares, as the seeds write them.

"比2023年预算增加1653.67万元，增长143.56%", "减少…，下降…", "与2023年预算持平", "比2023年预算新增1760万元" (never
"增长100%" from a zero base), "占23.54%" with the shares of one whole summing to exactly 100.00% (largest remainder).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from desktop.domain.checks_base import wan

_CENT = Decimal("0.01")
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def amount(value: Decimal | None) -> str:
    """An amount in 万元 as the 说明 writes it: "2805.56", "5", "0" for a blank."""
    return wan(value) if value is not None else "0"


def one_decimal(value: Decimal | None) -> str:
    """An amount with at least one decimal, as the project overview writes it ("5.0", "1760.0", "29.55")."""
    text = amount(value)
    return text if "." in text else f"{text}.0"


def percent(value: Decimal) -> str:
    """A percentage to 2 decimals, without the sign: "143.56", "32.10", "0.00"."""
    return format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


@dataclass(frozen=True)
class Change:
    """How an amount compares with last year's: the words ("比2023年预算增加58.91万元，增长32.10%") and the
    direction — 增长, 下降, 持平 or 新增 — that a reason's lead repeats ("增长原因主要是")."""

    words: str
    direction: str

    @property
    def needs_reason(self) -> bool:
        """A change (up, down, new) is explained; an unchanged amount is not."""
        return self.direction != "持平"

    @property
    def reason_lead(self) -> str:
        """ "，增长原因主要是" — what precedes the clerk's reason (a plain comma after "持平")."""
        return "，" if self.direction == "持平" else f"，{self.direction}原因主要是"


def change(now: Decimal | None, before: Decimal | None, prior_year: int) -> Change:
    """The comparison of `now` with last year's `before` (a blank is zero)."""
    current = now or _ZERO
    previous = before or _ZERO
    if current == previous:
        return Change(f"与{prior_year}年预算持平", "持平")
    if previous == _ZERO:
        return Change(f"比{prior_year}年预算新增{amount(current)}万元", "新增")
    difference = current - previous
    rate = percent(abs(difference) * _HUNDRED / abs(previous))
    if difference > 0:
        return Change(f"比{prior_year}年预算增加{amount(difference)}万元，增长{rate}%", "增长")
    return Change(f"比{prior_year}年预算减少{amount(-difference)}万元，下降{rate}%", "下降")


def shares(parts: Sequence[Decimal | None]) -> list[Decimal]:
    """Each part's share of their sum in %, to 2 decimals, summing to exactly 100.00 (largest remainder); all zero
    when the sum is zero. Negative parts are not shares of a whole and count as zero."""
    values = [max(p or _ZERO, _ZERO) for p in parts]
    whole = sum(values, _ZERO)
    if whole == _ZERO:
        return [_ZERO.quantize(_CENT) for _ in values]
    exact = [v * 10000 / whole for v in values]  # in hundredths of a percent
    floors = [e.to_integral_value(rounding=ROUND_DOWN) for e in exact]
    missing = int(10000 - sum(floors, _ZERO))
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += 1
    return [(f / _HUNDRED).quantize(_CENT) for f in floors]


def share_text(value: Decimal) -> str:
    """ "占23.54%"."""
    return f"占{percent(value)}%"


def class_short(name: str) -> str:
    """A 功能 类 name as the 项 paragraphs write it: "卫生健康支出" → "卫生健康"."""
    return name[:-2] if name.endswith("支出") and len(name) > 2 else name


_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(number: int) -> str:
    """一 … 九十九: the ordinal of headings ("十二、其他重要事项情况说明") and lists."""
    if number <= 10:
        return _NUMERALS[number - 1]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _NUMERALS[tens - 1]) + "十" + (_NUMERALS[units - 1] if units else "")


def ordinal_list(items: Sequence[str]) -> str:
    """ "一、A。二、B" for several items, "A" for one."""
    if len(items) == 1:
        return items[0]
    return "。".join(f"{chinese_numeral(n)}、{item}" for n, item in enumerate(items, start=1))
