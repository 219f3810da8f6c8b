"""Target values (指标值) as clerks type them: every real form from the seeds, damaged comparators, and fuzzing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.values import (
    Comparator,
    ParsedValue,
    PartialDate,
    ValueKind,
    money_in_wan,
    normalize_value,
    parse_value,
)
from tests.props import examples

Q, L, D = ValueKind.QUANTITATIVE, ValueKind.QUALITATIVE, ValueKind.DATE
GE, GT, EQ, LT, LE = Comparator.GE, Comparator.GT, Comparator.EQ, Comparator.LT, Comparator.LE

# (text, kind, comparator, number, unit)
QUANTITIES: list[tuple[str, ValueKind, Comparator | None, str | None, str]] = [
    (">70000 人", Q, GT, "70000", "人"),
    ("≥150000 人次", Q, GE, "150000", "人次"),
    ("≤18514 万元", Q, LE, "18514", "万元"),
    ("≥95%", Q, GE, "95", "%"),
    ("=100%", Q, EQ, "100", "%"),
    ("134 元/人", Q, None, "134", "元/人"),
    ("≤4.5 万元/人/年", Q, LE, "4.5", "万元/人/年"),
    ("≤350 元/人/天", Q, LE, "350", "元/人/天"),
    ("≥1 次", Q, GE, "1", "次"),
    ("53 人", Q, None, "53", "人"),
    ("12 月底前", D, None, None, ""),
    ("2024 年 12 月 31 日前", D, None, None, ""),
    ("及时在 2024 年 12 前服务维护", D, None, None, ""),
    ("有效提升", L, None, None, ""),
    ("满意", L, None, None, ""),
    ("满意率95%以上、零核实投诉", Q, GE, "95", "%"),
    ("人均年支出<4.63万元。", Q, LT, "4.63", "万元"),
    ("《=2500万", Q, LE, "2500", "万"),
    ("$\\leq 300000$ 元", Q, LE, "300000", "元"),
    ("$\\geq 90\\%$", Q, GE, "90", "%"),
    ("≧95%", Q, GE, "95", "%"),
    ("＞＝95%", Q, GE, "95", "%"),
    ("＜＝95%", Q, LE, "95", "%"),
    ("＜30分钟", Q, LT, "30", "分钟"),
    ("＞30分钟", Q, GT, "30", "分钟"),
    ("＝100%", Q, EQ, "100", "%"),
    ("≥6 人", Q, GE, "6", "人"),
    ("≤29.55 万 元", Q, LE, "29.55", "万元"),
    ("49650000元", Q, None, "49650000", "元"),
    ("≤30分钟", Q, LE, "30", "分钟"),
    ("1辆", Q, None, "1", "辆"),
    ("2024年", D, None, None, ""),
    ("每月 15 日前按时发放工资及缴纳保险", D, None, None, ""),
    ("在2024年12月前完成发放", D, None, None, ""),
    ("1按时完成", L, None, None, ""),
    ("100%", Q, None, "100", "%"),
    ("≥100%", Q, GE, "100", "%"),
    ("所有参保人员", L, None, None, ""),
    ("全部享受", L, None, None, ""),
    ("严格执行相关财经法规、制度", L, None, None, ""),
    ("影响程度较高", L, None, None, ""),
    ("正常运行，保障", L, None, None, ""),
    ("配套相关文件", L, None, None, ""),
    ("", L, None, None, ""),
    ("   ", L, None, None, ""),
    ("\t\n", L, None, None, ""),
    ("≥ 1.5 万元", Q, GE, "1.5", "万元"),
    ("1,907,400 元", Q, None, "1907400", "元"),
    ("10万", Q, None, "10", "万"),
    ("0.5亿元", Q, None, "0.5", "亿元"),
    ("≥-5%", Q, GE, "-5", "%"),
    ("≥95%以上", Q, GE, "95", "%"),
    ("≤5‰", Q, LE, "5", "‰"),
    (">=90%", Q, GE, "90", "%"),
    ("<=3 次", Q, LE, "3", "次"),
    ("≤=5 万元", Q, LE, "5", "万元"),
    ("≥２０ 户", Q, GE, "20", "户"),
    ("≥95％", Q, GE, "95", "%"),
    ("≥3 个月", Q, GE, "3", "个月"),
    ("10 万人次", Q, None, "10", "万人次"),
    ("≥2 人/年", Q, GE, "2", "人/年"),
    ("提高5个百分点", Q, None, "5", "个百分点"),
    ("30分钟内", Q, LE, "30", "分钟"),
    ("15日内", Q, LE, "15", "日"),
    ("第3季度完成率≥95%", Q, GE, "95", "%"),
    ("2024", Q, None, "2024", ""),
    ("严格执行2号文件", L, None, None, ""),
    ("达到预期", L, None, None, ""),
]


@pytest.mark.parametrize(("text", "kind", "comparator", "number", "unit"), QUANTITIES, ids=[q[0] for q in QUANTITIES])
def test_parse_real_forms(
    text: str, kind: ValueKind, comparator: Comparator | None, number: str | None, unit: str
) -> None:
    value = parse_value(text)
    assert value.text == text
    assert value.kind is kind
    assert value.comparator is comparator
    assert value.number == (None if number is None else Decimal(number))
    assert value.unit == unit


CHINESE_WORDS = [
    ("不低于95%", GE),
    ("不少于3 次", GE),
    ("不小于3 次", GE),
    ("大于等于95%", GE),
    ("至少2 人", GE),
    ("达到90%", GE),
    ("不高于5%", LE),
    ("不超过30 万元", LE),
    ("不多于3 次", LE),
    ("不大于3 次", LE),
    ("小于等于3 次", LE),
    ("最多3 次", LE),
    ("控制在30 万元以内", LE),
    ("大于95%", GT),
    ("高于95%", GT),
    ("多于10 人", GT),
    ("超过10 人", GT),
    ("小于5%", LT),
    ("低于5%", LT),
    ("少于10 人", LT),
    ("等于100%", EQ),
    ("95%以上", GE),
    ("95%及以上", GE),
    ("5%以下", LE),
    ("30 万元以内", LE),
]


@pytest.mark.parametrize(("text", "comparator"), CHINESE_WORDS, ids=[w[0] for w in CHINESE_WORDS])
def test_chinese_comparator_words(text: str, comparator: Comparator) -> None:
    value = parse_value(text)
    assert value.kind is Q
    assert value.comparator is comparator
    assert value.prefix == ""
    assert not value.damaged


def test_symbol_before_number_wins_over_word_after() -> None:
    value = parse_value("≤95%以上")
    assert value.comparator is LE
    assert value.suffix == "以上"


def test_prefix_and_suffix() -> None:
    value = parse_value("满意率95%以上、零核实投诉")
    assert (value.prefix, value.suffix) == ("满意率", "以上、零核实投诉")
    assert value.is_percent
    value = parse_value("人均年支出<4.63万元。")
    assert (value.prefix, value.suffix) == ("人均年支出", "。")
    value = parse_value("满意度不低于90%")
    assert (value.prefix, value.comparator) == ("满意度", GE)


@pytest.mark.parametrize(
    ("text", "dates", "prefix", "suffix"),
    [
        ("12 月底前", (PartialDate(None, 12, None),), "", "底前"),
        ("2024 年 12 月 31 日前", (PartialDate(2024, 12, 31),), "", "前"),
        ("及时在 2024 年 12 前服务维护", (PartialDate(2024, 12, None),), "及时在", "前服务维护"),
        ("2024年", (PartialDate(2024, None, None),), "", ""),
        ("在2024年12月前完成发放", (PartialDate(2024, 12, None),), "在", "前完成发放"),
        ("每月 15 日前按时发放工资及缴纳保险", (PartialDate(None, None, 15),), "每月", "前按时发放工资及缴纳保险"),
        ("2024-06-30前", (PartialDate(2024, 6, 30),), "", "前"),
        ("2024.6.30", (PartialDate(2024, 6, 30),), "", ""),
        ("6月30日前", (PartialDate(None, 6, 30),), "", "前"),
    ],
)
def test_dates(text: str, dates: tuple[PartialDate, ...], prefix: str, suffix: str) -> None:
    value = parse_value(text)
    assert value.kind is D
    assert value.dates == dates
    assert (value.prefix, value.suffix) == (prefix, suffix)


def test_dates_found_in_other_kinds_too() -> None:
    value = parse_value("2024年完成率≥95%")
    assert value.kind is Q
    assert value.dates == (PartialDate(2024, None, None),)


@pytest.mark.parametrize("text", ["3年", "≥3 个月", "15日内", "≥3000年", "2024.5 万元"])
def test_durations_and_decimals_are_not_dates(text: str) -> None:
    value = parse_value(text)
    assert value.kind is Q
    assert value.dates == ()


def test_stray_prefix() -> None:
    assert parse_value("1按时完成").stray_prefix == "1"
    assert parse_value("1.按时完成").stray_prefix == "1."
    assert parse_value("１按时完成").stray_prefix == "１"
    for text in ("按时完成", "AAA级景区", "1次按时完成", "53 人", "5-10 人", "2024年"):
        assert parse_value(text).stray_prefix == "", text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$\\leq 300000$ 元", "≤300000 元"),
        ("$\\geq 90\\%$", "≥90%"),
        ("$\\le 5$", "≤5"),
        ("\\leq 300000 元", "≤300000 元"),
        ("《=2500万", "≤2500万"),
        ("》=90%", "≥90%"),
        ("≧95%", "≥95%"),
        ("≦5%", "≤5%"),
        ("＞＝95%", "≥95%"),
        ("＜＝95%", "≤95%"),
        ("＞95%", ">95%"),
        ("＝100%", "=100%"),
        ("＜30分钟", "<30分钟"),
        (">=90%", "≥90%"),
        ("<=90%", "≤90%"),
        ("≤=5", "≤5"),
        ("≥ =5", "≥5"),
    ],
)
def test_normalize_value(text: str, expected: str) -> None:
    assert normalize_value(text) == expected
    assert parse_value(text).damaged


@pytest.mark.parametrize("text", ["≥95%", "<4.63万元", "有效提升", "$x$", "《管理办法》", "", "a = b", "≥ 1.5 万元"])
def test_normalize_leaves_clean_text_alone(text: str) -> None:
    assert normalize_value(text) == text
    assert not parse_value(text).damaged


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("≤300000 元", "30"),
        ("≤18514 万元", "18514"),
        ("≤1.2 亿元", "12000"),
        ("0.5亿", "5000"),
        ("10万", "10"),
        ("≤50 千元", "5"),
        ("1,907,400 元", "190.74"),
        ("$\\leq 300000$ 元", "30"),
        ("≤29.55 万 元", "29.55"),
    ],
)
def test_money_in_wan(text: str, wan: str) -> None:
    assert money_in_wan(parse_value(text)) == Decimal(wan)


@pytest.mark.parametrize(
    "text", ["134 元/人", "≤4.5 万元/人/年", "≤350 元/人/天", "≥95%", "53 人", "有效提升", "10万人次"]
)
def test_money_in_wan_is_none_for_rates_and_other_units(text: str) -> None:
    assert money_in_wan(parse_value(text)) is None


def test_comparator_direction() -> None:
    assert [c.positive for c in Comparator] == [True, True, True, False, False]


def _check_invariants(value: ParsedValue) -> None:
    if value.kind is L:
        assert (value.comparator, value.number, value.unit, value.prefix, value.suffix) == (None, None, "", "", "")
    elif value.kind is Q:
        assert value.number is not None
        assert value.stray_prefix == ""
    else:
        assert value.dates and value.number is None and value.unit == ""
    assert value.stray_prefix == "" or value.text.strip().startswith(value.stray_prefix)


_VALUE_CHARS = st.sampled_from(
    list("0123456789０１２.,，-+%％‰ /$\\≥≤<>=＜＞＝《》≦≧⩽⩾年月日号前底每个万亿千元人次以上下内不低于超过满意率geql")
    + ["\\leq", "\\geq", "\\%", "万元", "元/人", "2024", "12", "以内"]
)
_VALUE_TEXT = st.one_of(st.text(), st.lists(_VALUE_CHARS, max_size=30).map("".join))


@settings(max_examples=examples(800))
@given(_VALUE_TEXT)
def test_parse_never_raises_and_normalize_is_idempotent(text: str) -> None:
    value = parse_value(text)
    _check_invariants(value)
    money_in_wan(value)
    once = normalize_value(text)
    assert normalize_value(once) == once
    assert value.damaged == (once != text)
    again = parse_value(once)
    assert not again.damaged
    assert (again.kind, again.comparator, again.number, again.unit) == (
        value.kind,
        value.comparator,
        value.number,
        value.unit,
    )
