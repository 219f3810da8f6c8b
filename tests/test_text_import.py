"""The text importer: seed documents against the hand transcription, the other layouts, pasted tables, bad input.

The seed comparison is field by field, so a failure names the project, the field and both values.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desktop.cli import run
from desktop.domain.model import Project
from desktop.io.importing import ImportFailed, ImportResult
from desktop.io.interchange import project_to_json
from desktop.io.text.importer import parse_indicator_rows, parse_text, read_text
from desktop.io.text.lines import decode
from desktop.templates.frames import bundled_frames
from tests.props import examples

FRAME_2020, FRAME_2021 = bundled_frames()["2020"], bundled_frames()["2021"]

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SEEDS = ROOT / "resources" / "demo" / "seeds"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"
DEMO = ROOT / "resources" / "demo"

SEED_DOCS = {
    "huoqiu": ("huoqiu-2024-project-forms.txt", "huoqiu-2024.json", 5, "ah-project"),
    "sixian": ("sixian-2024-department-budget.txt", "sixian-2024.json", 5, "ah-project"),
    "xinglong": ("xinglong-2024-department-performance.txt", "xinglong-2024.json", 14, "hb-project"),
}
PROJECT_FIELDS = ("year", "template", "name", "code", "department", "implementing_unit", "source", "period")
MORE_FIELDS = ("attribute", "funds", "midterm", "purpose", "spending_plan", "basis", "annual_goal", "status")
INDICATOR_FIELDS = ("level1", "level2", "name", "value", "midterm_value", "description", "basis")

_imports: dict[str, ImportResult] = {}


def seed_import(key: str) -> ImportResult:
    if key not in _imports:
        _imports[key] = read_text(SEEDS / SEED_DOCS[key][0])
    return _imports[key]


def transcription(key: str) -> list[dict[str, Any]]:
    with open(DEMO / SEED_DOCS[key][1], encoding="utf-8") as handle:
        projects: list[dict[str, Any]] = json.load(handle)["projects"]
    return projects


def differences(got: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    """Every field that differs, named (project fields, then each indicator's fields)."""
    out = [f"{k}: {got[k]!r} ≠ {expected[k]!r}" for k in PROJECT_FIELDS + MORE_FIELDS if got[k] != expected[k]]
    if len(got["indicators"]) != len(expected["indicators"]):
        out.append(f"三级指标数 {len(got['indicators'])} ≠ {len(expected['indicators'])}")
    for i, (a, b) in enumerate(zip(got["indicators"], expected["indicators"], strict=False)):
        out += [f"指标 {i + 1} {k}: {a[k]!r} ≠ {b[k]!r}" for k in INDICATOR_FIELDS if a[k] != b[k]]
    return out


# ---------------------------------------------------------------- the seed documents


@pytest.mark.parametrize("key", list(SEED_DOCS))
def test_each_seed_yields_exactly_its_forms(key: str) -> None:
    _, _, count, layout = SEED_DOCS[key]
    result = seed_import(key)
    assert len(result.projects) == count
    assert {p.template for p in result.projects} == {layout}
    assert [p.name for p in result.projects] == [p["name"] for p in transcription(key)]


@pytest.mark.parametrize(
    ("key", "index"), [(key, i) for key, (_, _, count, _) in SEED_DOCS.items() for i in range(count)]
)
def test_seed_form_matches_the_transcription_field_by_field(key: str, index: int) -> None:
    got = project_to_json(seed_import(key).projects[index])
    assert differences(got, transcription(key)[index]) == []


def test_bundled_seeds_are_the_shared_seed_documents() -> None:
    if not SHARED_SEEDS.is_dir():
        pytest.skip("shared seeds not present")
    for name, *_ in SEED_DOCS.values():
        assert (SEEDS / name).read_bytes() == (SHARED_SEEDS / name).read_bytes()


def test_report_lists_every_line_not_placed_with_its_number() -> None:
    result = seed_import("huoqiu")
    assert [(u.line_no, u.text.strip()) for u in result.unplaced] == [(40, "...")]
    assert "省略号" in result.unplaced[0].reason
    assert result.summary() == "从 huoqiu-2024-project-forms.txt 读到 5 个项目、46 条三级指标；1 行未能识别"


def test_public_list_is_checked_against_the_forms_not_imported() -> None:
    notes = "\n".join(seed_import("huoqiu").notes)
    assert "“离休人员医疗费”金额 33 与项目表的 200.00 万元不一致" in notes
    assert "公开清单（5 个项目）" in notes


def test_form_printed_twice_is_imported_once_and_said_so() -> None:
    result = seed_import("sixian")
    assert len(result.projects) == 5
    assert sum("只导入一次" in note for note in result.notes) == 5
    # The text around the forms is the department's publication, read as such (tests/test_department_import.py).
    assert result.unplaced == []
    assert [d.name for d in result.departments] == ["泗县医疗保障局"]
    assert not any(note.startswith("表外文字") for note in result.notes)


def test_hebei_year_comes_from_the_document_when_the_form_prints_none() -> None:
    form_12 = seed_import("xinglong").projects[11]
    assert form_12.name is not None and form_12.name.startswith("冀财社[2022]172号 2023年")
    assert form_12.year == 2024


def test_seed_reads_the_same_in_every_encoding_and_line_ending() -> None:
    text = (SEEDS / SEED_DOCS["xinglong"][0]).read_text(encoding="utf-8")
    reference = [project_to_json(p) for p in seed_import("xinglong").projects]
    variants = {
        "gbk.txt": text.replace("\n", "\r\n").encode("gb18030"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf16.txt": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf16be.txt": b"\xfe\xff" + text.encode("utf-16-be"),
    }
    for name, data in variants.items():
        result = parse_text(read_bytes_as_text(data, name), name)
        assert [project_to_json(p) for p in result.projects] == reference, name


def read_bytes_as_text(data: bytes, name: str) -> str:
    return decode(data, name)


def test_page_breaks_with_repeated_headings_inside_tables_change_nothing() -> None:
    text = (SEEDS / SEED_DOCS["huoqiu"][0]).read_text(encoding="utf-8")
    broken = text.replace(
        "\t\t\t住院和门诊救助人次\t≥150000 人次\n",
        "\t\t\t住院和门诊救助人次\t≥150000 人次\n\n- 3 -\n\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n",
    )
    assert broken != text
    result = parse_text(broken, "x.txt")
    assert [project_to_json(p) for p in result.projects] == [project_to_json(p) for p in seed_import("huoqiu").projects]


# ---------------------------------------------------------------- layouts not in the seeds


def by_name(projects: list[Project], name: str) -> Project:
    found = [p for p in projects if p.name == name]
    assert len(found) == 1, [p.name for p in projects]
    return found[0]


def rows_of(project: Project) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(i.level1, i.level2, i.name, i.value) for i in project.indicators]


def test_jiangxi_document_with_2021_frame_page_break_and_continued_cells() -> None:
    result = read_text(DATA / "jx-project-sample.txt")
    assert [p.template for p in result.projects] == ["jx-project", "jx-project"]
    assert result.unplaced == []
    first = by_name(result.projects, "城乡医疗救助资金")
    assert first.year == 2023
    assert (first.department.code, first.department.name) == ("610", "弋阳县医疗保障局")
    assert first.implementing_unit.name == "弋阳县医疗保障局"
    assert [str(a) if a is not None else None for a in (first.funds.total, first.funds.fiscal)] == [
        "1250.00",
        "1200.00",
    ]
    assert first.funds.other is not None and str(first.funds.other) == "50.00"
    assert first.funds.carryover is None
    assert first.annual_goal == (
        "1.资助困难群众参加城乡居民基本医疗保险，实现应保尽保。\n2.及时足额发放门诊和住院救助资金，减轻困难群众就医负担。"
    )
    assert rows_of(first)[:3] == [
        ("成本指标", "经济成本指标", "救助资金总额", "≤1250万元"),
        ("成本指标", "社会成本指标", "对困难群众生活的负面影响", "无"),
        ("产出指标", "数量指标", "资助参保人数", "≥12000人"),
    ]
    assert rows_of(first)[3] == ("产出指标", "数量指标", "门诊和住院救助人次", "≥30000人次")
    second = by_name(result.projects, "医保经办服务能力提升经费")
    assert second.year == 2023  # printed damaged: (2,023年度)
    assert second.implementing_unit.name == "弋阳县医疗保险服务中心"  # label and value in one cell
    assert ("产出指标", "时效指标", "待遇审核办结时限", "≤15个工作日（即时结算类业务当日办结）") in rows_of(second)
    assert ("满意度指标", "服务对象满意度指标", "参保群众对经办服务的满意度", "≥95%") in rows_of(second)
    assert len(second.indicators) == 7


def test_jiangxi_gbk_windows_file_with_labels_and_values_in_one_cell() -> None:
    result = read_text(DATA / "jx-project-sample-2.txt")
    (project,) = result.projects
    assert project.template == "jx-project" and project.year == 2023
    assert project.name == "医疗保障基金监管专项经费"
    assert (project.department.code, project.department.name) == ("610", "弋阳县医疗保障局")
    assert project.implementing_unit.name == "弋阳县医疗保障局"
    assert str(project.funds.total) == "20"
    rows = rows_of(project)
    # 质量指标 printed in the 一级 column: still a 二级 under 产出指标.
    assert ("产出指标", "质量指标", "检查覆盖率", "100%") in rows
    # 成本指标 printed 2020-style under 产出指标: the 2021 frame makes it a 一级; its 二级 (not printed) is guessed
    # from the money value, and the guess is reported on that row.
    assert ("成本指标", "经济成本指标", "第三方协查费用", "≤8万元") in rows
    (guess,) = result.guesses
    assert project.indicators[guess.indicator].name == "第三方协查费用"
    assert "按三级指标名称推测为“经济成本指标”" in guess.reason
    assert rows[0] == ("成本指标", "经济成本指标", "检查经费", "≤20万元")


def test_midterm_approval_form_side_by_side_funds_goals_and_indicator_halves() -> None:
    (project,) = read_text(DATA / "ah-midterm-sample.txt").projects
    assert project.template == "ah-midterm" and project.year == 2021
    assert (project.department.code, project.department.name) == ("039", "霍邱县医疗保障局")
    assert project.implementing_unit.name == "霍邱县医疗保险管理中心"
    assert project.attribute == "经常性项目"
    assert [str(project.funds.total), str(project.funds.fiscal), str(project.funds.other)] == [
        "53800.00",
        "53400.00",
        "400.00",
    ]
    assert project.midterm is not None
    assert (project.midterm.start, project.midterm.end) == (2021, 2023)
    mid = project.midterm.funds
    assert [str(mid.total), str(mid.fiscal), str(mid.other)] == ["161400.00", "160200.00", "1200.00"]
    assert project.midterm.goal == "1.按标准足额落实城乡居民医保财政补助。\n2.巩固参保率，保障基金收支平衡。"
    assert project.annual_goal == "1.2021年人均财政补助不低于550元。\n2.参保率稳定在95%以上。"
    assert len(project.indicators) == 7
    time = project.indicators[2]
    assert (time.level1, time.level2, time.name) == ("产出指标", "时效指标", "补助资金拨付时间")
    assert (time.midterm_value, time.value) == ("每年12月底前", "2021年12月底前")
    last = project.indicators[-1]
    assert (last.level1, last.level2, last.midterm_value, last.value) == (
        "满意度指标",
        "服务对象满意度指标",
        "≥90%",
        "≥90%",
    )


def test_midterm_application_form_with_bom_crlf_and_a_page_break() -> None:
    result = read_text(DATA / "ah-midterm-sample-2.txt")
    (project,) = result.projects
    assert result.unplaced == []
    assert project.template == "ah-midterm" and project.year == 2022  # printed (2,022年度)
    assert project.name == "医疗救助资金" and project.attribute == "延续性项目"
    assert project.midterm is not None and (project.midterm.start, project.midterm.end) == (2022, 2024)
    assert str(project.midterm.funds.total) == "55542" and str(project.funds.total) == "18514"
    assert project.funds.other is None
    assert project.annual_goal == "资助困难群众参保全覆盖，年度救助人次不少于15万。"
    values = {i.name: (i.level1, i.level2, i.midterm_value, i.value) for i in project.indicators}
    assert values["住院和门诊救助人次"] == ("产出指标", "数量指标", "≥45万人次", "≥15万人次")
    assert values["救助资金结算时间"] == ("产出指标", "时效指标", "即时结算", "2022年12月31日前完成")
    assert values["救助资金"] == ("产出指标", "成本指标", "≤55542万元", "≤18514万元")
    assert values["救助对象满意度"] == ("满意度指标", "满意度指标", "≥90%", "≥90%")


def test_midterm_funds_printed_one_block_under_the_other() -> None:
    text = (
        "部门预算财政支出绩效目标批复表\n（2021年度）\n项目名称\t测试项目\n实施单位\t某中心\t项目属性\t经常性项目\n"
        "项目资金（万元）\t中期资金总额\t300\n\t其中：财政拨款\t290\n\t其他资金\t10\n"
        "\t年度资金总额\t100\n\t其中：财政拨款\t95\n\t其他资金\t5\n"
        "总体目标（2021-2023年）\t三年目标\t年度目标\t今年目标\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t中长期指标值\t二级指标\t三级指标\t本年度指标值\n"
        "\t产出指标\t数量指标\t人数\t≥3人\t数量指标\t人数\t≥1人\n"
    )
    (project,) = parse_text(text, "x.txt").projects
    assert project.template == "ah-midterm"
    assert [str(project.funds.total), str(project.funds.fiscal), str(project.funds.other)] == ["100", "95", "5"]
    assert project.midterm is not None
    assert [str(project.midterm.funds.total), str(project.midterm.funds.fiscal)] == ["300", "290"]
    assert (project.midterm.goal, project.annual_goal) == ("三年目标", "今年目标")
    assert (project.indicators[0].midterm_value, project.indicators[0].value) == ("≥3人", "≥1人")


def test_table_copied_from_excel_with_quoted_multiline_goal() -> None:
    result = read_text(DATA / "excel-copy-ah-project.tsv")
    (project,) = result.projects
    assert project.template == "ah-project" and project.year == 2024
    assert project.source == "本级申报项目" and project.period == "3年"
    assert [str(project.funds.total), str(project.funds.fiscal), str(project.funds.carryover)] == [
        "1050.00",
        "1000.00",
        "50.00",
    ]
    assert project.funds.other is None
    assert (
        project.annual_goal
        == '1.减轻参保患者就医负担，保障医保基金安全。\n2.保障医保业务健康平稳运行，"一站式"结算全覆盖。'
    )
    assert ("产出指标", "质量指标", "业务经费使用合规率", "100%") in rows_of(project)
    assert ("产出指标", "成本指标", "居民医保业务成本", "≤1050万元") in rows_of(project)
    assert len(project.indicators) == 8
    assert result.unplaced == []


def test_table_copied_from_word_with_trailing_and_non_breaking_spaces() -> None:
    (project,) = read_text(DATA / "word-copy-ah-project.txt").projects
    assert project.name == "离休人员医疗费" and project.period == "3 年"
    assert str(project.funds.total) == "200.00" and str(project.funds.other) == "0.00"
    assert rows_of(project)[0] == ("产出指标", "数量指标", "离休人数", "53 人")
    assert rows_of(project)[3] == ("产出指标", "成本指标", "离休人员医疗费成本", "≤2000000 元")
    assert len(project.indicators) == 6


def test_value_continued_on_a_line_without_cells_is_joined() -> None:
    text = (
        "项目名称\t测试项目\n主管部门及代码\t[039]霍邱县医疗保障局\t实施单位\t霍邱县医疗保障局\n"
        "项目来源\t财政拨款\t项目期\t1 年\n项目资金 (万元)\t年度资金总额:\t10\n年度目标\t保障运转。\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t时效指标\t资金到位时间\t2024 年 12 月\n31 日前\n"
        "\t满意度指标\t满意度指标\t服务对象满意度\t≥90%\n"
    )
    (project,) = parse_text(text, "x.txt", year=2024).projects
    assert rows_of(project)[0] == ("产出指标", "时效指标", "资金到位时间", "2024 年 12 月 31 日前")
    assert len(project.indicators) == 2


def test_identical_form_twice_imported_once_different_forms_of_one_name_both() -> None:
    text = (DATA / "word-copy-ah-project.txt").read_text(encoding="utf-8")
    twice = parse_text(text + "\n" + text, "x.txt")
    assert len(twice.projects) == 1
    assert any("只导入一次" in note for note in twice.notes)
    changed = parse_text(text + "\n" + text.replace("53\u00a0人", "54 人"), "x.txt")
    assert len(changed.projects) == 2
    assert any("内容不同" in note for note in changed.notes)


def test_template_and_year_options() -> None:
    result = read_text(DATA / "jx-project-sample.txt", template="ah-project", year=2025)
    assert {p.template for p in result.projects} == {"ah-project"}
    assert {p.year for p in result.projects} == {2025}
    with pytest.raises(ImportFailed, match="没有名为"):
        read_text(DATA / "jx-project-sample.txt", template="no-such-layout")


def test_unplaced_line_inside_a_form_is_reported() -> None:
    text = (
        "项目名称\t测试项目\n项目来源\t财政拨款\t项目期\t1 年\n项目资金 (万元)\t年度资金总额:\t10\n"
        "这一行不属于任何格子\t\n年度目标\t保障运转。\n绩效指标\t一级指标\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t人数\t≥1 人\n"
    )
    result = parse_text(text, "x.txt", year=2024)
    assert len(result.projects) == 1
    assert [(u.line_no, u.text) for u in result.unplaced] == [(4, "这一行不属于任何格子")]


SMALL_FORM = (
    "项目支出绩效目标表\n（2024年度）\n项目名称\t{name}\n项目来源\t财政拨款\t项目期\t1 年\n"
    "项目资金 (万元)\t年度资金总额:\t10\n年度目标\t保障运转。\n{heading}\n{rows}"
)
HEADING = "绩效指标\t一级指标\t二级指标\t三级指标\t指标值"


def test_running_page_header_inside_a_table_is_skipped_and_next_form_shares_the_year() -> None:
    first = SMALL_FORM.format(
        name="甲",
        heading=HEADING,
        rows="\t产出指标\t数量指标\t人数\t≥1人\n项目支出绩效目标表\n第 2 页\n\t\t质量指标\t合格率\t100%\n",
    )
    second = SMALL_FORM.format(name="乙", heading=HEADING, rows="\t产出指标\t数量指标\t人数\t≥2人\n")
    second = second.replace("（2024年度）\n", "")
    result = parse_text(first + second, "x.txt")
    assert [p.name for p in result.projects] == ["甲", "乙"]
    assert rows_of(result.projects[0]) == [
        ("产出指标", "数量指标", "人数", "≥1人"),
        ("产出指标", "质量指标", "合格率", "100%"),
    ]
    assert [p.year for p in result.projects] == [2024, 2024]
    assert result.unplaced == []


def test_column_the_layout_does_not_have_is_left_out_and_noted() -> None:
    text = SMALL_FORM.format(
        name="甲",
        heading="绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标值",
        rows="\t产出指标\t数量指标\t人数\t正向\t≥1人\n\t\t质量指标\t合格率\t正向\t100%\n",
    )
    result = parse_text(text, "x.txt")
    assert rows_of(result.projects[0]) == [
        ("产出指标", "数量指标", "人数", "≥1人"),
        ("产出指标", "质量指标", "合格率", "100%"),
    ]
    assert any("“指标性质”列不在本版式中" in note for note in result.notes)


def test_markdown_table_from_an_extraction_tool_reads_like_tabs() -> None:
    text = (SEEDS / SEED_DOCS["huoqiu"][0]).read_text(encoding="utf-8")
    piped = "\n".join("| " + " | ".join(line.split("\t")) + " |" if "\t" in line else line for line in text.split("\n"))
    result = parse_text(piped, "x.md")
    assert [project_to_json(p) for p in result.projects] == [project_to_json(p) for p in seed_import("huoqiu").projects]


# ---------------------------------------------------------------- bad input


def test_empty_file_gives_no_projects(tmp_path: Path) -> None:
    for content in (b"", b"\n\n  \t \r\n"):
        path = tmp_path / "empty.txt"
        path.write_bytes(content)
        result = read_text(path)
        assert result.projects == [] and result.unplaced == []


def test_garbage_gives_no_projects_and_says_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "garbage.txt"
    path.write_text("今天天气很好。\n项目名称\n随便写点什么\t123\n" * 20, encoding="utf-8")
    result = read_text(path)
    assert result.projects == []
    assert "没有找到项目表" in result.notes[0]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "Excel/Word"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00", "PDF"),
        (bytes(range(256)) * 4, "不是文本文件"),
        (b"\x81\x30\xff\xfe\x80" * 50 + b"\x01\x02\x03", "不是"),
    ],
)
def test_binary_input_is_refused_with_a_chinese_message(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "form.txt"
    path.write_bytes(content)
    with pytest.raises(ImportFailed) as caught:
        read_text(path)
    assert words in str(caught.value)


# ---------------------------------------------------------------- pasted indicator rows (Ctrl+V)


def test_pasted_rows_of_four_three_and_two_cells() -> None:
    four = "产出指标\t数量指标\t资助参保人次\t>70000 人\n\t\t住院救助人次\t≥150000 人次\n\t质量指标\t救助比例\t≥75%\n"
    rows, unplaced = parse_indicator_rows(four, FRAME_2020)
    assert [(i.level1, i.level2, i.name, i.value) for i in rows] == [
        ("产出指标", "数量指标", "资助参保人次", ">70000 人"),
        ("产出指标", "数量指标", "住院救助人次", "≥150000 人次"),
        ("产出指标", "质量指标", "救助比例", "≥75%"),
    ]
    assert unplaced == []
    three = "社会效益指标\t负担减轻程度\t明显\n\t覆盖范围\t稳步拓展\n成本指标\t资金成本\t≤5万元\n"
    rows, _ = parse_indicator_rows(three, FRAME_2020)
    assert [(i.level1, i.level2, i.name) for i in rows] == [
        ("效益指标", "社会效益指标", "负担减轻程度"),
        ("效益指标", "社会效益指标", "覆盖范围"),
        ("产出指标", "成本指标", "资金成本"),
    ]
    two = "资助参保人次\t>70000 人\r\n住院救助人次\t≥150000 人次\r\n"
    rows, _ = parse_indicator_rows(two, FRAME_2020)
    assert [(i.level1, i.level2, i.name, i.value) for i in rows] == [
        ("", None, "资助参保人次", ">70000 人"),
        ("", None, "住院救助人次", "≥150000 人次"),
    ]


def test_pasted_rows_under_a_heading_and_in_wider_layouts() -> None:
    with_heading = (
        "一级指标\t二级指标\t三级指标\t中长期指标值\t本年度指标值\n产出指标\t数量指标\t人数\t≥3万人\t≥1万人\n"
    )
    (row,), _ = parse_indicator_rows(with_heading, FRAME_2020)
    assert (row.name, row.midterm_value, row.value) == ("人数", "≥3万人", "≥1万人")
    seven = "产出指标\t数量指标\t人数\t≥3万人\t数量指标\t人数\t≥1万人\n"
    (row,), _ = parse_indicator_rows(seven, FRAME_2020)
    assert (row.level2, row.name, row.midterm_value, row.value) == ("数量指标", "人数", "≥3万人", "≥1万人")
    six = "产出指标\t数量指标\t参保人数\t参保人数统计\t≥95%\t行业依据\n"
    (row,), _ = parse_indicator_rows(six, FRAME_2020)
    assert (row.description, row.value, row.basis) == ("参保人数统计", "≥95%", "行业依据")
    cost_2021 = "成本指标\t经济成本指标\t费用\t≤3万元\n"
    (row,), _ = parse_indicator_rows(cost_2021, FRAME_2021)
    assert (row.level1, row.level2) == ("成本指标", "经济成本指标")


def test_pasted_marks_only_row_is_reported() -> None:
    rows, unplaced = parse_indicator_rows("...\n\n产出指标\t数量指标\t人数\t1 人\n", FRAME_2020)
    assert len(rows) == 1
    assert [(u.line_no, u.text) for u in unplaced] == [(1, "...")]


# ---------------------------------------------------------------- the command line


def test_cli_imports_a_seed_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "w.jixiao"
    assert run(["import", str(SEEDS / SEED_DOCS["huoqiu"][0]), "--into", str(target)]) == 0
    captured = capsys.readouterr()
    assert "读到 5 个项目、46 条三级指标" in captured.out
    assert "第 40 行未识别" in captured.err
    from desktop.storage.workbook_file import WorkbookFile

    with WorkbookFile.open(target, read_only=True) as wb_file:
        names = [p.name for p in wb_file.load().projects]
    assert names == [p["name"] for p in transcription("huoqiu")]


@pytest.mark.parametrize(
    ("content", "status", "words"),
    [
        (b"", 1, "没有找到可导入的项目表"),
        ("随便一段文字\n没有表格\n".encode(), 1, "没有找到可导入的项目表"),
        (b"PK\x03\x04" + bytes(range(256)), 2, "不是文本文件"),
    ],
)
def test_cli_failed_import_leaves_the_workbook_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, status: int, words: str
) -> None:
    target = tmp_path / "w.jixiao"
    assert run(["import", str(DATA / "word-copy-ah-project.txt"), "--into", str(target)]) == 0
    before = target.read_bytes()
    capsys.readouterr()
    source = tmp_path / "doc.txt"
    source.write_bytes(content)
    assert run(["import", str(source), "--into", str(target)]) == status
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert target.read_bytes() == before


