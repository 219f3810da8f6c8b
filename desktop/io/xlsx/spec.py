"""The `[sheet]` table of a layout file: how a project form is arranged on an Excel sheet.

The layout file says which grid columns exist and how wide they are, the paper orientation, and the few
arrangement choices that differ between regions (funds one amount per row, or side by side; the goal beside its
label, or below it). Everything else is derived from the layout's fields. A missing table gives sensible defaults,
a wrong one a LayoutError naming the file and the key.

Widths are in Excel's column units (about one Latin digit); a Chinese character needs two.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.templates.layouts import Layout, LayoutError

ORIENTATIONS: tuple[str, ...] = ("portrait", "landscape")
FUNDS_STYLES: tuple[str, ...] = ("rows", "inline")
GOAL_STYLES: tuple[str, ...] = ("beside", "below")
_KNOWN_KEYS = frozenset({"widths", "orientation", "indicator_spans", "funds", "goal"})
_DEFAULT_WIDTH: Mapping[str, float] = {
    "level1": 10,
    "level2": 14,
    "name": 22,
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

    widths: tuple[float, ...]
    indicator_spans: tuple[int, ...]
    lead_column: bool
    orientation: str
    funds: str
    goal: str

    @property
    def width(self) -> int:
        """Number of grid columns of the form."""
        return len(self.widths)

    def span_width(self, first_col: int, cols: int) -> float:
        """Total width (Excel units) of `cols` grid columns starting at 1-based `first_col`."""
        return sum(self.widths[first_col - 1 : first_col - 1 + cols])


def _fail(layout: Layout, key: str, problem: str) -> LayoutError:
    name = layout.source.name if layout.source is not None else f"{layout.id}.toml"
    return LayoutError(f"版式文件 {name} 的“sheet.{key}”有误：{problem}")


def _choice(layout: Layout, raw: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
    value = raw.get(key, default)
    if value not in choices:
        raise _fail(layout, key, f"应为 {'、'.join(repr(c) for c in choices)} 之一")
    return str(value)


def _int_list(layout: Layout, raw: Any, key: str, count: int) -> tuple[int, ...]:
    if not isinstance(raw, list) or len(raw) != count:
        raise _fail(layout, key, f"应为 {count} 个整数（指标表每列一个）")
    if not all(isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 8 for v in raw):
        raise _fail(layout, key, "每项应为 1–8 的整数（该列占几个表格列）")
    return tuple(raw)


def sheet_spec(layout: Layout) -> SheetSpec:
    """The checked Excel arrangement of `layout` (defaults where its file has no `[sheet]` table)."""
    raw = layout.sheet
    unknown = sorted(set(raw) - _KNOWN_KEYS)
    if unknown:
        raise _fail(layout, unknown[0], f"不认识的项（可用：{'、'.join(sorted(_KNOWN_KEYS))}）")
    columns = layout.columns
    spans = (
        _int_list(layout, raw["indicator_spans"], "indicator_spans", len(columns))
        if "indicator_spans" in raw
        else (1,) * len(columns)
    )
    lead = layout.indicators_label is not None
    grid = int(lead) + sum(spans)
    if "widths" in raw:
        widths_raw = raw["widths"]
        if not isinstance(widths_raw, list) or len(widths_raw) != grid:
            raise _fail(layout, "widths", f"应列出 {grid} 个列宽（本版式的表格共 {grid} 列）")
        if not all(isinstance(w, int | float) and not isinstance(w, bool) and 2 <= w <= 100 for w in widths_raw):
            raise _fail(layout, "widths", "每个列宽应为 2–100 之间的数（单位约为一个数字宽，一个汉字约占 2）")
        widths = tuple(float(w) for w in widths_raw)
    else:
        defaults: list[float] = [_LEAD_WIDTH] if lead else []
        for column, span in zip(columns, spans, strict=True):
            defaults.extend([_DEFAULT_WIDTH.get(column.key, 16) / span] * span)
        widths = tuple(defaults)
    if grid > MAX_GRID_COLUMNS:
        raise _fail(layout, "indicator_spans", f"表格列数过多（{grid} 列）")
    default_orientation = "portrait" if sum(widths) <= 100 else "landscape"
    return SheetSpec(
        widths=widths,
        indicator_spans=spans,
        lead_column=lead,
        orientation=_choice(layout, raw, "orientation", ORIENTATIONS, default_orientation),
        funds=_choice(layout, raw, "funds", FUNDS_STYLES, "rows"),
        goal=_choice(layout, raw, "goal", GOAL_STYLES, "beside"),
    )


# Widths in Excel units (one unit ≈ 7 px, the default font's digit): 宋体 11 pt draws a Chinese character about
# 15 px wide and a Latin one about 7.5 px; a cell keeps a few pixels of padding.
_WIDE_UNITS = 2.15
_NARROW_UNITS = 1.08
_PADDING_UNITS = 0.5


def display_width(text: str) -> float:
    """Width of `text` in Excel column units: wide (CJK, full-width) characters ≈ 2, others ≈ 1."""
    return sum(_WIDE_UNITS if unicodedata.east_asian_width(ch) in ("W", "F") else _NARROW_UNITS for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped in a cell `width` units wide (each paragraph at least one).

    Characters are laid out greedily one by one; Excel breaks Latin text at spaces, so this can be a line short
    for long Latin words, which only happens in codes and URLs.
    """
    usable = max(width - _PADDING_UNITS, 2.5)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for ch in paragraph:
            size = _WIDE_UNITS if unicodedata.east_asian_width(ch) in ("W", "F") else _NARROW_UNITS
            if used + size > usable and used > 0:
                lines += 1
                used = 0.0
            used += size
    return lines


def split_evenly(total: int, parts: int, outer_first: bool = False) -> Sequence[int]:
    """Split `total` grid columns into `parts` runs as evenly as possible.

    The extra columns go to the last runs, as the official forms do (项目名称 | x | 实施单位 | x x), or with
    `outer_first` alternately to the last and the first run (the spending-plan months of the Hebei form: 3月底
    and 12月底 are the wide ones).
    """
    base, extra = divmod(total, parts)
    sizes = [base] * parts
    order = list(reversed(range(parts)))
    if outer_first:
        order = list(dict.fromkeys(i for pair in zip(order, reversed(order), strict=True) for i in pair))
    for i in order[:extra]:
        sizes[i] += 1
    return sizes
