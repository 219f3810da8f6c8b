"""The one checked reader of data files: every complaint names the file and the key, in Chinese."""

from __future__ import annotations

import json
import shutil
import tomllib
import zlib
from pathlib import Path

import pytest

from desktop.datafile import (
    TWINNED_FOLDERS,
    DataFileError,
    read_json,
    read_shipped_toml,
    read_toml,
    twin_path,
    write_twin,
)
from desktop.io import demo
from desktop.resources import resource_path


def test_unreadable_and_malformed_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="^无法读取版式文件 none.toml：文件或文件夹不存在"):
        read_toml(tmp_path / "none.toml", "版式文件")
    bad = tmp_path / "bad.toml"
    bad.write_text("a = [1,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="^版式文件 bad.toml 格式有误"):
        read_toml(bad, "版式文件")
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('name = "安徽"'.encode("gb18030"))
    with pytest.raises(DataFileError, match="gbk.toml 不是 UTF-8 编码"):
        read_toml(gbk, "版式文件")
    broken = tmp_path / "d.json"
    broken.write_text('{"projects": [\n  {"name": }\n]}', encoding="utf-8")
    with pytest.raises(DataFileError, match="^示例数据文件 d.json 格式有误：第 2 行第 12 列"):
        read_json(broken, "示例数据文件")


def test_typed_access_names_the_dotted_key(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('[print]\nfont_size = "大"\nflag = 1\n[[rows]]\nlabel = ""\n', encoding="utf-8")
    table = read_toml(path, "版式文件")
    printing = table.table("print")
    with pytest.raises(DataFileError, match="^版式文件 x.toml 的“print.font_size”有误：应为 6 到 16 之间的数字$"):
        printing.number("font_size", 6, 16, 10)
    with pytest.raises(DataFileError, match="“print.flag”有误：应为 true 或 false"):
        printing.flag("flag", False)
    with pytest.raises(DataFileError, match="“print.colour”有误：缺少此项"):
        printing.text("colour")
    with pytest.raises(DataFileError, match="“rows\\[0\\].label”有误：应为非空文字"):
        table.tables("rows")[0].text("label")
    with pytest.raises(DataFileError, match="“print.flag”有误：不认识的项（拼写错误？）"):
        printing.only(("font_size",))
    assert printing.choice("orientation", ("portrait", "landscape"), "portrait") == "portrait"


def test_demo_transcriptions_go_through_the_checked_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(demo.read_transcription("huoqiu-2024.json").projects) > 0
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "huoqiu-2024.json").write_text('{"format": "jixiao", "projects": 3}', encoding="utf-8")
    monkeypatch.setattr(demo, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(DataFileError, match="^示例数据文件 huoqiu-2024.json 有误："):
        demo.read_transcription("huoqiu-2024.json")


def test_every_shipped_layout_and_frame_has_a_current_parsed_twin() -> None:
    # The twins spare every start parsing TOML (and importing tomllib); a stale one would only be passed over, so
    # this test is what notices that a shipped file was edited without rewriting its twin.
    shipped = [p for folder in TWINNED_FOLDERS for p in sorted(resource_path(folder).glob("*.toml"))]
    assert len(shipped) >= 6
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        twin = json.loads(twin_path(path).read_text(encoding="utf-8"))
        assert twin["crc32"] == zlib.crc32(text.encode("utf-8")), (
            f"{path.name} was edited: run python -m desktop.datafile"
        )
        assert twin["table"] == tomllib.loads(text)
        assert read_shipped_toml(path, "版式文件").data == read_toml(path, "版式文件").data


def test_a_stale_or_broken_twin_is_passed_over_for_the_file_itself(tmp_path: Path) -> None:
    path = tmp_path / "ah-project.toml"
    shutil.copy(resource_path("templates", "ah-project.toml"), path)
    write_twin(path)
    assert read_shipped_toml(path, "版式文件").raw("region") == "安徽"
    path.write_text(path.read_text(encoding="utf-8").replace('region = "安徽"', 'region = "四川"'), encoding="utf-8")
    assert read_shipped_toml(path, "版式文件").raw("region") == "四川"  # edited after its twin was written
    twin_path(path).write_text("{not json", encoding="utf-8")
    assert read_shipped_toml(path, "版式文件").raw("region") == "四川"
    twin_path(path).unlink()
    assert read_shipped_toml(path, "版式文件").raw("region") == "四川"
    # A twin of the edited text counts again; what it holds is what the file says, line ends aside.
    write_twin(path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    table = read_shipped_toml(path, "版式文件")
    assert table.raw("region") == "四川" and table.data == read_toml(path, "版式文件").data
