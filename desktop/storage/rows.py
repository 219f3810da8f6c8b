"""Turning projects into table rows and back.

Amounts are stored as TEXT written by `format_amount` and read with `Decimal(text)`, so "30.00" comes back as
"30.00". Whether a project has a mid-term block or a spending plan at all is stored in its own column, because
"no block" and "a block left blank" print differently.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from desktop.domain.limits import MAX_AMOUNT_TEXT, amount_problem
from desktop.domain.model import (
    FUNDS_BY_SOURCE_KEYS,
    FUNDS_KEYS,
    OVERVIEW_KEYS,
    FinalCopy,
    Funds,
    FundsBySource,
    Indicator,
    Midterm,
    OrgUnit,
    Overview,
    Project,
    SpendingStep,
    Status,
    Workbook,
    final_copy_read_later,
    format_amount,
    pending_content,
)
from desktop.storage.department_rows import read_departments, write_departments
from desktop.storage.errors import StoredValueError, WorkbookError

if TYPE_CHECKING:
    from desktop.storage.deferred import DeferredReader

PROJECT_COLUMNS: tuple[str, ...] = (
    "id",
    "position",
    "year",
    "template",
    "name",
    "code",
    "department_code",
    "department_name",
    "unit_code",
    "unit_name",
    "source",
    "period",
    "attribute",
    "funds_total",
    "funds_fiscal",
    "funds_carryover",
    "funds_other",
    "has_midterm",
    "midterm_start",
    "midterm_end",
    "midterm_goal",
    "midterm_funds_total",
    "midterm_funds_fiscal",
    "midterm_funds_carryover",
    "midterm_funds_other",
    "purpose",
    "has_spending_plan",
    "basis",
    "annual_goal",
    "status",
    "kind",
    "function_code",
    "has_funds_by_source",
    *(f"fbs_{key}" for key in FUNDS_BY_SOURCE_KEYS),
    "has_overview",
    *(f"overview_{key}" for key in OVERVIEW_KEYS),
    "final_taken",
    "final_content",
)
INDICATOR_COLUMNS: tuple[str, ...] = (
    "project_id",
    "position",
    "level1",
    "level2",
    "name",
    "value",
    "midterm_value",
    "description",
    "basis",
    "prior_value",
    "midterm_name",
)
STEP_COLUMNS: tuple[str, ...] = ("project_id", "position", "month", "percent")

_DATA_COLUMNS = PROJECT_COLUMNS[1:]
_INSERT_PROJECT = f"INSERT INTO project ({', '.join(PROJECT_COLUMNS)}) VALUES ({', '.join('?' * len(PROJECT_COLUMNS))})"
_INSERT_NEW_PROJECT = f"INSERT INTO project ({', '.join(_DATA_COLUMNS)}) VALUES ({', '.join('?' * len(_DATA_COLUMNS))})"
_UPDATE_PROJECT = f"UPDATE project SET {', '.join(f'{c} = ?' for c in _DATA_COLUMNS)} WHERE id = ?"
_INSERT_INDICATOR = (
    f"INSERT INTO indicator ({', '.join(INDICATOR_COLUMNS)}) VALUES ({', '.join('?' * len(INDICATOR_COLUMNS))})"
)
_INSERT_STEP = f"INSERT INTO spending_step ({', '.join(STEP_COLUMNS)}) VALUES ({', '.join('?' * len(STEP_COLUMNS))})"


@dataclass(frozen=True)
class NewProjectId:
    """An id the database gave a project that had none; assigned to the Project only once the save committed."""

    project: Project
    id: int


def write_workbook(conn: sqlite3.Connection, workbook: Workbook) -> list[NewProjectId]:
    """Make the tables hold exactly `workbook`, inside the caller's transaction; return the ids given to new projects.

    Projects keep their id: those already in the file are updated, those with an id the file lacks (an undo restoring
    a deleted project) are inserted under that id, those without one are inserted and get a fresh id. Projects no
    longer in the workbook are deleted. Indicators and spending steps are rewritten wholesale: it is as fast as
    comparing them and keeps their order trivially right.
    """
    existing = {row[0] for row in conn.execute("SELECT id FROM project")}
    seen: set[int] = set()
    updates: list[tuple[Any, ...]] = []
    inserts: list[tuple[Any, ...]] = []
    fresh: list[tuple[int, Project, tuple[Any, ...]]] = []
    final_ids: list[int] = []  # each project's row id after this save, in workbook order
    for position, project in enumerate(workbook.projects):
        data = _project_data(project, position)
        # A duplicated id (a caller copying a project with snapshot() instead of clone()) must not merge two
        # projects into one row: the later one is saved as a new project.
        if project.id is not None and project.id not in seen:
            seen.add(project.id)
            if project.id in existing:
                updates.append((*data, project.id))
            else:
                inserts.append((project.id, *data))
            final_ids.append(project.id)
        else:
            fresh.append((position, project, data))
            final_ids.append(0)  # filled in below, once the database has chosen the id

    conn.execute("DELETE FROM indicator")
    conn.execute("DELETE FROM spending_step")
    conn.executemany("DELETE FROM project WHERE id = ?", [(i,) for i in existing - seen])
    conn.executemany(_UPDATE_PROJECT, updates)
    conn.executemany(_INSERT_PROJECT, inserts)
    new_ids: list[NewProjectId] = []
    for position, project, data in fresh:
        cursor = conn.execute(_INSERT_NEW_PROJECT, data)
        assert cursor.lastrowid is not None
        new_ids.append(NewProjectId(project, cursor.lastrowid))
        final_ids[position] = cursor.lastrowid

    conn.executemany(_INSERT_INDICATOR, _indicator_rows(workbook.projects, final_ids))
    conn.executemany(_INSERT_STEP, _step_rows(workbook.projects, final_ids))
    write_departments(conn, workbook.departments)
    return new_ids


def read_workbook(
    conn: sqlite3.Connection, deferred: DeferredReader | None = None, *, departments_later: bool = False
) -> Workbook:
    """Build the workbook from the tables (call inside a read transaction so the queries agree).

    With `deferred`, each project reads its indicators and most of its fields through it when first needed instead
    of all of them now (see desktop.storage.deferred). With `departments_later`, each department's content is parsed
    when first needed (see `StoredDepartment`).
    """
    if deferred is not None:
        projects = deferred.read_projects(conn)
    else:
        indicators: dict[int, list[Indicator]] = {}
        for row in conn.execute(SELECT_INDICATORS + " ORDER BY project_id, position"):
            indicators.setdefault(row[0], []).append(Indicator(*row[1:]))
        steps = read_steps(conn.execute(SELECT_STEPS + " ORDER BY project_id, position"))
        # Sorted here rather than by ORDER BY, which copies every wide row into a temporary b-tree first (~4 µs a
        # project).
        rows = conn.execute(f"SELECT {', '.join(PROJECT_COLUMNS)} FROM project").fetchall()
        rows.sort(key=_PROJECT_ORDER)
        projects = [project_from_row(row, indicators.get(row[0], []), steps.get(row[0], [])) for row in rows]
    return Workbook(projects=projects, departments=read_departments(conn, content_later=departments_later))


_PROJECT_ORDER = itemgetter(PROJECT_COLUMNS.index("position"), PROJECT_COLUMNS.index("id"))
SELECT_INDICATORS = f"SELECT project_id, {', '.join(INDICATOR_COLUMNS[2:])} FROM indicator"
SELECT_STEPS = "SELECT project_id, month, percent FROM spending_step"


def read_steps(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[SpendingStep]]:
    """The spending plans in `rows` of `SELECT_STEPS` (in position order) by project id; StoredValueError for damage."""
    steps: dict[int, list[SpendingStep]] = {}
    made: dict[tuple[type, object, object], SpendingStep] = {}  # the few distinct steps, each read and checked once
    for project_id, month, percent in rows:
        step = made.get((type(month), month, percent))
        if step is None:
            if not isinstance(month, int) or not 1 <= month <= 12:
                raise StoredValueError(f"资金支出计划的月份“{_shown(month)}”不是 1–12 的月份")
            step = SpendingStep(month=month, percent=_amount(percent, "支出计划百分比"))
            made[(type(month), month, percent)] = step
        steps.setdefault(project_id, []).append(step)
    return steps


def project_from_row(values: Sequence[Any], indicators: list[Indicator], steps: list[SpendingStep]) -> Project:
    """The project of one row of `PROJECT_COLUMNS`; StoredValueError (in Chinese, naming the project) for damage."""
    return _project(dict(zip(PROJECT_COLUMNS, values, strict=True)), indicators, steps)


def _project_data(project: Project, position: int) -> tuple[Any, ...]:
    """The values of every project column except id, in `PROJECT_COLUMNS` order."""
    _check_storable(project)
    midterm = project.midterm if project.midterm is not None else Midterm()
    by_source = project.funds_by_source if project.funds_by_source is not None else FundsBySource()
    overview = project.overview if project.overview is not None else Overview()
    return (
        position,
        project.year,
        project.template,
        project.name,
        project.code,
        project.department.code,
        project.department.name,
        project.implementing_unit.code,
        project.implementing_unit.name,
        project.source,
        project.period,
        project.attribute,
        *_funds_data(project.funds),
        int(project.midterm is not None),
        midterm.start,
        midterm.end,
        midterm.goal,
        *_funds_data(midterm.funds),
        project.purpose,
        int(project.spending_plan is not None),
        project.basis,
        project.annual_goal,
        str(project.status),
        project.kind,
        project.function_code,
        int(project.funds_by_source is not None),
        *(format_amount(getattr(by_source, key)) for key in FUNDS_BY_SOURCE_KEYS),
        int(project.overview is not None),
        *(getattr(overview, key) for key in OVERVIEW_KEYS),
        *_final_copy_data(project.final_copy),
    )


def _final_copy_data(final: FinalCopy | None) -> tuple[str | None, str | None]:
    if final is None:
        return (None, None)
    stored = pending_content(final)
    if isinstance(stored, _StoredFinal):  # never looked at since it was read: written back as it was
        return (final.taken, stored.text)
    from desktop.io.interchange import project_to_json  # with the JSON export: not needed to open a workbook

    return (final.taken, json.dumps(project_to_json(final.content), ensure_ascii=False))


def _final_copy(row: dict[str, Any]) -> FinalCopy | None:
    if row["final_content"] is None:
        return None
    if not isinstance(row["final_content"], str):
        raise StoredValueError("定稿副本不是文本")
    return final_copy_read_later(row["final_taken"] or "", _StoredFinal(row["final_content"]))


class _StoredFinal:
    """A 定稿 copy as the file holds it (JSON), read into a Project when "what changed since 定稿" first asks."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __call__(self) -> Project:
        from desktop.io import bounded_json
        from desktop.io.interchange import project_from_json  # with the JSON export: not needed to open a workbook

        try:
            return project_from_json(bounded_json.loads(self.text, what="定稿副本"), 0)
        except (ValueError, KeyError, TypeError) as exc:  # InterchangeError and BoundedJsonError among them
            raise WorkbookError(
                "这个项目保存的定稿副本已损坏，无法与定稿时比较；项目本身的内容不受影响。"
                "如需重新留存定稿副本，请先取消定稿，再重新标记为定稿。"
            ) from exc


