"""The ranges every number of a form must stay in, wherever it comes from (a field, an import, a stored file).

Amounts are in 万元. At most 12 integer digits is 10¹² 万元 = 10¹⁶ 元, a thousand times China's whole national
budget, so no real amount — not even one mistakenly typed in 元 instead of 万元 (which W01 then points out) — is
refused. At most 6 decimals is exactly 1 分 (0.000001 万元 = 0.01 元): finer digits cannot be money. Within these
bounds every amount has at most 18 significant digits, so sums of thousands of amounts and `quantize(0.01)` stay
well inside Decimal's default precision of 28 digits (beyond it they raise InvalidOperation).

Years are budget years: 2000–2100 is what the form's year box offers; imports refuse anything else (−1, 0, 99999,
2⁶³) and the validator flags it (E13) should a stored file hold it anyway.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MAX_AMOUNT_INTEGER_DIGITS = 12
MAX_AMOUNT_DECIMALS = 6
# Longer text cannot be an amount within the bounds above (digits, separators, sign, point, spaces); refusing it
# before Decimal() keeps a megabyte of digits from being converted at all.
MAX_AMOUNT_TEXT = 64

YEAR_MIN = 2000
YEAR_MAX = 2100


def amount_problem(value: Decimal) -> str | None:
    """Why `value` cannot be an amount of a form (a Chinese phrase), or None when it is within the bounds."""
    if not value.is_finite():
        return "不是数字"
    if value.adjusted() >= MAX_AMOUNT_INTEGER_DIGITS:
        return f"太大：整数部分最多 {MAX_AMOUNT_INTEGER_DIGITS} 位（单位：万元）"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_AMOUNT_DECIMALS:
        return f"小数位太多：最多 {MAX_AMOUNT_DECIMALS} 位小数（0.000001 万元即 1 分）"
    return None


def round_to_bounds(value: Decimal) -> Decimal:
    """`value` rounded half-up to MAX_AMOUNT_DECIMALS when it has more (an amount in 元 divided by 10 000)."""
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_AMOUNT_DECIMALS:
        return value.quantize(Decimal(1).scaleb(-MAX_AMOUNT_DECIMALS), rounding=ROUND_HALF_UP)
    return value


def year_problem(year: object) -> str | None:
    """Why `year` cannot be a budget year (a Chinese phrase), or None when it is an integer in YEAR_MIN–YEAR_MAX."""
    if not isinstance(year, int) or isinstance(year, bool):
        return "应为四位数的年份"
    if not YEAR_MIN <= year <= YEAR_MAX:
        shown = str(year) if abs(year) < 10**12 else f"{str(year)[:12]}…"
        return f"“{shown}”不是有效年度：应为 {YEAR_MIN}–{YEAR_MAX} 之间的年份"
    return None
