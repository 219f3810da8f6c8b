"""PDF export: what a clerk reads on the printed form, checked by reading the exported PDF back with pypdf."""

from __future__ import annotations

import re
import shutil
import tomllib
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from desktop.domain.model import Funds, Indicator, Midterm, OrgUnit, Project, SpendingStep, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.exporting import ExportFailed
from desktop.io.pdf import export as pdf_export
from desktop.io.pdf.export import export_pdf, find_cjk_font, pdf_bytes
from desktop.io.pdf.fonts import default_font, load_font
from desktop.io.pdf.text import wrap_text
from desktop.resources import resource_path
from desktop.templates.catalog import get_layout
from desktop.templates.frames import bundled_frames
from desktop.templates.layouts import LayoutError, parse_layout

FRAME_2020 = bundled_frames()["2020"]

FORBIDDEN_LINE_START = "，。；：！？、）》”"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def jx_project() -> Project:
    return Project(
        year=2023,
        template="jx-project",
        name="城乡居民基本医疗保险经办服务经费",
        department=OrgUnit("610", "弋阳县医疗保障局"),
        implementing_unit=OrgUnit(None, "弋阳县医疗保险事业管理中心"),
        funds=Funds(Decimal("86.50"), Decimal("80.00"), Decimal("6.50"), Decimal("0")),
        annual_goal="保障城乡居民医保经办服务正常运转，提高经办服务效率。",
        indicators=[
            Indicator("产出指标", "数量指标", "参保人数", "≥38万人"),
            Indicator("产出指标", "质量指标", "待遇支付准确率", "≥98%"),
            Indicator("产出指标", "时效指标", "资金拨付时间", "2023年12月31日前"),
            Indicator("成本指标", "经济成本指标", "经办服务成本", "≤86.5万元"),
            Indicator("效益指标", "社会效益指标", "群众就医负担减轻程度", "有效减轻"),
            Indicator("满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90%"),
        ],
    )


def midterm_project() -> Project:
    return Project(
        year=2021,
        template="ah-midterm",
        name="医疗保障信息化建设",
        department=OrgUnit("052", "六安市医疗保障局"),
        implementing_unit=OrgUnit(None, "六安市医疗保障局"),
        attribute="延续性项目",
        funds=Funds(Decimal("120.00"), Decimal("120.00"), None, Decimal("0.00")),
        midterm=Midterm(2021, 2023, "建成覆盖全市的医疗保障信息平台。", Funds(Decimal("360.00"), Decimal("360.00"))),
        annual_goal="完成市级医保信息平台上线。",
        indicators=[
            Indicator("产出指标", "数量指标", "接入定点医药机构数", "≥1200家", midterm_value="≥3000家"),
            Indicator("产出指标", "时效指标", "平台上线时间", "2021年12月底前", midterm_value="2023年12月底前"),
            Indicator("效益指标", "社会效益指标", "医保业务线上办理率", "≥80%", midterm_value="≥95%"),
            Indicator("满意度指标", "满意度指标", "参保群众满意度", "≥90%", midterm_value="≥95%"),
        ],
    )


