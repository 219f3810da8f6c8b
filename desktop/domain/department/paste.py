"""Rows pasted from Excel or WPS into the budget editor: tab-separated text read into budget rows, or told why not.

What a clerk pastes is mostly the budget system's export of a table: perhaps a title line and a (one- or two-line)
heading, codes with or without their names (in one cell or two), amounts with thousands separators, blank cells,
the 类/款 lines and the 合计 line. Headings name the columns when there are any; without them the columns are read in
the export's own order when they add up that way (合计, 基本支出, 人员经费, 公用经费, 项目支出), else in the editor's
order. Parent and 合计 lines are skipped (they are computed); a line that cannot be read is reported with its number
and nothing is applied, so a paste never half-happens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.department.budget import (
    SOURCE_LABELS,
    UNIT_KINDS,
    BasicRow,
    MoneyRow,
    ProcurementRow,
    ServiceRow,
    Source,
    SpendingRow,
    total,
)
from desktop.domain.department.edits import (
    ECONOMIC_LEAF_DIGITS,
    FUNCTION_LEAF_DIGITS,
    MONEY_LISTS,
    BudgetEditError,
    BudgetList,
    BudgetRow,
    parse_amount,
)

MAX_PASTED_LINES = 5000

# Heading words → column ids; the first matching word wins, so longer words come first where one contains another.
_HEADINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "code": (("科目编码", "code"), ("科目代码", "code"), ("编码", "code"), ("代码", "code")),
    "name": (("科目名称", "name"), ("名称", "name")),
}
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

# The editor's own column order, used for lines without a heading.
_SPENDING_ORDER = ("personnel", "public", "project", "business", "to_superior", "to_subordinate")
_GENERAL_EXPORT_ORDER = ("total", "basic", "personnel", "public", "project")  # 一般公共预算支出表
_PROCUREMENT_ORDER = ("project", "item", "category", "source", "amount")
_PROCUREMENT_EXPORT_ORDER = ("project", "item", "amount", "general", "gov_fund", "state_capital", "special_account")
_SERVICE_ORDER = ("project", "catalog1", "catalog2", "catalog3", "content", "quantity", "amount", "source")
_SOURCE_COLUMNS = ("general", "gov_fund", "state_capital", "special_account", "unit")


@dataclass(frozen=True)
class PasteProblem:
    """A pasted line that cannot be read: its number (from 1) and what is wrong with it."""

    line: int
    message: str

    def text(self) -> str:
        """ "第3行：…"."""
        return f"第{self.line}行：{self.message}"


@dataclass(frozen=True)
class PasteResult:
    """What a paste reads: the rows, the lines it could not read, and how many lines it skipped as computed."""

    rows: tuple[BudgetRow, ...]
    problems: tuple[PasteProblem, ...] = ()
    skipped: int = 0

    def report(self, limit: int = 8) -> str:
        """The problems in Chinese, one a line, at most `limit` of them."""
        lines = [p.text() for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"……另有 {len(self.problems) - limit} 行")
        return "\n".join(lines)


def split_lines(text: str) -> list[list[str]]:
    """Tab-separated text as cells per line (Excel's quoted cells with line breaks are joined into one cell)."""
    lines: list[list[str]] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        lines.append([cell.strip().strip('"').strip() for cell in raw.split("\t")])
    while lines and not any(lines[-1]):
        lines.pop()
    return lines


def _clean(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def _is_amount(cell: str) -> bool:
    try:
        parse_amount(cell)
    except BudgetEditError:
        return False
    return True


def _heading_of(cell: str, words: Sequence[tuple[str, str]]) -> str | None:
    cleaned = _clean(cell)
    if not cleaned or _is_amount(cleaned):
        return None
    return next((column for word, column in words if word in cleaned), None)


_CODE_CELL = re.compile(r"^\s*([0-9]{3,})\s*(.*)$")


def _code_and_name(cell: str) -> tuple[str | None, str | None]:
    """ "2101501 行政运行" → ("2101501", "行政运行"); "2101501" → ("2101501", None); "合计" → (None, "合计")."""
    match = _CODE_CELL.match(unicodedata.normalize("NFKC", cell))
    if match is None:
        return None, cell.strip() or None
    name = match.group(2).strip(" -—:：") or None
    return match.group(1), name


@dataclass
class _Reader:
    """Reads one pasted table line by line into rows, collecting problems."""

    which: BudgetList
    source: Source
    carryover: bool
    headings: Sequence[tuple[str, str]]
    columns: dict[int, str] | None = None
    seen: dict[object, int] | None = None

    def heading(self, cells: Sequence[str]) -> bool:
        """Take `cells` as (part of) a heading when they name columns; later heading lines refine earlier ones."""
        words = (*self.headings, *_HEADINGS["code"], *_HEADINGS["name"])
        found = {i: c for i, cell in enumerate(cells) if (c := _heading_of(cell, words)) is not None}
        if len(found) < 2 and not (found and self.columns is not None):
            return False
        if any(_is_amount(c) and c.strip() for c in cells):
            return False
        self.columns = {**(self.columns or {}), **found}
        return True


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
        return _parse_money(table)
    if which is BudgetList.PROCUREMENT:
        return _parse_list(table, _PROCUREMENT_HEADINGS, _procurement_rows)
    return _parse_list(table, _SERVICE_HEADINGS, _service_rows)


# ---------------------------------------------------------------------------------------------------- code trees

_Builder = Callable[[str, str | None, dict[str, str], "_Reader"], BudgetRow]


def _parse_leaves(
    table: list[list[str]],
    which: BudgetList,
    source: Source,
    carryover: bool,
    headings: Sequence[tuple[str, str]],
    build: _Builder,
) -> PasteResult:
    reader = _Reader(which, source, carryover, headings, seen={})
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
        code, name = _code_and_name(cells[code_at] if code_at < len(cells) else "")
        if code is None:
            label = _clean(name or "")
            if label in ("合计", "总计", "本年支出合计") or label.startswith("合计"):
                skipped += 1
            elif not data_seen:
                continue  # a title or 单位：万元 line before the table
            elif not any(_is_amount(c) and c for c in cells):
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


def _values(cells: list[str], code_at: int, name: str | None, reader: _Reader, which: BudgetList) -> dict[str, str]:
    """Column id → cell text of one data line."""
    if reader.columns is not None:
        return {column: cells[i] for i, column in reader.columns.items() if i < len(cells) and column != "code"}
    rest = cells[code_at + 1 :]
    values: dict[str, str] = {}
    if rest and rest[0] and not _is_amount(rest[0]):
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


def _check_sum(label: str, stated: Decimal | None, parts: Sequence[Decimal | None]) -> None:
    computed = total(parts)
    if stated is not None and (computed or Decimal(0)) != stated:
        raise BudgetEditError(f"{label} {stated} 不等于各分列之和 {computed or 0}，请核对后再粘贴")


def _spending_row(code: str, name: str | None, values: dict[str, str], reader: _Reader) -> BudgetRow:
    source, carryover = reader.source, reader.carryover
    if values.get("source"):
        source, carryover = parse_source(values["source"])
    amounts = {c: _amount(values, c) for c in _SPENDING_ORDER}
    basic = _amount(values, "basic")
    if basic is not None and "personnel" not in values and "public" not in values:
        raise BudgetEditError(
            "只有基本支出，没有人员经费、公用经费的分列：请复制一般公共预算支出表（含人员经费、公用经费）"
        )
    _check_sum("基本支出", basic, (amounts["personnel"], amounts["public"]))
    _check_sum("合计", _amount(values, "total"), tuple(amounts.values()))
    return SpendingRow(code, source, name, carryover, **amounts)


def _basic_row(code: str, name: str | None, values: dict[str, str], reader: _Reader) -> BudgetRow:
    personnel, public = _amount(values, "personnel"), _amount(values, "public")
    if "personnel" not in values and "public" not in values and values.get("total"):
        raise BudgetEditError("只有合计，没有人员经费、公用经费的分列")
    _check_sum("合计", _amount(values, "total"), (personnel, public))
    return BasicRow(code, name, personnel, public)


# ---------------------------------------------------------------------------------------------------- sources


_SOURCE_WORDS: tuple[tuple[str, Source], ...] = (
    ("一般公共预算", Source.GENERAL),
    ("政府性基金", Source.GOV_FUND),
    ("国有资本经营", Source.STATE_CAPITAL),
    ("财政专户", Source.SPECIAL_ACCOUNT),
    ("单位资金", Source.UNIT),
)


def parse_source(text: str) -> tuple[Source, bool]:
    """ "一般公共预算", "政府性基金预算拨款收入", "一般公共预算（上年结转）" → (source, carried over); a 单位资金 kind
    (事业收入 …) is 单位资金. BudgetEditError when the text names no source."""
    cleaned = _clean(text)
    carryover = "结转" in cleaned
    for word, source in _SOURCE_WORDS:
        if word in cleaned:
            return source, carryover
    if any(kind in cleaned for kind in UNIT_KINDS):
        return Source.UNIT, carryover
    names = "、".join(SOURCE_LABELS.values())
    raise BudgetEditError(f"“{text.strip()}”不是资金来源：应为{names}之一")


def _unit_kind(text: str) -> str | None:
    cleaned = _clean(text)
    return next((kind for kind in UNIT_KINDS if kind in cleaned), None)


def _parse_money(table: list[list[str]]) -> PasteResult:
    reader = _Reader(BudgetList.INCOME, Source.GENERAL, False, _MONEY_HEADINGS)
    rows: list[BudgetRow] = []
    problems: list[PasteProblem] = []
    skipped = 0
    for number, cells in enumerate(table, start=1):
        if not any(cells) or (not rows and reader.heading(cells)):
            continue
        columns = reader.columns or {0: "label", 1: "amount", 2: "central_transfer"}
        values = {c: cells[i] for i, c in columns.items() if i < len(cells)}
        label = _clean(values.get("label", ""))
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


def amount_free(cells: Sequence[str]) -> bool:
    """True when no cell of the line holds a number."""
    return not any(c and _is_amount(c) for c in cells)


def _without_unit_totals(rows: list[BudgetRow]) -> list[BudgetRow]:
    """A 单位资金 line followed by its kinds (事业收入 …) is their total: keep the kinds only."""
    kinds = any(isinstance(r, MoneyRow) and r.unit_kind for r in rows)
    if not kinds:
        return rows
    return [r for r in rows if not (isinstance(r, MoneyRow) and r.source is Source.UNIT and r.unit_kind is None)]


# ---------------------------------------------------------------------------------------------------- lists

_ListBuilder = Callable[[dict[str, str]], list[BudgetRow]]


def _parse_list(table: list[list[str]], headings: Sequence[tuple[str, str]], build: _ListBuilder) -> PasteResult:
    reader = _Reader(BudgetList.PROCUREMENT, Source.GENERAL, False, headings)
    rows: list[BudgetRow] = []
    problems: list[PasteProblem] = []
    skipped = 0
    for number, cells in enumerate(table, start=1):
        if not any(cells) or (not rows and reader.heading(cells)):
            continue
        if _clean(cells[0]) in ("合计", "总计") or (len(cells) > 1 and _clean(cells[1]) in ("合计", "总计")):
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
        order = (
            _PROCUREMENT_EXPORT_ORDER if len(cells) > 2 and cells[2] and _is_amount(cells[2]) else _PROCUREMENT_ORDER
        )
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
        _check_sum("合计", stated, [a for _, a in by_source])
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
