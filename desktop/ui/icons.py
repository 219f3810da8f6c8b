"""The program's icons: a few of the Tango icon library (public domain), bundled at 16, 24 and 32 pixels.

Each icon holds the three sizes, so toolbars and menus draw a crisp one at any display scale (Windows at 125% or 150%
too). They are files rather than the style's standard icons: asking the style for one makes PySide6 build the QStyle
class with its two dozen enums before the window first paints (~2% of start-up), and the style's set has no undo, no
print preview and no spreadsheet to say what an action does.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from desktop.resources import resource_path

SIZES = (16, 24, 32)


@cache
def icon(name: str) -> QIcon:
    """The icon `name` (a Tango name such as "document-save"); each PNG is read when first drawn at its size."""
    found = QIcon()
    for size in SIZES:
        found.addFile(str(resource_path("icons", "tango", str(size), f"{name}.png")), QSize(size, size))
    return found
