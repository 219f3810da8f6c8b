"""What every department check reads from (the department, its projects, the computed tables) and writes to.

Findings of department rules carry the department's name (`Finding.department`), `project_id` None, and a
location naming the table, the row (code or name) and the column in the clerk's words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from desktop.domain.checks_base import wan
from desktop.domain.department.model import Department
from desktop.domain.department.printed import Printed, PrintedRow
from desktop.domain.department.tables import ComputedTable, compute_tables
from desktop.domain.findings import DepartmentFix, Finding, Location
from desktop.domain.model import Project
from desktop.domain.rules import RULES
from desktop.templates.classification import Catalogue

TABLE_NAMES: dict[str, str] = {
    "summary": "收支总表",
    "income": "收入总表",
    "spending": "支出总表",
    "fiscal": "财政拨款收支总表",
    "general": "一般公共预算支出表",
    "basic": "一般公共预算基本支出表",
    "gov_fund": "政府性基金预算支出表",
    "state_capital": "国有资本经营预算支出表",
    "projects": "项目支出表",
    "procurement": "政府采购支出表",
    "services": "政府购买服务支出表",
    "three_public": "财政拨款“三公”经费支出表",
    "explanations": "部门预算情况说明",
    "contents": "目录",
    "facts": "其他重要事项",
    "public_list": "项目支出绩效目标公开清单",
    "units": "部门预算构成",
}
COLUMN_NAMES: dict[str, str] = {
    "total": "合计",
    "amount": "预算数",
    "basic": "基本支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "project": "项目支出",
    "business": "事业单位经营支出",
    "to_superior": "上缴上级支出",
    "to_subordinate": "对附属单位补助支出",
    "carryover": "上年结转",
    "general": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "special_account": "财政专户管理资金",
    "unit": "单位资金",
    "carryover_general": "财政拨款结转结余（一般公共预算）",
    "carryover_gov_fund": "财政拨款结转结余（政府性基金预算）",
    "carryover_state_capital": "财政拨款结转结余（国有资本经营预算）",
    "name": "名称",
    "project_unit": "项目单位",
    "operating_costs": "机关运行经费",
    "three_public": "“三公”经费",
}
ROUNDING = Decimal("0.01")


class DepartmentContext:
    """One department under validation: its projects, its tables computed once, the findings so far."""

    def __init__(self, department: Department, projects: Sequence[Project], catalogue: Catalogue) -> None:
        self.department = department
        self.projects = list(projects)
        self.catalogue = catalogue
        self.tables: dict[str, ComputedTable] = compute_tables(department, projects, catalogue)
        self.printed: Printed | None = department.printed
        self.findings: list[Finding] = []
        self._named: dict[str, Project] = {}
        self._keyed: dict[str, Project] = {}
        for project in self.projects:
            self._named.setdefault((project.name or "").strip(), project)
            self._keyed.setdefault(name_key(project.name), project)

    def project_named(self, name: str) -> Project | None:
        """The first project whose name is exactly `name` (trimmed)."""
        return self._named.get(name)

    def project_keyed(self, key: str) -> Project | None:
        """The first project whose `name_key` is `key` (spelled another way)."""
        return self._keyed.get(key) if key else None

    def add(self, rule: str, location: Location, message: str, fix: DepartmentFix | None = None) -> None:
        """Record a finding of `rule` at `location`."""
        self.findings.append(
            Finding(
                rule,
                RULES[rule].severity,
                None,
                "",
                location,
                self.location_text(location),
                message,
                department=self.department.name,
                department_fix=fix,
            )
        )

    def row_text(self, table: str, key: str) -> str:
        """ "2101501 行政运行", "合计", a project's name: how the clerk finds the row."""
        computed = self.tables.get(table)
        row = computed.row(key) if computed is not None else None
        printed = self.printed_row(table, key)
        label = (printed.label if printed is not None else None) or (row.label if row is not None else None)
        if row is not None and row.code is not None:
            return f"{row.code} {label or ''}".strip()
        if printed is not None and key.isdigit() and len(key) in (3, 5, 7):
            return f"{key} {label or ''}".strip()
        return label or key

    def location_text(self, location: Location) -> str:
        """ "一般公共预算支出表 › 2101501 行政运行 › 基本支出"."""
        if location.table == "explanations" and (location.row or "").startswith("function:"):
            code = (location.row or "")[len("function:") :]  # a 项's reason, written in the 说明 of table 5
            return (
                f"{TABLE_NAMES['explanations']} › 关于{TABLE_NAMES['general']}的说明 › "
                f"{self.row_text('general', code)} › 增减原因"
            )
        if location.table in ("explanations", "facts", "contents"):
            return _explanation_text(location)
        parts = [TABLE_NAMES.get(location.table or "", location.table or "部门")]
        if location.row is not None and location.table is not None:
            parts.append(self.row_text(location.table, location.row))
        if location.column is not None:
            parts.append(COLUMN_NAMES.get(location.column, location.column))
        return " › ".join(parts)

    def printed_row(self, table: str, key: str) -> PrintedRow | None:
        """The printed row of `table` with `key`, or None (always None for a typed department)."""
        return None if self.printed is None else self.printed.row(table, key)

    def sum_rule(self, rule: str, difference: Decimal) -> str:
        """`rule`, or D11 when the difference is exactly 0.01 (rounding in the budget system)."""
        return "D11" if abs(difference) == ROUNDING else rule


