"""The generated 说明 (part 3) of the 泗县 publication, compared sentence by sentence with the published seed."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cache

import pytest

from desktop.domain.department import Department, Reason, ThreePublic
from desktop.domain.department.checks import validate_department
from desktop.domain.department.explanation import explain
from desktop.domain.department.explanation_text import Explanation
from desktop.domain.department.phrasing import change, shares
from desktop.domain.model import Project, Workbook
from desktop.io.demo import demo_workbook
from desktop.resources import resource_path
from desktop.templates.classification import bundled_catalogue


@cache
def _demo() -> Workbook:
    return demo_workbook()


def _sixian() -> tuple[Department, list[Project]]:
    """The demo's 泗县 department (imported from the seed publication) and its projects."""
    workbook = _demo()
    department = next(d for d in workbook.departments if d.name == "泗县医疗保障局")
    return department, workbook.department_projects(department)


def _seed_text() -> str:
    text = resource_path("demo", "seeds", "sixian-2024-department-budget.txt").read_text(encoding="utf-8")
    return re.sub(r"\*\*|\s", "", text)


def _explained(department: Department | None = None) -> Explanation:
    sixian, projects = _sixian()
    return explain(department or sixian, projects, bundled_catalogue(2024))


def _paragraph(explanation: Explanation, key: str) -> str:
    return next(p.full_text() for p in explanation.paragraphs() if p.key == key)


@pytest.mark.parametrize(
    "key",
    [
        "table:summary",
        "table:income",
        "table:income:current",
        "table:fiscal",
        "table:general:structure",
        "function:2101102",
        "function:2101501",
        "function:2101550",
        "table:basic",
        "table:basic:personnel",
        "table:gov_fund",
        "table:state_capital",
        "table:projects",
        "table:services",
        "other:operating_costs",
        "other:procurement",
        "other:performance",
    ],
)
def test_a_generated_sentence_is_the_published_one(key: str) -> None:
    sentence = re.sub(r"\s", "", _paragraph(_explained(), key))
    assert sentence in _seed_text(), sentence


def test_the_income_sentence_reads_like_the_seed() -> None:
    text = _paragraph(_explained(), "table:income:current")
    assert "比2023年预算增加1653.67万元，增长143.56%，增长原因主要是一、2024年医疗救助项目纳入预算。" in text


def test_where_the_seed_wrote_growth_from_zero_the_generated_text_says_new() -> None:
    explanation = _explained()
    rescue = _paragraph(explanation, "function:2101301")
    assert "2024年预算1760万元，比2023年预算新增1760万元，新增原因主要是2024年医疗救助项目纳入预算。" in rescue
    assert "100%" not in rescue
    procurement = _paragraph(explanation, "table:procurement")
    assert "比2023年预算新增21.54万元" in procurement and "增长100%" not in procurement


def test_an_unchanged_amount_is_level_and_needs_no_reason() -> None:
    explanation = _explained()
    paragraph = next(p for p in explanation.paragraphs() if p.key == "function:2080109")
    assert "2024年预算5万元，与2023年预算持平" in paragraph.full_text()
    assert paragraph.slot is not None and not paragraph.slot.required


def test_shares_of_one_whole_sum_to_exactly_one_hundred() -> None:
    parts = shares([Decimal("1"), Decimal("1"), Decimal("1")])
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(parts) == Decimal("100.00")
    spending = _paragraph(_explained(), "table:spending")
    assert "基本支出660.56万元，占23.54%" in spending and "项目支出2145万元，占76.46%" in spending


def test_change_words() -> None:
    assert change(Decimal("242.41"), Decimal("183.50"), 2023).words == "比2023年预算增加58.91万元，增长32.10%"
    assert change(Decimal("405.21"), Decimal("574.70"), 2023).words == "比2023年预算减少169.49万元，下降29.49%"
    assert change(Decimal("5"), Decimal("5"), 2023).words == "与2023年预算持平"
    assert change(Decimal("5"), None, 2023).words == "比2023年预算新增5万元"


