"""Measuring text for an Excel sheet: how wide a string is and how many lines it wraps to in a cell.

The sheet's grid itself (column widths, spans, orientation) is the layout's checked `[sheet]` table,
templates/sheet.py.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# Widths in Excel units (one unit ≈ 7 px, the default font's digit): 宋体 11 pt draws a Chinese character about
# 15 px wide and a Latin one about 7.5 px; a cell keeps a few pixels of padding.
_WIDE_UNITS = 2.15
_NARROW_UNITS = 1.08
_PADDING_UNITS = 0.5


def display_width(text: str) -> float:
    """Width of `text` in Excel column units: wide (CJK, full-width) characters ≈ 2, others ≈ 1."""
    return sum(_WIDE_UNITS if unicodedata.east_asian_width(ch) in ("W", "F") else _NARROW_UNITS for ch in text)


def wrapped_lines(text: str, width: float) -> int:
    """How many lines `text` takes when wrapped in a cell `width` units wide (each paragraph at least one).

    Characters are laid out greedily one by one; Excel breaks Latin text at spaces, so this can be a line short
    for long Latin words, which only happens in codes and URLs.
    """
    usable = max(width - _PADDING_UNITS, 2.5)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for ch in paragraph:
            size = _WIDE_UNITS if unicodedata.east_asian_width(ch) in ("W", "F") else _NARROW_UNITS
            if used + size > usable and used > 0:
                lines += 1
                used = 0.0
            used += size
    return lines


def split_evenly(total: int, parts: int, outer_first: bool = False) -> Sequence[int]:
    """Split `total` grid columns into `parts` runs as evenly as possible.

    The extra columns go to the last runs, as the official forms do (项目名称 | x | 实施单位 | x x), or with
    `outer_first` alternately to the last and the first run (the spending-plan months of the Hebei form: 3月底
    and 12月底 are the wide ones).
    """
    base, extra = divmod(total, parts)
    sizes = [base] * parts
    order = list(reversed(range(parts)))
    if outer_first:
        order = list(dict.fromkeys(i for pair in zip(order, reversed(order), strict=True) for i in pair))
    for i in order[:extra]:
        sizes[i] += 1
    return sizes
