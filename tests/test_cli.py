"""The `jixiao` command line: exit statuses of the spec and Chinese messages, never a traceback."""

from __future__ import annotations

import getpass
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import run


def test_templates_lists_the_four_layouts(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["templates"]) == 0
    out = capsys.readouterr().out
    for layout_id in ("ah-project", "hb-project", "jx-project", "ah-midterm"):
        assert layout_id in out
    assert "指标值确定依据" in out


def test_demo_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.jixiao"
    assert run(["demo", str(path)]) == 0
    assert "24 个项目" in capsys.readouterr().out
    before = path.read_bytes()
    assert run(["demo", str(path)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert path.read_bytes() == before


def _damaged_inputs(tmp_path: Path, demo_path: Path) -> dict[str, Path]:
    truncated = tmp_path / "truncated.jixiao"
    data = demo_path.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    text = tmp_path / "notes.jixiao"
    text.write_text("这只是一个文本文件\n", encoding="utf-8")
    foreign = tmp_path / "other.jixiao"
    with sqlite3.connect(foreign) as conn:
        conn.execute("create table songs (title text)")
    return {"truncated": truncated, "text": text, "foreign": foreign}


@pytest.mark.parametrize("kind", ["truncated", "text", "foreign"])
@pytest.mark.parametrize("command", ["validate", "export"])
def test_unusable_workbook_gives_message_and_status_2(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str], kind: str, command: str
) -> None:
    path = _damaged_inputs(tmp_path, demo_path)[kind]
    argv = [command, str(path)] + (["-o", str(tmp_path / "x.json")] if command == "export" else [])
    assert run(argv) == 2
    err = capsys.readouterr().err
    assert path.name in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.json").exists()


def test_missing_workbook_and_bad_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["validate", str(tmp_path / "nope.jixiao")]) == 2
    assert "找不到" in capsys.readouterr().err
    assert run(["export", str(tmp_path / "nope.jixiao")]) == 2
    assert "命令参数有误" in capsys.readouterr().err
    assert run(["import", str(tmp_path / "a.docx"), "--into", str(tmp_path / "w.jixiao")]) == 2
    assert "找不到要导入的文件" in capsys.readouterr().err


def test_export_refuses_unknown_extension_and_unknown_project(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["export", str(demo_path), "-o", str(tmp_path / "x.doc")]) == 2
    assert "不支持导出" in capsys.readouterr().err
    assert run(["export", str(demo_path), "-o", str(tmp_path / "x.json"), "--project", "9999"]) == 2
    assert "9999" in capsys.readouterr().err


def test_import_of_malformed_json_writes_nothing(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "jixiao-workbook", "version": 1, "projects": [{"year": "2024"}]}', encoding="utf-8")
    before = demo_path.read_bytes()
    assert run(["import", str(bad), "--into", str(demo_path)]) == 2
    assert "无法导入" in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_import_creates_missing_workbook_and_selects_projects(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "two.json"
    assert run(["export", str(demo_path), "-o", str(exported), "--project", "1", "2"]) == 0
    target = tmp_path / "new.jixiao"
    assert run(["import", str(exported), "--into", str(target), "--year", "2025"]) == 0
    assert "2 个项目" in capsys.readouterr().out
    again = tmp_path / "again.json"
    assert run(["export", str(target), "-o", str(again)]) == 0
    assert again.read_text(encoding="utf-8").count('"year": 2025') == 2


def test_console_script_reports_in_chinese_without_traceback(tmp_path: Path) -> None:
    script = shutil.which("jixiao", path=str(Path(sys.executable).parent))
    assert script is not None, "the jixiao console script is installed with the package"
    garbage = tmp_path / "g.jixiao"
    garbage.write_bytes(b"\x00\x01garbage" * 100)
    done = subprocess.run([script, "validate", str(garbage)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "g.jixiao" in done.stderr
    assert "Traceback" not in done.stderr
    module = subprocess.run([sys.executable, "-m", "desktop", "templates"], capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and "ah-midterm" in module.stdout


def test_import_into_a_workbook_open_elsewhere_names_the_holder(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.storage.workbook_file import WorkbookFile

    exported = tmp_path / "all.json"
    assert run(["export", str(demo_path), "-o", str(exported)]) == 0
    before = demo_path.read_bytes()
    with WorkbookFile.open(demo_path) as holder:
        assert holder.read_only is False
        assert run(["import", str(exported), "--into", str(demo_path)]) == 2
    err = capsys.readouterr().err
    assert "只能只读" in err and "未导入" in err
    assert getpass.getuser() in err
    assert demo_path.read_bytes() == before


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx", ".json"])
def test_export_onto_a_folder_says_so_in_chinese(
    tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    target = tmp_path / f"报送{suffix}"
    target.mkdir()
    assert run(["export", str(demo_path), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "文件夹" in err
    assert "Errno" not in err and "Traceback" not in err and "Is a directory" not in err


def test_a_reader_that_goes_away_is_not_a_disk_error(demo_path: Path) -> None:
    """`jixiao validate wb | head -1`: the pipe closes early; nothing about disks, no traceback."""
    child = subprocess.Popen(
        [sys.executable, "-m", "desktop", "validate", str(demo_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=120) == 0
    assert err == ""
