"""What the PDF and the xlsx of a department's tables share: column groups over two header rows, and which tables
print across a landscape page."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.templates.documents import TableSpec

# Column groups printed over two header rows ("基本支出" over 小计/人员经费/公用经费); a group applies when the
# layout prints at least two of its columns.
COLUMN_GROUPS: Mapping[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "general": (("基本支出", ("basic", "personnel", "public")),),
    "basic": (("本年一般公共预算基本支出", ("total", "personnel", "public")),),
    "gov_fund": (("本年政府性基金预算支出", ("total", "basic", "personnel", "public", "project")),),
    "state_capital": (("国有资本经营预算拨款支出", ("total", "basic", "personnel", "public", "project")),),
    "projects": (
        ("本年财政拨款", ("general", "gov_fund", "state_capital")),
        ("财政拨款结转结余", ("carryover_general", "carryover_gov_fund", "carryover_state_capital")),
    ),
}
_WIDE_COLUMNS = 8


def grouped_columns(spec: TableSpec) -> dict[str, str]:
    """Column id → its group's heading, for the groups this layout prints at least two columns of."""
    ids = {c.id for c in spec.columns}
    grouped = {m: title for title, members in COLUMN_GROUPS.get(spec.id, ()) for m in members if m in ids}
    return grouped if len(grouped) >= 2 else {}


def is_wide(spec: TableSpec) -> bool:
    """True when the table prints across a landscape page (eight columns or more)."""
    return len(spec.columns) >= _WIDE_COLUMNS
