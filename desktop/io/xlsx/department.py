"""The publication's tables as an Excel workbook for the 公开 submission: one sheet per table of the document layout,
titled "<部门><年>年<表名>", 单位：万元, the layout's columns (two header rows where columns are grouped), parent and
total rows bold, amounts as numbers, an empty table with its note, A4 print setup with repeated headings."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.department import Department
from desktop.domain.department.context import TABLE_NAMES
from desktop.domain.department.tables import ComputedTable, RowRole, TableRow, compute_tables
from desktop.domain.model import Workbook
from desktop.io.department_print import grouped_columns, is_wide
from desktop.io.exporting import ExportFailed, ExportReport
from desktop.io.xlsx.write import FONT_NAME, print_setup, set_widths, sheet_title
from desktop.templates.classification import bundled_catalogue
from desktop.templates.documents import DocumentLayout, TableSpec, get_document_layout

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_TITLE = Font(name=FONT_NAME, size=16, bold=True)
_CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_AMOUNT_FORMAT = "#,##0.00"
_FORMULA_START = ("=", "+", "-", "@")


def _text(ws: Worksheet, row: int, column: int, value: str, *, bold: bool = False, align: Alignment = _LEFT) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    if value.startswith(_FORMULA_START):
        cell.data_type = "s"  # text, never a formula
        cell.quotePrefix = True
    cell.font = _BOLD if bold else _BODY
    cell.alignment = align
    cell.border = _BORDER


def _amount(ws: Worksheet, row: int, column: int, value: Decimal | None, *, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column, value=float(value) if value is not None else None)
    cell.number_format = _AMOUNT_FORMAT
    cell.font = _BOLD if bold else _BODY
    cell.alignment = _RIGHT
    cell.border = _BORDER


def _header(ws: Worksheet, spec: TableSpec, top: int) -> int:
    """One or two header rows; returns how many."""
    ids = [c.id for c in spec.columns]
    grouped = grouped_columns(spec)
    if not grouped:
        for column, spec_column in enumerate(spec.columns, start=1):
            _text(ws, top, column, spec_column.label, bold=True, align=_CENTRE)
        return 1
    index = 0
    while index < len(ids):
        title = grouped.get(ids[index])
        if title is None:
            _text(ws, top, index + 1, spec.columns[index].label, bold=True, align=_CENTRE)
            _text(ws, top + 1, index + 1, "", bold=True, align=_CENTRE)
            ws.merge_cells(start_row=top, start_column=index + 1, end_row=top + 1, end_column=index + 1)
            index += 1
            continue
        width = 1
        while index + width < len(ids) and grouped.get(ids[index + width]) == title:
            width += 1
        for offset in range(width):
            _text(ws, top, index + 1 + offset, title if offset == 0 else "", bold=True, align=_CENTRE)
            _text(ws, top + 1, index + 1 + offset, spec.columns[index + offset].label, bold=True, align=_CENTRE)
        if width > 1:
            ws.merge_cells(start_row=top, start_column=index + 1, end_row=top, end_column=index + width)
        index += width
    return 2


def _row(ws: Worksheet, at: int, table: ComputedTable, row: TableRow, spec: TableSpec) -> None:
    bold = row.role is not RowRole.LEAF
    for column, spec_column in enumerate(spec.columns, start=1):
        if spec_column.id in table.amount_columns:
            _amount(ws, at, column, row.amounts[table.amount_columns.index(spec_column.id)], bold=bold)
            continue
        index = table.text_columns.index(spec_column.id) if spec_column.id in table.text_columns else -1
        text = (row.texts[index] if 0 <= index < len(row.texts) else None) or ""
        if spec_column.id in ("name", "label") and not text:
            text = row.label
        _text(ws, at, column, text, bold=bold)


def _two_sided(ws: Worksheet, table: ComputedTable, top: int) -> int:
    """收支总表 / 财政拨款收支总表 side by side; returns the next free row."""
    income = [r for r in table.rows if r.key.startswith("income:")]
    spending = [r for r in table.rows if r.key.startswith("spending:")]
    if table.id == "fiscal":
        split_in, split_out = len(income) - 1, len(spending) - 1
    else:
        split_in = next(i for i, r in enumerate(income) if r.key == "income:subtotal")
        split_out = next(i for i, r in enumerate(spending) if r.key == "spending:subtotal")
    height = max(split_in, split_out)
    left = income[:split_in] + [None] * (height - split_in) + income[split_in:]
    right = spending[:split_out] + [None] * (height - split_out) + spending[split_out:]
    for column, label in ((1, "收入"), (3, "支出")):
        _text(ws, top, column, label, bold=True, align=_CENTRE)
        _text(ws, top, column + 1, "", bold=True, align=_CENTRE)
        ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
    for column, label in enumerate(("项目", "预算数", "项目", "预算数"), start=1):
        _text(ws, top + 1, column, label, bold=True, align=_CENTRE)
    at = top + 2
    for a, b in zip(left, right, strict=True):
        for column, side in ((1, a), (3, b)):
            if side is None:
                _text(ws, at, column, "")
                _amount(ws, at, column + 1, None)
                continue
            bold = side.role is not RowRole.LEAF and side.code is None
            _text(ws, at, column, "\u3000" * side.level + side.label, bold=bold)
            _amount(ws, at, column + 1, side.amounts[0], bold=bold)
        at += 1
    return at


def _sheet(ws: Worksheet, spec: TableSpec, table: ComputedTable, department: Department) -> None:
    two_sided = spec.id in ("summary", "fiscal")
    width = 4 if two_sided else len(spec.columns)
    if spec.number:
        ws.cell(row=1, column=1, value=spec.number).font = _BODY
    title = ws.cell(row=2, column=1, value=spec.heading(department.name, department.year))
    title.font, title.alignment = _TITLE, Alignment(horizontal="center", vertical="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.row_dimensions[2].height = 30
    unit = ws.cell(row=3, column=width, value="单位：万元")
    unit.font, unit.alignment = _BODY, _RIGHT
    if two_sided:
        end = _two_sided(ws, table, 4)
        set_widths(ws, (36, 14, 36, 14))
        header_rows = 2
    else:
        header_rows = _header(ws, spec, 4)
        end = 4 + header_rows
        empty = table.is_empty() and spec.empty_note is not None
        if not empty:
            for row in table.rows:
                _row(ws, end, table, row, spec)
                end += 1
        else:
            note = (spec.empty_note or "").format(department=department.name, year=department.year)
            cell = ws.cell(row=end + 1, column=1, value=note)
            cell.font, cell.alignment = _BODY, Alignment(horizontal="left", vertical="center")
        widths = [
            {"code": 11, "name": 30, "label": 36, "kind": 12, "project_unit": 30, "project": 34}.get(c.id, 14)
            if c.id in table.text_columns
            else 14
            for c in spec.columns
        ]
        set_widths(ws, widths)
    print_setup(ws, "landscape" if is_wide(spec) else "portrait", (4, 3 + header_rows))
    ws.freeze_panes = ws.cell(row=4 + header_rows, column=1)


def build_publication_workbook(
    workbook: Workbook, department: Department, layout: DocumentLayout | None = None
) -> XlWorkbook:
    """The workbook: one sheet per table the document layout prints, in its order."""
    chosen = layout or get_document_layout(department.document or "ah-department-budget")
    if not chosen.tables:
        raise ExportFailed(f"文件版式“{chosen.name}”没有预算表，无法导出为 Excel 表格；请导出为 PDF。")
    projects = workbook.department_projects(department)
    computed = compute_tables(department, projects, bundled_catalogue(department.year), chosen.table_ids())
    book = XlWorkbook()
    book.remove(book.active)
    taken: set[str] = set()
    for number, spec in enumerate(chosen.tables, start=1):
        ws = book.create_sheet(sheet_title(f"{number}.{TABLE_NAMES.get(spec.id, spec.id)}", taken))
        _sheet(ws, spec, computed[spec.id], department)
    return book


def publication_xlsx(workbook: Workbook, department: Department, layout: DocumentLayout | None = None) -> bytes:
    """The tables workbook as bytes."""
    buffer = io.BytesIO()
    build_publication_workbook(workbook, department, layout).save(buffer)
    return buffer.getvalue()


def export_publication_xlsx(
    workbook: Workbook, department: Department, path: Path, layout: DocumentLayout | None = None
) -> ExportReport:
    """Write the tables workbook to `path` (replacing it only once fully written)."""
    from desktop.io.pdf.department import write_atomically

    book = build_publication_workbook(workbook, department, layout)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomically(buffer.getvalue(), path)
    return ExportReport(path=Path(path), pages=len(book.worksheets), problems=[])
