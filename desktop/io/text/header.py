"""Text imports: the top of a form's table — header fields, funds, goals, spending plan (the lines above it are
read by text_preamble).

Fields are found by their label wherever it sits in the row (merged cells shift values right), including a label
and its value in one cell (`实施单位 某某中心`). A label whose value is not beside it (a goal printed on the rows
below, Hebei's 资金用途 under 预算规模及资金用途, the spending percentages under their months, an amount the PDF
put on the line under its label or the funds printed across with the amounts under their labels) leaves a pending
target that the following label-free rows fill, by column when several targets sit side by side (the mid-term
layout's 总体目标 beside 年度目标, 中期资金总额 beside 年度资金总额). Amounts may carry thousands separators,
full-width digits and `万元`; an amount written in 元 is converted and noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from desktop.domain.limits import MAX_AMOUNT_TEXT, amount_problem, round_to_bounds
from desktop.domain.model import (
    AmountError,
    Funds,
    Indicator,
    Midterm,
    OrgUnit,
    Project,
    SpendingStep,
    parse_amount,
)
from desktop.io.importing import UnplacedLine
from desktop.io.text.labels import Kind, LabelBook, LabelHit, LabelSpec, parse_org
from desktop.io.text.lines import Row, fits, join_pieces, join_wrapped, label_key
from desktop.templates.layouts import Layout

_MONTH = re.compile(r"^(\d{1,2})\s*月\s*[底末]?$")
# The mid-term period printed beside 总体目标 or on the line under it: `2021-2023`, `（2021—2023年）`, `2021年至2023年`.
_PERIOD_ONLY = re.compile(r"^[（(]?\s*(\d{4})\s*年?\s*(?:[-—–~～至到]|——)\s*(\d{4})\s*年?\s*(?:度)?\s*[)）]?$")
_BLANK_AMOUNT = {"-", "—", "－", "/", "／", "无", "空", "——"}


@dataclass
class FormDraft:
    """One form being read: what was found so far, and what could not be placed."""

    layout: Layout
    first_line: int
    name: str | None = None
    title_name: str | None = None
    code: str | None = None
    department: OrgUnit = field(default_factory=OrgUnit)
    implementing_unit: OrgUnit = field(default_factory=OrgUnit)
    source: str | None = None
    period: str | None = None
    attribute: str | None = None
    basis: str | None = None
    purpose: str | None = None
    year: int | None = None
    funds: dict[str, Decimal | None] = field(default_factory=dict)
    midterm_funds: dict[str, Decimal | None] = field(default_factory=dict)
    midterm_period: tuple[int, int] | None = None
    midterm_goal: str | None = None
    annual_goal: str | None = None
    spending: dict[int, Decimal | None] | None = None
    indicators: list[Indicator] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    guesses: list[tuple[int, int, str]] = field(default_factory=list)  # (indicator index, line, why)

    def reject(self, row: Row, reason: str) -> None:
        """Report a row that could not be placed."""
        self.unplaced.append(UnplacedLine(row.line_no, row.text, reason))

    def to_project(self, year: int) -> Project:
        """The finished project (the year decided by the caller when the form printed none)."""
        midterm = None
        if self.layout.has_midterm or self.midterm_funds or self.midterm_goal or self.midterm_period:
            start, end = self.midterm_period or (None, None)
            midterm = Midterm(start=start, end=end, goal=self.midterm_goal, funds=Funds(**self.midterm_funds))
        plan = None
        if self.spending is not None:
            months = self.layout.spending_months or tuple(sorted(self.spending))
            plan = tuple(SpendingStep(m, self.spending.get(m)) for m in months)
        return Project(
            year=year,
            template=self.layout.id,
            name=self.name or self.title_name,
            code=self.code,
            department=self.department,
            implementing_unit=self.implementing_unit,
            source=self.source,
            period=self.period,
            attribute=self.attribute,
            funds=Funds(**self.funds),
            midterm=midterm,
            purpose=self.purpose,
            spending_plan=plan,
            basis=self.basis,
            annual_goal=self.annual_goal,
            indicators=list(self.indicators),
        )


@dataclass
class _Pending:
    column: int
    target: str  # "annual", "midterm", "purpose", "spending", "amount", or a header field name
    spec: LabelSpec | None = None  # the funds label waiting for its amount


class HeaderReader:
    """Reads the header rows of one form (from 项目名称 down to the indicator table) into a FormDraft."""

    def __init__(self, draft: FormDraft, book: LabelBook) -> None:
        self.draft = draft
        self.book = book
        self.pending: list[_Pending] = []
        self.block_columns: dict[str, int] = {}
        self.months: list[tuple[int, int]] = []

    def feed(self, row: Row) -> None:
        """Read one row; rows that fit nowhere are reported on the draft."""
        if row.is_blank():
            return
        tokens: list[tuple[int, LabelHit | None, str]] = []
        for pos, cell in row.filled():
            hit = self.book.match(row.raw[pos], cell)
            if hit is not None and label_key(cell) in self.book.weak and tokens:
                before = tokens[-1][1]
                if before is not None and before.spec.kind is Kind.FIELD and before.value is None:
                    hit = None
            tokens.append((pos, hit, cell))
        if not any(hit is not None for _, hit, _ in tokens):
            self._fill_pending(row, tokens)
            return
        self.pending = []
        leading: list[str] = []
        groups: list[tuple[int, LabelHit, list[str]]] = []
        for pos, hit, cell in tokens:
            if hit is not None:
                groups.append((pos, hit, []))
            elif groups:
                groups[-1][2].append(cell)
            else:
                leading.append(cell)
        for pos, hit, values in groups:
            self._apply(row, pos, hit, values)
        if leading:
            self.draft.reject(row, f"表头行中未识别的文字：{' '.join(leading)}")

    def _apply(self, row: Row, pos: int, hit: LabelHit, values: list[str]) -> None:
        spec = hit.spec
        # Several cells after one label are one value wrapped or split by the extraction (`城乡居民医保 | 县级配套`).
        value = hit.value if hit.value is not None else (join_pieces(values) if values else None)
        if spec.kind is Kind.SPENDING:
            self._read_months(row, pos)
            return
        if spec.kind is Kind.FIELD:
            self._set_field(spec.key, value)
            if value is not None:
                self.pending.append(_Pending(pos, spec.key))
        elif spec.kind is Kind.FUNDS:
            self._set_amount(row, pos, spec, value)
            if value is None:
                # The amount may follow on the next line: a PDF cell printed lower than its label, or the
                # funds printed across (a row of labels, the amounts under them).
                self.pending.append(_Pending(pos, "amount", spec))
        elif spec.kind is Kind.BLOCK:
            if value is not None and _amount_text(value):
                self._set_amount(row, pos, LabelSpec(Kind.FUNDS, "total", spec.block), value)
            elif self.draft.layout.has_purpose and label_key(self.draft.layout.label("purpose")) in label_key(
                row.cells[pos]
            ):
                if value is not None:
                    self._append_text(row, "purpose", value)
                self.pending.append(_Pending(pos, "purpose"))
            elif value is not None:
                self.draft.reject(row, f"表头行中未识别的文字：{value}")
        elif spec.kind is Kind.INDICATORS and value is not None:
            self.draft.reject(row, f"表头行中未识别的文字：{value}")
        elif spec.kind is Kind.GOAL:
            if hit.period is not None and spec.key == "midterm":
                self.draft.midterm_period = hit.period
            if spec.key == "midterm" and hit.value is None and values and self._period(values[0]):
                value = join_pieces(values[1:]) if len(values) > 1 else None
            if value is not None:
                self._append_text(row, spec.key, value)
            self.pending.append(_Pending(pos, spec.key))
        elif spec.kind is Kind.PURPOSE:
            if value is not None:
                self._append_text(row, "purpose", value)
            self.pending.append(_Pending(pos, "purpose"))
        elif spec.kind is Kind.FILLER:
            if value and self.draft.department.is_empty():
                self.draft.department = parse_org(value, self.draft.layout)

    def _set_field(self, key: str, value: str | None) -> None:
        if key in ("department", "implementing_unit"):
            unit = parse_org(value, self.draft.layout)
            if not unit.is_empty() or getattr(self.draft, key).is_empty():
                setattr(self.draft, key, unit)
        elif key in ("name", "code", "source", "period", "attribute", "basis"):
            if value is not None or getattr(self.draft, key) is None:
                setattr(self.draft, key, value)

    def _set_amount(self, row: Row, pos: int, spec: LabelSpec, value: str | None) -> None:
        block = spec.block
        if spec.key == "total" and block is not None:
            # Re-inserted so that dict order says which total came last (blocks printed one under the other).
            self.block_columns.pop(block, None)
            self.block_columns[block] = pos
        if block is None:
            if self.block_columns:
                # The block whose total sits in the nearest column; blocks in one column: the last one started.
                order = list(self.block_columns)
                block = min(order, key=lambda b: (abs(self.block_columns[b] - pos), -order.index(b)))
            else:
                block = "annual"
        target = self.draft.funds if block == "annual" else self.draft.midterm_funds
        amount: Decimal | None = None
        if value is not None and value.strip() not in _BLANK_AMOUNT:
            yuan = _yuan_amount(value)
            if yuan is not None:
                # The unit is printed in the cell, so the conversion is certain; the notes say it was made.
                amount = round_to_bounds(yuan / 10000)
                self.draft.notes.append(f"第 {row.line_no} 行：金额“{value.strip()}”以元填写，已按 {amount} 万元导入")
            else:
                try:
                    amount = parse_amount(_amount_text(value) or value)
                except AmountError as exc:
                    self.draft.reject(row, f"金额无法读取：{exc}")
        if amount is not None or spec.key not in target:
            target[spec.key] = amount

    def _period(self, text: str) -> bool:
        """Read a bare period (`2021-2023`) printed beside or under 总体目标; True when `text` was one."""
        found = _PERIOD_ONLY.match(text.strip())
        if found is None or self.draft.midterm_goal:
            return False
        start, end = int(found.group(1)), int(found.group(2))
        if not 1990 <= start <= end <= 2100:
            return False
        self.draft.midterm_period = (start, end)
        return True

    def _append_text(self, row: Row, target: str, text: str) -> None:
        if target == "midterm" and self._period(text):
            return
        if target in ("annual", "midterm"):
            attr = "annual_goal" if target == "annual" else "midterm_goal"
            old = getattr(self.draft, attr)
            if self._too_long(row, old, text):
                return
            setattr(self.draft, attr, text if not old else f"{old}\n{text}")
        elif target == "purpose":
            if not self._too_long(row, self.draft.purpose, text):
                self.draft.purpose = join_wrapped(self.draft.purpose or "", text)
        else:
            old = getattr(self.draft, target, None)
            if isinstance(old, str) and not self._too_long(row, old, text):
                self._set_field(target, join_wrapped(old, text))
            elif isinstance(old, OrgUnit) and old.name and not self._too_long(row, old.name, text):
                setattr(self.draft, target, OrgUnit(old.code, join_wrapped(old.name, text)))

    def _too_long(self, row: Row, old: str | None, text: str) -> bool:
        if fits(old, text):
            return False
        self.draft.reject(row, "续行过多，单元格内容过长，未再接续")
        return True

    def _fill_pending(self, row: Row, tokens: list[tuple[int, LabelHit | None, str]]) -> None:
        amounts = [p for p in self.pending if p.target == "amount"]
        if amounts and all(_is_amount_cell(cell) for _, _, cell in tokens):
            self._fill_amounts(row, tokens, amounts)
            # Hebei's 资金用途 text still follows the amounts printed under 预算数 | 其中：财政资金 | 其他资金.
            self.pending = [p for p in self.pending if p.target != "amount"]
            return
        self.pending = [p for p in self.pending if p.target != "amount"]
        if not self.pending:
            self.draft.reject(row, "表头中无法识别的行")
            return
        if any(p.target == "spending" for p in self.pending):
            self._read_percents(row, tokens)
            self.pending = []
            return
        if any(p.target in ("annual", "midterm", "purpose") for p in self.pending):
            texts = [p for p in self.pending if p.target in ("annual", "midterm", "purpose")]
        elif row.tabbed:
            # A field's value does not continue on a table row: that row is something else.
            self.draft.reject(row, "表头中无法识别的行")
            self.pending = []
            return
        else:
            texts = self.pending[-1:]
        for pos, _, cell in tokens:
            left = [p for p in texts if p.column <= pos] or texts
            target = min(left, key=lambda p: (abs(pos - p.column), p.column))
            self._append_text(row, target.target, cell)

    def _fill_amounts(self, row: Row, tokens: list[tuple[int, LabelHit | None, str]], amounts: list[_Pending]) -> None:
        """A row of amounts under funds labels printed without theirs: each amount to the label on its left."""
        free = list(amounts)
        for index, (pos, _, cell) in enumerate(tokens):
            if not free:
                left_over = " ".join(c for _, _, c in tokens[index:])
                self.draft.reject(row, f"金额“{left_over}”找不到对应的资金栏目")
                return
            left = [p for p in free if p.column <= pos]
            target = max(left, key=lambda p: p.column) if left else min(free, key=lambda p: abs(p.column - pos))
            free.remove(target)
            if target.spec is not None:
                self._set_amount(row, target.column, target.spec, cell)

    def _read_months(self, row: Row, pos: int) -> None:
        """The month headings right of 资金支出计划（%）; the percentages follow on the next row."""
        self.months = []
        for cell_pos, cell in row.filled():
            if cell_pos <= pos:
                continue
            found = _MONTH.match(cell)
            if found is not None:
                self.months.append((cell_pos, int(found.group(1))))
        self.pending = [_Pending(pos, "spending")]
        if self.draft.spending is None:
            self.draft.spending = {}

    def _read_percents(self, row: Row, tokens: list[tuple[int, LabelHit | None, str]]) -> None:
        plan = self.draft.spending if self.draft.spending is not None else {}
        layout_months = list(self.draft.layout.spending_months or [m for _, m in self.months])
        header_months = [m for _, m in self.months]
        values: list[tuple[int, Decimal]] = []
        for pos, _, cell in tokens:
            if cell.strip() in _BLANK_AMOUNT:
                continue  # a month left empty, written as a dash
            percent = _percent(cell)
            if percent is None:
                self.draft.reject(row, f"资金支出计划中的“{cell}”不是百分数")
                continue
            values.append((pos, percent))
        if values and not layout_months:
            # Neither the layout nor the rows above name a month (a 资金支出计划 label on a form without a plan):
            # the numbers cannot be placed, and saying so beats guessing.
            self.draft.reject(row, "资金支出计划的百分数无法对应到月份（本版式与上一行都没有列出月份）")
            return
        if self.months and sorted(header_months) == sorted(layout_months):
            # The printed months are complete: each value sits under its month; a value under the empty cell
            # a merged month leaves belongs to the month on its left.
            for pos, percent in values:
                left = [(p, m) for p, m in self.months if p <= pos] or self.months[:1]
                plan[max(left)[1]] = percent
        else:
            # The month row is damaged (a month missing): the last column is always the year's last month, so
            # count from the right.
            for (_, percent), month in zip(
                sorted(values, reverse=True), sorted(layout_months, reverse=True), strict=False
            ):
                plan[month] = percent
        self.draft.spending = plan


def _amount_text(value: str) -> str | None:
    """The number in an amount cell (`30.00`, `1,907,400`, `18514万元`), or None when it holds no number."""
    text = value.strip().lstrip("¥￥").removesuffix("万元").strip()
    try:
        parse_amount(text)
    except AmountError:
        return None
    return text or None


def _yuan_amount(value: str) -> Decimal | None:
    """The number in a cell written in 元 (`1,907,400元`), or None."""
    text = value.strip().lstrip("¥￥")
    if not text.endswith("元") or text.endswith("万元"):
        return None
    try:
        return parse_amount(text.removesuffix("元"))
    except AmountError:
        return None


def _is_amount_cell(cell: str) -> bool:
    return cell.strip() in _BLANK_AMOUNT or _amount_text(cell) is not None or _yuan_amount(cell) is not None


def _percent(cell: str) -> Decimal | None:
    text = cell.strip().replace("％", "%").removesuffix("%").strip()
    if len(text) > MAX_AMOUNT_TEXT:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if amount_problem(value) is None else None
