"""Text imports: the indicator table (一级 | 二级 | 三级 | 指标值 … as the layout's columns say).

Merged cells arrive as empty cells: an empty 一级 or 二级 inherits the one above, and a 二级 printed without its
一级 tells its 一级 through the frame (成本指标 lands under 产出指标 in the 2020 frame, a 成本指标 printed as a 二级 in
the 2021 frame becomes the 一级 the frame makes it). Category cells are recognised by name, not position, because
extraction shifts cells left and right; the remaining cells go to the layout's other columns (三级, 描述, 指标值,
依据, 中长期指标值) by count and position. A row split by a page break — a row with no category that completes the
previous indicator (its value, a wrapped 三级 name, a basis continued after the repeated header row) — is joined
to that indicator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from desktop.domain.frames import Frame
from desktop.domain.model import Indicator
from desktop.io.importing import UnplacedLine
from desktop.io.text_header import preamble_kind
from desktop.io.text_labels import Kind, LabelBook
from desktop.io.text_lines import Row, is_artefact, is_enumerated, join_wrapped, label_key
from desktop.templates.layouts import Layout

Cell = tuple[int, str]
_SLOT_KEYS = ("name", "value", "midterm_value", "description", "basis")


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
        elif key in _SLOT_KEYS:
            (right if split is not None else slots).append((key, pos))
    if split is not None and not any(k == "value" for k, _ in right):
        right.append(("value", max((p for _, p in right), default=split) + 1))
    return ColumnMap(level1, level2, tuple(slots), split, right_level2, tuple(right), tuple(extra))


def default_column_map(layout: Layout) -> ColumnMap:
    """Column positions as the layout prints them, when a form's heading row is missing."""
    offset = 1 if layout.indicators_label else 0
    return _map_from_keys([c.key for c in layout.columns], offset)


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


@dataclass
class _Draft:
    level1: str
    level2: str | None
    line_no: int
    name: str | None = None
    value: str | None = None
    midterm_value: str | None = None
    description: str | None = None
    basis: str | None = None

    def indicator(self) -> Indicator:
        return Indicator(
            level1=self.level1,
            level2=self.level2,
            name=self.name,
            value=self.value,
            midterm_value=self.midterm_value,
            description=self.description,
            basis=self.basis,
        )


@dataclass
class _Split:
    level1: Cell | None = None
    level2: Cell | None = None
    free: list[Cell] = field(default_factory=list)
    moved: bool = False  # a 一级 name printed in the 二级 column


