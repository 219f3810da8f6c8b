"""The vocabulary of the department publication's tables: their ids and the columns each one has.

Document layouts (`documents`) pick and title tables and columns by these names, and the domain computes them
(`desktop.domain.department.tables`); the names live here, below both, so neither imports the other for them.
"""

from __future__ import annotations

from collections.abc import Mapping

TABLE_IDS: tuple[str, ...] = (
    "summary", "income", "spending", "fiscal", "general", "basic", "gov_fund", "state_capital", "projects",
    "procurement", "services", "three_public",
)  # fmt: skip

# Amount columns and text columns of each table, in computed order; a layout picks and titles them.
AMOUNT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "summary": ("amount",),
    "income": ("total", "carryover", "general", "gov_fund", "state_capital", "special_account", "unit"),
    "spending": ("total", "basic", "project", "business", "to_superior", "to_subordinate"),
    "fiscal": ("amount",),
    "general": ("total", "basic", "personnel", "public", "project"),
    "basic": ("total", "personnel", "public"),
    "gov_fund": ("total", "basic", "personnel", "public", "project"),
    "state_capital": ("total", "basic", "personnel", "public", "project"),
    "projects": (
        "total", "general", "gov_fund", "state_capital", "carryover_general", "carryover_gov_fund",
        "carryover_state_capital", "special_account", "unit",
    ),
    "procurement": ("total", "general", "gov_fund", "state_capital", "special_account", "unit"),
    "services": ("amount",),
    "three_public": ("amount",),
}  # fmt: skip
TEXT_COLUMNS: Mapping[str, tuple[str, ...]] = {
    "summary": ("label",),
    "income": ("code", "name"),
    "spending": ("code", "name"),
    "fiscal": ("label",),
    "general": ("code", "name"),
    "basic": ("code", "name"),
    "gov_fund": ("code", "name"),
    "state_capital": ("code", "name"),
    "projects": ("kind", "name", "project_unit"),
    "procurement": ("project", "item", "category"),
    "services": ("project", "catalog1", "catalog2", "catalog3", "content", "quantity"),
    "three_public": ("label",),
}
