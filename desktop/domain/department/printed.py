"""Figures as a published document printed them, kept beside the department so that the D rules can compare them.

The importer of a published document stores here what it read besides the leaves: every parent and total row of
every table, the 说明's numbers, the contents list, the 公开清单 and the names used for projects and units. The
generated tables never use these; they exist only so that `jixiao check` (and the editor) can say where the
document contradicts itself. A department the clerk types has no printed record (`Department.printed` is None).

Row keys are those of the computed tables (`tables.py`): a 功能/经济 code, a project name, or one of the fixed keys
of that table (`total`, `income:general`, …); column ids are those of the document layout (`total`, `basic`, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property


@dataclass(frozen=True)
class PrintedRow:
    """One printed table row: its key, its label, the 项目单位 (table 9) and its cells as printed (None = blank)."""

    table: str
    key: str
    label: str | None = None
    unit: str | None = None
    cells: tuple[tuple[str, Decimal | None], ...] = ()
    line: int | None = None

    @cached_property
    def _by_column(self) -> dict[str, Decimal | None]:
        return dict(self.cells)

    def cell(self, column: str) -> Decimal | None:
        """The printed amount of `column` (None when blank or not printed)."""
        return self._by_column.get(column)

    def has(self, column: str) -> bool:
        """True when the row prints column `column` at all."""
        return column in self._by_column


@dataclass(frozen=True)
class PrintedFigure:
    """One number of the 说明 (part 3) as printed.

    `section` is the explanation it stands in (`table:<id>`, `operating_costs`, `procurement`, `performance`);
    `figure` says which number it is: `amount` (the table's total), `change` (signed difference from last year),
    `percent` (signed growth in %), `share:<column>` (a share in %), `function:<code>` (a 项's amount),
    `function:<code>:change`, `function:<code>:percent`, `count` (number of projects), `basic`, `personnel`,
    `public`, `project`, `goods`, `works`, `services`. `text` is the sentence, quoted in messages.
    """

    section: str
    figure: str
    amount: Decimal | None
    text: str
    line: int | None = None


@dataclass(frozen=True)
class PrintedName:
    """A project as named (and funded) in one place of the document: `public_list` (附件 清单), `projects` (table 9),
    `overview` (其他重要事项), `procurement` (table 10). `goal` is the 绩效目标 sentence where the place has one."""

    place: str
    name: str
    amount: Decimal | None = None
    unit: str | None = None
    goal: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Printed:
    """Everything printed that the D rules compare with the recomputed tables and the forms."""

    contents: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    rows: tuple[PrintedRow, ...] = ()
    figures: tuple[PrintedFigure, ...] = ()
    names: tuple[PrintedName, ...] = ()

    @cached_property
    def _by_table(self) -> dict[str, tuple[PrintedRow, ...]]:
        tables: dict[str, list[PrintedRow]] = {}
        for row in self.rows:
            tables.setdefault(row.table, []).append(row)
        return {table: tuple(rows) for table, rows in tables.items()}

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], PrintedRow]:
        index: dict[tuple[str, str], PrintedRow] = {}
        for row in self.rows:
            index.setdefault((row.table, row.key), row)
        return index

    def table_rows(self, table: str) -> tuple[PrintedRow, ...]:
        """The printed rows of one table, in printed order."""
        return self._by_table.get(table, ())

    def row(self, table: str, key: str) -> PrintedRow | None:
        """The (first) printed row of `table` with `key`, or None."""
        return self._by_key.get((table, key))