def _check_storable(project: Project) -> None:
    """Refuse to write what reading would refuse as damage (an amount out of bounds, a year that is not an integer).

    Every input checks these already; this keeps a slip elsewhere (a fix that sums huge parts) from writing a file
    that then no longer opens.
    """
    midterm = project.midterm
    amounts = [*_amounts(project.funds), *(_amounts(midterm.funds) if midterm else ())]
    amounts += [s.percent for s in project.spending_plan or () if s.percent is not None]
    problem = next((p for p in map(amount_problem, amounts) if p is not None), None)
    if problem is None and not isinstance(project.year, int):
        problem = "预算年度不是整数"
    if problem is not None:
        raise StoredValueError(f"项目“{_shown(project.display_name())}”的金额或年度无法保存：{problem}")


def _amounts(funds: Funds) -> list[Decimal]:
    return [a for a in (funds.total, funds.fiscal, funds.carryover, funds.other) if a is not None]


def _funds_data(funds: Funds) -> tuple[str | None, ...]:
    return (
        format_amount(funds.total),
        format_amount(funds.fiscal),
        format_amount(funds.carryover),
        format_amount(funds.other),
    )


def _indicator_rows(projects: Sequence[Project], ids: list[int]) -> Iterable[tuple[Any, ...]]:
    for project, project_id in zip(projects, ids, strict=True):
        for position, ind in enumerate(project.indicators):
            yield (
                project_id,
                position,
                ind.level1,
                ind.level2,
                ind.name,
                ind.value,
                ind.midterm_value,
                ind.description,
                ind.basis,
                ind.prior_value,
                ind.midterm_name,
            )