def test_cli_failed_import_creates_no_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "doc.txt"
    source.write_bytes(b"\x00\x01\x02binary")
    target = tmp_path / "new.jixiao"
    assert run(["import", str(source), "--into", str(target)]) == 2
    assert not target.exists()
    assert run(["import", str(DATA / "jx-project-sample.txt"), "--into", str(target), "--template", "nope"]) == 2
    assert "没有名为" in capsys.readouterr().err
    assert not target.exists()


def test_cli_template_and_year(tmp_path: Path) -> None:
    target = tmp_path / "w.jixiao"
    args = ["import", str(DATA / "ah-midterm-sample.txt"), "--into", str(target), "--template", "ah-midterm"]
    assert run([*args, "--year", "2022"]) == 0
    from desktop.storage.workbook_file import WorkbookFile

    with WorkbookFile.open(target, read_only=True) as wb_file:
        (project,) = wb_file.load().projects
    assert (project.template, project.year, project.name) == ("ah-midterm", 2022, "城乡居民基本医疗保险财政补助")
    assert project.midterm is not None and project.midterm.goal is not None


# ---------------------------------------------------------------- the demo workbook, built by this importer

# Projects the importer does not yet read exactly as transcribed: the demo takes these from the transcription.
# The list may only get shorter.
DEMO_FALLBACKS: list[str] = []


