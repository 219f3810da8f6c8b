"""The Excel submission: the public list, one official-layout sheet per project, a flat indicator sheet.

The file is what the clerk e-mails to the finance bureau, and what other units send back:

- `公开清单`: 序号 / 项目名称 / 预算金额（万元） for every project, with the total;
- one sheet per project in its layout's official arrangement (xlsx_form), styled for A4 (xlsx_write);
- `指标明细`: one row per indicator with the value taken apart (符号 / 值 / 计量单位 / 定量或定性), the flat form
  finance systems import;
- a very hidden `_jixiao` sheet with the exact data, so our own export comes back losslessly (xlsx_embed).

The file is written to a temporary name in the target folder and moved into place, so an existing file is never
left half-written.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook as XlWorkbook
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.draft_check import DRAFT_MARK
from desktop.domain.model import Project, Workbook
from desktop.domain.values import ValueKind, parse_value
from desktop.io.atomic import write_atomically
from desktop.io.exporting import ExportFailed, ExportReport, list_amount_style
from desktop.io.xlsx.embed import SheetEntry, fingerprint, write_embedded
from desktop.io.xlsx.form import Kind, build_form
from desktop.io.xlsx.write import (
    BORDER,
    FONT_NAME,
    Cells,
    give_style,
    print_setup,
    set_widths,
    sheet_title,
    write_grid,
)
from desktop.os_errors import os_error_reason
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import LayoutError

PUBLIC_LIST = "公开清单"
INDICATOR_DATA = "指标明细"
DATA_HEADINGS: tuple[str, ...] = (
    "序号", "项目名称", "项目编码", "一级指标", "二级指标", "三级指标", "指标值", "符号", "值", "计量单位",
    "定量或定性", "绩效指标描述", "指标值确定依据", "中长期指标值", "中长期三级指标",
)  # fmt: skip
DATA_HEADING_STYLE = "绩效-明细标题"
DATA_BODY_STYLE = "绩效-明细"
_DATA_WIDTHS = (6, 28, 24, 12, 16, 28, 22, 6, 12, 12, 10, 28, 24, 18, 24)


def _project_sheet_name(number: int, project: Project) -> str:
    return f"{number} {project.display_name()}"


def _public_list(ws: Worksheet, projects: list[Project], cells: Cells) -> None:
    years = {p.year for p in projects}
    ws.merge_cells("A1:C1")
    cells.text(ws, 1, 1, "项目支出绩效目标公开清单", None)
    give_style(ws.cell(row=1, column=1), cells.styles[Kind.TITLE])
    if len(years) == 1:
        ws.merge_cells("A2:C2")
        cells.text(ws, 2, 1, f"（{years.pop()}年度）", None)
        give_style(ws.cell(row=2, column=1), cells.styles[Kind.SUBTITLE])
    heading = 3
    for col, text in enumerate(("序号", "项目名称", "预算金额（万元）"), start=1):
        give_style(ws.cell(row=heading, column=col), cells.styles[Kind.LABEL])
        cells.text(ws, heading, col, text, None)
    total = Decimal(0)
    places, thousands = list_amount_style(projects)
    number_format = ("#,##0" if thousands else "0") + ("." + "0" * places if places else "")
    row = heading
    for number, project in enumerate(projects, start=1):
        row = heading + number
        for col, kind in ((1, Kind.CENTER), (2, Kind.TEXT), (3, Kind.AMOUNT)):
            give_style(ws.cell(row=row, column=col), cells.styles[kind])
        ws.cell(row=row, column=1).value = number
        cells.value(ws, row, 2, project.display_name(), Kind.TEXT, f"第 {number} 个项目的项目名称")
        amount = project.funds.total
        if amount is not None:
            cells.value(ws, row, 3, amount, Kind.AMOUNT, None, number_format)
            total += amount
    row += 1
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
    for col in (1, 2, 3):
        give_style(ws.cell(row=row, column=col), cells.styles[Kind.LABEL if col < 3 else Kind.AMOUNT])
    cells.text(ws, row, 1, "合计", None)
    cells.value(ws, row, 3, total.quantize(Decimal(1).scaleb(-places)), Kind.AMOUNT, None, number_format)
    for r in range(heading, row + 1):
        ws.row_dimensions[r].height = 20
    ws.row_dimensions[1].height = 30
    set_widths(ws, (8, 56, 20))
    print_setup(ws, "portrait", (heading, heading))


def _data_styles(book: XlWorkbook) -> tuple[NamedStyle, NamedStyle]:
    """The heading and body styles of the data sheet, registered once as named styles (a per-cell Font object was
    16% of the export: openpyxl hashes each one to find its index)."""
    heading = NamedStyle(
        name=DATA_HEADING_STYLE,
        font=Font(name=FONT_NAME, size=11, bold=True),
        fill=PatternFill("solid", fgColor="DDE4EE"),
        border=BORDER,
        alignment=Alignment(horizontal="center", vertical="center"),
    )
    body = NamedStyle(name=DATA_BODY_STYLE, font=Font(name=FONT_NAME, size=11))
    registered = {style.name: style for style in book._named_styles}
    for style in (heading, body):
        if style.name not in registered:
            book.add_named_style(style)
            registered[style.name] = style
    return registered[heading.name], registered[body.name]


def _indicator_data(ws: Worksheet, projects: list[Project], cells: Cells) -> None:
    heading, body = _data_styles(ws.parent)
    for col, text in enumerate(DATA_HEADINGS, start=1):
        give_style(ws.cell(row=1, column=col), heading)
        cells.text(ws, 1, col, text, None)
    row = 1
    for number, project in enumerate(projects, start=1):
        label = f"第 {number} 个项目“{project.display_name()}”"
        for k, ind in enumerate(project.indicators, start=1):
            row += 1
            where = f"{label}第 {k} 条指标"
            values: list[str | Decimal | None] = [
                None, project.name, project.code, ind.level1, ind.level2, ind.name, ind.value,
            ]  # fmt: skip
            if ind.value is not None:
                parsed = parse_value(ind.value)
                quantitative = parsed.kind is ValueKind.QUANTITATIVE
                values += [
                    parsed.comparator.value if parsed.comparator is not None and quantitative else None,
                    parsed.number if quantitative else None,
                    (parsed.unit or None) if quantitative else None,
                    "定量" if quantitative else "定性",
                ]
            else:
                values += [None, None, None, None]
            values += [ind.description, ind.basis, ind.midterm_value, ind.midterm_name]
            for col in range(1, len(DATA_HEADINGS) + 1):
                give_style(ws.cell(row=row, column=col), body)
            ws.cell(row=row, column=1).value = number
            for col, value in enumerate(values, start=1):
                if value is not None:
                    kind = Kind.AMOUNT if isinstance(value, Decimal) else Kind.TEXT
                    cells.value(ws, row, col, value, kind, f"{where}的“{DATA_HEADINGS[col - 1]}”")
    set_widths(ws, _DATA_WIDTHS)
    ws.freeze_panes = "A2"
    if row > 1:
        ws.auto_filter.ref = f"A1:{ws.cell(row=row, column=len(DATA_HEADINGS)).coordinate}"
    print_setup(ws, "landscape", (1, 1))


def _mark_as_draft(ws: Worksheet) -> None:
    """ "草稿" in the page header of every printed page of the sheet (a sheet has no watermark of its own; the header
    is what Excel and WPS print on each page, and it changes no cell, so the file still imports as it was)."""
    ws.oddHeader.center.text = DRAFT_MARK
    ws.oddHeader.center.size = 20
    ws.oddHeader.center.color = "A6A6A6"


def build_workbook(workbook: Workbook, watermark: Collection[Project] = ()) -> tuple[XlWorkbook, list[str], int]:
    """The Excel workbook for `workbook` in memory, the problems met, and how many visible sheets it has; the sheets
    of the projects in `watermark` print "草稿" at the top of each page."""
    marked = {id(p) for p in watermark}
    book = XlWorkbook()
    cells = Cells(book)
    projects = list(workbook.projects)
    taken = {PUBLIC_LIST.lower(), INDICATOR_DATA.lower(), "_jixiao"}
    listing = book.active
    listing.title = PUBLIC_LIST
    _public_list(listing, projects, cells)
    entries: list[SheetEntry] = []
    sheets: list[Worksheet] = []
    per_layout: Counter[str] = Counter()  # numbered titles count the forms of one layout, as the printed forms do
    for number, project in enumerate(projects, start=1):
        per_layout[project.template] += 1
        try:
            layout = get_layout(project.template)
            spec = layout.sheet
            grid = build_form(project, layout, spec, per_layout[project.template])
        except LayoutError as exc:
            raise ExportFailed(f"第 {number} 个项目“{project.display_name()}”无法排版：{exc}") from None
        ws = book.create_sheet(sheet_title(_project_sheet_name(number, project), taken))
        write_grid(ws, grid, spec, cells, f"第 {number} 个项目“{project.display_name()}”")
        heading = grid.heading_row
        print_setup(ws, spec.orientation, (heading, heading) if heading is not None else None)
        if id(project) in marked:
            _mark_as_draft(ws)
        entries.append(SheetEntry(number, ws.title, ""))
        sheets.append(ws)
    data = book.create_sheet(INDICATOR_DATA)
    _indicator_data(data, projects, cells)
    marks = [SheetEntry(0, listing.title, _mark(listing))]
    marks += [SheetEntry(e.project, e.title, _mark(ws)) for e, ws in zip(entries, sheets, strict=True)]
    marks.append(SheetEntry(0, data.title, _mark(data)))
    write_embedded(book, workbook, marks)
    return book, list(cells.problems), len(projects) + 2


def _mark(ws: Worksheet) -> str:
    return fingerprint(ws.iter_rows(min_row=1, min_col=1, values_only=True))


def export_xlsx(workbook: Workbook, path: Path, *, watermark: Collection[Project] = ()) -> ExportReport:
    """Write the Excel submission for `workbook` to `path` (replacing it only once fully written); the sheets of the
    projects in `watermark` print "草稿" at the top of each page.

    Raises ExportFailed with a Chinese message when a layout is unusable or the file cannot be written.
    """
    book, problems, sheet_count = build_workbook(workbook, watermark)
    # Built in memory first: a ZipFile writing straight to a file that hits a full disk is left half-open, and its
    # __del__ later prints "Exception ignored ... seek of closed file" after our message.
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        write_atomically(path, buffer.getvalue())
    except PermissionError:
        raise ExportFailed(
            f"无法写入 {path}：没有写入权限，或该文件正在 Excel/WPS 中打开。请关闭该文件或换一个文件名后重试。"
        ) from None
    except OSError as exc:
        raise ExportFailed(f"无法写入 {path}：{os_error_reason(exc)}。请检查磁盘空间和文件夹是否可写。") from None
    return ExportReport(path=path, pages=sheet_count, problems=problems)
