"""The budget editor's pure edits and paste reader: a cell, a row, pasted rows — or a Chinese message and no change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.department import BasicRow, Budget, MoneyRow, ProcurementRow, ServiceRow, Source, SpendingRow
from desktop.domain.department.edits import (
    BudgetEditError,
    BudgetList,
    check_code,
    insert_row,
    merge_rows,
    parse_amount,
    remove_rows,
    set_cell,
    with_cell,
)
from desktop.domain.department.paste import parse_paste, parse_source

D = Decimal


def test_amounts_as_clerks_type_them() -> None:
    assert parse_amount("1,234.50") == D("1234.50")
    assert parse_amount(" １２．５ ") == D("12.5")
    assert parse_amount("") is None
    assert parse_amount("-") is None
    with pytest.raises(BudgetEditError, match="“12万”不是金额"):
        parse_amount("12万")


def test_codes_must_be_leaves() -> None:
    assert check_code(" 2101501 ", 7, "功能分类科目") == "2101501"
    with pytest.raises(BudgetEditError, match="应为 7 位数字"):
        check_code("21015", 7, "功能分类科目")


def test_cell_row_and_uniqueness() -> None:
    budget = Budget(spending=(SpendingRow("2101501", Source.GENERAL, personnel=D("1")),))
    changed = set_cell(budget, BudgetList.SPENDING, 0, "public", D("2.5"))
    assert changed.spending[0].public == D("2.5") and budget.spending[0].public is None
    added = insert_row(changed, BudgetList.SPENDING, 1, SpendingRow("2101550", Source.GENERAL))
    assert [r.function for r in added.spending] == ["2101501", "2101550"]
    with pytest.raises(BudgetEditError, match="2101501（一般公共预算）已有一行"):
        set_cell(added, BudgetList.SPENDING, 1, "function", "2101501")
    other_source = set_cell(added, BudgetList.SPENDING, 1, "source", Source.GOV_FUND)
    assert set_cell(other_source, BudgetList.SPENDING, 1, "function", "2101501").spending[1].function == "2101501"
    assert remove_rows(added, BudgetList.SPENDING, [0]).spending == (added.spending[1],)


def test_service_catalog_columns() -> None:
    row = ServiceRow("宣传", D("3"))
    row2 = with_cell(row, "catalog2", "公共服务")
    assert isinstance(row2, ServiceRow) and row2.catalog == (None, "公共服务")
    row3 = with_cell(row2, "catalog2", "")
    assert isinstance(row3, ServiceRow) and row3.catalog == ()


def test_merge_replaces_same_leaf_and_adds_the_rest() -> None:
    budget = Budget(basic=(BasicRow("30101", personnel=D("1")),))
    merged, added, replaced = merge_rows(
        budget, BudgetList.BASIC, [BasicRow("30101", personnel=D("2")), BasicRow("30201")]
    )
    assert (added, replaced) == (1, 1)
    assert [r.personnel for r in merged.basic] == [D("2"), None]


GENERAL_EXPORT = (
    "泗县医疗保障局2024年一般公共预算支出表\n"
    "单位：万元\n"
    "科目编码\t科目名称\t合计\t基本支出\t\t\t项目支出\n"
    "\t\t\t小计\t人员经费\t公用经费\t\n"
    "210\t卫生健康支出\t2,800.56\t2,800.56\t2,000.00\t800.56\t\n"
    "21015\t医疗保障管理事务\t242.41\t224.41\t149.15\t75.26\t18.00\n"
    "2101501\t行政运行\t242.41\t224.41\t149.15\t75.26\t18.00\n"
    "2101550\t事业运行\t405.21\t405.21\t353.66\t51.55\t\n"
    "合计\t\t647.62\t629.62\t502.81\t126.81\t18.00\n"
)


def test_paste_the_budget_systems_export_with_two_heading_lines() -> None:
    result = parse_paste(BudgetList.SPENDING, GENERAL_EXPORT)
    assert result.problems == ()
    assert result.skipped == 3  # 类, 款, 合计
    first, second = result.rows
    assert isinstance(first, SpendingRow) and isinstance(second, SpendingRow)
    assert (first.function, first.name, first.personnel, first.public, first.project) == (
        "2101501",
        "行政运行",
        D("149.15"),
        D("75.26"),
        D("18.00"),
    )
    assert second.project is None and second.source is Source.GENERAL


def test_paste_without_heading_codes_with_names_in_one_cell() -> None:
    text = "2101501 行政运行\t242.41\t224.41\t149.15\t75.26\t18\n2101550事业运行\t405.21\t405.21\t353.66\t51.55\t\n"
    result = parse_paste(BudgetList.SPENDING, text, source=Source.GOV_FUND)
    assert result.problems == ()
    assert [(r.function, r.name, r.source) for r in result.rows if isinstance(r, SpendingRow)] == [
        ("2101501", "行政运行", Source.GOV_FUND),
        ("2101550", "事业运行", Source.GOV_FUND),
    ]
    # In the editor's own order (人员, 公用, 项目, …) when the columns do not add up as the export's.
    result = parse_paste(BudgetList.SPENDING, "2101501\t1\t2\t3")
    row = result.rows[0]
    assert isinstance(row, SpendingRow) and (row.personnel, row.public, row.project) == (D(1), D(2), D(3))


def test_unreadable_lines_are_reported_by_number() -> None:
    text = "2101501\t行政运行\t1\t2\n21015011\t错码\t1\t2\n2101550\t事业运行\tabc\t2\n2101501\t行政运行\t1\t2\n"
    result = parse_paste(BudgetList.SPENDING, text)
    assert [p.line for p in result.problems] == [2, 3, 4]
    report = result.report()
    assert "第2行：功能分类科目编码“21015011”应为 7 位数字" in report
    assert "第3行：2101550：“abc”不是金额" in report
    assert "第4行：2101501 在第1行已经出现过" in report


def test_a_total_that_does_not_add_up_is_reported() -> None:
    text = "科目编码\t科目名称\t合计\t人员经费\t公用经费\n2101501\t行政运行\t10\t4\t5\n"
    result = parse_paste(BudgetList.SPENDING, text)
    assert "合计 10 不等于各分列之和 9" in result.report()


def test_paste_basic_spending_export() -> None:
    text = (
        "科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
        "301\t工资福利支出\t211.75\t211.75\t\n"
        "30101\t基本工资\t181.28\t181.28\t\n"
        "30201\t办公费\t3.5\t\t3.5\n"
    )
    result = parse_paste(BudgetList.BASIC, text)
    assert result.problems == () and result.skipped == 1
    assert result.rows == (
        BasicRow("30101", "基本工资", D("181.28"), None),
        BasicRow("30201", "办公费", None, D("3.5")),
    )


def test_paste_income_procurement_and_services() -> None:
    income = parse_paste(
        BudgetList.INCOME, "一、一般公共预算拨款收入\t2,805.56\n其中：中央转移支付收入\t100\n事业收入\t5\n"
    )
    assert income.rows == (
        MoneyRow(Source.GENERAL, D("2805.56"), None, D("100")),
        MoneyRow(Source.UNIT, D("5"), "事业收入"),
    )
    procurement = parse_paste(
        BudgetList.PROCUREMENT,
        "项目名称\t政府采购品目\t合计\t一般公共预算\n公务用车更新配备\t轿车\t18\t18\n合计\t\t18\t18\n",
    )
    assert procurement.rows == (ProcurementRow("公务用车更新配备", "轿车", D("18"), None, Source.GENERAL),)
    services = parse_paste(BudgetList.SERVICES, "政策宣传\t宣传服务\t\t\t印制宣传册\t1批\t3.5\n")
    assert services.rows == (ServiceRow("政策宣传", D("3.5"), ("宣传服务",), "印制宣传册", "1批"),)
    assert parse_source("政府性基金预算（上年结转）") == (Source.GOV_FUND, True)


def test_nothing_readable_says_so() -> None:
    result = parse_paste(BudgetList.BASIC, "你好\n")
    assert result.rows == () and "没有读到经济分类科目明细行" in result.report()


def test_prior_view_round_trip() -> None:
    from desktop.domain.department import Facts, Prior
    from desktop.domain.department.edits import prior_view, with_prior_view

    budget = Budget(spending=(SpendingRow("2101501", Source.GENERAL, personnel=D("1")),))
    viewed = prior_view(budget)
    assert viewed == Budget()
    edited = insert_row(viewed, BudgetList.BASIC, 0, BasicRow("30101", personnel=D("9")))
    changed = with_prior_view(budget, edited, 2023)
    assert changed.prior == Prior(2023, basic=(BasicRow("30101", personnel=D("9")),))
    assert changed.spending == budget.spending
    assert with_prior_view(changed, Budget(), 2023).prior is None  # nothing left of last year
    kept = Budget(prior=Prior(2022, facts=Facts(operating_costs=D("1"))))
    assert with_prior_view(kept, Budget(), 2023).prior == kept.prior  # last year's facts stay
    with pytest.raises(BudgetEditError, match="上年数只记录"):
        with_prior_view(budget, Budget(procurement=(ProcurementRow("x", "y", D("1")),)), 2023)
