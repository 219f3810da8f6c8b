"""Emphasis and colour through a widget's font and palette rather than a style sheet.

A style sheet puts its widget and the widget's children through Qt's style-sheet engine (`QStyleSheetStyle`), slower
to set up and to paint; a bold title or a coloured note needs only the font and the palette, which every style draws
in its own way.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

_TEXT_ROLES = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText)


def set_bold(widget: QWidget, bold: bool = True) -> None:
    """The widget's text in bold (or back to the normal weight)."""
    font = widget.font()
    if font.bold() != bold:
        font.setBold(bold)
        widget.setFont(font)


def set_text_color(widget: QWidget, color: str) -> None:
    """The widget's text in `color` (e.g. "#b35900")."""
    palette = widget.palette()
    for role in _TEXT_ROLES:
        palette.setColor(role, QColor(color))
    widget.setPalette(palette)
