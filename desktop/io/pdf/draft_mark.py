"""The 草稿 watermark: drawn on each page of a draft project that still has errors (desktop.domain.draft_check)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from desktop.domain.draft_check import DRAFT_MARK
from desktop.io.pdf.fonts import PdfFont

DRAFT_TEMPLATE_SUFFIX = "-draft"
"""Added to a page template's id for the pages of a marked project."""
_MARK_GREY = 0.8  # light enough that every line of the form stays readable over it
_MARK_HEIGHT_SHARE = 0.24  # of the page's shorter side


def draft_mark(font: PdfFont) -> Callable[[Any, Any], None]:
    """A page template's onPage that draws "草稿" large, light grey and diagonal across the page before the form: the
    form's lines and text stay on top and readable. Given to the template of a marked project's pages, it marks every
    one of them (continued pages too) and none of the next project's."""

    def draw(canvas: Any, _doc: Any) -> None:
        width, height = canvas._pagesize
        size = min(width, height) * _MARK_HEIGHT_SHARE
        canvas.saveState()
        canvas.setFillGray(_MARK_GREY)
        canvas.setFont(font.name, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.drawCentredString(0, -size * 0.35, DRAFT_MARK)
        canvas.restoreState()

    return draw
