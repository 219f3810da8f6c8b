"""Indicators grouped under the categories of their layout's frame.

Frames are data (resources/frames/*.toml, or a `[frame]` table inside a layout file), loaded and checked by
templates/frames.py. `group_by_frame` is the one way indicators are grouped under their categories: the tree
editor, the PDF, the Excel sheet and the checks all use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.domain.model import Indicator
from desktop.templates.frames import Frame


@dataclass(frozen=True)
class IndicatorGroup:
    """The 三级 rows under one 二级: `rows` are (index in the project's indicator list, indicator) in the clerk's
    order. `level2` is the frame's name for a category of the frame (`in_frame`), else the name the rows carry."""

    level1: str
    level2: str
    in_frame: bool
    rows: tuple[tuple[int, Indicator], ...]

    @property
    def label(self) -> str:
        """The 二级 name to print: the clerk's own spelling of the category (an alias) when rows have one."""
        if self.rows and self.rows[0][1].level2:
            return self.rows[0][1].level2
        return self.level2


@dataclass(frozen=True)
class Level1Group:
    """A 一级 with its 二级 groups: the frame's categories in frame order, then names outside the frame."""

    level1: str
    in_frame: bool
    groups: tuple[IndicatorGroup, ...]


def group_by_frame(frame: Frame, indicators: Sequence[Indicator], *, with_empty: bool) -> list[Level1Group]:
    """Indicators grouped by 一级 then 二级, in frame order; no row is ever dropped.

    A row whose 二级 is in the frame under its 一级 (by name or alias) joins that category. Rows with a 二级 the
    frame does not have under their 一级 follow the frame's categories of that 一级, grouped by name in the order
    first seen; rows with a 一级 outside the frame come last the same way. With `with_empty`, every category of the
    frame appears even without rows (the tree shows them all; some layouts print them); otherwise only filled ones.
    """
    own: dict[tuple[str, str], list[tuple[int, Indicator]]] = {}
    stray: dict[tuple[str, str], list[tuple[int, Indicator]]] = {}
    for index, indicator in enumerate(indicators):
        l1 = frame.level1(indicator.level1)
        l2 = l1.level2(indicator.level2) if l1 is not None else None
        if l1 is not None and l2 is not None:
            own.setdefault((l1.name, l2.name), []).append((index, indicator))
        else:
            stray.setdefault((indicator.level1 or "", indicator.level2 or ""), []).append((index, indicator))
    out: list[Level1Group] = []
    for l1 in frame.level1s:
        groups = [
            IndicatorGroup(l1.name, l2.name, True, tuple(own.get((l1.name, l2.name), ())))
            for l2 in l1.level2s
            if with_empty or (l1.name, l2.name) in own
        ]
        groups += [IndicatorGroup(k[0], k[1], False, tuple(rows)) for k, rows in stray.items() if k[0] == l1.name]
        if groups or with_empty:
            out.append(Level1Group(l1.name, True, tuple(groups)))
    outside: dict[str, list[IndicatorGroup]] = {}
    for (level1, level2), rows in stray.items():
        if frame.level1(level1) is None:
            outside.setdefault(level1, []).append(IndicatorGroup(level1, level2, False, tuple(rows)))
    out += [Level1Group(level1, False, tuple(groups)) for level1, groups in outside.items()]
    return out
