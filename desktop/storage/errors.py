"""Errors raised by the workbook storage layer.

Every message is a complete Chinese sentence that says what is wrong and what the clerk can do about it, so the UI
and the command line can show `str(exc)` as it is. The helpers at the end turn SQLite and OS errors into such
sentences, keeping the technical text in brackets for whoever gives support.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.os_errors import os_error_reason


class StoredValueError(ValueError):
    """A value in the file that the program never writes (edited by another tool, or damaged); Chinese message."""


class WorkbookError(Exception):
    """A workbook file cannot be opened, read or written; `str(exc)` is the Chinese message to show."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NotAWorkbookError(WorkbookError):
    """The file is not a workbook of this program: empty, plain text, or another program's database."""


class DamagedWorkbookError(WorkbookError):
    """The file is a workbook but its content is damaged (truncated, corrupt, broken links between rows)."""


class NewerWorkbookError(WorkbookError):
    """The file was written by a newer version of the program whose format this version does not know."""


class ReadOnlyError(WorkbookError):
    """`save()` was called on a workbook opened read-only (on purpose, or because someone else is editing it)."""


class SaveError(WorkbookError):
    """Saving failed (disk full, file gone, no permission); nothing on disk changed and the caller keeps its data."""


KEEP_DATA_ADVICE = "您的修改仍在程序中，没有丢失；请排除原因后重新保存，或用“另存为”保存到其他位置。"


def damaged_error(path: Path, what: str) -> DamagedWorkbookError:
    """The error for a file of ours whose content is broken; `what` says how, in a few Chinese words."""
    return DamagedWorkbookError(
        f"工作簿文件“{path}”已损坏（{what}），无法打开；请改用同一文件夹中的备份（.bak）或程序保存的恢复副本，"
        "或从最近导出的文件重新导入。",
        path,
    )


def open_error(exc: sqlite3.Error, path: Path) -> WorkbookError:
    """The WorkbookError to show for an SQLite error while opening or reading a workbook."""
    name = getattr(exc, "sqlite_errorname", "")
    if name.startswith("SQLITE_CORRUPT") or name == "SQLITE_NOTADB" or "malformed" in str(exc):
        return damaged_error(path, "文件内容不完整或已损坏")
    if name == "SQLITE_READONLY_ROLLBACK":
        return WorkbookError(
            f"工作簿“{path}”上次保存时被中断，需要以可写方式打开一次才能恢复；请在有写入权限时重新打开。", path
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return WorkbookError(f"工作簿“{path}”正被其他程序写入，暂时无法读取；请稍后重试。", path)
    return WorkbookError(f"无法打开工作簿“{path}”：{failure_reason(exc)}。", path)


def failure_reason(exc: BaseException) -> str:
    """A short Chinese reason for an SQLite or OS error (the technical text in brackets, for support)."""
    if isinstance(exc, sqlite3.Error):
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_FULL":
            reason = "磁盘空间已满"
        elif name == "SQLITE_READONLY_DBMOVED":
            reason = "文件已被删除或移走"
        elif name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH")):
            reason = "没有读写权限，文件或所在文件夹可能是只读的或已无法访问"
        elif name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            reason = "文件正被其他程序使用"
        elif name.startswith("SQLITE_IOERR"):
            reason = "读写磁盘时出错，磁盘可能已满、已拔出或网络已断开"
        else:
            reason = "数据库出错"
        return f"{reason}（{exc}）"
    if isinstance(exc, OSError):
        return f"{os_error_reason(exc)}（{exc.strerror or exc}）"
    return str(exc)