class IndicatorReader:
    """Reads the rows of one indicator table, carrying merged 一级/二级 cells down.

    `paste` is for rows copied from a sheet (Ctrl+V): every row is its own indicator (no page-break joining),
    and rows naming no category keep level1 "" and level2 None for the caller to place.
    """

    def __init__(self, frame: Frame, columns: ColumnMap, book: LabelBook, *, paste: bool = False) -> None:
        self.frame = frame
        self.columns = columns
        self.book = book
        self.paste = paste
        self.level1: str | None = None
        self.level2: str | None = None
        self.drafts: list[_Draft] = []
        self.last: _Draft | None = None
        self.unplaced: list[UnplacedLine] = []
        self.notes: list[str] = []

    def indicators(self) -> list[Indicator]:
        """The indicators read, in printed order."""
        return [d.indicator() for d in self.drafts]

    def reject(self, row: Row, reason: str) -> None:
        """Report a row that could not be placed."""
        self.unplaced.append(UnplacedLine(row.line_no, row.text, reason))

    def feed(self, row: Row) -> None:
        """Read one row of the table."""
        if row.is_blank() or is_header_row(row, self.book):
            return
        filled = row.filled()
        if all(self._is_label(row, pos, cell) for pos, cell in filled):
            return
        if all(is_artefact(cell) for _, cell in filled):
            self.reject(row, "只有省略号等符号，没有内容")
            return
        filled = [(p, c) for p, c in filled if not is_artefact(c) and not self._is_label(row, p, c)]
        if not filled:
            return
        if not row.tabbed and not self.paste:
            if preamble_kind(row, self.book) is None:
                self._feed_line(row, filled[0][1])
            return
        if self.columns.split is None:
            self._feed_cells(row, filled)
        else:
            self._feed_halves(row, filled)

    def _is_label(self, row: Row, pos: int, cell: str) -> bool:
        hit = self.book.match(row.raw[pos], cell)
        return hit is not None and hit.spec.kind in (Kind.INDICATORS, Kind.SIGNATURE, Kind.FILLER)

    def _feed_line(self, row: Row, text: str) -> None:
        """A line without cells: a cell continued after a line break, or something that fits nowhere."""
        if self.last is not None and not is_enumerated(text) and len(text) <= 80:
            keys = [k for k in _SLOT_KEYS if getattr(self.last, k)]
            key = max(keys, key=self._slot_position) if keys else "name"
            setattr(self.last, key, join_wrapped(getattr(self.last, key) or "", text))
            return
        self.reject(row, "不在指标表的任何一格中")

    def _slot_position(self, key: str) -> int:
        for slot_key, pos in self.columns.slots + self.columns.right_slots:
            if slot_key == key:
                return pos
        return -1

    def _categories(self, cells: list[Cell], level1_col: int | None, level2_col: int | None) -> _Split:
        """Split a row's cells into its 一级 and 二级 cells (recognised by name) and the rest."""
        out = _Split()
        for index, (pos, text) in enumerate(cells):
            if out.free:
                out.free.append((pos, text))
                continue
            key = label_key(text)
            is_l1 = self.frame.level1(key) is not None
            is_l2 = self.frame.level1_of(key) is not None or self.frame.level1_of(key + "指标") is not None
            unknown = (
                not (is_l1 or is_l2) and key.endswith("指标") and len(key) <= 16 and pos in (level1_col, level2_col)
            )
            nothing_yet = out.level1 is None and out.level2 is None
            if is_l1 and is_l2:
                following = cells[index + 1][1] if index + 1 < len(cells) else ""
                if nothing_yet and (self._is_category(following) or (level1_col is not None and pos <= level1_col)):
                    out.level1 = (pos, text)
                elif out.level2 is None:
                    out.level2 = (pos, text)
                else:
                    out.free.append((pos, text))
            elif is_l1:
                if nothing_yet:
                    out.level1 = (pos, text)
                elif out.level2 is None:
                    out.level1, out.moved = (pos, text), True
                else:
                    out.free.append((pos, text))
            elif (is_l2 or unknown) and out.level2 is None:
                if unknown and nothing_yet and pos == level1_col:
                    out.level1 = (pos, text)
                else:
                    out.level2 = (pos, text)
            else:
                out.free.append((pos, text))
        return out

    def _is_category(self, text: str) -> bool:
        key = label_key(text)
        return self.frame.level1(key) is not None or self.frame.level1_of(key) is not None

    def _apply_categories(self, split: _Split) -> None:
        if split.level1 is not None:
            name = split.level1[1]
            if name != self.level1 or split.moved:
                self.level1, self.level2 = name, None
                level1 = self.frame.level1(label_key(name))
                if split.level2 is None and level1 is not None and len(level1.level2s) == 1 and not split.moved:
                    self.level2 = level1.level2s[0].name
        if split.level2 is not None:
            name = split.level2[1]
            self.level2 = name
            if split.level1 is None and not (self.level1 and self.frame.belongs(self.level1, name)):
                owner = self.frame.level1_of(label_key(name)) or self.frame.level1_of(label_key(name) + "指标")
                if owner is not None:
                    self.level1 = owner.name

    def _feed_cells(self, row: Row, filled: list[Cell]) -> None:
        split = self._categories(filled, self.columns.level1, self.columns.level2)
        shift = _shift(split, self.columns)
        if self.columns.extra and len(split.free) > len(self.columns.slots):
            split.free = self._drop_extra(row, split.free, shift)
        assigned = _assign(split.free, self.columns.slots, shift)
        self._place(row, split, assigned)

    def _drop_extra(self, row: Row, free: list[Cell], shift: int) -> list[Cell]:
        """Cells under a heading the layout has no column for are left out, and the notes say so once."""
        extra = dict(self.columns.extra)
        kept = []
        for pos, text in free:
            label = extra.get(pos - shift)
            if label is None:
                kept.append((pos, text))
                continue
            note = f"指标表中的“{label}”列不在本版式中，该列内容未导入（第 {row.line_no} 行起）"
            if not any(n.startswith(f"指标表中的“{label}”列") for n in self.notes):
                self.notes.append(note)
        return kept

    def _feed_halves(self, row: Row, filled: list[Cell]) -> None:
        """Mid-term layout: the 中长期 half (一级 二级 三级 中长期值) beside the 本年度 half (二级 三级 值)."""
        columns = self.columns
        assert columns.split is not None
        first = self._categories(filled, columns.level1, columns.level2)
        cut = columns.split + _shift(first, columns)
        left_cells = [c for c in filled if c[0] < cut]
        right_cells = [c for c in filled if c[0] >= cut]
        left = self._categories(left_cells, columns.level1, columns.level2)
        right = self._categories(right_cells, None, columns.right_level2)
        shift = _shift(left, columns)
        assigned = _assign(left.free, columns.slots, shift)
        annual = _assign(right.free, columns.right_slots, shift)
        if "name" in assigned and "name" in annual and label_key(assigned["name"]) != label_key(annual["name"]):
            self.notes.append(
                f"第 {row.line_no} 行：中长期三级指标“{assigned['name']}”与本年度“{annual['name']}”不同，已取本年度名称"
            )
        assigned.update({k: v for k, v in annual.items() if v})
        if left.level2 is None and right.level2 is not None:
            left.level2 = right.level2
        self._place(row, left, assigned)

    def _place(self, row: Row, split: _Split, assigned: dict[str, str]) -> None:
        has_category = split.level1 is not None or split.level2 is not None
        self._apply_categories(split)
        if not assigned:
            if has_category:
                self.last = None  # an empty 二级 row the layout prints: not an indicator
            return
        if not has_category and self.last is not None and not self.paste and self._continues(assigned):
            for key, text in assigned.items():
                setattr(self.last, key, join_wrapped(getattr(self.last, key) or "", text))
            return
        if self.level1 is None and not self.paste:
            self.reject(row, "指标行上方没有一级指标")
            return
        draft = _Draft(level1=self.level1 or "", level2=self.level2, line_no=row.line_no)
        for key, text in assigned.items():
            setattr(draft, key, text)
        self.drafts.append(draft)
        self.last = draft

    def _continues(self, assigned: dict[str, str]) -> bool:
        """True when a row without categories completes the previous indicator instead of starting one."""
        last = self.last
        if last is None or not self.columns.has_value():
            return False
        if last.value is None and last.midterm_value is None:
            return True
        return "name" not in assigned or set(assigned) == {"name"}


