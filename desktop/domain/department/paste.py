"""Rows pasted from Excel or WPS into the budget editor: tab-separated text read into budget rows, or told why not.

What a clerk pastes is mostly the budget system's export of a table: perhaps a title line and a (one- or two-line)
heading, codes with or without their names (in one cell or two), amounts with thousands separators, blank cells,
the 类/款 lines and the 合计 line. Headings name the columns when there are any; without them the columns are read in
the export's own order when they add up that way (合计, 基本支出, 人员经费, 公用经费, 项目支出), else in the editor's
order. Parent and 合计 lines are skipped (they are computed); a line that cannot be read is reported with its number
and nothing is applied, so a paste never half-happens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from desktop.domain.department.budget import BasicRow, Source, SpendingRow
from desktop.domain.department.edits import (
    ECONOMIC_LEAF_DIGITS,
    FUNCTION_LEAF_DIGITS,
    MONEY_LISTS,
    BudgetEditError,
    BudgetList,
    BudgetRow,
    parse_amount,
)
from desktop.domain.department.paste_base import (
    MAX_PASTED_LINES,
    PasteProblem,
    PasteResult,
    TableReader,
    check_sum,
    clean_cell,
    code_and_name,
    is_amount,
    parse_source,
    split_lines,
)
from desktop.domain.department.paste_lists import parse_money, parse_procurement, parse_services

__all__ = ["PasteProblem", "PasteResult", "parse_paste", "parse_source", "split_lines"]

_SPENDING_HEADINGS: tuple[tuple[str, str], ...] = (
    ("经营支出", "business"),
    ("上缴上级", "to_superior"),
    ("附属单位补助", "to_subordinate"),
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("项目支出", "project"),
    ("基本支出", "basic"),
    ("小计", "basic"),
    ("资金来源", "source"),
    ("合计", "total"),
    ("总计", "total"),
)

_BASIC_HEADINGS: tuple[tuple[str, str], ...] = (("人员经费", "personnel"), ("公用经费", "public"), ("合计", "total"))

_SPENDING_ORDER = ("personnel", "public", "project", "business", "to_superior", "to_subordinate")

_GENERAL_EXPORT_ORDER = ("total", "basic", "personnel", "public", "project")  # 一般公共预算支出表


def parse_paste(
    which: BudgetList, text: str, *, source: Source = Source.GENERAL, carryover: bool = False
) -> PasteResult:
    """The rows `text` holds for list `which`. Spending rows without a 资金来源 column take `source`/`carryover`
    (those of the row the clerk pasted on)."""
    table = split_lines(text)
    if len(table) > MAX_PASTED_LINES:
        return PasteResult(
            (), (PasteProblem(1, f"粘贴的内容有 {len(table)} 行，超过 {MAX_PASTED_LINES} 行，不像一张预算表"),)
        )
    if which is BudgetList.SPENDING:
        return _parse_leaves(table, which, source, carryover, _SPENDING_HEADINGS, _spending_row)
    if which is BudgetList.BASIC:
        return _parse_leaves(table, which, source, carryover, _BASIC_HEADINGS, _basic_row)
    if which in MONEY_LISTS:
        return parse_money(table)
    if which is BudgetList.PROCUREMENT:
        return parse_procurement(table)
    return parse_services(table)


_Builder = Callable[[str, str | None, dict[str, str], "TableReader"], BudgetRow]


def _parse_leaves(
    table: list[list[str]],
    which: BudgetList,
    source: Source,
    carryover: bool,
    headings: Sequence[tuple[str, str]],
    build: _Builder,
) -> PasteResult:
    reader = TableReader(which, source, carryover, headings, seen={})
    digits = FUNCTION_LEAF_DIGITS if which is BudgetList.SPENDING else ECONOMIC_LEAF_DIGITS
    parents = (3, 5) if which is BudgetList.SPENDING else (3,)
    what = "功能分类科目" if which is BudgetList.SPENDING else "经济分类科目"
    rows: list[BudgetRow] = []
    problems: list[PasteProblem] = []
    skipped = 0
    data_seen = False
    for number, cells in enumerate(table, start=1):
        if not any(cells):
            continue
        if not data_seen and reader.heading(cells):
            continue
        code_at = _code_column(reader.columns)
        code, name = code_and_name(cells[code_at] if code_at < len(cells) else "")
        if code is None:
            label = clean_cell(name or "")
            if label in ("合计", "总计", "本年支出合计") or label.startswith("合计"):
                skipped += 1
            elif not data_seen:
                continue  # a title or 单位：万元 line before the table
            elif not any(is_amount(c) and c for c in cells):
                continue  # a note under the table
            else:
                problems.append(PasteProblem(number, f"没有{what}编码：请连同编码一起复制"))
            continue
        data_seen = True
        if len(code) in parents:
            skipped += 1  # 类/款 lines: computed from the leaves
            continue
        if len(code) != digits:
            problems.append(PasteProblem(number, f"{what}编码“{code}”应为 {digits} 位数字"))
            continue
        try:
            values = _values(cells, code_at, name, reader, which)
            row = build(code, values.pop("name", None) or name, values, reader)
        except BudgetEditError as exc:
            problems.append(PasteProblem(number, f"{code}：{exc}"))
            continue
        key = (code, getattr(row, "source", None), getattr(row, "carryover", None))
        assert reader.seen is not None
        if key in reader.seen:
            problems.append(PasteProblem(number, f"{code} 在第{reader.seen[key]}行已经出现过"))
            continue
        reader.seen[key] = number
        rows.append(row)
    if not rows and not problems:
        problems.append(PasteProblem(1, f"没有读到{what}明细行（{digits} 位编码）：请复制含编码的表格行"))
    return PasteResult(tuple(rows), tuple(problems), skipped)


def _code_column(columns: dict[int, str] | None) -> int:
    if columns:
        return next((i for i, c in sorted(columns.items()) if c == "code"), 0)
    return 0


def _values(cells: list[str], code_at: int, name: str | None, reader: TableReader, which: BudgetList) -> dict[str, str]:
    """Column id → cell text of one data line."""
    if reader.columns is not None:
        return {column: cells[i] for i, column in reader.columns.items() if i < len(cells) and column != "code"}
    rest = cells[code_at + 1 :]
    values: dict[str, str] = {}
    if rest and rest[0] and not is_amount(rest[0]):
        values["name"] = rest[0]
        rest = rest[1:]
    while rest and not rest[-1]:
        rest.pop()  # some programs keep trailing tabs, some do not
    order: tuple[str, ...]
    if which is BudgetList.SPENDING:
        order = _GENERAL_EXPORT_ORDER if len(rest) == 5 and _adds_up_as_export(rest) else _SPENDING_ORDER
    else:
        order = ("total", "personnel", "public") if len(rest) == 3 else ("personnel", "public")
    if len(rest) > len(order):
        raise BudgetEditError(f"金额列多于 {len(order)} 列，无法对应：请连同表头一起复制")
    values.update(zip(order, rest, strict=False))
    return values


def _adds_up_as_export(cells: Sequence[str]) -> bool:
    try:
        amounts = [parse_amount(c) or Decimal(0) for c in cells]
    except BudgetEditError:
        return False
    whole, basic, personnel, public, project = amounts
    return whole == basic + project and basic == personnel + public


def _amount(values: dict[str, str], column: str) -> Decimal | None:
    return parse_amount(values.get(column))


def _spending_row(code: str, name: str | None, values: dict[str, str], reader: TableReader) -> BudgetRow:
    source, carryover = reader.source, reader.carryover
    if values.get("source"):
        source, carryover = parse_source(values["source"])
    amounts = {c: _amount(values, c) for c in _SPENDING_ORDER}
    basic = _amount(values, "basic")
    if basic is not None and "personnel" not in values and "public" not in values:
        raise BudgetEditError(
            "只有基本支出，没有人员经费、公用经费的分列：请复制一般公共预算支出表（含人员经费、公用经费）"
        )
    check_sum("基本支出", basic, (amounts["personnel"], amounts["public"]))
    check_sum("合计", _amount(values, "total"), tuple(amounts.values()))
    return SpendingRow(code, source, name, carryover, **amounts)


def _basic_row(code: str, name: str | None, values: dict[str, str], reader: TableReader) -> BudgetRow:
    personnel, public = _amount(values, "personnel"), _amount(values, "public")
    if "personnel" not in values and "public" not in values and values.get("total"):
        raise BudgetEditError("只有合计，没有人员经费、公用经费的分列")
    check_sum("合计", _amount(values, "total"), (personnel, public))
    return BasicRow(code, name, personnel, public)
