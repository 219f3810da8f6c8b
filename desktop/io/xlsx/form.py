"""One project form laid out on a grid, as the official form arranges it (no openpyxl here).

The builder places every label, value and merged range of a project's form on a grid of the layout's columns:
title lines, the header fields in label/value pairs, the funds block, the spending plan, the goals, the indicator
table (一级 and 二级 merged over their rows, frame order, the empty 二级 rows the layout prints) and the signature
line. The writer (xlsx_write) turns the grid into a styled worksheet; keeping the two apart lets the row heights
be computed from exactly what was placed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from desktop.domain.frames import group_by_frame
from desktop.domain.model import Funds, Indicator, Project
from desktop.io.xlsx.spec import split_evenly
from desktop.templates.layouts import FundsBlock, Layout, LayoutError
from desktop.templates.sheet import SheetSpec


class Kind(Enum):
    """How a placed cell looks: the writer maps each kind to one cell style."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    NOTE = "note"  # a line above or below the table, left-aligned, no border
    NOTE_RIGHT = "note_right"
    LABEL = "label"  # a printed label inside the table (项目名称, 一级指标 …)
    TEXT = "text"  # the clerk's text, left-aligned and wrapped
    CENTER = "center"  # the clerk's text, centred (一级/二级 categories)
    AMOUNT = "amount"  # a Decimal in 万元
    PERCENT = "percent"  # a Decimal meaning that many per cent


Value = str | Decimal | None


@dataclass(frozen=True)
class Placed:
    """One cell (or merged range) of the grid; `field` names the data for problem reports."""

    row: int
    col: int
    value: Value
    kind: Kind
    rows: int = 1
    cols: int = 1
    field: str | None = None


@dataclass
class FormGrid:
    """A whole project form: its placed cells, the grid width and the indicator heading row."""

    width: int
    cells: list[Placed] = field(default_factory=list)
    heading_row: int | None = None
    last_row: int = 0
    amount_format: Callable[[Decimal], str | None] = lambda value: None  # the layout's Excel format for amounts


class _Fields(dict[str, object]):
    """Format fields of a title template; an unknown field prints as nothing rather than failing the export."""

    def __missing__(self, key: str) -> str:
        return ""


def _fill(layout: Layout, template: str, key: str, values: Mapping[str, object]) -> str:
    try:
        return template.format_map(_Fields(values))
    except (ValueError, IndexError, AttributeError):
        name = layout.source.name if layout.source is not None else layout.id
        raise LayoutError(f"版式文件 {name} 的“{key}”有误：花括号写法不对（例如 {{year}}）") from None


@dataclass(frozen=True)
class _Row:
    """One printed row of the indicator table: an indicator, or an empty 二级 row the layout prints."""

    level1: str
    level2: str | None
    indicator: Indicator | None
    number: int  # 1-based position of the indicator in the project, 0 for an empty row


def indicator_rows(project: Project, layout: Layout) -> list[_Row]:
    """The indicator table rows in frame order, with the layout's empty 二级 rows where it prints them."""
    rows: list[_Row] = []
    for level1 in group_by_frame(layout.frame, project.indicators, with_empty=layout.print_empty_level2):
        for group in level1.groups:
            if not group.rows:
                rows.append(_Row(level1.level1, group.level2, None, 0))
            rows.extend(_Row(ind.level1, ind.level2, ind, index + 1) for index, ind in group.rows)
    return rows


