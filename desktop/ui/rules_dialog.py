"""Help → 校验规则: the validation catalogue as the validator itself describes it."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget


def rules_text() -> str:
    """The catalogue text (a note when the validation module is not installed)."""
    try:
        from desktop.domain.rules import rules_help_text
    except ImportError:
        return "校验规则模块尚未安装。"
    return rules_help_text()


class RulesDialog(QDialog):
    """A read-only page listing every rule with its severity, reason and source."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("校验规则")
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(rules_text())
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        self.text.setFont(font)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)


def show_rules(parent: QWidget | None) -> None:
    """Open the rules page (modeless, so the clerk can read it beside the form)."""
    dialog = RulesDialog(parent)
    dialog.setModal(False)
    dialog.show()
