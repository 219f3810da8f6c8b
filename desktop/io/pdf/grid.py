"""A ruled table that looks like the official forms and splits across pages the way a clerk expects.

Cells are broken into lines up front (pdf_text), so every row height is known before drawing. That lets the table
split itself: the header rows repeat on the next page, and a merged cell (一级/二级 over their rows) that straddles
the page break is printed again, with its name, on the continued part. A row too tall for a whole page is split
between its lines rather than cut off.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal
from weakref import WeakKeyDictionary

from reportlab.platypus import Flowable

from desktop.io.pdf.fonts import PdfFont
from desktop.io.pdf.text import wrap_lines

Align = Literal["left", "center", "right", "auto"]
RULE_WIDTH = 0.5
_FUZZ = 1e-3


@dataclass(frozen=True)
class Cell:
    """One cell: its text, how many grid columns it covers, and a merge key.

    Cells with the same non-None `merge` key in one column of consecutive rows print as one merged cell (the text of
    the first row is shown). `auto` alignment centres a text that fits on one line and sets longer text flush left.
    """

    text: str
    span: int = 1
    align: Align = "auto"
    merge: Hashable | None = None


Row = tuple[Cell, ...]


@dataclass(frozen=True)
class GridStyle:
    """Font and spacing of one table."""

    font: PdfFont
    size: float = 10.0
    leading: float = 13.0
    pad_x: float = 3.0
    pad_y: float = 3.0
    min_height: float = 20.0


@dataclass(frozen=True)
class _Placed:
    col: int
    span: int
    width: float
    align: Align
    merge: Hashable | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Row:
    cells: tuple[_Placed, ...]
    base: float  # height needed by its own (unmerged) cells


class GridBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A table of `rows` under repeated `header` rows, with column `widths` in points.

    `page_height` is the usable height of a fresh page: a single row taller than that is split between its lines.
    `continued` is the line printed above each part after the first (`<项目名称>（续）`), so that a continued page
    says whose table it carries. In the body, an `auto` cell is set flush left when any cell of its column wraps
    and centred otherwise, so one column never mixes the two; merged category cells are always centred.
    """

    def __init__(
        self,
        widths: Sequence[float],
        rows: Sequence[Row],
        style: GridStyle,
        *,
        header: Sequence[Row] = (),
        page_height: float,
        continued: str | None = None,
        trailer: Flowable | None = None,
    ) -> None:
        super().__init__()
        self.trailer = trailer  # drawn under the last part (the signature line never stands alone on a page)
        self.widths = tuple(widths)
        self.style = style
        self.page_height = page_height
        self.continued = continued
        self.caption: str | None = None  # set on the parts after the first
        self._header = [self._place(r) for r in header]
        self._rows = _aligned([self._place(r) for r in rows])

    @classmethod
    def _from_parts(cls, base: GridBlock, header: list[_Row], rows: list[_Row], *, tail: bool = False) -> GridBlock:
        block = cls.__new__(cls)
        Flowable.__init__(block)
        block.widths, block.style, block.page_height = base.widths, base.style, base.page_height
        block.continued = base.continued
        block.caption = base.continued if tail else base.caption
        block.trailer = base.trailer if tail else None
        block._header, block._rows = header, rows
        return block

    def _caption_height(self) -> float:
        return self.style.leading * 1.5 if self.caption else 0.0

    def _trailer_height(self) -> float:
        if self.trailer is None:
            return 0.0
        _, height = self.trailer.wrap(sum(self.widths), self.page_height)
        return float(height) + float(self.trailer.getSpaceBefore())

    # -- measuring -------------------------------------------------------------------------------------------------

    def _place(self, row: Row) -> _Row:
        placed: list[_Placed] = []
        col = 0
        for cell in row:
            span = max(1, min(cell.span, len(self.widths) - col))
            width = sum(self.widths[col : col + span])
            lines = wrap_lines(cell.text, width - 2 * self.style.pad_x, self.style.font, self.style.size)
            placed.append(_Placed(col, span, width, cell.align, cell.merge, tuple(lines)))
            col += span
            if col >= len(self.widths):
                break
        if col < len(self.widths):  # a short row is closed with one empty cell so the grid stays ruled
            rest = len(self.widths) - col
            placed.append(_Placed(col, rest, sum(self.widths[col:]), "auto", None, ("",)))
        base = max([self._text_height(p.lines) for p in placed if p.merge is None] + [self.style.min_height])
        return _Row(tuple(placed), base)

    def _text_height(self, lines: Sequence[str]) -> float:
        return len(lines) * self.style.leading + 2 * self.style.pad_y

    def _groups(self, rows: Sequence[_Row]) -> list[tuple[int, int, _Placed]]:
        """Merged cells as (first row, last row, cell), each unmerged cell as a group of one."""
        groups: list[tuple[int, int, _Placed]] = []
        open_: dict[int, tuple[int, _Placed]] = {}
        for r, row in enumerate(rows):
            starts = {p.col: p for p in row.cells}
            for col in list(open_):
                first, cell = open_[col]
                nxt = starts.get(col)
                if nxt is None or nxt.merge != cell.merge or nxt.span != cell.span:
                    groups.append((first, r - 1, cell))
                    del open_[col]
            for p in row.cells:
                if p.merge is None:
                    groups.append((r, r, p))
                elif p.col not in open_:
                    open_[p.col] = (r, p)
        groups.extend((first, len(rows) - 1, cell) for first, cell in open_.values())
        return groups

    def _heights(self, rows: Sequence[_Row]) -> list[float]:
        heights = [row.base for row in rows]
        for first, last, cell in self._groups(rows):
            if cell.merge is None:
                continue
            need = self._text_height(cell.lines)
            have = sum(heights[first : last + 1])
            if have < need - _FUZZ:
                heights[last] += need - have
        return heights

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Width and height of the whole table (platypus calls split when it does not fit)."""
        self.width = sum(self.widths)
        self.height = sum(self._heights(self._header + self._rows)) + self._caption_height() + self._trailer_height()
        return self.width, self.height

    # -- splitting -------------------------------------------------------------------------------------------------

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The part that fits in `avail_height` and the rest, header repeated and merged names continued."""
        fits = 0
        avail_height -= self._caption_height()
        for k in range(1, len(self._rows) + 1):
            if sum(self._heights(self._header + self._rows[:k])) > avail_height + _FUZZ:
                break
            fits = k
        if fits == len(self._rows):
            if self._trailer_height() <= avail_height - sum(self._heights(self._header + self._rows)) + _FUZZ:
                return [self]
            fits -= 1  # the trailer does not fit: the last row goes with it to the next page
            if fits == 0:
                return []
        if fits == 0:
            return self._split_first_row(avail_height)
        head, tail = self._rows[:fits], self._rows[fits:]
        return [self._from_parts(self, self._header, head), self._from_parts(self, self._header, tail, tail=True)]

    def _split_first_row(self, avail_height: float) -> list[Flowable]:
        header_height = sum(self._heights(self._header))
        first = self._rows[0]
        if sum(self._heights([*self._header, first])) + self.style.leading * 1.5 <= self.page_height + _FUZZ:
            return []  # it fits on a fresh page: move the whole row there
        room = int((avail_height - header_height - 2 * self.style.pad_y) // self.style.leading)
        if room < 1:
            return []
        top = _Row(tuple(replace(p, lines=p.lines[:room]) for p in first.cells), 0.0)
        bottom = _Row(
            tuple(replace(p, lines=p.lines if p.merge is not None else p.lines[room:] or ("",)) for p in first.cells),
            0.0,
        )
        top = replace(top, base=max((self._text_height(p.lines) for p in top.cells if p.merge is None), default=0.0))
        bottom = replace(
            bottom, base=max((self._text_height(p.lines) for p in bottom.cells if p.merge is None), default=0.0)
        )
        return [
            self._from_parts(self, self._header, [top]),
            self._from_parts(self, self._header, [bottom, *self._rows[1:]], tail=True),
        ]

    # -- drawing ---------------------------------------------------------------------------------------------------

    def draw(self) -> None:
        """Draw rules and text; the flowable's origin is its bottom-left corner."""
        rows = self._header + self._rows
        heights = self._heights(rows)
        tops = [sum(heights[:r]) for r in range(len(rows))]
        total = sum(heights)
        xs = [sum(self.widths[:c]) for c in range(len(self.widths))]
        canvas = self.canv
        style = self.style
        lift = self._trailer_height()
        canvas.saveState()
        if self.trailer is not None:
            canvas.translate(0, lift)
        canvas.setLineWidth(RULE_WIDTH)
        # One text object for the whole block: a line costs a move and a show, not a text object of its own.
        text = canvas.beginText()
        text.setFont(style.font.name, style.size)
        if self.caption:
            text.setTextOrigin(0, total + self.style.leading * 0.5)
            _text_out(text, self.caption)
        for first, last, cell in self._groups(rows):
            x = xs[cell.col]
            y_top = total - tops[first]
            box_height = sum(heights[first : last + 1])
            canvas.rect(x, y_top - box_height, cell.width, box_height, stroke=1, fill=0)
            self._draw_text(text, cell, x, y_top, box_height)
        canvas.drawText(text)
        canvas.restoreState()
        if self.trailer is not None:
            self.trailer.drawOn(canvas, 0, 0)  # after the table, so the text reads in page order

    def _draw_text(self, text: Any, cell: _Placed, x: float, y_top: float, box_height: float) -> None:
        style = self.style
        lines = cell.lines
        if not any(lines):
            return
        text_height = len(lines) * style.leading
        # Ideographs sit between about -0.12 and 0.88 em: centre that on the middle of each line box.
        baseline = y_top - (box_height - text_height) / 2 - style.leading / 2 - 0.38 * style.size
        align = cell.align
        if align == "auto":
            align = "center" if len(lines) == 1 else "left"
        for line in lines:
            if align == "left":
                text.setTextOrigin(x + style.pad_x, baseline)
            elif align == "right":
                text.setTextOrigin(x + cell.width - style.pad_x - style.font.width(line, style.size), baseline)
            else:
                text.setTextOrigin(x + (cell.width - style.font.width(line, style.size)) / 2, baseline)
            _text_out(text, line)
            baseline -= style.leading

    def captioned(self) -> str | None:
        """The continuation line printed above this part (None on the first part)."""
        return self.caption

    def row_count(self) -> int:
        """Body rows in this part (for tests and the benchmark)."""
        return len(self._rows)


# The PDF operators of each line drawn, per document: the same labels and values recur on every form. Kept per
# document because the character codes of an embedded font's subsets are given out document by document.
_SHOWN: WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[str, Any]]] = WeakKeyDictionary()


