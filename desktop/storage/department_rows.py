"""Departments as table rows: identity in columns, content as the interchange JSON text (see schema version 2).

Opening a workbook in the window reads each department's identity and keeps its content as text, parsed when first
needed (`StoredDepartment`): the left pane lists departments by name, and parsing every budget and importing the
department reader would only slow the start. Damaged content then says so in Chinese at that first use, and a
department nobody looked at is written back as the very text it was read from.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import replace

from desktop.domain.department.model import Department, content_reader, department_read_later
from desktop.domain.limits import year_problem
from desktop.storage.errors import StoredValueError, WorkbookError

DEPARTMENT_COLUMNS: tuple[str, ...] = ("id", "position", "year", "name", "code", "content", "printed")


def write_departments(conn: sqlite3.Connection, departments: Sequence[Department]) -> None:
    """Rewrite the department rows (a workbook holds a handful; each is one row of JSON text)."""
    conn.execute("DELETE FROM department")
    conn.executemany(
        f"INSERT INTO department ({', '.join(DEPARTMENT_COLUMNS[1:])}) VALUES ({', '.join('?' * 6)})",
        [(position, d.year, d.name, d.code, *_department_content(d)) for position, d in enumerate(departments)],
    )


def _department_content(department: Department) -> tuple[str | bytes, str | bytes | None]:
    """The `content` and `printed` column values of a department."""
    stored = content_reader(department)
    if isinstance(stored, StoredDepartment):  # never looked at since it was read: written back as it was
        return stored.content, stored.printed
    from desktop.io.department_json import department_to_json, printed_to_json  # with the department level

    printed = department.printed
    return (
        json.dumps(department_to_json(department), ensure_ascii=False),
        None if printed is None else json.dumps(printed_to_json(printed), ensure_ascii=False),
    )


def read_departments(conn: sqlite3.Connection, *, content_later: bool) -> list[Department]:
    """The departments in stored order, their content read on first use with `content_later` (else now).

    Reading now, damaged content raises StoredValueError, DepartmentJsonError, BoundedJsonError or KeyError; read later,
    the first use raises WorkbookError (`StoredDepartment`). A damaged identity (year, name, code) raises
    StoredValueError either way: without it the department cannot even be listed.
    """
    departments = []
    for index, (year, name, code, content, printed) in enumerate(
        conn.execute("SELECT year, name, code, content, printed FROM department ORDER BY position, id")
    ):
        _check_department_identity(year, name, code, content, printed)
        stored = StoredDepartment(index, year, name, content, printed)
        if content_later:
            departments.append(department_read_later(year, name, code, stored))
        else:  # raises on damage, for the caller to report as a damaged file
            departments.append(replace(stored.read(), year=year, name=name, code=code))
    return departments


def _check_department_identity(year: object, name: object, code: object, content: object, printed: object) -> None:
    """Refuse as damage what no department was ever saved with (the columns are written from the department)."""
    if not isinstance(name, str) or not name.strip():
        raise StoredValueError(f"部门名称“{_shown(name)}”不是有效的名称")
    problem = year_problem(year)
    if problem is not None:
        raise StoredValueError(f"部门“{_shown(name)}”的预算年度{problem}")
    if code is not None and not isinstance(code, str):
        raise StoredValueError(f"部门“{_shown(name)}”的编码“{_shown(code)}”不是文字")
    if not isinstance(content, str | bytes) or not (printed is None or isinstance(printed, str | bytes)):
        raise StoredValueError(f"部门“{_shown(name)}”的内容不是文本")


class StoredDepartment:
    """A department's content as the file holds it (JSON text), parsed when something first asks for it.

    The text was read with the department's identity, in the same read transaction, so it never changes underneath.
    A department nobody looked at is written back as this text, unparsed.
    """

    __slots__ = ("content", "index", "name", "printed", "year")

    def __init__(self, index: int, year: int, name: str, content: str | bytes, printed: str | bytes | None) -> None:
        self.index = index  # 0-based position in the workbook, for error messages
        self.year = year
        self.name = name
        self.content = content
        self.printed = printed

    def read(self) -> Department:
        """The department the text holds; DepartmentJsonError, BoundedJsonError (ValueError) or KeyError on damage."""
        # Imported on first use: parsing a department is the only reason opening a workbook would need them.
        from desktop.io import bounded_json
        from desktop.io.department_json import printed_from_json
        from desktop.io.department_reader import department_from_json

        # Bounded like any JSON from outside: a tampered row must be "damaged", never a RecursionError.
        department = department_from_json(bounded_json.loads(self.content, what="部门数据"), self.index)
        if self.printed is not None:
            printed = printed_from_json(bounded_json.loads(self.printed, what="部门数据"))
            department = replace(department, printed=printed)
        return department

    def __call__(self) -> Department:
        try:
            return self.read()
        except (ValueError, KeyError, TypeError) as exc:  # DepartmentJsonError and BoundedJsonError among them
            raise DamagedDepartmentError(
                f"部门“{self.name}（{self.year}年）”保存的内容已损坏，无法读取；工作簿的其他内容不受影响，"
                "保存时这个部门按原样保留。请改用同一文件夹中的备份（.bak）或程序保存的恢复副本，"
                "或从最近导出的文件重新导入这个部门。"
            ) from exc


class DamagedDepartmentError(WorkbookError):
    """A department's stored content, read on first use, is damaged; the rest of the workbook is fine."""


def content_problem(department: Department) -> str | None:
    """Why `department`'s content cannot be used (its stored content is damaged), in Chinese; None when it can.

    Reads the content now if it was not yet: a page or a check that needs it asks this first instead of letting the
    first field it touches raise.
    """
    try:
        department.budget  # noqa: B018  (the first content field asked for reads all of them)
    except DamagedDepartmentError as exc:
        return str(exc)
    return None


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 24 else text[:24] + "…"
