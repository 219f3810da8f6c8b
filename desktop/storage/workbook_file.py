"""A workbook as a document file: one SQLite file (`.jixiao`) holding all projects of a clerk's workbook.

The file uses SQLite's rollback journal (never WAL, which fails on network drives) so a save is one transaction:
after a crash, a full disk or a pulled network cable the file holds either the old or the new workbook. A lock file
beside the workbook lets one program at a time write; everyone else gets a read-only view and learns who is editing.
"""

from __future__ import annotations

import errno
import gc
import os
import sqlite3
import stat
import weakref
from decimal import InvalidOperation
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

from desktop.domain.model import Workbook
from desktop.storage.deferred import DeferredReader
from desktop.storage.errors import (
    KEEP_DATA_ADVICE,
    DamagedWorkbookError,
    NewerWorkbookError,
    NotAWorkbookError,
    ReadOnlyError,
    SaveError,
    StoredValueError,
    WorkbookError,
    damaged_error,
    failure_reason,
    open_error,
)
from desktop.storage.lock import LockInfo, WorkbookLock
from desktop.storage.rows import read_workbook, write_workbook
from desktop.storage.schema import (
    APPLICATION_ID,
    HEADER_SIZE,
    SQLITE_MAGIC,
    backup_before_migration,
    has_user_data,
    header_application_id,
    migrate,
    read_header,
    schema_version,
    user_version,
)

__all__ = [
    "APPLICATION_ID",
    "WORKBOOK_SUFFIX",
    "DamagedWorkbookError",
    "LockInfo",
    "NewerWorkbookError",
    "NotAWorkbookError",
    "ReadOnlyError",
    "ReadOnlyReason",
    "SaveError",
    "WorkbookError",
    "WorkbookFile",
    "write_snapshot",
]

WORKBOOK_SUFFIX = ".jixiao"

# How long a read waits while another program commits a save, before giving up with "busy".
_BUSY_TIMEOUT_SECONDS = 10.0


class ReadOnlyReason(StrEnum):
    """Why a workbook opened read-only; `WorkbookFile.read_only_text()` says it in Chinese."""

    NONE = "none"
    REQUESTED = "requested"  # the caller asked (validate, export, a colleague's copy)
    LOCKED = "locked"  # someone else holds the lock (`locked_by`)
    FILE = "file"  # the file itself is marked read-only
    FOLDER = "folder"  # the folder refuses new files (no lock can be created)
    NO_LOCK = "no_lock"  # the lock file could not be written for another reason (disk full, network)


