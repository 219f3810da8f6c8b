"""The JSON form of a workbook (spec/INTERCHANGE.md, version 2): writing it and reading versions 1 and 2.

Other programs rely on this exact shape, so every key is always written, in the spec's order, and reading is
strict about types but tolerant of keys a later version adds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.domain.limits import amount_problem, year_problem
from desktop.domain.model import (
    FUNDS_BY_SOURCE_KEYS,
    FUNDS_KEYS,
    OVERVIEW_KEYS,
    Funds,
    FundsBySource,
    Indicator,
    Midterm,
    OrgUnit,
    Overview,
    Project,
    SpendingStep,
    Status,
    Workbook,
    clean_text,
    format_amount,
)
from desktop.io import bounded_json
from desktop.io.atomic import write_atomically
from desktop.io.department_json import DepartmentJsonError, department_to_json, indicator_to_json
from desktop.io.department_reader import department_from_json
from desktop.os_errors import os_error_reason

FORMAT = "jixiao-workbook"
VERSION = 2
_FUNCTION_CODE = re.compile(r"^[0-9]{3}([0-9]{2}){0,2}$")
_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
MAX_JSON_BYTES = 64 * 1024 * 1024


class InterchangeError(ValueError):
    """A JSON file that is not a usable workbook; the message is Chinese and names the place."""


def _unit_to_json(unit: OrgUnit) -> dict[str, str | None] | None:
    return None if unit.is_empty() else {"code": unit.code, "name": unit.name}


def _funds_to_json(funds: Funds) -> dict[str, str | None]:
    return {key: format_amount(getattr(funds, key)) for key in FUNDS_KEYS}


def project_to_json(project: Project) -> dict[str, Any]:
    """One project as an interchange object (every key present, spec order)."""
    midterm = project.midterm
    return {
        "year": project.year,
        "template": project.template,
        "name": project.name,
        "code": project.code,
        "department": _unit_to_json(project.department),
        "implementing_unit": _unit_to_json(project.implementing_unit),
        "source": project.source,
        "period": project.period,
        "attribute": project.attribute,
        "funds": _funds_to_json(project.funds),
        "midterm": None
        if midterm is None
        else {"start": midterm.start, "end": midterm.end, "goal": midterm.goal, "funds": _funds_to_json(midterm.funds)},
        "purpose": project.purpose,
        "spending_plan": None
        if project.spending_plan is None
        else [{"month": s.month, "percent": format_amount(s.percent)} for s in project.spending_plan],
        "basis": project.basis,
        "annual_goal": project.annual_goal,
        "indicators": [indicator_to_json(i) for i in project.indicators],
        "status": project.status.value,
        "kind": project.kind,
        "function_code": project.function_code,
        "funds_by_source": None
        if project.funds_by_source is None
        else {key: format_amount(getattr(project.funds_by_source, key)) for key in FUNDS_BY_SOURCE_KEYS},
        "overview": None
        if project.overview is None
        else {key: getattr(project.overview, key) for key in OVERVIEW_KEYS},
    }


def workbook_to_json(workbook: Workbook) -> dict[str, Any]:
    """The whole workbook as an interchange document."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "projects": [project_to_json(p) for p in workbook.projects],
        "departments": [department_to_json(d) for d in workbook.departments],
    }


def dumps(workbook: Workbook) -> str:
    """The interchange document as text (UTF-8 Chinese kept readable, two-space indent)."""
    return json.dumps(workbook_to_json(workbook), ensure_ascii=False, indent=2) + "\n"


def write_json(workbook: Workbook, path: Path) -> None:
    """Write the interchange document to `path` atomically; raises OSError naming `path` (nothing left behind)."""
    write_atomically(path, dumps(workbook).encode("utf-8"))


