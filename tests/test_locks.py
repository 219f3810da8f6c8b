"""Issue 17, items 7 and 8: locks that never strand a colleague, and read-only said for the right reason."""

from __future__ import annotations

import errno
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.domain.model import Project, Workbook
from desktop.storage import lock as lock_module
from desktop.storage.lock import LockInfo, WorkbookLock, lock_path_for, process_start
from desktop.storage.workbook_file import ReadOnlyReason, SaveError, WorkbookFile
from tests.filesystems import read_only_folder


def _workbook(path: Path, name: str = "甲") -> Path:
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[Project(year=2025, template="ah-project", name=name)]))
    return path


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _lock(path: Path, info: LockInfo) -> Path:
    lock = lock_path_for(path)
    lock.write_text(info.to_json(), encoding="utf-8")
    return lock


def _other_pc(hours: float = 3.2) -> LockInfo:
    since = datetime.now().astimezone() - timedelta(hours=hours)
    return LockInfo(user="李四", host="PC-财务科-02", pid=4242, since=since)


def test_a_lock_is_never_seen_empty_or_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lock appears complete (hard link of a written file) — a writer killed midway leaves no stub."""
    path = _workbook(tmp_path / "folder" / "a.jixiao")
    seen: list[bytes] = []
    real_link = os.link

    def watching_link(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        seen.append(Path(src).read_bytes())  # what the lock will hold the instant it appears
        real_link(src, dst)

    monkeypatch.setattr(os, "link", watching_link)
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only
        assert json.loads(seen[0])["pid"] == os.getpid()
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.jixiao"]  # no lock, no temporary left


def test_no_room_for_the_lock_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "folder" / "a.jixiao")
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        if data.startswith(b'{"user"'):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", full)
    for _ in range(3):  # "every open leaves an empty lock behind" before
        with WorkbookFile.open(path) as wb_file:
            assert wb_file.read_only and wb_file.read_only_reason is ReadOnlyReason.NO_LOCK
            assert "磁盘空间已满" in wb_file.read_only_text()
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.jixiao"]


def test_without_hard_links_the_fallback_removes_a_stub_it_could_not_fill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(tmp_path / "a.jixiao")

    def no_links(src: object, dst: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")  # what a FAT USB stick answers

    monkeypatch.setattr(os, "link", no_links)
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only  # the fallback still gives the lock
    calls = {"n": 0}
    real_write = os.write

    def fail_second(fd: int, data: bytes) -> int:
        if data.startswith(b'{"user"'):
            calls["n"] += 1
            if calls["n"] == 2:  # the temporary is written, the exclusive stub then fails
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", fail_second)
    with WorkbookFile.open(path) as wb_file:
        assert wb_file.read_only
    assert not lock_path_for(path).exists()


@pytest.mark.parametrize(
    "refusal",
    [
        OSError(errno.EINVAL, "Incorrect function"),  # Windows on a FAT/exFAT stick: ERROR_INVALID_FUNCTION
        OSError(errno.EINVAL, "The request is not supported"),  # Windows on some shares: ERROR_NOT_SUPPORTED
        OSError(errno.ENOTSUP, "Operation not supported"),  # macOS on FAT, some Linux network file systems
        OSError(errno.EACCES, "Access is denied"),  # a share that lets files be written but not linked
    ],
)
def test_a_drive_that_refuses_hard_links_in_any_words_still_gives_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, refusal: OSError
) -> None:
    path = _workbook(tmp_path / "a.jixiao")

    def no_links(src: object, dst: object) -> None:
        raise refusal

    monkeypatch.setattr(os, "link", no_links)
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only and wb_file.locked_by is None  # editable, as on a drive with links
        assert lock_path_for(path).exists()
        second = WorkbookFile.open(path)  # and the lock still keeps a second window out of editing
        try:
            assert second.read_only and second.locked_by is not None
        finally:
            second.close()
    left = sorted(p.name for p in path.parent.iterdir() if p.name.startswith((".a.jixiao", "a.jixiao")))
    assert left == ["a.jixiao"]  # no lock and no temporary left behind


@pytest.mark.parametrize("content", [b"", b'{"user": "\xe5\xbc', b"garbage\x00\x01"])
def test_an_empty_or_garbled_lock_is_not_unknown_user_for_30_seconds(tmp_path: Path, content: bytes) -> None:
    path = _workbook(tmp_path / "a.jixiao")
    lock = lock_path_for(path)
    lock.write_bytes(content)
    started = time.monotonic()
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only and wb_file.locked_by is None
    assert time.monotonic() - started < 10  # a moment's grace (2 s) for a writer without hard links, not 30 s


def test_host_names_are_compared_without_case(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "a.jixiao")
    host = socket.gethostname()
    other_case = host.swapcase() if host.swapcase() != host else host.upper() + ".county.local"
    _lock(path, LockInfo(user="我", host=other_case, pid=_dead_pid(), since=datetime.now().astimezone()))
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only  # our own computer's crashed program: taken over


@pytest.mark.skipif(process_start(os.getpid()) is None, reason="process start times are read on Linux and Windows")
def test_a_reused_process_id_is_not_taken_for_the_holder(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "a.jixiao")
    # The lock names a live process id (ours) but a different start: the holder died and the id was given again.
    info = LockInfo(
        user="我", host=socket.gethostname(), pid=os.getpid(), since=datetime.now().astimezone(), started="linux:x:1"
    )
    _lock(path, info)
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only
    # The same id with the same start is the holder itself: respected.
    with WorkbookFile.open(path) as writer, WorkbookFile.open(path) as viewer:
        assert not writer.read_only and viewer.read_only


def test_another_computers_lock_shows_its_age_and_can_be_taken_over(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "共享.jixiao")
    holder = _other_pc()
    lock = _lock(path, holder)
    with WorkbookFile.open(path) as wb_file:
        assert wb_file.read_only and wb_file.can_take_over()
        assert "李四（电脑 PC-财务科-02" in wb_file.read_only_text() and "已 3 小时 12 分钟" in wb_file.read_only_text()
        wb_file.take_over()
        assert not wb_file.read_only and not wb_file.can_take_over()
        data = json.loads(lock.read_text(encoding="utf-8"))
        assert data["pid"] == os.getpid() and data["taken_from"] == holder.describe()
        workbook = wb_file.load()
        workbook.projects[0].name = "乙"
        wb_file.save(workbook)
    assert not lock.exists()
    with WorkbookFile.open(path, read_only=True) as wb_file:
        assert wb_file.load().projects[0].name == "乙"


def test_the_program_that_lost_the_lock_refuses_to_save(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "共享.jixiao")
    with WorkbookFile.open(path) as wb_file:
        workbook = wb_file.load()
        taker = LockInfo(user="王五", host="PC-03", pid=7, since=datetime.now().astimezone(), taken_from="我")
        _lock(path, taker)  # a colleague took editing over while we were away
        workbook.projects[0].name = "被覆盖"
        with pytest.raises(SaveError, match="王五（电脑 PC-03.*已取得此工作簿的编辑权"):
            wb_file.save(workbook)
    assert lock_path_for(path).exists()  # their lock survives our close
    with WorkbookFile.open(path, read_only=True) as wb_file:
        assert wb_file.load().projects[0].name == "甲"


def test_take_over_refuses_when_the_lock_changed_meanwhile(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "共享.jixiao")
    _lock(path, _other_pc())
    with WorkbookFile.open(path) as wb_file:
        newer = LockInfo(user="赵六", host="PC-04", pid=9, since=datetime.now().astimezone())
        _lock(path, newer)
        with pytest.raises(Exception, match="赵六"):
            wb_file.take_over()
        assert wb_file.read_only and wb_file.locked_by == newer
    assert isinstance(WorkbookLock.take_over(path, newer), WorkbookLock)


def test_a_read_only_folder_is_said_as_such(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _workbook(tmp_path / "src.jixiao")
    with read_only_folder(tmp_path / "ro", {"共享.jixiao": source.read_bytes()}) as folder:
        path = folder / "共享.jixiao"
        with WorkbookFile.open(path) as wb_file:
            assert wb_file.read_only and wb_file.read_only_reason is ReadOnlyReason.FOLDER
            assert wb_file.read_only_text() == "此工作簿所在的文件夹是只读的（没有写入权限），您只能查看"
            assert [p.name for p in wb_file.load().projects] == ["甲"]
        json_file = tmp_path / "in.json"
        assert run(["export", str(source), "-o", str(json_file)]) == 0
        assert run(["import", str(json_file), "--into", str(path)]) == 2
        err = capsys.readouterr().err
        assert "文件夹是只读的" in err and "其他程序" not in err and "您的修改仍在程序中" not in err


def test_a_read_only_file_opens_read_only_with_that_reason(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "a.jixiao")
    path.chmod(0o444)
    try:
        with WorkbookFile.open(path) as wb_file:
            assert wb_file.read_only and wb_file.read_only_reason is ReadOnlyReason.FILE
            assert "文件被设为只读" in wb_file.read_only_text()
        assert not lock_path_for(path).exists()
    finally:
        path.chmod(0o644)


def test_the_command_line_does_not_claim_changes_are_kept_in_the_program(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _workbook(tmp_path / "a.jixiao")
    source = tmp_path / "in.json"
    assert run(["export", str(target), "-o", str(source)]) == 0
    before = target.read_bytes()

    def disk_full(*_args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("desktop.storage.workbook_file.write_workbook", disk_full)
    assert run(["import", str(source), "--into", str(target)]) == 2
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err or "数据库出错" in err
    assert "您的修改仍在程序中" not in err and "工作簿文件未改动" in err
    assert target.read_bytes() == before


def test_lock_age_reads_naturally() -> None:
    now = datetime(2026, 11, 30, 12, 0).astimezone()
    for delta, text in [
        (timedelta(seconds=20), "不到 1 分钟"),
        (timedelta(minutes=7), "7 分钟"),
        (timedelta(hours=2), "2 小时"),
        (timedelta(hours=26, minutes=5), "26 小时 5 分钟"),
        (timedelta(days=9), "9 天"),
    ]:
        assert LockInfo(user="x", host="h", pid=1, since=now - delta).age_text(now) == text
    assert lock_module._same_host("PC-01", "pc-01.county.local")
    assert not lock_module._same_host("PC-01", "PC-02")
