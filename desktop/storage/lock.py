"""The lock file beside a workbook (`<workbook>.lock`) that allows one writer at a time.

SQLite's own locking is unreliable on network drives, where several clerks may open the same workbook, so the
writer announces itself in a small JSON file naming user, computer, process and time. Whoever finds that file opens
the workbook read-only and can tell the clerk who is editing it.

The lock file is never seen half-written: it is written in full under a temporary name and then hard-linked to its
place (atomic, and refused if a lock appeared meanwhile). A lock of this computer whose process is gone — or whose
process id now belongs to a younger process — is taken over silently. A lock of another computer cannot be checked
from here: the clerk sees its age and may take over editing on purpose (`take_over`), which is recorded in the new
lock and in the log; the program that lost the lock then refuses to save over the new holder's work.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

LOCK_SUFFIX = ".lock"

# Our locks appear complete, so an unreadable one is damage (or an old version killed mid-write) — unless a writer
# without hard links (FAT drives) is just filling it: a moment's grace covers that, then it is taken over.
_UNREADABLE_LOCK_GRACE_SECONDS = 2.0

_log = logging.getLogger(__name__)


def host_name() -> str:
    """This computer's name, as `socket.gethostname()` gives it (without importing socket where uname has it)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


@dataclass(frozen=True)
class LockInfo:
    """Who holds a workbook's lock: user name, computer name, process id and since when."""

    user: str
    host: str
    pid: int
    since: datetime
    # When the process started (an opaque token), so that a reused process id is not mistaken for the holder.
    started: str | None = None
    # Whose lock this one replaced by `take_over`, as `describe()` said it.
    taken_from: str | None = None

    def describe(self) -> str:
        """The holder as a clerk reads it, e.g. "张三（电脑 PC-01，自 2026-11-24 09:30 起）"."""
        return f"{self.user}（电脑 {self.host}，自 {self.since.astimezone():%Y-%m-%d %H:%M} 起）"

    def age_text(self, now: datetime | None = None) -> str:
        """How long ago the lock was taken, in Chinese ("3 分钟", "2 小时 5 分钟", "4 天")."""
        seconds = max(0.0, ((now or datetime.now().astimezone()) - self.since).total_seconds())
        minutes = int(seconds // 60)
        if minutes < 1:
            return "不到 1 分钟"
        if minutes < 60:
            return f"{minutes} 分钟"
        hours, rest = divmod(minutes, 60)
        if hours < 48:
            return f"{hours} 小时" + (f" {rest} 分钟" if rest else "")
        return f"{hours // 24} 天"

    def on_this_computer(self) -> bool:
        """True when the lock was taken on this computer (names compared without case and domain suffix)."""
        return _same_host(self.host, host_name())

    def to_json(self) -> str:
        """The lock file's content."""
        data: dict[str, object] = {
            "user": self.user,
            "host": self.host,
            "pid": self.pid,
            "since": self.since.isoformat(),
        }
        if self.started is not None:
            data["started"] = self.started
        if self.taken_from is not None:
            data["taken_from"] = self.taken_from
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> LockInfo:
        """Parse a lock file's content; raises ValueError (or KeyError/TypeError) when it is not one."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("lock file is not a JSON object")
        pid = data["pid"]
        if not isinstance(pid, int):
            raise ValueError("pid is not an integer")
        since = datetime.fromisoformat(data["since"])
        if since.tzinfo is None:
            since = since.astimezone()
        started, taken_from = data.get("started"), data.get("taken_from")
        return cls(
            user=str(data["user"]),
            host=str(data["host"]),
            pid=pid,
            since=since,
            started=started if isinstance(started, str) else None,
            taken_from=taken_from if isinstance(taken_from, str) else None,
        )

    @classmethod
    def for_this_process(cls) -> LockInfo:
        """A LockInfo naming the current user, computer and process, dated now."""
        return cls(
            user=_user_name(),
            host=host_name(),
            pid=os.getpid(),
            since=datetime.now().astimezone(),
            started=process_start(os.getpid()),
        )


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
        # A few rounds: to remove a stale lock, to wait out a lock being filled, then to create ours; losing the
        # race every time means someone else won.
        deadline = time.monotonic() + _UNREADABLE_LOCK_GRACE_SECONDS + 1.0
        while True:
            mine = LockInfo.for_this_process()
            if _create_complete(path, mine.to_json().encode("utf-8")):
                return cls(path, mine)
            content, holder = _read_lock(path)
            if content is None:
                if time.monotonic() > deadline:
                    return _unknown_holder(path)
                continue  # vanished between our attempt and the read: try again
            if holder is None and not _is_stale(path, None):
                if time.monotonic() > deadline:
                    return _unknown_holder(path)
                time.sleep(0.1)  # a writer without hard links may be filling it right now
                continue
            if not _is_stale(path, holder):
                return holder if holder is not None else _unknown_holder(path)
            _log.info("taking over the stale lock %s (%s)", path, holder.describe() if holder else "unreadable")
            _remove_if_unchanged(path, content)
            if time.monotonic() > deadline:
                return holder if holder is not None else _unknown_holder(path)

    @classmethod
    def take_over(cls, workbook_path: Path, expected: LockInfo) -> WorkbookLock | LockInfo:
        """Take the lock from `expected` (a holder the clerk chose to override); return the holder if it changed.

        Used when a lock names another computer that may have crashed: the clerk saw whose and how old it is and
        confirmed. Our lock records whom it replaced, and the replaced program then refuses to save (`still_held`).
        """
        path = lock_path_for(workbook_path)
        content, holder = _read_lock(path)
        if content is not None and holder is not None and holder != expected:
            return holder  # someone else took it meanwhile: the clerk must decide again
        mine = replace(LockInfo.for_this_process(), taken_from=expected.describe())
        _replace_complete(path, mine.to_json().encode("utf-8"))
        _log.warning(
            "%s on %s took over editing of %s from %s", mine.user, mine.host, workbook_path, expected.describe()
        )
        return cls(path, mine)

    def still_held(self) -> bool:
        """True while the lock file is still ours (nobody took over editing)."""
        if self._released:
            return False
        _content, holder = _read_lock(self.path)
        return holder == self.info

    def holder_now(self) -> LockInfo | None:
        """Who holds the lock file now (None when there is none or it is unreadable)."""
        return _read_lock(self.path)[1]

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
        return abs(age) > _UNREADABLE_LOCK_GRACE_SECONDS
    # On a shared drive we cannot see another computer's processes: such a lock stays until its owner removes it
    # or a clerk takes over editing on purpose.
    if not holder.on_this_computer():
        return False
    if not pid_alive(holder.pid):
        return True
    # The id is in use, but by a process younger than the lock: the holder died and its id was given out again.
    now = process_start(holder.pid)
    return holder.started is not None and now is not None and now != holder.started


def _same_host(a: str, b: str) -> bool:
    # Windows reports PC-01 here and pc-01.county.local there; a name is one computer whatever its case.
    return a.casefold() == b.casefold() or a.split(".")[0].casefold() == b.split(".")[0].casefold()


def _temporary_beside(path: Path, data: bytes) -> Path:
    """A complete, flushed copy of `data` in a new file beside `path`; nothing is left behind if writing fails."""
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _create_complete(path: Path, data: bytes) -> bool:
    """Create `path` holding `data`, atomically; False when it already exists. Raises OSError (nothing left)."""
    temporary = _temporary_beside(path, data)
    try:
        os.link(temporary, path)  # atomic and exclusive: the lock appears complete or not at all
        return True
    except FileExistsError:
        return False
    except OSError as exc:
        # The folder took the temporary just now, so the link failed for want of hard links: FAT/exFAT USB sticks and
        # some network shares, which answer EPERM or ENOTSUP on Linux and macOS, and ERROR_INVALID_FUNCTION or
        # ERROR_NOT_SUPPORTED on Windows (EINVAL to Python). Whatever the code, the lock is made the other way; a
        # failure that is not about links (a full disk) fails that way too and is raised from there.
        _log.info("no hard link for the lock %s (%s): created in place", path, exc)
    finally:
        temporary.unlink(missing_ok=True)
    return _create_exclusive(path, data)


def _create_exclusive(path: Path, data: bytes) -> bool:
    """The fallback without hard links: O_EXCL creation then writing; a failed write removes the stub."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        return False
    try:
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        path.unlink(missing_ok=True)  # never leave an empty lock that would make everyone read-only
        raise
    return True


def _replace_complete(path: Path, data: bytes) -> None:
    """Put `data` at `path` whatever was there, atomically (a rename over it)."""
    temporary = _temporary_beside(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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


def process_start(pid: int) -> str | None:
    """An opaque token of when process `pid` started (None when unknown); equal tokens mean the same process."""
    if pid <= 0:
        return None
    try:
        return _process_start(pid)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


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

    def _process_start(pid: int) -> str | None:
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        if not handle:
            return None
        try:
            creation, exited, kernel, user = (ctypes.c_ulonglong() for _ in range(4))
            if not kernel32.GetProcessTimes(
                handle, ctypes.byref(creation), ctypes.byref(exited), ctypes.byref(kernel), ctypes.byref(user)
            ):
                return None
            return f"win:{creation.value}"
        finally:
            kernel32.CloseHandle(handle)

else:

    def _process_start(pid: int) -> str | None:
        proc = Path(f"/proc/{pid}/stat")
        if not proc.exists():
            return None  # not Linux (macOS has no /proc): the process id alone must do
        stat = proc.read_text(encoding="ascii", errors="replace")
        # Field 22 is the start time in clock ticks since boot; fields after the parenthesised name start at 3.
        ticks = stat[stat.rindex(")") + 2 :].split()[19]
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        return f"linux:{boot}:{ticks}"

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
