"""What a workbook opened for editing reads from its file only when first needed.

Opening reads, per project, just the columns the project list needs (id, order, year, layout, name, code,
department, status); the project's indicator rows and its other fields (funds, texts, spending plan, mid-term block,
overview, 定稿 copy…) are read when something first asks for them — the form of
the project on screen, the background check after the window has painted, an export, a save. A 5 000-project workbook
then opens about as fast as a small one.

Damage is still refused on opening with the same message: the values that reading checks (amounts, years, status) are
read on opening too, and each column's distinct values tested; a project holding one that is not exactly what the
program writes is read and checked in full at once, exactly as without deferring. Only for a
file nobody else writes while it is open (`WorkbookFile` uses this when it holds the lock); the file's owner calls
`read_all()` before it writes or closes the file, so no project is left reading rows that changed.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Callable, Mapping, Sequence
from decimal import InvalidOperation
from operator import itemgetter
from pathlib import Path
from typing import Any

from desktop.domain.model import (
    DEFERRED_FIELDS,
    FUNDS_KEYS,
    Indicator,
    Project,
    Status,
    defer_indicators,
    project_read_later,
)
from desktop.storage.errors import StoredValueError, WorkbookError, damaged_error, failure_reason
from desktop.storage.rows import (
    PROJECT_COLUMNS,
    SELECT_INDICATORS,
    SELECT_STEPS,
    not_plain_amounts,
    plain_amount,
    project_from_row,
    read_steps,
    shared_org_unit,
)

# Projects whose fields one query reads: the one asked for and the next ones still waiting. The first query reads a
# few (the project the window shows first, and the next ones the clerk may open); each next one twice as many, up to
# 128 (the background check goes through the projects in order, a slice at a time).
_FIRST_BATCH = 8
_BATCH = 128
_LISTED_COLUMNS = (
    "id",
    "position",
    "year",
    "template",
    "name",
    "code",
    "department_code",
    "department_name",
    "status",
)
# The values read later that reading checks (see rows._project_unchecked) are read on opening too, and each column's
# distinct values tested; the projects holding one that fails are read in full at once. The funds are read with the
# listed columns; the mid-term block and the money by source, empty in most projects, only from the rows that have
# any (one cell a row says which).
_FUNDS = tuple(f"funds_{key}" for key in FUNDS_KEYS)
_RARE_YEARS = ("midterm_start", "midterm_end")
_RARE_AMOUNTS = tuple(c for c in PROJECT_COLUMNS if c.startswith(("midterm_funds_", "fbs_")))
_ANY_RARE = f"coalesce({', '.join((*_RARE_YEARS, *_RARE_AMOUNTS))}) IS NOT NULL"
_SELECT_LISTED = (
    f"SELECT {', '.join(_LISTED_COLUMNS)}, {', '.join(_FUNDS)}, "
    f"final_content IS NULL OR typeof(final_content) = 'text' FROM project"
)
_SELECT_RARE = f"SELECT id, {', '.join((*_RARE_YEARS, *_RARE_AMOUNTS))} FROM project WHERE {_ANY_RARE}"
_SELECT_FULL = f"SELECT {', '.join(PROJECT_COLUMNS)} FROM project"
_ORDER = itemgetter(1, 0)  # position, id (sorted here rather than by ORDER BY: see read_workbook)
_YEAR_LIMIT = 2**31  # rows._project_unchecked refuses years as large (beyond what the form's year box can show)


def _plain_year(value: object, *, optional: bool = False) -> bool:
    return (value is None and optional) or (type(value) is int and -_YEAR_LIMIT < value < _YEAR_LIMIT)


def _checked_now(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]], columns: Sequence[Sequence[Any]]) -> set[int]:
    """The ids of the projects holding a value reading might refuse (normally none), from `rows` of `_SELECT_LISTED`
    (and their `columns`) and the rows of `_SELECT_RARE`: those projects are read and checked in full on opening, so
    a damaged file is refused with the same message as ever."""
    year, status = _LISTED_COLUMNS.index("year"), _LISTED_COLUMNS.index("status")
    funds = len(_LISTED_COLUMNS)
    # (rows, their columns, which columns, the values among theirs reading would refuse): columns tested alike are
    # pooled, so each distinct value is tested once (amounts, thousands of them, in one pass).
    rare = conn.execute(_SELECT_RARE).fetchall()
    rare_columns = list(zip(*rare, strict=True))
    tests: list[tuple[Sequence[Sequence[Any]], Sequence[Sequence[Any]], range, Callable[[set[Any]], set[Any]]]] = [
        (rows, columns, range(year, year + 1), _refused(_plain_year)),
        (rows, columns, range(status, status + 1), lambda v: v - _STATUS_TEXTS),
        (rows, columns, range(funds, funds + len(_FUNDS)), not_plain_amounts),
        (rows, columns, range(funds + len(_FUNDS), funds + len(_FUNDS) + 1), lambda v: v - {1}),  # 定稿 copy is text
        (rare, rare_columns, range(1, 1 + len(_RARE_YEARS)), _refused(lambda v: _plain_year(v, optional=True))),
        (rare, rare_columns, range(1 + len(_RARE_YEARS), 1 + len(_RARE_YEARS) + len(_RARE_AMOUNTS)), not_plain_amounts),
    ]
    doubtful: set[int] = set()
    for tested, tested_columns, at, refuse in tests:
        if not tested:
            continue
        refused = refuse(set().union(*(tested_columns[i] for i in at)))
        if refused:
            doubtful.update(row[0] for row in tested if any(row[i] in refused for i in at))
    return doubtful


def _refused(test: Callable[[Any], bool]) -> Callable[[set[Any]], set[Any]]:
    return lambda values: {v for v in values if not test(v)}


_STATUS_OF = {s.value: s for s in Status}
_STATUS_TEXTS = frozenset(_STATUS_OF)


def _check_steps(conn: sqlite3.Connection) -> None:
    """Refuse damaged spending plans now, as reading them in full does (StoredValueError, the same message): when a
    distinct month or percent is not exactly what the program writes, every step is read and checked in order."""
    for month, percent in conn.execute("SELECT DISTINCT month, percent FROM spending_step"):
        if type(month) is not int or not 1 <= month <= 12 or not plain_amount(percent):
            read_steps(conn.execute(SELECT_STEPS + " ORDER BY project_id, position"))
            return


class DeferredReader:
    """Reads each project's indicator rows and other fields from an open workbook file when something first asks."""

    def __init__(self, connection: Callable[[], sqlite3.Connection], path: Path) -> None:
        self._connection = connection
        self._path = path
        self._rows: list[_PendingRows] = []
        self._fields: list[_PendingFields] = []
        self._batch = _FIRST_BATCH  # how many projects the next read of fields takes at most

    def read_projects(self, conn: sqlite3.Connection) -> list[Project]:
        """The projects of the file in their order, each with only its listed columns read (inside the caller's read
        transaction). Values that reading would refuse raise StoredValueError now, as reading in full does."""
        _check_steps(conn)
        rows = conn.execute(_SELECT_LISTED).fetchall()
        if not rows:
            return []
        rows.sort(key=_ORDER)
        columns = list(zip(*rows, strict=True))
        doubtful = _checked_now(conn, rows, columns)
        projects = []
        for project_id, year, template, name, code, dept_code, dept_name, status in zip(
            columns[0], *columns[2:9], strict=True
        ):
            indicators = _PendingRows(self, project_id)
            self._rows.append(indicators)
            if project_id not in doubtful:
                fields = _PendingFields(self, project_id, len(self._fields))
                self._fields.append(fields)
                project = project_read_later(
                    {
                        "year": year,
                        "template": template,
                        "name": name,
                        "code": code,
                        "department": shared_org_unit(dept_code, dept_name),
                        "status": _STATUS_OF[status],  # one of them: tested by _checked_now
                        "id": project_id,
                    },
                    fields,
                    indicators,
                )
            else:
                # Damage, or an amount another tool wrote differently: read and checked in full now, so opening
                # refuses a damaged file with the same message as ever.
                full = conn.execute(f"{_SELECT_FULL} WHERE id = ?", (project_id,)).fetchone()
                steps = read_steps(conn.execute(f"{SELECT_STEPS} WHERE project_id = ? ORDER BY position", full[:1]))
                project = project_from_row(full, [], steps.get(project_id, []))
                defer_indicators(project, indicators)
            projects.append(project)
        return projects

    def keep_reading(self, connection: sqlite3.Connection) -> None:
        """The file was closed: read what is still pending through `connection`, closed once this reader is gone."""
        self._connection = lambda: connection
        weakref.finalize(self, connection.close)

    def pending_count(self) -> int:
        """How many projects still wait for something from the file (their indicators or other fields)."""
        waiting = {p.project_id for p in self._rows if p.rows is None}
        waiting.update(p.project_id for p in self._fields if p.waiting())
        return len(waiting)

    def pending_indicators(self) -> int:
        """How many projects still wait for their indicators."""
        return sum(1 for p in self._rows if p.rows is None)

    def read(self, project_id: int) -> list[Indicator]:
        """One project's indicators, in their order; UnreadableRowsError when the file cannot be read now."""
        sql = SELECT_INDICATORS + " WHERE project_id = ? ORDER BY position"
        try:
            return [Indicator(*row[1:]) for row in self._connection().execute(sql, (project_id,))]
        except sqlite3.Error as exc:
            raise unreadable_rows(exc) from None

    def read_fields(self, pending: _PendingFields) -> None:
        """Read the fields of `pending`'s project and of the next ones still waiting, in one query."""
        size, self._batch = self._batch, min(2 * self._batch, _BATCH)
        batch = [pending, *(p for p in self._fields[pending.at + 1 : pending.at + size] if p.waiting())]
        ids = [p.project_id for p in batch]
        chosen = f"IN ({', '.join('?' * len(ids))})"
        try:
            rows = {row[0]: row for row in self._connection().execute(f"{_SELECT_FULL} WHERE id {chosen}", ids)}
            steps = (
                self._connection()
                .execute(f"{SELECT_STEPS} WHERE project_id {chosen} ORDER BY project_id, position", ids)
                .fetchall()
            )
        except sqlite3.Error as exc:
            raise unreadable_rows(exc, "内容") from None
        self._fill(batch, rows, steps)

    def read_all(self) -> None:
        """Read everything still waiting, one query a table (before the file is written or closed)."""
        waiting = [p for p in self._rows if p.rows is None]
        if waiting:
            rows: dict[int, list[Indicator]] = {p.project_id: [] for p in waiting}
            try:
                for row in self._connection().execute(SELECT_INDICATORS + " ORDER BY project_id, position"):
                    found = rows.get(row[0])
                    if found is not None:
                        found.append(Indicator(*row[1:]))
            except sqlite3.Error as exc:
                raise unreadable_rows(exc) from None
            for pending in waiting:
                pending.rows = list(rows[pending.project_id])
        self._rows.clear()
        fields = [p for p in self._fields if p.waiting()]
        if fields:
            try:
                full = {row[0]: row for row in self._connection().execute(_SELECT_FULL)}
                steps = self._connection().execute(SELECT_STEPS + " ORDER BY project_id, position").fetchall()
            except sqlite3.Error as exc:
                raise unreadable_rows(exc, "内容") from None
            self._fill(fields, full, steps)
        self._fields.clear()

    def _fill(
        self, batch: Sequence[_PendingFields], rows: Mapping[int, Sequence[Any]], step_rows: list[tuple[Any, ...]]
    ) -> None:
        """Give each waiting project of `batch` its fields from `rows` (full project rows by id) and `step_rows`."""
        try:
            steps = read_steps(step_rows)
        except StoredValueError as exc:
            raise damaged_error(self._path, str(exc)) from exc
        for pending in batch:
            row = rows.get(pending.project_id)
            try:
                if row is None:  # only if another program deleted it despite our lock
                    raise StoredValueError("项目已不在文件中")
                project = project_from_row(row, [], steps.get(pending.project_id, []))
            except StoredValueError as exc:  # changed by another program after opening (the lock was ignored)
                raise damaged_error(self._path, str(exc)) from exc
            except (ValueError, InvalidOperation, KeyError, TypeError) as exc:
                raise damaged_error(self._path, "某个项目或部门的内容无法读取") from exc
            pending.values = {name: project.__dict__[name] for name in DEFERRED_FIELDS}


