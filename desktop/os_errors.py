"""Operating-system errors told in Chinese: the one translator used everywhere (storage, imports, exports, window).

The clerk reads what went wrong and what to do, never "Errno 13" or an English system text.
"""

from __future__ import annotations

import errno
from typing import Literal

# EDQUOT (over quota) does not exist on Windows.
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}

Access = Literal["读取", "写入", "读写"]


def os_error_reason(exc: OSError, access: Access = "读写") -> str:
    """A short Chinese reason for an OS error, e.g. "磁盘空间已满，请清理磁盘或换一个位置".

    `access` says what was being done, so that a refused write reads "没有写入权限…" rather than a vaguer text.
    """
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return "文件或文件夹不存在（可能已被删除、改名，或 U 盘已拔出）"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError) or exc.errno in _NO_PERMISSION:
        return f"没有{access}权限：文件或文件夹是只读的，或文件正被其他程序（如 Excel、WPS、PDF 阅读器）打开"
    if exc.errno == errno.EROFS:
        return "磁盘或文件夹是只读的"
    if exc.errno in _DISK_FULL:
        return "磁盘空间已满，请清理磁盘或换一个位置"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    code = f"（错误代码 {exc.errno}）" if exc.errno is not None else ""
    return f"读写磁盘时出错{code}，磁盘可能已拔出或网络已断开，请检查后重试"
