"""The workbook's data: projects, their funds, goals and indicator rows.

Plain Python values shared by every layer. Amounts are `Decimal` in 万元, kept exactly as the clerk typed them
("30.00" stays "30.00"), so nothing is ever rounded by a float on its way to the printed form.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from desktop.domain.department.model import Department

from desktop.domain.limits import MAX_AMOUNT_TEXT, amount_problem
from desktop.domain.read_later import LaterFields, made_later


class Status(StrEnum):
    """Whether a project is still being edited or has been marked final (定稿)."""

    DRAFT = "draft"
    FINAL = "final"


class AmountError(ValueError):
    """Raised when a text cannot be read as an amount; the message is Chinese and says what to fix."""


def parse_amount(text: str | None) -> Decimal | None:
    """Read an amount typed by a clerk: blanks are None; `1,907,400`, `１８５１４` and ` 30.00 ` are accepted.

    Raises AmountError (with a Chinese message) for letters or other text that is not a number, and for numbers
    outside the bounds of `desktop.domain.limits` (too many digits or decimals).
    """
    if text is None:
        return None
    cleaned = text.strip().translate(_FULLWIDTH_DIGITS).replace(",", "").replace("，", "").replace(" ", "")
    if cleaned == "":
        return None
    shown = _shorten(text.strip())
    if len(cleaned) > MAX_AMOUNT_TEXT:
        raise AmountError(f"“{shown}”太长，不是金额：请只填写数字（单位：万元），例如 18514 或 30.00")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(f"“{shown}”不是金额，请只填写数字（单位：万元），例如 18514 或 30.00") from None
    problem = amount_problem(value)
    if problem is not None:
        raise AmountError(f"金额“{shown}”{problem}")
    return value


def _shorten(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def format_amount(value: Decimal | None) -> str | None:
    """Write an amount back exactly as it was typed (no exponent, trailing zeros kept)."""
    if value is None:
        return None
    return format(value, "f")


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．－", "0123456789.-")


@dataclass(frozen=True)
class OrgUnit:
    """A department or implementing unit: its code (`039`, `362001`) and its name, kept apart."""

    code: str | None = None
    name: str | None = None

    def is_empty(self) -> bool:
        """True when neither code nor name is filled."""
        return not self.code and not self.name


@dataclass(frozen=True)
class Funds:
    """Project money in 万元: the total and its parts (财政拨款, 上年结转, 其他资金)."""

    total: Decimal | None = None
    fiscal: Decimal | None = None
    carryover: Decimal | None = None
    other: Decimal | None = None

    def parts_sum(self) -> Decimal | None:
        """Sum of the filled parts, or None when no part is filled."""
        parts = [p for p in (self.fiscal, self.carryover, self.other) if p is not None]
        return sum(parts, Decimal(0)) if parts else None


FUNDS_KEYS: tuple[str, ...] = ("total", "fiscal", "carryover", "other")


@dataclass(frozen=True)
class Midterm:
    """The mid-term (multi-year) block of the `ah-midterm` layout."""

    start: int | None = None
    end: int | None = None
    goal: str | None = None
    funds: Funds = field(default_factory=Funds)


@dataclass(frozen=True)
class SpendingStep:
    """One column of the spending plan: cumulative percent spent by the end of `month`."""

    month: int
    percent: Decimal | None = None


SPENDING_MONTHS: tuple[int, ...] = (3, 6, 10, 12)


@dataclass(frozen=True)
class Indicator:
    """One 三级指标 row with its 一级/二级 category and the layout's optional extra columns."""

    level1: str
    level2: str | None
    name: str | None = None
    value: str | None = None
    midterm_value: str | None = None
    description: str | None = None
    basis: str | None = None
    prior_value: str | None = None
    # The mid-term half's 三级 name where it differs from the annual one (ah-midterm); None prints `name` there.
    midterm_name: str | None = None


INDICATOR_TEXT_FIELDS: tuple[str, ...] = ("name", "value", "midterm_value", "description", "basis", "midterm_name")


