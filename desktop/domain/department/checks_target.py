"""The department-level indicator table (部门整体支出绩效目标表) checked by the same rules as a project's tree.

The table is `OverallTarget.indicators`: 一级 | 二级 | 三级 | 指标值, in the frame of the form layout the department's
document prints its forms in (Hebei's hb-project for the 绩效文本, Anhui's ah-project otherwise). It is checked by
putting it into a stand-in project of that layout and keeping the findings that point into the table (a row, or the
table as a whole); each keeps its rule, points at `Location(table="target", indicator=i, column=…)`, and its fix
becomes a department fix. The table is optional: an empty one is not reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from desktop.domain.checks_base import Context
from desktop.domain.checks_markup import check_markup
from desktop.domain.checks_tree import check_categories, check_duplicates, check_frame_completeness, check_presence
from desktop.domain.checks_values import check_values
from desktop.domain.department.content import OverallTarget
from desktop.domain.department.model import Department
from desktop.domain.findings import DepartmentFix, Finding, Fix, Location
from desktop.domain.model import Project
from desktop.templates.documents import DocumentLayoutError, get_document_layout
from desktop.templates.layouts import Layout

DEFAULT_FORM = "ah-project"
TARGET_TABLE = "target"


def target_form(department: Department) -> str:
    """The form layout whose frame the department's indicator table follows."""
    if department.document is not None:
        try:
            document = get_document_layout(department.document)
        except DocumentLayoutError:
            return DEFAULT_FORM
        for part in document.parts:
            if part.kind == "forms" and part.template is not None:
                return part.template
    return DEFAULT_FORM


def target_project(department: Department) -> Project:
    """A stand-in project holding the department's indicator table (never part of a workbook)."""
    target = department.overall_target or OverallTarget()
    return Project(
        template=target_form(department),
        year=department.year,
        name=f"{department.name}部门整体绩效目标",
        annual_goal=target.annual_goal,
        indicators=list(target.indicators),
    )


def with_indicators(department: Department, project: Project) -> Department:
    """`department` with the stand-in project's indicators as its indicator table."""
    target = department.overall_target or OverallTarget()
    return replace(department, overall_target=replace(target, indicators=tuple(project.indicators)))


def check_target_indicators(department: Department, layouts: Mapping[str, Layout]) -> list[Finding]:
    """Findings of the project rules about the department's indicator table (none when it has no rows)."""
    target = department.overall_target
    if target is None or not target.indicators:
        return []
    project = target_project(department)
    layout = layouts.get(project.template)
    if layout is None:
        return []
    out = []
    for finding in _table_findings(project, layout):
        where = finding.location
        if where.indicator is None and where.field != "indicators":
            continue
        location = Location(table=TARGET_TABLE, indicator=where.indicator, column=where.column)
        out.append(
            replace(
                finding,
                project_id=None,
                project_name="",
                location=location,
                location_text=f"部门整体绩效目标表 › {finding.location_text}",
                fix=None,
                department=department.name,
                department_fix=_department_fix(finding.fix) if finding.fix is not None else None,
            )
        )
    return out


def _table_findings(project: Project, layout: Layout) -> list[Finding]:
    """The project rules about an indicator table (those of validation._run that look at the rows)."""
    ctx = Context(project, layout)
    if not check_presence(ctx):
        check_frame_completeness(ctx)
    check_categories(ctx)
    check_values(ctx)
    check_duplicates(ctx)
    check_markup(ctx)
    return ctx.findings


def _department_fix(fix: Fix) -> DepartmentFix:
    def apply(department: Department) -> Department:
        return with_indicators(department, fix.apply(target_project(department)))

    return DepartmentFix(fix.label, apply)
