"""The publication's 11 tables (and Jiangxi's 三公 table) computed from the 泗县 department as entered.

The expected figures are those the 泗县 2024 publication prints (../shared/seeds/sixian-2024-department-budget.txt),
with its 0.01 rounding slip in 2101501's 公用经费 corrected (75.26), so every parent and total must come out as
printed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.department import Budget, Department, MoneyRow, ServiceRow, Source, SpendingRow, ThreePublic
from desktop.domain.department.budget import Facts
from desktop.domain.department.tables import (
    TABLE_IDS,
    ComputedTable,
    RowRole,
    compute_table,
    compute_tables,
)
from desktop.io.interchange import read_json
from desktop.templates.classification import bundled_catalogue

DATA = Path(__file__).parent / "data"
D = Decimal


def sixian() -> tuple[Department, list]:  # type: ignore[type-arg]
    workbook = read_json(DATA / "sixian-department.json")
    department = workbook.departments[0]
    return department, workbook.department_projects(department)


def tables() -> dict[str, ComputedTable]:
    department, projects = sixian()
    return compute_tables(department, projects, bundled_catalogue(2024))


def cells(table: ComputedTable, key: str) -> list[str]:
    row = table.row(key)
    assert row is not None, key
    return ["" if a is None else format(a, "f") for a in row.amounts]


def test_every_table_is_computed_in_order() -> None:
    assert list(tables()) == list(TABLE_IDS)


def test_summary_income_beside_all_27_classes() -> None:
    summary = tables()["summary"]
    classes = [r for r in summary.rows if r.key.startswith("spending:") and r.code]
    assert len(classes) == 27
    assert classes[0].label == "一、一般公共服务支出" and classes[-1].label == "二十七、债务发行费用支出"
    assert summary.amount("spending:208", "amount") == D("5")
    assert summary.amount("spending:210", "amount") == D("2800.56")
    assert summary.amount("spending:201", "amount") is None  # printed empty, not 0
    assert summary.amount("income:general", "amount") == D("2805.56")
    assert summary.amount("income:subtotal", "amount") == D("2805.56")
    assert summary.amount("income:total", "amount") == summary.amount("spending:total", "amount") == D("2805.56")
    assert summary.row("income:unit:事业收入") is not None


def test_income_table_by_source_with_carryover() -> None:
    department, projects = sixian()
    assert department.budget is not None
    carried = SpendingRow("2101501", Source.GENERAL, "行政运行", carryover=True, project=D("2.5"))
    unit = SpendingRow("2101550", Source.UNIT, "事业运行", personnel=D("10"))
    budget = replace(department.budget, spending=(*department.budget.spending, carried, unit))
    income = compute_table("income", replace(department, budget=budget), projects, bundled_catalogue())
    assert cells(income, "2101501") == ["244.91", "2.5", "242.41", "", "", "", ""]
    assert cells(income, "2101550") == ["415.21", "", "405.21", "", "", "", "10"]
    assert cells(income, "total") == ["2818.06", "2.5", "2805.56", "", "", "", "10"]


def test_spending_table_tree_and_totals() -> None:
    spending = tables()["spending"]
    assert [r.key for r in spending.rows] == [
        "208", "20801", "2080109", "210", "21011", "2101101", "2101102", "21013", "2101301", "21015", "2101501",
        "2101550", "2101599", "total",
    ]  # fmt: skip
    assert cells(spending, "21011") == ["387.94", "30.94", "357", "", "", ""]
    assert cells(spending, "21015") == ["652.62", "629.62", "23", "", "", ""]
    assert cells(spending, "total") == ["2805.56", "660.56", "2145", "", "", ""]
    row = spending.row("21015")
    assert row is not None and row.role is RowRole.PARENT and row.level == 1 and row.label == "医疗保障管理事务"


def test_fiscal_table_restricted_to_fiscal_sources() -> None:
    department, projects = sixian()
    assert department.budget is not None
    extra = SpendingRow("2101550", Source.SPECIAL_ACCOUNT, personnel=D("7"))
    budget = replace(
        department.budget,
        spending=(*department.budget.spending, extra),
        income=(*department.budget.income, MoneyRow(Source.SPECIAL_ACCOUNT, D("7"))),
        carry_forward=(MoneyRow(Source.GENERAL, D("1.5")),),
    )
    fiscal = compute_table("fiscal", replace(department, budget=budget), projects, bundled_catalogue())
    assert fiscal.amount("income:current", "amount") == D("2805.56")  # 财政专户 is not 财政拨款
    assert fiscal.amount("spending:210", "amount") == D("2800.56")
    assert fiscal.amount("spending:carry_forward", "amount") == D("1.5")
    assert fiscal.amount("spending:total", "amount") == D("2807.06")
    assert fiscal.row("spending:208") is not None and fiscal.row("spending:208").label == "（八）社会保障和就业支出"  # type: ignore[union-attr]


def test_general_table_splits_basic_into_personnel_and_public() -> None:
    general = tables()["general"]
    assert cells(general, "210") == ["2800.56", "660.56", "533.75", "126.81", "2140"]
    assert cells(general, "2101501") == ["242.41", "224.41", "149.15", "75.26", "18"]
    assert cells(general, "total") == ["2805.56", "660.56", "533.75", "126.81", "2145"]


def test_basic_table_by_economic_class() -> None:
    basic = tables()["basic"]
    assert cells(basic, "301") == ["520.64", "520.64", ""]
    assert cells(basic, "302") == ["117.81", "", "117.81"]
    assert cells(basic, "303") == ["13.11", "13.11", ""]
    assert cells(basic, "310") == ["9", "", "9"]
    assert cells(basic, "total") == ["660.56", "533.75", "126.81"]
    assert basic.row("30213").label == "维修（护）费"  # type: ignore[union-attr]


def test_empty_fund_tables_are_empty() -> None:
    computed = tables()
    assert computed["gov_fund"].is_empty() and computed["state_capital"].is_empty()
    assert [r.key for r in computed["gov_fund"].rows] == ["total"]
    assert not computed["general"].is_empty()


def test_gov_fund_table_holds_that_source_only() -> None:
    department, projects = sixian()
    assert department.budget is not None
    fund = SpendingRow("2080199", Source.GOV_FUND, "其他", project=D("3"))
    budget = replace(department.budget, spending=(*department.budget.spending, fund))
    table = compute_table("gov_fund", replace(department, budget=budget), projects, bundled_catalogue())
    assert [r.key for r in table.rows] == ["208", "20801", "2080199", "total"]
    assert cells(table, "total") == ["3", "", "", "", "3"]


def test_projects_table_from_the_forms() -> None:
    projects = tables()["projects"]
    row = projects.row("2024_城乡医疗救助")
    assert row is not None and row.texts == ("特定目标类", "2024_城乡医疗救助", "泗县城乡居民基本医疗保险管理服务中心")
    assert cells(projects, "total")[:2] == ["2145", "2145"]


def test_procurement_table_with_total() -> None:
    procurement = tables()["procurement"]
    assert len(procurement.rows) == 9
    assert procurement.rows[0].texts == ("公务用车更新配备", "轿车", "货物")
    assert cells(procurement, "total") == ["21.54", "21.54", "", "", "", ""]


def test_services_table() -> None:
    department, projects = sixian()
    assert department.budget is not None
    assert tables()["services"].is_empty()
    service = ServiceRow("医保经办", D("12.5"), ("公共服务", "医疗卫生", None), "经办服务", "1 项")
    budget = replace(department.budget, services=(service, replace(service, amount=D("1"))))
    table = compute_table("services", replace(department, budget=budget), projects, bundled_catalogue())
    assert table.rows[0].texts == ("医保经办", "公共服务", "医疗卫生", None, "经办服务", "1 项")
    assert cells(table, "total") == ["13.5"]


def test_three_public_table() -> None:
    department, projects = sixian()
    assert department.budget is not None
    facts = replace(department.budget.facts or Facts(), three_public=ThreePublic(None, D("18"), D("2"), D("8.8")))
    table = compute_table(
        "three_public",
        replace(department, budget=replace(department.budget, facts=facts)),
        projects,
        bundled_catalogue(),
    )
    assert cells(table, "total") == ["28.8"] and cells(table, "vehicle") == ["20"] and cells(table, "abroad") == [""]


def test_a_code_missing_from_the_catalogue_keeps_its_typed_name() -> None:
    department, projects = sixian()
    row = SpendingRow("2130599", Source.GENERAL, "其他巩固脱贫攻坚成果衔接乡村振兴支出", project=D("4"))
    table = compute_table(
        "spending", replace(department, budget=Budget(spending=(row,))), projects, bundled_catalogue()
    )
    assert table.row("2130599").label == "其他巩固脱贫攻坚成果衔接乡村振兴支出"  # type: ignore[union-attr]
    assert table.row("213").label == "农林水支出"  # type: ignore[union-attr]
    assert table.row("21305").label == ""  # type: ignore[union-attr]


def test_a_department_without_budget_gives_empty_tables() -> None:
    computed = compute_tables(Department(2024, "新部门"), [], bundled_catalogue())
    assert all(t.is_empty() for t in computed.values())


@pytest.mark.parametrize("edition", [2024, 2099, None])
def test_catalogue_names_its_edition(edition: int | None) -> None:
    catalogue = bundled_catalogue(edition)
    assert catalogue.edition == 2024 and "2024" in catalogue.title
    assert len(catalogue.function_classes()) == 27
    assert catalogue.function_name("2101501") == "行政运行"
    assert catalogue.economic_name("30217") == "公务接待费"
