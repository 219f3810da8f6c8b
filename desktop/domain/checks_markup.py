"""W11: web-page markup (`<p>`, `<br/>`, `&nbsp;`) left in a project's text — it would print as it is on a stamped
page. The fix removes the markup and keeps the words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from desktop.domain.checks_base import Context
from desktop.domain.damage import has_html, strip_html
from desktop.domain.findings import Fix, Location
from desktop.domain.model import INDICATOR_TEXT_FIELDS, OrgUnit, Project

_HEADER_TEXTS = ("name", "code", "source", "period", "attribute", "basis", "purpose", "annual_goal")


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _header_fix(key: str, expected: str) -> Fix:
    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        if key == "midterm.goal":
            if fixed.midterm is not None and fixed.midterm.goal == expected:
                fixed.midterm = replace(fixed.midterm, goal=strip_html(expected).strip() or None)
        elif key in ("department.name", "implementing_unit.name"):
            attr = key.split(".")[0]
            unit: OrgUnit = getattr(fixed, attr)
            if unit.name == expected:
                setattr(fixed, attr, replace(unit, name=strip_html(expected).strip() or None))
        elif getattr(fixed, key) == expected:
            setattr(fixed, key, strip_html(expected).strip() or None)
        return fixed

    return Fix("去掉网页格式标记", apply)


def _cell_fix(index: int, column: str, expected: str) -> Fix:
    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        if 0 <= index < len(fixed.indicators) and getattr(fixed.indicators[index], column) == expected:
            cleaned: dict[str, Any] = {column: strip_html(expected).strip() or None}
            fixed.indicators[index] = replace(fixed.indicators[index], **cleaned)
        return fixed

    return Fix("去掉网页格式标记", apply)


def check_markup(ctx: Context) -> None:
    """W11 on every text of the project: header fields, goals, units and each indicator cell."""
    p = ctx.project
    texts: list[tuple[str, str | None]] = [(key, getattr(p, key)) for key in _HEADER_TEXTS]
    texts += [("department.name", p.department.name), ("implementing_unit.name", p.implementing_unit.name)]
    if p.midterm is not None:
        texts.append(("midterm.goal", p.midterm.goal))
    for key, text in texts:
        if text and has_html(text):
            ctx.add(
                "W11",
                Location(field=key.removesuffix(".name")),
                f"“{_shown(text)}”中有网页格式标记，打印出来会原样出现：应为“{_shown(strip_html(text).strip())}”。",
                value=text,
                fix=_header_fix(key, text),
            )
    for i, ind in enumerate(p.indicators):
        for column in INDICATOR_TEXT_FIELDS:
            text = getattr(ind, column, None)
            if text and has_html(text):
                ctx.add(
                    "W11",
                    Location(indicator=i, column=column),
                    f"“{_shown(text)}”中有网页格式标记，打印出来会原样出现：应为“{_shown(strip_html(text).strip())}”。",
                    value=text,
                    fix=_cell_fix(i, column, text),
                )
