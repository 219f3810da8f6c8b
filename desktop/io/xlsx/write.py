"""Writing cells safely and styling sheets for print (openpyxl).

Every piece of user text goes through `Cells.text`: it is stored as a string even when it starts with `=`, `+`,
`-` or `@` (openpyxl would otherwise write a formula that Excel runs), and characters an .xlsx file cannot hold
are removed and reported. Amounts become numbers with as many decimals as the clerk typed, so the finance
bureau can add them up, unless a float cannot hold them exactly, in which case they stay text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import copy
from dataclasses import replace
from decimal import Decimal
from itertools import islice

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook as XlWorkbook
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from desktop.io.xlsx.form import FormGrid, Kind, Placed
from desktop.io.xlsx.spec import display_width, wrapped_lines
from desktop.templates.sheet import SheetSpec

# Characters XML 1.0 (hence .xlsx) cannot hold: C0 controls except tab/newline, lone surrogates, U+FFFE/U+FFFF.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text Excel or a CSV-style reader would take for a formula or a DDE call when the clerk edits the cell.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FONT_NAME = "宋体"
BODY_SIZE = 11
LINE_HEIGHT = {Kind.TITLE: 24.0, Kind.SUBTITLE: 16.0}
BODY_LINE = 14.5
CELL_PADDING = 6.0
MIN_ROW = 20.0
MAX_ROW = 409.0  # Excel's limit
LONG_RUN = 360.0  # points; an A4 page holds about 750

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _style(name: str, font: Font, alignment: Alignment, border: bool) -> NamedStyle:
    style = NamedStyle(name=name, font=font, alignment=alignment)
    if border:
        style.border = BORDER
    return style


def _styles() -> dict[Kind, NamedStyle]:
    body = Font(name=FONT_NAME, size=BODY_SIZE)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    return {
        Kind.TITLE: _style("绩效-标题", Font(name=FONT_NAME, size=16, bold=True), centred, False),
        Kind.SUBTITLE: _style("绩效-副标题", Font(name=FONT_NAME, size=12), centred, False),
        Kind.NOTE: _style("绩效-表外文字", body, left, False),
        Kind.NOTE_RIGHT: _style("绩效-表外右", body, Alignment(horizontal="right", vertical="center"), False),
        Kind.LABEL: _style("绩效-标签", body, centred, True),
        Kind.TEXT: _style("绩效-文字", body, left, True),
        Kind.CENTER: _style("绩效-居中", body, centred, True),
        Kind.AMOUNT: _style("绩效-金额", body, centred, True),
        Kind.PERCENT: _style("绩效-百分比", body, centred, True),
    }


def give_style(cell: Cell, style: NamedStyle) -> None:
    """`cell.style = style.name`, done as openpyxl does it (the cell gets a copy of the registered style's array of
    style ids) without openpyxl's search of the workbook's style list by name for every cell, which was a quarter of
    an export. `style` must have been added to the cell's workbook."""
    cell._style = copy(style.as_tuple())


