"""A department's budget as entered: leaf rows and facts, from which every table of the publication is computed.

Only leaves are stored: spending by 功能分类 项 (7 digits) and source, basic spending by 经济分类 款 (5 digits), money
by source. Parents (类, 款) and every total are computed (`desktop.domain.department.tables`), never typed. Amounts are
exact `Decimal` in 万元; None is a blank cell (printed empty), which is not the same as a typed 0.
The names mirror spec/INTERCHANGE.md version 2 so that the JSON form is a straight mapping.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Source(StrEnum):
    """Where money comes from (the spec's ids); the 3 财政拨款 sources come first."""

    GENERAL = "general"
    GOV_FUND = "gov_fund"
    STATE_CAPITAL = "state_capital"
    SPECIAL_ACCOUNT = "special_account"
    UNIT = "unit"

    @property
    def label(self) -> str:
        """The Chinese name as the tables print it."""
        return SOURCE_LABELS[self]

    @property
    def fiscal(self) -> bool:
        """True for the 财政拨款 sources (一般公共预算, 政府性基金, 国有资本经营)."""
        return self in FISCAL_SOURCES


SOURCE_LABELS: dict[Source, str] = {
    Source.GENERAL: "一般公共预算",
    Source.GOV_FUND: "政府性基金预算",
    Source.STATE_CAPITAL: "国有资本经营预算",
    Source.SPECIAL_ACCOUNT: "财政专户管理资金",
    Source.UNIT: "单位资金",
}
FISCAL_SOURCES: tuple[Source, ...] = (Source.GENERAL, Source.GOV_FUND, Source.STATE_CAPITAL)

# 单位资金 is split by kind of income (`unit_kind`), in the order the 收支总表 prints them.
UNIT_KINDS: tuple[str, ...] = ("事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")
PROCUREMENT_CATEGORIES: tuple[str, ...] = ("货物", "工程", "服务")

# The spending columns of a leaf row, in the 支出总表's order after 基本支出 (= personnel + public).
SPENDING_COLUMNS: tuple[str, ...] = ("personnel", "public", "project", "business", "to_superior", "to_subordinate")


def total(values: Iterable[Decimal | None]) -> Decimal | None:
    """Sum of the filled values, or None when none is filled (a blank stays blank)."""
    result: Decimal | None = None
    for value in values:
        if value is not None:
            result = value if result is None else result + value
    return result


@dataclass(frozen=True)
class SpendingRow:
    """One leaf of the spending tables: a 功能分类 项 and a source, split by kind of spending."""

    function: str
    source: Source
    name: str | None = None
    carryover: bool = False
    personnel: Decimal | None = None
    public: Decimal | None = None
    project: Decimal | None = None
    business: Decimal | None = None
    to_superior: Decimal | None = None
    to_subordinate: Decimal | None = None

    @property
    def basic(self) -> Decimal | None:
        """基本支出 = 人员经费 + 公用经费."""
        return total((self.personnel, self.public))

    @property
    def amount(self) -> Decimal | None:
        """The row's 合计: every kind of spending."""
        return total(getattr(self, column) for column in SPENDING_COLUMNS)


@dataclass(frozen=True)
class BasicRow:
    """一般公共预算基本支出 by 经济分类 款 (5 digits), split 人员经费 / 公用经费."""

    economic: str
    name: str | None = None
    personnel: Decimal | None = None
    public: Decimal | None = None

    @property
    def amount(self) -> Decimal | None:
        """The row's 合计."""
        return total((self.personnel, self.public))


@dataclass(frozen=True)
class MoneyRow:
    """Income, 上年结转 or 结转下年 of one source (单位资金 by kind), with the 中央转移支付 part where there is one."""

    source: Source
    amount: Decimal | None = None
    unit_kind: str | None = None
    central_transfer: Decimal | None = None


@dataclass(frozen=True)
class ProcurementRow:
    """One row of the 政府采购支出表: a project (or "<单位>-综合定额（行政/事业）") and a 采购品目."""

    project: str | None
    item: str | None
    amount: Decimal | None
    category: str | None = None
    source: Source = Source.GENERAL


@dataclass(frozen=True)
class ServiceRow:
    """One row of the 政府购买服务支出表."""

    project: str | None
    amount: Decimal | None
    catalog: tuple[str | None, ...] = ()
    content: str | None = None
    quantity: str | None = None
    source: Source = Source.GENERAL


@dataclass(frozen=True)
class ThreePublic:
    """The 三公经费 statement: 因公出国（境）, 公务用车购置, 公务用车运行维护, 公务接待."""

    abroad: Decimal | None = None
    vehicle_purchase: Decimal | None = None
    vehicle_operation: Decimal | None = None
    reception: Decimal | None = None


@dataclass(frozen=True)
class ProcurementByCategory:
    """政府采购 by category as the 说明 states it (货物 / 工程 / 服务)."""

    goods: Decimal | None = None
    works: Decimal | None = None
    services: Decimal | None = None


@dataclass(frozen=True)
class Facts:
    """Figures and texts the tables do not hold: 机关运行经费, 三公经费, 政府采购 by category, 国有资产 text."""

    operating_costs: Decimal | None = None
    three_public: ThreePublic | None = None
    procurement_by_category: ProcurementByCategory | None = None
    assets: str | None = None


@dataclass(frozen=True)
class Prior:
    """Last year's figures, for the 说明's comparisons ("比2023年预算增加…")."""

    year: int
    spending: tuple[SpendingRow, ...] = ()
    basic: tuple[BasicRow, ...] = ()
    income: tuple[MoneyRow, ...] = ()
    facts: Facts | None = None


@dataclass(frozen=True)
class Reason:
    """The clerk's reason for a change the 说明 states; `about` is `table:<id>`, `function:<code>`, `economic:<code>`,
    `operating_costs` or `three_public`."""

    about: str
    text: str | None


@dataclass(frozen=True)
class Budget:
    """Everything the clerk enters for the publication's tables; parents and totals are computed from it."""

    spending: tuple[SpendingRow, ...] = ()
    basic: tuple[BasicRow, ...] = ()
    income: tuple[MoneyRow, ...] = ()
    carryover: tuple[MoneyRow, ...] = ()
    carry_forward: tuple[MoneyRow, ...] = ()
    procurement: tuple[ProcurementRow, ...] = ()
    services: tuple[ServiceRow, ...] = ()
    facts: Facts | None = None
    prior: Prior | None = None
    reasons: tuple[Reason, ...] = ()

    def reason(self, about: str) -> str | None:
        """The clerk's reason for `about`, or None."""
        return next((r.text for r in self.reasons if r.about == about), None)
