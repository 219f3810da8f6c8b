"""Text imports: what lies outside the forms of a document.

Rows between forms that look like parts of a form (a label, an indicator category) are reported line by line
as unplaced; prose and the department's other tables are summarised as line ranges in the notes. The
项目支出绩效目标公开清单 (序号 | 项目名称 | 预算金额) is read and compared with the forms' amounts (the 霍邱 list
swaps two of them); it is reported, not imported.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

from desktop.domain.model import AmountError, parse_amount
from desktop.io.importing import ImportResult, UnplacedLine
from desktop.io.text.labels import LabelBook
from desktop.io.text.lines import Row
from desktop.templates.catalog import available_layouts


def report_outside(
    result: ImportResult,
    rows: list[Row],
    spans: Sequence[tuple[int, int]],
    book: LabelBook,
    claimed: Collection[int] = (),
) -> None:
    """Rows between forms that look like parts of a form are reported line by line; other text outside the forms
    (prose, the department's other tables) as ranges in the notes. `spans` may be empty (a document without
    forms: its public list is still recognised). `claimed` rows were read (or reported) by the department
    importer."""
    inside: set[int] = set(claimed)
    for start, end in spans:
        inside.update(range(start, end))
    listed = _public_lists(rows, inside, result)
    skipped: list[int] = []
    first, last = (spans[0][0], spans[-1][1]) if spans else (0, 0)
    for i, row in enumerate(rows):
        if i in inside or i in listed or row.is_blank():
            continue
        if first <= i < last and row.tabbed and _looks_like_form_part(row, book):
            result.unplaced.append(UnplacedLine(row.line_no, row.text, "不在任何项目表内"))
        else:
            skipped.append(row.line_no)
    result.unplaced.sort(key=lambda u: u.line_no)
    if skipped:
        ranges = _ranges(skipped, rows)
        result.notes.append(f"表外文字（说明、其他表格等）未导入：第 {ranges} 行，共 {len(skipped)} 行")


def _looks_like_form_part(row: Row, book: LabelBook) -> bool:
    frames = {layout.frame.id: layout.frame for layout in available_layouts().values()}.values()
    for pos, cell in row.filled():
        if book.match(row.raw[pos], cell) is not None:
            return True
        if any(frame.level1(cell) is not None or frame.level1_of(cell) is not None for frame in frames):
            return True
    return False


def _ranges(line_nos: list[int], rows: list[Row]) -> str:
    blank = {row.line_no for row in rows if row.is_blank()}
    parts: list[list[int]] = []
    for no in line_nos:
        if parts and all(n in blank for n in range(parts[-1][1] + 1, no)):
            parts[-1][1] = no
        else:
            parts.append([no, no])
    return "、".join(f"{a}" if a == b else f"{a}–{b}" for a, b in parts)


def _public_lists(rows: list[Row], inside: set[int], result: ImportResult) -> set[int]:
    """The 项目支出绩效目标公开清单 (序号 | 项目名称 | 预算金额): read, compared with the forms, not imported."""
    used: set[int] = set()
    amounts = {p.name: p.funds.total for p in result.projects if p.name}
    for i, row in enumerate(rows):
        cells = [c for c in row.cells if c]
        if i in inside or len(cells) < 3 or cells[0] != "序号" or cells[1] != "项目名称":
            continue
        used.add(i)
        if i > 0 and "公开清单" in rows[i - 1].joined():
            used.add(i - 1)
        entries = 0
        summary = len(result.notes)
        for j in range(i + 1, len(rows)):
            entry = [c for c in rows[j].cells if c]
            if j in inside or len(entry) < 3 or not entry[0].isdigit():
                break
            used.add(j)
            entries += 1
            _compare_listed(entry[1], entry[2], amounts, rows[j].line_no, result)
        checked = "已与项目表核对" if result.projects else "文件中没有项目表可与之核对"
        result.notes.insert(
            summary,
            f"第 {row.line_no} 行起是项目支出绩效目标公开清单（{entries} 个项目），{checked}，不作为项目导入",
        )
    return used


def _compare_listed(
    name: str, amount: str, amounts: dict[str, Decimal | None], line_no: int, result: ImportResult
) -> None:
    try:
        listed = parse_amount(amount)
    except AmountError:
        return
    form = amounts.get(name)
    if listed is not None and form is not None and listed != form:
        result.notes.append(f"公开清单第 {line_no} 行“{name}”金额 {amount} 与项目表的 {form} 万元不一致")
