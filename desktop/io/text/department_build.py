"""Text imports of department documents: from what was read to a `Department` and its projects' new fields.

The projects themselves come from the forms (read by the form importer); the 项目支出表 gives each its 类型 and
money by source, the 说明 its overview and 立项依据, the spending tables its 功能分类 项 (the 项 whose 项目支出 equals
the project's amount; when two 项 print the same amount, the one whose reason names the project). Names and
figures as printed elsewhere (项目支出表, 公开清单, 说明, 政府采购支出表) are kept in the printed record for the rules.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from desktop.domain.department import (
    Budget,
    BudgetUnit,
    Cover,
    Department,
    Facts,
    MoneyRow,
    OverallTarget,
    Paragraph,
    Printed,
    PrintedFigure,
    PrintedName,
    Prior,
    ProcurementByCategory,
    Reason,
    Source,
    SpendingRow,
    TargetItem,
    ThreePublic,
)
from desktop.domain.model import FundsBySource, OrgUnit, Overview, Project, parse_amount
from desktop.io.importing import ImportFailed
from desktop.io.text.department_budget import LeavesRead, read_leaves
from desktop.io.text.department_draft import DepartmentDraft, Passage
from desktop.io.text.department_notes import NotesRead, read_notes
from desktop.io.text.department_rows import ProjectLine, TablesRead
from desktop.io.text.department_tables import read_tables

DOCUMENTS = {"budget": "ah-department-budget", "performance": "hb-performance-text"}
_NAME_NOISE = re.compile(r"[\s_\-—–－·・]")


def name_key(name: str) -> str:
    """A project name as compared across the places that print it: width folded, spaces, dashes and underscores
    ignored (`2024_城乡医疗救助` ≡ `2024-城乡医疗救助`)."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name))


def build_department(draft: DepartmentDraft, projects: list[Project], source_name: str) -> tuple[Department, list[str]]:
    """The department read from `draft`, and the import notes; sets the new fields of `projects` (its forms).

    Raises ImportFailed (Chinese message, nothing is written) when the document names no department or year, or a
    table prints a number that is not an amount.
    """
    if not draft.name or draft.year is None:
        missing = "部门名称" if not draft.name else "年度"
        raise ImportFailed(
            f"{source_name} 像是部门预算文件，但封面上找不到{missing}（应在第一页写明，如“泗县医疗保障局”"
            "“2024年度部门预算”）。请补上后再导入，工作簿未改动。"
        )
    tables = read_tables(draft)
    _refuse_bad_numbers(draft, source_name)
    notes = read_notes(draft, tables)
    leaves = read_leaves(tables, notes.by_category)
    messages = [*draft.messages, *leaves.notes]
    mine = _own_projects(draft, projects, messages)
    code = _department_code(draft.name, mine)
    names = _apply_to_projects(mine, tables, notes, leaves, messages)
    budget = _budget(leaves, notes, draft.year) if draft.kind == "budget" else None
    department = Department(
        year=draft.year,
        name=draft.name,
        code=code,
        document=DOCUMENTS[draft.kind],
        cover=Cover(
            title=draft.cover_title if draft.kind == "performance" else None,
            compiled_by=draft.compiled_by or (draft.name if draft.kind == "budget" else None),
            reviewed_by=draft.reviewed_by,
            date=draft.cover_date,
            draft=draft.draft,
        ),
        units=tuple(BudgetUnit(u.name, u.kind) for u in draft.units),
        duties=_paragraphs(draft.duties),
        tasks=_paragraphs(draft.tasks),
        overall_target=_target(draft),
        budget=budget,
        notes=_paragraphs([*draft.notes, *notes.others]),
        printed=_printed(draft, tables, notes, names) if draft.kind == "budget" else None,
    )
    return department, messages


def _refuse_bad_numbers(draft: DepartmentDraft, source_name: str) -> None:
    bad = [u for u in draft.unplaced if "不是金额" in u.reason]
    if bad:
        lines = "；".join(f"第 {u.line_no} 行 {u.reason}" for u in bad[:5])
        more = f"等 {len(bad)} 处" if len(bad) > 5 else ""
        raise ImportFailed(f"{source_name} 的预算表中有不是金额的数字：{lines}{more}。请改正后再导入，工作簿未改动。")


def _paragraphs(passages: list[Passage]) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(p.title, p.text or None) for p in passages)