def _step_rows(projects: Sequence[Project], ids: list[int]) -> Iterable[tuple[Any, ...]]:
    for project, project_id in zip(projects, ids, strict=True):
        for position, step in enumerate(project.spending_plan or ()):
            yield (project_id, position, step.month, format_amount(step.percent))


def _project(row: dict[str, Any], indicators: list[Indicator], steps: list[SpendingStep]) -> Project:
    try:
        return _project_unchecked(row, indicators, steps)
    except StoredValueError as exc:
        name = row["name"] if isinstance(row["name"], str) and row["name"].strip() else f"编号 {row['id']}"
        raise StoredValueError(f"项目“{_shown(name)}”的{exc}") from None


def _project_unchecked(row: dict[str, Any], indicators: list[Indicator], steps: list[SpendingStep]) -> Project:
    for column, label in (("year", "预算年度"), ("midterm_start", "中期起始年"), ("midterm_end", "中期结束年")):
        value = row[column]
        # Any integer is kept (the validator flags an implausible year, E13); text or a fraction is damage.
        if not isinstance(value, int) and (value is not None or column == "year"):
            raise StoredValueError(f"{label}“{_shown(value)}”不是整数年份")
        if isinstance(value, int) and abs(value) >= 2**31:  # beyond what the form's year box (a C int) can show
            raise StoredValueError(f"{label}“{_shown(value)}”太大，不是年份")
    midterm = None
    if row["has_midterm"]:
        midterm = Midterm(
            start=row["midterm_start"],
            end=row["midterm_end"],
            goal=row["midterm_goal"],
            funds=_funds(row, "midterm_funds_"),
        )
    return Project(
        id=row["id"],
        year=row["year"],
        template=row["template"],
        name=row["name"],
        code=row["code"],
        department=shared_org_unit(row["department_code"], row["department_name"]),
        implementing_unit=shared_org_unit(row["unit_code"], row["unit_name"]),
        source=row["source"],
        period=row["period"],
        attribute=row["attribute"],
        funds=_funds(row, "funds_"),
        midterm=midterm,
        purpose=row["purpose"],
        spending_plan=tuple(steps) if row["has_spending_plan"] else None,
        basis=row["basis"],
        annual_goal=row["annual_goal"],
        indicators=indicators,
        status=stored_status(row["status"]),
        kind=row["kind"],
        function_code=row["function_code"],
        funds_by_source=FundsBySource(**{k: _amount(row[f"fbs_{k}"], "分来源资金") for k in FUNDS_BY_SOURCE_KEYS})
        if row["has_funds_by_source"]
        else None,
        overview=Overview(**{k: row[f"overview_{k}"] for k in OVERVIEW_KEYS}) if row["has_overview"] else None,
        final_copy=_final_copy(row),
    )


