"""Every field a project holds reaches paper: for each layout, a project with every field filled is exported, and each
field appears in the PDF text and in the visible sheet — or the layout says why it cannot, and the editor does not
offer it (the form and the indicator tree read the same layout data)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.model import (
    Funds,
    FundsBySource,
    Indicator,
    Midterm,
    OrgUnit,
    Overview,
    Project,
    SpendingStep,
    Workbook,
)
from desktop.io.pdf.export import export_pdf
from desktop.io.xlsx.export import INDICATOR_DATA, PUBLIC_LIST, export_xlsx
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import PAPER_FIELDS, Layout, bundled_layouts
from desktop.ui.document import WorkbookDocument
from desktop.ui.form.project_form import ProjectForm
from desktop.ui.indicators.tree import shown_fields

LAYOUTS = sorted(bundled_layouts())
AMOUNTS = {"total": "1234.56", "fiscal": "1000.50", "carryover": "100.04", "other": "134.02"}
MID = {"total": "4321.50", "fiscal": "4000.25", "carryover": None, "other": "321.25"}


def full_project(template: str) -> Project:
    """A project with every field filled with text found nowhere else on the form."""
    return Project(
        year=2024,
        template=template,
        name="甲乙丙专项经费",
        code="13082224P00059510001F",
        department=OrgUnit("039", "某某县医疗保障局"),
        implementing_unit=OrgUnit("362001", "某某县医保中心"),
        source="来源为本级申报",
        period="三年期",
        attribute="延续性项目属性",
        basis="依据某某文件立项",
        purpose="用途为购买服务",
        annual_goal="年度目标为全覆盖",
        funds=Funds(**{k: Decimal(v) for k, v in AMOUNTS.items()}),
        midterm=Midterm(2022, 2024, "总体目标为长效", Funds(**{k: Decimal(v) if v else None for k, v in MID.items()})),
        spending_plan=(SpendingStep(3, Decimal(21)), SpendingStep(6, Decimal(43)), SpendingStep(10, Decimal(87)),
                       SpendingStep(12, Decimal(100))),
        kind="特定目标类",
        function_code="2101501",
        funds_by_source=FundsBySource(general=Decimal("1234.56")),
        overview=Overview(summary="项目概述某某"),
        indicators=[
            Indicator(
                "产出指标",
                "数量指标",
                name="年度三级指标甲",
                value="≥7321人",
                midterm_value="≥9876人",
                description="描述指标乙",
                basis="确定依据丙",
                midterm_name="中长期三级指标丁",
                prior_value="上年值戊",
            )
        ],
    )  # fmt: skip


def markers(layout: Layout, project: Project) -> dict[str, list[str]]:
    """What each field looks like on paper (PDF text without spaces)."""
    fmt = layout.format_amount
    mid = project.midterm
    assert mid is not None
    return {
        "name": ["甲乙丙专项经费"],
        "code": ["13082224P00059510001F"],
        "department": ["某某县医疗保障局"],
        "implementing_unit": ["某某县医保中心"],
        "source": ["来源为本级申报"],
        "period": ["三年期"],
        "attribute": ["延续性项目属性"],
        "basis": ["依据某某文件立项"],
        "purpose": ["用途为购买服务"],
        "annual_goal": ["年度目标为全覆盖"],
        **{f"funds.{k}": [fmt(getattr(project.funds, k))] for k in AMOUNTS},
        "midterm.goal": ["总体目标为长效"],
        "midterm.period": ["2022—2024"],
        "midterm.funds": [fmt(mid.funds.total), fmt(mid.funds.fiscal)],
        "spending_plan": ["21%", "43%", "87%"],
        "kind": ["特定目标类"],
        "function_code": ["2101501"],
        "funds_by_source": [],
        "overview": ["项目概述某某"],
        "indicator.name": ["年度三级指标甲"],
        "indicator.value": ["≥7321人"],
        "indicator.midterm_value": ["≥9876人"],
        "indicator.midterm_name": ["中长期三级指标丁"],
        "indicator.description": ["描述指标乙"],
        "indicator.basis": ["确定依据丙"],
        "indicator.prior_value": ["上年值戊"],
    }


def sheet_values(path: Path) -> set[str]:
    """Every value shown on the visible form sheets, as text (numbers also as the shown amount or per cent)."""
    book = openpyxl.load_workbook(path)
    shown: set[str] = set()
    for ws in book.worksheets:
        if ws.sheet_state != "visible" or ws.title in (PUBLIC_LIST, INDICATOR_DATA):
            continue
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, int | float):
                    fmt = cell.number_format
                    if fmt.endswith("%"):
                        shown.add(f"{round(cell.value * 100)}%")
                    else:
                        places = len(fmt.split(".")[1]) if "." in fmt else 0
                        shown.add(f"{cell.value:{',' if ',' in fmt else ''}.{places}f}")
                elif cell.value is not None:
                    shown.add(re.sub(r"\s+", "", str(cell.value)))
    return shown


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_every_field_set_on_a_project_is_printed_or_the_layout_says_why(layout_id: str, tmp_path: Path) -> None:
    layout = get_layout(layout_id)
    project = full_project(layout_id)
    pdf = export_pdf(Workbook([project]), tmp_path / "f.pdf", cover=False).path
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    xlsx = export_xlsx(Workbook([project]), tmp_path / "f.xlsx").path
    sheet = sheet_values(xlsx)
    sheet_text = "".join(sheet)
    expected = markers(layout, project)
    assert set(expected) == set(PAPER_FIELDS)
    printed = layout.printed_fields()
    for field in PAPER_FIELDS:
        if field in printed:
            for marker in expected[field]:
                assert marker in text, f"{layout_id}：{field}（{marker}）不在 PDF 中"
                assert marker in sheet or marker in sheet_text, f"{layout_id}：{field}（{marker}）不在表格中"
        else:
            assert layout.not_printed.get(field, "").strip(), f"{layout_id}：{field} 不印，也没有说明理由"


def editor_fields(qtbot: QtBot, layout: Layout) -> set[str]:
    """The PAPER_FIELDS the editor offers for a project of this layout: the form's fields and the tree's columns."""
    document = WorkbookDocument()
    document.workbook = Workbook([full_project(layout.id)])
    form = ProjectForm(document)
    qtbot.addWidget(form)
    form.set_project(document.workbook.projects[0], layout)
    page = form.page()
    assert page is not None
    offered: set[str] = set()
    # 部门预算公开信息 is what the department publication prints (the layout's not_printed says so): not the form's.
    publication = {path.split(".")[0] for editor in page.publication.fields for path in editor.paths}
    assert publication == DEPARTMENT_FIELDS
    for editor in (e for e in page.fields if e not in page.publication.fields):
        for path in editor.paths:
            parts = path.split(".")
            if parts[0] == "funds":
                offered.add(path)
            elif parts[:2] == ["midterm", "funds"]:
                offered.add("midterm.funds")
            elif parts[0] == "midterm":
                offered.add(path)
            else:
                offered.add(parts[0])
    if layout.has_midterm:
        offered.add("midterm.period")  # the two year spin boxes beside 总体目标
    offered.update(f"indicator.{key}" for key in shown_fields(layout))
    return offered


DEPARTMENT_FIELDS = {"kind", "function_code", "funds_by_source", "overview"}


@pytest.mark.parametrize("layout_id", LAYOUTS)
def test_the_editor_offers_exactly_what_the_layout_prints(qtbot: QtBot, layout_id: str) -> None:
    layout = get_layout(layout_id)
    offered = editor_fields(qtbot, layout)
    assert offered == set(layout.printed_fields()), layout_id
    assert not offered & set(layout.not_printed)
    assert all("部门预算" in layout.not_printed[key] for key in DEPARTMENT_FIELDS)


def test_basis_prints_on_the_anhui_form_only_when_filled(tmp_path: Path) -> None:
    project = full_project("ah-project")
    empty = full_project("ah-project")
    empty.basis = None
    texts = []
    for p in (project, empty):
        pdf = export_pdf(Workbook([p]), tmp_path / "x.pdf", cover=False).path
        texts.append(re.sub(r"\s+", "", pypdf.PdfReader(pdf).pages[0].extract_text()))
    assert "立项依据依据某某文件立项" in texts[0]
    assert "立项依据" not in texts[1]
