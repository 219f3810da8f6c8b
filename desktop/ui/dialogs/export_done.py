"""The message after an export: where the file went, any problem, and 打开所在文件夹 to go and pick it up."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


def tell_exported(parent: QWidget | None, title: str, text: str, path: Path, *, problems: str = "") -> bool:
    """Say what was exported where (with the problems, if any); True when the clerk chose 打开所在文件夹."""
    icon = QMessageBox.Icon.Warning if problems else QMessageBox.Icon.Information
    body = text + (f"\n\n请注意：\n{problems}" if problems else "")
    box = QMessageBox(icon, title, body, QMessageBox.StandardButton.NoButton, parent)
    open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
    done = box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(done)
    box.setEscapeButton(done)
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return True
    return False
