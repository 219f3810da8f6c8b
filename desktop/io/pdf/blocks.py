"""Small text flowables around the tables: titles, the unit line, signature lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from reportlab.platypus import Flowable

from desktop.io.pdf.fonts import PdfFont
from desktop.io.pdf.text import wrap_lines, wrap_text

# The embedded fonts have no bold face: a title is drawn filled and stroked, which prints like a bold weight.
_BOLD_STROKE = 0.035


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """Wrapped text, one alignment, optionally fake-bold, with space above and below."""

    def __init__(
        self,
        text: str,
        font: PdfFont,
        size: float,
        *,
        align: Literal["left", "center", "right"] = "center",
        bold: bool = False,
        space_before: float = 0.0,
        space_after: float = 0.0,
        leading: float | None = None,
        balance: bool = False,
        max_lines: int | None = None,
    ) -> None:
        super().__init__()
        self.text, self.font, self.size, self.align, self.bold = text, font, size, align, bold
        self.balance = balance
        self.max_lines = max_lines
        self._fixed_lines: list[str] | None = None  # set on the parts of a block split across pages
        self.space_before, self.space_after = space_before, space_after
        self.leading = leading if leading is not None else size * 1.35
        self.lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Break the text to the available width."""
        self.width = avail_width
        if self._fixed_lines is not None:
            self.lines = self._fixed_lines
        else:
            self.lines = list(wrap_lines(self.text, avail_width, self.font, self.size))
            if self.max_lines is not None and len(self.lines) > self.max_lines:
                kept = self.lines[: self.max_lines]
                kept[-1] = fit_line(kept[-1] + "…", avail_width, self.font, self.size)
                self.lines = kept
            elif self.balance and len(self.lines) > 1:
                self.lines = self._balanced(avail_width, len(self.lines))
        self.height = len(self.lines) * self.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The lines that fit and the rest, so that no text, however long, is too tall for a page."""
        self.wrap(avail_width, avail_height)
        room = int((avail_height + 1e-6) // self.leading)
        if room < 1 or room >= len(self.lines):
            return []
        return [self._part(self.lines[:room], after=0.0), self._part(self.lines[room:], before=0.0)]

    def _part(self, lines: list[str], *, before: float | None = None, after: float | None = None) -> TextBlock:
        part = TextBlock(
            self.text,
            self.font,
            self.size,
            align=self.align,
            bold=self.bold,
            space_before=self.space_before if before is None else before,
            space_after=self.space_after if after is None else after,
            leading=self.leading,
        )
        part._fixed_lines = lines
        return part

    def _balanced(self, width: float, count: int) -> list[str]:
        """The narrowest wrap that still takes `count` lines, so a long title does not leave one word alone."""
        low, high = width / count, width
        best = self.lines
        for _ in range(12):
            middle = (low + high) / 2
            lines = wrap_text(self.text, middle, self.font, self.size)
            if len(lines) <= count:
                best, high = lines, middle
            else:
                low = middle
        return best

    def getSpaceBefore(self) -> float:
        """Space above, as platypus asks for it."""
        return self.space_before

    def getSpaceAfter(self) -> float:
        """Space below, as platypus asks for it."""
        return self.space_after

    def draw(self) -> None:
        """Draw the lines top-down."""
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self.font.name, self.size)
        if self.bold:
            canvas.setLineWidth(self.size * _BOLD_STROKE)
        y = self.height - self.leading / 2 - 0.38 * self.size
        for line in self.lines:
            _draw_aligned(canvas, self.align, 0, self.width, y, line, self.bold)
            y -= self.leading
        canvas.restoreState()


def fit_line(text: str, width: float, font: PdfFont, size: float) -> str:
    """`text` cut (ending in "…") so that it fits in `width` on one line; unchanged when it already fits."""
    if font.width(text, size) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits together with the ellipsis
        middle = (low + high + 1) // 2
        if font.width(text[:middle] + "…", size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip("…") + "…"


def _draw_aligned(canvas: object, align: str, x0: float, width: float, y: float, text: str, bold: bool) -> None:
    obj = canvas.beginText()  # type: ignore[attr-defined]
    if bold:
        obj.setTextRenderMode(2)
    text_width = canvas.stringWidth(text)  # type: ignore[attr-defined]
    x = {"left": x0, "right": x0 + width - text_width}.get(align, x0 + (width - text_width) / 2)
    obj.setTextOrigin(x, y)
    obj.textOut(text)
    canvas.drawText(obj)  # type: ignore[attr-defined]


class SpreadLine(Flowable):  # type: ignore[misc]
    """One line of texts spread over the width: the first flush left, the last flush right, others between.

    Used for the unit line (`362001 兴隆县医疗保障局本级` … `单位：万元`) and for signature lines
    (`项目负责人：` `单位（盖章）：` `填报日期：`), which leave room to write by hand.
    """

    def __init__(
        self,
        items: Sequence[str],
        font: PdfFont,
        size: float,
        *,
        space_before: float = 0.0,
        space_after: float = 0.0,
        spread: Literal["ends", "slots"] = "ends",
    ) -> None:
        super().__init__()
        self.items = list(items)  # an empty item keeps its place (a unit line with only 单位：万元 stays right)
        self.font, self.size, self.spread = font, size, spread
        self.space_before, self.space_after = space_before, space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """One line high (two when the texts do not fit side by side)."""
        self.width = avail_width
        total = sum(self.font.width(i, self.size) for i in self.items) + self.size * 2 * len(self.items)
        # An item wider than the page (a 400-character unit name) is cut with "…" rather than drawn off the paper.
        self._rows = (
            [self.items]
            if total <= avail_width
            else [[fit_line(i, avail_width, self.font, self.size)] for i in self.items if i]
        )
        self.height = len(self._rows) * self.size * 1.6
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        """Space above."""
        return self.space_before

    def getSpaceAfter(self) -> float:
        """Space below."""
        return self.space_after

    def draw(self) -> None:
        """Draw each row of items."""
        canvas = self.canv
        canvas.saveState()
        canvas.setFont(self.font.name, self.size)
        y = self.height - self.size * 1.6 / 2 - 0.38 * self.size
        for row in self._rows:
            if self.spread == "slots":
                slot = self.width / len(row)
                for i, item in enumerate(row):
                    canvas.drawString(i * slot, y, item)
            elif len(row) == 1:
                canvas.drawString(0, y, row[0])
            else:
                gap = (self.width - sum(self.font.width(i, self.size) for i in row)) / (len(row) - 1)
                x = 0.0
                for item in row:
                    canvas.drawString(x, y, item)
                    x += self.font.width(item, self.size) + gap
            y -= self.size * 1.6
        canvas.restoreState()