def big_project(count: int = 60) -> Project:
    pairs = [(l1.name, l2.name) for l1 in FRAME_2020.level1s for l2 in l1.level2s]
    indicators = [
        Indicator(*pairs[i * len(pairs) // count], f"第{i + 1}号指标名称较长需要在单元格中换行", f"≥{i + 1}00人次")
        for i in range(count)
    ]
    return Project(
        year=2024,
        template="ah-project",
        name="六十项指标的项目",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保障局"),
        funds=Funds(Decimal("100.00"), Decimal("100.00")),
        annual_goal="目标",
        indicators=indicators,
    )


def expected_texts(project: Project) -> list[str]:
    layout = get_layout(project.template)
    texts = [project.name or "", project.code or "", project.annual_goal or "", project.purpose or ""]
    if "department" in layout.header_fields():
        texts.append(layout.format_department(project.department.code, project.department.name))
    texts.append(project.implementing_unit.name or "")
    for funds in (project.funds, project.midterm.funds if project.midterm else Funds()):
        texts += [format(v, "f") for v in (funds.total, funds.fiscal, funds.other) if v is not None]
    for ind in project.indicators:
        texts += [ind.level1, ind.level2 or "", ind.name or "", ind.value or ""]
        for key in ("description", "basis", "midterm_value"):
            if layout.column_keys() >= {key}:
                texts.append(getattr(ind, key) or "")
    return [squash(t) for t in texts if t]


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return demo_workbook()


@pytest.mark.parametrize("index", range(24))
def test_every_demo_form_prints_all_its_fields(demo: Workbook, index: int, tmp_path: Path) -> None:
    project = demo.projects[index]
    report = export_pdf(Workbook([project]), tmp_path / "one.pdf", cover=False)
    text = squash("".join(pages_text(report.path)))
    missing = [t for t in expected_texts(project) if t not in text]
    assert missing == []
    assert report.problems == []


def test_department_printed_the_way_the_layout_writes_it(demo: Workbook, tmp_path: Path) -> None:
    ah = export_pdf(Workbook([demo.projects[0]]), tmp_path / "ah.pdf", cover=False)
    jx = export_pdf(Workbook([jx_project()]), tmp_path / "jx.pdf", cover=False)
    assert "[039]霍邱县医疗保障局" in pages_text(ah.path)[0]
    assert "610-弋阳县医疗保障局" in pages_text(jx.path)[0]


def test_hebei_form_has_numbered_title_unit_line_plan_and_extra_columns(demo: Workbook, tmp_path: Path) -> None:
    hebei = [p for p in demo.projects if p.template == "hb-project"]
    report = export_pdf(Workbook(hebei[:2]), tmp_path / "hb.pdf", cover=False)
    first, second = (squash(t) for t in pages_text(report.path)[:2])
    assert first.startswith(squash("1.2024 年劳务派遣人员经费绩效目标表"))
    assert second.startswith(squash("2.2024 年财政对城乡基本医疗保险基金的补助绩效目标表"))
    for text in ("362001兴隆县医疗保障局本级", "单位：万元", "资金支出计划（%）", "3月底", "12月底", "25%", "100%"):
        assert text in first
    assert "绩效指标描述" in first and "劳务派遣人员数量" in first and "单位日常工作要求" in first


def test_numbered_titles_count_forms_of_their_own_layout_in_a_mixed_export(demo: Workbook, tmp_path: Path) -> None:
    pages = [squash(t) for t in pages_text(export_pdf(demo, tmp_path / "all.pdf").path)]
    hebei_titles = [t for t in pages if t.startswith(squash("2.2024 年财政对城乡"))]
    assert len(hebei_titles) == 1, "the second Hebei form is numbered 2, as in 兴隆's document, not 12"
    assert not any(t.startswith("12.2024年财政") for t in pages)


def test_cover_of_several_departments_names_none_of_them(demo: Workbook, tmp_path: Path) -> None:
    mixed = squash(pages_text(export_pdf(demo, tmp_path / "mixed.pdf").path)[0])
    assert "兴隆" not in mixed and "霍邱" not in mixed and "泗县" not in mixed
    huoqiu = Workbook([p for p in demo.projects if p.department.name == "霍邱县医疗保障局"])
    assert "霍邱县医疗保障局" in squash(pages_text(export_pdf(huoqiu, tmp_path / "hq.pdf").path)[0])


def test_anhui_prints_empty_level2_rows_jiangxi_does_not(demo: Workbook, tmp_path: Path) -> None:
    ah = export_pdf(Workbook([demo.projects[0]]), tmp_path / "ah.pdf", cover=False)
    assert not any(i.level2 == "经济效益指标" for i in demo.projects[0].indicators)
    assert "经济效益指标" in pages_text(ah.path)[0] and "生态效益指标" in pages_text(ah.path)[0]
    jx = export_pdf(Workbook([jx_project()]), tmp_path / "jx.pdf", cover=False)
    text = squash(pages_text(jx.path)[0])
    assert "生态效益指标" not in text and "社会成本指标" not in text
    # 2021 frame: 成本指标 comes first although the clerk typed it fourth
    assert text.index("经办服务成本") < text.index("参保人数")


def test_midterm_form_is_landscape_with_both_halves(tmp_path: Path) -> None:
    report = export_pdf(Workbook([midterm_project()]), tmp_path / "mid.pdf", cover=False)
    page = pypdf.PdfReader(report.path).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = squash(page.extract_text())
    for label in (
        "中长期指标值",
        "本年度指标值",
        "总体目标（2021—2023年）",
        "中期资金总额",
        "项目资金（万元）",
        "中长期绩效指标",
        "年度绩效指标",
        "绩效指标",
        "填报单位（盖章）：",
        "六安市医疗保障局",
        "填报日期：",
    ):
        assert label in text
    assert "（-年）" not in text and "（—年）" not in text
    assert text.count("项目资金（万元）") == 1  # one label for both funds blocks, as issued
    assert "≥3000家" in text and "≥1200家" in text and "360.00" in text


def test_rows_outside_the_frame_are_printed_last(tmp_path: Path) -> None:
    project = jx_project()
    project.indicators.append(Indicator("其他指标", "自定义指标", "自拟三级", "自拟值"))
    project.indicators.insert(0, Indicator("产出指标", "规模指标", "规模三级", "规模值"))
    text = squash(pages_text(export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False).path)[0])
    assert "其他指标" in text and "自拟值" in text and "规模指标" in text and "规模值" in text
    assert text.index("参保群众满意度") < text.index("自拟三级")


def test_sixty_indicators_span_pages_with_header_and_merged_names_repeated(tmp_path: Path) -> None:
    project = big_project()
    report = export_pdf(Workbook([project]), tmp_path / "big.pdf", cover=False)
    pages = pages_text(report.path)
    assert report.pages == len(pages) >= 2
    for number, page in enumerate(pages[1:], start=2):
        flat = squash(page)
        for label in ("一级指标", "二级指标", "三级指标", "指标值", "绩效指标"):
            assert label in flat, f"第 {number} 页缺少表头“{label}”"
        first = int(re.search(r"第(\d+)号指标", flat).group(1))  # type: ignore[union-attr]
        continued = project.indicators[first - 1]
        assert continued.level1 in flat and (continued.level2 or "") in flat
        assert f"第{number}页共{len(pages)}页" in flat
    everything = squash("".join(pages))
    assert all(squash(ind.value or "") in everything for ind in project.indicators)


def test_public_list_amounts_equal_the_forms(demo: Workbook, tmp_path: Path) -> None:
    report = export_pdf(demo, tmp_path / "all.pdf")
    pages = pages_text(report.path)
    listing = squash(pages[1])
    assert "项目支出绩效目标公开清单" in listing and "预算金额（万元）" in listing
    form_amounts = [
        Decimal(m) for page in pages[2:] for m in re.findall(r"(?:年度资金总额：?|预算数)\s*([\d.]+)", page)
    ]
    assert len(form_amounts) == len(demo.projects)
    for i, (project, amount) in enumerate(zip(demo.projects, form_amounts, strict=True), 1):
        assert f"{i}{squash(project.display_name())}{amount}" in listing
    total = Decimal(re.search(r"合计([\d.]+)", listing).group(1))  # type: ignore[union-attr]
    assert total == sum(form_amounts) == Decimal("24505.05")
    assert "第1页共25页" in listing and "第" not in squash(pages[0])  # the cover is not numbered


def test_missing_character_is_reported_and_shown_as_a_box(tmp_path: Path) -> None:
    project = jx_project()
    project.indicators[0] = Indicator("产出指标", "数量指标", "参保人数", "≥38万人𠀀")
    report = export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False)
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert "城乡居民基本医疗保险经办服务经费" in problem and "指标值" in problem and "𠀀" in problem
    assert "≥38万人□" in squash(pages_text(report.path)[0])
    data, problems = pdf_bytes(Workbook([project]), cover=False)
    assert data.startswith(b"%PDF") and problems == report.problems


