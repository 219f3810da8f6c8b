"""The lock file beside a workbook (`<workbook>.lock`) that allows one writer at a time.

SQLite's own locking is unreliable on network drives, where several clerks may open the same workbook, so the
writer announces itself in a small JSON file naming user, computer, process and time. Whoever finds that file opens
the workbook read-only and can tell the clerk who is editing it.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK_SUFFIX = ".lock"

# A lock file that cannot be parsed is normally one whose writer is between creating and filling it; only once it
# has stayed unreadable this long do we assume its writer died in that gap.
_UNREADABLE_LOCK_GRACE_SECONDS = 30.0

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a workbook's lock: user name, computer name, process id and since when."""

    user: str
    host: str
    pid: int
    since: datetime

    def describe(self) -> str:
        """The holder as a clerk reads it, e.g. "张三（电脑 PC-01，自 2026-11-24 09:30 起）"."""
        return f"{self.user}（电脑 {self.host}，自 {self.since.astimezone():%Y-%m-%d %H:%M} 起）"

    def to_json(self) -> str:
        """The lock file's content."""
        return json.dumps(
            {"user": self.user, "host": self.host, "pid": self.pid, "since": self.since.isoformat()},
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> LockInfo:
        """Parse a lock file's content; raises ValueError (or KeyError/TypeError) when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("lock file is not a JSON object")
        pid = data["pid"]
        if not isinstance(pid, int):
            raise ValueError("pid is not an integer")
        return cls(user=str(data["user"]), host=str(data["host"]), pid=pid, since=datetime.fromisoformat(data["since"]))

    @classmethod
    def for_this_process(cls) -> LockInfo:
        """A LockInfo naming the current user, computer and process, dated now."""
        return cls(user=_user_name(), host=socket.gethostname(), pid=os.getpid(), since=datetime.now().astimezone())


def lock_path_for(workbook_path: Path) -> Path:
    """Where the lock file of a workbook lives: beside it, named `<workbook file name>.lock`."""
    return workbook_path.with_name(workbook_path.name + LOCK_SUFFIX)


class WorkbookLock:
    """A lock file this process created and holds until `release()`."""

    def __init__(self, path: Path, info: LockInfo) -> None:
        self.path = path
        self.info = info
        self._released = False

    @classmethod
    def acquire(cls, workbook_path: Path) -> WorkbookLock | LockInfo:
        """Take the lock of a workbook, or return who holds it.

        A stale lock (left by a process on this computer that no longer runs) is taken over. OSError (for example a
        folder without write permission) propagates: the caller can still open the workbook read-only.
        """
        path = lock_path_for(workbook_path)
        holder: LockInfo | None = None
        # Two rounds: one to remove a stale lock, one to create ours; losing the race twice means someone else won.
        for _ in range(2):
            mine = LockInfo.for_this_process()
            try:
                # O_EXCL makes creation atomic: of two programs starting at once, exactly one gets the lock.
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                content, holder = _read_lock(path)
                if content is None:
                    continue  # vanished between our attempt and the read: try again
                if not _is_stale(path, holder):
                    return holder if holder is not None else _unknown_holder(path)
                _remove_if_unchanged(path, content)
                continue
            try:
                os.write(fd, mine.to_json().encode("utf-8"))
                os.fsync(fd)
            finally:
                os.close(fd)
            return cls(path, mine)
        return holder if holder is not None else _unknown_holder(path)

    def release(self) -> None:
        """Remove the lock file if it is still ours; idempotent, never raises."""
        if self._released:
            return
        self._released = True
        _content, holder = _read_lock(self.path)
        # Someone may have judged our lock stale (e.g. we were suspended for a long time) and taken over; their lock
        # must survive our exit.
        if holder != self.info:
            return
        try:
            self.path.unlink()
        except OSError as exc:
            _log.warning("could not remove lock file %s: %s", self.path, exc)


def _read_lock(path: Path) -> tuple[bytes | None, LockInfo | None]:
    """The raw content (None when there is no lock file) and its parsed form (None when unreadable)."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError:
        return b"", None
    try:
        return content, LockInfo.from_json(content.decode("utf-8"))
    except (ValueError, KeyError, TypeError):
        return content, None


def _is_stale(path: Path, holder: LockInfo | None) -> bool:
    """True when the lock's owner is certainly gone and the lock can be taken over."""
    if holder is None:
        try:
            age = time.time() - path.stat().st_mtime
        except OSError:
            return False
        return age > _UNREADABLE_LOCK_GRACE_SECONDS
    # On a shared drive we cannot see another computer's processes: such a lock stays until its owner removes it.
    if holder.host != socket.gethostname():
        return False
    return not pid_alive(holder.pid)


def _remove_if_unchanged(path: Path, stale_content: bytes) -> None:
    """Delete a stale lock file unless it was replaced meanwhile (another program may just have taken it over)."""
    current, _holder = _read_lock(path)
    if current != stale_content:
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _unknown_holder(path: Path) -> LockInfo:
    """A stand-in holder for a lock file that exists but cannot be read."""
    try:
        since = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        since = datetime.now().astimezone()
    return LockInfo(user="未知用户", host="未知电脑", pid=0, since=since)


def _user_name() -> str:
    """The login name, or a placeholder when the system cannot tell."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError, KeyError or ImportError depending on the platform
        return "未知用户"


if sys.platform == "win32":
    import ctypes

    _SYNCHRONIZE = 0x00100000
    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _ERROR_ACCESS_DENIED = 5

    def pid_alive(pid: int) -> bool:
        """True when a process with this id runs on this computer."""
        # os.kill(pid, 0) on Windows would send CTRL_C_EVENT instead of probing, so ask the kernel directly.
        if pid <= 0:
            return False
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(_SYNCHRONIZE | _PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return bool(kernel32.GetLastError() == _ERROR_ACCESS_DENIED)
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == _STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)

else:

    def pid_alive(pid: int) -> bool:
        """True when a process with this id runs on this computer."""
        if pid <= 0:
            return False  # 0 and negative ids address process groups, not one process
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True  # exists, but belongs to another user
        return True