def test_demo_workbook_is_imported_from_the_seeds_with_the_listed_fallbacks_only() -> None:
    from desktop.io.demo import demo_projects, demo_workbook

    demos = demo_projects()
    assert len(demos) == 24
    assert [d.project.name for d in demos if not d.imported] == DEMO_FALLBACKS
    expected = [p for key in SEED_DOCS for p in transcription(key)]
    got = [project_to_json(p) for p in demo_workbook().projects]
    assert [differences(g, e) for g, e in zip(got, expected, strict=True)] == [[]] * 24


def test_demo_falls_back_to_the_transcription_where_the_import_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.io.text.importer as text_import
    from desktop.io.demo import demo_projects

    real = text_import.read_text

    def damaged(path: Path, template: str | None = None, year: int | None = None) -> ImportResult:
        result = real(path, template, year)
        if path.name.startswith("huoqiu"):
            result.projects[1].annual_goal = "读错了"
            del result.projects[4]
        return result

    monkeypatch.setattr(text_import, "read_text", damaged)
    demos = demo_projects()
    fallbacks = [d.project.name for d in demos if not d.imported]
    assert fallbacks == ["医疗保障专项业务费", "特困企业和特困单位离休人员基本医疗费"]
    assert demos[1].project.annual_goal is not None and demos[1].project.annual_goal.startswith("保障医保局机关")


# ---------------------------------------------------------------- documents not in the seeds
#
# Each tests/data/unseen-* file imitates one way a real form reaches a clerk (text extracted from a published
# PDF, a copy out of Excel, WPS or Word, a CSV); the expected projects below were written from the documents,
# before the importer was run on them.

