"""The Excel submission as the finance bureau opens it: read back with openpyxl, cell by cell."""

from __future__ import annotations

import dataclasses
import tomllib
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from desktop.domain.model import Funds, Indicator, Midterm, OrgUnit, Project, SpendingStep, Workbook
from desktop.domain.values import ValueKind, parse_value
from desktop.io.demo import demo_workbook
from desktop.io.exporting import ExportFailed
from desktop.io.xlsx.export import (
    DATA_BODY_STYLE,
    DATA_HEADING_STYLE,
    DATA_HEADINGS,
    INDICATOR_DATA,
    PUBLIC_LIST,
    export_xlsx,
)
from desktop.io.xlsx.write import sheet_title
from desktop.resources import resource_path
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import LayoutError, load_layout, parse_layout

HOSTILE = ("=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")


def jx_project() -> Project:
    return Project(
        year=2023,
        template="jx-project",
        name="弋阳县城乡居民医疗救助资金",
        department=OrgUnit("610", "弋阳县医疗保障局"),
        implementing_unit=OrgUnit(None, "弋阳县医疗保障局"),
        funds=Funds(Decimal("120.50"), Decimal("100.50"), Decimal("20"), Decimal("0")),
        annual_goal="资助困难群众参保，落实医疗救助政策，减轻困难群众医疗费用负担。",
        indicators=[
            Indicator("成本指标", "经济成本指标", "救助资金总额", "≤120.5 万元"),
            Indicator("产出指标", "数量指标", "资助参保人数", "≥5000 人"),
            Indicator("产出指标", "质量指标", "救助政策落实率", "=100%"),
            Indicator("产出指标", "时效指标", "资金拨付时间", "2023 年 12 月 31 日前"),
            Indicator("效益指标", "社会效益指标", "困难群众医疗负担", "有效减轻"),
            Indicator("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%"),
        ],
    )


def midterm_project() -> Project:
    return Project(
        year=2021,
        template="ah-midterm",
        name="城乡居民医保信息化建设",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保险管理中心"),
        attribute="经常性项目",
        funds=Funds(Decimal("50"), Decimal("50"), None, Decimal("0")),
        midterm=Midterm(2021, 2023, "建成覆盖全县的医保信息平台。", Funds(Decimal("150"), Decimal("150"), None, None)),
        annual_goal="完成信息平台一期建设。",
        indicators=[
            Indicator("产出指标", "数量指标", "接入定点医药机构数", "≥300 家", midterm_value="≥900 家"),
            Indicator("产出指标", "质量指标", "系统可用率", "≥99%", midterm_value="≥99%"),
            Indicator("满意度指标", "满意度指标", "参保群众满意度", "≥90%", midterm_value="≥95%"),
        ],
    )


def hostile_project() -> Project:
    return Project(
        year=2024,
        template="ah-project",
        name="=1+1",
        funds=Funds(Decimal("5")),
        annual_goal="-1",
        indicators=[Indicator("产出指标", "数量指标", f"指标{i}", text) for i, text in enumerate(HOSTILE)],
    )


def full_workbook() -> Workbook:
    workbook = demo_workbook()
    workbook.projects += [jx_project(), midterm_project()]
    return workbook


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workbook, Path]:
    workbook = full_workbook()
    path = tmp_path_factory.mktemp("xlsx") / "报送.xlsx"
    export_xlsx(workbook, path)
    return workbook, path


