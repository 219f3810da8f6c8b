"""The yellow bar over a workbook that cannot be saved in place, saying why and offering the way out (另存为)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget


class ReadOnlyBar(QFrame):
    """Why the workbook is read-only (someone else's lock, a read-only folder) and a 另存为… button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("readOnlyBar")
        self.setStyleSheet("#readOnlyBar { background: #fff3b0; border-bottom: 1px solid #d4b100; }")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(10, 4, 10, 4)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self._row.addWidget(self.label, 1)
        self.button = QToolButton(self)
        self.button.setText("另存为副本…")
        self.button.setEnabled(False)
        self._row.addWidget(self.button)
        self.hide()

    def offer(self, save_as: QAction) -> None:
        """The action the button runs (the window's 另存为…, so its key and state apply)."""
        self.button.clicked.connect(save_as.trigger)
        self.button.setEnabled(True)

    def show_reason(self, reason: str) -> None:
        """Show the bar with `reason` (blank hides it)."""
        self.label.setText(
            f"{reason}。如需修改，请用“另存为副本…”把工作簿保存为另一个文件，在副本上继续。" if reason else ""
        )
        self.setVisible(bool(reason))
