"""The one checked reader of data files: every complaint names the file and the key, in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.datafile import DataFileError, read_json, read_toml
from desktop.io import demo


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
