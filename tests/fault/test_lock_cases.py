"""Lock files as they are found on real drives: each case opens writable or read-only as a clerk would expect, and
no case leaves an empty lock, a temporary file, or a colleague read-only behind a dead program."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain.model import Project, Workbook
from desktop.storage.lock import LockInfo, lock_path_for, process_start
from desktop.storage.workbook_file import ReadOnlyReason, WorkbookFile
from tests.fault.figures import count


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _info(**changes: object) -> bytes:
    base = {"user": "李四", "host": socket.gethostname(), "pid": _dead_pid(), "since": datetime.now().astimezone()}
    base.update(changes)
    return LockInfo(**base).to_json().encode("utf-8")  # type: ignore[arg-type]


HOST = socket.gethostname()
OLD = datetime.now().astimezone() - timedelta(days=3)
# (case, lock file content or None, expected: "writable" | "read-only")
CASES: list[tuple[str, bytes | None, str]] = [
    ("no lock", None, "writable"),
    ("empty lock", b"", "writable"),
    ("garbled lock", b"\xff\xfe\x00garbage", "writable"),
    ("half-written JSON", b'{"user": "\xe6\x9d\x8e', "writable"),
    ("JSON but not a lock", b"[1, 2, 3]", "writable"),
    ("lock of a dead program here", _info(), "writable"),
    ("lock of a dead program here, host in other case", _info(host=HOST.swapcase() + ".LOCAL"), "writable"),
    ("lock of a live program here", _info(pid=os.getpid(), started=process_start(os.getpid())), "read-only"),
    ("lock whose process id was reused", _info(pid=os.getpid(), started="linux:other-boot:1"), "writable"),
    ("lock of another computer", _info(host="PC-财务科-02", since=OLD), "read-only"),
    ("lock of another computer, 3 days old, after take-over", _info(host="PC-02", since=OLD), "taken over"),
]


@pytest.mark.parametrize(("case", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_lock_case(tmp_path: Path, case: str, content: bytes | None, expected: str) -> None:
    if case == "lock whose process id was reused" and process_start(os.getpid()) is None:
        pytest.skip("process start times are known on Linux and Windows only")
    path = tmp_path / "共享.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=[Project(year=2025, template="ah-project", name="甲")]))
    if content is not None:
        lock_path_for(path).write_bytes(content)
    with WorkbookFile.open(path) as wb_file:
        if expected == "writable":
            assert not wb_file.read_only, wb_file.read_only_text()
        else:
            assert wb_file.read_only and wb_file.read_only_reason is ReadOnlyReason.LOCKED
            assert wb_file.can_take_over() == (expected != "read-only" or "another computer" in case)
            if expected == "taken over":
                wb_file.take_over()
                assert not wb_file.read_only
        if not wb_file.read_only:
            wb_file.save(wb_file.load())
    count("lock cases", expected)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name not in ("共享.jixiao", "home"))
    expected_left = [lock_path_for(path).name] if expected == "read-only" else []
    assert leftovers == expected_left
