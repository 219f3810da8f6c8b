"""How fast the department level is: every table computed and every rule run for a department with 200 projects
and 300 spending rows (with a printed copy of every table, as after importing a published document), beside the
time of validating those 200 projects alone.

Run: .venv/bin/python benchmarks/department_benchmark.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from desktop.domain.department import (
    BasicRow,
    Budget,
    Department,
    MoneyRow,
    Printed,
    PrintedName,
    PrintedRow,
    ProcurementRow,
    Source,
    SpendingRow,
)
from desktop.domain.department.checks import validate_department
from desktop.domain.department.tables import compute_tables
from desktop.domain.model import FundsBySource, OrgUnit, Project
from desktop.domain.validation import validate_project
from desktop.io.demo import demo_workbook
from desktop.templates.classification import bundled_catalogue
from desktop.templates.layouts import bundled_layouts

LAYOUTS = bundled_layouts()

NAME = "测试县医疗保障局"


def _median(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _projects(count: int) -> list[Project]:
    demo = demo_workbook().projects
    projects = []
    for n in range(count):
        project = demo[n % len(demo)].clone()
        project.year = 2024
        project.name = f"{project.name}（{n + 1}）"
        project.department = OrgUnit("066", NAME)
        project.funds_by_source = FundsBySource(general=project.funds.total)
        projects.append(project)
    return projects


def _department(projects: list[Project], rows: int) -> Department:
    catalogue = bundled_catalogue()
    leaves = [code for code in catalogue.function if len(code) == 7]
    spending = tuple(
        SpendingRow(
            leaves[n % len(leaves)],
            Source.GENERAL if n % 3 else Source.UNIT,
            carryover=n % 17 == 0,
            personnel=Decimal(n) + Decimal("0.37"),
            public=Decimal(n % 11) + Decimal("0.05"),
            project=Decimal(n % 7),
        )
        for n in range(rows)
    )
    economic = [code for code in catalogue.economic if len(code) == 5]
    basic = tuple(BasicRow(code, None, Decimal(n) + Decimal("0.5"), Decimal(n % 5)) for n, code in enumerate(economic))
    procurement = tuple(ProcurementRow(p.name, "台式计算机", Decimal("0.7"), "货物") for p in projects[:50])
    budget = Budget(
        spending=spending, basic=basic, income=(MoneyRow(Source.GENERAL, Decimal(1000)),), procurement=procurement
    )
    return Department(2024, NAME, "066", "ah-department-budget", budget=budget)


def _printed(department: Department, projects: list[Project]) -> Printed:
    rows = []
    for table_id, table in compute_tables(department, projects, bundled_catalogue()).items():
        for row in table.rows:
            rows.append(
                PrintedRow(
                    table_id, row.key, row.label, None, tuple(zip(table.amount_columns, row.amounts, strict=True))
                )
            )
    names = tuple(PrintedName("public_list", p.name or "", p.funds.total) for p in projects)
    return Printed(contents=("summary",), tables=("summary",), rows=tuple(rows), names=names)


def main() -> None:
    """Print the figures."""
    projects = _projects(200)
    department = _department(projects, 300)
    department = replace(department, printed=_printed(department, projects))
    catalogue = bundled_catalogue()
    printed_rows = len(department.printed.rows) if department.printed else 0

    validate_department(department, projects)  # warm the catalogue and the parse caches
    tables = _median(lambda: compute_tables(department, projects, catalogue), 20)
    rules = _median(lambda: validate_department(department, projects, catalogue), 20)
    alone = _median(lambda: [validate_project(p, LAYOUTS) for p in projects], 20)
    findings = len(validate_department(department, projects, catalogue))

    print(f"部门：200 个项目、300 行支出明细、{printed_rows} 行印刷数字（{findings} 条发现）")
    print(f"  计算全部 12 张表          {tables * 1e3:7.1f} ms")
    print(f"  计算全部表 + 全部 D 规则   {rules * 1e3:7.1f} ms")
    print(f"  仅校验这 200 个项目        {alone * 1e3:7.1f} ms")


if __name__ == "__main__":
    main()