_SECTIONS = {
    "performance": "绩效目标设置情况",
    "operating_costs": "机关运行经费",
    "three_public": "“三公”经费",
    "procurement": "政府采购情况",
    "assets": "国有资产占有使用情况",
}
_FIGURES = {
    "amount": "金额",
    "change": "比上年增减",
    "percent": "增减幅度",
    "count": "项目个数",
    "goal": "绩效目标",
    "goods": "货物",
    "works": "工程",
    "services": "服务",
}


def _explanation_text(location: Location) -> str:
    """ "部门预算情况说明 › 关于支出总表的说明 › 金额", "其他重要事项 › 机关运行经费", "目录 › 收入总表"."""
    table = location.table or ""
    row = location.row or ""
    if table == "contents":
        return f"目录 › {TABLE_NAMES.get(row, row)}"
    if row.startswith("table:"):
        section = f"关于{TABLE_NAMES.get(row[6:], row[6:])}的说明"
    else:
        section = _SECTIONS.get(row, f"“{row}”项目情况" if table == "explanations" else row)
    parts = [TABLE_NAMES[table], section]
    column = location.column
    if column is not None:
        if column.startswith("function:"):
            code, *rest = column.split(":")[1:]
            parts.append(f"{code} " + _FIGURES[rest[0] if rest else "amount"])
        elif column.startswith("share:"):
            parts.append(f"{COLUMN_NAMES.get(column[6:], column[6:])}占比")
        else:
            parts.append(_FIGURES.get(column, COLUMN_NAMES.get(column, column)))
    return " › ".join(parts)


def amount_text(value: Decimal | None) -> str:
    """An amount for a message: "224.42", "0" for blank."""
    return wan(value) if value is not None else "0"


def same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal as printed amounts: a blank cell and 0 are the same."""
    return (a or Decimal(0)) == (b or Decimal(0))


def set_printed_cell(
    table: str, key: str, column: str, old: Decimal | None, new: Decimal, what: str = ""
) -> DepartmentFix:
    """A fix writing `new` into one printed cell, if it still holds `old` (a stale fix does nothing); its label is
    "改为<what> <new>" ("改为子项之和 224.42")."""

    def apply(department: Department) -> Department:
        printed = department.printed
        if printed is None:
            return department
        rows = []
        for row in printed.rows:
            if row.table == table and row.key == key and row.cell(column) == old:
                cells = tuple((c, new if c == column else a) for c, a in row.cells)
                row = replace(row, cells=cells)
            rows.append(row)
        return replace(department, printed=replace(printed, rows=tuple(rows)))

    return DepartmentFix(f"改为{what} {wan(new)}", apply)


_DASHES = re.compile(r"[-_—－‐–·•\s]+")
_QUOTES = re.compile(r"[“”\"'‘’《》]")


def name_key(name: str | None) -> str:
    """A project or unit name with spelling noise removed (widths, dashes/underscores, spaces, quotes)."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    return _DASHES.sub("", _QUOTES.sub("", text))


def text_key(text: str | None) -> str:
    """A sentence with punctuation and spacing removed, for comparing two copies of one goal."""
    if not text:
        return ""
    normalized = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in normalized if ch.isalnum())
