"""The `[sheet]` table of a layout file: how a project form is arranged on an Excel sheet.

The layout file says which grid columns exist and how wide they are, the paper orientation, and the few
arrangement choices that differ between regions (funds one amount per row, or side by side; the goal beside its
label, or below it). Everything else is derived from the layout's fields. A missing table gives sensible defaults,
a wrong one an error naming the file and the key, when the layout file is loaded.

Widths are in Excel's column units (about one Latin digit); a Chinese character needs two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from desktop.datafile import Table

if TYPE_CHECKING:
    from desktop.templates.layouts import Layout

SheetOrientation = Literal["portrait", "landscape"]
FundsStyle = Literal["rows", "inline"]
GoalStyle = Literal["beside", "below"]

ORIENTATIONS: tuple[SheetOrientation, ...] = ("portrait", "landscape")
FUNDS_STYLES: tuple[FundsStyle, ...] = ("rows", "inline")
GOAL_STYLES: tuple[GoalStyle, ...] = ("beside", "below")
_KNOWN_KEYS = frozenset({"widths", "orientation", "indicator_spans", "funds", "goal"})
_DEFAULT_WIDTH: Mapping[str, float] = {
    "level1": 10,
    "level2": 14,
    "name": 22,
    "midterm_name": 22,
    "value": 18,
    "midterm_value": 18,
    "description": 20,
    "basis": 16,
}
_LEAD_WIDTH = 10
MAX_GRID_COLUMNS = 40


@dataclass(frozen=True)
class SheetSpec:
    """A checked `[sheet]` table: grid column widths, where each indicator column sits, orientation, styles."""

    widths: tuple[float, ...] = ()
    indicator_spans: tuple[int, ...] = ()
    lead_column: bool = False
    orientation: SheetOrientation = "portrait"
    funds: FundsStyle = "rows"
    goal: GoalStyle = "beside"

    @property
    def width(self) -> int:
        """Number of grid columns of the form."""
        return len(self.widths)

    def span_width(self, first_col: int, cols: int) -> float:
        """Total width (Excel units) of `cols` grid columns starting at 1-based `first_col`."""
        return sum(self.widths[first_col - 1 : first_col - 1 + cols])


def _spans(table: Table, count: int) -> tuple[int, ...]:
    raw = table.raw("indicator_spans")
    if raw is None:
        return (1,) * count
    if not isinstance(raw, list) or len(raw) != count:
        raise table.fail("indicator_spans", f"应为 {count} 个整数（指标表每列一个）")
    spans: list[int] = []
    for value in raw:
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 8:
            raise table.fail("indicator_spans", "每项应为 1–8 的整数（该列占几个表格列）")
        spans.append(value)
    return tuple(spans)


def parse_sheet(table: Table, layout: Layout) -> SheetSpec:
    """Check a `[sheet]` table against the layout it belongs to (defaults where the file has none)."""
    table.only(_KNOWN_KEYS, hint=True)
    columns = layout.columns
    spans = _spans(table, len(columns))
    lead = layout.indicators_label is not None
    grid = int(lead) + sum(spans)
    widths_raw = table.raw("widths")
    if widths_raw is not None:
        if not isinstance(widths_raw, list) or len(widths_raw) != grid:
            raise table.fail("widths", f"应列出 {grid} 个列宽（本版式的表格共 {grid} 列）")
        if not all(isinstance(w, int | float) and not isinstance(w, bool) and 2 <= w <= 100 for w in widths_raw):
            raise table.fail("widths", "每个列宽应为 2–100 之间的数（单位约为一个数字宽，一个汉字约占 2）")
        widths = tuple(float(w) for w in widths_raw)
    else:
        defaults: list[float] = [_LEAD_WIDTH] if lead else []
        for column, span in zip(columns, spans, strict=True):
            defaults.extend([_DEFAULT_WIDTH.get(column.key, 16) / span] * span)
        widths = tuple(defaults)
    if grid > MAX_GRID_COLUMNS:
        raise table.fail("indicator_spans", f"表格列数过多（{grid} 列）")
    default_orientation: SheetOrientation = "portrait" if sum(widths) <= 100 else "landscape"
    return SheetSpec(
        widths=widths,
        indicator_spans=spans,
        lead_column=lead,
        orientation=table.choice("orientation", ORIENTATIONS, default_orientation),
        funds=table.choice("funds", FUNDS_STYLES, "rows"),
        goal=table.choice("goal", GOAL_STYLES, "beside"),
    )