@dataclass(frozen=True)
class FundsBySource:
    """A project's money by source, as the 项目支出表 prints it (本年财政拨款 ×3, 结转 ×3, 财政专户, 单位资金)."""

    general: Decimal | None = None
    gov_fund: Decimal | None = None
    state_capital: Decimal | None = None
    carryover_general: Decimal | None = None
    carryover_gov_fund: Decimal | None = None
    carryover_state_capital: Decimal | None = None
    special_account: Decimal | None = None
    unit: Decimal | None = None

    def total(self) -> Decimal | None:
        """The 总计 column: the sum of the filled amounts, None when none is filled."""
        parts = [getattr(self, key) for key in FUNDS_BY_SOURCE_KEYS]
        filled = [p for p in parts if p is not None]
        return sum(filled, Decimal(0)) if filled else None


FUNDS_BY_SOURCE_KEYS: tuple[str, ...] = (
    "general",
    "gov_fund",
    "state_capital",
    "carryover_general",
    "carryover_gov_fund",
    "carryover_state_capital",
    "special_account",
    "unit",
)


@dataclass(frozen=True)
class Overview:
    """The per-project overview of the 部门预算说明: 项目概述, 实施主体, 起止时间, 项目内容.

    立项依据 is the project's `basis` and 绩效目标 its `annual_goal` (one text, not two that drift apart).
    """

    summary: str | None = None
    implementer: str | None = None
    timeframe: str | None = None
    content: str | None = None


OVERVIEW_KEYS: tuple[str, ...] = ("summary", "implementer", "timeframe", "content")

# The usual Chinese heading of each indicator field; a layout may label its columns otherwise.
INDICATOR_FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "level1": "一级指标",
        "level2": "二级指标",
        "name": "三级指标",
        "value": "指标值",
        "midterm_value": "中长期指标值",
        "description": "绩效指标描述",
        "basis": "指标值确定依据",
        "prior_value": "上年指标值",
        "midterm_name": "中长期三级指标",
    }
)


@dataclass(frozen=True)
class FinalCopy:
    """A project's content as it was when marked final (定稿), kept to answer "what changed since?"."""

    taken: str  # local time, "2024-03-05 14:20"
    content: Project


@dataclass
class Project:
    """One project form (项目支出绩效目标表). `id` is the workbook's own key, None until first saved."""

    year: int
    template: str
    name: str | None = None
    code: str | None = None
    department: OrgUnit = field(default_factory=OrgUnit)
    implementing_unit: OrgUnit = field(default_factory=OrgUnit)
    source: str | None = None
    period: str | None = None
    attribute: str | None = None
    funds: Funds = field(default_factory=Funds)
    midterm: Midterm | None = None
    purpose: str | None = None
    spending_plan: tuple[SpendingStep, ...] | None = None
    basis: str | None = None
    annual_goal: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    status: Status = Status.DRAFT
    kind: str | None = None
    function_code: str | None = None
    funds_by_source: FundsBySource | None = None
    overview: Overview | None = None
    final_copy: FinalCopy | None = None
    id: int | None = None

    def __getstate__(self) -> dict[str, object]:
        """Copies (undo snapshots, clones) and pickles carry the indicators and every other field themselves, read
        first if still pending."""
        _INDICATORS.settle(self)
        _FIELDS.settle(self)
        return dict(self.__dict__)

    def clone(self) -> Project:
        """A deep copy without the storage id and without the 定稿 copy (a duplicate or next year's project is a new
        form, not a version of the old one)."""
        return replace(copy.deepcopy(self), id=None, final_copy=None)

    def snapshot(self) -> Project:
        """A deep copy that keeps the id (for undo: restoring it restores the same project)."""
        return copy.deepcopy(self)

    def display_name(self) -> str:
        """The name to show in lists; a placeholder for a project not named yet."""
        return self.name.strip() if self.name and self.name.strip() else "（未命名项目）"


class PendingIndicators(Protocol):
    """Reads one project's indicator rows when they are first needed (see `defer_indicators`)."""

    def __call__(self) -> list[Indicator]: ...


