"""Checks on a file the clerk chose to write, made before anything is written, so the message is plain Chinese.

The operating system's own error texts are English ("No such file or directory"); the common cases are caught here
first and told in the clerk's words, with what to do.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


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


def os_error_text(exc: OSError) -> str:
    """A Chinese reason for an operating-system error that got past `write_problem` (no English system text)."""
    if exc.errno in _DISK_FULL:
        return "磁盘空间已满，请清理磁盘或换一个位置"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) or isinstance(exc, PermissionError):
        return "没有写入权限：文件或文件夹是只读的，或文件正被其他程序（如 Excel、PDF 阅读器）打开"
    if exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return "文件夹不存在（可能已被删除、改名，或 U 盘已拔出）"
    return f"读写磁盘时出错（错误代码 {exc.errno}），请检查磁盘或网络连接后重试"
