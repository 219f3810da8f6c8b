"""The department (部门) as data: who it is, its overall performance target and its budget.

A department is identified by `year` + `name`; its projects are the workbook's projects of that year whose
department name (or code) matches (`Workbook.department_projects`). Values are frozen; an edit makes a new
Department with `dataclasses.replace`. Names mirror spec/INTERCHANGE.md version 2.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Protocol

from desktop.domain.read_later import LaterFields, made_later

if TYPE_CHECKING:  # a department's content is built only when it is read (the window starts with names only)
    from desktop.domain.department.budget import Budget
    from desktop.domain.department.content import BudgetUnit, Cover, OverallTarget, Paragraph
    from desktop.domain.department.printed import Printed


@dataclass(frozen=True)
class Department:
    """One department's year: identity, 部门概况, overall target, budget, and (when imported) the printed figures.

    `document` is the id of its document layout (resources/documents/*.toml). `id` is the workbook's own key, None
    until first saved. A department opened from a workbook file may read its content (every field but `year`,
    `name`, `code` and `id`) only when first asked for it: see `department_read_later`.
    """

    year: int
    name: str
    code: str | None = None
    document: str | None = None
    cover: Cover | None = None
    units: tuple[BudgetUnit, ...] = ()
    duties: tuple[Paragraph, ...] = ()
    tasks: tuple[Paragraph, ...] = ()
    overall_target: OverallTarget | None = None
    budget: Budget | None = None
    notes: tuple[Paragraph, ...] = ()
    printed: Printed | None = None
    id: int | None = None

    def display_name(self) -> str:
        """ "泗县医疗保障局（2024年）"."""
        return f"{self.name}（{self.year}年）"

    def __eq__(self, other: object) -> bool:
        # Field by field, identity first and stopping at the first difference (the generated __eq__ builds both
        # tuples of all fields): looking for a department among others then reads no content it need not read.
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in _COMPARED)


# The identity of a department: what the left pane shows and what `belongs_to` matches projects by.
IDENTITY_FIELDS = ("year", "name", "code", "id")
CONTENT_FIELDS = tuple(f.name for f in fields(Department) if f.name not in IDENTITY_FIELDS)
_COMPARED = (*IDENTITY_FIELDS, *CONTENT_FIELDS)


class ContentReader(Protocol):
    """Reads a department's content when it is first needed (see `department_read_later`).

    It returns the whole department as stored; only its content fields are taken. It raises a Chinese error (the
    storage's WorkbookError) when the stored content is damaged, and must give the same department each time.
    """

    def __call__(self) -> Department: ...


# A department from `department_read_later` has only its identity in its __dict__: the first content field asked for
# reads all of them (see read_later.py).
_CONTENT = LaterFields(
    Department, CONTENT_FIELDS, "_read_content", unpack=lambda stored: {n: stored.__dict__[n] for n in CONTENT_FIELDS}
)


def department_read_later(year: int, name: str, code: str | None, read: ContentReader) -> Department:
    """A department whose identity is known now and whose content `read` gives when something first asks for it.

    Opening a workbook lists its departments by name and matches projects to them; their budget, printed figures and
    texts are parsed only when a page, a check, an export or a save needs them. Equality, `dataclasses.replace`,
    copies and pickles all go through the fields, so such a department behaves exactly like one read in full.
    """
    return made_later(Department, {"year": year, "name": name, "code": code, "id": None}, (_CONTENT, read))


def content_reader(department: Department) -> ContentReader | None:
    """The reader of `department`'s content while it has not been read yet, else None."""
    reader: ContentReader | None = _CONTENT.reader(department)
    return reader
