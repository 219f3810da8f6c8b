"""The department (部门) as data: who it is, its overall performance target and its budget.

A department is identified by `year` + `name`; its projects are the workbook's projects of that year whose
department name (or code) matches (`Workbook.department_projects`). Values are frozen; an edit makes a new
Department with `dataclasses.replace`. Names mirror spec/INTERCHANGE.md version 2.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Protocol

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
_READER = "_read_content"  # the key, in a department's __dict__, of the reader of its content not read yet


class ContentReader(Protocol):
    """Reads a department's content when it is first needed (see `department_read_later`).

    It returns the whole department as stored; only its content fields are taken. It raises a Chinese error (the
    storage's WorkbookError) when the stored content is damaged, and must give the same department each time.
    """

    def __call__(self) -> Department: ...


class _Content:
    """A content field of `Department`: a non-data descriptor, so a department built the usual way (its fields all in
    its __dict__) never calls it. A department from `department_read_later` has only its identity there: the first
    content field asked for reads all of them, and they stay in its __dict__ from then on."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, department: Department | None, owner: type | None = None) -> object:
        if department is None:
            raise AttributeError(self.name)  # a field of each department, with no value on the class
        stored = department.__dict__[_READER]()
        department.__dict__.update({name: stored.__dict__[name] for name in CONTENT_FIELDS})
        return department.__dict__[self.name]


for _name in CONTENT_FIELDS:  # after @dataclass, which took the defaults from the plain class attributes
    setattr(Department, _name, _Content(_name))


def department_read_later(year: int, name: str, code: str | None, read: ContentReader) -> Department:
    """A department whose identity is known now and whose content `read` gives when something first asks for it.

    Opening a workbook lists its departments by name and matches projects to them; their budget, printed figures and
    texts are parsed only when a page, a check, an export or a save needs them. Equality, `dataclasses.replace`,
    copies and pickles all go through the fields, so such a department behaves exactly like one read in full.
    """
    department = object.__new__(Department)
    department.__dict__.update(year=year, name=name, code=code, id=None, _read_content=read)
    return department


def content_reader(department: Department) -> ContentReader | None:
    """The reader of `department`'s content while it has not been read yet, else None."""
    if "budget" in department.__dict__:  # the content fields are filled all at once: one of them says it is read
        return None
    reader: ContentReader | None = department.__dict__.get(_READER)
    return reader
