"""Text imports of department documents: reading the printed tables of a 部门预算 publication.

Each table's columns are found from its heading rows (one or two rows; a merged group heading such as 基本支出 over
小计 | 人员经费 | 公用经费 leaves the lower row's labels), so a region printing the columns in another order is read
the same way. Every row printed is kept as a `PrintedRow` (parents and totals included; a blank cell is None) for
the rules; the leaves (7-digit 功能 项, 5-digit 经济 款, projects, procurement and service rows, income by source)
are what the department is built from.
"""

from __future__ import annotations

import re
from decimal import Decimal

from desktop.domain.department import PrintedRow
from desktop.io.text.department_draft import DepartmentDraft, TableBlock
from desktop.io.text.department_rows import (
    SOURCE_WORDS,
    UNIT_KINDS,
    LeafLine,
    ProjectLine,
    PurchaseLine,
    ServiceLine,
    TablesRead,
    cells_of,
    number,
)
from desktop.io.text.department_summary import read_two_sided
from desktop.io.text.lines import Row, label_key

_COLUMN_WORDS: tuple[tuple[str, str], ...] = (
    ("科目编码", "code"),
    ("科目名称", "name"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("基本支出", "basic"),
    ("小计", "basic"),
    ("项目支出", "project"),
    ("事业单位经营支出", "business"),
    ("上缴上级支出", "to_superior"),
    ("对附属单位补助支出", "to_subordinate"),
    ("上年结转", "carryover"),
    ("合计", "total"),
    ("总计", "total"),
)
_CODE = re.compile(r"^\d{3,7}$")


def read_tables(draft: DepartmentDraft) -> TablesRead:
    """Read every printed table of the draft."""
    out = TablesRead()
    for block in draft.tables:
        if block.table in ("summary", "fiscal"):
            read_two_sided(block, draft, out, keep=block.table == "summary" or draft.table("summary") is None)
        elif block.table in ("income", "spending", "general", "basic", "gov_fund", "state_capital"):
            _read_code_table(block, draft, out)
        elif block.table == "projects":
            _read_projects(block, draft, out)
        elif block.table == "procurement":
            _read_purchases(block, draft, out)
        elif block.table == "services":
            _read_services(block, draft, out)
        else:
            for row in block.rows:
                draft.reject(row, f"“{block.title}”暂不能读入")
    return out


def _column_id(label: str) -> str | None:
    key = label_key(label)
    if not key:
        return None
    for word, ident in SOURCE_WORDS:
        if key.startswith(word):
            return ident
    for kind in UNIT_KINDS:
        if key == kind:
            return f"unit:{kind}"
    for word, ident in _COLUMN_WORDS:
        if word in key:
            return ident
    return None


def _header(rows: list[Row], is_data: object) -> tuple[list[str | None], list[str], int]:
    """(column ids, group labels, index of the first data row) from the heading rows above the data."""
    first = 0
    while first < len(rows) and not is_data(rows[first]):  # type: ignore[operator]
        first += 1
    heads = rows[:first]
    width = max((len(r.cells) for r in rows), default=0)
    ids: list[str | None] = []
    groups: list[str] = []
    group = ""
    for j in range(width):
        labels = [r.cells[j] for r in heads if j < len(r.cells) and r.cells[j]]
        top = heads[0].cells[j] if heads and j < len(heads[0].cells) else ""
        if len(heads) > 1 and top:
            group = top
        elif len(heads) > 1 and not top and not any(j < len(r.cells) and r.cells[j] for r in heads[1:]):
            group = ""
        ids.append(_column_id(labels[-1]) if labels else None)
        groups.append(group)
    return ids, groups, first


def _is_code_row(row: Row) -> bool:
    filled = row.filled()
    return bool(filled) and (
        _CODE.match(filled[0][1]) is not None or (label_key(filled[0][1]) in ("合计", "总计") and filled[0][0] <= 1)
    )


def _read_code_table(block: TableBlock, draft: DepartmentDraft, out: TablesRead) -> None:
    ids, _, first = _header(block.rows, _is_code_row)
    if "code" not in ids:
        ids = ["code", "name", *ids[2:]]
    leaves = out.leaves.setdefault(block.table, [])
    depth = 7 if block.table != "basic" else 5
    for row in block.rows[first:]:
        cells = cells_of(row, len(ids))
        code = cells[ids.index("code")].strip() if "code" in ids else ""
        name = cells[ids.index("name")] if "name" in ids else ""
        if not _CODE.match(code) and label_key(name or code) in ("合计", "总计"):
            code = "合计"
        elif not _CODE.match(code):
            draft.reject(row, f"“{block.title}”中无法识别的行")
            continue
        values: dict[str, Decimal | None] = {}
        for j, ident in enumerate(ids):
            if ident is None or ident in ("code", "name") or j >= len(cells):
                continue
            values[ident] = number(cells[j], row, ident, draft)
        key = "total" if code == "合计" else code
        out.rows.append(PrintedRow(block.table, key, name or None, None, tuple(values.items()), row.line_no))
        if code != "合计":
            out.names.setdefault(code, name)
        if len(code) == depth:
            leaves.append(LeafLine(code, name or None, values, row.line_no))


def _data_rows(block: TableBlock, first_label: str) -> tuple[list[str | None], list[str], list[Row]]:
    def is_data(row: Row) -> bool:
        filled = row.filled()
        return bool(filled) and label_key(filled[0][1]) not in (first_label, "") and not _is_heading(row)

    ids, groups, first = _header(block.rows, is_data)
    return ids, groups, block.rows[first:]


def _is_heading(row: Row) -> bool:
    return all(_column_id(c) is not None or label_key(c) in _HEADING_WORDS for _, c in row.filled())


_HEADING_WORDS = frozenset(
    {
        "类型",
        "项目名称",
        "项目单位",
        "本年财政拨款",
        "财政拨款结转结余",
        "政府采购品目",
        "一级目录名称",
        "二级目录名称",
        "三级目录名称",
        "政府购买服务内容",
        "购买数量",
        "购买金额",
    }
)


def _read_projects(block: TableBlock, draft: DepartmentDraft, out: TablesRead) -> None:
    ids, groups, body = _data_rows(block, "类型")
    heads = [label_key(c) for c in (block.rows[0].cells if block.rows else ())]
    position = {label: heads.index(label) for label in ("类型", "项目名称", "项目单位") if label in heads}
    for row in body:
        cells = cells_of(row, len(ids))
        name = cells[position.get("项目名称", 1)]
        if label_key(cells[0]) in ("合计", "总计") or (not name and label_key(" ".join(cells)).startswith("合计")):
            _printed_row(block, row, cells, ids, groups, ("total", "合计", None), draft, out)
            continue
        if not name:
            draft.reject(row, f"“{block.title}”中没有项目名称的行")
            continue
        by_source: dict[str, Decimal | None] = {}
        for j, ident in enumerate(ids):
            if ident in SOURCE_IDS:
                key = f"carryover_{ident}" if "结转" in groups[j] else ident
                by_source[key] = number(cells[j], row, key, draft)
        total = number(cells[ids.index("total")], row, "总计", draft) if "total" in ids else None
        unit = cells[position["项目单位"]] or None if "项目单位" in position else None
        kind = cells[position["类型"]] or None if "类型" in position else None
        out.projects.append(ProjectLine(kind, name, unit, total, by_source, row.line_no))
        _printed_row(block, row, cells, ids, groups, (name, name, unit), draft, out)


SOURCE_IDS = frozenset(ident for _, ident in SOURCE_WORDS)


def _printed_row(
    block: TableBlock,
    row: Row,
    cells: list[str],
    ids: list[str | None],
    groups: list[str],
    names: tuple[str, str | None, str | None],
    draft: DepartmentDraft,
    out: TablesRead,
) -> None:
    """Keep a row as printed: `names` is its key, label and 项目单位."""
    values: list[tuple[str, Decimal | None]] = []
    for j, ident in enumerate(ids):
        if ident is None or ident in ("code", "name") or j >= len(cells):
            continue
        column = f"carryover_{ident}" if ident in SOURCE_IDS and "结转" in groups[j] else ident
        values.append((column, number(cells[j], row, column, draft)))
    key, label, unit = names
    out.rows.append(PrintedRow(block.table, key, label, unit, tuple(values), row.line_no))


def _read_purchases(block: TableBlock, draft: DepartmentDraft, out: TablesRead) -> None:
    ids, groups, body = _data_rows(block, "项目名称")
    for row in body:
        cells = cells_of(row, len(ids))
        if label_key(cells[0]) in ("合计", "总计") or (not cells[0] and label_key(cells[1]) in ("", "合计")):
            _printed_row(block, row, cells, ids, groups, ("total", "合计", None), draft, out)
            continue
        by_source = {ident: number(cells[j], row, ident, draft) for j, ident in enumerate(ids) if ident in SOURCE_IDS}
        total = number(cells[ids.index("total")], row, "合计", draft) if "total" in ids else None
        out.purchases.append(PurchaseLine(cells[0] or None, cells[1] or None, total, by_source, row.line_no))
        _printed_row(block, row, cells, ids, groups, (cells[0], cells[1] or None, None), draft, out)


def _read_services(block: TableBlock, draft: DepartmentDraft, out: TablesRead) -> None:
    _, _, body = _data_rows(block, "项目名称")
    for row in body:
        cells = cells_of(row, 7)
        if label_key(cells[0]) in ("合计", "总计"):
            value = number(cells[6], row, "购买金额", draft)
            out.rows.append(PrintedRow(block.table, "total", "合计", None, (("amount", value),), row.line_no))
            continue
        value = number(cells[6], row, "购买金额", draft)
        out.rows.append(PrintedRow(block.table, cells[0], cells[4] or None, None, (("amount", value),), row.line_no))
        out.services.append(
            ServiceLine(
                cells[0] or None,
                tuple(c or None for c in cells[1:4]),
                cells[4] or None,
                cells[5] or None,
                value,
                row.line_no,
            )
        )