class _Reader:
    """Strict typed reading of one project object; errors name the project and key in Chinese."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, problem: str) -> InterchangeError:
        return InterchangeError(f"{self.where} 的“{key}”{problem}")

    def text(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "应为文字或 null")
        return clean_text(value)

    def integer(self, data: Mapping[str, Any], key: str, required: bool = False) -> int | None:
        value = data.get(key)
        if value is None and not required:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(key, "应为整数")
        return value

    def amount(self, data: Mapping[str, Any], key: str) -> Decimal | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or len(value) > 64 or not _AMOUNT.match(value):
            shown = json.dumps(value, ensure_ascii=False)
            shown = shown if len(shown) <= 30 else shown[:30] + "…"
            raise self.fail(key, f'应为数字文字（如 "30.00"），而不是 {shown}')
        problem = amount_problem(Decimal(value))
        if problem is not None:
            raise self.fail(key, "应为 0–100 之间的百分比" if key == "percent" else f"金额{problem}")
        return Decimal(value)

    def year(self, data: Mapping[str, Any], key: str, required: bool = False) -> int | None:
        value = self.integer(data, key, required)
        problem = None if value is None else year_problem(value)
        if problem is not None:
            raise self.fail(key, problem)
        return value

    def obj(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise self.fail(key, "应为对象或 null")
        return value

    def funds(self, data: Mapping[str, Any] | None, key: str) -> Funds:
        if data is None:
            raise self.fail(key, "缺少资金")
        return Funds(**{k: self.amount(data, k) for k in FUNDS_KEYS})

    def unit(self, data: Mapping[str, Any], key: str) -> OrgUnit:
        raw = self.obj(data, key)
        return OrgUnit() if raw is None else OrgUnit(code=self.text(raw, "code"), name=self.text(raw, "name"))


def project_from_json(data: Any, index: int) -> Project:
    """Read one interchange project object; `index` (0-based) names it in error messages."""
    r = _Reader(f"第 {index + 1} 个项目")
    if not isinstance(data, Mapping):
        raise InterchangeError(f"第 {index + 1} 个项目不是对象")
    for key in ("year", "template", "funds", "indicators"):
        if key not in data:
            raise r.fail(key, "缺失")
    template = data.get("template")
    if not isinstance(template, str) or not template.strip():
        raise r.fail("template", "应为版式编号，如 ah-project")
    _check_template(r, template.strip())
    raw_midterm = r.obj(data, "midterm")
    midterm = None
    if raw_midterm is not None:
        midterm = Midterm(
            start=r.year(raw_midterm, "start"),
            end=r.year(raw_midterm, "end"),
            goal=r.text(raw_midterm, "goal"),
            funds=r.funds(r.obj(raw_midterm, "funds") or dict.fromkeys(FUNDS_KEYS), "midterm.funds"),
        )
    raw_plan = data.get("spending_plan")
    plan: tuple[SpendingStep, ...] | None = None
    if raw_plan is not None:
        if not isinstance(raw_plan, list):
            raise r.fail("spending_plan", "应为列表或 null")
        steps = []
        for step in raw_plan:
            if not isinstance(step, Mapping):
                raise r.fail("spending_plan", "的每一项应为对象")
            month = r.integer(step, "month", required=True)
            if month is None or not 1 <= month <= 12:
                raise r.fail("spending_plan.month", "应为 1–12 的月份")
            steps.append(SpendingStep(month=month, percent=r.amount(step, "percent")))
        plan = tuple(steps)
    raw_indicators = data.get("indicators")
    if not isinstance(raw_indicators, list):
        raise r.fail("indicators", "应为列表")
    indicators = []
    for i, raw in enumerate(raw_indicators):
        ir = _Reader(f"{r.where}第 {i + 1} 个指标")
        if not isinstance(raw, Mapping):
            raise InterchangeError(f"{ir.where} 不是对象")
        level1 = ir.text(raw, "level1")
        if level1 is None:
            raise ir.fail("level1", "不能为空")
        indicators.append(
            Indicator(
                level1=level1,
                level2=ir.text(raw, "level2"),
                name=ir.text(raw, "name"),
                value=ir.text(raw, "value"),
                midterm_value=ir.text(raw, "midterm_value"),
                description=ir.text(raw, "description"),
                basis=ir.text(raw, "basis"),
                prior_value=ir.text(raw, "prior_value"),
                midterm_name=ir.text(raw, "midterm_name"),
            )
        )
    status = data.get("status", "draft")
    if status not in ("draft", "final"):
        raise r.fail("status", "应为 draft 或 final")
    function_code = r.text(data, "function_code")
    if function_code is not None and not _FUNCTION_CODE.match(function_code):
        raise r.fail("function_code", "应为 3、5 或 7 位数字的支出功能分类科目编码（如 2101501）")
    raw_by_source = r.obj(data, "funds_by_source")
    raw_overview = r.obj(data, "overview")
    return Project(
        year=r.year(data, "year", required=True) or 0,
        template=template.strip(),
        name=r.text(data, "name"),
        code=r.text(data, "code"),
        department=r.unit(data, "department"),
        implementing_unit=r.unit(data, "implementing_unit"),
        source=r.text(data, "source"),
        period=r.text(data, "period"),
        attribute=r.text(data, "attribute"),
        funds=r.funds(r.obj(data, "funds"), "funds"),
        midterm=midterm,
        purpose=r.text(data, "purpose"),
        spending_plan=plan,
        basis=r.text(data, "basis"),
        annual_goal=r.text(data, "annual_goal"),
        indicators=indicators,
        status=Status(status),
        kind=r.text(data, "kind"),
        function_code=function_code,
        funds_by_source=None
        if raw_by_source is None
        else FundsBySource(**{k: r.amount(raw_by_source, k) for k in FUNDS_BY_SOURCE_KEYS}),
        overview=None if raw_overview is None else Overview(**{k: r.text(raw_overview, k) for k in OVERVIEW_KEYS}),
    )


def _check_template(r: _Reader, template: str) -> None:
    # A project whose layout this program lacks could never be checked or printed: refuse it at the door.
    from desktop.templates.layouts import bundled_layouts

    known = bundled_layouts()
    if template not in known:
        shown = template if len(template) <= 40 else template[:40] + "…"
        raise r.fail("template", f"“{shown}”不是本程序认识的版式，可用：{'、'.join(known)}")


def workbook_from_json(data: Any) -> Workbook:
    """Read an interchange document (any version up to ours); raises InterchangeError saying what is wrong."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise InterchangeError('这不是绩效目标工作簿的 JSON 文件（缺少 "format": "jixiao-workbook"）')
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise InterchangeError("JSON 文件的 version 无效")
    if version > VERSION:
        raise InterchangeError(f"此 JSON 文件是较新版本（{version}）的程序写的，请升级本程序后再导入")
    projects = data.get("projects")
    if not isinstance(projects, list):
        raise InterchangeError('JSON 文件缺少项目列表（"projects"）')
    departments = data.get("departments", [])
    if not isinstance(departments, list):
        raise InterchangeError('JSON 文件的部门列表（"departments"）应为列表')
    try:
        read = [department_from_json(d, i) for i, d in enumerate(departments)]
    except DepartmentJsonError as exc:
        raise InterchangeError(str(exc)) from None
    seen: set[tuple[int, str]] = set()
    for department in read:
        key = (department.year, department.name)
        if key in seen:
            raise InterchangeError(f"JSON 文件中 {department.year} 年的“{department.name}”出现了两次，请合并为一个部门")
        seen.add(key)
    return Workbook(projects=[project_from_json(p, i) for i, p in enumerate(projects)], departments=read)


def loads(text: str) -> Workbook:
    """Parse interchange text."""
    try:
        data = bounded_json.loads(text, max_bytes=MAX_JSON_BYTES)
    except bounded_json.BoundedJsonError as exc:
        raise InterchangeError(str(exc)) from None
    return workbook_from_json(data)


def read_json(path: Path) -> Workbook:
    """Read an interchange file; refuses files too large to be a workbook and text that is not UTF-8."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise InterchangeError(f"{path.name} 太大（{size // 1_048_576} MB），不像是工作簿的 JSON 文件")
        raw = path.read_bytes()
    except OSError as exc:
        raise InterchangeError(f"无法读取 {path.name}：{os_error_reason(exc)}") from None
    try:
        data = bounded_json.loads(raw, max_bytes=MAX_JSON_BYTES, what=f"{path.name} ")
    except bounded_json.BoundedJsonError as exc:
        raise InterchangeError(str(exc)) from None
    return workbook_from_json(data)
