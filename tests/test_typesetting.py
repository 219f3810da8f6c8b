"""Typesetting of the printed form and the sheet: what a reviewer notices on paper."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest

from desktop.domain.model import Funds, Indicator, OrgUnit, Project, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.pdf.export import export_pdf, pdf_bytes
from desktop.io.pdf.fonts import default_font
from desktop.io.pdf.text import wrap_text
from desktop.io.xlsx.export import export_xlsx
from desktop.io.xlsx.spec import display_width


@pytest.fixture(scope="module")
def demo() -> Workbook:
    return demo_workbook()


def test_no_single_character_alone_on_a_cells_last_line() -> None:
    font = default_font()
    width = font.width("可持续影响指", 10)
    assert wrap_text("可持续影响指标", width, font, 10) == ["可持续影响", "指标"]
    # Punctuation may still end a short last line with its character; a number is never split.
    assert wrap_text("可持续影响指标。", width + 5, font, 10)[-1] == "标。"
    lines = wrap_text("≤4.5 万元/人/年", font.width("≤4.5 万元/人/", 9.5) + 1, font, 9.5)
    assert len(lines[-1]) > 1 and "4.5" in lines[0]


def big_project(count: int = 70) -> Project:
    return Project(
        year=2024,
        template="ah-project",
        name="城乡医疗救助长表",
        department=OrgUnit("039", "霍邱县医疗保障局"),
        implementing_unit=OrgUnit(None, "霍邱县医疗保障局"),
        annual_goal="保障。",
        funds=Funds(total=Decimal("30.00"), fiscal=Decimal("30.00")),
        indicators=[Indicator("产出指标", "数量指标", f"第{n}号指标", f"≥{n} 人") for n in range(1, count + 1)],
    )


def test_continued_pages_name_the_project(tmp_path: Path) -> None:
    report = export_pdf(Workbook([big_project()]), tmp_path / "long.pdf", cover=False)
    pages = [re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(report.path).pages]
    assert len(pages) >= 2
    assert "城乡医疗救助长表（续）" not in pages[0]
    assert all(page.startswith("城乡医疗救助长表（续）") for page in pages[1:])
    assert "填报日期" in pages[-1] and "第70号指标" in pages[-1]  # the signature line stays with the table


def test_title_metadata_is_the_documents_title(demo: Workbook) -> None:
    one = pypdf.PdfReader(__import__("io").BytesIO(pdf_bytes(Workbook([demo.projects[0]]), cover=False)[0]))
    assert one.metadata is not None and one.metadata.title == "项目支出绩效目标表：2024_城乡医疗救助"
    hebei = next(p for p in demo.projects if p.template == "hb-project")
    titled = pypdf.PdfReader(__import__("io").BytesIO(pdf_bytes(Workbook([hebei]), cover=False)[0]))
    assert titled.metadata is not None and titled.metadata.title.endswith(f"{hebei.name}绩效目标表")
    everything = pypdf.PdfReader(__import__("io").BytesIO(pdf_bytes(Workbook(demo.projects[:5]))[0]))
    assert everything.metadata is not None and everything.metadata.title == "霍邱县医疗保障局 2024年度项目支出绩效目标"


def test_no_unused_font_in_the_file(demo: Workbook) -> None:
    data, _ = pdf_bytes(Workbook(demo.projects[:3]))
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", data))
    assert fonts and all(b"Helvetica" not in f and b"Times" not in f for f in fonts)


def test_exported_files_get_the_users_usual_permissions(demo: Workbook, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        pdf = export_pdf(Workbook([demo.projects[0]]), tmp_path / "a.pdf", cover=False).path
        xlsx = export_xlsx(Workbook([demo.projects[0]]), tmp_path / "a.xlsx").path
        os.umask(0o002)
        shared = export_pdf(Workbook([demo.projects[0]]), tmp_path / "b.pdf", cover=False).path
    finally:
        os.umask(old)
    assert pdf.stat().st_mode & 0o777 == 0o644
    assert xlsx.stat().st_mode & 0o777 == 0o644
    assert shared.stat().st_mode & 0o777 == 0o664


def test_sheet_labels_never_break_inside_a_word(demo: Workbook, tmp_path: Path) -> None:
    path = export_xlsx(Workbook([demo.projects[0]]), tmp_path / "s.xlsx").path
    ws = openpyxl.load_workbook(path).worksheets[1]
    for row in ws.iter_rows():
        for cell in row:
            if cell.value in ("主管部门及代码", "项目来源"):
                width = ws.column_dimensions[cell.column_letter].width
                assert width >= display_width(str(cell.value)) + 1
            if isinstance(cell.value, str) and cell.value.replace("\n", "") == "项目资金（万元）":
                # on one line when it fits, else broken before the bracket, as the printed form breaks it
                width = ws.column_dimensions[cell.column_letter].width
                assert cell.value == "项目资金（万元）" or cell.value.split("\n") == ["项目资金", "（万元）"]
                assert width >= display_width("项目资金") + 1


def test_hebei_unit_line_and_amount_unit_share_one_row(demo: Workbook, tmp_path: Path) -> None:
    hebei = next(p for p in demo.projects if p.template == "hb-project")
    ws = openpyxl.load_workbook(export_xlsx(Workbook([hebei]), tmp_path / "h.xlsx").path).worksheets[1]
    rows = {cell.value: cell.row for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}
    unit = next(v for v in rows if v.startswith("362001"))
    assert rows["单位：万元"] == rows[unit]


def test_wrapped_and_one_line_cells_of_a_column_align_alike(demo: Workbook) -> None:
    from desktop.io.pdf.fonts import default_font as font_of
    from desktop.io.pdf.grid import Cell, GridBlock, GridStyle

    font = font_of()
    grid = GridBlock(
        [60.0, 60.0],
        [(Cell("短"), Cell("甲")), (Cell("这是一个很长很长的三级指标名称"), Cell("乙"))],
        GridStyle(font),
        page_height=800,
    )
    aligns = [[p.align for p in row.cells] for row in grid._rows]
    assert aligns == [["left", "center"], ["left", "center"]]
