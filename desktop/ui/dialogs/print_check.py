"""打印前请核对: before a PDF, an Excel file or a print job is made, the amounts that look typed in 元 (W01) and the
damaged text (W09, W11) are listed, with their one-click fixes offered for all at once. Printing them anyway is the
clerk's stated choice, never a silent default.

Keys: Alt+F 全部修正后继续, Alt+E 仍按原样, Esc 取消.
"""

from __future__ import annotations

from enum import Enum
from functools import partial

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Workbook
from desktop.domain.print_checks import PrintWarning


class PrintChoice(Enum):
    """What the clerk chose in the dialog."""

    FIX = "fix"
    AS_IS = "as_is"
    CANCEL = "cancel"


class PrintCheckDialog(QDialog):
    """Lists the warnings; the buttons say what happens to them."""

    def __init__(
        self, workbook: Workbook, warnings: list[PrintWarning], verb: str, *, can_fix: bool, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.choice = PrintChoice.CANCEL
        self.setWindowTitle(f"{verb}前请核对")
        fixable = sum(1 for w in warnings if w.finding.fix is not None)
        intro = QLabel(
            f"以下 {len(warnings)} 处会原样印在要盖章的表上（金额疑似按“元”填写、比较符号损坏、网页格式标记等）。"
            + (f"其中 {fixable} 处可一键修正（可撤销）。" if fixable else ""),
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(warnings), 4, self)
        self.table.setHorizontalHeaderLabels(["项目", "位置", "问题", "一键修正"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, warning in enumerate(warnings):
            finding = warning.finding
            texts = [
                workbook.projects[warning.project].display_name(),
                finding.location_text,
                finding.message,
                finding.fix.label if finding.fix is not None else "（需手工修改）",
            ]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(self)
        self.fix_button: QPushButton = buttons.addButton(
            "全部修正后继续（Alt+F）", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.as_is_button: QPushButton = buttons.addButton(
            f"仍按原样{verb}（Alt+E）", QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.cancel_button: QPushButton = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        # Explicit keys: button mnemonics are not bound on every platform (nor offscreen).
        for key, button in (("Alt+F", self.fix_button), ("Alt+E", self.as_is_button)):
            QShortcut(QKeySequence(key), self, partial(_click_if_enabled, button))
        self.fix_button.setEnabled(can_fix and fixable > 0)
        if not self.fix_button.isEnabled():
            self.fix_button.setToolTip("工作簿只读，或这些问题都需要手工修改" if fixable else "这些问题都需要手工修改")
        # Nothing is printed as it is by pressing Enter: the default is the fix, or cancelling.
        (self.fix_button if self.fix_button.isEnabled() else self.cancel_button).setDefault(True)
        self.fix_button.clicked.connect(lambda: self._choose(PrintChoice.FIX))
        self.as_is_button.clicked.connect(lambda: self._choose(PrintChoice.AS_IS))
        self.cancel_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(860, 360)

    def _choose(self, choice: PrintChoice) -> None:
        self.choice = choice
        self.accept()


def _click_if_enabled(button: QPushButton) -> None:
    if button.isEnabled():
        button.click()