class WorkbookFile:
    """An open workbook file: load it, save a whole Workbook into it in one transaction, close it.

    `read_only` is True when the file was opened read-only on request, because someone else holds the lock
    (`locked_by` then says who), because the file is marked read-only, or because the folder does not allow
    creating the lock file; `read_only_reason` says which.
    """

    def __init__(
        self,
        path: Path,
        connection: sqlite3.Connection,
        *,
        read_only: bool,
        lock: WorkbookLock | None,
        locked_by: LockInfo | None,
        reason: ReadOnlyReason = ReadOnlyReason.NONE,
        lock_problem: str = "",
    ) -> None:
        """Wrap an already checked connection; use `WorkbookFile.open()` instead."""
        self.path = path
        self.read_only = read_only
        self.locked_by = locked_by
        self.read_only_reason = reason if read_only else ReadOnlyReason.NONE
        self._lock_problem = lock_problem
        self._lock = lock
        self._conn: sqlite3.Connection | None = connection
        self._identity = _file_identity(path)
        self._deferred: DeferredReader | None = None  # set by load(defer_indicators=True)
        # Also runs when a forgotten WorkbookFile is garbage-collected or the program exits normally, so a missing
        # close() does not leave a lock that makes the clerk's own next start read-only.
        self._closer = weakref.finalize(self, _close, connection, lock)

    @classmethod
    def open(cls, path: Path, *, create: bool = False, read_only: bool = False) -> WorkbookFile:
        """Open a workbook file, checking that it is one of ours and undamaged, and migrating it if it is older.

        create=True makes a new, empty workbook when the file does not exist. Without read_only the lock is taken;
        if someone else holds it the file opens read-only with `locked_by` set. Raises WorkbookError (or a
        subclass) with a Chinese message for every file that cannot be used.
        """
        path = Path(path)
        if path.is_dir():
            raise NotAWorkbookError(
                f"“{path}”是一个文件夹，不是工作簿文件，请选择扩展名为 {WORKBOOK_SUFFIX} 的文件。", path
            )
        exists = path.exists()
        if not exists and (not create or read_only):
            raise WorkbookError(f"找不到工作簿文件“{path}”，请确认文件位置是否正确，或新建一个工作簿。", path)

        lock: WorkbookLock | None = None
        locked_by: LockInfo | None = None
        reason, problem = ReadOnlyReason.REQUESTED, ""
        refused = _refused_writing(path) if not read_only and exists else None
        if refused is not None:
            read_only, reason = True, refused
        if not read_only:
            lock, locked_by, reason, problem = _take_lock(path, create=not exists)
            read_only = lock is None
        try:
            if not path.exists():
                _create_new(path, lock)
            connection = _open_checked(path, read_only)
            return cls(
                path,
                connection,
                read_only=read_only,
                lock=lock,
                locked_by=locked_by,
                reason=reason,
                lock_problem=problem,
            )
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def read_only_text(self) -> str:
        """Why this workbook cannot be saved in place, as the GUI says it ("" when it can)."""
        cause = self.read_only_cause()
        return f"{cause}，您只能查看" if cause else ""

    def read_only_cause(self) -> str:
        """Why this workbook is read-only, as a Chinese clause without advice ("" when it is writable)."""
        if not self.read_only:
            return ""
        if self.read_only_reason is ReadOnlyReason.LOCKED and self.locked_by is not None:
            holder = self.locked_by
            age = "" if holder.on_this_computer() else f"，已 {holder.age_text()}"
            return f"此工作簿正由 {holder.describe()}打开{age}"
        if self.read_only_reason is ReadOnlyReason.FILE:
            return "此工作簿文件被设为只读（文件属性或权限）"
        if self.read_only_reason is ReadOnlyReason.FOLDER:
            return "此工作簿所在的文件夹是只读的（没有写入权限）"
        if self.read_only_reason is ReadOnlyReason.NO_LOCK:
            return f"无法在工作簿所在文件夹中建立锁文件（{self._lock_problem}）"
        return "此工作簿以只读方式打开"

    def can_take_over(self) -> bool:
        """True when another computer's lock keeps us read-only: the clerk may take over editing (`take_over`)."""
        return (
            self.read_only_reason is ReadOnlyReason.LOCKED
            and self.locked_by is not None
            and not self.locked_by.on_this_computer()
        )

    def take_over(self) -> None:
        """Take editing over from the holder of another computer's lock (after the clerk confirmed the risk).

        On success the file is writable and the lock ours (it records whom it replaced). Raises WorkbookError when
        the lock changed meanwhile (`locked_by` then names the new holder) or the file cannot be reopened.
        """
        if not self.can_take_over() or self.locked_by is None:
            raise WorkbookError(f"工作簿“{self.path}”不是被其他电脑锁定，无需取得编辑权。", self.path)
        try:
            result = WorkbookLock.take_over(self.path, self.locked_by)
        except OSError as exc:
            raise WorkbookError(f"无法取得工作簿“{self.path}”的编辑权：{failure_reason(exc)}。", self.path) from exc
        if not isinstance(result, WorkbookLock):
            self.locked_by = result
            raise WorkbookError(
                f"工作簿“{self.path}”的锁刚刚有变化，现在由 {result.describe()}打开；请重新确认后再试。", self.path
            )
        try:
            connection = _open_checked(self.path, read_only=False)
        except BaseException:
            result.release()
            raise
        self._closer.detach()
        old = self._conn
        if old is not None:
            old.close()
        self._conn, self._lock = connection, result
        self.read_only, self.locked_by, self.read_only_reason = False, None, ReadOnlyReason.NONE
        self._identity = _file_identity(self.path)
        self._closer = weakref.finalize(self, _close, connection, result)

    def load(self, *, defer_indicators: bool = False, defer_departments: bool = False) -> Workbook:
        """All projects and departments of the file, in their stored order, with the projects' ids set.

        With `defer_indicators` on a file we hold the lock of, each project reads its indicator rows and the fields
        the project list does not show when first asked (a 5 000-project workbook then opens about as fast as a small
        one; see desktop.storage.deferred); they are all read before this file is written or closed. A read-only file
        is always read in full: someone else may change it meanwhile.

        With `defer_departments`, each department's content (budget, texts, printed figures) is read now as text
        but parsed when first used (the window lists departments by name): damaged content then raises
        DamagedDepartmentError, a WorkbookError, at that first use instead of failing the whole file here.
        """
        conn = self._connection()
        deferred = None
        if defer_indicators and not self.read_only:
            self._deferred = deferred = DeferredReader(self._connection, self.path)
        try:
            # One read transaction, so that a save committed by another program between our queries cannot give
            # projects with someone else's indicators.
            conn.execute("BEGIN")
            # Thousands of new objects that all stay alive: the cyclic collector would only scan them again and again.
            collecting = gc.isenabled()
            gc.disable()
            try:
                return read_workbook(conn, deferred, departments_later=defer_departments)
            finally:
                if collecting:
                    gc.enable()
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise open_error(exc, self.path) from exc
        except StoredValueError as exc:
            raise damaged_error(self.path, str(exc)) from exc
        except (ValueError, InvalidOperation, KeyError, TypeError) as exc:
            raise damaged_error(self.path, "某个项目或部门的内容无法读取") from exc

    def save(self, workbook: Workbook) -> None:
        """Write the whole workbook in one transaction; new projects get their `id` once it has committed.

        Raises ReadOnlyError on a read-only file and SaveError when the disk refuses (full, file gone, no permission);
        in both cases the file on disk and the Workbook object are unchanged.
        """
        if self.read_only:
            who = f"，{self.locked_by.describe()}正在编辑它" if self.locked_by is not None else ""
            raise ReadOnlyError(
                f"工作簿“{self.path}”是以只读方式打开的{who}，不能保存；请用“另存为”把修改保存到其他文件。", self.path
            )
        conn = self._connection()
        self._check_still_there()
        self._check_still_ours()
        try:
            # Projects still waiting for their indicators or fields read them now: the save rewrites those rows.
            self._read_deferred()
            # IMMEDIATE takes the write lock up front, so a busy file fails before anything is written.
            conn.execute("BEGIN IMMEDIATE")
            new_ids = write_workbook(conn, workbook)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # the failed COMMIT may already have ended the transaction; the journal restores the file
            if isinstance(exc, sqlite3.Error | OSError):
                raise SaveError(
                    f"无法保存工作簿“{self.path}”：{failure_reason(exc)}。{KEEP_DATA_ADVICE}", self.path
                ) from exc
            if isinstance(exc, StoredValueError):
                raise SaveError(f"无法保存工作簿“{self.path}”：{exc}。{KEEP_DATA_ADVICE}", self.path) from exc
            if isinstance(exc, OverflowError | UnicodeEncodeError):
                # Every input path refuses such values; this only guards against one that slipped through.
                raise SaveError(
                    f"无法保存工作簿“{self.path}”：某个项目含有无法保存的数值或文字（{_unstorable(exc)}）。"
                    f"{KEEP_DATA_ADVICE}",
                    self.path,
                ) from exc
            raise
        for new in new_ids:
            new.project.id = new.id

    def close(self) -> None:
        """Close the file and release the lock if we hold it; calling it again does nothing.

        Projects loaded with deferred indicators or fields that have not read them yet keep a read-only hold on the
        file (no lock) until they are gone, so a workbook still on screen while the next one opens stays whole;
        reading all of them here would make closing a big workbook as slow as reading it in full.
        """
        reader, connection = self._deferred, self._conn
        self._deferred, self._conn = None, None
        if reader is not None and connection is not None and reader.pending_count():
            self._closer.detach()
            reader.keep_reading(connection)
            if self._lock is not None:
                self._lock.release()
            return
        self._closer()

    def deferred_indicators(self) -> int:
        """How many loaded projects have not read their indicators yet (0 unless loaded with defer_indicators)."""
        return self._deferred.pending_indicators() if self._deferred is not None else 0

    def deferred_projects(self) -> int:
        """How many loaded projects still wait for something from the file (indicators or other fields)."""
        return self._deferred.pending_count() if self._deferred is not None else 0

    def _read_deferred(self) -> None:
        if self._deferred is not None:
            self._deferred.read_all()

    def __enter__(self) -> WorkbookFile:
        return self

    def __exit__(
        self, _exc_type: type[BaseException] | None, _exc: BaseException | None, _traceback: TracebackType | None
    ) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise WorkbookError(f"工作簿“{self.path}”已经关闭，请重新打开后再操作。", self.path)
        return self._conn

    def _check_still_ours(self) -> None:
        """Refuse to save after a colleague took editing over (取得编辑权): our save would undo their work."""
        if self._lock is None or self._lock.still_held():
            return
        holder = self._lock.holder_now()
        who = holder.describe() if holder is not None else "其他人"
        raise SaveError(
            f"无法保存工作簿“{self.path}”：{who}已取得此工作簿的编辑权，保存会覆盖其修改。{KEEP_DATA_ADVICE}", self.path
        )

    def _check_still_there(self) -> None:
        """Refuse to save into a file that was deleted or replaced while open: the save would land nowhere."""
        try:
            identity = _file_identity(self.path)
        except FileNotFoundError:
            raise SaveError(f"无法保存工作簿“{self.path}”：文件已被删除或移走。{KEEP_DATA_ADVICE}", self.path) from None
        # Some network file systems report no inode numbers (0); only a real difference means another file.
        if identity[1] and self._identity[1] and identity != self._identity:
            raise SaveError(f"无法保存工作簿“{self.path}”：文件已被其他程序替换。{KEEP_DATA_ADVICE}", self.path)