def _funds(row: dict[str, Any], prefix: str) -> Funds:
    what = "中期资金" if prefix.startswith("midterm") else "资金"
    total, fiscal, carryover, other = _FUNDS_COLUMNS[prefix](row)
    if total is None and fiscal is None and carryover is None and other is None:
        return _NO_FUNDS
    return Funds(
        total=_amount(total, what),
        fiscal=_amount(fiscal, what),
        carryover=_amount(carryover, what),
        other=_amount(other, what),
    )


_FUNDS_COLUMNS = {prefix: itemgetter(*(prefix + key for key in FUNDS_KEYS)) for prefix in ("funds_", "midterm_funds_")}


# What format_amount writes for an amount within the bounds of desktop.domain.limits: read without further checks.
_PLAIN_AMOUNT = re.compile(r"-?[0-9]{1,12}(?:\.[0-9]{1,6})?")
_PLAIN_AMOUNT_LINES = re.compile(rf"{_PLAIN_AMOUNT.pattern}(?:\n{_PLAIN_AMOUNT.pattern})*")
# Values read from a file are immutable and repeat a lot (the same units, the same round amounts): a big workbook
# shares them instead of building each again.
_NO_FUNDS = Funds()
_STATUSES = {status.value: status for status in Status}


def plain_amount(value: object) -> bool:
    """True for an amount column's value that reading accepts as it is: NULL, or the text `format_amount` writes for
    an amount within the bounds."""
    return value is None or (type(value) is str and _PLAIN_AMOUNT.fullmatch(value) is not None)