def _target(draft: DepartmentDraft) -> OverallTarget | None:
    if not (draft.goals or draft.items or draft.measures):
        return None
    return OverallTarget(
        goals=_paragraphs(draft.goals),
        items=tuple(TargetItem(head.title, goal, indicators) for head, goal, indicators in draft.items),
        measures=_paragraphs(draft.measures),
    )


def _own_projects(draft: DepartmentDraft, projects: list[Project], messages: list[str]) -> list[Project]:
    """The forms printed in the department's document are its projects; a form naming no department gets it."""
    assert draft.name is not None
    unnamed = [p for p in projects if not p.department.name]
    for project in unnamed:
        project.department = OrgUnit(code=project.department.code, name=draft.name)
    if unnamed:
        messages.append(f"{len(unnamed)} 张项目表没有写主管部门，按文件所属的“{draft.name}”导入")
    return projects


def _department_code(name: str, projects: list[Project]) -> str | None:
    codes = [p.department.code for p in projects if p.department.name == name and p.department.code]
    return max(set(codes), key=codes.count) if codes else None


def _apply_to_projects(
    projects: list[Project], tables: TablesRead, notes: NotesRead, leaves: LeavesRead, messages: list[str]
) -> list[PrintedName]:
    names: list[PrintedName] = []
    by_key = {name_key(p.name): p for p in projects if p.name}
    for line in tables.projects:
        names.append(PrintedName("projects", line.name, line.total, line.unit, None, line.line_no))
        project = by_key.get(name_key(line.name))
        if project is None:
            continue
        project.kind = line.kind
        project.funds_by_source = _funds(line)
    for overview in notes.overviews:
        budget = re.search(r"(\d+(?:\.\d+)?)\s*万元", overview.parts.get("budget", ""))
        amount = Decimal(budget.group(1)) if budget else None
        goal = overview.parts.get("goal")
        unit = overview.parts.get("implementer")
        names.append(PrintedName("overview", overview.name, amount, unit, goal, overview.line_no))
        project = by_key.get(name_key(overview.name))
        if project is None:
            messages.append(f"说明第 {overview.line_no} 行的“{overview.name}”项目没有对应的项目表，其概述未导入")
            continue
        parts = overview.parts
        project.overview = Overview(parts.get("summary"), unit, parts.get("timeframe"), parts.get("content"))
        project.basis = project.basis or parts.get("basis")
        project.annual_goal = project.annual_goal or goal
    for purchase in tables.purchases:
        if purchase.project:
            names.append(PrintedName("procurement", purchase.project, purchase.total, None, None, purchase.line_no))
    _function_codes(projects, tables, notes, leaves, messages)
    return names


def _funds(line: ProjectLine) -> FundsBySource:
    keys = ("general", "gov_fund", "state_capital", "carryover_general", "carryover_gov_fund")
    values = {key: line.by_source.get(key) for key in (*keys, "carryover_state_capital", "special_account", "unit")}
    return FundsBySource(**values)


def _function_codes(
    projects: list[Project], tables: TablesRead, notes: NotesRead, leaves: LeavesRead, messages: list[str]
) -> None:
    """Each project's 功能分类 项: the 项 whose 项目支出 is the project's amount (a reason naming it breaks a tie)."""
    project_amounts: dict[str, Decimal] = {}
    for row in leaves.spending:
        if row.project is not None:
            project_amounts[row.function] = project_amounts.get(row.function, Decimal(0)) + row.project
    reasons = dict(notes.reasons)
    for project in projects:
        amount = project.funds_by_source.total() if project.funds_by_source else project.funds.total
        if amount is None:
            continue
        candidates = [code for code, value in project_amounts.items() if value == amount]
        if len(candidates) > 1 and project.name:
            named = [c for c in candidates if name_key(project.name) in name_key(reasons.get(f"function:{c}", ""))]
            candidates = named or candidates
        if len(candidates) == 1:
            project.function_code = candidates[0]
        elif project_amounts:
            messages.append(f"未能确定“{project.display_name()}”的功能分类科目（项），请在项目中补填")