def test_no_line_starts_with_closing_punctuation(tmp_path: Path) -> None:
    sentence = "资助困难群众参保全覆盖，住院和门诊救助应救尽救；实现“一站式”结算：是否满意？满意！《办法》、（试行）。"
    project = jx_project()
    project.annual_goal = sentence * 8
    project.indicators[0] = Indicator("产出指标", "数量指标", sentence, sentence)
    pages = pages_text(export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False).path)
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    assert len([line for line in lines if "困难群众" in line]) >= 8  # the text really wrapped
    assert [line for line in lines if line[0] in FORBIDDEN_LINE_START] == []


@pytest.mark.parametrize("width", [30, 45, 61, 80, 97, 120, 163, 250])
def test_wrap_keeps_every_character_and_the_width(width: float) -> None:
    font = default_font()
    text = (
        "保障医保基金安全，“一站式”即时结算全覆盖, 住院和门诊救助在 2024 年 12 月 31 日前完成。"
        "≥150000 人次；13082224P00059510001F！"
    )
    lines = wrap_text(text, width, font, 10)
    assert squash("".join(lines)) == squash(text)
    assert [line for line in lines if line[:1] in FORBIDDEN_LINE_START] == []
    assert all(font.width(line, 10) <= width + 0.01 for line in lines if len(line) > 1)


def test_a_row_taller_than_a_page_is_split_not_cut(tmp_path: Path) -> None:
    project = jx_project()
    stems = "甲乙丙丁戊己庚辛壬癸"  # characters found nowhere else on the form
    long_value = stems * 300
    project.indicators[0] = Indicator("产出指标", "数量指标", "超长指标", long_value)
    report = export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False)
    assert report.pages >= 3
    printed = "".join(re.findall(f"[{stems}]+", squash("".join(pages_text(report.path)))))
    assert printed == long_value  # every character once, in order: nothing cut, nothing doubled