Funds4 = tuple[str | None, str | None, str | None, str | None]  # total, fiscal, carryover, other


def _unit(code: str | None, name: str | None) -> dict[str, str | None] | None:
    return None if code is None and name is None else {"code": code, "name": name}


def _funds(amounts: Funds4) -> dict[str, str | None]:
    return dict(zip(("total", "fiscal", "carryover", "other"), amounts, strict=True))


def _indicator(
    level1: str,
    level2: str | None,
    name: str | None,
    value: str | None,
    *,
    midterm_value: str | None = None,
    description: str | None = None,
    basis: str | None = None,
) -> dict[str, str | None]:
    return {
        "level1": level1,
        "level2": level2,
        "name": name,
        "value": value,
        "midterm_value": midterm_value,
        "description": description,
        "basis": basis,
    }


def four(*rows: tuple[str, str, str, str]) -> list[dict[str, str | None]]:
    """Indicators of a four-column table: 一级 | 二级 | 三级 | 指标值."""
    return [_indicator(*row) for row in rows]


def halves(*rows: tuple[str, str, str, str | None, str | None]) -> list[dict[str, str | None]]:
    """Indicators of the mid-term table: 一级 | 二级 | 三级 | 中长期指标值 | 本年度指标值."""
    return [_indicator(l1, l2, name, value, midterm_value=mid) for l1, l2, name, mid, value in rows]


def six(*rows: tuple[str, str, str, str, str, str]) -> list[dict[str, str | None]]:
    """Indicators of Hebei's table: 一级 | 二级 | 三级 | 绩效指标描述 | 指标值 | 指标值确定依据."""
    return [_indicator(l1, l2, name, value, description=desc, basis=basis) for l1, l2, name, desc, value, basis in rows]


def expected_form(
    template: str,
    year: int,
    name: str,
    *,
    funds: Funds4,
    goal: str,
    indicators: list[dict[str, str | None]],
    department: tuple[str | None, str | None] = (None, None),
    unit: tuple[str | None, str | None] = (None, None),
    code: str | None = None,
    source: str | None = None,
    period: str | None = None,
    attribute: str | None = None,
    midterm: tuple[int, int, str, Funds4] | None = None,
    purpose: str | None = None,
    spending: tuple[int, int, int, int] | None = None,
) -> dict[str, Any]:
    """A project as interchange JSON, every key present (what project_to_json gives)."""
    return {
        "year": year,
        "template": template,
        "name": name,
        "code": code,
        "department": _unit(*department),
        "implementing_unit": _unit(*unit),
        "source": source,
        "period": period,
        "attribute": attribute,
        "funds": _funds(funds),
        "midterm": None
        if midterm is None
        else {"start": midterm[0], "end": midterm[1], "goal": midterm[2], "funds": _funds(midterm[3])},
        "purpose": purpose,
        "spending_plan": None
        if spending is None
        else [{"month": m, "percent": str(p)} for m, p in zip((3, 6, 10, 12), spending, strict=True)],
        "basis": None,
        "annual_goal": goal,
        "indicators": indicators,
        "status": "draft",
    }


YIYANG = ("610", "弋阳县医疗保障局")
YIYANG_CENTRE = (None, "弋阳县医疗保险服务中心")
YINGSHANG = ("201", "颍上县医疗保障局")
LUANPING = ("417001", "滦平县医疗保障局本级")
SATISFIED = "服务对象满意度指标"

