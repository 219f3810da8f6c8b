"""The line that asks for a new row's code in the coded tables: completion by code or by name from the catalogue.

A code the catalogue lacks is accepted with the name typed after it ("2089901 某某支出"), as rule D19 says; a code of
the wrong length is refused here with the reason, before any row exists.
"""

from __future__ import annotations

import re
import unicodedata

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QWidget

from desktop.domain.department.edits import BudgetEditError, check_code
from desktop.templates.classification import Catalogue
from desktop.ui.department.budget.view import CellLineEdit, PopupKeys, code_completer, code_entries

_CODE_FIRST = re.compile(r"^\s*([0-9]+)\s*(.*)$")


class AddBar(QWidget):
    """“新增科目：[编码或名称]”; Enter adds, Esc goes back to the table."""

    accepted = Signal(str, object)
    """(code, typed name or None)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("新增科目：", self)
        self.edit = CellLineEdit(self)
        self.edit.setPlaceholderText("输入科目编码或名称，如 2101501 或 行政运行")
        self.edit.setMinimumWidth(360)
        self.hint = QLabel("↓ 选择 · Enter 新增 · Esc 取消", self)
        self.hint.setStyleSheet("color: #555555;")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.label)
        layout.addWidget(self.edit)
        layout.addWidget(self.hint, 1)
        self.edit.installEventFilter(self)
        self._catalogue: Catalogue | None = None
        self._digits = 7
        self._back: QWidget | None = None
        self._completers: dict[tuple[int, int], QCompleter] = {}

    def open_for(self, catalogue: Catalogue, digits: int) -> None:
        """Show the bar for a code of `digits` digits, with the cursor in it."""
        self._back = self.window().focusWidget() if self.window() is not None else None
        self._catalogue, self._digits = catalogue, digits
        what = "功能分类项" if digits == 7 else "经济分类款"
        self.label.setText(f"新增{what}：")
        key = (catalogue.edition, digits)
        if key not in self._completers:
            completer = code_completer(catalogue, digits, self.edit)
            PopupKeys(completer, self.edit)
            self._completers[key] = completer
        self.edit.setCompleter(self._completers[key])
        self.edit.clear()
        self._say("↓ 选择 · Enter 新增 · Esc 取消")
        self.show()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _say(self, text: str, problem: bool = False) -> None:
        self.hint.setText(text)
        self.hint.setStyleSheet("color: #b00020;" if problem else "color: #555555;")

    def close_bar(self) -> None:
        self.hide()
        if self._back is not None:
            self._back.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False

    def submit(self) -> None:
        """Read the code (and a typed name for a code not in the catalogue) and ask for the row."""
        text = unicodedata.normalize("NFKC", self.edit.text()).strip()
        match = _CODE_FIRST.match(text)
        if match is None:
            entries = (
                [e for e in code_entries(self._catalogue, self._digits) if text and text in e]
                if self._catalogue
                else []
            )
            if len(entries) != 1:
                self._say(f"“{text}”对应 {len(entries)} 个科目：请输入编码，或按 ↓ 从列表中选择", True)
                return
            match = _CODE_FIRST.match(entries[0])
            assert match is not None
        what = "功能分类科目" if self._digits == 7 else "经济分类科目"
        try:
            code = check_code(match.group(1), self._digits, what)
        except BudgetEditError as exc:
            self._say(str(exc), True)
            return
        known = self._catalogue is not None and (
            (self._catalogue.function if self._digits == 7 else self._catalogue.economic).get(code) is not None
        )
        name = None if known else (match.group(2).strip() or None)
        self.accepted.emit(code, name)
