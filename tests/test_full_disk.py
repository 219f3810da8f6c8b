"""Issue 17, items 5 and 6: a full disk and a tampered workbook end in one Chinese sentence, nothing else.

The exports run as real `jixiao` processes on a real full file system (a 64 KB tmpfs filled to the last byte when
run as root, a 1-byte file-size limit otherwise — see tests/filesystems.py), because "Exception ignored in
ZipFile.__del__" is printed by the interpreter at exit, outside anything a test could catch in-process.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile
from tests.filesystems import full_disk
from tests.test_main_window import open_window


def _workbook(path: Path) -> Path:
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:3]
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".pdf"])
def test_export_onto_a_full_disk_says_so_and_leaves_no_file(tmp_path: Path, suffix: str) -> None:
    source = _workbook(tmp_path / "源.jixiao")
    with full_disk(tmp_path / "full") as limit:
        target = tmp_path / "full" / f"导出{suffix}"
        before = sorted(p.name for p in target.parent.iterdir())
        done = subprocess.run(
            [sys.executable, "-m", "desktop", "export", str(source), "-o", str(target)],
            capture_output=True,
            text=True,
            preexec_fn=limit,
            timeout=120,
        )
        after = sorted(p.name for p in target.parent.iterdir())
    assert done.returncode == 2, done.stderr
    # The export may first list what it will print as is (W09 …); the failure is then one sentence, nothing after it.
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert "磁盘空间已满" in last and str(target) in last and "（）" not in last
    assert after == before  # no 0-byte file, no temporary left behind


def test_opening_on_a_full_disk_leaves_no_empty_lock(tmp_path: Path) -> None:
    """Issue 17, item 7: "with 0 bytes free every open leaves an empty lock behind" — now none, and the reason."""
    source = _workbook(tmp_path / "源.jixiao")
    code = (
        "import sys; from pathlib import Path; from desktop.storage.workbook_file import WorkbookFile\n"
        "for _ in range(3):\n"
        "    with WorkbookFile.open(Path(sys.argv[1])) as f:\n"
        "        print(f.read_only_text(), len(f.load().projects))\n"
    )
    with full_disk(tmp_path / "full", {"满盘.jixiao": source.read_bytes()}) as limit:
        path = tmp_path / "full" / "满盘.jixiao"
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, preexec_fn=limit, timeout=120
        )
        left = sorted(p.name for p in path.parent.iterdir() if p.name != "filler")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 3 and all(
        line.startswith("无法在工作簿所在文件夹中建立锁文件（磁盘空间已满") for line in lines
    )
    assert all(line.endswith("您只能查看 3") for line in lines), lines  # read-only, and every project readable
    assert left == ["满盘.jixiao"]  # no empty lock, no temporary


def test_a_tampered_year_opens_the_window_into_a_message_not_a_type_error(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _workbook(tmp_path / "改过.jixiao")
    conn = sqlite3.connect(path)
    conn.execute("UPDATE project SET year = '二〇二四' WHERE position = 1")
    conn.commit()
    conn.close()
    window = open_window(qtbot, tmp_path / "other.jixiao", create=True)
    window.file_ops.unattended = []
    assert not window.file_ops.open(path, ask_recovery=False)
    [message] = window.file_ops.unattended
    assert message.startswith("无法打开工作簿：") and "预算年度“二〇二四”不是整数年份" in message
    assert "已损坏" in message and "备份" in message
    window.close()