UNSEEN: dict[str, tuple[list[dict[str, Any]], list[int]]] = {
    # Two forms among a document's other text; title and year on one line; all three 2021 成本 二级.
    "unseen-jx-two-forms.txt": (
        [
            expected_form(
                "jx-project",
                2023,
                "城乡居民基本医疗保险县级配套资金",
                department=YIYANG,
                unit=(None, "弋阳县医疗保障局"),
                funds=("2316.80", "2316.80", None, None),
                goal="按照城乡居民医保筹资标准足额配套县级财政补助资金，保障参保群众基本医疗待遇，确保基金收支平衡。",
                indicators=four(
                    ("成本指标", "经济成本指标", "县级财政补助资金", "≤2316.8万元"),
                    ("成本指标", "社会成本指标", "对参保群众的负面影响", "无"),
                    ("成本指标", "生态环境成本指标", "对生态环境的负面影响", "无"),
                    ("产出指标", "数量指标", "城乡居民参保人数", "≥27.6万人"),
                    ("产出指标", "数量指标", "县级补助标准", "≥84元/人"),
                    ("产出指标", "质量指标", "补助资金到位率", "100%"),
                    ("产出指标", "时效指标", "资金拨付时间", "2023年12月31日前"),
                    ("效益指标", "社会效益指标", "参保群众住院费用政策范围内报销比例", "≥70%"),
                    ("效益指标", "可持续影响指标", "医保基金运行", "收支平衡、略有结余"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "≥90%"),
                ),
            ),
            expected_form(
                "jx-project",
                2023,
                "医疗保障信息系统运维经费",
                department=YIYANG,
                unit=YIYANG_CENTRE,
                funds=("45.00", "40.00", "0.00", "5.00"),
                goal="1.保障医保信息系统全年安全稳定运行。\n2.完成定点医药机构网络接入和运维服务。",
                indicators=four(
                    ("成本指标", "经济成本指标", "系统运维费用", "≤45万元"),
                    ("产出指标", "数量指标", "接入定点医药机构数", "≥320家"),
                    ("产出指标", "质量指标", "系统正常运行率", "≥99%"),
                    ("产出指标", "时效指标", "故障响应时间", "≤2小时"),
                    ("效益指标", "社会效益指标", "参保群众就医结算便捷程度", "明显提升"),
                    ("满意度指标", SATISFIED, "定点医药机构满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # Amounts three columns right of their labels (1,907,400 typed in 元), on the line under their label
    # ("30.00万元"), and printed across under a row of labels (full-width digits, "—" for none). CRLF.
    "unseen-jx-shifted-amounts.txt": (
        [
            expected_form(
                "jx-project",
                2023,
                "医疗救助资金（县级配套）",
                department=YIYANG,
                unit=(None, "弋阳县医疗保障局"),
                funds=("1907400", "1907400", None, None),
                goal="资助特困人员、低保对象等困难群众参加城乡居民医保，落实医疗救助待遇。",
                indicators=four(
                    ("成本指标", "经济成本指标", "医疗救助资金", "≤190.74万元"),
                    ("产出指标", "数量指标", "资助参保人数", "≥1.2万人"),
                    ("产出指标", "质量指标", "救助政策落实率", "100%"),
                    ("产出指标", "时效指标", "救助资金发放时间", "2023年12月31日前"),
                    ("效益指标", "社会效益指标", "困难群众医疗负担", "有效减轻"),
                    ("满意度指标", SATISFIED, "救助对象满意度", "≥90%"),
                ),
            ),
            expected_form(
                "jx-project",
                2023,
                "长期护理保险试点经费",
                department=YIYANG,
                unit=YIYANG_CENTRE,
                funds=("30.00", "30.00", None, None),
                goal="开展长期护理保险试点，保障失能人员基本护理需求。",
                indicators=four(
                    ("成本指标", "经济成本指标", "护理服务补助资金", "≤30万元"),
                    ("产出指标", "数量指标", "享受护理待遇人数", "≥200人"),
                    ("产出指标", "时效指标", "待遇支付时间", "次月15日前"),
                    ("效益指标", "社会效益指标", "失能人员家庭负担", "有效减轻"),
                    ("满意度指标", SATISFIED, "失能人员及家属满意度", "≥85%"),
                ),
            ),
            expected_form(
                "jx-project",
                2023,
                "医保窗口服务设备购置",
                department=YIYANG,
                unit=YIYANG_CENTRE,
                funds=("12.50", "12.50", None, None),
                goal="购置窗口服务设备，改善经办服务条件。",
                indicators=four(
                    ("成本指标", "经济成本指标", "设备购置费用", "≤12.5万元"),
                    ("产出指标", "数量指标", "购置设备台数", "≥10台"),
                    ("产出指标", "质量指标", "设备验收合格率", "100%"),
                    ("效益指标", "社会效益指标", "窗口办事效率", "明显提升"),
                    ("满意度指标", SATISFIED, "办事群众满意度", "≥95%"),
                ),
            ),
        ],
        [],
    ),
    # GB18030, CRLF; full-width colons and spaces inside labels, full-width digits, a 指标值 heading with a
    # parenthesised explanation, values kept as typed.
    "unseen-jx-fullwidth-labels.txt": (
        [
            expected_form(
                "jx-project",
                2023,
                "医保基金监管执法装备购置",
                department=YIYANG,
                unit=(None, "弋阳县医疗保障局"),
                funds=("58.00", "58.00", None, None),
                goal="购置执法记录仪、移动执法终端等装备，提升医保基金监管执法能力。",
                indicators=four(
                    ("成本指标", "经济成本指标", "装备购置费用", "≤58万元"),
                    ("产出指标", "数量指标", "购置执法装备数量", "≥12 台（套）"),
                    ("产出指标", "质量指标", "装备验收合格率", "＝100%"),
                    ("产出指标", "时效指标", "装备购置完成时间", "2023年6月30日前"),
                    ("效益指标", "社会效益指标", "监管执法规范化水平", "有效提升"),
                    ("满意度指标", SATISFIED, "执法人员满意度", "≥ 90%"),
                ),
            ),
        ],
        [],
    ),
    # The year damaged on the title line, and typed in full-width digits.
    "unseen-jx-damaged-year.txt": (
        [
            expected_form(
                "jx-project",
                2023,
                "医疗保障政策宣传经费",
                department=YIYANG,
                unit=(None, "弋阳县医疗保障局"),
                funds=("6.00", "6.00", "0.00", "0.00"),
                goal="开展医保政策宣传进村入户，提高参保群众政策知晓率。",
                indicators=four(
                    ("成本指标", "经济成本指标", "宣传经费", "≤6万元"),
                    ("产出指标", "数量指标", "宣传活动场次", "≥20场"),
                    ("产出指标", "质量指标", "政策知晓率", "≥85%"),
                    ("效益指标", "社会效益指标", "群众医保政策认知", "明显提高"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "≥90%"),
                ),
            ),
            expected_form(
                "jx-project",
                2023,
                "异地就医直接结算服务经费",
                department=YIYANG,
                unit=YIYANG_CENTRE,
                funds=("3.50", "3.50", None, None),
                goal="做好异地就医备案和直接结算服务。",
                indicators=four(
                    ("成本指标", "经济成本指标", "服务经费", "≤3.5万元"),
                    ("产出指标", "数量指标", "异地就医备案人次", "≥3000人次"),
                    ("产出指标", "时效指标", "备案办结时限", "即时办结"),
                    ("效益指标", "社会效益指标", "参保群众跑腿垫资", "明显减少"),
                    ("满意度指标", SATISFIED, "异地就医群众满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # A 三级 name split by a page break: its end printed under the repeated heading row on the next page.
    "unseen-jx-page-break.txt": (
        [
            expected_form(
                "jx-project",
                2023,
                "医疗保障基金专项检查经费",
                department=YIYANG,
                unit=(None, "弋阳县医疗保障局"),
                funds=("16.00", "16.00", "0", "0"),
                goal="开展定点医药机构专项检查，规范医疗服务行为，维护医保基金安全。",
                indicators=four(
                    ("成本指标", "经济成本指标", "专项检查经费", "≤16万元"),
                    ("产出指标", "数量指标", "检查定点医药机构数量", "≥150家"),
                    ("产出指标", "数量指标", "聘请第三方机构开展飞行检查次数", "≥1次"),
                    ("产出指标", "质量指标", "违规资金追回率", "100%"),
                    ("产出指标", "时效指标", "检查完成时间", "2023年11月底前"),
                    ("效益指标", "社会效益指标", "医保基金安全运行", "有效保障"),
                    ("效益指标", "可持续影响指标", "医保基金监管长效机制", "逐步健全"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # 批复表 with half-width brackets and a row the form has no place for (line 23).
    "unseen-ahm-approval.txt": (
        [
            expected_form(
                "ah-midterm",
                2021,
                "城乡医疗救助补助资金",
                department=YINGSHANG,
                unit=(None, "颍上县医疗保障局"),
                attribute="延续性项目",
                funds=("3200.00", "3000.00", None, "200.00"),
                midterm=(
                    2021,
                    2023,
                    "1.困难群众资助参保应保尽保。\n2.困难群众医疗费用负担持续减轻。",
                    ("9600.00", "9000.00", None, "600.00"),
                ),
                goal="1.资助困难群众参保不少于6万人。\n2.政策范围内住院救助比例不低于70%。",
                indicators=halves(
                    ("产出指标", "数量指标", "资助参保人数", "≥18万人", "≥6万人"),
                    ("产出指标", "数量指标", "住院救助人次", "≥3万人次", "≥1万人次"),
                    ("产出指标", "质量指标", "政策范围内住院救助比例", "≥70%", "≥70%"),
                    ("产出指标", "时效指标", "救助资金发放时间", "每年12月底前", "2021年12月底前"),
                    ("产出指标", "成本指标", "医疗救助资金", "≤9600万元", "≤3200万元"),
                    ("效益指标", "社会效益指标", "困难群众医疗负担", "持续减轻", "有效减轻"),
                    ("效益指标", "可持续影响指标", "医疗救助制度运行", "长期稳定", "稳定运行"),
                    ("满意度指标", SATISFIED, "救助对象满意度", "≥90%", "≥90%"),
                ),
            ),
        ],
        [23],
    ),
    # 申报表, GB18030 + CRLF, 中期目标 instead of 总体目标, 填报单位 and 填报日期 on one row, blank 其他资金.
    "unseen-ahm-application.txt": (
        [
            expected_form(
                "ah-midterm",
                2022,
                "医疗保障经办服务能力建设",
                department=YINGSHANG,
                unit=(None, "颍上县医疗保障基金管理中心"),
                attribute="新增项目",
                funds=("50", "50", None, None),
                midterm=(2022, 2024, "建成覆盖县乡村三级的医保经办服务网络。", ("150", "150", None, None)),
                goal="完成15个乡镇医保服务站标准化建设。",
                indicators=halves(
                    ("产出指标", "数量指标", "标准化医保服务站数量", "≥30个", "≥15个"),
                    ("产出指标", "质量指标", "服务站验收合格率", "100%", "100%"),
                    ("产出指标", "时效指标", "建设完成时间", "2024年底前", "2022年12月底前"),
                    ("产出指标", "成本指标", "建设经费", "≤150万元", "≤50万元"),
                    ("效益指标", "社会效益指标", "群众就近办理医保业务", "明显改善", "有所改善"),
                    ("效益指标", "可持续影响指标", "经办服务网络运行", "长效运行", "稳定运行"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "≥90%", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # The halves name some 三级 differently (both names are kept, the notes say so); one indicator only in
    # the annual half, one only in the mid-term half.
    "unseen-ahm-renamed.txt": (
        [
            expected_form(
                "ah-midterm",
                2021,
                "医保基金监管专项经费",
                department=YINGSHANG,
                unit=(None, "颍上县医疗保障局"),
                attribute="经常性项目",
                funds=("20.00", "20.00", None, "0.00"),
                midterm=(2021, 2023, "建立医保基金监管长效机制。", ("60.00", "60.00", None, "0.00")),
                goal="完成年度定点医药机构检查全覆盖。",
                indicators=halves(
                    ("产出指标", "数量指标", "年度检查定点医药机构数", "≥600家次", "≥200家次"),
                    ("产出指标", "数量指标", "专项整治行动次数", None, "≥2次"),
                    ("产出指标", "数量指标", "监管制度建设", "≥3项", None),
                    ("产出指标", "质量指标", "年度检查覆盖率", "100%", "100%"),
                    ("产出指标", "时效指标", "检查完成时间", "每年12月底前", "2021年12月底前"),
                    ("产出指标", "成本指标", "监管经费", "≤60万元", "≤20万元"),
                    ("效益指标", "社会效益指标", "医保基金安全", "持续保障", "有效保障"),
                    ("效益指标", "可持续影响指标", "基金监管长效机制", "基本建立", "逐步建立"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "≥90%", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # 中长期指标值 left blank on some rows.
    "unseen-ahm-blank-midterm.txt": (
        [
            expected_form(
                "ah-midterm",
                2021,
                "离休干部医疗费",
                department=YINGSHANG,
                unit=(None, "颍上县医疗保障基金管理中心"),
                attribute="经常性项目",
                funds=("120.00", "120.00", None, None),
                midterm=(2021, 2023, "保障离休干部医疗待遇。", ("360.00", "360.00", None, None)),
                goal="足额保障离休干部年度医疗费用。",
                indicators=halves(
                    ("产出指标", "数量指标", "离休干部人数", None, "45人"),
                    ("产出指标", "质量指标", "医疗费报销准确率", "100%", "100%"),
                    ("产出指标", "时效指标", "医疗费结算时间", None, "次月结清"),
                    ("产出指标", "成本指标", "离休干部医疗费", "≤360万元", "≤120万元"),
                    ("效益指标", "社会效益指标", "离休干部医疗待遇", None, "足额保障"),
                    ("满意度指标", SATISFIED, "离休干部满意度", "≥95%", "≥95%"),
                ),
            ),
        ],
        [],
    ),
    # WPS copy of a sheet with labels and values merged over several grid columns (empty cells), trailing tabs,
    # CRLF, a quoted two-line goal, and a template note the form has no place for (line 10).
    "unseen-ahp-wps-merged.tsv": (
        [
            expected_form(
                "ah-project",
                2024,
                "居民医保参保扩面工作经费",
                department=("041", "泗县医疗保障局"),
                unit=(None, "泗县医疗保障局"),
                source="本级申报项目",
                period="1年",
                funds=("18.50", "18.50", None, None),
                goal="1.完成年度参保扩面任务，基本医保参保率稳定在95%以上。\n2.做好新生儿、在校学生等重点人群参保。",
                indicators=four(
                    ("产出指标", "数量指标", "城乡居民参保人数", "≥68万人"),
                    ("产出指标", "数量指标", "新增参保人数", "≥5000人"),
                    ("产出指标", "质量指标", "基本医保参保率", "≥95%"),
                    ("产出指标", "时效指标", "参保集中征缴完成时间", "2024年12月31日前"),
                    ("产出指标", "成本指标", "扩面工作经费", "≤18.5万元"),
                    ("效益指标", "社会效益指标", "全民参保覆盖面", "稳步扩大"),
                    ("效益指标", "可持续影响指标", "医保制度可持续运行", "持续保障"),
                    ("满意度指标", "满意度指标", "参保群众满意度", "≥90%"),
                ),
            ),
        ],
        [10],
    ),
    # Word copy: labels and values in one cell (`实施单位 某某中心`, `项目期：1年`, `年度资金总额：12.00万元`).
    "unseen-ahp-word-inline.txt": (
        [
            expected_form(
                "ah-project",
                2024,
                "医疗保障宣传经费",
                department=("039", "霍邱县医疗保障局"),
                unit=(None, "霍邱县医疗保障局"),
                source="本级申报项目",
                period="1年",
                funds=("12.00", "12.00", "0", "0"),
                goal="开展医保政策宣传，提高群众政策知晓率。",
                indicators=four(
                    ("产出指标", "数量指标", "宣传资料印制份数", "≥20000份"),
                    ("产出指标", "质量指标", "政策宣传覆盖率", "≥95%"),
                    ("产出指标", "时效指标", "宣传活动完成时间", "2024年10月底前"),
                    ("产出指标", "成本指标", "宣传经费", "≤12万元"),
                    ("效益指标", "社会效益指标", "群众医保政策知晓率", "≥90%"),
                    ("效益指标", "可持续影响指标", "医保政策宣传长效机制", "逐步建立"),
                    ("满意度指标", "满意度指标", "群众满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # Another Hebei county: its unit line, form numbers 3 and 4, the unit line and 单位：万元 on one row, all four
    # spending months filled, a goal of three numbered lines.
    "unseen-hb-county.txt": (
        [
            expected_form(
                "hb-project",
                2025,
                "2025年城乡居民医疗保险参保宣传经费",
                code="13082425P00031210003X",
                unit=LUANPING,
                funds=("8.60", "8.60", None, None),
                purpose="用于印制参保宣传资料、制作宣传展板等。",
                spending=(30, 60, 90, 100),
                goal=(
                    "1.印制发放参保宣传资料，覆盖全县各乡镇。\n2.提高城乡居民参保政策知晓率。\n"
                    "3.巩固全民参保成果，参保率稳定在95%以上。"
                ),
                indicators=six(
                    ("产出指标", "数量指标", "宣传资料印制数量", "印制发放参保宣传资料份数", "≥30000份", "工作计划"),
                    ("产出指标", "质量指标", "宣传覆盖率", "宣传覆盖全县乡镇比例", "100%", "工作计划"),
                    ("产出指标", "时效指标", "完成时间", "宣传工作完成时间", "2025年12月底前", "工作计划"),
                    ("产出指标", "成本指标", "宣传经费", "宣传经费控制数", "≤8.6万元", "预算标准"),
                    ("效益指标", "社会效益指标", "参保政策知晓率", "城乡居民参保政策知晓率", "≥90%", "行业标准"),
                    ("满意度指标", SATISFIED, "参保群众满意度", "参保群众满意情况", "≥90%", "行业标准"),
                ),
            ),
            expected_form(
                "hb-project",
                2025,
                "2025年医疗救助经办服务经费",
                code="13082425P00031310004Y",
                unit=LUANPING,
                funds=("15.00", "15.00", None, None),
                purpose="用于医疗救助对象认定核查及一站式结算服务。",
                spending=(25, 50, 80, 100),
                goal="保障医疗救助经办服务正常开展，救助资金一站式结算。",
                indicators=six(
                    ("产出指标", "数量指标", "救助对象核查人次", "年度核查救助对象人次", "≥8000人次", "工作计划"),
                    ("产出指标", "时效指标", "结算时效", "救助费用即时结算", "即时结算", "行业标准"),
                    (
                        "效益指标",
                        "社会效益指标",
                        "困难群众就医便利程度",
                        "困难群众就医便利程度",
                        "明显提升",
                        "行业标准",
                    ),
                    ("满意度指标", SATISFIED, "救助对象满意度", "救助对象满意情况", "≥90%", "行业标准"),
                ),
            ),
        ],
        [],
    ),
    # Excel "CSV (逗号分隔)" on Chinese Windows: GB18030, CRLF, cells with commas quoted.
    "unseen-ahp-excel.csv": (
        [
            expected_form(
                "ah-project",
                2024,
                "基本医疗保险经办业务经费",
                department=("041", "泗县医疗保障局"),
                unit=(None, "泗县医疗保险服务中心"),
                source="本级申报项目",
                period="3年",
                funds=("1050.00", "1000.00", "50.00", None),
                goal="保障医保经办业务正常运转, 提升经办服务水平。",
                indicators=four(
                    ("产出指标", "数量指标", "服务参保人数", "≥75万人"),
                    ("产出指标", "质量指标", "经办业务差错率", "≤1%"),
                    ("产出指标", "时效指标", "待遇结算时限", "≤20个工作日"),
                    ("产出指标", "成本指标", "经办业务成本", "≤1050万元"),
                    ("效益指标", "社会效益指标", "经办服务水平", "有效提升, 群众办事更便捷"),
                    ("效益指标", "可持续影响指标", "医保经办服务体系", "持续完善"),
                    ("满意度指标", "满意度指标", "服务对象满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # 批复表 as other Anhui counties print it: 总体目标 with 中期目标（2021年－2023年） beside it, both value columns
    # headed plain 指标值, labels ending in a colon, 主管部门及代码 and 项目期 as in the project form.
    "unseen-ahm-plain-headings.txt": (
        [
            expected_form(
                "ah-midterm",
                2021,
                "城乡居民医保参保资助资金",
                department=YINGSHANG,
                unit=(None, "颍上县医疗保障局"),
                period="3年",
                attribute="延续性项目",
                funds=("300.00", "280.00", None, "20.00"),
                midterm=(
                    2021,
                    2023,
                    "目标1：困难群众应保尽保。\n目标2：困难群众参保负担持续减轻。",
                    ("900.00", "850.00", None, "50.00"),
                ),
                goal="目标1：资助困难群众参保6万人。\n目标2：资助资金及时足额到位。",
                indicators=halves(
                    ("产出指标", "数量指标", "资助参保人数", "≥18万人", "≥6万人"),
                    ("产出指标", "质量指标", "资助政策落实率", "100%", "100%"),
                    ("产出指标", "时效指标", "资助资金到位时间", "每年12月底前", "2021年12月底前"),
                    ("产出指标", "成本指标", "参保资助资金", "≤900万元", "≤300万元"),
                    ("效益指标", "社会效益指标", "困难群众参保负担", "持续减轻", "有效减轻"),
                    ("满意度指标", SATISFIED, "资助对象满意度", "≥90%", "≥90%"),
                ),
            ),
        ],
        [],
    ),
    # Excel copy of the budget system's export: comparator and unit in columns of their own (符号 | 指标值 | 计量单位).
    "unseen-jx-system-export.tsv": (
        [
            expected_form(
                "jx-project",
                2023,
                "医疗保障服务热线运行经费",
                department=YIYANG,
                unit=YIYANG_CENTRE,
                funds=("8.00", "8.00", None, None),
                goal="保障医保服务热线全年畅通，及时答复群众咨询。",
                indicators=four(
                    ("成本指标", "经济成本指标", "热线运行经费", "≤8万元"),
                    ("产出指标", "数量指标", "年度接听咨询电话", "≥6000次"),
                    ("产出指标", "质量指标", "咨询答复准确率", "≥98%"),
                    ("产出指标", "时效指标", "工单办结时限", "≤5个工作日"),
                    ("效益指标", "社会效益指标", "群众咨询便利程度", "明显提升"),
                    ("满意度指标", SATISFIED, "来电群众满意度", "≥90%"),
                ),
            ),
        ],
        [],
    ),
}


# What the report says besides the projects (every line outside the forms is counted in a 表外文字 note).
UNSEEN_NOTES: dict[str, list[str]] = {
    "unseen-jx-two-forms.txt": ["表外文字（说明、其他表格等）未导入：第 1–3 行，共 2 行"],
    "unseen-ahm-renamed.txt": [
        "第 12 行：中长期三级指标“三年累计检查定点医药机构数”与本年度“年度检查定点医药机构数”不同，两个名称都已保留",
        "第 15 行：中长期三级指标“检查覆盖率”与本年度“年度检查覆盖率”不同，两个名称都已保留",
    ],
    "unseen-hb-county.txt": ["表外文字（说明、其他表格等）未导入：第 1 行，共 1 行"],
    "unseen-ahp-excel.csv": ["unseen-ahp-excel.csv 按逗号分隔的表格（CSV）读取"],
    "unseen-jx-system-export.tsv": [
        "指标表中“符号”列的符号或单位已并入指标值（第 11 行起）",
        "指标表中“计量单位”列的符号或单位已并入指标值（第 11 行起）",
    ],
}


@pytest.mark.parametrize("name", list(UNSEEN))
def test_unseen_document_matches_what_it_prints_field_by_field(name: str) -> None:
    expected, unplaced = UNSEEN[name]
    result = read_text(DATA / name)
    got = [project_to_json(p) for p in result.projects]
    assert [p["name"] for p in got] == [p["name"] for p in expected]
    assert [differences(g, e) for g, e in zip(got, expected, strict=True)] == [[]] * len(expected)
    assert [u.line_no for u in result.unplaced] == unplaced, result.unplaced
    assert result.notes == UNSEEN_NOTES.get(name, [])


@pytest.mark.parametrize("name", list(UNSEEN))
def test_unseen_document_copied_with_an_empty_margin_column_reads_the_same(name: str) -> None:
    """A sheet's print-margin column A arrives as an empty first cell on every line, titles and years included."""
    expected, unplaced = UNSEEN[name]
    text = decode((DATA / name).read_bytes(), name)
    separator = "," if name.endswith(".csv") else "\t"
    shifted = "\n".join(separator + line for line in text.splitlines())
    result = parse_text(shifted, name)
    got = [project_to_json(p) for p in result.projects]
    assert [differences(g, e) for g, e in zip(got, expected, strict=True)] == [[]] * len(expected)
    assert [u.line_no for u in result.unplaced] == unplaced


def test_unplaced_lines_of_unseen_documents_say_why() -> None:
    approval = read_text(DATA / "unseen-ahm-approval.txt").unplaced
    assert [(u.line_no, u.text) for u in approval] == [(23, "财政部门审核意见\t同意")]
    assert "不是指标行" in approval[0].reason
    wps = read_text(DATA / "unseen-ahp-wps-merged.tsv").unplaced
    assert [(u.line_no, u.text.strip()) for u in wps] == [(10, "注：金额保留两位小数")]


def mixed_line_endings(text: str) -> str:
    endings = ["\r\n", "\n", "\r"]
    return "".join(line + endings[i % 3] for i, line in enumerate(text.splitlines()))


@pytest.mark.parametrize("name", list(UNSEEN))
def test_unseen_document_reads_the_same_in_every_encoding_and_line_ending(name: str) -> None:
    text = decode((DATA / name).read_bytes(), name).replace("\r\n", "\n")
    reference = [project_to_json(p) for p in parse_text(text, name).projects]
    variants = {
        "utf-8 BOM": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "gb18030 CRLF": text.replace("\n", "\r\n").encode("gb18030"),
        "utf-16 BOM": b"\xff\xfe" + text.encode("utf-16-le"),
        "utf-16 without BOM": text.encode("utf-16-le"),
        "mixed line endings": mixed_line_endings(text).encode("utf-8"),
    }
    for variant, data in variants.items():
        result = parse_text(decode(data, name), name)
        assert [project_to_json(p) for p in result.projects] == reference, variant


def form_text(funds_rows: str, *, heading: str = "项目支出绩效目标表\n（2024年度）\n", rows: str = "") -> str:
    """A small ah-project form around the given funds rows (`|` stands for a tab)."""
    text = (
        heading + "项目名称|测试项目\n主管部门及代码|[039]霍邱县医疗保障局|实施单位|霍邱县医疗保障局\n"
        "项目来源|财政拨款|项目期|1年\n" + funds_rows + "年度目标|保障运转。\n"
        "绩效指标|一级指标|二级指标|三级指标|指标值\n|产出指标|数量指标|人数|≥1人\n" + rows
    )
    return text.replace("|", "\t")


def funds_of(result: ImportResult) -> list[str | None]:
    (project,) = result.projects
    funds = project.funds
    return [None if a is None else str(a) for a in (funds.total, funds.fiscal, funds.carryover, funds.other)]


@pytest.mark.parametrize(
    ("rows", "amounts"),
    [
        # thousands separators, a blank cell, a dash for none
        (
            "项目资金（万元）|年度资金总额：|1,907,400\n|其中：财政拨款|1,907,400\n|上年结转|\n|其他资金|—\n",
            ["1907400", "1907400", None, None],
        ),
        # full-width digits and separators, 万元 in the cell
        (
            "项目资金（万元）|年度资金总额：|１，８５１４．００\n|其中：财政拨款|18514.00万元\n|上年结转|0 万元\n",
            ["18514.00", "18514.00", "0", None],
        ),
        # the amount a few columns right of its label, and on the line under it
        (
            "项目资金（万元）|年度资金总额：|||30.00\n|其中：财政拨款|\n||30.00\n|其他资金|/\n",
            ["30.00", "30.00", None, None],
        ),
        # labels across, amounts under them
        ("项目资金（万元）|年度资金总额：|其中：财政拨款|上年结转|其他资金\n|50|45|5|\n", ["50", "45", "5", None]),
        # a currency sign from an Excel number format
        ("项目资金（万元）|年度资金总额：|￥1,050.00\n|其中：财政拨款|¥1,050.00\n", ["1050.00", "1050.00", None, None]),
        # the label with its unit in brackets
        ("项目资金|年度资金总额（万元）|12\n|其中：财政拨款（万元）|12\n", ["12", "12", None, None]),
    ],
)
def test_amounts_as_clerks_type_them(rows: str, amounts: list[str | None]) -> None:
    result = parse_text(form_text(rows), "x.txt")
    assert funds_of(result) == amounts
    assert result.unplaced == []


def test_amount_written_in_yuan_is_converted_and_said_so() -> None:
    rows = "项目资金（万元）|年度资金总额：|1,907,400元\n|其中：财政拨款|１，９０７，４００ 元\n|其他资金|30.00万元\n"
    result = parse_text(form_text(rows), "x.txt")
    assert funds_of(result) == ["190.74", "190.74", None, "30.00"]
    assert "第 6 行：金额“1,907,400元”以元填写，已按 190.74 万元导入" in result.notes


def test_amount_that_is_not_a_number_is_reported_on_its_line() -> None:
    result = parse_text(form_text("项目资金（万元）|年度资金总额：|约三十万\n|其中：财政拨款|30\n"), "x.txt")
    assert funds_of(result) == [None, "30", None, None]
    assert [u.line_no for u in result.unplaced] == [6]
    assert "约三十万" in result.unplaced[0].reason


def test_hebei_amounts_printed_under_their_labels_before_the_purpose() -> None:
    text = (
        "1.2024年测试项目绩效目标表\n362001 兴隆县医疗保障局本级\n单位：万元\n"
        "项目编码|13082224P00059510001F||项目名称|2024年测试项目\n"
        "预算规模及资金用途|预算数|其中：财政资金|其他资金\n|27.00|27.00|\n|用于聘用人员工资保险等。\n"
        "资金支出计划（%）|3月底|6月底|10月底|12月底\n|25%|50%|75%|100%\n绩效目标|1.对人员工资发放。\n"
        "一级指标|二级指标|三级指标|绩效指标描述|指标值|指标值确定依据\n"
        "产出指标|数量指标|劳务派遣人数|劳务派遣人员数量|≥6 人|单位日常工作要求\n"
    ).replace("|", "\t")
    result = parse_text(text, "x.txt")
    (project,) = result.projects
    assert (str(project.funds.total), str(project.funds.fiscal), project.funds.other) == ("27.00", "27.00", None)
    assert project.purpose == "用于聘用人员工资保险等。"
    assert result.unplaced == []


def test_group_heading_row_over_the_midterm_indicator_headings_is_not_a_goal() -> None:
    text = (
        "部门预算财政支出绩效目标批复表\n（2021年度）\n项目名称|测试\n实施单位|某中心|||项目属性|经常性项目\n"
        "项目资金（万元）|中期资金总额|300||年度资金总额|100\n总体目标（2021-2023年）||||年度目标\n|三年目标|||今年目标\n"
        "|中长期绩效指标||||年度绩效指标||\n"
        "绩效指标|一级指标|二级指标|三级指标|中长期指标值|二级指标|三级指标|本年度指标值\n"
        "|产出指标|数量指标|人数|≥3人|数量指标|人数|≥1人\n"
    ).replace("|", "\t")
    result = parse_text(text, "x.txt")
    (project,) = result.projects
    assert project.midterm is not None and project.midterm.goal == "三年目标"
    assert project.annual_goal == "今年目标"
    assert result.unplaced == []


def test_title_with_department_and_year_before_it_gives_each_form_its_year() -> None:
    first = form_text("项目资金（万元）|年度资金总额：|1\n", heading="霍邱县医疗保障局2023年度项目支出绩效目标表\n")
    second = form_text("项目资金（万元）|年度资金总额：|2\n", heading="2024年度项目支出绩效目标表\n")
    result = parse_text(first + "\n" + second.replace("测试项目", "另一项目"), "x.txt")
    assert [(p.name, p.year) for p in result.projects] == [("测试项目", 2023), ("另一项目", 2024)]
    assert not any(note.startswith("表外文字") for note in result.notes)


def test_anhui_form_filled_in_the_2021_frame_is_read_as_printed_and_noted() -> None:
    rows = "|成本指标|经济成本指标|经费|≤10万元\n||社会成本指标|负面影响|无\n"
    result = parse_text(form_text("项目资金（万元）|年度资金总额：|10\n", rows=rows), "x.txt")
    (project,) = result.projects
    assert project.template == "ah-project"
    assert rows_of(project)[1:] == [
        ("成本指标", "经济成本指标", "经费", "≤10万元"),
        ("成本指标", "社会成本指标", "负面影响", "无"),
    ]
    assert any("“经济成本指标”属于2021 年框架" in note and "请核对" in note for note in result.notes)


# ---------------------------------------------------------------- robustness


def test_document_holding_only_the_public_list_says_so() -> None:
    result = read_text(DATA / "unseen-public-list-only.txt")
    assert result.projects == [] and result.unplaced == []
    assert "没有找到项目表" in result.notes[0]
    assert "第 4 行起是项目支出绩效目标公开清单（3 个项目），文件中没有项目表可与之核对" in result.notes[1]


def test_comma_separated_prose_is_not_taken_for_a_csv_form() -> None:
    text = "项目名称, 年度目标和绩效指标是预算的一部分, 详见附件。\n一级指标, 二级指标说明\n" * 5
    result = parse_text(text, "x.csv")
    assert result.projects == []
    assert "没有找到项目表" in result.notes[0]


def test_csv_form_and_tab_form_read_alike() -> None:
    tabbed = form_text("项目资金（万元）|年度资金总额：|1050.00\n|其中：财政拨款|1000.00\n|上年结转|50.00\n")
    as_csv = "\n".join(",".join(f'"{c}"' if "," in c else c for c in line.split("\t")) for line in tabbed.split("\n"))
    got = parse_text(as_csv, "x.csv")
    assert [project_to_json(p) for p in got.projects] == [project_to_json(p) for p in parse_text(tabbed, "x").projects]
    assert "x.csv 按逗号分隔的表格（CSV）读取" in got.notes


@pytest.mark.parametrize(
    "damage",
    [
        "很长的一行没有格子" * 200_000,
        "\t".join(["x"] * 100_000 + ["项目名称"]),
        "\t".join(["其他资金", "甲"] * 50_000),
        "产出指标\t" + "\t".join(["人数"] * 100_000),
    ],
)
def test_extremely_long_lines_inside_a_form_do_not_stop_the_import(damage: str) -> None:
    text = (DATA / "jx-project-sample.txt").read_text(encoding="utf-8")
    damaged = text.replace("年度绩效目标\t\t\t\n", damage + "\n年度绩效目标\t\t\t\n", 1)
    damaged = damaged.replace("\n\n填报单位", "\n" + damage + "\n\n填报单位", 1)
    assert damaged.count(damage) == 2
    result = parse_text(damaged, "x.txt")
    assert [p.name for p in result.projects] == ["城乡医疗救助资金", "医保经办服务能力提升经费"]
    assert all(len(u.text) <= len(damage) for u in result.unplaced)


def test_endless_continuation_lines_stop_at_the_cell_limit_and_are_reported() -> None:
    text = (DATA / "jx-project-sample.txt").read_text(encoding="utf-8")
    endless = "续行文字" * 10 + "\n"
    damaged = text.replace(
        "满意度指标\t服务对象满意度指标\t救助对象", endless * 2000 + "满意度指标\t服务对象满意度指标\t救助对象"
    )
    result = parse_text(damaged, "x.txt")
    first = result.projects[0]
    assert first.indicators[-2].value is not None and len(first.indicators[-2].value) <= 20_000
    assert result.unplaced and all("过长" in u.reason for u in result.unplaced)
    assert rows_of(first)[-1] == ("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%")


def test_random_bytes_and_garbage_give_no_projects_or_a_clear_refusal(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    for i in range(30):
        path = tmp_path / f"g{i}.txt"
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000))))
        try:
            result = read_text(path)
        except ImportFailed as exc:
            assert "不是" in str(exc) or "编码" in str(exc)
            continue
        assert result.projects == []


LABEL_FRAGMENTS = [
    "项目名称",
    "项目名称：",
    "主管部门及代码",
    "实施单位",
    "实施单位 某中心",
    "项目来源",
    "项目期：1年",
    "项目属性",
    "项目资金（万元）",
    "年度资金总额",
    "年度资金总额：",
    "其中：财政拨款",
    "财政拨款",
    "上年结转",
    "其他资金",
    "中期资金总额",
    "总体目标（2021-2023年）",
    "中期目标（2022-2024",
    "年度目标",
    "年度绩效目标",
    "绩效目标",
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "中长期指标值",
    "本年度指标值",
    "绩效指标描述",
    "指标值确定依据",
    "指标值（包含数字及文字描述）",
    "中长期绩效指标",
    "产出指标",
    "数量指标",
    "质量指标",
    "成本指标",
    "经济成本指标",
    "效益指标",
    "社会效益指标",
    "满意度指标",
    "服务对象满意度指标",
    "可持续影响指标",
    "项目支出绩效目标表",
    "（2024年度）",
    "(2,023年度)",
    "（２０２３年度）",
    "部门预算财政支出绩效目标批复表",
    "1.2024年测试绩效目标表",
    "362001 兴隆县医疗保障局本级",
    "单位：万元",
    "项目编码",
    "预算规模及资金用途",
    "预算数",
    "其中：财政资金",
    "资金支出计划（%）",
    "3月底",
    "12月底",
    "25%",
    "填报单位（盖章）：[039]某局",
    "填报日期：",
    "610-弋阳县医疗保障局",
    "1,907,400",
    "1,907,400元",
    "５８．００",
    "30.00万元",
    "—",
    "≥90%",
    "2024年12月31日前",
    "...",
    "- 3 -",
    "序号",
    "合计",
    "1",
    "项目支出绩效目标公开清单",
    '"',
    '"a""b',
    "|",
    "| --- |",
    "## ",
    "1.",
    "今天天气很好。",
    "x" * 90,
    "",
    " ",
    "\u3000",
    "\x0b",
    "\x0c",
]
SEPARATORS = ["\t", "\t", "\t\t", "\n", "\n", "\r\n", "\r", ",", " ", ""]


@settings(max_examples=examples(300))
@given(
    st.lists(st.tuples(st.sampled_from(LABEL_FRAGMENTS), st.sampled_from(SEPARATORS)), min_size=10, max_size=150),
    st.sampled_from([None, "ah-project", "hb-project", "jx-project", "ah-midterm"]),
)
# Issue 17, item 3: found by chance once, then failing every run of that checkout (the example database); now pinned.
@example(
    [("项目名称", "\t"), ("项目名称", "\t"), ("项目名称", "\n")]
    + [(f, "\t") for f in ("项目名称", "产出指标", "主管部门及代码", "实施单位", "资金支出计划（%）")]
    + [("项目名称", "\n"), ("1", "\t"), ("", "\n")],
    "ah-project",
)
def test_text_assembled_from_label_fragments_never_crashes(parts: list[tuple[str, str]], template: str | None) -> None:
    text = "".join(fragment + separator for fragment, separator in parts)
    result = parse_text(text, "x.txt", template=template)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").count("\n") + 1
    assert all(1 <= u.line_no <= lines for u in result.unplaced)
    assert len(result.projects) <= text.count("项目名称")
    parse_indicator_rows(text, FRAME_2021)


FIXTURE_LINES = [
    line
    for path in sorted(DATA.glob("unseen-*")) + [SEEDS / SEED_DOCS["huoqiu"][0]]
    for line in decode(path.read_bytes(), path.name).splitlines()
]


def damaged_line(line: str, damage: list[tuple[int, int]]) -> str:
    """A real line with cells inserted, dropped, halved, doubled or reversed (what extraction does to rows)."""
    cells = line.split("\t")
    for operation, where in damage:
        i = where % len(cells)
        if operation == 0:
            cells.insert(i, "")
        elif operation == 1 and len(cells) > 1:
            del cells[i]
        elif operation == 2:
            cells[i] = cells[i][: len(cells[i]) // 2]
        elif operation == 3:
            cells[i] = cells[i] + "\t" + cells[i]
        else:
            cells[i] = cells[i][::-1]
    return "\t".join(cells)


@settings(max_examples=examples(200))
@given(
    st.lists(
        st.tuples(
            st.sampled_from(FIXTURE_LINES), st.lists(st.tuples(st.integers(0, 4), st.integers(0, 20)), max_size=3)
        ),
        min_size=5,
        max_size=80,
    ),
    st.sampled_from([None, "ah-project", "hb-project", "jx-project", "ah-midterm"]),
)
def test_real_lines_shuffled_and_damaged_never_crash(
    rows: list[tuple[str, list[tuple[int, int]]]], template: str | None
) -> None:
    text = "\n".join(damaged_line(line, damage) for line, damage in rows)
    result = parse_text(text, "x.txt", template=template)
    assert all(1 <= u.line_no <= len(rows) for u in result.unplaced)
    assert all(p.template == (template or p.template) for p in result.projects)


@settings(max_examples=examples(300))
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_fail_with_a_chinese_message(data: bytes) -> None:
    try:
        decode(data, "x.txt")
    except ImportFailed as exc:
        assert "x.txt" in str(exc)


def test_percentages_with_no_month_to_go_under_are_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17, item 3, the exact command line of the issue (`max() arg is an empty sequence` before)."""
    source = tmp_path / "s.txt"
    source.write_text(
        "项目名称\t项目名称\t项目名称\n项目名称\t产出指标\t主管部门及代码\t实施单位\t资金支出计划（%）\t项目名称\n1\t\n",
        encoding="utf-8",
    )
    status = run(["import", str(source), "--into", str(tmp_path / "w.jixiao"), "--template", "ah-project"])
    err = capsys.readouterr().err
    assert status in (0, 1) and "程序内部错误" not in err, err
    assert "第 3 行未识别（资金支出计划的百分数无法对应到月份" in err


def test_page_break_inside_the_goal_leaves_no_page_number_in_it() -> None:
    funds = "项目资金（万元）|年度资金总额：|10\n"
    text = form_text(funds).replace(
        "年度目标\t保障运转。\n", "年度目标\t1.保障运转。\n- 5 -\n项目支出绩效目标表\n\t2.提升服务。\n"
    )
    result = parse_text(text, "x.txt")
    (project,) = result.projects
    assert project.annual_goal == "1.保障运转。\n2.提升服务。"
    assert result.unplaced == []


def test_spending_month_left_empty_with_a_dash() -> None:
    text = (
        (DATA / "unseen-hb-county.txt")
        .read_text(encoding="utf-8")
        .replace("|30%|60%|90%|100%".replace("|", "\t"), "\t—\t—\t90%\t100%")
    )
    result = parse_text(text, "x.txt")
    plan = result.projects[0].spending_plan
    assert plan is not None and [(s.month, s.percent) for s in plan] == [
        (3, None),
        (6, None),
        (10, Decimal("90")),
        (12, Decimal("100")),
    ]
    assert result.unplaced == []


def test_labels_with_invisible_characters_and_required_marks() -> None:
    text = (
        form_text("项目资金（万元）|年度资金总额：|10\n")
        .replace("项目名称", "*项目\u200b名称")
        .replace("实施单位", "＊实施单位")
    )
    (project,) = parse_text("\ufeff" + text, "x.txt").projects
    assert (project.name, project.implementing_unit.name) == ("测试项目", "霍邱县医疗保障局")
