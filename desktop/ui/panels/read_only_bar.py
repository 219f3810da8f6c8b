"""The yellow bar over a workbook that cannot be saved in place, saying why and offering the ways out.

另存为副本… always; 取得编辑权 when another computer's lock is the reason (that computer may have crashed on a shared
drive: the bar shows how old the lock is, so the clerk can judge).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

_BACKGROUND = "#fff3b0"
_LINE = "#d4b100"  # along its bottom edge


class ReadOnlyBar(QFrame):
    """Why the workbook is read-only (someone else's lock, a read-only file or folder) and the buttons out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBar")
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(_BACKGROUND))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 4, 10, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self._row.addWidget(self.label, 1)
        self.take_over_button = QToolButton(self)
        self.take_over_button.setText("取得编辑权…")
        self.take_over_button.setToolTip("对方电脑已关机或死机时，在本机取得编辑权（会询问并记入日志）")
        self.take_over_button.hide()
        self._row.addWidget(self.take_over_button)
        self.button = QToolButton(self)
        self.button.setText("另存为副本…")
        self.button.setEnabled(False)
        self._row.addWidget(self.button)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setPen(QColor(_LINE))
        bottom = self.height() - 1
        painter.drawLine(0, bottom, self.width(), bottom)
        painter.end()

    def offer(self, save_as: QAction, take_over: Callable[[], object] | None = None) -> None:
        """The actions the buttons run (the window's 另存为…, so its key and state apply; the take-over)."""
        self.button.clicked.connect(save_as.trigger)
        self.button.setEnabled(True)
        if take_over is not None:
            self.take_over_button.clicked.connect(lambda: take_over())

    def show_reason(self, reason: str, *, can_take_over: bool = False) -> None:
        """Show the bar with `reason` (blank hides it); the 取得编辑权 button only when it applies."""
        way_out = "如需修改，请用“另存为副本…”把工作簿保存为另一个文件，在副本上继续"
        if can_take_over:
            way_out += "；若对方电脑已关机或死机，可“取得编辑权”"
        self.label.setText(f"{reason}。{way_out}。" if reason else "")
        self.take_over_button.setVisible(bool(reason) and can_take_over)
        self.setVisible(bool(reason))
