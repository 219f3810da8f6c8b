"""Text imports of department documents: what was read, before it becomes a Department.

The 部门预算 publication (Anhui) and the 部门预算绩效文本 (Hebei) are cut into their parts by
`department_parts`; the tables are read by `department_tables`, the 说明 by `department_notes`, the performance text's
part 1 by `department_target`. The figures are kept exactly as printed so that the rules can compare them with
the tables recomputed from the leaves.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.io.importing import UnplacedLine
from desktop.io.text.lines import Row


@dataclass(frozen=True)
class Passage:
    """A titled or untitled paragraph as printed (a duty, a task, a goal, a note)."""

    title: str | None
    text: str
    line_no: int


@dataclass(frozen=True)
class UnitEntry:
    """One row of the 部门预算构成 table."""

    name: str
    kind: str | None
    line_no: int


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the 目录: its text, the part it belongs to, the table it names (if any), its page (if any)."""

    text: str
    part: str | None
    table: str | None
    page: int | None
    line_no: int


@dataclass
class TableBlock:
    """One printed table: its title line, its rows (header and body), and its 注 line."""

    table: str
    title: str
    line_no: int
    rows: list[Row] = field(default_factory=list)
    note: str | None = None


@dataclass
class Section:
    """One section of the 说明 (or of part 1 of a performance text): its heading and its lines."""

    key: str
    title: str
    line_no: int
    rows: list[Row] = field(default_factory=list)


@dataclass
class DepartmentDraft:
    """Everything read from a department document, still as printed."""

    kind: str  # "budget" (部门预算) or "performance" (绩效文本)
    name: str | None = None
    year: int | None = None
    cover_date: str | None = None
    cover_title: str | None = None
    compiled_by: str | None = None
    reviewed_by: str | None = None
    draft: bool = False
    contents: list[ContentsEntry] = field(default_factory=list)
    duties: list[Passage] = field(default_factory=list)
    units: list[UnitEntry] = field(default_factory=list)
    tasks: list[Passage] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    notes: list[Passage] = field(default_factory=list)
    goals: list[Passage] = field(default_factory=list)
    items: list[tuple[Passage, str | None, str | None]] = field(default_factory=list)
    measures: list[Passage] = field(default_factory=list)
    listed: list[tuple[str, str, int]] = field(default_factory=list)  # the 公开清单: name, amount, line
    unplaced: list[UnplacedLine] = field(default_factory=list)
    claimed: set[int] = field(default_factory=set)  # indexes of the rows read (or reported) as the department's
    messages: list[str] = field(default_factory=list)

    def reject(self, row: Row, reason: str) -> None:
        """Report a line that could not be placed."""
        self.unplaced.append(UnplacedLine(row.line_no, row.text, reason))

    def table(self, table_id: str) -> TableBlock | None:
        """The printed table with this id, or None when the document does not print it."""
        return next((t for t in self.tables if t.table == table_id), None)

    def section(self, key: str) -> Section | None:
        """The 说明 section with this key, or None."""
        return next((s for s in self.sections if s.key == key), None)
