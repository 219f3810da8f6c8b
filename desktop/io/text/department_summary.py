"""Text imports of department documents: the two-sided tables (收支总表, 财政拨款收支总表).

Each row prints an income label and amount beside a spending label and amount. The rows are kept under the keys of
the computed tables (`desktop.domain.department.tables`): `income:general`, `income:general:central`,
`income:unit:事业收入`, `income:subtotal`, `income:carryover:general`, `income:total`, `spending:210` (a 功能 类, by
the catalogue's name), `spending:subtotal`, `spending:carry_forward:general`, `spending:total`; the 财政拨款收支总表 has
`income:current…` and `spending:current` for its 本年 parts. The 收支总表's income rows are the department's income
by source (the 财政拨款收支总表's when the document prints no 收支总表).
"""

from __future__ import annotations

import re
from decimal import Decimal

from desktop.domain.department import PrintedRow
from desktop.io.text.department_draft import DepartmentDraft, TableBlock
from desktop.io.text.department_rows import SOURCE_WORDS, UNIT_KINDS, MoneyLine, TablesRead, cells_of, number
from desktop.io.text.lines import Row, label_key

_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")


def _source_of(key: str) -> str | None:
    for word, ident in SOURCE_WORDS:
        if key.startswith(word):
            return ident
    return None


def _class_codes() -> dict[str, str]:
    from desktop.templates.classification import bundled_catalogue

    catalogue = bundled_catalogue()
    return {label_key(catalogue.function[code]): code for code in catalogue.function_classes()}


class _Sides:
    """The state of reading one two-sided table: which block of rows each side is in."""

    def __init__(self, table: str, keep: bool, out: TablesRead) -> None:
        self.table = table
        self.keep = keep
        self.out = out
        self.income = "income:current" if table == "fiscal" else "income"
        self.spending = "spending"
        self.last: MoneyLine | None = None
        self.classes = _class_codes()

    def income_key(self, key: str, value: Decimal | None, row: Row) -> str | None:
        """The row key of an income label, recording the money it states."""
        if key in ("本年收入小计", "本年收入"):
            self.income = "income:current" if self.table == "fiscal" else "income"
            return "income:current" if self.table == "fiscal" else "income:subtotal"
        if key.replace("收入总计", "") == "":
            return "income:total"
        if key.startswith("上年结转"):
            self.income = "income:carryover"
            return "income:carryover"
        if key.startswith("其中") and "中央转移支付" in key:
            if self.last is None:
                return None
            if self.keep and value is not None:
                target = self.out.carryover if self.income == "income:carryover" else self.out.income
                if self.last in target:
                    last = self.last
                    target[target.index(last)] = MoneyLine(last.source, last.unit_kind, last.amount, value, row.line_no)
            return f"income:{self.last.source}:central"
        kind = next((k for k in UNIT_KINDS if key.endswith(k)), None)
        if kind is not None and not key.startswith("单位资金") and self.income == "income":
            line = MoneyLine("unit", kind, value, None, row.line_no)
            if self.keep and value is not None:
                self.out.income.append(line)
            self.last = line
            return f"income:unit:{kind}"
        source = _source_of(key)
        if source is None:
            return None
        line = MoneyLine(source, None, value, None, row.line_no)
        self.last = line
        if self.income == "income:carryover":
            if self.keep and value is not None:
                self.out.carryover.append(line)
            return f"income:carryover:{source}"
        if self.keep and value is not None and source != "unit":
            self.out.income.append(line)
        return f"{self.income}:{source}" if self.table == "fiscal" else f"income:{source}"

    def spending_key(self, key: str, value: Decimal | None, row: Row) -> str | None:
        """The row key of a spending label, recording the money carried forward."""
        if key in ("本年支出小计", "本年支出"):
            return "spending:current" if self.table == "fiscal" else "spending:subtotal"
        if key.replace("支出总计", "") == "":
            return "spending:total"
        if "结转下年" in key or "年终结转结余" in key:
            self.spending = "spending:carry_forward"
            return "spending:carry_forward"
        if self.spending == "spending:carry_forward":
            source = _source_of(key)
            if source is None:
                return None
            if self.keep and value is not None:
                self.out.carry_forward.append(MoneyLine(source, None, value, None, row.line_no))
            return f"spending:carry_forward:{source}"
        code = self.classes.get(key)
        return f"spending:{code}" if code is not None else None


def read_two_sided(block: TableBlock, draft: DepartmentDraft, out: TablesRead, keep: bool) -> None:
    """Read a 收支总表 or 财政拨款收支总表; `keep`: its income rows are the department's income."""
    sides = _Sides(block.table, keep, out)
    for row in block.rows:
        cells = cells_of(row, 4)
        left, left_amount, right, right_amount = cells[0], cells[1], cells[2], cells[3]
        if label_key(left) in ("项目", "收入") or label_key(right) in ("项目", "支出"):
            continue  # the heading rows
        for label, text, side in ((left, left_amount, "收入"), (right, right_amount, "支出")):
            if not label:
                if text:
                    draft.reject(row, f"“{block.title}”{side}栏的金额没有项目名称")
                continue
            key = label_key(_ORDINAL.sub("", label_key(label)))
            value = number(text, row, side, draft)
            row_key = sides.income_key(key, value, row) if side == "收入" else sides.spending_key(key, value, row)
            if row_key is None:
                draft.reject(row, f"“{block.title}”{side}栏无法识别：{label}")
                continue
            out.rows.append(PrintedRow(block.table, row_key, label, None, (("amount", value),), row.line_no))
