"""Operating-system errors told in Chinese: the clerk reads what went wrong and what to do, never "Errno 13"."""

from __future__ import annotations

import errno

_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NO_PERMISSION = {errno.EACCES, errno.EPERM}


def os_error_reason(exc: OSError) -> str:
    """A short Chinese reason for an OS error, e.g. "没有写入权限，或文件正被 Excel/WPS 等程序打开"."""
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return "文件或文件夹不存在"
    if isinstance(exc, IsADirectoryError) or exc.errno == errno.EISDIR:
        return "这是一个文件夹，不是文件"
    if isinstance(exc, PermissionError) or exc.errno in _NO_PERMISSION:
        return "没有读写权限，或文件正被 Excel/WPS 等程序打开"
    if exc.errno == errno.EROFS:
        return "磁盘或文件夹是只读的"
    if exc.errno in _DISK_FULL:
        return "磁盘空间已满"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    return "读写磁盘时出错（磁盘可能已拔出或网络已断开）"