def merge_unframed(ws: Worksheet, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    """`ws.merge_cells(…)` for a range none of whose cells exists yet and all of whose cells are styled right after
    (write_grid gives each its full frame): openpyxl's re-framing of the range's edge cells (MergedCellRange.format,
    a third of an export) would be overwritten cell by cell, so the cells are made merged and left to be styled."""
    ref = f"{get_column_letter(first_col)}{first_row}:{get_column_letter(last_col)}{last_row}"
    merged = MergedCellRange(ws, ref)  # creates the top-left cell, which keeps the value
    ws.merged_cells.add(merged)
    for row, col in islice(merged.cells, 1, None):
        ws._cells[row, col] = MergedCell(ws, row, col)


def amount_cell(value: Decimal) -> tuple[float | str, str]:
    """An amount as a cell value and number format: a number showing the typed decimals, or text if inexact."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    number = float(value)
    if decimals > 10 or abs(number) >= 1e15 or Decimal(repr(number)) != value:
        return format(value, "f"), "@"
    return number, "0" if decimals == 0 else "0." + "0" * decimals


def percent_cell(value: Decimal) -> tuple[float | str, str]:
    """A percentage typed as "25" (meaning 25%) as the fraction 0.25 with a per-cent format."""
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    fraction = value / 100
    number = float(fraction)
    if decimals > 8 or Decimal(repr(number)) != fraction:
        return format(value, "f") + "%", "@"
    return number, "0%" if decimals == 0 else "0." + "0" * decimals + "%"


class Cells:
    """Writes values into sheets safely and collects what had to be changed, once per place."""

    def __init__(self, book: XlWorkbook) -> None:
        self.styles = _styles()
        for style in self.styles.values():
            book.add_named_style(style)
        self.problems: dict[str, None] = {}

    def clean(self, text: str, where: str | None) -> str:
        """`text` without characters an .xlsx cannot hold (reported with `where`), line breaks as Excel's."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        cleaned = _ILLEGAL.sub("", text)
        if cleaned != text:
            place = where or "表格中的一处文字"
            self.problems[f"{place}含有 Excel 无法保存的控制字符，已在表格中删去（程序内的数据未改动）"] = None
        return cleaned

    def text(self, ws: Worksheet, row: int, col: int, text: str, where: str | None) -> None:
        """Store `text` as a string cell that Excel never evaluates, whatever it starts with."""
        cell = ws.cell(row=row, column=col)
        cell.value = self.clean(text, where)
        cell.data_type = "s"  # after assigning: openpyxl has just made "=…" a formula
        if cell.value.startswith(_FORMULA_START):
            cell.quotePrefix = True

    def value(
        self,
        ws: Worksheet,
        row: int,
        col: int,
        value: str | Decimal | None,
        kind: Kind,
        where: str | None,
        amount_format: str | None = None,
    ) -> None:
        """Write one grid value with the number handling its kind asks for; `amount_format` is the layout's own
        number format for amounts (one format for the whole form)."""
        if value is None:
            return
        if isinstance(value, Decimal):
            number, fmt = percent_cell(value) if kind is Kind.PERCENT else amount_cell(value)
            if kind is Kind.AMOUNT and amount_format is not None and fmt != "@":
                fmt = amount_format
            if isinstance(number, str):
                self.text(ws, row, col, number, where)
            else:
                ws.cell(row=row, column=col).value = number
            ws.cell(row=row, column=col).number_format = fmt
            return
        self.text(ws, row, col, value, where)


def write_grid(ws: Worksheet, grid: FormGrid, spec: SheetSpec, cells: Cells, project_label: str) -> None:
    """Write a placed form into an empty sheet: values, merges, borders on every merged cell, widths, heights.

    A printed label never breaks inside a word: its column is widened to its longest piece, and a label wider than
    its column is broken where the form itself would (`项目资金` / `（万元）`, `其中：` / `财政拨款`).
    """
    widths = list(spec.widths)
    for placed in grid.cells:
        if placed.kind is Kind.LABEL and placed.cols == 1 and isinstance(placed.value, str):
            need = max(display_width(part) for part in _label_parts(placed.value, placed.rows > 1)) + 1.0
            widths[placed.col - 1] = max(widths[placed.col - 1], need)

    def span_width(first_col: int, cols: int) -> float:
        return sum(widths[first_col - 1 : first_col - 1 + cols])

    heights: dict[int, float] = {}
    tall: list[tuple[int, int, float, Placed]] = []
    for placed in grid.cells:
        if placed.kind is Kind.LABEL and isinstance(placed.value, str):
            room = span_width(placed.col, placed.cols)
            parts = _label_parts(placed.value, placed.rows > 1)
            if display_width(placed.value) + 1.0 > room and len(parts) > 1:
                placed = replace(placed, value="\n".join(parts))
        style = cells.styles[placed.kind]
        last_row, last_col = placed.row + placed.rows - 1, placed.col + placed.cols - 1
        if placed.rows > 1 or placed.cols > 1:
            merge_unframed(ws, placed.row, placed.col, last_row, last_col)
        # The style (with its border) goes on every cell of a merged range, or Excel draws only part of the frame.
        for r in range(placed.row, last_row + 1):
            for c in range(placed.col, last_col + 1):
                give_style(ws.cell(row=r, column=c), style)
        where = f"{project_label}的{placed.field}" if placed.field else project_label
        amount_format = grid.amount_format(placed.value) if isinstance(placed.value, Decimal) else None
        cells.value(ws, placed.row, placed.col, placed.value, placed.kind, where, amount_format)
        shown = _shown(placed.value)
        line = LINE_HEIGHT.get(placed.kind, BODY_LINE)
        needed = wrapped_lines(shown, span_width(placed.col, placed.cols)) * line + CELL_PADDING
        if placed.rows == 1:
            heights[placed.row] = max(heights.get(placed.row, MIN_ROW), needed)
        else:
            tall.append((placed.row, last_row, needed, placed))
    for first, last, needed, _ in tall:
        have = sum(heights.get(r, MIN_ROW) for r in range(first, last + 1))
        if have < needed:
            heights[last] = heights.get(last, MIN_ROW) + needed - have
    for r in range(1, grid.last_row + 1):
        height = heights.get(r, MIN_ROW)
        if height > MAX_ROW:
            cells.problems[f"{project_label}第 {r} 行的文字过长，超过 Excel 的最大行高，打印时可能显示不全，请精简"] = (
                None
            )
        ws.row_dimensions[r].height = round(min(height, MAX_ROW), 1)
    for first, last, _, placed in tall:
        # A category merged over more than about half a page would print its name mid-way down, possibly on the
        # next page: such long runs show the name at the top instead.
        if sum(heights.get(r, MIN_ROW) for r in range(first, last + 1)) > LONG_RUN:
            horizontal = cells.styles[placed.kind].alignment.horizontal
            ws.cell(row=first, column=placed.col).alignment = Alignment(
                horizontal=horizontal, vertical="top", wrap_text=True
            )
    set_widths(ws, widths)
    ws.sheet_view.showGridLines = False


def _label_parts(label: str, tall: bool = False) -> list[str]:
    """A label's unbreakable pieces: it may break after `：` and before `（` (项目资金 / （万元）); a label merged over
    several rows also after `及` (预算规模及 / 资金用途)."""
    pattern = r"(?<=[：:及])|(?=[（(])" if tall else r"(?<=[：:])|(?=[（(])"
    return [part for part in re.split(pattern, label) if part]


def _shown(value: str | Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else value


def set_widths(ws: Worksheet, widths: Iterable[float]) -> None:
    """Column widths in Excel units, A, B, C … in order."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def print_setup(ws: Worksheet, orientation: str, title_rows: tuple[int, int] | None) -> None:
    """A4, one page wide and as many pages tall as needed, repeated heading rows, a page-number footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.8, header=0.3, footer=0.35)
    ws.print_options.horizontalCentered = True
    if title_rows is not None:
        ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


def sheet_title(wanted: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: no []:*?/\\, no quote at either end, ≤31 characters, unique ignoring case.

    `taken` holds the lower-cased names already used and gets the new one added.
    """
    base = _ILLEGAL.sub("", _SHEET_FORBIDDEN.sub("_", wanted)).replace("'", "’").strip() or "项目"
    title = _fit(base, SHEET_TITLE_MAX)
    counter = 2
    while title.lower() in taken or title.lower() == "history":
        suffix = f"({counter})"
        title = _fit(base, SHEET_TITLE_MAX - len(suffix)) + suffix
        counter += 1
    taken.add(title.lower())
    return title


def _fit(text: str, limit: int) -> str:
    """At most `limit` UTF-16 units (Excel counts those), never splitting a character."""
    out: list[str] = []
    used = 0
    for ch in text:
        size = 2 if ord(ch) > 0xFFFF else 1
        if used + size > limit:
            break
        out.append(ch)
        used += size
    return "".join(out).strip()
