"""Layout files: the four bundled layouts load, and a broken file is refused naming the file and the key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.resources import resource_path
from desktop.templates.catalog import get_layout
from desktop.templates.frames import FrameError, bundled_frames, load_frame
from desktop.templates.layouts import LayoutError, bundled_layouts, load_layout, load_layouts

FRAME_2020, FRAME_2021 = bundled_frames()["2020"], bundled_frames()["2021"]


def test_four_layouts_with_their_frames_and_columns() -> None:
    layouts = bundled_layouts()
    assert set(layouts) == {"ah-project", "hb-project", "jx-project", "ah-midterm"}
    assert layouts["ah-project"].frame is FRAME_2020
    assert layouts["jx-project"].frame is FRAME_2021
    assert layouts["jx-project"].frame.level1s[0].name == "成本指标"
    assert [c.label for c in layouts["hb-project"].columns] == [
        "一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据",
    ]  # fmt: skip
    assert [c.label for c in layouts["ah-midterm"].columns] == [
        "一级指标", "二级指标", "三级指标", "中长期指标值", "二级指标", "三级指标", "本年度指标值",
    ]  # fmt: skip
    assert layouts["ah-project"].print_empty_level2 is True
    assert layouts["hb-project"].print_empty_level2 is False
    assert layouts["hb-project"].spending_months == (3, 6, 10, 12)
    assert layouts["ah-midterm"].midterm_funds is not None


def test_department_printed_the_way_each_layout_writes_it() -> None:
    assert get_layout("ah-project").format_department("039", "霍邱县医疗保障局") == "[039]霍邱县医疗保障局"
    assert get_layout("jx-project").format_department("610", "弋阳县医疗保障局") == "610-弋阳县医疗保障局"
    assert get_layout("ah-project").format_department(None, "霍邱县医疗保障局") == "霍邱县医疗保障局"


def test_funds_rows_in_the_order_each_layout_prints_them() -> None:
    assert [r.key for r in get_layout("ah-project").funds.rows] == ["total", "fiscal", "carryover", "other"]
    assert [r.key for r in get_layout("jx-project").funds.rows] == ["total", "fiscal", "other", "carryover"]
    assert not get_layout("hb-project").funds.has("carryover")


def test_unknown_layout_id_is_a_chinese_message() -> None:
    with pytest.raises(LayoutError, match="没有名为“sc-project”的版式"):
        get_layout("sc-project")


def _broken(tmp_path: Path, old: str, new: str, name: str = "ah-project") -> Path:
    text = resource_path("templates", f"{name}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{name}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('frame = "2020"', 'frame = "2019"', "frame"),
        ('{ key = "fiscal", label = "其中：财政拨款" }', '{ key = "fisc", label = "其中：财政拨款" }', "funds.rows[1]"),
        ('{ key = "value", label = "指标值" }', '{ key = "valeu", label = "指标值" }', "indicators.columns[3]"),
        ('["source", "period"]', '["source", "periode"]', "header"),
        ("print_empty_level2 = true", 'print_empty_level2 = "yes"', "print_empty_level2"),
        ('id = "ah-project"', 'id = "ah-projekt"', "id"),
        ('title = "项目支出绩效目标表"', 'titel = "项目支出绩效目标表"', "titel"),
        ("font_size = 10", 'font_size = "10"', "print.font_size"),
        ("title_size = 16", "title_sise = 16", "print.title_sise"),
        ('funds = "rows"', 'fund = "rows"', "sheet.fund"),
        ("widths = [10, 13, 15, 29, 23]", "widths = [10, 13, 15, 29]", "sheet.widths"),
    ],
)
def test_broken_layout_file_names_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    message = str(caught.value)
    assert "ah-project.toml" in message
    assert f"“{key}”" in message


def test_every_shipped_layout_has_checked_print_and_sheet_settings() -> None:
    # A shipped layout builds its [print] and [sheet] settings on first print or export (the window starts without
    # them), so a mistake there would only show when a clerk prints: here each is checked as a loaded file is.
    for layout_id, layout in bundled_layouts().items():
        checked = load_layout(resource_path("templates", f"{layout_id}.toml"))
        assert layout.print == checked.print
        assert layout.sheet == checked.sheet


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'name = "安徽', "name = 安徽")
    with pytest.raises(LayoutError, match="ah-project.toml 格式有误"):
        load_layout(path)


def test_a_new_province_is_a_new_file(tmp_path: Path) -> None:
    text = resource_path("templates", "ah-project.toml").read_text(encoding="utf-8")
    (tmp_path / "sc-project.toml").write_text(
        text.replace('id = "ah-project"', 'id = "sc-project"').replace("安徽 项目", "四川 项目"), encoding="utf-8"
    )
    layouts = load_layouts(tmp_path)
    assert layouts["sc-project"].name == "四川 项目支出绩效目标表"


def test_frames_are_data_files() -> None:
    assert [l1.name for l1 in FRAME_2020.level1s] == ["产出指标", "效益指标", "满意度指标"]
    assert [l1.name for l1 in FRAME_2021.level1s] == ["成本指标", "产出指标", "效益指标", "满意度指标"]
    assert FRAME_2020.level1("产出指标").each_level2  # type: ignore[union-attr]
    assert FRAME_2021.belongs("成本指标", "生态成本指标")  # an alias
    assert bundled_layouts()["ah-project"].frame == FRAME_2020


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ('rule = "E08"', 'rule = "E8"', "level1[1].rule"),
        ('name = "效益指标"', 'nam = "效益指标"', "level1[1].nam"),
        ('level2 = ["数量指标", "质量指标", "时效指标", "成本指标"]', "level2 = []", "level1[0].level2"),
        ('"数量指标", "质量指标"', '"数量指标", "数量指标"', "level1[0].level2"),
        ('id = "2020"', 'id = "2019"', "id"),
    ],
)
def test_broken_frame_file_names_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    text = resource_path("frames", "2020.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "2020.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FrameError, match=re.escape(f"指标框架文件 2020.toml 的“{key}”有误")):
        load_frame(path)


def test_a_layout_may_define_its_own_frame(tmp_path: Path) -> None:
    text = resource_path("templates", "jx-project.toml").read_text(encoding="utf-8")
    own = '[frame]\nid = "sc"\nname = "四川"\n[[frame.level1]]\nname = "项目完成指标"\nlevel2 = ["数量指标"]\n'
    path = tmp_path / "jx-project.toml"
    path.write_text(text.replace('frame = "2021"\n', "") + "\n" + own, encoding="utf-8")
    frame = load_layout(path).frame
    assert frame.id == "sc" and frame.belongs("项目完成指标", "数量指标") and frame.level1("项目完成指标").rule is None  # type: ignore[union-attr]
    path.write_text(text.replace('frame = "2021"\n', ""), encoding="utf-8")
    with pytest.raises(LayoutError, match="jx-project.toml 的“frame”有误：缺少此项"):
        load_layout(path)
