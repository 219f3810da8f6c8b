r"""Ctrl+C / Ctrl+V on the indicator tree: rows as tab-separated text, and where pasted rows go.

Copied rows carry a heading row, so pasting back (and into Excel or WPS) never has to guess the column order. Pasted
text is read by the text importer's row reader, then each row is placed under the 二级 it names; rows that name
less are placed by what the clerk has selected.

Excel and WPS evaluate pasted text that looks like a formula (`=HYPERLINK(…)`, `+1`, `@SUM`). So the clipboard also
carries an HTML table — which both prefer over plain text — whose every cell is typed as text (`x:str` and
`mso-number-format:"\@"`), and in the plain text such a cell starts with the apostrophe Excel reads as "text".
Pasting back into the tree removes that apostrophe again.
"""

from __future__ import annotations

import atexit
import html
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QModelIndex
from PySide6.QtGui import QGuiApplication

from desktop.domain.model import Indicator
from desktop.templates.frames import Frame
from desktop.templates.layouts import Layout
from desktop.ui.indicators.model import IndicatorTreeModel
from desktop.ui.indicators.tree import GroupKey, field_label, shown_fields

if TYPE_CHECKING:
    from desktop.io.importing import UnplacedLine  # only a paste loads the import code

PastedRow = tuple[GroupKey, int, Indicator]


# What a spreadsheet reads as the start of a formula (the full-width ＝ is text to both Excel and WPS).
_FORMULA_START = ("=", "+", "-", "@")
_QUOTED_FORMULA = re.compile(r"^'(?=[=+\-@].)", re.MULTILINE)


def rows_as_cells(indicators: Sequence[Indicator], layout: Layout) -> list[list[str]]:
    """The copied table: a heading row, then 一级, 二级, 三级 and the layout's columns, one list per row."""
    fields = shown_fields(layout)
    table = [["一级指标", "二级指标", "三级指标"] + [field_label(layout, f) for f in fields[1:]]]
    for ind in indicators:
        table.append([ind.level1, ind.level2 or ""] + [getattr(ind, f) or "" for f in fields])
    return table


def rows_as_text(indicators: Sequence[Indicator], layout: Layout) -> str:
    """The plain-text flavour of Ctrl+C: tab-separated rows; a formula-like cell gets Excel's text apostrophe."""
    lines = []
    for cells in rows_as_cells(indicators, layout):
        flat = (" ".join(c.split()) if any(ch in c for ch in "\t\r\n") else c for c in cells)
        lines.append("\t".join(_as_text_cell(c) for c in flat))
    return "\n".join(lines)


def _as_text_cell(cell: str) -> str:
    return "'" + cell if len(cell) > 1 and cell.startswith(_FORMULA_START) else cell


def rows_as_html(indicators: Sequence[Indicator], layout: Layout) -> str:
    """The HTML flavour of Ctrl+C: a table Excel and WPS paste with every cell as text, never as a formula."""
    text_cell = "mso-number-format:'\\@';"  # "@" is Excel's Text format
    rows = []
    for r, cells in enumerate(rows_as_cells(indicators, layout)):
        tag = "th" if r == 0 else "td"
        inner = "".join(
            f'<{tag} x:str style="{text_cell}">'
            + html.escape(c).replace("\r\n", "\n").replace("\n", '<br style="mso-data-placement:same-cell">')
            + f"</{tag}>"
            for c in cells
        )
        rows.append(f"<tr>{inner}</tr>")
    return (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns="http://www.w3.org/TR/REC-html40"><head><meta charset="utf-8">'
        f"<style>td, th {{ {text_cell} white-space: normal; }}</style></head>"
        f"<body><table>{''.join(rows)}</table></body></html>"
    )


_OUR_ROWS = "application/x-jixiao-indicator-rows"
_exit_hook: list[bool] = []


def put_rows_on_clipboard(indicators: Sequence[Indicator], layout: Layout) -> None:
    """Ctrl+C: the rows as plain text and as an HTML table (Excel/WPS paste that flavour, every cell as text)."""
    data = QMimeData()
    data.setText(rows_as_text(indicators, layout))
    data.setHtml(rows_as_html(indicators, layout))
    data.setData(_OUR_ROWS, b"1")
    QGuiApplication.clipboard().setMimeData(data)
    if not _exit_hook:
        _exit_hook.append(True)
        atexit.register(_keep_plain_text_at_exit)


def _keep_plain_text_at_exit() -> None:
    # Qt crashes (SIGSEGV, measured with PySide6 6.11 offscreen) deleting a Python-made QMimeData while the
    # application is torn down. Replacing our rows by their plain text first avoids it; that text is the safe one.
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    data = clipboard.mimeData()
    if data is not None and data.hasFormat(_OUR_ROWS):
        clipboard.setText(data.text())


