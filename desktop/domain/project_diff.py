"""What differs between two versions of one project, in the clerk's words.

One comparison serves two questions: "what does this re-import change?" (import preview) and "what did we change
since 定稿?" (comparison with the final version). Header fields are compared by value; indicators are matched by
their place in the tree (一级, 二级, 三级 name), so a reordered row is not reported as removed and added.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.model import (
    INDICATOR_FIELD_LABELS,
    SPENDING_MONTHS,
    Funds,
    FundsBySource,
    Indicator,
    OrgUnit,
    Overview,
    Project,
    format_amount,
)

_HEADER_LABELS: tuple[tuple[str, str], ...] = (
    ("year", "预算年度"),
    ("template", "表样"),
    ("name", "项目名称"),
    ("code", "项目编码"),
    ("department", "主管部门及代码"),
    ("implementing_unit", "实施单位"),
    ("source", "项目来源"),
    ("period", "项目期"),
    ("attribute", "项目属性"),
    ("purpose", "资金用途"),
    ("basis", "立项依据"),
    ("annual_goal", "年度目标"),
)

_FUNDS_LABELS: tuple[tuple[str, str], ...] = (
    ("total", "资金总额"),
    ("fiscal", "财政拨款"),
    ("carryover", "上年结转"),
    ("other", "其他资金"),
)

_INDICATOR_FIELDS: tuple[str, ...] = ("value", "midterm_value", "description", "basis", "prior_value")


class ChangeKind(StrEnum):
    """How an indicator row differs."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One header field (or funds part) whose text differs: label, the old text and the new text ("" for blank)."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class IndicatorChange:
    """One indicator row added, removed, or with a different value or text."""

    kind: ChangeKind
    path: str
    changes: tuple[FieldChange, ...] = ()

    def describe(self) -> str:
        """One Chinese line: "新增 产出指标 / 数量指标 / 资助参保人次" or "… 指标值：>70000 人 → >80000 人"."""
        if self.kind is ChangeKind.ADDED:
            return f"新增指标 {self.path}"
        if self.kind is ChangeKind.REMOVED:
            return f"删除指标 {self.path}"
        parts = "；".join(f"{c.label}：{c.old or '（空）'} → {c.new or '（空）'}" for c in self.changes)
        return f"{self.path}　{parts}"


@dataclass(frozen=True)
class ProjectDiff:
    """Everything that differs between an old and a new version of a project."""

    fields: tuple[FieldChange, ...]
    indicators: tuple[IndicatorChange, ...]

    def is_empty(self) -> bool:
        """True when the two versions hold the same content."""
        return not self.fields and not self.indicators

    def labels(self) -> tuple[str, ...]:
        """The names of what changed, for a one-line summary ("年度目标、资金总额、3 条指标")."""
        names = [c.label for c in self.fields]
        if self.indicators:
            names.append(f"{len(self.indicators)} 条指标")
        return tuple(names)

    def lines(self) -> tuple[str, ...]:
        """Every change as one Chinese line, header fields first."""
        head = tuple(f"{c.label}：{c.old or '（空）'} → {c.new or '（空）'}" for c in self.fields)
        return head + tuple(i.describe() for i in self.indicators)


def diff_projects(old: Project, new: Project) -> ProjectDiff:
    """Compare two versions of one project field by field and indicator by indicator (storage id and status
    are not content and are ignored)."""
    fields: list[FieldChange] = []
    for key, label in _HEADER_LABELS:
        _add(fields, label, _text(getattr(old, key)), _text(getattr(new, key)))
    _add_funds(fields, "", old.funds, new.funds)
    old_mid, new_mid = old.midterm, new.midterm
    if old_mid is not None or new_mid is not None:
        _add(fields, "实施期", _period(old_mid), _period(new_mid))
        _add(fields, "总体目标", _text(old_mid.goal if old_mid else None), _text(new_mid.goal if new_mid else None))
        _add_funds(
            fields,
            "中期",
            old_mid.funds if old_mid else Funds(),
            new_mid.funds if new_mid else Funds(),
        )
    _add(fields, "资金支出计划", _plan(old), _plan(new))
    _add_department_fields(fields, old, new)
    return ProjectDiff(tuple(fields), tuple(_diff_indicators(old.indicators, new.indicators)))