def _text_out(text: Any, line: str) -> None:
    """`text.textOut(line)` (reportlab's TextObject): the same operators and the same state after it, the operators
    of a line already shown in this document (with the same font, size, leading and current subset) taken from
    memory. Once a document has shown a line, every character of it has its code there, so showing it again
    changes nothing but the text object's subset, remembered too."""
    canvas = text._canvas
    shown = _SHOWN.get(canvas._doc)
    if shown is None:
        shown = _SHOWN.setdefault(canvas._doc, {})
    key = (text._fontname, text._fontsize, text._leading, text._curSubset, line)
    known = shown.get(key)
    text._x = text._x + canvas.stringWidth(line, text._fontname, text._fontsize)
    if known is None:
        code = text._formatText(line)
        shown[key] = (code, text._curSubset)
    else:
        code, text._curSubset = known
    text._code.append(code)


def _aligned(rows: list[_Row]) -> list[_Row]:
    """Body rows with every `auto` cell resolved: flush left in a column where some cell wraps, else centred;
    merged cells (一级/二级 over their rows) centred."""
    wrapped = {p.col for row in rows for p in row.cells if p.align == "auto" and p.merge is None and len(p.lines) > 1}

    def resolve(p: _Placed) -> _Placed:
        if p.align != "auto":
            return p
        return replace(p, align="center" if p.merge is not None or p.col not in wrapped else "left")

    return [replace(row, cells=tuple(resolve(p) for p in row.cells)) for row in rows]