# A project's indicators: every reader — the form, validation, exports, copies, equality — asks the field, so a
# project opened with its indicators deferred behaves exactly like one read in full (see read_later.py).
_INDICATORS = LaterFields(Project, ("indicators",), "_read_indicators", unpack=lambda rows: {"indicators": rows})


def defer_indicators(project: Project, read: PendingIndicators) -> None:
    """Let `project` read its indicators with `read` when something first asks for them (a big workbook opens with
    only the rows it shows). `read` must return the same rows whenever it is called."""
    _INDICATORS.wait(project, read)


def indicators_pending(project: Project) -> bool:
    """True while `project`'s indicators have not been read yet."""
    return _INDICATORS.waiting(project)


# The fields a big workbook's projects read from the file when one of them is first needed (what opening the workbook
# needs — the list, its search and filters, grouping by year — is read at once); see `project_read_later`.
DEFERRED_FIELDS: tuple[str, ...] = (
    "implementing_unit",
    "source",
    "period",
    "attribute",
    "funds",
    "midterm",
    "purpose",
    "spending_plan",
    "basis",
    "annual_goal",
    "kind",
    "function_code",
    "funds_by_source",
    "overview",
    "final_copy",
)
_FIELDS = LaterFields(Project, DEFERRED_FIELDS, "_read_fields")


class PendingFields(Protocol):
    """Reads the `DEFERRED_FIELDS` of one project when the first of them is needed (see `project_read_later`)."""

    def __call__(self) -> Mapping[str, object]: ...


def project_read_later(fields: dict[str, object], read: PendingFields, indicators: PendingIndicators) -> Project:
    """A project with `fields` (every field but `DEFERRED_FIELDS` and the indicators, by name) that gets the others
    from `read`, and its indicators from `indicators`, when one of them is first asked for; each reader must give the
    same whenever it is called."""
    return made_later(Project, fields, (_FIELDS, read), (_INDICATORS, indicators))


def fields_pending(project: Project) -> bool:
    """True while some of `project`'s fields have not been read yet."""
    return _FIELDS.waiting(project)


class PendingContent(Protocol):
    """Reads a 定稿 copy's content when it is first needed (see `final_copy_read_later`)."""

    def __call__(self) -> Project: ...


# A workbook after 定稿 keeps a full copy of every final project; reading them all on opening made such a workbook
# open several times slower than a draft one, for copies only "what changed since 定稿" looks at.
_FINAL_CONTENT = LaterFields(FinalCopy, ("content",), "_read_content", unpack=lambda project: {"content": project})


def final_copy_read_later(taken: str, read: PendingContent) -> FinalCopy:
    """A 定稿 copy whose content `read` gives when something first asks for it (it must give the same each time)."""
    return made_later(FinalCopy, {"taken": taken}, (_FINAL_CONTENT, read))


def pending_content(final: FinalCopy) -> PendingContent | None:
    """The reader of a 定稿 copy's content not read yet, else None."""
    reader: PendingContent | None = _FINAL_CONTENT.reader(final)
    return reader


@dataclass
class Workbook:
    """All projects and departments of one workbook file, in the order the clerk arranged them."""

    projects: list[Project] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)

    def project_by_id(self, project_id: int) -> Project | None:
        """The project with this storage id, or None."""
        return next((p for p in self.projects if p.id == project_id), None)

    def department_projects(self, department: Department) -> list[Project]:
        """The projects of `department`: same year, and department name (or, when both have one, code) matching."""
        return [p for p in self.projects if belongs_to(p, department)]

    def department_index_of(self, project: Project | None) -> int | None:
        """Index in `departments` of the department `project` belongs to, else None."""
        if project is None:
            return None
        return next((i for i, d in enumerate(self.departments) if belongs_to(project, d)), None)


def belongs_to(project: Project, department: Department) -> bool:
    """True when `project` is one of `department`'s projects (same year; same department name, or same code)."""
    if project.year != department.year:
        return False
    unit = project.department
    if unit.name is not None and unit.name.strip() == department.name.strip():
        return True
    return unit.code is not None and department.code is not None and unit.code.strip() == department.code.strip()


def clean_text(text: str | None) -> str | None:
    """Text as stored: trimmed, None when blank; inner whitespace kept as typed."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None