def _shift(split: _Split, columns: ColumnMap) -> int:
    """How far this row's cells sit from the heading's columns (extraction shifts whole rows)."""
    if split.level2 is not None and columns.level2 is not None and not split.moved:
        return split.level2[0] - columns.level2
    if split.level1 is not None and columns.level1 is not None:
        return split.level1[0] - columns.level1
    return 0


def _assign(free: list[Cell], slots: tuple[tuple[str, int], ...], shift: int) -> dict[str, str]:
    """Give the non-category cells to the non-category columns: in order when the counts agree, else by position."""
    if not free or not slots:
        return {}
    n, m = len(free), len(slots)
    if n == m:
        return {key: text for (key, _), (_, text) in zip(slots, free, strict=True)}
    if n < m:

        def cost(combo: tuple[int, ...]) -> tuple[int, tuple[int, ...]]:
            return sum(abs(free[i][0] - slots[j][1] - shift) for i, j in enumerate(combo)), combo

        best = min(combinations(range(m), n), key=cost)
        return {slots[j][0]: free[i][1] for i, j in enumerate(best)}
    # More cells than columns (a cell split in two): each goes to its nearest column, in order; cells that
    # share a column are joined.
    out: dict[str, str] = {}
    previous = 0
    for pos, text in free:
        slot = min(range(previous, m), key=lambda j: (abs(pos - slots[j][1] - shift), j))
        key = slots[slot][0]
        out[key] = join_wrapped(out.get(key, ""), text)
        previous = slot
    return out
