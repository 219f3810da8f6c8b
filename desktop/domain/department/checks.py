"""Every D rule (and W10) over one department: its entered budget, its projects and, when it was imported from a
published document, the figures that document printed. Findings come back in catalogue order."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.department.checks_document import check_document
from desktop.domain.department.checks_entered import check_entered
from desktop.domain.department.checks_explanation import check_explanation_reasons
from desktop.domain.department.checks_printed import check_printed_tables
from desktop.domain.department.checks_target import check_target_indicators
from desktop.domain.department.context import DepartmentContext
from desktop.domain.department.model import Department
from desktop.domain.findings import Finding
from desktop.domain.model import Project
from desktop.domain.rules import RULE_ORDER
from desktop.templates.classification import Catalogue, bundled_catalogue
from desktop.templates.layouts import bundled_layouts


def validate_department(
    department: Department, projects: Sequence[Project], catalogue: Catalogue | None = None
) -> list[Finding]:
    """All findings for one department and its projects (the bundled catalogue of its year by default)."""
    ctx = DepartmentContext(department, projects, catalogue or bundled_catalogue(department.year))
    check_entered(ctx)
    check_printed_tables(ctx)
    check_document(ctx)
    check_explanation_reasons(ctx)
    ctx.findings.sort(key=lambda f: RULE_ORDER[f.rule])
    return ctx.findings + check_target_indicators(department, bundled_layouts())