class _Builder:
    def __init__(self, project: Project, layout: Layout, spec: SheetSpec, number: int) -> None:
        self.project = project
        self.layout = layout
        self.spec = spec
        self.number = number
        self.grid = FormGrid(width=spec.width, amount_format=layout.amount_number_format)
        self.row = 1

    # ------------------------------------------------------------------ placing

    def put(
        self, col: int, value: Value, kind: Kind, *, rows: int = 1, cols: int = 1, field: str | None = None
    ) -> None:
        self.grid.cells.append(Placed(self.row, col, value, kind, rows, cols, field))

    def line(self, value: str, kind: Kind) -> None:
        self.put(1, value, kind, cols=self.spec.width)
        self.row += 1

    def pairs(self, first_col: int, items: Sequence[tuple[str, Value, Kind, str | None]]) -> None:
        """Label/value pairs across the row from `first_col` to the right edge."""
        total = self.spec.width - first_col + 1
        col = first_col
        for (label, value, kind, where), size in zip(items, split_evenly(total, len(items)), strict=True):
            self.put(col, label, Kind.LABEL)
            self.put(col + 1, value, kind, cols=size - 1, field=where)
            col += size

    # ------------------------------------------------------------------ parts of the form

    def title(self) -> None:
        p, layout = self.project, self.layout
        unit = p.implementing_unit
        values = {
            "number": self.number,
            "name": p.display_name(),
            "year": p.year,
            "unit_code": unit.code or "",
            "unit_name": unit.name or "",
            "department": layout.format_department(p.department.code, p.department.name) or (unit.name or ""),
        }
        self.line(_fill(layout, layout.title, "title", values), Kind.TITLE)
        if layout.subtitle:
            self.line(_fill(layout, layout.subtitle, "subtitle", values), Kind.SUBTITLE)
        # As on paper: the filler line with 填报日期 at its right end (mid-term form), the unit line with 单位：万元
        # at its right end (Hebei form), each pair on one row.
        filler = _fill(layout, layout.filler_line, "filler_line", values).strip() if layout.filler_line else ""
        unit_line = _fill(layout, layout.unit_line, "unit_line", values).strip() if layout.unit_line else ""
        top = layout.signatures if layout.print.signatures_position == "top" else ()
        right = [*top, *([layout.amount_unit_line] if layout.amount_unit_line else [])]
        left = "  ".join(x for x in (filler, unit_line) if x)
        if left or right:
            self.two_sided(left, "\u3000\u3000\u3000\u3000".join(right))

    def two_sided(self, left: str, right: str) -> None:
        """One row with `left` flush left and `right` flush right, outside the table."""
        width = self.spec.width
        if not right:
            self.line(left, Kind.NOTE)
            return
        if not left:
            self.line(right, Kind.NOTE_RIGHT)
            return
        split = max(1, width - max(1, width // 3))
        self.put(1, left, Kind.NOTE, cols=split)
        self.put(split + 1, right, Kind.NOTE_RIGHT, cols=width - split)
        self.row += 1

    def header_value(self, key: str) -> str | None:
        p = self.project
        if key == "department":
            return self.layout.format_department(p.department.code, p.department.name) or None
        if key == "implementing_unit":
            return self.layout.format_department(p.implementing_unit.code, p.implementing_unit.name) or None
        value = getattr(p, key, None)
        return value if isinstance(value, str) else None

    def header(self) -> None:
        width = self.spec.width
        for keys in self.layout.header:
            # A row with more fields than the grid can pair up prints one field per row instead.
            groups = [list(keys)] if len(keys) * 2 <= width else [[k] for k in keys]
            for group in groups:
                items = [(self.layout.label(k), self.header_value(k), Kind.TEXT, self.layout.label(k)) for k in group]
                self.pairs(1, items)
                self.row += 1
        for key in self.layout.optional_rows:
            # A row the layout prints only when filled (立项依据 on some Anhui forms).
            value = self.header_value(key)
            if value and value.strip():
                label = self.layout.label(key)
                self.pairs(1, [(label, value, Kind.TEXT, label)])
                self.row += 1

    def funds(self) -> None:
        layout, spec = self.layout, self.spec
        annual = layout.funds
        if spec.funds == "inline":
            purpose = layout.has_purpose
            self.put(1, annual.label, Kind.LABEL, rows=2 if purpose else 1)
            self.pairs(2, [(r.label, getattr(self.project.funds, r.key), Kind.AMOUNT, r.label) for r in annual.rows])
            self.row += 1
            if purpose:
                self.put(2, self.project.purpose, Kind.TEXT, cols=spec.width - 1, field=layout.label("purpose"))
                self.row += 1
            return
        midterm = layout.midterm_funds
        if midterm is None or spec.width < 6:
            blocks = [(annual, self.project.funds, 1, spec.width)]
            if midterm is not None:
                blocks.insert(0, (midterm, self._midterm_funds(), 1, spec.width))
            for block, funds, first, last in blocks:
                self._funds_block(block, funds, first, last, len(block.rows))
                self.row += len(block.rows)
        else:
            # 中期 and 年度 side by side (ah-midterm) under one 项目资金（万元） cell, each over its half of the table.
            count = max(len(midterm.rows), len(annual.rows))
            lead = 1 if spec.lead_column else 0
            half = self.half_end()
            top = self.row
            if lead:
                self.put(1, annual.label, Kind.LABEL, rows=count)
            for block, funds, first, last in (
                (midterm, self._midterm_funds(), 1 + lead, half),
                (annual, self.project.funds, half + 1, spec.width),
            ):
                for i, row in enumerate(block.rows):
                    self.row = top + i
                    self.put(first, row.label, Kind.LABEL)
                    self.put(first + 1, getattr(funds, row.key), Kind.AMOUNT, cols=last - first, field=row.label)
            self.row = top + count
        if layout.has_purpose:
            self.pairs(1, [(layout.label("purpose"), self.project.purpose, Kind.TEXT, layout.label("purpose"))])
            self.row += 1

    def half_end(self) -> int:
        """The last grid column of the mid-term half (the layout's first column group), for blocks printed in two
        halves like the indicator table."""
        groups = self.layout.print.column_groups
        spans = self.spec.indicator_spans
        lead = 1 if self.spec.lead_column else 0
        if len(groups) == 2:
            return lead + sum(spans[: groups[0].span])
        return self.spec.width // 2

    def _midterm_funds(self) -> Funds:
        return self.project.midterm.funds if self.project.midterm is not None else Funds()

    def _funds_block(self, block: FundsBlock, funds: Funds, first: int, last: int, count: int) -> None:
        """Label on the left over all rows, then one row per amount: its label and the amount."""
        top = self.row
        self.put(first, block.label, Kind.LABEL, rows=count)
        for i in range(count):
            self.row = top + i
            if i < len(block.rows):
                r = block.rows[i]
                self.put(first + 1, r.label, Kind.LABEL)
                self.put(first + 2, getattr(funds, r.key), Kind.AMOUNT, cols=last - first - 1, field=r.label)
            else:
                self.put(first + 1, None, Kind.LABEL)
                self.put(first + 2, None, Kind.TEXT, cols=last - first - 1)
        self.row = top

    def spending(self) -> None:
        months = self.layout.spending_months
        if not months:
            return
        available = self.spec.width - 1
        if len(months) > available:
            raise LayoutError(f"版式 {self.layout.id} 的表格列数不足以排下 {len(months)} 个月的资金支出计划")
        percents = {s.month: s.percent for s in self.project.spending_plan or ()}
        self.put(1, self.layout.spending_label or "资金支出计划（%）", Kind.LABEL, rows=2)
        col = 2
        for month, size in zip(months, split_evenly(available, len(months), outer_first=True), strict=True):
            self.put(col, f"{month}月底", Kind.LABEL, cols=size)
            self.grid.cells.append(
                Placed(self.row + 1, col, percents.get(month), Kind.PERCENT, 1, size, f"{month}月底支出计划")
            )
            col += size
        self.row += 2

    def goals(self) -> None:
        layout, p = self.layout, self.project
        if layout.has_midterm and "midterm_goal" in layout.labels:
            m = p.midterm
            label = layout.midterm_goal_label(m.start if m else None, m.end if m else None)
            items: list[tuple[str, Value, Kind, str | None]] = [
                (label, m.goal if m is not None else None, Kind.TEXT, "总体目标"),
                (layout.goal_label, p.annual_goal, Kind.TEXT, layout.goal_label),
            ]
            if self.spec.width >= 4:
                # As printed: 总体目标 over the mid-term half and 年度目标 over the annual half, the texts below.
                half = self.half_end()
                self.put(1, label, Kind.LABEL, cols=half)
                self.put(half + 1, layout.goal_label, Kind.LABEL, cols=self.spec.width - half)
                self.row += 1
                self.put(1, items[0][1], Kind.TEXT, cols=half, field="总体目标")
                self.put(half + 1, p.annual_goal, Kind.TEXT, cols=self.spec.width - half, field=layout.goal_label)
                self.row += 1
                return
            for item in items:
                self.pairs(1, [item])
                self.row += 1
            return
        if self.spec.goal == "below":
            self.line(layout.goal_label, Kind.LABEL)
            self.put(1, p.annual_goal, Kind.TEXT, cols=self.spec.width, field=layout.goal_label)
            self.row += 1
            return
        self.pairs(1, [(layout.goal_label, p.annual_goal, Kind.TEXT, layout.goal_label)])
        self.row += 1

    def indicators(self) -> None:
        layout, spec = self.layout, self.spec
        rows = indicator_rows(self.project, layout)
        col = 1
        groups = layout.print.column_groups
        if spec.lead_column:
            self.put(1, layout.indicators_label, Kind.LABEL, rows=len(rows) + 1 + (1 if groups else 0))
            col = 2
        if groups:
            # The row grouping the headings (中长期绩效指标 | 年度绩效指标), as on the printed form.
            group_col, spans = col, list(spec.indicator_spans)
            for group in groups:
                width = sum(spans[: group.span])
                spans = spans[group.span :]
                self.put(group_col, group.label, Kind.LABEL, cols=width)
                group_col += width
            self.row += 1
        starts: list[int] = []
        for column, span in zip(layout.columns, spec.indicator_spans, strict=True):
            starts.append(col)
            self.put(col, column.label, Kind.LABEL, cols=span)
            col += span
        self.grid.heading_row = self.row
        first = self.row + 1
        for column, span, start in zip(layout.columns, spec.indicator_spans, starts, strict=True):
            if column.key in ("level1", "level2"):
                self._category_column(rows, column.key, start, span, first)
                continue
            for k, item in enumerate(rows):
                value = getattr(item.indicator, column.key) if item.indicator is not None else None
                if column.key == "midterm_name" and item.indicator is not None and not value:
                    value = item.indicator.name  # the mid-term half names the indicator as the annual half does
                where = f"第 {item.number} 条指标的“{column.label}”" if item.number else None
                self.grid.cells.append(Placed(first + k, start, value, Kind.TEXT, 1, span, where))
        self.row = first + len(rows)

    def _category_column(self, rows: list[_Row], key: str, col: int, span: int, first: int) -> None:
        """一级 or 二级 cells, merged down over each run of rows in the same category."""

        def run_key(item: _Row) -> tuple[str, str | None] | str:
            return item.level1 if key == "level1" else (item.level1, item.level2)

        k = 0
        while k < len(rows):
            end = k + 1
            value = rows[k].level1 if key == "level1" else rows[k].level2
            if value is not None:
                while end < len(rows) and run_key(rows[end]) == run_key(rows[k]):
                    end += 1
            label = "一级指标" if key == "level1" else "二级指标"
            where = f"第 {rows[k].number} 条指标的“{label}”" if rows[k].number else None
            self.grid.cells.append(Placed(first + k, col, value, Kind.CENTER, end - k, span, where))
            k = end

    def signatures(self) -> None:
        if self.layout.signatures and self.layout.print.signatures_position != "top":
            gap = "\u3000" * 8
            self.line(gap.join(self.layout.signatures), Kind.NOTE)

    def build(self) -> FormGrid:
        self.title()
        self.header()
        self.funds()
        self.spending()
        self.goals()
        self.indicators()
        self.signatures()
        self.grid.last_row = self.row - 1
        return self.grid


def build_form(project: Project, layout: Layout, spec: SheetSpec, number: int) -> FormGrid:
    """Place one project's form on the grid of `spec`; `number` is its position in the export (titles use it)."""
    return _Builder(project, layout, spec, number).build()