def _diff_indicators(old: list[Indicator], new: list[Indicator]) -> Iterable[IndicatorChange]:
    remaining = list(old)
    for row in new:
        match = _take_match(remaining, row)
        path = _path(row)
        if match is None:
            yield IndicatorChange(ChangeKind.ADDED, path)
            continue
        changes: list[FieldChange] = []
        for key in _INDICATOR_FIELDS:
            _add(changes, INDICATOR_FIELD_LABELS[key], _text(getattr(match, key)), _text(getattr(row, key)))
        if changes:
            yield IndicatorChange(ChangeKind.CHANGED, path, tuple(changes))
    for row in remaining:
        yield IndicatorChange(ChangeKind.REMOVED, _path(row))


def _take_match(pool: list[Indicator], row: Indicator) -> Indicator | None:
    """The first old row at the same place in the tree; an identical row is preferred so duplicates pair up."""
    same_place = [i for i, o in enumerate(pool) if _key(o) == _key(row)]
    if not same_place:
        return None
    exact = next((i for i in same_place if pool[i] == row), same_place[0])
    return pool.pop(exact)


def _key(row: Indicator) -> tuple[str, str, str]:
    return (row.level1 or "", row.level2 or "", (row.name or "").strip())


def _path(row: Indicator) -> str:
    return " / ".join(p for p in (row.level1, row.level2, row.name or "（未命名）") if p)


def _add(out: list[FieldChange], label: str, old: str, new: str) -> None:
    if old != new:
        out.append(FieldChange(label, old, new))


def _add_funds(out: list[FieldChange], prefix: str, old: Funds, new: Funds) -> None:
    for key, label in _FUNDS_LABELS:
        before, after = getattr(old, key), getattr(new, key)
        if before != after:  # Decimal equality: 30 and 30.00 are the same money
            out.append(FieldChange(prefix + label, format_amount(before) or "", format_amount(after) or ""))


_BY_SOURCE_LABELS: tuple[tuple[str, str], ...] = (
    ("general", "一般公共预算"),
    ("gov_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
    ("carryover_general", "结转（一般公共预算）"),
    ("carryover_gov_fund", "结转（政府性基金预算）"),
    ("carryover_state_capital", "结转（国有资本经营预算）"),
    ("special_account", "财政专户管理资金"),
    ("unit", "单位资金"),
)
_OVERVIEW_LABELS: tuple[tuple[str, str], ...] = (
    ("summary", "项目概述"),
    ("implementer", "实施主体"),
    ("timeframe", "起止时间"),
    ("content", "项目内容"),
)


def _add_department_fields(out: list[FieldChange], old: Project, new: Project) -> None:
    """The fields the department publication reads: 项目类型, 功能分类科目, money by source, the overview."""
    _add(out, "项目类型", _text(old.kind), _text(new.kind))
    _add(out, "功能分类科目", _text(old.function_code), _text(new.function_code))
    old_sources, new_sources = old.funds_by_source or FundsBySource(), new.funds_by_source or FundsBySource()
    for key, label in _BY_SOURCE_LABELS:
        before, after = getattr(old_sources, key), getattr(new_sources, key)
        if before != after:
            out.append(FieldChange(f"资金来源 {label}", format_amount(before) or "", format_amount(after) or ""))
    old_overview, new_overview = old.overview or Overview(), new.overview or Overview()
    for key, label in _OVERVIEW_LABELS:
        _add(out, label, _text(getattr(old_overview, key)), _text(getattr(new_overview, key)))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, OrgUnit):
        return "".join(f"[{value.code}]" if value.code else "") + (value.name or "")
    return str(value).strip()


def _period(midterm: object) -> str:
    start = getattr(midterm, "start", None)
    end = getattr(midterm, "end", None)
    if start is None and end is None:
        return ""
    return f"{start or ''}—{end or ''}"


def _plan(project: Project) -> str:
    if not project.spending_plan:
        return ""
    by_month = {s.month: s.percent for s in project.spending_plan}
    return "，".join(f"{m}月 {format_amount(by_month[m])}%" for m in SPENDING_MONTHS if by_month.get(m) is not None)
