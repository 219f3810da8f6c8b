"""The xlsx floor: a bare openpyxl script writing the same sheets, cells, merges and borders as the export.

Two steps, so that the floor does exactly the same openpyxl work as `jixiao export … -o x.xlsx`:

- `plan` (not timed): reads an exported file and writes a JSON plan of it — every sheet with its state, every cell
  with its value, number format and look (font, fill, alignment, border, quote prefix), every merged range, column
  widths, row heights, frozen panes, auto-filter, print set-up and footer;
- `write` (timed by `benchmarks/floors.py`): builds that workbook again with openpyxl, the plain way — one shared
  style object per distinct look, assigned cell by cell — and saves it. No code of the program is imported.

    python benchmarks/floor_xlsx.py plan EXPORTED.xlsx PLAN.json
    python benchmarks/floor_xlsx.py write PLAN.json OUT.xlsx
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins


def _look(cell: Any) -> tuple[Any, ...]:
    font, align, border, fill = cell.font, cell.alignment, cell.border, cell.fill
    return (
        font.name, font.sz, bool(font.b),
        align.horizontal, align.vertical, bool(align.wrap_text),
        bool(border.left is not None and border.left.style),
        fill.fgColor.rgb if fill.fill_type == "solid" else None,
        bool(cell.quotePrefix),
    )  # fmt: skip


def plan(exported: Path) -> dict[str, Any]:
    """What the floor has to write, read from an exported file."""
    book = load_workbook(exported)
    looks: dict[tuple[Any, ...], int] = {}
    plain = _look(Workbook().active.cell(row=1, column=1))
    sheets = []
    for ws in book.worksheets:
        cells = []
        for row in ws.iter_rows():
            for cell in row:
                look = _look(cell)
                if cell.value is None and look == plain:
                    continue
                value = cell.value
                if value is not None and not isinstance(value, str | int | float):
                    value = str(value)
                cells.append([cell.row, cell.column, value, cell.number_format, looks.setdefault(look, len(looks))])
        sheets.append(
            {
                "title": ws.title,
                "state": ws.sheet_state,
                "cells": cells,
                "merges": [str(r) for r in ws.merged_cells.ranges],
                "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
                "heights": {str(k): d.height for k, d in ws.row_dimensions.items() if d.height},
                "orientation": ws.page_setup.orientation,
                "titles": ws.print_title_rows,
                "freeze": ws.freeze_panes,
                "filter": ws.auto_filter.ref,
                "footer": ws.oddFooter.center.text,
                "grid": ws.sheet_view.showGridLines,
            }
        )
    return {"looks": [list(k) for k in looks], "sheets": sheets}


def _styles(look: list[Any]) -> dict[str, Any]:
    name, size, bold, horizontal, vertical, wrap, ruled, fill, quote = look
    thin = Side(style="thin", color="000000")
    return {
        "font": Font(name=name, size=size, bold=bold),
        "alignment": Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin) if ruled else None,
        "fill": PatternFill("solid", fgColor=fill) if fill else None,
        "quote": quote,
    }


def write(plan_path: Path, out: Path) -> None:
    """Write the planned workbook with openpyxl."""
    data = json.loads(plan_path.read_text(encoding="utf-8"))
    looks = [_styles(look) for look in data["looks"]]
    book = Workbook()
    book.remove(book.active)
    for sheet in data["sheets"]:
        ws = book.create_sheet(sheet["title"])
        ws.sheet_state = sheet["state"]
        for ref in sheet["merges"]:
            ws.merge_cells(ref)
        for row, col, value, fmt, look_id in sheet["cells"]:
            cell = ws.cell(row=row, column=col)
            if value is not None:
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"
            look = looks[look_id]
            cell.font, cell.alignment = look["font"], look["alignment"]
            if look["border"] is not None:
                cell.border = look["border"]
            if look["fill"] is not None:
                cell.fill = look["fill"]
            if look["quote"]:
                cell.quotePrefix = True
            if fmt != "General":
                cell.number_format = fmt
        for letter, width in sheet["widths"].items():
            ws.column_dimensions[letter].width = width
        for row, height in sheet["heights"].items():
            ws.row_dimensions[int(row)].height = height
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = sheet["orientation"]
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.8, header=0.3, footer=0.35)
        if sheet["titles"]:
            ws.print_title_rows = sheet["titles"].split("!")[-1].replace("$", "")
        if sheet["footer"]:
            ws.oddFooter.center.text = sheet["footer"]
        ws.freeze_panes = sheet["freeze"]
        if sheet["filter"]:
            ws.auto_filter.ref = sheet["filter"]
        ws.sheet_view.showGridLines = sheet["grid"]
    book.save(out)


def main() -> None:
    command, source, target = sys.argv[1:4]
    if command == "plan":
        Path(target).write_text(json.dumps(plan(Path(source)), ensure_ascii=False), encoding="utf-8")
    else:
        write(Path(source), Path(target))


if __name__ == "__main__":
    main()
