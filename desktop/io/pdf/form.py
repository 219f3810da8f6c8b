"""One project form (项目支出绩效目标表) as flowables, arranged the way its layout file says."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from desktop.domain.frames import group_by_frame
from desktop.domain.model import INDICATOR_FIELD_LABELS, Funds, Indicator, Project, format_amount
from desktop.io.pdf.blocks import SpreadLine, TextBlock
from desktop.io.pdf.config import resolve_widths
from desktop.io.pdf.fonts import GlyphCheck, PdfFont
from desktop.io.pdf.grid import Cell, GridBlock, GridStyle, Row
from desktop.templates.layouts import FundsBlock, Layout, LayoutError
from desktop.templates.printing import PrintConfig, Width

_DEFAULT_COLUMN_WEIGHTS: Mapping[str, float] = {
    "level1": 12,
    "level2": 15,
    "name": 26,
    "midterm_name": 26,
    "value": 20,
    "midterm_value": 20,
    "description": 22,
    "basis": 20,
}
_LABEL_COLUMN_WEIGHT = 8.0
# The widest a category column grows to keep a name on one line ("服务对象满意度指标" is 9 characters).
_LEVEL1_MAX_CHARS = 5.5
_LEVEL2_MAX_CHARS = 9.2
_WRITE_SPACE = "\u3000" * 7
_INDICATOR_FIELD_NAMES = INDICATOR_FIELD_LABELS


@dataclass
class FormContext:
    """What every form of one export shares: the font, the glyph check and the printable area."""

    font: PdfFont
    check: GlyphCheck
    width: float
    height: float


class _Form:
    """Builds the flowables of one form; `t()` passes every user text through the glyph check."""

    def __init__(self, project: Project, layout: Layout, config: PrintConfig, number: int, ctx: FormContext) -> None:
        self.p, self.layout, self.config, self.number, self.ctx = project, layout, config, number, ctx
        self.name = project.display_name()
        size = config.font_size
        self.style = GridStyle(
            ctx.font, size=size, leading=size * 1.3, pad_x=3.0, pad_y=2.5, min_height=config.min_row_height_mm * mm
        )
        self.label_width = self.widths(config.header_widths)[0]
        self._indicator_widths: list[float] | None = None

    def t(self, text: str | None, what: str) -> str:
        return self.ctx.check.text(text, self.name, what)

    def widths(self, spec: tuple[Width, ...]) -> list[float]:
        return resolve_widths(spec, self.ctx.width)

    def grid(
        self, widths: list[float], rows: list[Row], header: list[Row] | None = None, continued: str | None = None
    ) -> GridBlock:
        height = self.ctx.height
        return GridBlock(widths, rows, self.style, header=header or (), page_height=height, continued=continued)

    def fmt(self, key: str, template: str, **extra: Any) -> str:
        values = {**_template_values(self.p, self.number), **extra}
        department = self.layout.format_department(self.p.department.code, self.p.department.name)
        values["department"] = department or values["department"]  # 填报单位 as the sheet prints it: [201]颍上县…
        try:
            return template.format_map(values).strip()
        except (KeyError, IndexError, ValueError) as exc:
            file = self.layout.source.name if self.layout.source else f"{self.layout.id}.toml"
            raise LayoutError(
                f"版式文件 {file} 的“{key}”有误：无法填入“{exc}”，可用 {{{'}、{'.join(values)}}}"
            ) from None

    # -- blocks ----------------------------------------------------------------------------------------------------

    def build(self) -> list[Flowable]:
        layout, config, font = self.layout, self.config, self.ctx.font
        size = config.font_size
        flow: list[Flowable] = [
            TextBlock(self.t(self.fmt("title", layout.title), "标题"), font, config.title_size, bold=True, balance=True)
        ]
        if layout.subtitle:
            flow.append(TextBlock(self.fmt("subtitle", layout.subtitle), font, size + 1, space_before=2))
        top = [
            self.t(self.fmt("unit_line", layout.unit_line), "预算单位") if layout.unit_line else "",
            self.t(self.fmt("filler_line", layout.filler_line), "填报单位") if layout.filler_line else "",
        ]
        left = " ".join(x for x in top if x)
        right = [layout.amount_unit_line or ""]
        if config.signatures_position == "top" and layout.signatures:
            # room to write by hand after each label, even after the one flush with the right margin
            right = [f"{s}{_WRITE_SPACE}" for s in layout.signatures]
            right += [layout.amount_unit_line] if layout.amount_unit_line else []
        if left or any(right):
            flow.append(SpreadLine([left, *right], font, size, space_before=4))
        else:
            flow.append(TextBlock("", font, size, leading=size))
        flow.append(self.header_block())
        flow.extend(self.funds_blocks())
        if layout.spending_months:
            flow.append(self.spending_block(layout.spending_months))
        flow.append(self.goal_block())
        signatures = None
        if config.signatures_position == "bottom" and layout.signatures:
            signatures = SpreadLine(list(layout.signatures), font, size + 0.5, space_before=12, spread="slots")
        flow.append(self.indicator_block(signatures))
        return flow

    def header_value(self, key: str) -> str:
        p = self.p
        if key == "department":
            return self.layout.format_department(p.department.code, p.department.name)
        if key == "implementing_unit":
            return p.implementing_unit.name or p.implementing_unit.code or ""
        value = getattr(p, key, None)
        return value if isinstance(value, str) else ""

    def amount(self, funds: Funds, key: str) -> str:
        value: Decimal | None = getattr(funds, key, None)
        return self.layout.format_amount(value)

    def header_block(self) -> GridBlock:
        widths = self.widths(self.config.header_widths)
        rows: list[Row] = []
        for fields in self.layout.header:
            cells: list[Cell] = []
            for i, key in enumerate(fields):
                label = self.layout.label(key)
                span = len(widths) - 2 * i - 1 if i == len(fields) - 1 else 1
                cells += [Cell(label, align="center"), Cell(self.t(self.header_value(key), label), span, "left")]
            rows.append(tuple(cells))
        for key in self.layout.optional_rows:
            # A row the layout prints only when filled (立项依据 on some Anhui forms).
            value = self.header_value(key)
            if value.strip():
                label = self.layout.label(key)
                rows.append((Cell(label, align="center"), Cell(self.t(value, label), len(widths) - 1, "left")))
        return self.grid(widths, rows)

    def funds_blocks(self) -> list[GridBlock]:
        layout, config = self.layout, self.config
        funds = self.p.funds
        purpose = self.t(self.p.purpose, layout.label("purpose")) if layout.has_purpose else None
        if config.funds_layout == "across":
            widths = self.widths(config.funds_widths or (config.header_widths[0], *[1.0] * 2 * len(layout.funds.rows)))
            head = Cell(layout.funds.label, merge="funds")
            amounts: list[Cell] = [head]
            for row in layout.funds.rows:
                amounts += [Cell(row.label), Cell(self.amount(funds, row.key))]
            rows: list[Row] = [tuple(amounts)]
            if purpose is not None:
                rows.append((head, Cell(purpose, len(widths) - 1, "left")))
            return [self.grid(widths, rows)]
        if config.funds_layout == "paired" and layout.midterm_funds is not None:
            return [self.paired_funds(layout.midterm_funds, layout.funds)]
        widths = self.widths(config.funds_widths or (config.header_widths[0], 26, 56))
        head = Cell(layout.funds.label, merge="funds")
        rows = [(head, Cell(r.label, align="left"), Cell(self.amount(funds, r.key))) for r in layout.funds.rows]
        blocks = [self.grid(widths, rows)]
        if purpose is not None:
            blocks.append(self.grid(widths, [(Cell(layout.label("purpose")), Cell(purpose, 2, "left"))]))
        return blocks

    def paired_funds(self, mid_block: FundsBlock, year_block: FundsBlock) -> GridBlock:
        """项目资金（万元） merged down the left, then 中期资金总额 … beside 年度资金总额 …, each with its 其中 rows."""
        widths = self.widths(self.config.funds_widths or self.halves(2))
        mid = self.p.midterm.funds if self.p.midterm is not None else Funds()
        head = Cell(year_block.label, merge="funds")
        rows: list[Row] = []
        for i in range(max(len(mid_block.rows), len(year_block.rows))):
            cells: list[Cell] = [head]
            for block, funds in ((mid_block, mid), (year_block, self.p.funds)):
                if i < len(block.rows):
                    cells += [Cell(block.rows[i].label, align="left"), Cell(self.amount(funds, block.rows[i].key))]
                else:
                    cells += [Cell(""), Cell("")]
            rows.append(tuple(cells))
        return self.grid(widths, rows)

    def halves(self, parts: int) -> tuple[Width, ...]:
        """Widths that line up with the indicator table's column groups (the mid-term layout's two halves); with
        `parts` 2, the leading label column first, then label and amount of each half."""
        ind = self.indicator_widths()
        lead = 1 if self.layout.indicators_label else 0
        groups = self.config.column_groups
        columns = len(ind) - lead
        spans = [g.span for g in groups] if len(groups) == 2 else [columns // 2, columns - columns // 2]
        left, right = sum(ind[: lead + spans[0]]), sum(ind[lead + spans[0] :])
        if parts == 1:
            return (left, right)
        first = ind[0] if lead else left * 0.15
        rest = left - first if lead else left * 0.85
        return (first, rest * 0.42, rest * 0.58, right * 0.45, right * 0.55)

    def spending_block(self, months: tuple[int, ...]) -> GridBlock:
        rest = self.ctx.width - self.label_width
        widths = [self.label_width] + [rest / len(months)] * len(months)
        head = Cell(self.layout.spending_label or "资金支出计划（%）", merge="plan")
        plan = {s.month: s.percent for s in self.p.spending_plan or ()}
        percents = [Cell(f"{format_amount(plan[m])}%" if plan.get(m) is not None else "") for m in months]
        return self.grid(widths, [(head, *[Cell(f"{m}月底") for m in months]), (head, *percents)])

    def goal_block(self) -> GridBlock:
        layout, p = self.layout, self.p
        goal = self.t(p.annual_goal, layout.goal_label)
        if self.config.goal_layout == "paired":
            mid = p.midterm
            label = layout.midterm_goal_label(mid.start if mid else None, mid.end if mid else None)
            mid_goal = self.t(mid.goal if mid else None, layout.label("midterm_goal"))
            rows: list[Row] = [
                (Cell(label), Cell(layout.goal_label)),
                (Cell(mid_goal, align="left"), Cell(goal, align="left")),
            ]
            return self.grid(self.widths(self.halves(1)), rows)
        if self.config.goal_layout == "below":
            return self.grid([self.ctx.width], [(Cell(layout.goal_label),), (Cell(goal, align="left"),)])
        widths = [self.label_width, self.ctx.width - self.label_width]
        return self.grid(widths, [(Cell(layout.goal_label), Cell(goal, align="left"))])

    def indicator_widths(self) -> list[float]:
        """Column widths from the layout's proportions, then fitted to the content: the 一级 and 二级 columns get what
        their longest printed name needs on one line (within limits), and the room they free or take is shared by
        the text columns (三级, 指标值 …) in the layout's proportions."""
        if self._indicator_widths is not None:
            return self._indicator_widths
        spec = self.config.indicator_widths
        if spec is None:
            weights = [_DEFAULT_COLUMN_WEIGHTS[c.key] for c in self.layout.columns]
            spec = tuple(([_LABEL_COLUMN_WEIGHT] if self.layout.indicators_label else []) + weights)
        widths = self.widths(spec)
        lead = 1 if self.layout.indicators_label else 0
        size, pad = self.config.font_size, self.style.pad_x
        groups = group_by_frame(self.layout.frame, self.p.indicators, with_empty=self.layout.print_empty_level2)
        names = {
            "level1": [g.level1 for g in groups],
            "level2": [group.label for g in groups for group in g.groups],
        }
        caps = {"level1": _LEVEL1_MAX_CHARS, "level2": _LEVEL2_MAX_CHARS}
        fitted = list(widths)
        text_columns: list[int] = []
        for i, column in enumerate(self.layout.columns):
            if column.key in names:
                texts = [column.label, *names[column.key]]
                need = max(self.ctx.font.width(t, size) for t in texts) + 2 * pad + 1
                fitted[lead + i] = min(need, caps[column.key] * size + 2 * pad + 1)
            else:
                text_columns.append(lead + i)
        room = sum(widths) - sum(fitted[i] for i in range(len(fitted)) if i not in text_columns)
        shares = self._text_shares(text_columns, widths, lead)
        if text_columns and all(room * shares[i] > 4 * size for i in text_columns):
            for i in text_columns:
                fitted[i] = room * shares[i]
        else:
            fitted = widths  # too narrow a page to fit anything: keep the layout's proportions
        self._indicator_widths = fitted
        return fitted

    def _text_shares(self, columns: list[int], widths: list[float], lead: int) -> dict[int, float]:
        """How the text columns share their room: all on one line when that fits, else half by the layout's
        proportions and half by how much text each column holds (a column of long 指标值 gets more)."""
        size, pad = self.config.font_size, self.style.pad_x
        room = sum(widths[i] for i in columns)
        longest: dict[int, float] = {}
        amount: dict[int, float] = {}
        for i in columns:
            key = self.layout.columns[i - lead].key
            texts = [self.layout.columns[i - lead].label]
            fallback = "name" if key == "midterm_name" else key
            texts += [getattr(ind, key) or getattr(ind, fallback) or "" for ind in self.p.indicators]
            lengths = [self.ctx.font.width(t, size) for t in texts]
            longest[i] = max(lengths) + 2 * pad + 1
            amount[i] = sum(lengths) + 1.0
        if sum(longest.values()) <= room:
            # Everything fits on one line: each column its longest text, the rest by the layout's proportions.
            rest = room - sum(longest.values())
            return {i: (longest[i] + rest * widths[i] / room) / room for i in columns}
        total = sum(amount.values())
        return {i: 0.5 * widths[i] / room + 0.5 * amount[i] / total for i in columns}

    def indicator_block(self, trailer: Flowable | None = None) -> GridBlock:
        layout = self.layout
        lead: list[Cell] = [Cell(layout.indicators_label, merge="lead")] if layout.indicators_label else []
        header: list[Row] = []
        if self.config.column_groups:
            header.append((*lead, *[Cell(g.label, g.span) for g in self.config.column_groups]))
        header.append((*lead, *[Cell(c.label) for c in layout.columns]))
        rows: list[Row] = []
        groups = group_by_frame(layout.frame, self.p.indicators, with_empty=layout.print_empty_level2)
        for i, level1 in enumerate(groups):
            l1_cell = Cell(self.t(level1.level1, "一级指标"), merge=("l1", i))
            for j, group in enumerate(level1.groups):
                l2_cell = Cell(self.t(group.label, "二级指标"), merge=("l2", i, j))
                # An empty 二级 prints one blank row.
                slots: list[Indicator | None] = [ind for _, ind in group.rows] or [None]
                for ind in slots:
                    rows.append((*lead, *[self.indicator_cell(c.key, ind, l1_cell, l2_cell) for c in layout.columns]))
        if not rows:
            rows.append(tuple(lead + [Cell("") for _ in layout.columns]))
        block = self.grid(self.indicator_widths(), rows, header, continued=self.t(f"{self.name}（续）", "项目名称"))
        block.trailer = trailer
        return block

    def indicator_cell(self, key: str, ind: Indicator | None, l1: Cell, l2: Cell) -> Cell:
        if key == "level1":
            return l1
        if key == "level2":
            return l2
        text = getattr(ind, key) if ind is not None else None
        if key == "midterm_name" and ind is not None and not text:
            text = ind.name  # the mid-term half names the indicator as the annual half does
        return Cell(self.t(text, _INDICATOR_FIELD_NAMES.get(key, key)))


def _template_values(p: Project, number: int) -> dict[str, Any]:
    return {
        "number": number,
        "name": p.name or "",
        "code": p.code or "",
        "year": p.year,
        "unit_code": p.implementing_unit.code or "",
        "unit_name": p.implementing_unit.name or "",
        "department": p.department.name or p.implementing_unit.name or "",
        "department_code": p.department.code or "",
    }


def document_title(project: Project, layout: Layout, number: int) -> str:
    """The title a PDF of this one form carries in its metadata: the printed title, naming the project when the
    printed title does not (`项目支出绩效目标表：2024_城乡医疗救助`)."""
    try:
        title = layout.title.format_map(_template_values(project, number)).strip()
    except (KeyError, IndexError, ValueError):
        title = ""
    name = project.display_name()
    if not title:
        return name
    return title if name in title else f"{title}：{name}"


def form_flowables(
    project: Project, layout: Layout, config: PrintConfig, number: int, ctx: FormContext
) -> list[Flowable]:
    """The flowables of one printed form; `number` is the project's position in the export (Hebei titles)."""
    return _Form(project, layout, config, number, ctx).build()
