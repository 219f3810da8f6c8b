"""D20 beyond the 功能 项: the reasons the generated 说明 asks for (a table's total, 机关运行经费, “三公”经费) that the
clerk has not written. The 项 reasons are checked by `checks_entered.check_reasons`, which points at the table cell."""

from __future__ import annotations

from desktop.domain.department.context import TABLE_NAMES, DepartmentContext
from desktop.domain.department.explanation import explain
from desktop.domain.department.explanation_text import OTHER_TITLES
from desktop.domain.findings import Location


def check_explanation_reasons(ctx: DepartmentContext) -> None:
    """D20: every reason slot of the generated 说明 outside the 项 paragraphs that needs words and has none."""
    budget = ctx.department.budget
    if budget is None or budget.prior is None:
        return
    explanation = explain(ctx.department, ctx.projects, ctx.catalogue, computed=ctx.tables)
    for section, paragraph, slot in explanation.missing():
        if slot.about.startswith("function:"):
            continue
        if slot.about.startswith("table:"):
            subject = TABLE_NAMES.get(slot.about[6:], slot.about[6:])
        else:
            subject = OTHER_TITLES.get(slot.about, section.heading.split("、", 1)[-1])
        change = paragraph.text[paragraph.text.rfind("比") :]
        ctx.add(
            "D20",
            Location(table="explanations", row=slot.about),
            f"{subject}{change}，情况说明需要写明原因；请填写增减原因",
        )
