"""Where the main window goes on the screen: fitted to the free part of the screen on first start, maximised on a
small screen, and a remembered geometry pulled back onto a screen that has become smaller (a laptop undocked).

Clerks' offices run 1366×768 screens with a taskbar; a window taller than the screen hides its own status bar and
the bottom of the indicator tree, and nothing tells the clerk why.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

SMALL_WIDTH = 1366  # a screen this wide or narrower is "small": the window opens maximised
SMALL_HEIGHT = 800
COMPACT_HEADER_BELOW = 900  # free screen height under which the project header starts folded to one line
FIRST_START_SHARE = 0.9  # of a large screen's free area, so the window is plainly a window and not maximised
FALLBACK = QRect(0, 0, 1366, 728)  # no screen at all (should not happen; a window must still get a size)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The free part (without taskbar and docks) of the screen the widget stands on, else of the primary screen."""
    screen = None
    if widget is not None:
        # A remembered geometry may be on a second monitor: that screen, not the primary, is the one to fit.
        screen = QGuiApplication.screenAt(widget.geometry().center()) or widget.screen()
    screen = screen or QGuiApplication.primaryScreen()
    return QRect(screen.availableGeometry()) if screen is not None else QRect(FALLBACK)


def is_small(free: QRect) -> bool:
    """A screen on which a window should fill everything it can (1366×768 and smaller)."""
    return free.width() <= SMALL_WIDTH or free.height() <= SMALL_HEIGHT


def prefers_compact_header(widget: QWidget | None = None) -> bool:
    """True on a screen too short for the whole project form above a useful indicator tree."""
    return available_geometry(widget).height() < COMPACT_HEADER_BELOW


def first_start_geometry(free: QRect) -> tuple[QRect, bool]:
    """(normal geometry, maximised) for a first start on a screen whose free area is `free`."""
    if is_small(free):
        return QRect(free), True
    size = QSize(int(free.width() * FIRST_START_SHARE), int(free.height() * FIRST_START_SHARE))
    rect = QRect(free.topLeft(), size)
    rect.moveCenter(free.center())
    return rect, False


def clamped(rect: QRect, free: QRect) -> QRect:
    """`rect` made no larger than `free` and moved (as little as needed) to lie within it."""
    size = rect.size().boundedTo(free.size())
    result = QRect(rect.topLeft(), size)
    if result.right() > free.right():
        result.moveRight(free.right())
    if result.bottom() > free.bottom():
        result.moveBottom(free.bottom())
    if result.left() < free.left():
        result.moveLeft(free.left())
    if result.top() < free.top():
        result.moveTop(free.top())
    return result


def place_window(window: QWidget, restored: bool) -> None:
    """Size and place a top-level window before it is shown.

    `restored` says whether a remembered geometry was just put back: it is kept, only pulled onto the screen (and
    made smaller) when it no longer fits. Otherwise (first start) the window fits the free area of the screen.
    """
    free = available_geometry(window)
    if restored:
        if window.isMaximized() or window.isFullScreen():
            return
        # The frame (title bar, borders) is outside geometry(); keep it on the screen too.
        frame = window.frameGeometry()
        extra = QSize(frame.width() - window.width(), frame.height() - window.height())
        inner = free.adjusted(0, 0, -max(extra.width(), 0), -max(extra.height(), 0))
        fitted = clamped(window.geometry(), inner)
        if fitted != window.geometry():
            window.setGeometry(fitted)
        return
    rect, maximised = first_start_geometry(free)
    window.setGeometry(rect)
    if maximised:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
