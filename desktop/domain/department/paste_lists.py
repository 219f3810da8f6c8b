"""Pasted rows of the flat lists: income, 上年结转 and 结转下年 by source (单位资金 by kind), procurement rows (by
source columns as the 政府采购支出表 prints them, or one source column), purchased-service rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.domain.department.budget import UNIT_KINDS, MoneyRow, ProcurementRow, ServiceRow, Source
from desktop.domain.department.edits import BudgetEditError, BudgetList, BudgetRow, parse_amount
from desktop.domain.department.paste_base import (
    PasteProblem,
    PasteResult,
    TableReader,
    amount_free,
    check_sum,
    clean_cell,
    is_amount,
    parse_source,
)

_MONEY_HEADINGS: tuple[tuple[str, str], ...] = (
    ("中央转移支付", "central_transfer"),
    ("资金来源", "label"),
    ("项目", "label"),
    ("预算数", "amount"),
    ("金额", "amount"),
    ("合计", "amount"),
)

_PROCUREMENT_HEADINGS: tuple[tuple[str, str], ...] = (
    ("项目名称", "project"),
    ("品目类别", "category"),
    ("采购类别", "category"),
    ("品目", "item"),
    ("资金来源", "source"),
    ("一般公共预算", "general"),
    ("政府性基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "special_account"),
    ("单位资金", "unit"),
    ("金额", "amount"),
    ("合计", "amount"),
)

_SERVICE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("项目名称", "project"),
    ("一级目录", "catalog1"),
    ("二级目录", "catalog2"),
    ("三级目录", "catalog3"),
    ("内容", "content"),
    ("数量", "quantity"),
    ("资金来源", "source"),
    ("金额", "amount"),
    ("合计", "amount"),
)

_PROCUREMENT_ORDER = ("project", "item", "category", "source", "amount")

_PROCUREMENT_EXPORT_ORDER = ("project", "item", "amount", "general", "gov_fund", "state_capital", "special_account")

_SERVICE_ORDER = ("project", "catalog1", "catalog2", "catalog3", "content", "quantity", "amount", "source")

_SOURCE_COLUMNS = ("general", "gov_fund", "state_capital", "special_account", "unit")


def _unit_kind(text: str) -> str | None:
    cleaned = clean_cell(text)
    return next((kind for kind in UNIT_KINDS if kind in cleaned), None)


def parse_money(table: list[list[str]]) -> PasteResult:
    """Income, 上年结转 or 结转下年 rows from pasted lines: a source (or 单位资金 kind) and its amount per line; a
    “其中：中央转移支付” line gives the row before it its central part."""
    reader = TableReader(BudgetList.INCOME, Source.GENERAL, False, _MONEY_HEADINGS)
    rows: list[BudgetRow] = []
    problems: list[PasteProblem] = []
    skipped = 0
    for number, cells in enumerate(table, start=1):
        if not any(cells) or (not rows and reader.heading(cells)):
            continue
        columns = reader.columns or {0: "label", 1: "amount", 2: "central_transfer"}
        values = {c: cells[i] for i, c in columns.items() if i < len(cells)}
        label = clean_cell(values.get("label", ""))
        try:
            amount = parse_amount(values.get("amount"))
            if label.startswith("其中") and "中央" in label:
                if not rows or not isinstance(rows[-1], MoneyRow):
                    raise BudgetEditError("“其中：中央转移支付”前没有资金来源行")
                last = rows[-1]
                rows[-1] = MoneyRow(last.source, last.amount, last.unit_kind, amount)
                continue
            if any(word in label for word in ("合计", "小计", "总计")) or not label:
                skipped += 1 if label else 0
                continue
            source, _ = parse_source(label)
            kind = _unit_kind(label) if source is Source.UNIT else None
            central = parse_amount(values.get("central_transfer"))
        except BudgetEditError as exc:
            if not rows and amount_free(cells):
                continue  # a title line
            problems.append(PasteProblem(number, str(exc)))
            continue
        if source is Source.UNIT and kind is None and any(isinstance(r, MoneyRow) and r.unit_kind for r in rows):
            skipped += 1  # 单位资金's own line above its kinds: the kinds are the leaves
            continue
        rows.append(MoneyRow(source, amount, kind, central))
    rows = _without_unit_totals(rows)
    if not rows and not problems:
        problems.append(PasteProblem(1, "没有读到资金来源行（如“一般公共预算 2805.56”）"))
    return PasteResult(tuple(rows), tuple(problems), skipped)


def _without_unit_totals(rows: list[BudgetRow]) -> list[BudgetRow]:
    """A 单位资金 line followed by its kinds (事业收入 …) is their total: keep the kinds only."""
    kinds = any(isinstance(r, MoneyRow) and r.unit_kind for r in rows)
    if not kinds:
        return rows
    return [r for r in rows if not (isinstance(r, MoneyRow) and r.source is Source.UNIT and r.unit_kind is None)]


_ListBuilder = Callable[[dict[str, str]], list[BudgetRow]]


def _parse_list(table: list[list[str]], headings: Sequence[tuple[str, str]], build: _ListBuilder) -> PasteResult:
    reader = TableReader(BudgetList.PROCUREMENT, Source.GENERAL, False, headings)
    rows: list[BudgetRow] = []
    problems: list[PasteProblem] = []
    skipped = 0
    for number, cells in enumerate(table, start=1):
        if not any(cells) or (not rows and reader.heading(cells)):
            continue
        if clean_cell(cells[0]) in ("合计", "总计") or (len(cells) > 1 and clean_cell(cells[1]) in ("合计", "总计")):
            skipped += 1
            continue
        if not rows and amount_free(cells) and sum(1 for c in cells if c) <= 1:
            continue  # a title or 单位：万元 line
        values = _list_values(cells, reader.columns, headings)
        try:
            rows.extend(build(values))
        except BudgetEditError as exc:
            problems.append(PasteProblem(number, str(exc)))
    if not rows and not problems:
        problems.append(PasteProblem(1, "没有读到可用的行：请复制含项目名称和金额的表格行"))
    return PasteResult(tuple(rows), tuple(problems), skipped)


def _list_values(
    cells: list[str], columns: dict[int, str] | None, headings: Sequence[tuple[str, str]]
) -> dict[str, str]:
    if columns is not None:
        return {c: cells[i] for i, c in columns.items() if i < len(cells)}
    order: tuple[str, ...]
    if headings is _PROCUREMENT_HEADINGS:
        order = _PROCUREMENT_EXPORT_ORDER if len(cells) > 2 and cells[2] and is_amount(cells[2]) else _PROCUREMENT_ORDER
    else:
        order = _SERVICE_ORDER
    return dict(zip(order, cells, strict=False))


def _text(values: dict[str, str], column: str) -> str | None:
    return values.get(column, "").strip() or None


def _procurement_rows(values: dict[str, str]) -> list[BudgetRow]:
    project, item, category = _text(values, "project"), _text(values, "item"), _text(values, "category")
    if project is None and item is None:
        raise BudgetEditError("没有项目名称和采购品目")
    by_source = [(Source(c), parse_amount(values.get(c))) for c in _SOURCE_COLUMNS if values.get(c)]
    by_source = [(s, a) for s, a in by_source if a is not None]
    if by_source:
        stated = parse_amount(values.get("amount"))
        check_sum("合计", stated, [a for _, a in by_source])
        return [ProcurementRow(project, item, a, category, s) for s, a in by_source]
    source = parse_source(values["source"])[0] if values.get("source") else Source.GENERAL
    return [ProcurementRow(project, item, parse_amount(values.get("amount")), category, source)]


def _service_rows(values: dict[str, str]) -> list[BudgetRow]:
    project = _text(values, "project")
    if project is None:
        raise BudgetEditError("没有项目名称")
    catalog = [_text(values, c) for c in ("catalog1", "catalog2", "catalog3")]
    while catalog and catalog[-1] is None:
        catalog.pop()
    source = parse_source(values["source"])[0] if values.get("source") else Source.GENERAL
    amount = parse_amount(values.get("amount"))
    return [ServiceRow(project, amount, tuple(catalog), _text(values, "content"), _text(values, "quantity"), source)]


def parse_procurement(table: list[list[str]]) -> PasteResult:
    """Procurement rows from pasted lines."""
    return _parse_list(table, _PROCUREMENT_HEADINGS, _procurement_rows)


def parse_services(table: list[list[str]]) -> PasteResult:
    """Purchased-service rows from pasted lines."""
    return _parse_list(table, _SERVICE_HEADINGS, _service_rows)
