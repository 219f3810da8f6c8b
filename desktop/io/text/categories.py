"""Text imports: 一级/二级 labels as real documents print them — split over two lines, or in the middle of their block.

A merged category cell is printed once, and text extraction puts it where the printed text happens to be:

- a long label wraps inside its cell and arrives as two pieces on consecutive rows (`社会效益` on one row, `指标` on
  the next); `join_split_labels` puts the pieces together before the rows are read;
- a label centred vertically in a merged cell arrives on the middle row of its block, so the rows above it carry no
  label at all (or the label of the block before). `MidBlock` finds such tables (an indicator row before any 二级 of
  its 一级) and gives every unlabelled row the label nearest to it; each row whose 二级 changed that way is a guess,
  reported with its reason so that the clerk checks those rows and no others.

A row printed without any 二级 in a table whose labels are at the top of their blocks keeps the category above it;
when the 一级 above it has several 二级, the 三级 name and value may tell which one (`资助参保人数` → 数量指标) — a
guess, reported too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from desktop.io.text.lines import Row, label_key
from desktop.templates.frames import Frame, known_frames


def _category_names() -> tuple[str, ...]:
    names: set[str] = set()
    for frame in known_frames():
        for level1 in frame.level1s:
            names.add(level1.name)
            for level2 in level1.level2s:
                names.add(level2.name)
                names.update(level2.aliases)
    return tuple(sorted(names, key=len, reverse=True))


_NAMES = _category_names()


def _completion(first: str, second: str) -> str | None:
    """The category name `first` + `second` spell, when `first` alone is only the beginning of it."""
    head, tail = label_key(first), label_key(second)
    if len(head) < 2 or not tail:
        return None
    for name in _NAMES:
        if name != head and name.startswith(head) and name == head + tail:
            return name
    return None


def join_split_labels(rows: Sequence[Row], columns: Iterable[int]) -> list[Row]:
    """`rows` with every category label split over two consecutive rows (`社会效益` / `指标`, `产出` / `指标`,
    `服务对象满意` / `度指标`) joined on the first row and removed from the second.

    `columns` are the positions of the 一级/二级 columns; a piece one column off is also looked for, as extraction
    shifts cells.
    """
    wanted: set[int] = set()
    for col in columns:
        wanted.update((col - 1, col, col + 1))
    out = list(rows)
    for i, row in enumerate(out):
        following = next((k for k in range(i + 1, len(out)) if not out[k].is_blank()), None)
        if following is None:
            break
        for pos, cell in row.filled():
            if pos not in wanted:
                continue
            nxt = out[following]
            for near in (pos, pos - 1, pos + 1):
                if near < 0 or near >= len(nxt.cells) or not nxt.cells[near]:
                    continue
                name = _completion(cell, nxt.cells[near])
                if name is None:
                    continue
                out[i] = _with_cell(out[i], pos, name)
                out[following] = _with_cell(nxt, near, "")
                break
    return out


def _with_cell(row: Row, pos: int, text: str) -> Row:
    cells = list(row.cells)
    raw = list(row.raw)
    cells[pos] = text
    raw[pos] = text
    return replace(row, cells=tuple(cells), raw=tuple(raw))


# Words of a 三级 name or its value that point to one 二级 (used only to choose between candidates the table allows).
_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("满意度指标", re.compile(r"满意")),
    ("时效指标", re.compile(r"时间|及时|时限|期限|进度|[0-9一二三四五六七八九十]+月(?:底|末|前)|日前|年底前")),
    ("成本指标", re.compile(r"成本|[0-9.]+\s*万?元(?:/|$)|费用|资金(?:金额|支出|规模)")),
    ("经济成本指标", re.compile(r"成本|[0-9.]+\s*万?元(?:/|$)|费用|资金(?:金额|支出|规模)")),
    ("质量指标", re.compile(r"率|合格|质量|准确|达标")),
    ("数量指标", re.compile(r"人数|人次|户数|次数|数量|个数|家数|场次|份数|[0-9]\s*(?:人|次|户|家|个|场|份|项|期)$")),
    ("可持续影响指标", re.compile(r"可持续|长期|长效|持续")),
    ("生态效益指标", re.compile(r"生态|环境|节能|绿色")),
    ("经济效益指标", re.compile(r"经济效益|收入|增收|节约")),
    ("社会效益指标", re.compile(r"社会|群众|负担|保障|提升|改善|知晓")),
)


def hinted_level2(text: str, candidates: Sequence[str]) -> str | None:
    """The one candidate 二级 the words of `text` (a 三级 name and value) point to, or None."""
    wanted = {label_key(c) for c in candidates}
    for level2, pattern in _HINTS:
        if level2 in wanted and pattern.search(text):
            return next(c for c in candidates if label_key(c) == level2)
    return None


@dataclass
class Placement:
    """One indicator row as read: its place in the table, its categories, and whether its own row named the 二级."""

    seq: int
    level1: str | None
    level2: str | None
    labelled: bool
    words: str
    names_level1: bool = False  # the row printed the 一级 label


@dataclass(frozen=True)
class Moved:
    """An indicator given another category than the row above it had, and why."""

    index: int
    level1: str
    level2: str | None
    reason: str


def _nearest(items: Sequence[Placement], barriers: Sequence[int], index: int) -> list[Placement]:
    """The closest labelled rows before and after items[index] that no empty 二级 row separates from it."""
    me = items[index]
    found: list[Placement] = []
    for step in (-1, 1):
        k = index + step
        while 0 <= k < len(items):
            other = items[k]
            low, high = sorted((me.seq, other.seq))
            if any(low < b < high for b in barriers):
                break
            if other.labelled:
                found.append(other)
                break
            k += step
    return found


def mid_block(items: Sequence[Placement], frame: Frame) -> bool:
    """True when the table prints its 二级 labels mid-block: an indicator row comes before any 二级 of its 一级
    (or before any 一级 at all) while a labelled row follows, or a 一级 printed once, below the first row of its
    group."""
    start = 0
    while start < len(items):
        end = start
        while end + 1 < len(items) and items[end + 1].level1 == items[start].level1:
            end += 1
        printed = [k for k in range(start, end + 1) if items[k].names_level1]
        if len(printed) == 1 and printed[0] != start:
            return True
        start = end + 1
    for i, item in enumerate(items):
        if item.labelled or item.level2 is not None:
            continue
        following = next((later for later in items[i + 1 :] if later.labelled), None)
        if following is None:
            continue
        if item.level1 is None:
            return True
        level1 = frame.level1(label_key(item.level1))
        # A 一级 printed without any 二级 on a top-aligned form is followed by another 一级, not by its own 二级.
        if (level1 is None or len(level1.level2s) > 1) and following.level1 == item.level1:
            return True
    return False


def place_rows(items: Sequence[Placement], barriers: Sequence[int], frame: Frame) -> list[Moved]:
    """The rows whose categories the table's printing leaves to a guess, with the category chosen and why."""
    moved: list[Moved] = []
    centred = mid_block(items, frame)
    for i, item in enumerate(items):
        if item.labelled:
            continue
        if centred:
            near = _nearest(items, barriers, i)
            if not near:
                continue
            distances = [abs(n.seq - item.seq) for n in near]
            best = [n for n, d in zip(near, distances, strict=True) if d == min(distances)]
            choice = best[0]
            why = f"二级指标印在合并单元格中部，此行按最近的“{choice.level2 or choice.level1}”归入"
            if len(best) > 1:
                hinted = hinted_level2(item.words, [n.level2 or "" for n in best])
                if hinted is not None:
                    choice = next(n for n in best if n.level2 == hinted)
                    why = f"此行上下两个二级指标距离相同，按三级指标名称归入“{hinted}”"
                else:
                    why = f"此行上下两个二级指标距离相同，暂归入上方的“{choice.level2 or choice.level1}”"
            if (choice.level1, choice.level2) != (item.level1, item.level2) or len(best) > 1:
                moved.append(Moved(i, choice.level1 or "", choice.level2, why))
            continue
        level1 = frame.level1(label_key(item.level1 or ""))
        if item.level2 is None and level1 is not None and len(level1.level2s) > 1:
            hinted = hinted_level2(item.words, [l2.name for l2 in level1.level2s])
            if hinted is not None:
                why = f"表上此行没有二级指标，按三级指标名称推测为“{hinted}”"
                moved.append(Moved(i, item.level1 or "", hinted, why))
    return moved
