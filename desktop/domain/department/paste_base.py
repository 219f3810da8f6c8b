"""What every reader of pasted table rows shares: the problems and the result, lines split into cells, headings
recognised, sources named. The readers are in paste.py (the 功能/经济分类 trees) and paste_lists.py (income,
procurement, purchased services)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.department.budget import SOURCE_LABELS, UNIT_KINDS, Source, total
from desktop.domain.department.edits import BudgetEditError, BudgetList, BudgetRow, parse_amount

MAX_PASTED_LINES = 5000

# Heading words → column ids; the first matching word wins, so longer words come first where one contains another.
_HEADINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "code": (("科目编码", "code"), ("科目代码", "code"), ("编码", "code"), ("代码", "code")),
    "name": (("科目名称", "name"), ("名称", "name")),
}


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


def clean_cell(cell: str) -> str:
    """A cell with widths unified (NFKC) and every space removed, for comparing words."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def is_amount(cell: str) -> bool:
    """True when the cell reads as an amount (blank included)."""
    try:
        parse_amount(cell)
    except BudgetEditError:
        return False
    return True


def heading_of(cell: str, words: Sequence[tuple[str, str]]) -> str | None:
    """The column id a heading cell names (by the first of `words` it contains), or None for data and blanks."""
    cleaned = clean_cell(cell)
    if not cleaned or is_amount(cleaned):
        return None
    return next((column for word, column in words if word in cleaned), None)


_CODE_CELL = re.compile(r"^\s*([0-9]{3,})\s*(.*)$")


def code_and_name(cell: str) -> tuple[str | None, str | None]:
    """ "2101501 行政运行" → ("2101501", "行政运行"); "2101501" → ("2101501", None); "合计" → (None, "合计")."""
    match = _CODE_CELL.match(unicodedata.normalize("NFKC", cell))
    if match is None:
        return None, cell.strip() or None
    name = match.group(2).strip(" -—:：") or None
    return match.group(1), name


@dataclass
class TableReader:
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
        found = {i: c for i, cell in enumerate(cells) if (c := heading_of(cell, words)) is not None}
        if len(found) < 2 and not (found and self.columns is not None):
            return False
        if any(is_amount(c) and c.strip() for c in cells):
            return False
        self.columns = {**(self.columns or {}), **found}
        return True


def check_sum(label: str, stated: Decimal | None, parts: Sequence[Decimal | None]) -> None:
    """BudgetEditError when a stated total (合计, 基本支出) differs from the sum of its parts."""
    computed = total(parts)
    if stated is not None and (computed or Decimal(0)) != stated:
        raise BudgetEditError(f"{label} {stated} 不等于各分列之和 {computed or 0}，请核对后再粘贴")


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
    cleaned = clean_cell(text)
    carryover = "结转" in cleaned
    for word, source in _SOURCE_WORDS:
        if word in cleaned:
            return source, carryover
    if any(kind in cleaned for kind in UNIT_KINDS):
        return Source.UNIT, carryover
    names = "、".join(SOURCE_LABELS.values())
    raise BudgetEditError(f"“{text.strip()}”不是资金来源：应为{names}之一")


def amount_free(cells: Sequence[str]) -> bool:
    """True when no cell of the line holds a number."""
    return not any(c and is_amount(c) for c in cells)
