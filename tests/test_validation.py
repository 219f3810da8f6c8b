"""Validation: each rule of FORMS.md §5 caught on a form that breaks it and silent on one that does not, the
one-click fixes, the report, and the findings on the demo workbook (the three published counties' forms)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.model import Funds, Indicator, Midterm, OrgUnit, Project, SpendingStep, Workbook
from desktop.domain.rules import RULES, rules_help_text
from desktop.domain.validation import (
    Finding,
    Location,
    Severity,
    format_report,
    validate_project,
    validate_workbook,
)
from desktop.io.demo import demo_workbook
from desktop.templates.layouts import bundled_layouts

LAYOUTS = bundled_layouts()

D = Decimal


def ind(level1: str, level2: str | None, name: str | None, value: str | None, **extra: str) -> Indicator:
    return Indicator(level1, level2, name, value, **extra)


def good_ah() -> Project:
    """A complete, correct 安徽 form (2020 frame, every 二级 the frame requires)."""
    return Project(
        year=2024,
        template="ah-project",
        name="居民医保业务经费",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保险管理中心"),
        funds=Funds(total=D("50.00"), fiscal=D("50.00"), carryover=D("0"), other=D("0.00")),
        annual_goal="保障医保业务健康平稳运行，维护参保人员合法权益。",
        indicators=[
            ind("产出指标", "数量指标", "服务参保人次", "≥150000 人次"),
            ind("产出指标", "质量指标", "业务经费使用合规率", "=100%"),
            ind("产出指标", "时效指标", "业务相关工作完成时间", "2024 年 12 月 31 日前"),
            ind("产出指标", "成本指标", "居民医保业务成本", "≤500000 元"),
            ind("效益指标", "社会效益指标", "参保患者就医负担", "有效减轻"),
            ind("满意度指标", "满意度指标", "服务对象满意度", "≥90%"),
        ],
    )


def good_hb() -> Project:
    """A correct 河北 form with its spending plan and description column."""
    return Project(
        year=2024,
        template="hb-project",
        name="2024 年宣传印刷费",
        code="13082224P000596100015",
        implementing_unit=OrgUnit("362001", "兴隆县医疗保障局本级"),
        funds=Funds(total=D("2.00"), fiscal=D("2.00")),
        purpose="医保政策宣传印刷",
        spending_plan=(
            SpendingStep(3, None),
            SpendingStep(6, D(25)),
            SpendingStep(10, D(50)),
            SpendingStep(12, D(100)),
        ),
        annual_goal="1.扩大医保政策宣传 2.提高政策知晓率",
        indicators=[
            ind("产出指标", "数量指标", "宣传乡镇数", "≥20 个", description="宣传乡镇数量"),
            ind("产出指标", "质量指标", "宣传覆盖率", "≥95%", description="宣传服务覆盖率"),
            ind("产出指标", "时效指标", "完工及时性", "及时在 2024 年 12 月前宣传服务完成"),
            ind("产出指标", "成本指标", "成本控制", "≤2 万元"),
            ind("效益指标", "社会效益指标", "提高政策知晓度", "提高"),
            ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%"),
        ],
    )


def good_jx() -> Project:
    """A correct 江西 form in the 2021 frame (成本指标 as a 一级, first)."""
    return Project(
        year=2023,
        template="jx-project",
        name="医疗救助",
        department=OrgUnit("610", "弋阳县医疗保障局"),
        funds=Funds(total=D(120), fiscal=D(100), other=D(20), carryover=D(0)),
        annual_goal="困难群众应救尽救。",
        indicators=[
            ind("成本指标", "经济成本指标", "救助资金", "≤120 万元"),
            ind("产出指标", "数量指标", "救助人次", "≥3000 人次"),
            ind("产出指标", "质量指标", "救助政策落实率", "=100%"),
            ind("产出指标", "时效指标", "救助资金拨付时间", "2023 年 12 月底前"),
            ind("效益指标", "社会效益指标", "困难群众就医负担", "明显减轻"),
            ind("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%"),
        ],
    )


def good_midterm() -> Project:
    """A correct 安徽 mid-term form: 中期资金 covers the annual funds, every row has both values."""
    return Project(
        year=2021,
        template="ah-midterm",
        name="医保信息化建设",
        implementing_unit=OrgUnit(None, "某市医疗保障局"),
        attribute="延续性项目",
        funds=Funds(total=D(100), fiscal=D(100), other=D(0)),
        midterm=Midterm(2021, 2023, "建成全市统一的医保信息平台。", Funds(total=D(300), fiscal=D(300), other=D(0))),
        annual_goal="完成平台一期建设。",
        indicators=[
            ind("产出指标", "数量指标", "接入定点机构数", "≥100 家", midterm_value="≥300 家"),
            ind("产出指标", "质量指标", "系统验收合格率", "=100%", midterm_value="=100%"),
            ind("产出指标", "时效指标", "一期完成时间", "2021 年 12 月底前", midterm_value="2023 年底前"),
            ind("产出指标", "成本指标", "建设成本", "≤100 万元", midterm_value="≤300 万元"),
            ind("效益指标", "社会效益指标", "结算便利程度", "明显提高", midterm_value="明显提高"),
            ind("满意度指标", "满意度指标", "参保群众满意度", "≥90%", midterm_value="≥90%"),
        ],
    )


GOOD: dict[str, Callable[[], Project]] = {"ah": good_ah, "hb": good_hb, "jx": good_jx, "midterm": good_midterm}


def with_row(project: Project, index: int, **changes: str | None) -> Project:
    project.indicators[index] = replace(project.indicators[index], **changes)
    return project


def rules(project: Project) -> list[str]:
    return [f.rule for f in validate_project(project, LAYOUTS)]


def only(project: Project, rule: str) -> Finding:
    found = [f for f in validate_project(project, LAYOUTS) if f.rule == rule]
    assert len(found) == 1, [f.message for f in validate_project(project, LAYOUTS)]
    return found[0]


@pytest.mark.parametrize("kind", GOOD)
def test_a_correct_form_has_no_finding(kind: str) -> None:
    assert validate_project(GOOD[kind](), LAYOUTS) == []


# ---------------------------------------------------------------------------------------------------- breaking


def _e02_placeholder() -> Project:
    p = good_ah()
    p.annual_goal = " ***— "
    return p


def _drop(kind: str, level1: str, level2: str | None = None) -> Project:
    p = GOOD[kind]()
    p.indicators = [i for i in p.indicators if not (i.level1 == level1 and (level2 is None or i.level2 == level2))]
    return p


def _funds(kind: str, prefix: str = "", **amounts: Decimal | None) -> Project:
    p = GOOD[kind]()
    if prefix:
        assert p.midterm is not None
        p.midterm = replace(p.midterm, funds=replace(p.midterm.funds, **amounts))
    else:
        p.funds = replace(p.funds, **amounts)
    return p


def _plan(*percents: int | None) -> Project:
    p = good_hb()
    p.spending_plan = tuple(
        SpendingStep(m, None if x is None else D(x)) for m, x in zip((3, 6, 10, 12), percents, strict=True)
    )
    return p


def _name(value: str | None) -> Project:
    p = good_ah()
    p.name = value
    return p


def _no_goal() -> Project:
    p = good_ah()
    p.annual_goal = None
    return p


def _no_midterm_goal() -> Project:
    p = good_midterm()
    assert p.midterm is not None
    p.midterm = replace(p.midterm, goal="  ")
    return p


def _no_rows() -> Project:
    p = good_ah()
    p.indicators = []
    return p


def _duplicate() -> Project:
    p = good_ah()
    p.indicators.append(ind("产出指标", "质量指标", "服务参保人次", "=100%"))
    return p


# (rule, project, expected location, words the message must contain)
BREAKS: list[tuple[str, Callable[[], Project], Location, str]] = [
    ("E01", lambda: _name(" "), Location(field="name"), "项目名称未填写"),
    ("E02", _no_goal, Location(field="annual_goal"), "年度目标未填写"),
    ("E02", _e02_placeholder, Location(field="annual_goal"), "占位符"),
    ("E02", _no_midterm_goal, Location(field="midterm.goal"), "总体目标（2021—2023年）未填写"),
    ("E03", _no_rows, Location(field="indicators"), "没有任何三级指标"),
    ("E04", lambda: with_row(good_ah(), 1, value=" "), Location(indicator=1, column="value"), "没有指标值"),
    ("E04", lambda: with_row(good_ah(), 2, name=None), Location(indicator=2, column="name"), "没有三级指标名称"),
    (
        "E04",
        lambda: with_row(good_midterm(), 0, midterm_value=None),
        Location(indicator=0, column="midterm_value"),
        "没有中长期指标值",
    ),
    ("E05", lambda: _funds("ah", fiscal=D("45.00")), Location(field="funds.total"), "不等于各项之和 45 万元"),
    (
        "E05",
        lambda: _funds("midterm", "m", other=D(20)),
        Location(field="midterm.funds.total"),
        "中期资金总额 300 万元不等于各项之和 320 万元",
    ),
    ("E06", lambda: _funds("ah", carryover=D(-5), total=D(45)), Location(field="funds.carryover"), "上年结转为负数"),
    ("E06", lambda: _plan(-10, 25, 50, 100), Location(field="spending_plan"), "不能为负"),
    ("E07", lambda: _drop("ah", "产出指标", "时效指标"), Location(field="indicators"), "产出指标下缺少时效指标"),
    ("E07", lambda: _drop("ah", "产出指标", "成本指标"), Location(field="indicators"), "产出指标下缺少成本指标"),
    ("E07", lambda: _drop("jx", "成本指标"), Location(field="indicators"), "成本指标下没有任何三级指标"),
    ("E07", lambda: _drop("jx", "产出指标", "数量指标"), Location(field="indicators"), "缺少数量指标"),
    ("E08", lambda: _drop("hb", "效益指标"), Location(field="indicators"), "效益指标下没有任何三级指标"),
    ("E09", lambda: _drop("jx", "满意度指标"), Location(field="indicators"), "没有满意度指标"),
    (
        "E10",
        lambda: with_row(good_ah(), 3, level1="效益指标"),
        Location(indicator=3, column="level2"),
        "二级指标“成本指标”不属于一级指标“效益指标”",
    ),
    (
        "E10",
        lambda: with_row(good_jx(), 0, level1="产出指标", level2="成本指标"),
        Location(indicator=0, column="level2"),
        "二级指标“成本指标”不属于一级指标“产出指标”",
    ),
    (
        "E10",
        lambda: with_row(good_ah(), 4, level1="项目效益指标"),
        Location(indicator=4, column="level1"),
        "不在本版式",
    ),
    ("E11", lambda: _plan(25, 50, 40, 100), Location(field="spending_plan"), "10 月底 40% 小于 6 月底 50%"),
    ("E11", lambda: _plan(25, 50, 75, 90), Location(field="spending_plan"), "年底累计应达到 100%"),
    ("E11", lambda: _plan(25, 50, 120, 100), Location(field="spending_plan"), "超过 100%"),
    ("E11", lambda: _plan(None, None, None, None), Location(field="spending_plan"), "未填写"),
    ("E12", lambda: _funds("midterm", total=D(400), fiscal=D(400)), Location(field="funds.total"), "大于中期资金总额"),
    ("E13", lambda: _year(-1), Location(field="year"), "“-1”不是有效年度"),
    ("E13", lambda: _year(0), Location(field="year"), "2000–2100"),
    ("E13", lambda: _year(99999), Location(field="year"), "“99999”不是有效年度"),
    ("E13", lambda: _midterm_years(2023, 2021), Location(field="midterm.start"), "晚于结束年"),
    ("E13", lambda: _midterm_years(1, 2023), Location(field="midterm.start"), "“1”不是有效年度"),
    # A plan the 安徽 form does not print is still checked for its range (issue 17: −25 and 10²⁷ passed).
    ("E06", lambda: _plan_on_ah(-25), Location(field="spending_plan"), "-25%"),
    ("E11", lambda: _plan_on_ah(10**11), Location(field="spending_plan"), "超过 100%"),
    ("W01", lambda: _funds("ah", total=D(1907400), fiscal=D(1907400)), Location(field="funds.total"), "疑似按“元”填写"),
    (
        "W02",
        lambda: with_row(good_ah(), 3, value="49650000元"),
        Location(indicator=3, column="value"),
        "49650000元（合 4965 万元）超过项目年度资金总额 50 万元",
    ),
    ("W02", lambda: with_row(good_ah(), 3, value="≤0.6亿元"), Location(indicator=3, column="value"), "合 6000 万元"),
    ("W02", lambda: with_row(good_jx(), 0, value="≤150 万元"), Location(indicator=0, column="value"), "超过"),
    ("W03", lambda: with_row(good_ah(), 0, value="所有参保人员"), Location(indicator=0, column="value"), "没有数值"),
    ("W04", lambda: with_row(good_ah(), 5, value="满意"), Location(indicator=5, column="value"), "不是百分比"),
    ("W04", lambda: with_row(good_ah(), 5, value="≥60%"), Location(indicator=5, column="value"), "低于 80%"),
    ("W05", lambda: with_row(good_ah(), 1, value="≥100%"), Location(indicator=1, column="value"), "建议改为“=100%”"),
    ("W05", lambda: with_row(good_ah(), 1, value="≥120%"), Location(indicator=1, column="value"), "超过 100%"),
    ("W05", lambda: with_row(good_hb(), 1, value="≤100%"), Location(indicator=1, column="value"), "没有约束作用"),
    ("W06", lambda: with_row(good_ah(), 4, value="参保患者就医负担。"), Location(indicator=4, column="value"), "照抄"),
    ("W07", _duplicate, Location(indicator=6, column="name"), "与第 1 行重复"),
    ("W08", lambda: with_row(good_ah(), 2, value="2023 年 12 月底前"), Location(indicator=2, column="value"), "2023"),
    ("W09", lambda: with_row(good_ah(), 2, value="1按时完成"), Location(indicator=2, column="value"), "开头多了“1”"),
    ("W09", lambda: with_row(good_ah(), 3, value="《=50万元"), Location(indicator=3, column="value"), "“≤50万元”"),
    ("W11", lambda: with_row(good_ah(), 1, name="<p>救助比例</p>"), Location(indicator=1, column="name"), "“救助比例”"),
    (
        "W09",
        lambda: with_row(good_midterm(), 3, midterm_value="$\\leq 300$ 万元"),
        Location(indicator=3, column="midterm_value"),
        "中长期指标值",
    ),
]


@pytest.mark.parametrize(
    ("rule", "make", "location", "words"), BREAKS, ids=[f"{b[0]}-{i}" for i, b in enumerate(BREAKS)]
)
def test_a_form_that_breaks_a_rule_is_reported(
    rule: str, make: Callable[[], Project], location: Location, words: str
) -> None:
    project = make()
    found = [f for f in validate_project(project, LAYOUTS) if f.rule == rule]
    assert found, f"{rule} not reported; got {[(f.rule, f.message) for f in validate_project(project, LAYOUTS)]}"
    assert any(f.location == location and words in f.message for f in found), [(f.location, f.message) for f in found]
    finding = found[0]
    assert finding.severity is RULES[rule].severity
    assert finding.project_name == project.display_name()


def test_every_active_rule_has_a_breaking_form() -> None:
    covered = {b[0] for b in BREAKS}
    # W10 and the D rules check departments: tests/test_department_rules.py covers each of them.
    active = {r.id for r in RULES.values() if r.active and r.id != "E00" and r.id != "W10" and r.id[0] != "D"}
    assert active <= covered


# ---------------------------------------------------------------------------------------------------- near misses


def _plan_with_gap() -> Project:
    return _plan(None, 25, None, 100)


def _total_blank() -> Project:
    return _funds("ah", total=None)


def _plan_on_ah(percent: int = 40) -> Project:
    p = good_ah()
    p.spending_plan = (SpendingStep(12, D(percent)),)
    return p


def _year(year: int) -> Project:
    p = good_ah()
    p.year = year
    return p


def _midterm_years(start: int, end: int) -> Project:
    p = good_midterm()
    assert p.midterm is not None
    p.midterm = replace(p.midterm, start=start, end=end)
    return p


def _two_cost_rows() -> Project:
    p = good_ah()
    p.indicators.append(ind("产出指标", "成本指标", "人均救助标准", "≤4.5 万元/人/年"))
    p.indicators.append(ind("产出指标", "成本指标", "人均培训成本", "≤350 元/人/天"))
    return p


# Forms close to breaking a rule that a careful reviewer would accept: the rule must stay silent.
PASSES: list[tuple[str, Callable[[], Project]]] = [
    ("E05", lambda: _funds("ah", fiscal=D("50"), carryover=None, other=None)),  # 50.00 = 50
    ("E05", _total_blank),  # nothing to compare
    ("E05", lambda: _funds("hb", carryover=D(5))),  # 上年结转 is not on the 河北 form
    ("E10", lambda: with_row(good_jx(), 5, level2="满意度指标")),  # alias of 服务对象满意度指标
    ("E11", _plan_with_gap),  # blanks in the middle are allowed
    ("E11", lambda: _plan_on_ah()),  # the 安徽 form has no spending plan
    ("E12", lambda: _funds("midterm", "m", total=D(100), fiscal=D(100))),  # equal is fine
    ("W01", lambda: _funds("ah", total=D(100000), fiscal=D(100000))),  # exactly 10 亿 is possible
    ("W02", lambda: with_row(good_ah(), 3, value="$\\leq 500000$ 元")),  # 500000 元 = 50 万元, the total
    ("W02", _two_cost_rows),  # per-person and per-day costs are not compared with the total
    ("W02", lambda: with_row(good_ah(), 1, value="≤600000 元")),  # money outside a 成本 row
    ("W03", lambda: with_row(good_ah(), 0, value="53 人")),
    ("W04", lambda: with_row(good_ah(), 5, value="满意率95%以上、零核实投诉")),
    ("W04", lambda: with_row(good_ah(), 5, name="有效投诉次数", value="≤3 次")),
    ("W05", lambda: with_row(good_ah(), 1, value="100%")),
    ("W05", lambda: with_row(good_ah(), 1, name="预算执行率", value="≤100%")),  # do-not-overspend is a real target
    ("W05", lambda: with_row(good_ah(), 4, name="参保人数较上年增长率", value="≥105%")),
    ("W06", lambda: with_row(good_ah(), 4, name="提升政策知晓度", value="提升")),
    ("W07", lambda: with_row(good_ah(), 1, name="服务参保人数")),
    ("W08", lambda: with_row(good_ah(), 2, value="每月 15 日前")),
    ("W08", lambda: with_row(good_ah(), 2, value="12 月底前")),
    ("W08", lambda: with_row(good_ah(), 0, value="2023 年 12 月底前")),  # not a 时效 row
    ("W09", lambda: with_row(good_ah(), 0, value="≥5-10 人")),
]


@pytest.mark.parametrize(("rule", "make"), PASSES, ids=[f"{p[0]}-{i}" for i, p in enumerate(PASSES)])
def test_a_form_close_to_a_rule_is_not_reported(rule: str, make: Callable[[], Project]) -> None:
    assert rule not in rules(make()), [f.message for f in validate_project(make(), LAYOUTS)]


def test_the_same_name_in_two_projects_is_no_duplicate() -> None:
    assert validate_workbook(Workbook([good_ah(), good_ah()]), LAYOUTS) == []


def test_no_frame_noise_when_there_are_no_indicators() -> None:
    assert rules(_no_rows()) == ["E03"]


def test_a_row_without_a_name_still_fills_its_category() -> None:
    # The clerk wrote the 时效 value and forgot the name: ask for the name, do not also claim 时效 is missing.
    assert rules(with_row(good_ah(), 2, name=None)) == ["E04"]


def test_a_blank_row_is_reported_once() -> None:
    project = good_ah()
    project.indicators.append(ind("效益指标", "社会效益指标", None, None))
    (finding,) = validate_project(project, LAYOUTS)
    assert finding.rule == "E04" and "名称和指标值都未填写" in finding.message


def test_unknown_template_is_a_finding_not_an_exception() -> None:
    project = good_ah()
    project.template = "sc-project"
    findings = validate_project(project, LAYOUTS)
    assert findings[0].rule == "E00" and findings[0].location == Location(field="template")
    assert "sc-project" in findings[0].message and "ah-project" in findings[0].message
    assert validate_workbook(Workbook([project]), layouts={})[0].rule == "E00"


# ---------------------------------------------------------------------------------------------------- location texts


def test_location_texts_use_the_forms_words() -> None:
    assert only(_funds("ah", fiscal=D(45)), "E05").location_text == "项目资金 › 年度资金总额"
    assert only(_name(None), "E01").location_text == "项目名称"
    assert only(_drop("hb", "效益指标"), "E08").location_text == "绩效指标"
    hb = good_hb()
    hb.annual_goal = ""
    assert only(hb, "E02").location_text == "绩效目标"
    row = only(with_row(good_ah(), 0, value="所有参保人员"), "W03")
    assert row.location_text == "指标第 1 行（产出指标 › 数量指标 › 服务参保人次）的指标值"
    assert row.value == "所有参保人员"
    midterm = only(_funds("midterm", "m", other=D(20)), "E05")
    assert midterm.location_text == "项目资金 › 中期资金总额"  # one 项目资金（万元） cell over both blocks
    assert only(with_row(good_midterm(), 1, value="≥100%"), "W05").location_text.endswith("的本年度指标值")


def test_findings_come_errors_first_in_catalogue_order() -> None:
    project = with_row(good_ah(), 5, value="满意")
    project.name = None
    project.funds = replace(project.funds, fiscal=D(1))
    found = rules(project)
    assert found == ["E01", "E05", "W04"]


# ---------------------------------------------------------------------------------------------------- fixes


def _apply_fix(project: Project, rule: str) -> Project:
    before = project.snapshot()
    finding = only(project, rule)
    assert finding.fix is not None
    fixed = finding.fix.apply(project)
    assert project == before, "a fix must not change the project it is given"
    assert fixed is not project
    assert rule not in rules(fixed)
    return fixed


@pytest.mark.parametrize(
    ("damaged", "clean"),
    [("$\\leq 300000$ 元", "≤300000 元"), ("《=2500万元", "≤2500万元"), ("≧95%", "≥95%"), ("＞＝90%", "≥90%")],
)
def test_damaged_comparator_fix(damaged: str, clean: str) -> None:
    project = with_row(good_ah(), 3 if "元" in damaged else 5, value=damaged)
    finding = only(project, "W09")
    assert finding.fix is not None and clean in finding.fix.label
    fixed = _apply_fix(project, "W09")
    assert fixed.indicators[3 if "元" in damaged else 5].value == clean


def test_stray_prefix_fix() -> None:
    fixed = _apply_fix(with_row(good_ah(), 2, value="1按时完成"), "W09")
    assert fixed.indicators[2].value == "按时完成"


def test_w01_fix_divides_the_block_by_10000() -> None:
    project = _funds("ah", total=D(1907400), fiscal=D(1907400), carryover=D(0), other=D(0))
    fixed = _apply_fix(project, "W01")
    assert fixed.funds == Funds(total=D("190.74"), fiscal=D("190.74"), carryover=D(0), other=D(0))
    assert format(fixed.funds.total, "f") == "190.74"


def test_e13_fix_reads_a_two_digit_year_as_this_century() -> None:
    assert _apply_fix(_year(24), "E13").year == 2024
    fixed = _apply_fix(_midterm_years(2021, 23), "E13")
    assert fixed.midterm is not None and (fixed.midterm.start, fixed.midterm.end) == (2021, 2023)
    assert only(_year(99999), "E13").fix is None  # no certain correction: the clerk must say which year


def test_w01_fix_keeps_amounts_within_six_decimals() -> None:
    project = _funds("ah", total=D("1907400.123456"), fiscal=D("1907400.123456"), carryover=D(0), other=D(0))
    fixed = _apply_fix(project, "W01")
    assert fixed.funds.total == D("190.740012")  # 0.0000123456 rounded to 1 分 (6 decimals of 万元)


def test_e05_fix_sets_the_total_to_the_sum() -> None:
    fixed = _apply_fix(_funds("ah", total=D("60.00"), fiscal=D("45.50"), carryover=D("4.50")), "E05")
    assert fixed.funds.total == D("50.00")
    midterm = _apply_fix(_funds("midterm", "m", other=D(20)), "E05")
    assert midterm.midterm is not None and midterm.midterm.funds.total == D(320)
    assert midterm.funds == good_midterm().funds


def test_w05_fix_writes_equal_100() -> None:
    fixed = _apply_fix(with_row(good_ah(), 1, value="≥100%"), "W05")
    assert fixed.indicators[1].value == "=100%"


def test_w08_fix_replaces_the_year() -> None:
    fixed = _apply_fix(with_row(good_ah(), 2, value="2023 年 12 月 31 日前"), "W08")
    assert fixed.indicators[2].value == "2024 年 12 月 31 日前"


def test_e10_fix_moves_the_row_to_its_level1() -> None:
    fixed = _apply_fix(with_row(good_ah(), 3, level1="效益指标"), "E10")
    assert fixed.indicators[3].level1 == "产出指标"


def test_a_stale_fix_changes_nothing() -> None:
    project = with_row(good_ah(), 2, value="1按时完成")
    fix = only(project, "W09").fix
    assert fix is not None
    project.indicators[2] = replace(project.indicators[2], value="12 月底前")
    assert fix.apply(project).indicators == project.indicators


# ---------------------------------------------------------------------------------------------------- report, help


def test_report_groups_by_project_and_counts() -> None:
    bad = _funds("ah", fiscal=D(45))
    bad.id = 7
    fine = good_hb()
    fine.id = 8
    workbook = Workbook([bad, fine])
    report = format_report(workbook, validate_workbook(workbook, LAYOUTS))
    lines = report.splitlines()
    assert lines[0] == "项目 7：居民医保业务经费（霍邱县医疗保险管理中心）"
    assert lines[1].startswith("  错误 E05 项目资金 › 年度资金总额：年度资金总额 50 万元不等于各项之和 45 万元")
    assert "项目 8：2024 年宣传印刷费（兴隆县医疗保障局本级）\n  通过" in report
    assert lines[-1] == "共 2 个项目：1 条错误，0 条提示"


def test_to_json_has_exactly_the_interchange_keys() -> None:
    finding = only(with_row(good_ah(), 5, value="满意"), "W04")
    assert finding.to_json() == {
        "rule": "W04",
        "severity": "warning",
        "project": "居民医保业务经费",
        "location": "指标第 6 行（满意度指标 › 满意度指标 › 服务对象满意度）的指标值",
        "message": finding.message,
    }
    assert Severity.ERROR.label == "错误" and Severity.WARNING.label == "提示"


def test_help_text_lists_every_rule() -> None:
    text = rules_help_text()
    for rule in RULES.values():
        assert f"{rule.id}  {rule.title}" in text
    assert "暂未启用" not in text  # W10 is checked now that departments exist
    assert list(RULES)[:14] == ["E00"] + [f"E{n:02d}" for n in range(1, 14)]
    assert list(RULES)[14:25] == [f"W{n:02d}" for n in range(1, 12)]
    assert [r for r in RULES if r.startswith("D")] == [f"D{n:02d}" for n in (*range(1, 9), *range(11, 22))]


# ---------------------------------------------------------------------------------------------------- demo workbook


@pytest.fixture(scope="module")
def demo_findings() -> list[tuple[str, str, str, Finding]]:
    """(county unit, project name, rule, finding) for every finding on the demo workbook."""
    workbook = demo_workbook()
    units = {id(p): (p.department.name or p.implementing_unit.name or "") for p in workbook.projects}
    result = []
    for project in workbook.projects:
        for finding in validate_project(project, LAYOUTS):
            result.append((units[id(project)], project.display_name(), finding.rule, finding))
    return result


def _demo(findings: list[tuple[str, str, str, Finding]], county: str, rule: str) -> list[Finding]:
    return [f for unit, _, r, f in findings if county in unit and r == rule]


def test_demo_sixian_cost_above_funds(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    (w02,) = [f for _, _, r, f in demo_findings if r == "W02"]
    assert w02.project_name == "2024_城乡医疗救助"
    assert w02.value == "49650000元"
    assert "49650000元（合 4965 万元）超过项目年度资金总额 1760 万元" in w02.message


def test_demo_xinglong_rates(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    w05 = _demo(demo_findings, "兴隆", "W05")
    values = Counter((f.location_text.split(" › ")[-1].split("）")[0], f.value) for f in w05)
    assert values[("发放覆盖率", "≤100%")] == 2
    assert values[("工资发放准确率", "≥100%")] == 1
    # the six ≥100% of forms 1-3 and the two ≤100% of forms 12 and 14, nothing in 霍邱 or 泗县
    assert len(w05) == 8 == len(_demo(demo_findings, "", "W05"))


def test_demo_values_repeating_the_name(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    repeated = sorted(f.value or "" for _, _, r, f in demo_findings if r == "W06")
    assert repeated == sorted(
        ["基金滚存结余可支配月数", "业务保障能力提升情况", "基本公共服务水平", "可持续性服务", "方便更多参保群众"]
    )


def test_demo_stray_and_damaged_values(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    w09 = {f.value: f for _, _, r, f in demo_findings if r == "W09"}
    assert w09["1按时完成"].project_name == "医用网络使用维护费"
    assert set(w09) == {"1按时完成", "$\\leq 300000$ 元", "$\\geq 90\\%$"}


def test_demo_huoqiu_satisfaction_and_quantity(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    w04 = _demo(demo_findings, "霍邱", "W04")
    assert sorted(f.value or "" for f in w04) == sorted(
        ["满意", "满意", "满意", "群众满意得保障; 政府满意资金平稳运行。"]
    )
    (w03,) = [f for _, _, r, f in demo_findings if r == "W03"]
    assert w03.value == "所有参保人员" and "服务参保人数" in w03.location_text


def test_demo_has_no_false_positives(demo_findings: list[tuple[str, str, str, Finding]]) -> None:
    # The transcribed forms are complete and add up: no error at all. 霍邱 form 2's "$\leq 300000$ 元" equals its
    # 30.00 万元, 兴隆's 元/人 costs are per person, its 2024 deadlines are in the budget year: none is reported.
    assert [f.message for _, _, _, f in demo_findings if f.severity is Severity.ERROR] == []
    assert Counter(r for _, _, r, _ in demo_findings) == Counter(
        {"W05": 8, "W06": 5, "W04": 4, "W09": 4, "W03": 1, "W02": 1}
    )


def test_jixiao_validate_json_on_the_demo(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import run

    assert run(["validate", str(demo_path), "--json"]) == 0  # warnings only
    out = json.loads(capsys.readouterr().out)
    assert any(
        item["rule"] == "W09" and item["project"] == "医用网络使用维护费" and "1按时完成" in item["message"]
        for item in out
    )
    rules_seen = Counter(item["rule"] for item in out)
    assert rules_seen["W02"] == 1 and rules_seen["W03"] == 1
    keys = {"rule", "severity", "project", "location", "message"}
    assert all(set(item) == keys for item in out if item["project"] is not None)
    # The demo's 泗县 department, imported from its publication, shows the publication's contradictions.
    department = [item for item in out if item["project"] is None]
    assert department and all(set(item) == keys | {"department"} for item in department)
    assert {item["department"] for item in department} == {"泗县医疗保障局"}
    assert run(["validate", str(demo_path)]) == 0
    report = capsys.readouterr().out
    projects = len(out) - len(department)
    assert projects == 23
    assert f"共 24 个项目、2 个部门：0 条错误，{len(out)} 条提示" in report
    assert "  通过" in report
