"""The text importer: seed documents against the hand transcription, the other layouts, pasted tables, bad input.

The seed comparison is field by field, so a failure names the project, the field and both values.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import run
from desktop.domain.frames import FRAME_2020, FRAME_2021
from desktop.domain.model import Project
from desktop.io.importing import ImportFailed, ImportResult
from desktop.io.interchange import project_to_json
from desktop.io.text_import import parse_indicator_rows, parse_text, read_text

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
    # The text around the forms (budget tables, prose) is summarised, not reported line by line.
    assert result.unplaced == []
    assert any(note.startswith("表外文字") for note in result.notes)


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
    from desktop.io.text_lines import decode

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
    # 成本指标 printed 2020-style under 产出指标: the 2021 frame makes it a 一级.
    assert ("成本指标", None, "第三方协查费用", "≤8万元") in rows
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
    import desktop.io.text_import as text_import
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