class UnreadableRowsError(WorkbookError):
    """A project's indicators or fields, left to be read on first use, cannot be read now (the drive or network went
    away). Nothing is lost: the project asks again next time, and the file itself was not changed."""


def unreadable_rows(exc: sqlite3.Error, what: str = "指标") -> UnreadableRowsError:
    """The error to show when deferred rows cannot be read (`what`: 指标, or 内容 for the other fields)."""
    return UnreadableRowsError(
        f"暂时无法从工作簿文件读取项目的{what}：{failure_reason(exc)}。请检查文件所在的磁盘、U盘或网络连接后再试；"
        "文件中已保存的内容不受影响。"
    )


class _PendingRows:
    """One project's indicators, read through its DeferredReader on first use and kept."""

    __slots__ = ("_reader", "project_id", "rows")

    def __init__(self, reader: DeferredReader, project_id: int) -> None:
        self._reader = reader
        self.project_id = project_id
        self.rows: list[Indicator] | None = None

    def __call__(self) -> list[Indicator]:
        if self.rows is None:
            self.rows = self._reader.read(self.project_id)
        return self.rows


class _PendingFields:
    """One project's `DEFERRED_FIELDS`, read through its DeferredReader (with the next projects waiting) when the
    project first needs one; handed over once (the project keeps them) and then forgotten here."""

    __slots__ = ("_reader", "at", "handed", "project_id", "values")

    def __init__(self, reader: DeferredReader, project_id: int, at: int) -> None:
        self._reader = reader
        self.project_id = project_id
        self.at = at  # position in the reader's list, where its batch starts
        self.values: dict[str, object] | None = None
        self.handed = False

    def waiting(self) -> bool:
        return self.values is None and not self.handed

    def __call__(self) -> Mapping[str, object]:
        values = self.values
        if values is None:
            self._reader.read_fields(self)
            values = self.values
            assert values is not None
        self.values, self.handed = None, True
        return values
