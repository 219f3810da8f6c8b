"""Comparing two versions of a project: what the import preview and 与定稿版比较 show the clerk."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from desktop.domain.model import Funds, FundsBySource, Indicator, OrgUnit, Overview, Project
from desktop.domain.project_diff import ChangeKind, diff_projects


def _project() -> Project:
    return Project(
        year=2024,
        template="ah-project",
        name="2024_城乡医疗救助",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        funds=Funds(total=Decimal("30.00"), fiscal=Decimal("30.00")),
        annual_goal="资助困难群众参保",
        indicators=[
            Indicator("产出指标", "数量指标", "资助参保人次", ">70000 人"),
            Indicator("产出指标", "时效指标", "资金发放及时率", "100%"),
            Indicator("效益指标", "社会效益指标", "群众负担", "减轻"),
        ],
        id=7,
    )


def test_same_content_is_no_change_even_with_other_id_status_and_amount_spelling() -> None:
    old = _project()
    new = replace(old.clone(), funds=Funds(total=Decimal("30"), fiscal=Decimal("30.0")))
    assert diff_projects(old, new).is_empty()


def test_header_field_and_amount_changes_are_named_in_chinese() -> None:
    old = _project()
    new = replace(
        old.clone(), annual_goal="资助困难群众参保全覆盖", funds=Funds(total=Decimal("35"), fiscal=Decimal("30"))
    )
    diff = diff_projects(old, new)
    assert diff.labels() == ("年度目标", "资金总额")
    assert "资金总额：30.00 → 35" in diff.lines()


def test_indicator_value_change_addition_and_removal() -> None:
    old = _project()
    rows = list(old.indicators)
    rows[0] = replace(rows[0], value=">80000 人")
    del rows[2]
    rows.append(Indicator("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%"))
    new = replace(old.clone(), indicators=rows)
    diff = diff_projects(old, new)
    kinds = [(c.kind, c.path) for c in diff.indicators]
    assert kinds == [
        (ChangeKind.CHANGED, "产出指标 / 数量指标 / 资助参保人次"),
        (ChangeKind.ADDED, "满意度指标 / 服务对象满意度指标 / 参保群众满意度"),
        (ChangeKind.REMOVED, "效益指标 / 社会效益指标 / 群众负担"),
    ]
    assert diff.indicators[0].describe().endswith("指标值：>70000 人 → >80000 人")
    assert diff.labels()[-1] == "3 条指标"


def test_moving_a_row_is_not_a_change() -> None:
    old = _project()
    new = replace(old.clone(), indicators=list(reversed(old.indicators)))
    assert diff_projects(old, new).is_empty()


def test_department_fields_are_compared() -> None:
    old = Project(2024, "ah-project", "离休医疗费补助", indicators=[Indicator("产出指标", "数量指标", "人数", "≥10人")])
    new = old.clone()
    new.kind = "特定目标类"
    new.function_code = "2101101"
    new.funds_by_source = FundsBySource(general=Decimal("357"))
    new.overview = Overview(implementer="泗县城镇职工基本医疗保险基金管理中心")
    new.indicators = [Indicator("产出指标", "数量指标", "人数", "≥10人", prior_value="≥9人")]
    diff = diff_projects(old, new)
    assert diff.labels() == ("项目类型", "功能分类科目", "资金来源 一般公共预算", "实施主体", "1 条指标")
    assert "上年指标值：（空） → ≥9人" in diff.lines()[-1]
    same = new.clone()
    same.funds_by_source = FundsBySource(general=Decimal("357.00"))
    assert diff_projects(new, same).is_empty()
