"""Text imports of department documents: what the table readers read into, and the cell helpers they share.

Kept apart from the readers (`department_tables`, `department_summary`) so that both use them without importing one
another in a circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain.department import PrintedRow
from desktop.domain.model import AmountError, parse_amount
from desktop.io.text.department_draft import DepartmentDraft
from desktop.io.text.lines import Row

SOURCE_WORDS: tuple[tuple[str, str], ...] = (
    ("一般公共预算", "general"),
    ("政府性基金", "gov_fund"),
    ("国有资本经营", "state_capital"),
    ("财政专户", "special_account"),
    ("单位资金", "unit"),
)
UNIT_KINDS: tuple[str, ...] = ("事业单位经营收入", "事业收入", "上级补助收入", "附属单位上缴收入", "其他收入")
BLANK = {"", "-", "—", "－", "/", "／"}


@dataclass
class LeafLine:
    """A leaf row of a code table (功能 项 or 经济 款) with its amounts by column id."""

    code: str
    name: str | None
    amounts: dict[str, Decimal | None]
    line_no: int


@dataclass(frozen=True)
class MoneyLine:
    """Money of one source (income, 上年结转 or 结转下年) as the 收支总表 prints it."""

    source: str
    unit_kind: str | None
    amount: Decimal | None
    central_transfer: Decimal | None
    line_no: int


@dataclass(frozen=True)
class ProjectLine:
    """One row of the 项目支出表."""

    kind: str | None
    name: str
    unit: str | None
    total: Decimal | None
    by_source: dict[str, Decimal | None]
    line_no: int


@dataclass(frozen=True)
class PurchaseLine:
    """One row of the 政府采购支出表 (amount by source)."""

    project: str | None
    item: str | None
    total: Decimal | None
    by_source: dict[str, Decimal | None]
    line_no: int


@dataclass(frozen=True)
class ServiceLine:
    """One row of the 政府购买服务支出表."""

    project: str | None
    catalog: tuple[str | None, ...]
    content: str | None
    quantity: str | None
    amount: Decimal | None
    line_no: int


@dataclass
class TablesRead:
    """What the tables hold, still by table."""

    rows: list[PrintedRow] = field(default_factory=list)
    leaves: dict[str, list[LeafLine]] = field(default_factory=dict)
    income: list[MoneyLine] = field(default_factory=list)
    carryover: list[MoneyLine] = field(default_factory=list)
    carry_forward: list[MoneyLine] = field(default_factory=list)
    projects: list[ProjectLine] = field(default_factory=list)
    purchases: list[PurchaseLine] = field(default_factory=list)
    services: list[ServiceLine] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # code → name as printed


def amount(text: str) -> Decimal | None:
    """A printed amount; a blank or a dash is None. Raises AmountError for text that is not a number."""
    cleaned = text.strip().replace("万元", "")
    return None if cleaned in BLANK else parse_amount(cleaned)


def cells_of(row: Row, width: int) -> list[str]:
    return list(row.cells) + [""] * max(0, width - len(row.cells))


def number(text: str, row: Row, column: str, draft: DepartmentDraft) -> Decimal | None:
    try:
        return amount(text)
    except AmountError:
        draft.reject(row, f"“{text}”不是金额（{column}）")
        return None
