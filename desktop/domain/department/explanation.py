"""The 部门预算情况说明 (part 3), generated: every sentence with a number is computed from the tables and last year's
figures in the seed's phrasing; the clerk writes only the reasons and the free texts (DEPARTMENT.md §2).

`explain()` returns typed paragraphs. Each paragraph is computed text, optionally followed by a `Slot` — the place of
the clerk's words (a reason, keyed like `Budget.reasons`: `table:<id>`, `function:<code>`, `operating_costs`,
`three_public`; or a free text such as `facts:assets`) — and more computed text. The editor shows the computed text
live and puts an entry field at each slot; the publication prints `full_text()`; the D rules report required slots
left empty. Pure functions, no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.domain.department.explanation_other import other_matters
from desktop.domain.department.explanation_tables import TableExplainer
from desktop.domain.department.explanation_text import (
    EXPLAINED_TABLES,
    OTHER_SECTIONS,
    Explanation,
)
from desktop.domain.department.model import Department
from desktop.domain.department.tables import ComputedTable
from desktop.domain.model import Project
from desktop.templates.classification import Catalogue


def explain(
    department: Department,
    projects: Sequence[Project],
    catalogue: Catalogue,
    tables: Sequence[str] = EXPLAINED_TABLES,
    other: Sequence[str] = OTHER_SECTIONS,
    computed: Mapping[str, ComputedTable] | None = None,
) -> Explanation:
    """Part 3 of `department`'s publication: one section per table of `tables` (ids of `tables.TABLE_IDS`), then
    其他重要事项 with the sections `other` (ids of OTHER_TITLES), numbered 一、二、… in that order. `computed` are
    the department's tables when the caller has them already (`compute_tables`)."""

    explainer = TableExplainer(department, projects, catalogue, computed)
    explained = [t for t in tables if explainer.explains(t)]
    sections = [explainer.section(table_id, number) for number, table_id in enumerate(explained, start=1)]
    if other:
        sections.append(other_matters(explainer, other, len(sections) + 1))
    return Explanation(tuple(sections))