def _unstorable(exc: BaseException) -> str:
    if isinstance(exc, OverflowError):
        return "整数太大"
    return "单独的代理字符，多为复制来源的编码损坏"


def _close(connection: sqlite3.Connection, lock: WorkbookLock | None) -> None:
    connection.close()
    if lock is not None:
        lock.release()


def write_snapshot(workbook: Workbook, path: Path) -> None:
    """Write `workbook` as a complete standalone workbook file at `path` (crash-recovery copies, save-as).

    The file is built under a temporary name in the same folder and renamed over `path`, so `path` always holds a
    complete workbook. The Workbook object is not changed (new projects keep `id` None). Raises SaveError.
    """
    path = Path(path)
    try:
        _write_new_file(workbook, path)
    except StoredValueError as exc:
        raise SaveError(f"无法写入工作簿文件“{path}”：{exc}。{KEEP_DATA_ADVICE}", path) from exc
    except (sqlite3.Error, OSError) as exc:
        raise SaveError(f"无法写入工作簿文件“{path}”：{failure_reason(exc)}。{KEEP_DATA_ADVICE}", path) from exc


_FOLDER_REFUSES = {errno.EACCES, errno.EPERM, errno.EROFS}


def _take_lock(path: Path, *, create: bool) -> tuple[WorkbookLock | None, LockInfo | None, ReadOnlyReason, str]:
    """Our lock; or no lock with who holds it, or why none could be created (the file then opens read-only)."""
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        result = WorkbookLock.acquire(path)
    except OSError as exc:
        if create:
            raise WorkbookError(f"无法新建工作簿文件“{path}”：{failure_reason(exc)}。请选择其他位置。", path) from exc
        # Without a lock we must not write, but the clerk can still read the workbook.
        reason = ReadOnlyReason.FOLDER if exc.errno in _FOLDER_REFUSES else ReadOnlyReason.NO_LOCK
        return None, None, reason, failure_reason(exc)
    if isinstance(result, WorkbookLock):
        return result, None, ReadOnlyReason.NONE, ""
    return None, result, ReadOnlyReason.LOCKED, ""


