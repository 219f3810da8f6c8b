"""The `[print]` table of a layout file: page geometry and how the form's blocks are arranged on paper.

Everything a new province's form needs on paper is data here, so adding a layout needs no code. Widths are relative
weights (`[18, 32, 16, 34]`) shared out over the printable width, or absolute (`"25mm"`); a layout without a
`[print]` table prints with the defaults below. The table is checked when the layout file is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from desktop.datafile import Table

if TYPE_CHECKING:
    from desktop.templates.layouts import Layout

Width = float | str
Orientation = Literal["portrait", "landscape"]
FundsArrangement = Literal["down", "across", "paired"]
GoalArrangement = Literal["beside", "below", "paired"]
SignaturesPosition = Literal["top", "bottom"]

ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")
_FUNDS: tuple[FundsArrangement, ...] = ("down", "across", "paired")
_GOALS: tuple[GoalArrangement, ...] = ("beside", "below", "paired")
_SIGNATURES: tuple[SignaturesPosition, ...] = ("top", "bottom")


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
    funds_layout: FundsArrangement = "down"
    goal_layout: GoalArrangement = "beside"
    signatures_position: SignaturesPosition = "bottom"
    column_groups: tuple[ColumnGroup, ...] = ()


_KNOWN = tuple(PrintConfig.__dataclass_fields__)


def _widths(table: Table, key: str) -> tuple[Width, ...] | None:
    value = table.raw(key)
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise table.fail(key, '应为列宽列表，例如 [18, 32, 16, 34] 或 ["25mm", 1, 1]')
    widths: list[Width] = []
    for item in value:
        if isinstance(item, bool):
            raise table.fail(key, f"列宽“{item}”不是数字")
        if isinstance(item, int | float) and item > 0:
            widths.append(float(item))
        elif isinstance(item, str) and item.endswith("mm") and _positive(item[:-2]):
            widths.append(item)
        else:
            raise table.fail(key, f"列宽“{item}”应为正数（比例）或“25mm”这样的毫米数")
    return tuple(widths)


def _positive(text: str) -> bool:
    try:
        return float(text) > 0
    except ValueError:
        return False


def _margins(table: Table) -> tuple[float, float, float, float]:
    margins = table.raw("margins_mm")
    if margins is None:
        return PrintConfig.margins_mm
    if (
        not isinstance(margins, list)
        or len(margins) != 4
        or not all(isinstance(m, int | float) and not isinstance(m, bool) and 5 <= m <= 50 for m in margins)
    ):
        raise table.fail("margins_mm", "应为 [上, 右, 下, 左] 四个 5 到 50 之间的毫米数")
    top, right, bottom, left = (float(m) for m in margins)
    return (top, right, bottom, left)


def _column_groups(table: Table) -> tuple[ColumnGroup, ...]:
    groups = []
    for item in table.tables("column_groups", required=False, what="组"):
        span = item.raw("span")
        label = item.raw("label")
        if not isinstance(label, str) or isinstance(span, bool) or not isinstance(span, int) or span < 1:
            raise table.fail(item.prefix.removeprefix("print."), '应写成 { label = "…", span = 列数 }')
        groups.append(ColumnGroup(label, span))
    return tuple(groups)


def parse_print(table: Table, layout: Layout) -> PrintConfig:
    """Check a `[print]` table against the layout it belongs to; raises the file's error naming the key."""
    table.only(_KNOWN, hint=True)
    midterm_funds = layout.midterm_funds is not None
    config = PrintConfig(
        orientation=table.choice("orientation", ORIENTATIONS, "portrait"),
        margins_mm=_margins(table),
        font_size=table.number("font_size", 6, 16, PrintConfig.font_size),
        title_size=table.number("title_size", 8, 30, PrintConfig.title_size),
        min_row_height_mm=table.number("min_row_height_mm", 3, 30, PrintConfig.min_row_height_mm),
        header_widths=_widths(table, "header_widths") or PrintConfig.header_widths,
        funds_widths=_widths(table, "funds_widths"),
        indicator_widths=_widths(table, "indicator_widths"),
        # A mid-term form must never print without its 中期 block, nor without its 总体目标.
        funds_layout=table.choice("funds_layout", _FUNDS, "paired" if midterm_funds else "down"),
        goal_layout=table.choice("goal_layout", _GOALS, "paired" if layout.has_midterm else "beside"),
        signatures_position=table.choice("signatures_position", _SIGNATURES, "bottom"),
        column_groups=_column_groups(table),
    )
    _check_counts(table, layout, config)
    return config


def indicator_column_count(layout: Layout) -> int:
    """Columns of the indicator table, counting the leading merged label column (绩效指标) when there is one."""
    return len(layout.columns) + (1 if layout.indicators_label else 0)


def _check_counts(table: Table, layout: Layout, config: PrintConfig) -> None:
    if config.indicator_widths is not None and len(config.indicator_widths) != indicator_column_count(layout):
        raise table.fail("indicator_widths", f"应有 {indicator_column_count(layout)} 个列宽，与指标表的列数一致")
    widest_header = max(len(row) for row in layout.header)
    if len(config.header_widths) < 2 * widest_header or len(config.header_widths) % 2:
        raise table.fail("header_widths", f"应为偶数个列宽（标签、内容成对），至少 {2 * widest_header} 个")
    if config.column_groups and sum(g.span for g in config.column_groups) != len(layout.columns):
        raise table.fail("column_groups", f"各组 span 之和应等于指标列数 {len(layout.columns)}")
    if config.funds_widths is not None:
        need = {"down": 3, "paired": 5, "across": 1 + 2 * len(layout.funds.rows)}[config.funds_layout]
        if len(config.funds_widths) != need:
            raise table.fail("funds_widths", f'funds_layout = "{config.funds_layout}" 时应有 {need} 个列宽')
    if (config.funds_layout == "paired") != (layout.midterm_funds is not None):
        raise table.fail("funds_layout", '有 [midterm_funds] 段的版式应为 "paired"，其他版式不能用 "paired"')
    if (config.goal_layout == "paired") != layout.has_midterm:
        raise table.fail("goal_layout", '有中期目标的版式应为 "paired"（总体目标与年度目标并排），其他版式不能用')