def not_plain_amounts(values: Iterable[object]) -> set[object]:
    """The values among `values` that `plain_amount` refuses (normally none): for the thousands of distinct amounts of
    a big workbook, one regular-expression pass over all of them, one test each only when that pass fails."""
    texts: list[Any] = [v for v in values if v is not None]
    if texts and all(type(v) is str for v in texts):
        joined = "\n".join(texts)
        # A newline inside a value would make two lines of one: the count tells.
        if joined.count("\n") == len(texts) - 1 and _PLAIN_AMOUNT_LINES.fullmatch(joined):
            return set()
    return {v for v in texts if not plain_amount(v)}


@lru_cache(maxsize=8192)
def _plain_amount(text: str) -> Decimal | None:
    return Decimal(text) if _PLAIN_AMOUNT.fullmatch(text) else None


@lru_cache(maxsize=8192)
def shared_org_unit(code: str | None, name: str | None) -> OrgUnit:
    """The OrgUnit of a stored code and name, one object for each that repeats (read-only values)."""
    return OrgUnit(code=code, name=name)


def stored_status(text: Any) -> Status:
    """The Status a status column holds (ValueError for anything else)."""
    found = _STATUSES.get(text) if isinstance(text, str) else None
    return found or Status(text)


def _amount(text: object, what: str) -> Decimal | None:
    # Decimal(text), not parse_amount: the file holds exactly what format_amount wrote, and anything else is damage
    # that must surface rather than be silently "cleaned" — including an amount outside the bounds every input
    # checks, which would otherwise fail later in a sum or an export.
    if text is None:
        return None
    if isinstance(text, str) and len(text) <= MAX_AMOUNT_TEXT:
        plain = _plain_amount(text)
        if plain is not None:
            return plain
    if not isinstance(text, str) or len(text) > MAX_AMOUNT_TEXT:
        raise StoredValueError(f"{what}“{_shown(text)}”不是金额")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise StoredValueError(f"{what}“{_shown(text)}”不是金额") from None
    problem = amount_problem(value)
    if problem is not None:
        raise StoredValueError(f"{what}“{_shown(text)}”{problem}")
    return value


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:24] + "…"