def test_layout_without_print_table_uses_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = resource_path("templates", "jx-project.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    del data["print"]
    plain = parse_layout(path, data)
    monkeypatch.setattr(pdf_export, "get_layout", lambda _id: plain)
    report = export_pdf(Workbook([jx_project()]), tmp_path / "x.pdf", cover=False)
    text = squash(pages_text(report.path)[0])
    assert all(t in text for t in expected_texts(jx_project()))


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ({"orientation": "sideways"}, "print.orientation"),
        ({"indicator_widths": [1, 2]}, "print.indicator_widths"),
        ({"font_size": "big"}, "print.font_size"),
        ({"colour": "red"}, "print.colour"),
        ({"header_widths": [1, -2, 3, 4]}, "print.header_widths"),
        ({"column_groups": [{"label": "甲", "span": 9}]}, "print.column_groups"),
    ],
)
def test_malformed_print_table_is_refused_naming_file_and_key(table: dict[str, object], key: str) -> None:
    path = resource_path("templates", "jx-project.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["print"] = table
    with pytest.raises(LayoutError, match=re.escape(f"jx-project.toml 的“{key}”")):
        parse_layout(path, data)


def test_all_bundled_layouts_have_valid_print_tables() -> None:
    for layout_id in ("ah-project", "hb-project", "jx-project", "ah-midterm"):
        layout = get_layout(layout_id)
        assert layout.print.indicator_widths is not None, layout_id
        assert len(layout.print.indicator_widths) == len(layout.columns) + bool(layout.indicators_label)


def test_pages_are_a4(demo: Workbook, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(export_pdf(Workbook(demo.projects[:2]), tmp_path / "x.pdf").path)
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}
    assert sizes == {(595, 842)}


def test_export_replaces_the_old_file_and_leaves_no_temporary(demo: Workbook, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    report = export_pdf(Workbook(demo.projects[:1]), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert report.pages == len(pypdf.PdfReader(target).pages) == 3  # cover, list, form
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "out.pdf"]


def test_export_to_a_missing_folder_fails_in_chinese(demo: Workbook, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="无法写入"):
        export_pdf(Workbook(demo.projects[:1]), tmp_path / "nope" / "out.pdf")


def test_empty_workbook_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="没有项目"):
        export_pdf(Workbook([]), tmp_path / "x.pdf")


def test_unknown_template_names_the_project(tmp_path: Path) -> None:
    project = jx_project()
    project.template = "xx-nowhere"
    with pytest.raises(LayoutError, match="城乡居民基本医疗保险经办服务经费"):
        pdf_bytes(Workbook([project]))


def test_system_simsun_is_preferred(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert find_cjk_font() == resource_path("fonts", "wqy-microhei.ttc")
    fonts = tmp_path / "Windows" / "Fonts"
    fonts.mkdir(parents=True)
    shutil.copy(resource_path("fonts", "wqy-microhei.ttc"), fonts / "simsun.ttc")
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    assert find_cjk_font() == fonts / "simsun.ttc"
    assert load_font(fonts / "simsun.ttc") is load_font(fonts / "simsun.ttc")  # registered once


def test_bundled_font_has_its_licence() -> None:
    assert resource_path("fonts", "LICENSE-wqy-microhei.txt").is_file()


def test_spending_plan_and_signatures_print(demo: Workbook, tmp_path: Path) -> None:
    project = demo.projects[0].clone()
    report = export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False)
    text = squash(pages_text(report.path)[-1])
    assert "项目负责人：" in text and "单位（盖章）：" in text and "填报日期：" in text
    hb = next(p for p in demo.projects if p.template == "hb-project").clone()
    hb.spending_plan = (SpendingStep(3, Decimal("10")), SpendingStep(6, None), SpendingStep(12, Decimal("100")))
    text = squash(pages_text(export_pdf(Workbook([hb]), tmp_path / "h.pdf", cover=False).path)[0])
    assert "10%" in text and "100%" in text and "25%" not in text


def test_midterm_layout_without_print_table_still_prints_both_halves(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = resource_path("templates", "ah-midterm.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    del data["print"]
    plain = parse_layout(path, data)
    monkeypatch.setattr(pdf_export, "get_layout", lambda _id: plain)
    text = squash(pages_text(export_pdf(Workbook([midterm_project()]), tmp_path / "m.pdf", cover=False).path)[0])
    assert "中期资金总额" in text and "360.00" in text and "建成覆盖全市的医疗保障信息平台。" in text


def test_midterm_layout_refuses_a_funds_block_that_would_drop_the_midterm_amounts() -> None:
    path = resource_path("templates", "ah-midterm.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["print"] = {"funds_layout": "down"}
    with pytest.raises(LayoutError, match="ah-midterm.toml 的“print.funds_layout”"):
        parse_layout(path, data)


def test_invisible_characters_are_not_reported(tmp_path: Path) -> None:
    project = jx_project()
    project.indicators[0] = Indicator("产出指标", "数量指标", "参保\u200b人数", "≥38万人\ufeff")
    report = export_pdf(Workbook([project]), tmp_path / "x.pdf", cover=False)
    assert report.problems == []
    assert "参保人数" in pages_text(report.path)[0]