def _refused_writing(path: Path) -> ReadOnlyReason | None:
    """FOLDER or FILE when the folder or the file refuses writing (read-only mount, 只读 attribute), else None."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return ReadOnlyReason.FOLDER
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    # Checked by the permission bits as well as access(): an administrator (or root) may write anything, but a file
    # its owner marked read-only is meant to stay as it is.
    if not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK):
        return ReadOnlyReason.FILE
    return None


def _create_new(path: Path, lock: WorkbookLock | None) -> None:
    if lock is None:
        raise WorkbookError(f"找不到工作簿文件“{path}”，请确认文件位置是否正确，或新建一个工作簿。", path)
    try:
        _write_new_file(Workbook(), path)
    except (sqlite3.Error, OSError) as exc:
        raise WorkbookError(f"无法新建工作簿文件“{path}”：{failure_reason(exc)}。请选择其他位置。", path) from exc


def _write_new_file(workbook: Workbook, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    # os.open rather than tempfile.mkstemp: mkstemp's 0600 would hide the workbook from colleagues on a shared drive.
    os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
    try:
        conn = _connect(temporary, read_only=False)
        try:
            migrate(conn)
            conn.execute("BEGIN IMMEDIATE")
            write_workbook(conn, workbook)
            conn.execute("COMMIT")
        finally:
            conn.close()
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        temporary.with_name(temporary.name + "-journal").unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _open_checked(path: Path, read_only: bool) -> sqlite3.Connection:
    """Connect to a file after checking it is an undamaged workbook of a version we know; migrate older ones."""
    _check_header(path)
    try:
        conn = _connect(path, read_only)
    except sqlite3.Error as exc:
        raise open_error(exc, path) from exc
    try:
        _check_integrity(conn, path)
        version = user_version(conn)
        if version > schema_version():
            raise NewerWorkbookError(
                f"工作簿“{path}”是由较新版本的程序保存的（格式版本 {version}，本程序只认识到版本 {schema_version()}），"
                "请升级程序后再打开。",
                path,
            )
        if version < schema_version():
            conn = _migrated(conn, path, read_only)
        return conn
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise open_error(exc, path) from exc
        raise


def _migrated(conn: sqlite3.Connection, path: Path, read_only: bool) -> sqlite3.Connection:
    """The connection after bringing an older file to the current schema (a copy in memory when read-only)."""
    if read_only:
        # We may not write the file, but can still show it: migrate a private copy held in memory.
        memory = sqlite3.connect(":memory:", isolation_level=None)
        conn.backup(memory)
        conn.close()
        memory.execute("PRAGMA foreign_keys = ON")
        migrate(memory)
        return memory
    if has_user_data(conn):
        try:
            backup_before_migration(conn, path)
        except OSError as exc:
            raise WorkbookError(
                f"工作簿“{path}”需要升级格式，但无法在同一文件夹中保存升级前的备份（{failure_reason(exc)}），"
                "文件没有改动；请检查磁盘空间和写入权限后再打开。",
                path,
            ) from exc
    try:
        migrate(conn)
    except sqlite3.Error as exc:
        raise WorkbookError(
            f"工作簿“{path}”升级格式时出错（{exc}），未完成的升级步骤已撤销；请把文件和升级前的备份发给技术支持。", path
        ) from exc
    return conn


def _check_header(path: Path) -> None:
    """Recognise our file from its first 100 bytes before handing it to SQLite."""
    try:
        header = read_header(path)
    except OSError as exc:
        raise WorkbookError(f"无法读取工作簿文件“{path}”：{failure_reason(exc)}。", path) from exc
    if not header:
        raise NotAWorkbookError(
            f"“{path}”是一个空文件，不是工作簿；请选择扩展名为 {WORKBOOK_SUFFIX} 的工作簿文件。", path
        )
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise NotAWorkbookError(
            f"“{path}”不是本程序的工作簿文件（它可能是文本、表格或其他类型的文件），"
            f"请选择扩展名为 {WORKBOOK_SUFFIX} 的工作簿文件。",
            path,
        )
    if len(header) < HEADER_SIZE:
        raise damaged_error(path, "文件不完整")
    if header_application_id(header) != APPLICATION_ID:
        raise NotAWorkbookError(
            f"“{path}”是其他程序的数据库文件，不是本程序的工作簿；请选择扩展名为 {WORKBOOK_SUFFIX} 的工作簿文件。", path
        )


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    problems = conn.execute("PRAGMA quick_check").fetchall()
    if problems != [("ok",)]:
        raise damaged_error(path, "文件内容不完整或已损坏")
    if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
        raise damaged_error(path, "指标与所属项目的对应关系已损坏")


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (we issue BEGIN/COMMIT ourselves) with foreign keys on."""
    # mode=rw, not rwc: if the file vanished after our checks SQLite must fail, not create an empty one.
    uri = f"{_file_uri(path)}?mode={'ro' if read_only else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=_BUSY_TIMEOUT_SECONDS)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        conn.close()
        raise
    return conn


def _file_uri(path: Path) -> str:
    """A `file:` URI SQLite accepts for local, drive-letter and UNC (`\\\\server\\share`) paths alike."""
    posix = path.absolute().as_posix()
    # An empty authority then the path: file:///tmp/x, file:///C:/x, file:////server/share/x.
    return "file://" + ("" if posix.startswith("/") else "/") + quote(posix, safe="/:")


def _file_identity(path: Path) -> tuple[int, int]:
    stat = os.stat(path)
    return stat.st_dev, stat.st_ino


def _sync_folder(folder: Path) -> None:
    """Make a rename durable on POSIX (the folder entry is data too); Windows cannot open folders this way."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
