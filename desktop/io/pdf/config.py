"""The `[print]` table of a layout file: page geometry and how the form's blocks are arranged on paper.

Everything a new province's form needs on paper is data here, so adding a layout needs no code. Widths are relative
weights (`[18, 32, 16, 34]`) shared out over the printable width, or absolute (`"25mm"`); a layout without a
`[print]` table prints with the defaults below.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.lib.units import mm

from desktop.templates.layouts import Layout, LayoutError

Width = float | str
Orientation = Literal["portrait", "landscape"]


@dataclass(frozen=True)
class ColumnGroup:
    """A heading printed above several indicator columns (the mid-term layout's two halves)."""

    label: str
    span: int


@dataclass(frozen=True)
class PrintConfig:
    """Checked print settings of one layout."""

    orientation: Orientation = "portrait"
    margins_mm: tuple[float, float, float, float] = (18.0, 16.0, 16.0, 16.0)  # top, right, bottom, left
    font_size: float = 10.0
    title_size: float = 16.0
    min_row_height_mm: float = 7.0
    header_widths: tuple[Width, ...] = (18, 32, 16, 34)
    funds_widths: tuple[Width, ...] | None = None
    indicator_widths: tuple[Width, ...] | None = None
    funds_layout: Literal["down", "across", "paired"] = "down"
    goal_layout: Literal["beside", "below", "paired"] = "beside"
    signatures_position: Literal["top", "bottom"] = "bottom"
    column_groups: tuple[ColumnGroup, ...] = ()


_CHOICES: Mapping[str, tuple[str, ...]] = {
    "orientation": ("portrait", "landscape"),
    "funds_layout": ("down", "across", "paired"),
    "goal_layout": ("beside", "below", "paired"),
    "signatures_position": ("top", "bottom"),
}
_NUMBERS = ("font_size", "title_size", "min_row_height_mm")
_WIDTHS = ("header_widths", "funds_widths", "indicator_widths")
_LIMITS: Mapping[str, tuple[float, float]] = {
    "font_size": (6, 16),
    "title_size": (8, 30),
    "min_row_height_mm": (3, 30),
}


def _fail(layout: Layout, key: str, problem: str) -> LayoutError:
    name = layout.source.name if layout.source is not None else f"{layout.id}.toml"
    return LayoutError(f"版式文件 {name} 的“print.{key}”有误：{problem}")


def _widths(layout: Layout, key: str, value: Any) -> tuple[Width, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(layout, key, '应为列宽列表，例如 [18, 32, 16, 34] 或 ["25mm", 1, 1]')
    widths: list[Width] = []
    for item in value:
        if isinstance(item, bool):
            raise _fail(layout, key, f"列宽“{item}”不是数字")
        if isinstance(item, int | float) and item > 0:
            widths.append(float(item))
        elif isinstance(item, str) and item.endswith("mm") and _positive(item[:-2]):
            widths.append(item)
        else:
            raise _fail(layout, key, f"列宽“{item}”应为正数（比例）或“25mm”这样的毫米数")
    return tuple(widths)


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def print_config(layout: Layout) -> PrintConfig:
    """The layout's `[print]` table checked; raises LayoutError naming the file and the key when malformed."""
    raw = layout.print
    known = {f for f in PrintConfig.__dataclass_fields__}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _fail(layout, unknown[0], f"不认识的项（可用：{'、'.join(sorted(known))}）")
    values: dict[str, Any] = {}
    for key, choices in _CHOICES.items():
        if key in raw:
            if raw[key] not in choices:
                raise _fail(layout, key, f"应为 {'、'.join(choices)} 之一")
            values[key] = raw[key]
    for key in _NUMBERS:
        if key in raw:
            low, high = _LIMITS[key]
            number = raw[key]
            if isinstance(number, bool) or not isinstance(number, int | float) or not low <= number <= high:
                raise _fail(layout, key, f"应为 {low:g} 到 {high:g} 之间的数字")
            values[key] = float(number)
    if "margins_mm" in raw:
        margins = raw["margins_mm"]
        if (
            not isinstance(margins, list)
            or len(margins) != 4
            or not all(isinstance(m, int | float) and not isinstance(m, bool) and 5 <= m <= 50 for m in margins)
        ):
            raise _fail(layout, "margins_mm", "应为 [上, 右, 下, 左] 四个 5 到 50 之间的毫米数")
        values["margins_mm"] = tuple(float(m) for m in margins)
    for key in _WIDTHS:
        if key in raw:
            values[key] = _widths(layout, key, raw[key])
    if "column_groups" in raw:
        values["column_groups"] = _column_groups(layout, raw["column_groups"])
    if layout.midterm_funds is not None:
        values.setdefault("funds_layout", "paired")  # a mid-term form must never print without its 中期 block
    if layout.has_midterm:
        values.setdefault("goal_layout", "paired")
    config = PrintConfig(**values)
    _check_counts(layout, config)
    return config


def _column_groups(layout: Layout, value: Any) -> tuple[ColumnGroup, ...]:
    if not isinstance(value, list):
        raise _fail(layout, "column_groups", '应为 { label = "…", span = 列数 } 的列表')
    groups = []
    for i, item in enumerate(value):
        if (
            not isinstance(item, Mapping)
            or not isinstance(item.get("label"), str)
            or isinstance(item.get("span"), bool)
            or not isinstance(item.get("span"), int)
            or item["span"] < 1
        ):
            raise _fail(layout, f"column_groups[{i}]", '应写成 { label = "…", span = 列数 }')
        groups.append(ColumnGroup(item["label"], item["span"]))
    return tuple(groups)


def indicator_column_count(layout: Layout) -> int:
    """Columns of the indicator table, counting the leading merged label column (绩效指标) when there is one."""
    return len(layout.columns) + (1 if layout.indicators_label else 0)


def _check_counts(layout: Layout, config: PrintConfig) -> None:
    if config.indicator_widths is not None and len(config.indicator_widths) != indicator_column_count(layout):
        raise _fail(layout, "indicator_widths", f"应有 {indicator_column_count(layout)} 个列宽，与指标表的列数一致")
    widest_header = max(len(row) for row in layout.header)
    if len(config.header_widths) < 2 * widest_header or len(config.header_widths) % 2:
        raise _fail(layout, "header_widths", f"应为偶数个列宽（标签、内容成对），至少 {2 * widest_header} 个")
    if config.column_groups and sum(g.span for g in config.column_groups) != len(layout.columns):
        raise _fail(layout, "column_groups", f"各组 span 之和应等于指标列数 {len(layout.columns)}")
    if config.funds_widths is not None:
        need = {"down": 3, "paired": 4, "across": 1 + 2 * len(layout.funds.rows)}[config.funds_layout]
        if len(config.funds_widths) != need:
            raise _fail(layout, "funds_widths", f'funds_layout = "{config.funds_layout}" 时应有 {need} 个列宽')
    if (config.funds_layout == "paired") != (layout.midterm_funds is not None):
        raise _fail(layout, "funds_layout", '有 [midterm_funds] 段的版式应为 "paired"，其他版式不能用 "paired"')
    if (config.goal_layout == "paired") != layout.has_midterm:
        raise _fail(layout, "goal_layout", '有中期目标的版式应为 "paired"（总体目标与年度目标并排），其他版式不能用')


def resolve_widths(widths: Sequence[Width], total: float) -> list[float]:
    """Column widths in points: millimetre entries as given, relative weights sharing what is left of `total`."""
    fixed = sum(float(w[:-2]) * mm for w in widths if isinstance(w, str))
    weights = sum(w for w in widths if not isinstance(w, str))
    left = max(total - fixed, 0.0)
    out = [float(w[:-2]) * mm if isinstance(w, str) else left * w / weights for w in widths]
    scale = total / sum(out) if sum(out) > total else 1.0  # never print past the right margin
    return [w * scale for w in out]
