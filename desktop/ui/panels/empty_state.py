"""What the right side shows while the workbook has no project: what to do first, with the two ways to start."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

_SIDE_PADDING = 12  # beside each button's own margins: big, easy targets

EMPTY_TEXT = (
    "<p style='font-size: 14pt; font-weight: bold;'>这个工作簿还没有项目</p>"
    "<p>新建一个项目，按表样逐项填写；或者导入已有的绩效目标表：<br>"
    "从 Excel、WPS、Word 或 PDF 复制表格另存为 .txt，或直接选择 .xlsx 文件。</p>"
)


class EmptyState(QWidget):
    """A short explanation and the 新建项目 / 导入 buttons (the window's own actions, so keys and state match)."""

    def __init__(self, new_project: QAction, import_: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.text = QLabel(EMPTY_TEXT, self)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.buttons: list[QToolButton] = []
        row = QHBoxLayout()
        row.addStretch(1)
        for action in (new_project, import_):
            button = QToolButton(self)
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumSize(button.sizeHint().width() + 2 * _SIDE_PADDING, 36)
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.addStretch(2)
        column.addWidget(self.text)
        column.addSpacing(12)
        column.addLayout(row)
        column.addStretch(3)
