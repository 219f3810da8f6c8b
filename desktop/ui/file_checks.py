"""Checks on a file the clerk chose to write, made before anything is written, so the message is plain Chinese.

The operating system's own error texts are English ("No such file or directory"); the common cases are caught here
first and told in the clerk's words, with what to do. An error that still happens while writing is told by
desktop/os_errors.py, the one translator of operating-system errors.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_problem(path: Path) -> str | None:
    """Why `path` cannot be written (a Chinese sentence), or None when it looks writable."""
    folder = path.parent
    if not folder.exists():
        return f"文件夹“{folder}”不存在（可能已被删除、改名，或 U 盘已拔出）。请重新选择保存位置。"
    if not folder.is_dir():
        return f"“{folder}”不是文件夹。请重新选择保存位置。"
    if path.is_dir():
        return f"“{path}”是一个文件夹，不能用作文件名。请换一个文件名。"
    if path.exists() and not os.access(path, os.W_OK):
        return f"文件“{path.name}”是只读的，或正被其他程序（如 Excel、PDF 阅读器）打开。请先关闭它，或换一个文件名。"
    if not os.access(folder, os.W_OK):
        return f"没有权限在文件夹“{folder}”中保存文件。请选择“文档”或桌面等其他位置。"
    return None
