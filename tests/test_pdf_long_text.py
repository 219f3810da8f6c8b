"""Issue 17, item 4: a department name of 400+ characters prints (cover shortened, forms wrapped), no LayoutError."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import run
from desktop.domain.model import OrgUnit
from desktop.io.demo import demo_workbook
from desktop.io.pdf.blocks import TextBlock
from desktop.io.pdf.export import export_pdf
from desktop.io.pdf.fonts import default_font
from desktop.storage.workbook_file import WorkbookFile

BUREAU = "霍邱县医疗保障局"


@pytest.mark.parametrize("repeat", [50, 700])  # 400 and 5 600 characters
def test_a_very_long_department_name_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str], repeat: int) -> None:
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:2]
    for project in workbook.projects:
        project.department = OrgUnit(code="039" * repeat, name=BUREAU * repeat)
        project.implementing_unit = OrgUnit(name=f"{BUREAU}本级" * repeat)
    path = tmp_path / "长.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    out = tmp_path / "长.pdf"
    assert run(["export", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"部门名称太长（{len(BUREAU) * repeat} 字），封面上只印出前 3 行" in err
    pages = [page.extract_text() for page in PdfReader(out).pages]
    cover = pages[0].replace("\n", "")
    assert cover.startswith(BUREAU * 3) and "…" in cover and "2024年度项目支出绩效目标" in cover
    assert "编制单位（盖章）：霍邱县医疗保障局" in cover and cover.count(BUREAU) < 3 * 8 + 12
    assert len(pages) >= 4 and all("项目支出绩效目标表" in text for text in pages[2:3])
    # The forms keep the whole name: wrapped in its cell, continued on the next page when needed.
    assert "".join(pages[2:]).replace("\n", "").count(BUREAU) >= 2 * repeat


def test_a_text_block_taller_than_a_page_is_split_not_refused(tmp_path: Path) -> None:
    block = TextBlock(BUREAU * 2000, default_font(), 24)
    width, height = block.wrap(500, 700)
    assert height > 700
    parts = block.split(500, 700)
    assert len(parts) == 2
    assert parts[0].wrap(500, 700)[1] <= 700 < parts[0].wrap(500, 700)[1] + block.leading
    parts[1].wrap(500, 700)
    assert [line for p in parts for line in p.lines] == block.lines


def test_a_long_project_name_on_the_cover_list_and_form(tmp_path: Path) -> None:
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:1]
    workbook.projects[0].name = "城乡医疗救助" * 800
    report = export_pdf(workbook, tmp_path / "x.pdf")
    assert report.pages >= 3
