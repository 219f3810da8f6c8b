"""Reading a department's interchange object (spec/INTERCHANGE.md version 2) into a Department: a straight,
strict mapping. Every error names the department and the key path in Chinese; the schema forbids unknown keys in a
department, so a typo is reported rather than dropped. Input limits (size, depth) are applied by the caller."""

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
from desktop.domain.limits import MAX_AMOUNT_TEXT, amount_problem, year_problem
from desktop.domain.model import Indicator, clean_text
from desktop.io.department_json import CATEGORY_KEYS, THREE_PUBLIC_KEYS, DepartmentJsonError

_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_FUNCTION = re.compile(r"^[0-9]{7}$")
_ECONOMIC = re.compile(r"^[0-9]{5}$")
_ABOUT = re.compile(r"^(table:[a-z_]+|function:[0-9]{3,7}|economic:[0-9]{3,5}|operating_costs|three_public)$")

T = TypeVar("T")


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
        if not isinstance(value, str) or len(value) > MAX_AMOUNT_TEXT or not _AMOUNT.match(value):
            shown = json.dumps(value, ensure_ascii=False)
            raise self.fail(f"{path}.{key}", f'应为数字文字（单位：万元，如 "30.00"），而不是 {shown[:30]}')
        problem = amount_problem(Decimal(value))
        if problem is not None:
            raise self.fail(f"{path}.{key}", f"金额{problem}")
        return Decimal(value)

    def year(self, data: Mapping[str, Any], key: str, path: str) -> int:
        value = self.integer(data, key, path)
        problem = year_problem(value)
        if problem is not None:
            raise self.fail(f"{path}.{key}" if path else key, problem)
        return value

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
        keys = (
            "level1", "level2", "name", "value", "midterm_value", "description", "basis", "prior_value", "midterm_name",
        )  # fmt: skip
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
        three = self.opt_obj(raw, "three_public", f"{path}.three_public", THREE_PUBLIC_KEYS)
        labels = [label for _, label in CATEGORY_KEYS]
        by_category = self.opt_obj(raw, "procurement_by_category", f"{path}.procurement_by_category", labels)
        return Facts(
            operating_costs=self.amount(raw, "operating_costs", path),
            three_public=None
            if three is None
            else ThreePublic(**{k: self.amount(three, k, f"{path}.three_public") for k in THREE_PUBLIC_KEYS}),
            procurement_by_category=None
            if by_category is None
            else ProcurementByCategory(
                **{
                    key: self.amount(by_category, label, f"{path}.procurement_by_category")
                    for key, label in CATEGORY_KEYS
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
                year=self.year(raw_prior, "year", "budget.prior"),
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
        year=r.year(data, "year", ""),
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
