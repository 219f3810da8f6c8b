"""The department publications printed from the workbook: the 泗县 部门预算 PDF and xlsx, the 兴隆 绩效文本 PDF with
its real 目录 page numbers, the Anhui project package, and `jixiao export --department`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.domain.department import BasicRow, Department
from desktop.domain.model import Indicator, Workbook
from desktop.io.demo import demo_workbook
from desktop.io.pdf.department import build_publication, publication_pdf
from desktop.io.pdf.fonts import default_font
from desktop.io.pdf.text import wrap_text
from desktop.io.xlsx.department import publication_xlsx
from desktop.templates.documents import get_document_layout

_NAMES = {"sixian": "泗县医疗保障局", "xinglong": "兴隆县医疗保障局"}


def _load(name: str) -> tuple[Workbook, Department]:
    """A fresh demo workbook (tests change it) and its 泗县 or 兴隆 department."""
    workbook = demo_workbook()
    return workbook, next(d for d in workbook.departments if d.name == _NAMES[name])


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture(scope="module")
def sixian_pdf() -> bytes:
    workbook, department = _load("sixian")
    data, _ = publication_pdf(workbook, department)
    return data


@pytest.fixture(scope="module")
def xinglong_pdf() -> bytes:
    workbook, department = _load("xinglong")
    data, _ = publication_pdf(workbook, department)
    return data


def test_the_sixian_pdf_has_every_table_the_growth_sentence_and_the_glossary(sixian_pdf: bytes) -> None:
    text = _flat("".join(_pages(sixian_pdf)))
    layout = get_document_layout("ah-department-budget")
    for spec in layout.tables:
        assert spec.heading("泗县医疗保障局", 2024) in text
    assert "比2023年预算增加1653.67万元，增长143.56%" in text
    assert "第四部分名词解释" in text
    assert "一、财政拨款收入：指部门或单位从同级财政部门取得的财政预算资金。" in text
    assert "卫生健康支出(类)医疗保障管理事务(款)行政运行：反映行政单位" in text
    assert "注：泗县医疗保障局没有政府性基金预算拨款收入，也没有政府性基金预算拨款安排的支出，故本表无数据" in text
    assert "城乡医疗救助（项）2024年预算1760万元，比2023年预算新增1760万元" in text


def test_the_sixian_pdf_parts_come_in_the_layout_order(sixian_pdf: bytes) -> None:
    pages = [_flat(p) for p in _pages(sixian_pdf)]
    assert "2024年度部门预算" in pages[0] and "2024年2月" in pages[0]
    assert pages[1].startswith("目录")
    order = ["第一部分部门概况", "第二部分2024年度部门预算表", "第三部分2024年度部门预算情况说明", "第四部分名词解释"]
    firsts = [next(i for i, p in enumerate(pages[2:], start=2) if marker in p) for marker in order]
    assert firsts == sorted(firsts)
    attachment = next(i for i, p in enumerate(pages) if p.startswith("附件"))
    assert attachment > firsts[-1] and "项目支出绩效目标公开清单" in pages[attachment]
    forms = [i for i, p in enumerate(pages) if "项目支出绩效目标表" in p and "（2024年度）" in p]
    assert len(forms) == 5 and min(forms) > attachment


def test_a_table_title_in_the_contents_prints_on_that_page(sixian_pdf: bytes) -> None:
    workbook, department = _load("sixian")
    built = build_publication(workbook, department)
    pages = _pages(built.data)
    by_number = {_footer(p): _flat(p) for p in pages if _footer(p) is not None}
    for text, number in built.contents:
        assert number is not None, text
        assert _flat(text.split(". ", 1)[-1]).removeprefix("附件：") in by_number[number], (text, number)


def _footer(page: str) -> int | None:
    found = re.search(r"^-\s*(\d+)\s*-$", page.strip(), re.MULTILINE)
    return int(found.group(1)) if found else None


def _contents(page: str) -> list[tuple[str, int]]:
    entries = []
    for line in page.splitlines():
        found = re.match(r"^(.*?)[\s.…]{3,}\s*(\d+)\s*$", line.strip())
        if found:
            entries.append((found.group(1).strip(), int(found.group(2))))
    return entries


def test_the_xinglong_contents_numbers_are_the_pages_the_titles_print_on(xinglong_pdf: bytes) -> None:
    pages = _pages(xinglong_pdf)
    assert _flat(pages[0]).startswith("兴隆县医疗保障局2024年部门预算绩效文本(草案)")
    assert "兴隆县医疗保障局编制" in _flat(pages[0])
    contents = _contents(pages[1])
    assert len(contents) == 3 + 14 + 2
    titles = [t for t, _ in contents]
    assert "1.2024年劳务派遣人员经费绩效目标表" in [_flat(t) for t in titles]
    by_number = {_footer(p): _flat(p) for p in pages if _footer(p) is not None}
    for title, number in contents:
        assert _flat(title) in by_number[number], (title, number)


def test_a_two_page_form_moves_the_next_number_by_two() -> None:
    workbook, department = _load("xinglong")
    projects = workbook.department_projects(department)
    long_one = projects[4]
    extra = [Indicator("产出指标", "数量指标", f"补充指标{i}", f"≥{i}人", description="说明" * 30) for i in range(30)]
    grown = replace(long_one.snapshot(), indicators=[*long_one.indicators, *extra])
    workbook.projects[workbook.projects.index(long_one)] = grown
    built = build_publication(workbook, department)
    numbers = [n for _, n in built.contents if n is not None]
    forms = [n for t, n in built.contents if "绩效目标表" in t]
    assert forms[5] - forms[4] >= 2, built.contents
    pages = _pages(built.data)
    by_number = {_footer(p): _flat(p) for p in pages if _footer(p) is not None}
    for (title, number), _ in zip(built.contents, numbers, strict=False):
        assert number is not None and _flat(title) in by_number[number]


def test_the_project_package_prints_its_cover_only_when_asked() -> None:
    workbook, department = _load("sixian")
    layout = get_document_layout("ah-project-package")
    plain, _ = publication_pdf(workbook, department, layout=layout)
    covered, _ = publication_pdf(workbook, department, layout=layout, cover=True)
    plain_pages, covered_pages = _pages(plain), _pages(covered)
    assert "项目支出绩效目标公开清单" in _flat(plain_pages[0])
    assert len(covered_pages) == len(plain_pages) + 1
    assert "2024年度项目支出绩效目标" in _flat(covered_pages[0])
    assert "项目支出绩效目标公开清单" not in _flat(covered_pages[0])


def test_a_missing_reason_is_reported_and_not_left_dangling() -> None:
    workbook, department = _load("sixian")
    assert department.budget is not None
    reasons = tuple(r for r in department.budget.reasons if r.about != "function:2101501")
    bare = replace(department, budget=replace(department.budget, reasons=reasons))
    workbook.departments = [bare if d is department else d for d in workbook.departments]
    data, problems = publication_pdf(workbook, bare)
    assert any("增减原因未填写" in p and "2101501" in p for p in problems)
    text = _flat("".join(_pages(data)))
    assert "行政运行（项）2024年预算242.41万元，比2023年预算增加58.91万元，增长32.10%。" in text


def test_decimals_and_percentages_never_break_across_lines() -> None:
    font = default_font()
    text = "本年收入2805.56万元，比2023年预算增加1653.67万元，增长143.56%，增长原因主要是"
    for width in range(120, 400, 7):
        lines = wrap_text(text, float(width), font, 12)
        for a, b in zip(lines, lines[1:], strict=False):
            assert not (a[-1:].isdigit() and b[:1] in ".%") and not (a.endswith(".") and b[:1].isdigit())


def test_the_sixian_xlsx_has_one_sheet_per_table() -> None:
    workbook, department = _load("sixian")
    book = openpyxl.load_workbook(io.BytesIO(publication_xlsx(workbook, department)))
    assert len(book.worksheets) == 11
    assert book.worksheets[0].title == "1.收支总表"
    general = book["5.一般公共预算支出表"]
    assert general["A2"].value == "泗县医疗保障局2024年一般公共预算支出表"
    assert general.cell(row=3, column=7).value == "单位：万元"
    rows = {r[0]: r for r in general.iter_rows(min_row=6, values_only=True) if r[0]}
    assert rows["2101501"][1] == "行政运行" and rows["2101501"][2] == pytest.approx(242.41)
    parent = next(r for r in general.iter_rows(min_row=6) if r[0].value == "210")
    assert parent[0].font.bold and parent[2].value == pytest.approx(2800.56)
    fund = book["7.政府性基金预算支出表"]
    notes = [c.value for row in fund.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("注")]
    assert notes == ["注：泗县医疗保障局没有政府性基金预算拨款收入，也没有政府性基金预算拨款安排的支出，故本表无数据"]
    summary = book["1.收支总表"]
    values = [r for r in summary.iter_rows(values_only=True)]
    assert ("收入总计", pytest.approx(2805.56), "支出总计", pytest.approx(2805.56)) in values
    assert book["9.项目支出表"].page_setup.orientation == "landscape"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, timeout=600)


def test_jixiao_export_department(tmp_path: Path) -> None:
    book = tmp_path / "w.jixiao"
    assert _cli("demo", str(book)).returncode == 0
    pdf = tmp_path / "泗县.pdf"
    done = _cli("export", str(book), "-o", str(pdf), "--department", "泗县医疗保障局", "--year", "2024")
    assert done.returncode == 0, done.stderr
    assert "已导出泗县医疗保障局（2024年）的公开文件" in done.stdout
    assert "比2023年预算增加1653.67万元，增长143.56%" in _flat("".join(_pages(pdf.read_bytes())))
    sheet = tmp_path / "泗县.xlsx"
    assert _cli("export", str(book), "-o", str(sheet), "--department", "泗县医疗保障局").returncode == 0
    assert len(openpyxl.load_workbook(sheet).worksheets) == 11
    missing = _cli("export", str(book), "-o", str(tmp_path / "x.pdf"), "--department", "泗县卫生健康委员会")
    assert missing.returncode == 2
    known = "工作簿中的部门：泗县医疗保障局（2024年）、兴隆县医疗保障局（2024年）"
    assert f"工作簿中没有部门“泗县卫生健康委员会”。{known}" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "x.pdf").exists()
    wrong_year = _cli(
        "export", str(book), "-o", str(tmp_path / "y.pdf"), "--department", "泗县医疗保障局", "--year", "2023"
    )
    assert wrong_year.returncode == 2 and "没有2023年的部门" in wrong_year.stderr


def test_jixiao_templates_lists_the_document_layouts() -> None:
    done = _cli("templates")
    assert done.returncode == 0
    assert "部门文件版式：" in done.stdout
    for layout_id in ("ah-department-budget", "ah-project-package", "hb-performance-text"):
        assert layout_id in done.stdout


def test_a_long_table_repeats_its_header_on_the_next_page() -> None:
    workbook, department = _load("sixian")
    assert department.budget is not None
    rows = tuple(BasicRow(f"399{n:02d}", f"其他支出明细{n}", public=Decimal(n)) for n in range(1, 90))
    long_basic = replace(department, budget=replace(department.budget, basic=rows))
    workbook.departments = [long_basic]
    pages = [_flat(p) for p in _pages(publication_pdf(workbook, long_basic)[0])]
    title = "泗县医疗保障局2024年一般公共预算基本支出表"
    first = next(i for i, p in enumerate(pages) if title in p and "部门公开表6" in p)
    assert "其他支出明细89" not in pages[first]
    continued = next(i for i, p in enumerate(pages) if "其他支出明细89" in p)
    assert continued > first
    assert "科目编码科目名称" in pages[continued] and "本年一般公共预算基本支出" in pages[continued]
