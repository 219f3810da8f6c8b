"""Text imports: the top of a form — title, year, unit line, header fields, funds, goals, spending plan.

Fields are found by their label wherever it sits in the row (merged cells shift values right), including a label
and its value in one cell (`实施单位 某某中心`). A label whose value is not beside it (a goal printed on the rows
below, Hebei's 资金用途 under 预算规模及资金用途, the spending percentages under their months) leaves a pending
target that the following label-free rows fill, by column when several targets sit side by side (the mid-term
layout's 总体目标 beside 年度目标, 中期资金总额 beside 年度资金总额).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

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
from desktop.io.text_labels import Kind, LabelBook, LabelHit, LabelSpec, parse_org, patterns
from desktop.io.text_lines import Row, is_page_number, join_wrapped, label_key
from desktop.templates.layouts import Layout, bundled_layouts

_YEAR_IN_PARENS = re.compile(r"[（(]\s*(\d[\d,，.\s]{2,8}?)\s*年\s*度?\s*[)）]")
_YEAR_PLAIN = re.compile(r"((?:19|20)\d\d)\s*年")
_MONTH = re.compile(r"^(\d{1,2})\s*月\s*[底末]?$")
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


def find_year(text: str) -> int | None:
    """The budget year printed as `(2024 年度)`, also when damaged as `(2,023年度)`."""
    found = _YEAR_IN_PARENS.search(text)
    if found is None:
        return None
    digits = re.sub(r"\D", "", found.group(1))
    return int(digits) if len(digits) == 4 and digits[:2] in ("19", "20") else None


def find_plain_year(text: str) -> int | None:
    """A year written `2024 年` / `2024年度` anywhere in a line (document headings, Hebei titles)."""
    found = _YEAR_PLAIN.search(text)
    return int(found.group(1)) if found else None


def preamble_kind(row: Row, book: LabelBook) -> str | None:
    """What a line printed above a form's table is: "title", "year", "unit", "amount_unit", "signature", or None."""
    if row.is_blank():
        return None
    line = row.joined()
    if find_year(line) is not None and len(label_key(line)) <= 16:
        return "year"
    for layout_id in bundled_layouts():
        pats = patterns(layout_id)
        if any(t.match(line) for t in pats.titles):
            return "title"
        if pats.unit_line is not None and not row.tabbed and pats.unit_line.match(line):
            return "unit"
        if pats.amount_unit_line is not None and label_key(line) == pats.amount_unit_line:
            return "amount_unit"
    if is_page_number(line):
        return "page"
    hits = [book.match(raw, cell) for raw, cell in zip(row.raw, row.cells, strict=True) if cell]
    if hits and all(h is not None and h.spec.kind in (Kind.SIGNATURE, Kind.FILLER) for h in hits):
        return "signature"
    return None


def read_preamble(rows: list[Row], draft: FormDraft, book: LabelBook) -> None:
    """Read the lines above the table: title (Hebei: number and name), year, unit line, signature lines."""
    pats = patterns(draft.layout.id)
    for row in rows:
        kind = preamble_kind(row, book)
        line = row.joined()
        if kind == "year":
            draft.year = find_year(line)
        elif kind == "title":
            draft.year = draft.year or find_year(line)
            for title in pats.titles:
                found = title.match(line)
                if found is not None and "name" in found.groupdict():
                    draft.title_name = found.group("name").strip()
        elif kind == "unit" and pats.unit_line is not None:
            found = pats.unit_line.match(line)
            if found is not None and draft.implementing_unit.is_empty():
                groups = found.groupdict()
                draft.implementing_unit = OrgUnit(code=groups.get("unit_code"), name=groups.get("unit_name"))
        elif kind == "signature":
            _read_signatures(row, draft, book)
        elif kind is None and not row.is_blank():
            draft.reject(row, "表头上方无法识别的行")


def _read_signatures(row: Row, draft: FormDraft, book: LabelBook) -> None:
    for raw, cell in zip(row.raw, row.cells, strict=True):
        hit = book.match(raw, cell) if cell else None
        if hit is not None and hit.spec.kind is Kind.FILLER and hit.value and draft.department.is_empty():
            draft.department = parse_org(hit.value, draft.layout)


@dataclass
class _Pending:
    column: int
    target: str  # "annual", "midterm", "purpose", "spending", or a header field name


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
        leading = []
        for index, (pos, hit, cell) in enumerate(tokens):
            if hit is None:
                if not any(h is not None for _, h, _ in tokens[:index]):
                    leading.append(cell)
                continue
            values = []
            for _, later_hit, later in tokens[index + 1 :]:
                if later_hit is not None:
                    break
                values.append(later)
            self._apply(row, pos, hit, values)
        if leading:
            self.draft.reject(row, f"表头行中未识别的文字：{' '.join(leading)}")

    def _apply(self, row: Row, pos: int, hit: LabelHit, values: list[str]) -> None:
        spec = hit.spec
        value = hit.value if hit.value is not None else (" ".join(values) if values else None)
        if spec.kind is Kind.SPENDING:
            self._read_months(row, pos)
            return
        if spec.kind is Kind.FIELD:
            self._set_field(spec.key, value)
            if value is not None:
                self.pending.append(_Pending(pos, spec.key))
        elif spec.kind is Kind.FUNDS:
            self._set_amount(row, pos, spec, value)
        elif spec.kind is Kind.BLOCK:
            if value is not None and _amount_text(value):
                self._set_amount(row, pos, LabelSpec(Kind.FUNDS, "total", spec.block), value)
            elif self.draft.layout.has_purpose and label_key(self.draft.layout.label("purpose")) in label_key(
                row.cells[pos]
            ):
                self.pending.append(_Pending(pos, "purpose"))
        elif spec.kind is Kind.GOAL:
            if hit.period is not None and spec.key == "midterm":
                self.draft.midterm_period = hit.period
            if value is not None:
                self._append_text(spec.key, value)
            self.pending.append(_Pending(pos, spec.key))
        elif spec.kind is Kind.PURPOSE:
            if value is not None:
                self._append_text("purpose", value)
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
            try:
                amount = parse_amount(_amount_text(value) or value)
            except AmountError as exc:
                self.draft.reject(row, f"金额无法读取：{exc}")
        if amount is not None or spec.key not in target:
            target[spec.key] = amount

    def _append_text(self, target: str, text: str) -> None:
        if target in ("annual", "midterm"):
            attr = "annual_goal" if target == "annual" else "midterm_goal"
            old = getattr(self.draft, attr)
            setattr(self.draft, attr, text if not old else f"{old}\n{text}")
        elif target == "purpose":
            self.draft.purpose = join_wrapped(self.draft.purpose or "", text)
        else:
            old = getattr(self.draft, target, None)
            if isinstance(old, str):
                self._set_field(target, join_wrapped(old, text))
            elif isinstance(old, OrgUnit) and old.name:
                setattr(self.draft, target, OrgUnit(old.code, join_wrapped(old.name, text)))

    def _fill_pending(self, row: Row, tokens: list[tuple[int, LabelHit | None, str]]) -> None:
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
            self._append_text(target.target, cell)

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
            percent = _percent(cell)
            if percent is None:
                self.draft.reject(row, f"资金支出计划中的“{cell}”不是百分数")
                continue
            values.append((pos, percent))
        if sorted(header_months) == sorted(layout_months):
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
    text = value.strip().removesuffix("万元").strip()
    try:
        parse_amount(text)
    except AmountError:
        return None
    return text or None


def _percent(cell: str) -> Decimal | None:
    text = cell.strip().replace("％", "%").removesuffix("%").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
