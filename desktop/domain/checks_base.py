"""What a check produces (Finding, Location, Fix) and the context every check reads from.

Location keys the editor uses to jump to a finding:

- `field` is a Project header key: "name", "code", "department", "implementing_unit", "source", "period",
  "attribute", "basis", "purpose", "annual_goal", "year", "template", "funds.<total|fiscal|carryover|other>",
  "midterm.goal", "midterm.funds.<key>", "spending_plan", or "indicators" for a finding about the indicator table
  as a whole (E03, E07–E09, where no single row is at fault).
- `indicator` is an index into `project.indicators`, with `column` the Indicator field ("name", "value",
  "midterm_value", "level1", "level2").
- For a department finding, `table` is a table id of the publication (`general`, `projects`, …, or `explanations`,
  `contents`, `facts`), `row` the row key (a code, a project name, `total`) and `column` the column id.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from desktop.domain.findings import Finding, Fix, Location
from desktop.domain.model import INDICATOR_FIELD_LABELS, Indicator, Project
from desktop.domain.rules import RULES
from desktop.domain.values import ParsedValue, parse_value
from desktop.templates.frames import Frame
from desktop.templates.layouts import DEFAULT_LABELS, FundsBlock, Layout

if TYPE_CHECKING:  # annotations only: the department checks import this module
    pass


@lru_cache(maxsize=16384)
def parsed(text: str) -> ParsedValue:
    """parse_value, remembered: validation runs on every keystroke and most values do not change between runs."""
    return parse_value(text)


def blank(text: str | None) -> bool:
    """True for None, empty or whitespace-only text."""
    return text is None or not text.strip()


def wan(amount: Decimal) -> str:
    """An amount in 万元 written without exponent or needless trailing zeros ("4965", "29.55")."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_LABEL_UNIT = re.compile(r"[（(]\s*(?:万元|%|％)\s*[）)]")
_LABEL_LEAD = re.compile(r"^其中\s*[:：]\s*")
_DEFAULT_COLUMNS = INDICATOR_FIELD_LABELS
_FIXED_FIELDS = {"year": "预算年度", "template": "版式", "spending_plan": "资金支出计划", "indicators": "绩效指标"}


def _clean_label(label: str) -> str:
    # Form labels carry print decoration ("项目资金（万元）", "其中：财政拨款", "年度资金总额："), odd in a path.
    return _LABEL_LEAD.sub("", _LABEL_UNIT.sub("", label)).strip().rstrip(":：").strip()


class Context:
    """One project under validation: its layout (None when unknown), each value parsed once, the findings so far."""

    def __init__(self, project: Project, layout: Layout | None) -> None:
        self.project = project
        self.layout = layout
        self.frame: Frame | None = layout.frame if layout is not None else None
        self.parsed: list[ParsedValue | None] = [
            None if blank(ind.value) else parsed((ind.value or "").strip()) for ind in project.indicators
        ]
        self.findings: list[Finding] = []
        self._name = project.display_name()
        self._columns = dict(_DEFAULT_COLUMNS)
        if layout is not None:
            for column in reversed(layout.columns):  # the first column of a key wins (ah-midterm prints two)
                self._columns[column.key] = column.label

    def add(
        self, rule: str, location: Location, message: str, value: str | None = None, fix: Fix | None = None
    ) -> None:
        """Record a finding of `rule` at `location`."""
        text = self.indicator_text(location) if location.indicator is not None else self.field_text(location.field)
        self.findings.append(
            Finding(rule, RULES[rule].severity, self.project.id, self._name, location, text, message, value, fix)
        )

    # ------------------------------------------------------------------ location texts

    def field_text(self, key: str | None) -> str:
        """The form's own words for a header field ("项目资金 › 年度资金总额", "绩效目标")."""
        if key is None:
            return "整个项目"
        layout = self.layout
        if key.startswith("funds."):
            return self._funds_text(layout.funds if layout else None, "项目资金", key.removeprefix("funds."))
        if key.startswith("midterm.funds."):
            block = layout.midterm_funds if layout else None
            return self._funds_text(block, "中期资金", key.removeprefix("midterm.funds."))
        if key == "annual_goal":
            return layout.goal_label if layout else DEFAULT_LABELS["annual_goal"]
        if key == "midterm.goal":
            return self._midterm_goal_label()
        if key == "spending_plan" and layout is not None and layout.spending_label:
            return _clean_label(layout.spending_label)
        if key == "indicators" and layout is not None and layout.indicators_label:
            return layout.indicators_label
        if key in _FIXED_FIELDS:
            return _FIXED_FIELDS[key]
        return layout.label(key) if layout else DEFAULT_LABELS.get(key, key)

    def _funds_text(self, block: FundsBlock | None, default: str, key: str) -> str:
        block_label = _clean_label(block.label) if block else default
        row = next((r for r in block.rows if r.key == key), None) if block else None
        row_label = _clean_label(row.label) if row else DEFAULT_LABELS.get(key, key)
        if key == "total" and default == "中期资金" and row is None:
            row_label = "中期资金总额"
        return block_label if row_label == block_label else f"{block_label} › {row_label}"

    def _midterm_goal_label(self) -> str:
        midterm = self.project.midterm
        if self.layout is not None:
            return self.layout.midterm_goal_label(midterm.start if midterm else None, midterm.end if midterm else None)
        label = "总体目标"
        if midterm is not None and midterm.start is not None and midterm.end is not None:
            try:
                return label.format(start=midterm.start, end=midterm.end)
            except (KeyError, IndexError, ValueError):
                pass
        return re.sub(r"[（(][^）)]*\{[^）)]*[）)]", "", label).strip() or "总体目标"

    def column_label(self, column: str) -> str:
        """The heading of an indicator column in this layout ("指标值", "本年度指标值")."""
        return self._columns.get(column, column)

    def indicator_text(self, location: Location) -> str:
        """ "指标第 3 行（产出指标 › 数量指标 › 资助参保人次）的指标值"."""
        index = location.indicator if location.indicator is not None else 0
        ind = self.project.indicators[index]
        path = f"{ind.level1 or '未填一级'} › {ind.level2 or '未填二级'} › {ind.name or '未命名'}"
        text = f"指标第 {index + 1} 行（{path}）"
        return f"{text}的{self.column_label(location.column)}" if location.column else text


# ---------------------------------------------------------------------- fixes on one indicator cell


def replace_cell_fix(label: str, index: int, column: str, expected: str | None, new_text: str) -> Fix:
    """A fix that writes `new_text` into one indicator cell, if that cell still holds `expected`.

    The check makes sure the clerk's project has not moved on since the finding (a stale fix then does nothing).
    """

    def apply(project: Project) -> Project:
        fixed = project.snapshot()
        if 0 <= index < len(fixed.indicators) and getattr(fixed.indicators[index], column) == expected:
            fixed.indicators[index] = replace(fixed.indicators[index], **{column: new_text})
        return fixed

    return Fix(label, apply)


def indicator_label(ind: Indicator) -> str:
    """The 三级 name in quotes for a message, or a placeholder."""
    return f"“{ind.name.strip()}”" if ind.name and ind.name.strip() else "（未命名）"
