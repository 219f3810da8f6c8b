"""Each D rule and W10 on the 泗县 department: the clean department passes, a department with one contradiction is
reported once, at the table, row and column concerned, with the right severity (and a fix where there is one).

"Printed" departments carry the figures a published document printed: `printed_copy` prints every computed table
exactly (a consistent document), and each case then changes one thing the way the real seed does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.department import (
    Department,
    Facts,
    Printed,
    PrintedFigure,
    PrintedName,
    PrintedRow,
    Reason,
    Source,
    SpendingRow,
)
from desktop.domain.department.tables import compute_tables
from desktop.domain.model import FundsBySource, Project
from desktop.domain.rules import RULES, Severity
from desktop.domain.validation import format_report, validate_department, validate_workbook
from desktop.io.interchange import read_json
from desktop.templates.classification import bundled_catalogue
from desktop.templates.layouts import bundled_layouts

LAYOUTS = bundled_layouts()

DATA = Path(__file__).parent / "data"
D = Decimal
Case = tuple[Department, list[Project]]


def sixian() -> Case:
    workbook = read_json(DATA / "sixian-department.json")
    department = workbook.departments[0]
    return department, workbook.department_projects(department)


def printed_copy(department: Department, projects: list[Project]) -> Printed:
    """A document printing every table exactly as computed, its contents, its 公开清单 and its goals."""
    rows = []
    for table_id, table in compute_tables(department, projects, bundled_catalogue()).items():
        for row in table.rows:
            cells = tuple(zip(table.amount_columns, row.amounts, strict=True))
            unit = row.texts[2] if table_id == "projects" else None
            rows.append(PrintedRow(table_id, row.key, row.label, unit, cells))
    names = tuple(PrintedName("public_list", p.name or "", p.funds.total) for p in projects) + tuple(
        PrintedName("overview", p.name or "", None, None, p.annual_goal) for p in projects
    )
    ids = ("summary", "income", "spending", "fiscal", "general", "basic", "gov_fund", "state_capital", "projects")
    figures = (
        PrintedFigure("table:spending", "amount", D("2805.56"), "支出预算2805.56万元"),
        PrintedFigure("table:spending", "share:basic", D("23.54"), "基本支出660.56万元，占23.54%"),
        PrintedFigure("table:general", "function:2101501", D("242.41"), "行政运行（项）2024年预算242.41万元"),
        PrintedFigure("table:general", "function:2101501:change", D("58.91"), "比2023年预算增加58.91万元"),
        PrintedFigure("table:general", "function:2101501:percent", D("32.10"), "增长32.10%"),
        PrintedFigure("performance", "count", D(5), "5个项目实行了绩效目标管理"),
        PrintedFigure("performance", "general", D(2145), "一般公共预算当年财政拨款2145万元"),
    )
    return Printed(contents=ids, tables=ids, rows=tuple(rows), figures=figures, names=names)


def printed() -> Case:
    department, projects = sixian()
    return replace(department, printed=printed_copy(department, projects)), projects


def set_cell(case: Case, table: str, key: str, column: str, value: Decimal | None) -> Case:
    department, projects = case
    assert department.printed is not None
    rows = tuple(
        replace(r, cells=tuple((c, value if c == column else a) for c, a in r.cells))
        if (r.table, r.key) == (table, key)
        else r
        for r in department.printed.rows
    )
    return replace(department, printed=replace(department.printed, rows=rows)), projects


def change_printed(case: Case, **changes: object) -> Case:
    department, projects = case
    assert department.printed is not None
    return replace(department, printed=replace(department.printed, **changes)), projects  # type: ignore[arg-type]


def change_budget(case: Case, **changes: object) -> Case:
    department, projects = case
    assert department.budget is not None
    return replace(department, budget=replace(department.budget, **changes)), projects  # type: ignore[arg-type]


def spending_with(case: Case, code: str, **changes: object) -> Case:
    department, _ = case
    assert department.budget is not None
    rows = tuple(replace(r, **changes) if r.function == code else r for r in department.budget.spending)  # type: ignore[arg-type]
    return change_budget(case, spending=rows)


def findings(case: Case) -> list:  # type: ignore[type-arg]
    department, projects = case
    return validate_department(department, projects)


# ---------------------------------------------------------------------------------------------------- passing


@pytest.mark.parametrize("make", [sixian, printed], ids=["typed", "printed"])
def test_a_consistent_department_passes_every_rule(make: Callable[[], Case]) -> None:
    assert [(f.rule, f.location_text, f.message) for f in findings(make())] == []


# ---------------------------------------------------------------------------------------------------- failing


def _d01() -> Case:
    return set_cell(printed(), "general", "21015", "public", D("120"))


def _d11_parent() -> (
    Case
):  # the seed's 21015 公用经费: 126.81 printed, children 75.26 + 51.55 = 126.81 → make it 126.82
    return set_cell(printed(), "general", "21015", "public", D("126.82"))


def _d02() -> Case:  # the row is read as printed (a cell differing from the entered one is D05 instead)
    return spending_with(set_cell(printed(), "spending", "2101501", "project", D("20")), "2101501", project=D("20"))


def _d03() -> Case:
    return spending_with(set_cell(printed(), "general", "2101501", "public", D("70")), "2101501", public=D("70"))


def _d11_row() -> Case:  # the seed's 2101501: 149.15 + 75.27 printed as 224.41
    case = set_cell(printed(), "general", "2101501", "public", D("75.27"))
    return spending_with(case, "2101501", public=D("75.27"))


def _d04_typed() -> Case:
    department, _ = sixian()
    assert department.budget is not None
    income = (replace(department.budget.income[0], amount=D("2800")),)
    return change_budget(sixian(), income=income)


def _d04_printed() -> Case:
    return set_cell(printed(), "summary", "spending:total", "amount", D("2800"))


def _d05_typed() -> Case:
    department, _ = sixian()
    assert department.budget is not None
    basic = tuple(replace(r, personnel=D("191.28")) if r.economic == "30101" else r for r in department.budget.basic)
    return change_budget(sixian(), basic=basic)


def _d05_printed() -> Case:
    return set_cell(printed(), "projects", "total", "total", D("2150"))


def _d06_typed() -> Case:
    department, projects = sixian()
    projects[2].funds_by_source = FundsBySource(general=D("1700"))
    return department, projects


def _d06_printed() -> Case:
    return set_cell(printed(), "projects", "2024_城乡医疗救助", "total", D("1700"))


def _d07() -> Case:
    department, projects = printed()
    assert department.printed is not None
    rows = tuple(r for r in department.printed.rows if not (r.table == "projects" and r.key == "离休医疗费补助"))
    return change_printed((department, projects), rows=rows)


def _d08() -> Case:
    department, projects = printed()
    assert department.printed is not None
    rows = list(department.printed.rows)
    position = next(i for i, r in enumerate(rows) if (r.table, r.key) == ("spending", "2080109"))
    rows[position] = replace(rows[position], key="2101599")
    return change_printed((department, projects), rows=tuple(rows))


def _d12_project() -> Case:
    department, projects = printed()
    assert department.printed is not None
    names = tuple(
        replace(n, name="2024-城乡医疗救助") if (n.place, n.name) == ("public_list", "2024_城乡医疗救助") else n
        for n in department.printed.names
    )
    return change_printed((department, projects), names=names)


def _d12_unit() -> Case:
    department, projects = printed()
    assert department.printed is not None
    rows = tuple(
        replace(r, unit="泗县城乡居民基本医疗保险管理中心") if r.key == "2024_城乡医疗救助" else r
        for r in department.printed.rows
    )
    return change_printed((department, projects), rows=rows)


def _d13() -> Case:
    department, _ = sixian()
    assert department.budget is not None and department.budget.facts is not None
    return change_budget(sixian(), facts=replace(department.budget.facts, three_public=None))


def _d14() -> Case:
    department, _ = sixian()
    assert department.budget is not None and department.budget.facts is not None
    return change_budget(sixian(), facts=replace(department.budget.facts, operating_costs=D("80")))


def _d15() -> Case:
    department, projects = printed()
    assert department.printed is not None
    return change_printed((department, projects), tables=tuple(t for t in department.printed.tables if t != "income"))


def _with_figure(figure: PrintedFigure) -> Case:
    department, projects = printed()
    assert department.printed is not None
    return change_printed((department, projects), figures=(*department.printed.figures, figure))


def _d16() -> Case:
    return _with_figure(PrintedFigure("table:spending", "amount", D("2805.00"), "支出预算2805.00万元"))


def _d16_percent() -> Case:
    return _with_figure(PrintedFigure("table:general", "function:2101102:percent", D("1.50"), "增长1.50%"))


def _d17() -> Case:
    return _with_figure(PrintedFigure("performance", "count", D(4), "4个项目实行了绩效目标管理"))


def _d18() -> Case:
    return _with_figure(PrintedFigure("table:general", "function:2101301:percent", D(100), "增加1760万元，增长100%"))


def _d19() -> Case:
    department, _ = sixian()
    assert department.budget is not None
    extra = SpendingRow("2130599", Source.GENERAL, "其他巩固脱贫攻坚成果衔接乡村振兴支出", project=D("0"))
    return change_budget(sixian(), spending=(*department.budget.spending, extra))


def _d20() -> Case:
    department, _ = sixian()
    assert department.budget is not None
    reasons = tuple(r for r in department.budget.reasons if r.about != "function:2101550")
    return change_budget(sixian(), reasons=(*reasons, Reason("function:2101301", "  ")))


def _d21() -> Case:
    department, projects = printed()
    assert department.printed is not None
    names = tuple(
        replace(n, goal="资金用来完善社会救助体系") if n.place == "overview" and n.name == "2024_城乡医疗救助" else n
        for n in department.printed.names
    )
    return change_printed((department, projects), names=names)


def _w10() -> Case:
    department, projects = printed()
    assert department.printed is not None
    names = tuple(
        replace(n, amount=D("5")) if (n.place, n.name) == ("public_list", "公务用车更新配备") else n
        for n in department.printed.names
    )
    return change_printed((department, projects), names=names)


BREAKS: list[tuple[str, Callable[[], Case], str, str]] = [
    ("D01", _d01, "一般公共预算支出表 › 21015 医疗保障管理事务 › 公用经费", "印为 120，下级科目之和为 126.81"),
    ("D11", _d11_parent, "一般公共预算支出表 › 21015 医疗保障管理事务 › 公用经费", "相差 0.01"),
    ("D02", _d02, "支出总表 › 2101501 行政运行 › 合计", "基本支出+项目支出之和为 244.41"),
    ("D03", _d03, "一般公共预算支出表 › 2101501 行政运行 › 基本支出", "人员经费+公用经费之和为 219.15"),
    (
        "D11",
        _d11_row,
        "一般公共预算支出表 › 2101501 行政运行 › 基本支出",
        "印为 224.41，人员经费+公用经费之和为 224.42",
    ),
    ("D04", _d04_typed, "收支总表 › 收入总计 › 预算数", "收入总计 2800 万元，支出总计 2805.56 万元"),
    ("D04", _d04_printed, "收支总表 › 支出总计 › 预算数", "收入总计印为 2805.56，支出总计印为 2800"),
    ("D05", _d05_typed, "一般公共预算基本支出表 › 合计 › 合计", "基本支出表合计的合计为 670.56"),
    ("D05", _d05_printed, "项目支出表 › 合计 › 合计", "而支出总表的合计项目支出为 2145"),
    ("D06", _d06_typed, "项目支出表 › 2024_城乡医疗救助 › 合计", "按资金来源合计 1700"),
    ("D06", _d06_printed, "项目支出表 › 2024_城乡医疗救助 › 合计", "项目支出表印为 1700"),
    ("D07", _d07, "项目支出表 › 离休医疗费补助 › 名称", "项目支出表中没有这一行"),
    ("D08", _d08, "支出总表 › 2101599 社会保险经办机构", "列在 20801 人力资源和社会保障管理事务 之下"),
    ("D12", _d12_project, "项目支出绩效目标公开清单 › 2024-城乡医疗救助 › 名称", "项目表写作“2024_城乡医疗救助”"),
    ("D12", _d12_unit, "项目支出表 › 2024_城乡医疗救助 › 项目单位", "泗县城乡居民基本医疗保险管理服务中心"),
    ("D13", _d13, "一般公共预算基本支出表 › 30217 公务接待费 › 公用经费", "没有填写“三公”经费情况"),
    ("D14", _d14, "其他重要事项 › 机关运行经费", "行政运行（2101501）的公用经费为 75.26"),
    ("D15", _d15, "目录 › 收入总表", "目录列出了“收入总表”"),
    ("D16", _d16, "部门预算情况说明 › 关于支出总表的说明 › 金额", "应为 2805.56"),
    ("D16", _d16_percent, "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101102 增减幅度", "应为 1.56"),
    ("D17", _d17, "部门预算情况说明 › 绩效目标设置情况 › 项目个数", "应为 5"),
    ("D18", _d18, "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101301 增减幅度", "请改为“新增”"),
    (
        "D19",
        _d19,
        "支出总表 › 2130599 其他巩固脱贫攻坚成果衔接乡村振兴支出",
        "按填写的名称“其他巩固脱贫攻坚成果衔接乡村振兴支出”使用",
    ),
    ("D20", _d20, "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101550 事业运行 › 增减原因", "减少 169.49 万元"),
    ("D21", _d21, "部门预算情况说明 › “2024_城乡医疗救助”项目情况 › 绩效目标", "应为同一段文字"),
    ("W10", _w10, "项目支出绩效目标公开清单 › 公务用车更新配备 › 合计", "预算金额为 5，项目表的年度资金总额为 18；"),
]


@pytest.mark.parametrize(("rule", "make", "where", "words"), BREAKS, ids=[f"{b[0]}-{b[1].__name__}" for b in BREAKS])
def test_a_department_that_breaks_a_rule_is_reported(
    rule: str, make: Callable[[], Case], where: str, words: str
) -> None:
    found = findings(make())
    mine = [f for f in found if f.rule == rule]
    assert mine, [(f.rule, f.location_text, f.message) for f in found]
    assert any(f.location_text == where and words in f.message for f in mine), [
        (f.location_text, f.message) for f in mine
    ]
    assert all(f.severity is RULES[rule].severity and f.department == "泗县医疗保障局" for f in mine)
    assert all(f.project_id is None for f in mine)


def test_every_department_rule_has_a_breaking_case() -> None:
    covered = {b[0] for b in BREAKS}
    assert {r for r in RULES if r.startswith("D") or r == "W10"} <= covered


def test_rounding_difference_is_a_warning_and_a_real_one_an_error() -> None:
    assert {f.severity for f in findings(_d11_row()) if f.rule == "D11"} == {Severity.WARNING}
    assert {f.severity for f in findings(_d03()) if f.rule == "D03"} == {Severity.ERROR}


def test_income_short_by_a_cent_is_rounding_not_an_imbalance() -> None:
    department, _ = sixian()
    assert department.budget is not None
    income = (replace(department.budget.income[0], amount=D("2805.55")),)
    found = findings(change_budget(sixian(), income=income))
    assert [(f.rule, f.severity) for f in found] == [("D11", Severity.WARNING)]
    assert "相差 0.01 万元（多为预算系统分别四舍五入所致）" in found[0].message


def test_one_wrong_cell_is_reported_once_not_at_every_ancestor() -> None:
    found = findings(_d01())
    assert [(f.rule, f.location_text) for f in found] == [
        ("D01", "一般公共预算支出表 › 21015 医疗保障管理事务 › 公用经费")
    ]


def test_sum_fix_writes_the_sum_of_the_children() -> None:
    (finding,) = findings(_d01())
    assert finding.department_fix is not None and finding.department_fix.label == "改为子项之和 126.81"
    department, projects = _d01()
    fixed = finding.department_fix.apply(department)
    assert validate_department(fixed, projects) == []
    assert department.printed is not None and department.printed.rows != fixed.printed.rows  # type: ignore[union-attr]


def test_a_stale_fix_changes_nothing() -> None:
    (finding,) = findings(_d01())
    department, _ = set_cell(_d01(), "general", "21015", "public", D("119"))
    assert finding.department_fix is not None
    assert finding.department_fix.apply(department) == department


def test_department_findings_in_json_and_report() -> None:
    workbook = read_json(DATA / "sixian-department.json")
    department, projects = _d14()
    workbook.departments[0] = department
    found = [f for f in validate_workbook(workbook, LAYOUTS) if f.department is not None]
    assert [f.to_json() for f in found] == [
        {
            "rule": "D14",
            "severity": "warning",
            "project": None,
            "department": "泗县医疗保障局",
            "location": "其他重要事项 › 机关运行经费",
            "message": found[0].message,
        }
    ]
    report = format_report(workbook, validate_workbook(workbook, LAYOUTS))
    assert "部门：泗县医疗保障局（2024年）\n  提示 D14 其他重要事项" in report
    assert report.rstrip().endswith("共 5 个项目、1 个部门：0 条错误，3 条提示")


def test_projects_of_another_year_or_department_are_not_the_departments() -> None:
    workbook = read_json(DATA / "sixian-department.json")
    department = workbook.departments[0]
    workbook.projects[0].year = 2025
    workbook.projects[1].department = replace(workbook.projects[1].department, name="泗县卫生健康委员会", code="067")
    assert [p.name for p in workbook.department_projects(department)] == [
        "2024_城乡医疗救助", "离休医疗费补助", "医用网络使用维护费"
    ]  # fmt: skip
    assert {f.rule for f in validate_workbook(workbook, LAYOUTS) if f.department} == {"D05"}  # 项目支出表 2122 vs 2145


def test_facts_without_three_public_items_need_no_statement() -> None:
    department, _ = sixian()
    assert department.budget is not None
    basic = tuple(r for r in department.budget.basic if r.economic not in ("30217", "30231"))
    case = change_budget(sixian(), basic=basic, facts=Facts(operating_costs=D("75.3")))
    assert "D13" not in {f.rule for f in findings(case)}


def _like_the_seed() -> Case:
    """The 泗县 publication's own contradictions on a printed copy: 149.15 + 75.27 printed as 224.41, 21015's 公用经费
    126.81 under children adding to 126.82, the 收入总表 listed but absent, "2024-" in the 公开清单, a unit missing
    its "服务", another goal in the 说明, "增长100%" from nothing, and a total change that the 项 do not add up to."""
    case = set_cell(printed(), "general", "2101501", "public", D("75.27"))
    department, projects = spending_with(case, "2101501", public=D("75.27"))
    assert department.printed is not None
    relief = "2024_城乡医疗救助"
    names = tuple(
        replace(n, name="2024-城乡医疗救助")
        if (n.place, n.name) == ("public_list", relief)
        else replace(n, goal="资金用来完善社会救助体系，减轻困难群众就医负担")
        if (n.place, n.name) == ("overview", relief)
        else n
        for n in department.printed.names
    )
    rows = tuple(
        replace(r, unit="泗县城乡居民基本医疗保险管理中心") if r.key == relief else r for r in department.printed.rows
    )
    figures = (
        *department.printed.figures,
        PrintedFigure("table:general", "function:2101301:change", D(1760), "比2023年预算增加1760万元"),
        PrintedFigure("table:general", "function:2101301:percent", D(100), "比2023年预算增加1760万元，增长100%"),
        PrintedFigure("procurement", "amount", D("21.54"), "政府采购支出21.54万元"),
        PrintedFigure("procurement", "change", D("21.54"), "比2023年预算增加21.54万元"),
        PrintedFigure("procurement", "percent", D(100), "增长100%"),
        PrintedFigure("procurement", "goods", D("21.54"), "政府采购货物预算21.54万元"),
        PrintedFigure("operating_costs", "amount", D("75.3"), "机关运行经费财政拨款预算75.3万元"),
        PrintedFigure("operating_costs", "change", D("-3"), "比2023年预算减少3万元"),
        PrintedFigure("operating_costs", "percent", D("-3.83"), "下降3.83%"),
        PrintedFigure("table:spending", "change", D("1653.67"), "比2023年预算增加1653.67万元"),
    )
    tables = tuple(t for t in department.printed.tables if t != "income")
    printed_copy = replace(department.printed, names=names, rows=rows, figures=figures, tables=tables)
    return replace(department, printed=printed_copy), projects


def test_a_document_with_the_sixian_seeds_contradictions() -> None:
    found = [(f.rule, f.location_text) for f in findings(_like_the_seed())]
    assert found == [
        ("D11", "收支总表 › 收入总计 › 预算数"),
        ("D11", "一般公共预算基本支出表 › 合计 › 合计"),
        ("D11", "一般公共预算基本支出表 › 合计 › 公用经费"),
        ("D11", "一般公共预算支出表 › 21015 医疗保障管理事务 › 公用经费"),
        ("D11", "一般公共预算支出表 › 2101501 行政运行 › 基本支出"),
        ("D12", "项目支出表 › 2024_城乡医疗救助 › 项目单位"),
        ("D12", "项目支出绩效目标公开清单 › 2024-城乡医疗救助 › 名称"),
        ("D15", "目录 › 收入总表"),
        ("D16", "部门预算情况说明 › 关于支出总表的说明 › 比上年增减"),
        ("D18", "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101301 增减幅度"),
        ("D18", "部门预算情况说明 › 政府采购情况 › 增减幅度"),
        ("D21", "部门预算情况说明 › “2024_城乡医疗救助”项目情况 › 绩效目标"),
    ]
    d16 = next(f for f in findings(_like_the_seed()) if f.rule == "D16")
    # the 项 of 2023 add up to 1156.89, not 1151.89; the clause is quoted, not the whole paragraph
    assert d16.message == (
        "“比2023年预算增加1653.67万元”中的 1653.67 与表中数字不符，"
        "应为 1648.67（按上年各科目预算合计 1156.89 万元计算）"
    )
    d18 = [f.message for f in findings(_like_the_seed()) if f.rule == "D18"]
    assert d18[0] == "“比2023年预算增加1760万元，增长100%”：上年预算为零，不应写“增长100%”，请改为“新增”"


def test_a_growth_rate_that_follows_from_a_wrong_change_is_not_reported_again() -> None:
    case = _with_figure(PrintedFigure("table:general", "function:2101501:change", D("60"), "比2023年预算增加60万元"))
    department, projects = case
    assert department.printed is not None
    figures = tuple(f for f in department.printed.figures if f.figure != "function:2101501:change") + (
        PrintedFigure("table:general", "function:2101501:change", D("60"), "比2023年预算增加60万元"),
        PrintedFigure("table:general", "function:2101501:percent", D("32.70"), "增长32.70%"),
    )
    found = findings(change_printed(case, figures=figures))
    assert [(f.rule, f.location_text) for f in found] == [
        ("D16", "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101501 比上年增减")
    ]
