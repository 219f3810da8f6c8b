"""The JSON form of a department (spec/INTERCHANGE.md version 2, `departments`): a straight mapping both ways.

Every key is always written in the spec's order. Reading is strict about types (errors name the department and
the key in Chinese) and tolerant of nothing else: the schema forbids unknown keys in a department, so a typo is
reported instead of silently dropped. The workbook file stores a department in this same form, so the two cannot
drift apart. The printed figures of an imported document (`Printed`) are not part of the interchange format; the
workbook file keeps them with `printed_to_json` / `printed_from_json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from desktop.domain.department import (
    PROCUREMENT_CATEGORIES,
    UNIT_KINDS,
    BasicRow,
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
    PrintedRow,
    Prior,
    ProcurementByCategory,
    ProcurementRow,
    Reason,
    ServiceRow,
    Source,
    SpendingRow,
    TargetItem,
    ThreePublic,
)
from desktop.domain.model import Indicator, clean_text, format_amount

_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_FUNCTION = re.compile(r"^[0-9]{7}$")
_ECONOMIC = re.compile(r"^[0-9]{5}$")
_ABOUT = re.compile(r"^(table:[a-z_]+|function:[0-9]{3,7}|economic:[0-9]{3,5}|operating_costs|three_public)$")
_CATEGORY_KEYS = (("goods", "货物"), ("works", "工程"), ("services", "服务"))
_THREE_PUBLIC_KEYS = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")

T = TypeVar("T")


class DepartmentJsonError(ValueError):
    """A department object that is not usable; the message is Chinese and names the department and the key."""


# ---------------------------------------------------------------------------------------------------- writing


def indicator_to_json(ind: Indicator) -> dict[str, str | None]:
    """One indicator row as an interchange object (version 2 keys)."""
    return {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "value": ind.value,
        "midterm_value": ind.midterm_value,
        "description": ind.description,
        "basis": ind.basis,
        "prior_value": ind.prior_value,
    }


def _paragraphs(items: Sequence[Paragraph]) -> list[dict[str, str | None]]:
    return [{"title": p.title, "text": p.text} for p in items]


def _money(row: MoneyRow) -> dict[str, Any]:
    return {
        "source": row.source.value,
        "unit_kind": row.unit_kind,
        "amount": format_amount(row.amount),
        "central_transfer": format_amount(row.central_transfer),
    }


def _spending(row: SpendingRow) -> dict[str, Any]:
    return {
        "function": row.function,
        "name": row.name,
        "source": row.source.value,
        "carryover": row.carryover,
        "personnel": format_amount(row.personnel),
        "public": format_amount(row.public),
        "project": format_amount(row.project),
        "business": format_amount(row.business),
        "to_superior": format_amount(row.to_superior),
        "to_subordinate": format_amount(row.to_subordinate),
    }


def _basic(row: BasicRow) -> dict[str, Any]:
    return {
        "economic": row.economic,
        "name": row.name,
        "personnel": format_amount(row.personnel),
        "public": format_amount(row.public),
    }


def _facts(facts: Facts | None) -> dict[str, Any] | None:
    if facts is None:
        return None
    three = facts.three_public
    by_category = facts.procurement_by_category
    return {
        "operating_costs": format_amount(facts.operating_costs),
        "three_public": None if three is None else {k: format_amount(getattr(three, k)) for k in _THREE_PUBLIC_KEYS},
        "procurement_by_category": None
        if by_category is None
        else {label: format_amount(getattr(by_category, key)) for key, label in _CATEGORY_KEYS},
        "assets": facts.assets,
    }


def budget_to_json(budget: Budget | None) -> dict[str, Any] | None:
    """The entered budget as an interchange object (or None)."""
    if budget is None:
        return None
    prior = budget.prior
    return {
        "spending": [_spending(r) for r in budget.spending],
        "basic": [_basic(r) for r in budget.basic],
        "income": [_money(r) for r in budget.income],
        "carryover": [_money(r) for r in budget.carryover],
        "carry_forward": [_money(r) for r in budget.carry_forward],
        "procurement": [
            {
                "project": r.project,
                "item": r.item,
                "category": r.category,
                "source": r.source.value,
                "amount": format_amount(r.amount),
            }
            for r in budget.procurement
        ],
        "services": [
            {
                "project": r.project,
                "catalog": list(r.catalog),
                "content": r.content,
                "quantity": r.quantity,
                "amount": format_amount(r.amount),
                "source": r.source.value,
            }
            for r in budget.services
        ],
        "facts": _facts(budget.facts),
        "prior": None
        if prior is None
        else {
            "year": prior.year,
            "spending": [_spending(r) for r in prior.spending],
            "basic": [_basic(r) for r in prior.basic],
            "income": [_money(r) for r in prior.income],
            "facts": _facts(prior.facts),
        },
        "reasons": [{"about": r.about, "text": r.text} for r in budget.reasons],
    }


def department_to_json(department: Department) -> dict[str, Any]:
    """One department as an interchange object (every key present, spec order)."""
    cover = department.cover
    target = department.overall_target
    return {
        "year": department.year,
        "code": department.code,
        "name": department.name,
        "document": department.document,
        "cover": None
        if cover is None
        else {
            "title": cover.title,
            "compiled_by": cover.compiled_by,
            "reviewed_by": cover.reviewed_by,
            "date": cover.date,
            "draft": cover.draft,
        },
        "units": [{"name": u.name, "kind": u.kind} for u in department.units],
        "duties": _paragraphs(department.duties),
        "tasks": _paragraphs(department.tasks),
        "overall_target": None
        if target is None
        else {
            "goals": _paragraphs(target.goals),
            "items": [{"title": i.title, "goal": i.goal, "indicators": i.indicators} for i in target.items],
            "measures": _paragraphs(target.measures),
            "annual_goal": target.annual_goal,
            "indicators": [indicator_to_json(i) for i in target.indicators],
        },
        "budget": budget_to_json(department.budget),
        "notes": _paragraphs(department.notes),
    }


# ---------------------------------------------------------------------------------------------------- reading


class _Reader:
    """Typed reading of one department; every error names the department and the key path."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, path: str, problem: str) -> DepartmentJsonError:
        return DepartmentJsonError(f"{self.where}的“{path}”{problem}")

    def obj(self, value: Any, path: str, *, allowed: Sequence[str] = ()) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, "应为对象")
        if allowed:
            unknown = [k for k in value if k not in allowed]
            if unknown:
                raise self.fail(path, f"含有不认识的键“{unknown[0]}”（可用的键：{'、'.join(allowed)}）")
        return value

    def opt_obj(self, data: Mapping[str, Any], key: str, path: str, allowed: Sequence[str]) -> Mapping[str, Any] | None:
        value = data.get(key)
        return None if value is None else self.obj(value, path, allowed=allowed)

    def items(self, data: Mapping[str, Any], key: str, path: str, read: Callable[[Any, str], T]) -> tuple[T, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(path, "应为列表")
        return tuple(read(item, f"{path}[{i + 1}]") for i, item in enumerate(value))

    def text(self, data: Mapping[str, Any], key: str, path: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}" if path else key, "应为文字或 null")
        return clean_text(value)

    def required_text(self, data: Mapping[str, Any], key: str, path: str) -> str:
        value = self.text(data, key, path)
        if value is None:
            raise self.fail(f"{path}.{key}" if path else key, "不能为空")
        return value

    def integer(self, data: Mapping[str, Any], key: str, path: str) -> int:
        value = data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{path}.{key}" if path else key, "应为整数（如 2024）")
        return value

    def flag(self, data: Mapping[str, Any], key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{key}", "应为 true 或 false")
        return value

    def amount(self, data: Mapping[str, Any], key: str, path: str) -> Decimal | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not _AMOUNT.match(value):
            shown = json.dumps(value, ensure_ascii=False)
            raise self.fail(f"{path}.{key}", f'应为数字文字（单位：万元，如 "30.00"），而不是 {shown}')
        return Decimal(value)

    def code(self, data: Mapping[str, Any], key: str, path: str, pattern: re.Pattern[str], digits: int) -> str:
        value = data.get(key)
        if not isinstance(value, str) or not pattern.match(value):
            shown = json.dumps(value, ensure_ascii=False)
            raise self.fail(f"{path}.{key}", f"应为 {digits} 位数字的科目编码，而不是 {shown}")
        return value

    def source(self, data: Mapping[str, Any], key: str, path: str, *, default: Source | None = None) -> Source:
        value = data.get(key)
        if value is None and default is not None:
            return default
        try:
            return Source(str(value))
        except ValueError:
            choices = "、".join(f"{s.value}（{s.label}）" for s in Source)
            raise self.fail(f"{path}.{key}", f"应为资金来源之一：{choices}") from None

    def choice(self, data: Mapping[str, Any], key: str, path: str, choices: Sequence[str]) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value not in choices:
            raise self.fail(f"{path}.{key}", f"应为 {'、'.join(choices)} 之一或 null")
        return str(value)

    # -------------------------------------------------------------------------------- the shapes

    def paragraph(self, value: Any, path: str) -> Paragraph:
        data = self.obj(value, path, allowed=("title", "text"))
        return Paragraph(title=self.text(data, "title", path), text=self.text(data, "text", path))

    def unit(self, value: Any, path: str) -> BudgetUnit:
        data = self.obj(value, path, allowed=("name", "kind"))
        return BudgetUnit(name=self.required_text(data, "name", path), kind=self.text(data, "kind", path))

    def indicator(self, value: Any, path: str) -> Indicator:
        keys = ("level1", "level2", "name", "value", "midterm_value", "description", "basis", "prior_value")
        data = self.obj(value, path)
        return Indicator(
            level1=self.required_text(data, "level1", path),
            **{k: self.text(data, k, path) for k in keys[1:]},
        )

    def target_item(self, value: Any, path: str) -> TargetItem:
        data = self.obj(value, path, allowed=("title", "goal", "indicators"))
        return TargetItem(
            title=self.text(data, "title", path),
            goal=self.text(data, "goal", path),
            indicators=self.text(data, "indicators", path),
        )

    def spending(self, value: Any, path: str) -> SpendingRow:
        keys = ("function", "name", "source", "carryover", "personnel", "public", "project", "business")
        data = self.obj(value, path, allowed=(*keys, "to_superior", "to_subordinate"))
        return SpendingRow(
            function=self.code(data, "function", path, _FUNCTION, 7),
            name=self.text(data, "name", path),
            source=self.source(data, "source", path),
            carryover=self.flag(data, "carryover", path),
            personnel=self.amount(data, "personnel", path),
            public=self.amount(data, "public", path),
            project=self.amount(data, "project", path),
            business=self.amount(data, "business", path),
            to_superior=self.amount(data, "to_superior", path),
            to_subordinate=self.amount(data, "to_subordinate", path),
        )

    def basic(self, value: Any, path: str) -> BasicRow:
        data = self.obj(value, path, allowed=("economic", "name", "personnel", "public"))
        return BasicRow(
            economic=self.code(data, "economic", path, _ECONOMIC, 5),
            name=self.text(data, "name", path),
            personnel=self.amount(data, "personnel", path),
            public=self.amount(data, "public", path),
        )

    def money(self, value: Any, path: str) -> MoneyRow:
        data = self.obj(value, path, allowed=("source", "unit_kind", "amount", "central_transfer"))
        source = self.source(data, "source", path)
        unit_kind = self.choice(data, "unit_kind", path, UNIT_KINDS)
        if unit_kind is not None and source is not Source.UNIT:
            raise self.fail(f"{path}.unit_kind", "只用于单位资金（source 为 unit），其他来源应为 null")
        return MoneyRow(
            source=source,
            amount=self.amount(data, "amount", path),
            unit_kind=unit_kind,
            central_transfer=self.amount(data, "central_transfer", path),
        )

    def procurement(self, value: Any, path: str) -> ProcurementRow:
        data = self.obj(value, path, allowed=("project", "item", "category", "source", "amount"))
        return ProcurementRow(
            project=self.text(data, "project", path),
            item=self.text(data, "item", path),
            amount=self.amount(data, "amount", path),
            category=self.choice(data, "category", path, PROCUREMENT_CATEGORIES),
            source=self.source(data, "source", path, default=Source.GENERAL),
        )

    def service(self, value: Any, path: str) -> ServiceRow:
        data = self.obj(value, path, allowed=("project", "catalog", "content", "quantity", "amount", "source"))
        catalog = data.get("catalog") or []
        if not isinstance(catalog, list) or len(catalog) > 3 or any(not isinstance(c, str | None) for c in catalog):
            raise self.fail(f"{path}.catalog", "应为至多 3 个目录名称的列表（一级、二级、三级目录）")
        return ServiceRow(
            project=self.text(data, "project", path),
            amount=self.amount(data, "amount", path),
            catalog=tuple(clean_text(c) for c in catalog),
            content=self.text(data, "content", path),
            quantity=self.text(data, "quantity", path),
            source=self.source(data, "source", path, default=Source.GENERAL),
        )

    def facts(self, data: Mapping[str, Any], key: str, path: str) -> Facts | None:
        path = f"{path}.{key}" if path else key
        raw = self.opt_obj(data, key, path, ("operating_costs", "three_public", "procurement_by_category", "assets"))
        if raw is None:
            return None
        three = self.opt_obj(raw, "three_public", f"{path}.three_public", _THREE_PUBLIC_KEYS)
        labels = [label for _, label in _CATEGORY_KEYS]
        by_category = self.opt_obj(raw, "procurement_by_category", f"{path}.procurement_by_category", labels)
        return Facts(
            operating_costs=self.amount(raw, "operating_costs", path),
            three_public=None
            if three is None
            else ThreePublic(**{k: self.amount(three, k, f"{path}.three_public") for k in _THREE_PUBLIC_KEYS}),
            procurement_by_category=None
            if by_category is None
            else ProcurementByCategory(
                **{
                    key: self.amount(by_category, label, f"{path}.procurement_by_category")
                    for key, label in _CATEGORY_KEYS
                }
            ),
            assets=self.text(raw, "assets", path),
        )

    def reason(self, value: Any, path: str) -> Reason:
        data = self.obj(value, path, allowed=("about", "text"))
        about = data.get("about")
        if not isinstance(about, str) or not _ABOUT.match(about):
            raise self.fail(
                f"{path}.about",
                "应为 table:<表>、function:<功能科目编码>、economic:<经济科目编码>、operating_costs 或 three_public",
            )
        return Reason(about=about, text=self.text(data, "text", path))

    def budget(self, data: Mapping[str, Any]) -> Budget | None:
        keys = ("spending", "basic", "income", "carryover", "carry_forward", "procurement", "services", "facts")
        raw = self.opt_obj(data, "budget", "budget", (*keys, "prior", "reasons"))
        if raw is None:
            return None
        raw_prior = self.opt_obj(raw, "prior", "budget.prior", ("year", "spending", "basic", "income", "facts"))
        prior = None
        if raw_prior is not None:
            prior = Prior(
                year=self.integer(raw_prior, "year", "budget.prior"),
                spending=self.items(raw_prior, "spending", "budget.prior.spending", self.spending),
                basic=self.items(raw_prior, "basic", "budget.prior.basic", self.basic),
                income=self.items(raw_prior, "income", "budget.prior.income", self.money),
                facts=self.facts(raw_prior, "facts", "budget.prior"),
            )
        return Budget(
            spending=self.items(raw, "spending", "budget.spending", self.spending),
            basic=self.items(raw, "basic", "budget.basic", self.basic),
            income=self.items(raw, "income", "budget.income", self.money),
            carryover=self.items(raw, "carryover", "budget.carryover", self.money),
            carry_forward=self.items(raw, "carry_forward", "budget.carry_forward", self.money),
            procurement=self.items(raw, "procurement", "budget.procurement", self.procurement),
            services=self.items(raw, "services", "budget.services", self.service),
            facts=self.facts(raw, "facts", "budget"),
            prior=prior,
            reasons=self.items(raw, "reasons", "budget.reasons", self.reason),
        )


_DEPARTMENT_KEYS = (
    "year", "code", "name", "document", "cover", "units", "duties", "tasks", "overall_target", "budget", "notes",
)  # fmt: skip


def department_from_json(data: Any, index: int) -> Department:
    """Read one interchange department object; `index` (0-based) names it in error messages."""
    where = f"第 {index + 1} 个部门"
    if isinstance(data, Mapping) and isinstance(data.get("name"), str) and data["name"].strip():
        where += f"（{data['name'].strip()}）"
    r = _Reader(where)
    data = r.obj(data, "部门", allowed=_DEPARTMENT_KEYS)
    cover = r.opt_obj(data, "cover", "cover", ("title", "compiled_by", "reviewed_by", "date", "draft"))
    target = r.opt_obj(
        data, "overall_target", "overall_target", ("goals", "items", "measures", "annual_goal", "indicators")
    )
    return Department(
        year=r.integer(data, "year", ""),
        name=r.required_text(data, "name", ""),
        code=r.text(data, "code", ""),
        document=r.text(data, "document", ""),
        cover=None
        if cover is None
        else Cover(
            title=r.text(cover, "title", "cover"),
            compiled_by=r.text(cover, "compiled_by", "cover"),
            reviewed_by=r.text(cover, "reviewed_by", "cover"),
            date=r.text(cover, "date", "cover"),
            draft=r.flag(cover, "draft", "cover"),
        ),
        units=r.items(data, "units", "units", r.unit),
        duties=r.items(data, "duties", "duties", r.paragraph),
        tasks=r.items(data, "tasks", "tasks", r.paragraph),
        overall_target=None
        if target is None
        else OverallTarget(
            goals=r.items(target, "goals", "overall_target.goals", r.paragraph),
            items=r.items(target, "items", "overall_target.items", r.target_item),
            measures=r.items(target, "measures", "overall_target.measures", r.paragraph),
            annual_goal=r.text(target, "annual_goal", "overall_target"),
            indicators=r.items(target, "indicators", "overall_target.indicators", r.indicator),
        ),
        budget=r.budget(data),
        notes=r.items(data, "notes", "notes", r.paragraph),
    )


# ---------------------------------------------------------------------------------------------------- printed


def printed_to_json(printed: Printed) -> dict[str, Any]:
    """The printed figures of an imported document, for the workbook file (not part of the interchange format)."""
    return {
        "contents": list(printed.contents),
        "tables": list(printed.tables),
        "rows": [
            {
                "table": r.table,
                "key": r.key,
                "label": r.label,
                "unit": r.unit,
                "cells": [[column, format_amount(amount)] for column, amount in r.cells],
                "line": r.line,
            }
            for r in printed.rows
        ],
        "figures": [
            {
                "section": f.section,
                "figure": f.figure,
                "amount": format_amount(f.amount),
                "text": f.text,
                "line": f.line,
            }
            for f in printed.figures
        ],
        "names": [
            {
                "place": n.place,
                "name": n.name,
                "amount": format_amount(n.amount),
                "unit": n.unit,
                "goal": n.goal,
                "line": n.line,
            }
            for n in printed.names
        ],
    }


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def printed_from_json(data: Mapping[str, Any]) -> Printed:
    """Read back what `printed_to_json` wrote; raises KeyError/TypeError/ValueError on damage."""
    return Printed(
        contents=tuple(str(c) for c in data["contents"]),
        tables=tuple(str(t) for t in data["tables"]),
        rows=tuple(
            PrintedRow(
                table=r["table"],
                key=r["key"],
                label=r["label"],
                unit=r["unit"],
                cells=tuple((str(c), _dec(a)) for c, a in r["cells"]),
                line=r["line"],
            )
            for r in data["rows"]
        ),
        figures=tuple(
            PrintedFigure(
                section=f["section"], figure=f["figure"], amount=_dec(f["amount"]), text=f["text"], line=f["line"]
            )
            for f in data["figures"]
        ),
        names=tuple(
            PrintedName(
                place=n["place"],
                name=n["name"],
                amount=_dec(n["amount"]),
                unit=n["unit"],
                goal=n["goal"],
                line=n["line"],
            )
            for n in data["names"]
        ),
    )
