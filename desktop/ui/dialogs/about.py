"""Help → 关于."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import __version__
from desktop.home import data_dir, log_dir


def show_about(parent: QWidget | None) -> None:
    """Version, purpose and where the program keeps its own files (what support asks for first)."""
    QMessageBox.about(
        parent,
        "关于 绩效目标填报",
        f"<b>绩效目标填报</b> {__version__}<br>"
        "项目支出绩效目标表的离线填写、校验、打印与报送。<br><br>"
        f"日志文件夹：{log_dir()}<br>恢复副本文件夹：{data_dir() / 'recovery'}<br><br>"
        "界面字体：文泉驿微米黑（WenQuanYi Micro Hei，Apache-2.0 / GPL-3 许可）。",
    )