@pytest.fixture(scope="module")
def book(exported: tuple[Workbook, Path]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(exported[1])


def project_sheets(book: openpyxl.Workbook) -> list[Worksheet]:
    return [
        ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title not in (PUBLIC_LIST, INDICATOR_DATA)
    ]


def find(ws: Worksheet, text: str) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on sheet {ws.title}")


def merged_at(ws: Worksheet, row: int, col: int) -> tuple[int, int, int, int]:
    for rng in ws.merged_cells.ranges:
        if rng.min_row == row and rng.min_col == col:
            return rng.min_row, rng.min_col, rng.max_row, rng.max_col
    return row, col, row, col


def test_sheets_in_order_public_list_forms_then_data(book: openpyxl.Workbook, exported: tuple[Workbook, Path]) -> None:
    visible = [ws.title for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible[0] == PUBLIC_LIST and visible[-1] == INDICATOR_DATA
    assert len(visible) == len(exported[0].projects) + 2
    assert visible[1] == "1 2024_城乡医疗救助"


def test_public_list_has_every_project_and_the_total(book: openpyxl.Workbook, exported: tuple[Workbook, Path]) -> None:
    ws = book[PUBLIC_LIST]
    head_row, _ = find(ws, "序号")
    assert [ws.cell(head_row, c).value for c in (1, 2, 3)] == ["序号", "项目名称", "预算金额（万元）"]
    projects = exported[0].projects
    for i, project in enumerate(projects, start=1):
        row = head_row + i
        assert ws.cell(row, 1).value == i
        assert ws.cell(row, 2).value == project.name
        assert Decimal(repr(ws.cell(row, 3).value)) == project.funds.total
    total_row = head_row + len(projects) + 1
    assert ws.cell(total_row, 1).value == "合计"
    expected = sum((p.funds.total for p in projects if p.funds.total is not None), Decimal(0))
    assert Decimal(repr(ws.cell(total_row, 3).value)) == expected
    assert ws.cell(head_row + 2, 3).number_format == "0.00"  # 30.00 shows as typed


def test_sheet_names_are_unique_short_and_legal(book: openpyxl.Workbook) -> None:
    titles = [ws.title for ws in book.worksheets]
    assert len({t.lower() for t in titles}) == len(titles)
    for title in titles:
        assert len(title) <= 31
        assert not set(title) & set("[]:*?/\\")


def test_two_projects_with_the_same_long_name_get_distinct_legal_sheet_names(tmp_path: Path) -> None:
    name = "冀财社[2023]208号2024年中央财政医疗服务与保障能力提升补助资金/第二批:补充"
    projects = [dataclasses.replace(jx_project(), name=name) for _ in range(2)]
    path = tmp_path / "same.xlsx"
    export_xlsx(Workbook(projects=projects), path)
    titles = [ws.title for ws in project_sheets(openpyxl.load_workbook(path))]
    assert len(titles) == 2 and titles[0] != titles[1]
    for title in titles:
        assert len(title) <= 31 and not set(title) & set("[]:*?/\\")
    taken: set[str] = set()
    titles = [sheet_title("'" + "项" * 40, taken) for _ in range(3)]
    assert titles == ["’" + "项" * 30, "’" + "项" * 27 + "(2)", "’" + "项" * 27 + "(3)"]  # never a leading quote
    assert sheet_title("ABC", {"abc"}) == "ABC(2)"  # Excel compares sheet names ignoring case


def test_categories_are_merged_over_their_rows_with_borders_everywhere(
    book: openpyxl.Workbook, exported: tuple[Workbook, Path]
) -> None:
    ws = book["1 2024_城乡医疗救助"]
    head, _ = find(ws, "一级指标")
    # 霍邱 form 1: 产出指标 holds 2 数量 + 2 质量 + 1 时效 + 1 成本 rows.
    top, col = find(ws, "产出指标")
    assert top == head + 1
    assert merged_at(ws, top, col) == (top, col, top + 5, col)
    quantity = find(ws, "数量指标")
    assert merged_at(ws, *quantity)[2] == quantity[0] + 1
    # The empty 二级 rows this layout prints are there, 经济效益指标 without a 三级.
    economic = find(ws, "经济效益指标")
    assert ws.cell(economic[0], economic[1] + 1).value is None
    label_top, label_col = find(ws, "绩效指标")
    assert merged_at(ws, label_top, label_col)[2] > head + 10
    # openpyxl's normal reader rewrites the style of merged cells, so borders are read in read-only mode,
    # which reports each cell's own style, as Excel draws it.
    plain = openpyxl.load_workbook(exported[1], read_only=True)
    for sheet in project_sheets(book):
        cells = {(c.row, c.column): c for row in plain[sheet.title].iter_rows() for c in row if hasattr(c, "row")}
        first = min(find_any(sheet, ("项目名称", "项目编码")))
        last = max(
            r.max_row for r in sheet.merged_cells.ranges if r.min_row > first and _bordered(cells, r.min_row, r.min_col)
        )
        checked = 0
        for rng in sheet.merged_cells.ranges:
            if first <= rng.min_row and rng.max_row <= last:
                for row in range(rng.min_row, rng.max_row + 1):
                    for column in range(rng.min_col, rng.max_col + 1):
                        assert _bordered(cells, row, column), (
                            f"{sheet.title}!{rng.coord} lacks a border at {row},{column}"
                        )
                        checked += 1
        assert checked > 20
    plain.close()


def find_any(ws: Worksheet, texts: tuple[str, ...]) -> list[int]:
    return [cell.row for row in ws.iter_rows() for cell in row if cell.value in texts]


def _bordered(cells: dict[tuple[int, int], Any], row: int, col: int) -> bool:
    border = cells[(row, col)].border
    return all(
        side is not None and side.style == "thin" for side in (border.left, border.right, border.top, border.bottom)
    )


def test_text_wraps_and_rows_are_as_tall_as_their_lines(book: openpyxl.Workbook) -> None:
    ws = book["1 2024_城乡医疗救助"]
    goal_row, goal_col = find(ws, "年度目标")
    assert ws.cell(goal_row, goal_col + 1).alignment.wrap_text
    name_row, _ = find(ws, "项目名称")
    assert ws.row_dimensions[goal_row].height > ws.row_dimensions[name_row].height  # 59 characters: two lines
    long_value = find(ws, "“一站式”即时结算全覆盖, 住院和门诊救助在 2024 年 12 月 31 日前完成。")
    assert ws.cell(*long_value).alignment.wrap_text
    assert ws.row_dimensions[long_value[0]].height >= 3 * 14
    for row in range(1, ws.max_row + 1):
        assert ws.row_dimensions[row].height is not None


def test_every_sheet_prints_on_a4_one_page_wide_with_titles_and_page_numbers(book: openpyxl.Workbook) -> None:
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert int(ws.page_setup.paperSize) == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert "第 &P 页" in ws.oddFooter.center.text
        assert ws.print_title_rows
    form = book["1 2024_城乡医疗救助"]
    head, _ = find(form, "一级指标")
    assert form.print_title_rows.replace("$", "") == f"{head}:{head}"
    assert form.page_setup.orientation == "portrait"
    midterm = next(ws for ws in project_sheets(book) if ws.title.endswith("城乡居民医保信息化建设"))
    assert midterm.page_setup.orientation == "landscape"


def test_layout_arrangements(book: openpyxl.Workbook) -> None:
    hb = book["11 2024 年劳务派遣人员经费"]
    row, col = find(hb, "预算数")
    assert [hb.cell(row, c).value for c in range(col, col + 6)] == [
        "预算数", 27, "其中：财政资金", 27, "其他资金", None,
    ]  # fmt: skip
    assert hb.cell(row, col + 1).number_format == "0.00"
    assert hb.cell(row + 1, col).value == "用于聘用人员工资保险等。"
    assert find(hb, "1.2024 年劳务派遣人员经费绩效目标表")  # numbered among the Hebei forms, as printed
    march = find(hb, "3月底")
    assert hb.cell(march[0] + 1, march[1]).value == 0.25 and hb.cell(march[0] + 1, march[1]).number_format == "0%"
    midterm = next(ws for ws in project_sheets(book) if ws.title.endswith("城乡居民医保信息化建设"))
    goal = find(midterm, "总体目标（2021—2023年）")
    assert midterm.cell(goal[0] + 1, 1).value  # the overall goal's text under its label, as printed
    row, col = find(midterm, "中长期指标值")
    assert [midterm.cell(row, c).value for c in range(2, 9)] == [
        "一级指标", "二级指标", "三级指标", "中长期指标值", "二级指标", "三级指标", "本年度指标值",
    ]  # fmt: skip
    # The group row over the headings, as on the issued form; 绩效指标 merged down the left of both.
    assert [midterm.cell(row - 1, c).value for c in (1, 2, 6)] == ["绩效指标", "中长期绩效指标", "年度绩效指标"]
    assert f"A{row - 1}" in {str(r).split(":")[0] for r in midterm.merged_cells.ranges}
    funds = find(midterm, "中期资金总额")
    assert midterm.cell(funds[0], 1).value == "项目资金\n（万元）"  # broken where the form breaks it, not mid-word
    assert [midterm.cell(funds[0], c).value for c in (2, 6)] == ["中期资金总额", "年度资金总额"]
    date_row, date_col = find(midterm, "填报日期：")
    assert str(midterm.cell(date_row, 1).value).startswith("填报单位（盖章）：") and date_col > 1
    jx = next(ws for ws in project_sheets(book) if ws.title.endswith("弋阳县城乡居民医疗救助资金"))
    first_l1 = find(jx, "一级指标")
    assert jx.cell(first_l1[0] + 1, 1).value == "成本指标"  # 2021 frame: 成本指标 first
    goal = find(jx, "年度绩效目标")
    assert jx.cell(goal[0] + 1, 1).value.startswith("资助困难群众参保")  # the goal on its own row


def test_indicator_data_sheet_has_one_parsed_row_per_indicator(
    book: openpyxl.Workbook, exported: tuple[Workbook, Path]
) -> None:
    ws = book[INDICATOR_DATA]
    assert tuple(c.value for c in ws[1]) == DATA_HEADINGS
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    expected = [(n, p, i) for n, p in enumerate(exported[0].projects, start=1) for i in p.indicators]
    assert len(rows) == len(expected) == 174 + 6 + 3  # the demo's 174, the 江西 and 中期 samples
    col = {name: k for k, name in enumerate(DATA_HEADINGS)}
    for row, (number, project, ind) in zip(rows, expected, strict=True):
        assert row[col["序号"]] == number and row[col["项目名称"]] == project.name
        assert row[col["项目编码"]] == project.code
        assert (row[col["一级指标"]], row[col["二级指标"]], row[col["三级指标"]]) == (ind.level1, ind.level2, ind.name)
        assert row[col["指标值"]] == ind.value
        assert (row[col["绩效指标描述"]], row[col["指标值确定依据"]]) == (ind.description, ind.basis)
        assert row[col["中长期指标值"]] == ind.midterm_value
        assert row[col["中长期三级指标"]] == ind.midterm_name
        parsed = parse_value(ind.value or "")
        if parsed.kind is ValueKind.QUANTITATIVE:
            assert row[col["定量或定性"]] == "定量"
            assert Decimal(repr(row[col["值"]])) == parsed.number
            assert row[col["符号"]] == (parsed.comparator.value if parsed.comparator else None)
            assert row[col["计量单位"]] == (parsed.unit or None)
        else:
            assert row[col["定量或定性"]] == "定性" and row[col["值"]] is None
    first = rows[1]  # 霍邱 form 1, second indicator
    assert first[col["指标值"]] == "≥150000 人次"
    assert (first[col["符号"]], first[col["值"]], first[col["计量单位"]]) == ("≥", 150000, "人次")


def test_indicator_data_sheet_looks_alike_through_two_named_styles(book: openpyxl.Workbook) -> None:
    """Every cell of the data sheet in 宋体 11 (headings bold on blue, ruled), from two named styles a clerk can
    restyle in Excel at once, rather than a font object per cell."""
    ws = book[INDICATOR_DATA]
    heading, body = DATA_HEADING_STYLE, DATA_BODY_STYLE
    assert {heading, body} <= set(book.named_styles)
    for cell in ws[1]:
        assert cell.style == heading
        assert (cell.font.name, cell.font.sz, cell.font.b) == ("宋体", 11, True)
        assert cell.fill.fgColor.rgb.endswith("DDE4EE") and cell.border.left.style == "thin"
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        assert len(row) == len(DATA_HEADINGS)
        for cell in row:
            assert cell.style == body and (cell.font.name, cell.font.sz, cell.font.b) == ("宋体", 11, False)


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    export_xlsx(Workbook(projects=[hostile_project()]), path)
    book = openpyxl.load_workbook(path)
    ws = project_sheets(book)[0]
    for text in (*HOSTILE, "-1"):
        row, col = find(ws, text)
        cell = ws.cell(row, col)
        assert cell.data_type == "s" and cell.quotePrefix, text
    data = book[INDICATOR_DATA]
    assert [r[6] for r in data.iter_rows(min_row=2, values_only=True)] == list(HOSTILE)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_characters_excel_cannot_store_are_removed_and_reported(tmp_path: Path) -> None:
    project = dataclasses.replace(
        jx_project(),
        name="医疗\x07救助",
        indicators=[Indicator("产出指标", "数量指标", "人数\x00统计", "≥5000\x1b 人")],
    )
    path = tmp_path / "control.xlsx"
    report = export_xlsx(Workbook(projects=[project]), path)
    assert any("项目名称" in p and "控制字符" in p for p in report.problems)
    assert any("第 1 条指标的“三级指标”" in p for p in report.problems)
    assert any("第 1 条指标的“指标值”" in p for p in report.problems)
    book = openpyxl.load_workbook(path)
    ws = project_sheets(book)[0]
    assert find(ws, "医疗救助") and find(ws, "人数统计") and find(ws, "≥5000 人")
    assert ws.title == "1 医疗救助"


def test_export_replaces_an_existing_file_and_reports_unwritable_places(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    report = export_xlsx(Workbook(projects=[jx_project()]), path)
    assert report.path == path and report.pages == 3
    assert openpyxl.load_workbook(path)[PUBLIC_LIST]
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == ["out.xlsx"]  # no temporary file left
    with pytest.raises(ExportFailed, match="无法写入"):
        export_xlsx(Workbook(projects=[jx_project()]), tmp_path / "missing" / "out.xlsx")


def test_sheet_table_is_checked_with_file_and_key(tmp_path: Path) -> None:
    layout = get_layout("ah-project")
    assert layout.sheet.widths == (10, 13, 15, 29, 23)
    path = resource_path("templates", "ah-project.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    defaults = parse_layout(path, {k: v for k, v in data.items() if k != "sheet"}).sheet
    assert defaults.width == 5 and defaults.orientation == "portrait"
    for bad, key in (
        ({"widths": [10, 10]}, "sheet.widths"),
        ({"widths": [10, 10, 10, 10, "宽"]}, "sheet.widths"),
        ({"orientation": "sideways"}, "sheet.orientation"),
        ({"indicator_spans": [1, 1]}, "sheet.indicator_spans"),
        ({"colour": "red"}, "sheet.colour"),
    ):
        with pytest.raises(LayoutError) as caught:
            parse_layout(path, {**data, "sheet": bad})
        assert "ah-project.toml" in str(caught.value) and f"“{key}”" in str(caught.value)
    broken = tmp_path / "ah-project.toml"
    broken.write_text(path.read_text(encoding="utf-8").replace('funds = "rows"', 'funds = "sideways"'), "utf-8")
    with pytest.raises(LayoutError, match="ah-project.toml 的“sheet.funds”有误"):
        load_layout(broken)


def test_spending_plan_and_amounts_keep_typed_decimals(tmp_path: Path) -> None:
    project = dataclasses.replace(
        demo_workbook().projects[10],
        funds=Funds(Decimal("29.55"), Decimal("0.123456789012345678"), None, None),
        spending_plan=(SpendingStep(3, Decimal("12.5")), SpendingStep(6, None), SpendingStep(12, Decimal("100"))),
    )
    path = tmp_path / "amounts.xlsx"
    export_xlsx(Workbook(projects=[project]), path)
    ws = project_sheets(openpyxl.load_workbook(path))[0]
    row, col = find(ws, "预算数")
    assert ws.cell(row, col + 1).value == 29.55 and ws.cell(row, col + 1).number_format == "0.00"
    # More digits than a float holds: kept as the typed text rather than rounded.
    assert ws.cell(row, col + 3).value == "0.123456789012345678"
    march = find(ws, "3月底")
    assert ws.cell(march[0] + 1, march[1]).value == 0.125 and ws.cell(march[0] + 1, march[1]).number_format == "0.0%"
    june = find(ws, "6月底")
    assert ws.cell(june[0] + 1, june[1]).value is None
