"""Pages of a department publication: A4 templates (portrait, landscape for the wide tables, each form layout's own),
page numbers that start after the cover and contents, markers recording where a titled item prints, and the dotted
contents line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Frame, PageTemplate

from desktop.io.pdf.fonts import PdfFont
from desktop.templates.printing import PrintConfig

FRONT = "front"  # cover and contents: no page number
BODY = "body"
WIDE = "wide"
_MARGINS_MM = (20.0, 18.0, 18.0, 18.0)  # top, right, bottom, left
_FOOTER_Y = 9 * mm


@dataclass
class PageLog:
    """What one build learned: the physical page each marker printed on, and the first numbered page."""

    marks: dict[str, int] = field(default_factory=dict)
    first_numbered: int | None = None

    def number(self, key: str, offset: int) -> int | None:
        """The printed page number of marker `key` (physical page minus the unnumbered front pages)."""
        page = self.marks.get(key)
        return None if page is None else page - offset


class Mark(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A zero-size flowable that records the page it lands on (the 目录's numbers are read from these)."""

    def __init__(self, key: str, log: PageLog) -> None:
        super().__init__()
        self.key, self.log = key, log
        self.width = self.height = 0
        # Kept with what it marks: a heading moved to the next page takes its marker (and its page number) along.
        self.keepWithNext = True

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """No size."""
        return 0, 0

    def draw(self) -> None:
        """Remember the page."""
        self.log.marks.setdefault(self.key, self.canv.getPageNumber())


def frame_size(config: PrintConfig | None = None, wide: bool = False) -> tuple[float, float]:
    """Width and height of the printable area of a template."""
    page_w, page_h, x, y, w, h = _geometry(config, wide)
    return w, h


def _geometry(config: PrintConfig | None, wide: bool) -> tuple[float, float, float, float, float, float]:
    if config is not None:
        top, right, bottom, left = (m * mm for m in config.margins_mm)
        size = landscape(A4) if config.orientation == "landscape" else A4
    else:
        top, right, bottom, left = (m * mm for m in _MARGINS_MM)
        size = landscape(A4) if wide else A4
    page_w, page_h = float(size[0]), float(size[1])
    return page_w, page_h, left, bottom, page_w - left - right, page_h - top - bottom


def page_template(
    template_id: str,
    font: PdfFont,
    log: PageLog,
    offset: int,
    config: PrintConfig | None = None,
    wide: bool = False,
    under: Callable[[Any, Any], None] | None = None,
) -> PageTemplate:
    """One template; every template but FRONT prints "- N -" centred at the foot, N counted after the front pages.
    `under` draws beneath each page's content (the 草稿 mark of a draft project's form)."""
    page_w, page_h, x, y, w, h = _geometry(config, wide)
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{template_id}-f")
    numbered = template_id != FRONT

    def on_page(canvas: Any, _doc: Any) -> None:
        page = canvas.getPageNumber()
        if not numbered:
            return
        if log.first_numbered is None:
            log.first_numbered = page
        canvas.saveState()
        canvas.setFont(font.name, 10)
        canvas.drawCentredString(page_w / 2, _FOOTER_Y, f"- {page - offset} -")
        canvas.restoreState()

    # Drawn once the page is full, so the number comes last in the page's text as it does on paper.
    if under is not None:
        return PageTemplate(id=template_id, frames=[frame], pagesize=(page_w, page_h), onPage=under, onPageEnd=on_page)
    return PageTemplate(id=template_id, frames=[frame], pagesize=(page_w, page_h), onPageEnd=on_page)


class ContentsLine(Flowable):  # type: ignore[misc]
    """ "1.2024年劳务派遣人员经费绩效目标表 ........ 5": the title, a dotted leader and the page number."""

    def __init__(self, text: str, page: Callable[[], str], font: PdfFont, size: float, indent: float = 0) -> None:
        super().__init__()
        self.text, self.page, self.font, self.size, self.indent = text, page, font, size, indent

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """One line at 1.7 times the font size."""
        self.width, self.height = avail_width, self.size * 1.7
        return self.width, self.height

    def draw(self) -> None:
        """Title flush left (after the indent), dots, number flush right: one line of text, in reading order."""
        canvas, size, font = self.canv, self.size, self.font
        number = self.page()
        baseline = self.height / 2 - 0.38 * size
        title = self.text
        number_width = font.width(number, size)
        room = self.width - self.indent - number_width - 2 * size
        while title and font.width(title, size) > room:
            title = title[:-2] + "…"
        text = canvas.beginText(self.indent, baseline)
        text.setFont(font.name, size)
        text.textOut(title)
        start = self.indent + font.width(title, size) + size * 0.4
        end = self.width - number_width - size * 0.4
        dot = font.width(".", size)
        gap = dot * 0.8
        count = int((end - start + gap) // (dot + gap)) if number else 0
        if count > 0:
            text.setTextOrigin(start, baseline)
            text.setCharSpace(gap)
            text.textOut("." * count)
            text.setCharSpace(0)
        text.setTextOrigin(self.width - number_width, baseline)
        text.textOut(number)
        canvas.drawText(text)
