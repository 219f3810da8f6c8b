"""Text imports: the indicator table (一级 | 二级 | 三级 | 指标值 … as the layout's columns say).

Merged cells arrive as empty cells: an empty 一级 or 二级 inherits the one above, and a 二级 printed without its
一级 tells its 一级 through the frame (成本指标 lands under 产出指标 in the 2020 frame, a 成本指标 printed as a 二级 in
the 2021 frame becomes the 一级 the frame makes it); a 一级 and 二级 printed side by side as another known frame
pairs them (an Anhui form filled in the 2021 frame) are read as printed, and the notes say so. Category cells are
recognised by name, not position, because extraction shifts cells left and right; the remaining cells go to the
layout's other columns (三级, 描述, 指标值, 依据, 中长期指标值) by count and position. A row split by a page
break — a row with no category that completes the previous indicator (its value, a wrapped 三级 name, a basis
continued after the repeated header row) — is joined to that indicator; a row with text only under the category
columns (a remark under the table) is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import combinations

from desktop.domain.model import Indicator
from desktop.io.importing import UnplacedLine
from desktop.io.text.categories import Placement, place_rows
from desktop.io.text.columns import SLOT_KEYS, ColumnMap, is_header_row
from desktop.io.text.labels import Kind, LabelBook
from desktop.io.text.lines import Row, fits, is_artefact, is_enumerated, join_pieces, join_wrapped, label_key
from desktop.io.text.preamble import preamble_kind
from desktop.templates.frames import Frame, known_frames

Cell = tuple[int, str]
# Sheets exported from the budget system print a value's comparator and unit in columns of their own.
_UNIT_HEADINGS = frozenset({"计量单位", "度量单位", "单位"})
_COMPARATOR = re.compile(r"^(?:[≥≤＞＜＝><=≧≦]{1,2}|定性|定量)$")  # 定性: no comparator, the value is words


@dataclass
class _Draft:
    level1: str | None
    level2: str | None
    line_no: int
    seq: int = 0
    labelled: bool = False
    names_level1: bool = False
    text: str = ""
    name: str | None = None
    value: str | None = None
    midterm_value: str | None = None
    description: str | None = None
    basis: str | None = None
    midterm_name: str | None = None

    def indicator(self) -> Indicator:
        return Indicator(
            level1=self.level1 or "",
            level2=self.level2,
            name=self.name,
            value=self.value,
            midterm_value=self.midterm_value,
            description=self.description,
            basis=self.basis,
            midterm_name=self.midterm_name,
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
        self.others = tuple(other for other in known_frames() if other.id != frame.id)
        self.foreign: dict[str, Frame] = {}  # category names known only to another frame, for the notes
        self.seq = 0  # rows placed so far (indicators and empty 二级 rows), to measure distances between them
        self.barriers: list[int] = []  # the empty 二级 rows: a block never extends across one
        self.guesses: list[tuple[int, int, str]] = []  # (indicator index, line, why) of rows placed by a guess
        self._finished = False

    def indicators(self) -> list[Indicator]:
        """The indicators read, in printed order (rows whose category was left to a guess are in `guesses`)."""
        self._finish()
        return [d.indicator() for d in self.drafts]

    def _finish(self) -> None:
        """Place the rows the table left without their own 二级 (labels printed mid-block); reject rows that no
        category can be given to."""
        if self._finished:
            return
        self._finished = True
        if not self.paste:
            items = [
                Placement(d.seq, d.level1, d.level2, d.labelled, f"{d.name or ''} {d.value or ''}", d.names_level1)
                for d in self.drafts
            ]
            reasons: dict[int, str] = {}
            for move in place_rows(items, self.barriers, self.frame):
                draft = self.drafts[move.index]
                draft.level1, draft.level2 = move.level1, move.level2
                reasons[move.index] = move.reason
            kept: list[_Draft] = []
            for index, draft in enumerate(self.drafts):
                if draft.level1 is None:
                    self.unplaced.append(UnplacedLine(draft.line_no, draft.text, "指标行上方没有一级指标"))
                    continue
                if index in reasons:
                    self.guesses.append((len(kept), draft.line_no, reasons[index]))
                kept.append(draft)
            self.drafts = kept

    def frame_notes(self) -> list[str]:
        """One note per category printed that belongs to another frame than the layout's."""
        return [
            f"指标类别“{key}”属于{frame.name}，本版式用的是{self.frame.name}；已按表上所印导入，请核对一级/二级指标"
            for key, frame in self.foreign.items()
        ]

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
        if not self.paste and preamble_kind(row, self.book) is not None:
            return  # a page break's page number, running title or year, also when copied with empty cells
        if not row.tabbed and not self.paste:
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
            keys = [k for k in SLOT_KEYS if getattr(self.last, k)]
            key = max(keys, key=self._slot_position) if keys else "name"
            if not fits(getattr(self.last, key), text):
                self.reject(row, "续行过多，单元格内容过长，未再接续")
                return
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
            is_l1, is_l2 = self._classify(key)
            unknown = (
                not (is_l1 or is_l2) and key.endswith("指标") and len(key) <= 16 and pos in (level1_col, level2_col)
            )
            nothing_yet = out.level1 is None and out.level2 is None
            following = cells[index + 1][1] if index + 1 < len(cells) else ""
            if nothing_yet and self._printed_pair(key, label_key(following)):
                # 一级 and 二级 printed side by side as some frame pairs them (`成本指标 | 经济成本指标` in a
                # layout of the 2020 frame): read as printed; validation says what does not fit the layout.
                out.level1 = (pos, text)
            elif is_l1 and is_l2:
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

    def _classify(self, key: str) -> tuple[bool, bool]:
        """Whether a cell names a 一级 and/or a 二级: by the layout's frame, else by another known frame."""
        for frame in (self.frame, *self.others):
            is_l1 = frame.level1(key) is not None
            is_l2 = frame.level1_of(key) is not None or frame.level1_of(key + "指标") is not None
            if is_l1 or is_l2:
                if frame is not self.frame:
                    self.foreign.setdefault(key, frame)
                return is_l1, is_l2
        return False, False

    def _printed_pair(self, key: str, following: str) -> bool:
        for frame in (self.frame, *self.others):
            level1 = frame.level1(key)
            if level1 is not None and (level1.level2(following) or level1.level2(following + "指标")):
                return True
        return False

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
        if self._only_in_category_columns(split):
            self.reject(row, "不是指标行：文字只在一级/二级指标栏，且不是指标类别")
            return
        prefix = suffix = ""
        if self.columns.extra and len(split.free) > len(self.columns.slots):
            split.free, prefix, suffix = self._drop_extra(row, split.free, shift)
        assigned = _assign(split.free, self.columns.slots, shift)
        if assigned.get("value") and (prefix or suffix):
            assigned["value"] = f"{prefix}{assigned['value']}{suffix}"
        self._place(row, split, assigned)

    def _only_in_category_columns(self, split: _Split) -> bool:
        """True for a row naming no category whose text all sits left of the 三级 column (under 绩效指标, 一级 or
        二级): a remark printed below the table (`财政部门审核意见 同意`), not an indicator."""
        if self.paste or split.level1 is not None or split.level2 is not None or not split.free:
            return False
        first_slot = min((pos for _, pos in self.columns.slots), default=None)
        if first_slot is None or self.columns.level2 is None or first_slot <= self.columns.level2:
            return False
        return all(pos < first_slot for pos, _ in split.free)

    def _drop_extra(self, row: Row, free: list[Cell], shift: int) -> tuple[list[Cell], str, str]:
        """Cells under a heading the layout has no column for are left out, and the notes say so once; a comparator
        (`≥`) or a unit (计量单位 column) that the sheet prints apart from its 指标值 is returned to be joined to it."""
        extra = dict(self.columns.extra)
        kept = []
        prefix = suffix = ""
        for pos, text in free:
            label = extra.get(pos - shift)
            if label is None:
                kept.append((pos, text))
                continue
            if label_key(label) in _UNIT_HEADINGS or _COMPARATOR.match(text):
                if label_key(label) in _UNIT_HEADINGS:
                    suffix = text
                elif text not in ("定性", "定量"):
                    prefix = text
                joined = f"指标表中“{label}”列的符号或单位已并入指标值（第 {row.line_no} 行起）"
                if not any(n.startswith(f"指标表中“{label}”列") for n in self.notes):
                    self.notes.append(joined)
                continue
            note = f"指标表中的“{label}”列不在本版式中，该列内容未导入（第 {row.line_no} 行起）"
            if not any(n.startswith(f"指标表中的“{label}”列") for n in self.notes):
                self.notes.append(note)
        return kept, prefix, suffix

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
        if not right_cells and self._only_in_category_columns(left):
            self.reject(row, "不是指标行：文字只在一级/二级指标栏，且不是指标类别")
            return
        shift = _shift(left, columns)
        assigned = _assign(left.free, columns.slots, shift)
        annual = _assign(right.free, columns.right_slots, shift)
        if "name" in assigned and "name" in annual and label_key(assigned["name"]) != label_key(annual["name"]):
            self.notes.append(
                f"第 {row.line_no} 行：中长期三级指标“{assigned['name']}”与本年度“{annual['name']}”不同，"
                "两个名称都已保留"
            )
            assigned["midterm_name"] = assigned["name"]
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
                self.seq += 1
                if split.level2 is not None:
                    self.barriers.append(self.seq)
            return
        if not has_category and self.last is not None and not self.paste and self._continues(assigned):
            last = self.last
            if not all(fits(getattr(last, key), text) for key, text in assigned.items()):
                self.reject(row, "续行过多，单元格内容过长，未再接续")
                return
            for key, text in assigned.items():
                setattr(last, key, join_wrapped(getattr(last, key) or "", text))
            return
        self.seq += 1
        # A row before any 一级 (a label printed mid-block further down) is kept for `_finish` to place or reject.
        draft = _Draft(
            level1=self.level1 if self.level1 is not None or not self.paste else "",
            level2=self.level2,
            line_no=row.line_no,
            seq=self.seq,
            labelled=self.level2 is not None and (split.level2 is not None or self._single_level2(split)),
            names_level1=split.level1 is not None and not split.moved,
            text=row.text,
        )
        for key, text in assigned.items():
            setattr(draft, key, text)
        self.drafts.append(draft)
        self.last = draft

    def _single_level2(self, split: _Split) -> bool:
        """True when the row names a 一级 that has only one 二级 (满意度指标): the row names its 二级 too."""
        if split.level1 is None:
            return False
        level1 = self.frame.level1(label_key(split.level1[1]))
        return level1 is not None and len(level1.level2s) == 1

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
    pieces: dict[str, list[str]] = {}
    previous = 0
    for pos, text in free:
        slot = min(range(previous, m), key=lambda j: (abs(pos - slots[j][1] - shift), j))
        pieces.setdefault(slots[slot][0], []).append(text)
        previous = slot
    return {key: join_pieces(texts) for key, texts in pieces.items()}
