"""The remembered line breaks (pdf/text.wrap_lines) give exactly what the breaker gives, for every text of the demo."""

from __future__ import annotations

import pytest

from desktop.domain.model import Workbook
from desktop.io.demo import demo_workbook
from desktop.io.pdf import grid
from desktop.io.pdf import text as pdf_text
from desktop.io.pdf.export import pdf_bytes
from desktop.io.pdf.fonts import default_font
from desktop.io.pdf.text import wrap_lines, wrap_text


def demo_texts() -> list[str]:
    texts: list[str] = []
    for project in demo_workbook().projects:
        texts += [t for t in (project.name, project.annual_goal, project.purpose, project.source) if t]
        for ind in project.indicators:
            texts += [t for t in (ind.level1, ind.level2, ind.name, ind.value, ind.description, ind.basis) if t]
    # what the breaker treats specially: spaces at the ends, tabs, ideographic spaces, line breaks, empty text
    return [*texts, "", " 前后有空格 ", "制表\t符", "全角\u3000空格", "两行\n文字", "≥150000人次" * 6]


def test_remembered_breaks_equal_the_breaker_at_every_width() -> None:
    font = default_font()
    pdf_text._BREAKS.clear()
    for width in (30.0, 61.5, 120.0, 400.0):
        for size in (9.5, 10.0):
            for text in demo_texts():
                expected = tuple(wrap_text(text, width, font, size))
                assert wrap_lines(text, width, font, size) == expected, (text, width, size)
                assert wrap_lines(text, width, font, size) == expected  # and again, from memory


def test_a_text_that_fits_is_returned_whole_and_remembered() -> None:
    font = default_font()
    pdf_text._BREAKS.clear()
    assert wrap_lines("资助参保人次", 200.0, font, 10.0) == ("资助参保人次",)
    assert (font.name, "资助参保人次", 200.0, 10.0) in pdf_text._BREAKS


def test_remembered_line_operators_give_the_same_pdf_as_reportlabs_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """grid._text_out remembers each shown line's PDF operators per document; two documents one after the other
    (their fonts' subsets numbered anew) come out byte for byte as reportlab's plain textOut writes them."""
    demo = demo_workbook()
    first, second = Workbook(demo.projects[:5]), Workbook(list(reversed(demo.projects[3:9])))
    remembered = [pdf_bytes(first)[0], pdf_bytes(second)[0], pdf_bytes(first)[0]]
    monkeypatch.setattr(grid, "_text_out", lambda text, line: text.textOut(line))
    plain = [pdf_bytes(first)[0], pdf_bytes(second)[0], pdf_bytes(first)[0]]
    assert remembered == plain
    assert remembered[0] != remembered[1]
