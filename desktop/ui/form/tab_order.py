"""Tab order that follows what the clerk sees: fields in reading order (row by row), then the indicator tree.

Qt's default order is creation order, which breaks as soon as a widget is built before its neighbours (the year
beside 项目名称) or a form page is built after the window (every page is). The order is read from the layouts
themselves, row by row and left to right, so it stays right when a layout file moves a field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QGridLayout,
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)

EDITORS = (QLineEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox)


def editors_in_reading_order(root: QWidget) -> list[QWidget]:
    """The editable widgets under `root` (line edits, text boxes, spin boxes) in the order their layouts show them."""
    out: list[QWidget] = []
    layout = root.layout()
    if layout is not None:
        _walk(layout, out)
    return out


def _walk(layout: QLayout, out: list[QWidget]) -> None:
    items = [item for i in range(layout.count()) if (item := layout.itemAt(i)) is not None]
    if isinstance(layout, QGridLayout):
        grid = layout

        # Grid items are stored in insertion order; reading order is by row, then column.
        def place(item: QLayoutItem) -> tuple[int, int]:
            position = cast(tuple[int, int, int, int], grid.getItemPosition(grid.indexOf(item)))
            return position[0], position[1]

        items.sort(key=place)
    for item in items:
        widget = item.widget()
        if widget is not None:
            if widget.isHidden():
                continue
            if isinstance(widget, EDITORS) or (
                isinstance(widget, QToolButton) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                out.append(widget)  # a fold button that takes Tab is a stop too
            else:
                out.extend(editors_in_reading_order(widget))
            continue
        inner = item.layout()
        if inner is not None:
            _walk(inner, out)


def chain(widgets: Sequence[QWidget]) -> None:
    """Make Tab go from each widget to the next (Shift+Tab back)."""
    for first, second in zip(widgets, widgets[1:], strict=False):
        QWidget.setTabOrder(first, second)