def parse_pasted_rows(text: str, frame: Frame) -> tuple[list[Indicator], list[UnplacedLine]]:
    """Rows from the clipboard, read by the text importer (imported here: only a paste needs it)."""
    from desktop.io.text.importer import parse_indicator_rows

    # Our own copy quoted formula-like cells for Excel ("'=100%"): the value is what follows the apostrophe.
    lines = ("\t".join(_QUOTED_FORMULA.sub("", cell) for cell in line.split("\t")) for line in text.split("\n"))
    return parse_indicator_rows("\n".join(lines), frame)


def frame_key(indicator: Indicator, frame: Frame) -> GroupKey | None:
    """The frame 二级 a pasted row names (a 二级 under the wrong 一级 still finds its place)."""
    l1 = frame.level1(indicator.level1)
    l2 = l1.level2(indicator.level2) if l1 is not None else None
    if l1 is None or l2 is None:
        l1 = frame.level1_of(indicator.level2)
        l2 = l1.level2(indicator.level2) if l1 is not None else None
    return GroupKey(l1.name, l2.name) if l1 is not None and l2 is not None else None


def place_pasted_rows(
    model: IndicatorTreeModel, current: QModelIndex, rows: Sequence[Indicator], frame: Frame
) -> tuple[list[PastedRow], list[str]]:
    """Where each pasted row goes, and a Chinese line for each row that fits nowhere.

    A row naming its 二级 is appended there. A row naming only its 一级 goes under the current 二级 when that is in
    the same 一级, else under the first 二级 of its own 一级. A row naming neither goes under the current 二级. Rows
    landing in the current 二级 go just below the current row, in the order pasted.
    """
    if model.is_level1(current):
        current = model.index(0, 0, current.siblingAtColumn(0))
    current_key = model.group_key(current)
    if current_key not in model.frame_groups():
        current_key = None
    position = model.position(current)
    next_row = position[1] + 1 if position is not None else model.group_size(current_key) if current_key else 0
    added: dict[GroupKey, int] = {}
    placements: list[PastedRow] = []
    refused: list[str] = []
    for indicator in rows:
        shown = "/".join(t for t in (indicator.level1, indicator.level2, indicator.name) if t)
        if indicator.level2 is None:
            key, problem = _key_without_level2(indicator, frame, current_key)
            if key is None:
                refused.append(f"{shown}：{problem}")
                continue
            blank = model.tree.new_indicator(key)
            indicator = replace(indicator, level1=blank.level1, level2=blank.level2)
        else:
            key = frame_key(indicator, frame)
            if key is None:
                refused.append(f"{shown}：“{indicator.level2}”不是本版式的二级指标")
                continue
            indicator = replace(indicator, level1=key.level1)
        if key == current_key:
            row, next_row = next_row, next_row + 1
        else:
            row = model.group_size(key) + added.get(key, 0)
        added[key] = added.get(key, 0) + 1
        placements.append((key, row, indicator))
    return placements, refused


def _key_without_level2(
    indicator: Indicator, frame: Frame, current_key: GroupKey | None
) -> tuple[GroupKey | None, str]:
    """The 二级 for a row without one: (key, "") or (None, why it cannot be placed)."""
    if not indicator.level1:
        if current_key is None:
            return None, "没有写一级、二级指标，请先选中要放入的二级指标再粘贴"
        return current_key, ""
    level1 = frame.level1(indicator.level1)
    if level1 is None or not level1.level2s:
        return None, f"“{indicator.level1}”不是本版式的一级指标"
    if current_key is not None and current_key.level1 == level1.name:
        return current_key, ""
    return GroupKey(level1.name, level1.level2s[0].name), ""


def paste_report(placed: int, unplaced: Sequence[UnplacedLine], refused: Sequence[str]) -> str | None:
    """The message after a paste: what could not be placed and why (None when everything went in)."""
    problems = [f"第 {u.line_no} 行：{u.text.strip()}（{u.reason}）" for u in unplaced] + list(refused)
    if not placed and not problems:
        return "剪贴板里没有可以粘贴的指标行。请复制“一级、二级、三级、指标值”这样以制表符分隔的行。"
    if not problems:
        return None
    head = f"已粘贴 {placed} 条指标。" if placed else "没有粘贴任何指标。"
    listing = "\n".join(problems[:20]) + (f"\n……另有 {len(problems) - 20} 行" if len(problems) > 20 else "")
    return f"{head}以下 {len(problems)} 行未能放入指标表，请检查一级/二级指标名称：\n{listing}"