def _budget(leaves: LeavesRead, notes: NotesRead, year: int) -> Budget:
    three = notes.three_public
    facts = Facts(
        operating_costs=notes.operating_costs,
        three_public=ThreePublic(**three) if three is not None else None,
        procurement_by_category=_categories(notes.by_category),
        assets=notes.assets,
    )
    return Budget(
        spending=tuple(leaves.spending),
        basic=tuple(leaves.basic),
        income=tuple(leaves.income),
        carryover=tuple(leaves.carryover),
        carry_forward=tuple(leaves.carry_forward),
        procurement=tuple(leaves.procurement),
        services=tuple(leaves.services),
        facts=facts,
        prior=_prior(leaves, notes, year),
        reasons=tuple(Reason(about, text) for about, text in dict(notes.reasons).items()),
    )


def _categories(by_category: dict[str, Decimal]) -> ProcurementByCategory | None:
    if not by_category:
        return None
    return ProcurementByCategory(by_category.get("货物"), by_category.get("工程"), by_category.get("服务"))


def _prior(leaves: LeavesRead, notes: NotesRead, year: int) -> Prior | None:
    """Last year's figures from the 说明's comparisons (this year's amount minus the change)."""
    if not (notes.prior_functions or notes.prior_income is not None or notes.prior_operating_costs is not None):
        return None
    income: tuple[MoneyRow, ...] = ()
    sources = {row.source for row in leaves.income if row.amount}
    if notes.prior_income is not None and len(sources) == 1:
        income = (MoneyRow(next(iter(sources)), notes.prior_income),)
    facts = Facts(operating_costs=notes.prior_operating_costs) if notes.prior_operating_costs is not None else None
    spending = _prior_spending(leaves, notes)
    return Prior(year=notes.prior_year or year - 1, spending=spending, income=income, facts=facts)


def _prior_spending(leaves: LeavesRead, notes: NotesRead) -> tuple[SpendingRow, ...]:
    """Last year's 项, each printed as one amount, split the way this year's 项 is: all 项目支出 for a 项 with
    only 项目支出, all 基本支出 (as 人员经费: the split is not printed) for one with none, and for a 项 with both,
    项目支出 up to this year's as far as the 项目支出表说明's total for last year ("比2023年预算增加1778万元")
    leaves room. A 项 new this year (last year 0) has no row."""
    current = {row.function: row for row in leaves.spending if row.source is Source.GENERAL and not row.carryover}
    rows = {code: (Decimal(0), amount) for code, amount in notes.prior_functions.items()}  # (project, basic)
    for code, amount in notes.prior_functions.items():
        row = current.get(code)
        if row is not None and row.project and not row.basic:
            rows[code] = (amount, Decimal(0))
    room = _prior_projects(notes)
    if room is not None:
        room -= sum((project for project, _ in rows.values()), Decimal(0))
        for code, amount in notes.prior_functions.items():
            row = current.get(code)
            if row is None or not row.project or not row.basic or room <= 0:
                continue
            project = min(room, row.project, amount)
            rows[code] = (project, amount - project)
            room -= project
    names = {row.function: row.name for row in leaves.spending}
    return tuple(
        SpendingRow(code, Source.GENERAL, names.get(code), False, basic or None, None, project or None)
        for code, (project, basic) in rows.items()
        if project or basic
    )


def _prior_projects(notes: NotesRead) -> Decimal | None:
    figures = {f.figure: f.amount for f in notes.figures if f.section == "table:projects"}
    if "amount" not in figures or "change" not in figures:
        return None
    return figures["amount"] - figures["change"]


def _printed(draft: DepartmentDraft, tables: TablesRead, notes: NotesRead, names: list[PrintedName]) -> Printed:
    listed = []
    for name, amount, line_no in draft.listed:
        try:
            value = parse_amount(amount)
        except ValueError:
            value = None
        listed.append(PrintedName("public_list", name, value, None, None, line_no))
    figures = tuple(
        PrintedFigure(f.section, _figure_name(f.figure), f.amount, f.text, f.line_no) for f in notes.figures
    )
    return Printed(
        contents=tuple(entry.table for entry in draft.contents if entry.table is not None),
        tables=tuple(block.table for block in draft.tables),
        rows=tuple(tables.rows),
        figures=figures,
        names=(*names, *listed),
    )


def _figure_name(figure: str) -> str:
    # "function:2101501:amount" is spelled "function:2101501" in the printed record.
    return figure[: -len(":amount")] if figure.startswith("function:") and figure.endswith(":amount") else figure