def test_the_project_overview_comes_from_the_project_fields() -> None:
    sixian, projects = _sixian()
    car = next(p for p in projects if p.name == "公务用车更新配备")
    changed = [replace(car, annual_goal="新的年度目标") if p is car else p for p in projects]
    explanation = explain(sixian, changed, bundled_catalogue(2024))
    texts = [p.full_text() for p in explanation.paragraphs()]
    assert "（6）年度预算安排。项目预算安排资金18.0万元" in texts
    assert "（7）绩效目标。新的年度目标" in texts
    heading = next(p.heading for p in explanation.paragraphs() if p.heading and "公务用车更新配备" in p.heading)
    assert heading == "2. “公务用车更新配备”项目。"


def test_a_missing_reason_is_a_slot_left_empty_and_a_d20_finding() -> None:
    sixian, projects = _sixian()
    assert sixian.budget is not None
    reasons = tuple(r for r in sixian.budget.reasons if r.about not in ("table:income", "function:2101501"))
    bare = replace(sixian, budget=replace(sixian.budget, reasons=reasons))
    explanation = explain(bare, projects, bundled_catalogue(2024))
    missing = {slot.about for _, _, slot in explanation.missing()}
    assert missing == {"table:income", "function:2101501"}
    income = _paragraph(explanation, "table:income:current")
    assert income.endswith("增长143.56%。"), income  # no dangling "增长原因主要是"
    found = [f for f in validate_department(bare, projects) if f.rule == "D20"]
    where = {f.location_text: f.message for f in found}
    assert "部门预算情况说明 › 关于收入总表的说明" in where
    assert where["部门预算情况说明 › 关于收入总表的说明"].startswith("收入总表比2023年预算增加1653.67万元，增长143.56%")
    assert "部门预算情况说明 › 关于一般公共预算支出表的说明 › 2101501 行政运行 › 增减原因" in where


def test_a_typed_reason_fills_its_slot() -> None:
    sixian, projects = _sixian()
    assert sixian.budget is not None
    reasons = (*[r for r in sixian.budget.reasons if r.about != "operating_costs"], Reason("operating_costs", "压减。"))
    typed = replace(sixian, budget=replace(sixian.budget, reasons=reasons))
    text = _paragraph(explain(typed, projects, bundled_catalogue(2024)), "other:operating_costs")
    assert text.endswith("比2023年预算减少3万元，下降3.83%，下降原因主要是压减。")


def test_the_three_public_statement_when_the_layout_asks_for_it() -> None:
    sixian, projects = _sixian()
    assert sixian.budget is not None and sixian.budget.prior is not None
    facts = replace(sixian.budget.facts, three_public=ThreePublic(Decimal(0), Decimal(18), Decimal(2), Decimal("8.8")))
    prior = replace(
        sixian.budget.prior, facts=replace(sixian.budget.prior.facts, three_public=ThreePublic(reception=Decimal(10)))
    )
    typed = replace(sixian, budget=replace(sixian.budget, facts=facts, prior=prior))
    explanation = explain(typed, projects, bundled_catalogue(2024), other=("three_public", "assets"))
    other = explanation.sections[-1]
    assert other.heading == "十二、其他重要事项情况说明"
    assert other.paragraphs[0].heading == "（一）“三公”经费。"
    text = other.paragraphs[0].full_text()
    assert text.startswith("泗县医疗保障局2024年“三公”经费财政拨款预算28.8万元，比2023年预算增加18.8万元，增长188.00%")
    assert "公务用车购置及运行费20万元（其中：公务用车购置费18万元，公务用车运行费2万元），公务接待费8.8万元。" in text
    assert other.paragraphs[0].slot is not None and other.paragraphs[0].slot.missing
    assets = other.paragraphs[1]
    assert assets.heading == "（二）国有资产占有使用情况。" and assets.slot is not None and not assets.slot.required
