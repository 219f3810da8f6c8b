"""Text imports: where the indicator table's columns are, from its heading row, the layout, or the paste width.

A heading cell is a column label as any layout prints it, also with an explanation in brackets
(`指标值（包含数字及文字描述）`); a second 二级指标 heading starts the mid-term layout's annual half. Headings the
layout has no column for (指标性质, 计量单位 …) are remembered so that their cells can be left out and noted.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.io.text.labels import Kind, LabelBook
from desktop.io.text.lines import Row
from desktop.templates.layouts import Layout

SLOT_KEYS = ("name", "value", "midterm_value", "description", "basis", "midterm_name")


@dataclass(frozen=True)
class ColumnMap:
    """Where the indicator columns sit in a row (from the table's heading row, or the layout's columns)."""

    level1: int | None
    level2: int | None
    slots: tuple[tuple[str, int], ...]
    split: int | None = None
    right_level2: int | None = None
    right_slots: tuple[tuple[str, int], ...] = ()
    extra: tuple[tuple[int, str], ...] = ()  # headed columns the layout does not have (指标性质, 计量单位 …)

    def has_value(self) -> bool:
        """True when some column holds a 指标值 (so a row without one may be a continuation)."""
        return any(k in ("value", "midterm_value") for k, _ in self.slots + self.right_slots)


def is_header_row(row: Row, book: LabelBook) -> bool:
    """True for the indicator table's heading row (一级指标 | 二级指标 | 三级指标 …), also repeated on a new page."""
    keys = set()
    for pos, cell in row.filled():
        hit = book.match(row.raw[pos], cell)
        if hit is not None and hit.spec.kind is Kind.COLUMN and hit.value is None:
            keys.add(hit.spec.key)
    return len(keys & {"level1", "level2", "name"}) >= 2


def column_map_from_header(row: Row, book: LabelBook) -> ColumnMap:
    """The column positions named by a heading row; a second 二级指标 starts the annual half (mid-term layout)."""
    level1 = level2 = split = right_level2 = None
    slots: list[tuple[str, int]] = []
    right: list[tuple[str, int]] = []
    extra: list[tuple[int, str]] = []
    for pos, cell in row.filled():
        hit = book.match(row.raw[pos], cell)
        if hit is None:
            extra.append((pos, cell))
        if hit is None or hit.spec.kind is not Kind.COLUMN:
            continue
        key = hit.spec.key
        if key == "level1" and level1 is None:
            level1 = pos
        elif key == "level2":
            if level2 is None:
                level2 = pos
            elif split is None:
                split = right_level2 = pos
        elif key in SLOT_KEYS:
            (right if split is not None else slots).append((key, pos))
    if split is not None and not any(k == "midterm_value" for k, _ in slots):
        # Both halves headed plain 指标值: the left one is the mid-term value.
        slots = [("midterm_value" if k == "value" else k, p) for k, p in slots]
    if split is not None and not any(k == "value" for k, _ in right):
        right.append(("value", max((p for _, p in right), default=split) + 1))
    return ColumnMap(level1, level2, tuple(slots), split, right_level2, tuple(right), tuple(extra))


def default_column_map(layout: Layout) -> ColumnMap:
    """Column positions as the layout prints them, when a form's heading row is missing."""
    offset = 1 if layout.indicators_label else 0
    return _map_from_keys(["name" if c.key == "midterm_name" else c.key for c in layout.columns], offset)


def _map_from_keys(keys: list[str], offset: int = 0) -> ColumnMap:
    level1 = level2 = split = None
    slots: list[tuple[str, int]] = []
    right: list[tuple[str, int]] = []
    for i, key in enumerate(keys):
        pos = i + offset
        if key == "level1":
            level1 = pos
        elif key == "level2":
            if level2 is None:
                level2 = pos
            else:
                split = pos
        else:
            (right if split is not None else slots).append((key, pos))
    return ColumnMap(level1, level2, tuple(slots), split, split, tuple(right))


def paste_column_map(rows: list[Row]) -> ColumnMap:
    """Columns of rows copied from a sheet without their heading row, by how many columns were copied."""
    width = max((max((p for p, _ in r.filled()), default=-1) + 1 for r in rows), default=0)
    leading_empty = width > 1 and all(not r.cells[0] or r.cells[0] == "绩效指标" for r in rows if r.filled())
    by_width: dict[int, list[str]] = {
        1: ["name"],
        2: ["name", "value"],
        3: ["level2", "name", "value"],
        4: ["level1", "level2", "name", "value"],
        5: ["level1", "level2", "name", "description", "value"],
        6: ["level1", "level2", "name", "description", "value", "basis"],
        7: ["level1", "level2", "name", "midterm_value", "level2", "name", "value"],
    }
    if leading_empty and width - 1 in by_width:
        return _map_from_keys(by_width[width - 1], 1)
    return _map_from_keys(by_width[min(max(width, 1), 7)])
