"""文件 → 选项…: the few preferences a clerk may want to change."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from desktop.ui.settings import AUTOSAVE_SECONDS


class OptionsDialog(QDialog):
    """Autosave interval of the recovery copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("选项")
        self.autosave = QSpinBox(self)
        self.autosave.setRange(AUTOSAVE_SECONDS.minimum, AUTOSAVE_SECONDS.maximum)
        self.autosave.setSuffix(" 秒")
        self.autosave.setValue(AUTOSAVE_SECONDS.get())
        note = QLabel("有未保存的修改时，程序按此间隔写一份恢复副本；程序意外退出后，下次启动时可恢复。", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(AUTOSAVE_SECONDS.help + "：", self.autosave)
        form.addRow(note)
        form.addRow(buttons)

    def apply(self) -> None:
        """Store the chosen values."""
        AUTOSAVE_SECONDS.set(self.autosave.value())


def edit_options(parent: QWidget | None) -> bool:
    """Show the dialog; True when the clerk changed the settings."""
    dialog = OptionsDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    dialog.apply()
    return True
