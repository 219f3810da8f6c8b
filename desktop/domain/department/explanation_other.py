"""其他重要事项情况说明: the per-project overview, 机关运行经费, “三公”经费, 政府采购, 国有资产, 绩效目标设置情况."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.department.budget import total
from desktop.domain.department.explanation_tables import TableExplainer
from desktop.domain.department.explanation_text import OTHER_TITLES, ExplanationParagraph, ExplanationSection, Slot
from desktop.domain.department.phrasing import amount, chinese_numeral, one_decimal
from desktop.domain.model import Project

_ZERO = Decimal(0)


def project_overview(project: Project, number: int, year: int) -> list[ExplanationParagraph]:
    """ "1. “X”项目。" and its seven items, drawn from the project's own fields: the 绩效目标 is the form's 年度目标,
    the 年度预算安排 its 年度资金总额 — one text and one figure, printed in both places."""
    overview = project.overview
    name = project.display_name()
    implementer = (overview.implementer if overview else None) or project.implementing_unit.name
    items = (
        ("项目概述", overview.summary if overview else None),
        ("立项依据", project.basis),
        ("实施主体", implementer),
        ("起止时间", (overview.timeframe if overview else None) or str(year)),
        ("项目内容", overview.content if overview else None),
        ("年度预算安排", f"项目预算安排资金{one_decimal(project.funds.total)}万元"),
        ("绩效目标", project.annual_goal),
    )
    key = f"project:{project.id if project.id is not None else name}"
    out = []
    for index, (label, value) in enumerate(items, start=1):
        heading = f"{number}. “{name}”项目。" if index == 1 else None
        text = f"（{index}）{label}。{(value or '').strip()}"
        out.append(ExplanationParagraph(f"{key}:{index}", text, heading=heading))
    return out


def _projects(ex: TableExplainer) -> list[ExplanationParagraph]:
    out: list[ExplanationParagraph] = []
    for number, project in enumerate(ex.projects, start=1):
        out += project_overview(project, number, ex.year)
    if not out:
        out.append(ExplanationParagraph("other:projects", f"{ex.name}{ex.year}年没有安排项目支出。"))
    return out


def _operating_costs(ex: TableExplainer) -> list[ExplanationParagraph]:
    budget = ex.department.budget
    facts = budget.facts if budget is not None else None
    now = facts.operating_costs if facts is not None else None
    before = None
    if ex.prior is not None:
        before = (ex.prior.facts.operating_costs if ex.prior.facts is not None else None) or _ZERO
    lead = f"{ex.name}{ex.year}年机关运行经费财政拨款预算{amount(now)}万元"
    return [ex.changed("other:operating_costs", lead, now, before, "operating_costs")]


def _three_public(ex: TableExplainer) -> list[ExplanationParagraph]:
    table = ex.tables["three_public"]
    cells = {key: table.amount(key, "amount") for key in ("total", "abroad", "vehicle", "vehicle_purchase",
                                                            "vehicle_operation", "reception")}  # fmt: skip
    lead = f"{ex.name}{ex.year}年“三公”经费财政拨款预算{amount(cells['total'])}万元"
    before = None
    if ex.prior is not None:
        three = ex.prior.facts.three_public if ex.prior.facts is not None else None
        before = (
            total((three.abroad, three.vehicle_purchase, three.vehicle_operation, three.reception)) if three else None
        ) or _ZERO
    rest = (
        f"。其中：因公出国（境）费{amount(cells['abroad'])}万元，公务用车购置及运行费{amount(cells['vehicle'])}万元"
        f"（其中：公务用车购置费{amount(cells['vehicle_purchase'])}万元，公务用车运行费"
        f"{amount(cells['vehicle_operation'])}万元），公务接待费{amount(cells['reception'])}万元。"
    )
    return [ex.changed("other:three_public", lead, cells["total"], before, "three_public", rest)]


def _procurement(ex: TableExplainer) -> list[ExplanationParagraph]:
    budget = ex.department.budget
    whole = ex.tables["procurement"].amount("total", "total")
    facts = budget.facts if budget is not None else None
    stated = facts.procurement_by_category if facts is not None else None
    if stated is not None:
        goods, works, services = stated.goods, stated.works, stated.services
    else:
        rows = budget.procurement if budget is not None else ()
        goods, works, services = (
            total(r.amount for r in rows if (r.category or "货物") == category) for category in ("货物", "工程", "服务")
        )
    text = (
        f"{ex.name}{ex.year}年政府采购预算{amount(whole)}万元。其中：政府采购货物预算{amount(goods)}万元，"
        f"政府采购工程预算{amount(works)}万元，政府采购服务预算{amount(services)}万元。"
    )
    return [ExplanationParagraph("other:procurement", text)]


def _assets(ex: TableExplainer) -> list[ExplanationParagraph]:
    budget = ex.department.budget
    facts = budget.facts if budget is not None else None
    text = facts.assets if facts is not None else None
    slot = Slot("facts:assets", text, required=False, free_text=True)
    return [ExplanationParagraph("other:assets", "", slot)]


def _performance(ex: TableExplainer) -> list[ExplanationParagraph]:
    table = ex.tables["projects"]
    columns = ("general", "gov_fund", "state_capital", "special_account", "unit")
    values = {c: table.amount("total", c) for c in columns}
    if all(v is None for v in values.values()):
        values["general"] = table.amount("total", "total")  # forms without money by source: 财政拨款 as a whole
    text = (
        f"{ex.year}年，{ex.name}{len(ex.projects)}个项目实行了绩效目标管理，涉及一般公共预算当年财政拨款"
        f"{amount(values['general'])}万元、政府性基金预算当年财政拨款{amount(values['gov_fund'])}万元、国有资本经营"
        f"预算当年财政拨款{amount(values['state_capital'])}万元、财政专户管理资金当年安排"
        f"{amount(values['special_account'])}万元和单位资金当年安排{amount(values['unit'])}万元。"
    )
    return [ExplanationParagraph("other:performance", text)]


_WRITERS = {
    "projects": _projects,
    "operating_costs": _operating_costs,
    "three_public": _three_public,
    "procurement": _procurement,
    "assets": _assets,
    "performance": _performance,
}


def other_matters(ex: TableExplainer, sections: Sequence[str], number: int) -> ExplanationSection:
    """ "<number>、其他重要事项情况说明" with the sections asked for, each headed "（一）项目及绩效目标情况。"."""
    paragraphs: list[ExplanationParagraph] = []
    for index, section in enumerate((s for s in sections if s in _WRITERS), start=1):
        written = _WRITERS[section](ex)
        heading = f"（{chinese_numeral(index)}）{OTHER_TITLES[section]}。"
        first = written[0]
        lead = heading if first.heading is None else f"{heading}\n{first.heading}"
        written[0] = ExplanationParagraph(first.key, first.text, first.slot, first.rest, lead)
        paragraphs += written
    return ExplanationSection("other", f"{chinese_numeral(number)}、其他重要事项情况说明", tuple(paragraphs))
