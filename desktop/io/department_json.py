"""The JSON form of a department (spec/INTERCHANGE.md version 2, `departments`): a straight mapping both ways.

Every key is always written in the spec's order. Reading is strict about types (errors name the department and
the key in Chinese) and tolerant of nothing else: the schema forbids unknown keys in a department, so a typo is
reported instead of silently dropped. The workbook file stores a department in this same form, so the two cannot
drift apart. The printed figures of an imported document (`Printed`) are not part of the interchange format; the
workbook file keeps them with `printed_to_json` / `printed_from_json`. Reading a department is in
`department_reader.py`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from desktop.domain.department import (
    BasicRow,
    Budget,
    Department,
    Facts,
    MoneyRow,
    Paragraph,
    Printed,
    PrintedFigure,
    PrintedName,
    PrintedRow,
    SpendingRow,
)
from desktop.domain.model import Indicator, format_amount

CATEGORY_KEYS = (("goods", "货物"), ("works", "工程"), ("services", "服务"))
THREE_PUBLIC_KEYS = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")


class DepartmentJsonError(ValueError):
    """A department object that is not usable; the message is Chinese and names the department and the key."""


# ---------------------------------------------------------------------------------------------------- writing


def indicator_to_json(ind: Indicator) -> dict[str, str | None]:
    """One indicator row as an interchange object (version 2 keys; `midterm_name` only where it is set)."""
    data = {
        "level1": ind.level1,
        "level2": ind.level2,
        "name": ind.name,
        "value": ind.value,
        "midterm_value": ind.midterm_value,
        "description": ind.description,
        "basis": ind.basis,
        "prior_value": ind.prior_value,
    }
    if ind.midterm_name is not None:
        # Optional (the schema allows it): only mid-term forms whose two halves name a 三级 differently have one.
        data["midterm_name"] = ind.midterm_name
    return data


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
        "three_public": None if three is None else {k: format_amount(getattr(three, k)) for k in THREE_PUBLIC_KEYS},
        "procurement_by_category": None
        if by_category is None
        else {label: format_amount(getattr(by_category, key)) for key, label in CATEGORY_KEYS},
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
