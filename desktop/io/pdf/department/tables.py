"""The publication's tables as ruled PDF tables: title "<部门><年>年<表名>", 单位：万元, the layout's columns, parent
rows bold, an empty table printed with its note, header rows repeated on continued pages.

The grid is reportlab's Table (it repeats header rows and splits between rows); every cell is one of our TextBlocks,
so line breaking and the fake-bold of parent rows are the forms' own."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from desktop.domain.checks_base import wan
from desktop.domain.department.tables import ComputedTable, RowRole, TableRow
from desktop.io.department_print import grouped_columns
from desktop.io.pdf.blocks import TextBlock
from desktop.io.pdf.fonts import GlyphCheck, PdfFont
from desktop.templates.documents import TableSpec

_SIZE = 9.0
_WEIGHTS = {"code": 1.1, "name": 2.6, "label": 3.2, "kind": 1.3, "project": 3.0, "item": 1.8, "project_unit": 2.6}
_WEIGHTS |= {"content": 2.0, "catalog1": 1.4, "catalog2": 1.4, "catalog3": 1.4, "quantity": 1.0}


@dataclass(frozen=True)
class TableContext:
    """What every table of one publication shares."""

    font: PdfFont
    check: GlyphCheck
    width: float
    department: str
    year: int


def _cell(text: str, ctx: TableContext, *, bold: bool = False, align: str = "left") -> TextBlock:
    return TextBlock(text, ctx.font, _SIZE, align=align, bold=bold, leading=_SIZE * 1.3)  # type: ignore[arg-type]


def _amount(value: object) -> str:
    from decimal import Decimal

    return wan(value) if isinstance(value, Decimal) else ""


def _row_cells(table: ComputedTable, row: TableRow, columns: Sequence[str], ctx: TableContext) -> list[TextBlock]:
    bold = row.role is not RowRole.LEAF
    cells = []
    for column in columns:
        if column in table.amount_columns:
            cells.append(_cell(_amount(row.amounts[table.amount_columns.index(column)]), ctx, bold=bold, align="right"))
            continue
        index = table.text_columns.index(column) if column in table.text_columns else -1
        text = (row.texts[index] if 0 <= index < len(row.texts) else None) or ""
        if column in ("name", "label") and not text:
            text = row.label
        text = ctx.check.text(text, table.id, "表格")
        cells.append(_cell(text, ctx, bold=bold, align="center" if column == "code" and not row.code else "left"))
    return cells


def _header(spec: TableSpec, ctx: TableContext) -> tuple[list[list[object]], list[tuple[object, ...]]]:
    """One or two header rows and the spans they need."""
    ids = [c.id for c in spec.columns]
    grouped = grouped_columns(spec)
    if not grouped:
        return [[_cell(c.label, ctx, bold=True, align="center") for c in spec.columns]], []
    top: list[object] = []
    bottom: list[object] = []
    spans: list[tuple[object, ...]] = []
    index = 0
    while index < len(ids):
        column = spec.columns[index]
        title = grouped.get(column.id)
        if title is None:
            top.append(_cell(column.label, ctx, bold=True, align="center"))
            bottom.append("")
            spans.append(("SPAN", (index, 0), (index, 1)))
            index += 1
            continue
        width = 1
        while index + width < len(ids) and grouped.get(ids[index + width]) == title:
            width += 1
        top += [_cell(title, ctx, bold=True, align="center")] + [""] * (width - 1)
        bottom += [_cell(c.label, ctx, bold=True, align="center") for c in spec.columns[index : index + width]]
        if width > 1:
            spans.append(("SPAN", (index, 0), (index + width - 1, 0)))
        index += width
    return [top, bottom], spans


def _two_sided(table: ComputedTable, ctx: TableContext) -> tuple[list[list[object]], list[tuple[object, ...]]]:
    """收支总表 / 财政拨款收支总表: income beside spending, the totals of both sides on the same rows."""
    income = [r for r in table.rows if r.key.startswith("income:")]
    spending = [r for r in table.rows if r.key.startswith("spending:")]

    def split(rows: list[TableRow], first_total: str) -> tuple[list[TableRow], list[TableRow]]:
        at = next((i for i, r in enumerate(rows) if r.key == first_total), len(rows))
        return rows[:at], rows[at:]

    fiscal = table.id == "fiscal"
    if fiscal:
        inc_top, inc_bottom = income[:-1], income[-1:]
        out_top, out_bottom = spending[:-1], spending[-1:]
    else:
        inc_top, inc_bottom = split(income, "income:subtotal")
        out_top, out_bottom = split(spending, "spending:subtotal")
    height = max(len(inc_top), len(out_top))
    inc_top = inc_top + [None] * (height - len(inc_top))  # type: ignore[list-item]
    out_top = out_top + [None] * (height - len(out_top))  # type: ignore[list-item]
    heading = ("收 入", "支 出") if fiscal else ("收入", "支出")
    rows: list[list[object]] = [
        [_cell(heading[0], ctx, bold=True, align="center"), "", _cell(heading[1], ctx, bold=True, align="center"), ""],
        [_cell(t, ctx, bold=True, align="center") for t in ("项目", "预算数", "项目", "预算数")],
    ]
    for left, right in zip(inc_top + inc_bottom, out_top + out_bottom, strict=True):
        rows.append([*_side(left, ctx), *_side(right, ctx)])
    return rows, [("SPAN", (0, 0), (1, 0)), ("SPAN", (2, 0), (3, 0))]


def _side(row: TableRow | None, ctx: TableContext) -> list[object]:
    if row is None:
        return ["", ""]
    # The 27 功能 类 of the spending side print plain, as in the published tables; totals and headings bold.
    bold = row.role is not RowRole.LEAF and row.code is None
    label = ("\u3000" * row.level) + row.label
    return [_cell(label, ctx, bold=bold), _cell(_amount(row.amounts[0]), ctx, bold=bold, align="right")]


def _widths(spec: TableSpec, table: ComputedTable, width: float) -> list[float]:
    weights = [_WEIGHTS.get(c.id, 1.0) if c.id in table.text_columns else 1.0 for c in spec.columns]
    unit = width / sum(weights)
    return [w * unit for w in weights]


def table_flowables(spec: TableSpec, table: ComputedTable, ctx: TableContext) -> list[Flowable]:
    """The title block and the ruled table of one publication table (its note below when the table is empty)."""
    title = spec.heading(ctx.department, ctx.year)
    flow: list[Flowable] = []
    if spec.number:
        flow.append(TextBlock(spec.number, ctx.font, 10, align="left"))
    flow += [
        TextBlock(title, ctx.font, 16, bold=True, space_before=2 * mm, space_after=3 * mm, balance=True),
        TextBlock("单位：万元", ctx.font, 10, align="right", space_after=1.5 * mm),
    ]
    empty = table.is_empty() and spec.empty_note is not None
    if spec.id in ("summary", "fiscal"):
        data, spans = _two_sided(table, ctx)
        widths = [ctx.width * w for w in (0.34, 0.16, 0.34, 0.16)]
        header_rows = 2
    else:
        data, spans = _header(spec, ctx)
        header_rows = len(data)
        widths = _widths(spec, table, ctx.width)
        if not empty:
            columns = [c.id for c in spec.columns]
            rows = list(table.rows)
            if table.id in ("projects", "procurement", "services"):
                rows = [r for r in rows if r.role is not RowRole.TOTAL] + [r for r in rows if r.role is RowRole.TOTAL]
            data += [list[object](_row_cells(table, row, columns, ctx)) for row in rows]
    grid = Table(data, colWidths=widths, repeatRows=header_rows, splitByRow=1, hAlign="CENTER")
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
                ("TOPPADDING", (0, 0), (-1, -1), 1.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
                *spans,
            ]
        )
    )
    flow.append(grid)
    if empty:
        note = spec.empty_note.format(department=ctx.department, year=ctx.year)  # type: ignore[union-attr]
        flow += [Spacer(1, 3 * mm), TextBlock(note, ctx.font, 10.5, align="left")]
    return flow
