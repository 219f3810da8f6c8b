"""The cover and the 项目支出绩效目标公开清单 printed before the forms.

The list is generated from the projects themselves, so its amounts can never disagree with the forms (in the 霍邱
seed two amounts of the hand-made list are swapped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from desktop.domain.model import Project
from desktop.io.exporting import list_amount_style
from desktop.io.pdf.blocks import SpreadLine, TextBlock
from desktop.io.pdf.form import FormContext
from desktop.io.pdf.grid import Cell, GridBlock, GridStyle, Row
from desktop.io.pdf.text import wrap_text

LIST_TITLE = "项目支出绩效目标公开清单"
LIST_HEADER = ("序号", "项目名称", "预算金额（万元）")
# A department name longer than this on the cover (24 pt) is cut with "…": the cover must stay one page.
_COVER_NAME_LINES = 3


def department_of(projects: Sequence[Project]) -> str:
    """The department the projects belong to: the most frequent 主管部门 (or 实施单位) name.

    A selection mixing several departments (say, forms collected from three counties) gets no name at all, so
    the cover never claims one department's stamp for another's forms.
    """
    names = Counter(name for p in projects if (name := p.department.name or p.implementing_unit.name))
    departments = {p.department.name for p in projects if p.department.name}
    if len(departments) > 1 or (not departments and len(names) > 1 and not _one_family(names)):
        return ""
    return names.most_common(1)[0][0] if names else ""


def _one_family(names: Counter[str]) -> bool:
    """True when every unit name starts like the first one (the bureau and its own centres: 兴隆县医疗保障局本级)."""
    first = min(names, key=len)
    return all(name.startswith(first) for name in names)


def years_of(projects: Sequence[Project]) -> str:
    """`2024` or `2023—2024` for a workbook spanning budget years."""
    years = sorted({p.year for p in projects})
    if not years:
        return ""
    return str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"


def list_total(projects: Sequence[Project]) -> Decimal:
    """Sum of the projects' 年度资金总额 (blank amounts count as nothing), exact in 万元."""
    return sum((p.funds.total for p in projects if p.funds.total is not None), Decimal(0))


def list_amount_format(projects: Sequence[Project]) -> Callable[[Decimal | None], str]:
    """How the cover and the public list write amounts: one format for the whole column (list_amount_style)."""
    places, thousands = list_amount_style(projects)
    return lambda value: "" if value is None else f"{value:{',' if thousands else ''}.{places}f}"


def cover_flowables(projects: Sequence[Project], ctx: FormContext) -> list[Flowable]:
    """A cover page: department, year, number of forms and their total."""
    font = ctx.font
    department = ctx.check.text(department_of(projects), "（封面）", "部门名称")
    year_line = f"{years_of(projects)}年度项目支出绩效目标"
    total = list_amount_format(projects)(list_total(projects))
    if len(wrap_text(department, ctx.width, font, 24)) > _COVER_NAME_LINES:
        ctx.check.problems.append(f"部门名称太长（{len(department)} 字），封面上只印出前 {_COVER_NAME_LINES} 行")
    return [
        Spacer(1, ctx.height * 0.28),
        TextBlock(department, font, 24, bold=True, leading=24 * 1.6, max_lines=_COVER_NAME_LINES),
        TextBlock(year_line, font, 24, bold=True, leading=24 * 1.6),
        TextBlock(f"（项目支出绩效目标表 {len(projects)} 张，预算合计 {total} 万元）", font, 12, space_before=18),
        Spacer(1, ctx.height * 0.25),
        SpreadLine([f"编制单位（盖章）：{department}"], font, 12, space_before=0),
        SpreadLine(["编制日期：        年      月      日"], font, 12, space_before=6),
    ]


def public_list_flowables(projects: Sequence[Project], ctx: FormContext, style: GridStyle) -> list[Flowable]:
    """The public list: 序号 / 项目名称 / 预算金额（万元）for every project, with the total."""
    rows: list[Row] = []
    amount_text = list_amount_format(projects)
    for i, project in enumerate(projects, 1):
        name = ctx.check.text(project.display_name(), project.display_name(), "项目名称")
        amount = amount_text(project.funds.total)
        if project.funds.total is None:
            ctx.check.problems.append(f"项目“{project.display_name()}”没有填写年度资金总额，公开清单中金额为空")
        rows.append((Cell(str(i)), Cell(name, align="left"), Cell(amount, align="right")))
    rows.append((Cell("合计", 2), Cell(amount_text(list_total(projects)), align="right")))
    widths = [ctx.width * 0.1, ctx.width * 0.66, ctx.width * 0.24]
    header: list[Row] = [tuple(Cell(h) for h in LIST_HEADER)]
    department = ctx.check.text(department_of(projects), "（公开清单）", "部门名称")
    return [
        TextBlock(
            f"{department} {years_of(projects)}年度项目支出绩效目标".strip(),
            ctx.font,
            13,
            space_after=4 * mm,
            max_lines=3,
        ),
        TextBlock(LIST_TITLE, ctx.font, 16, bold=True, space_after=4 * mm),
        GridBlock(widths, rows, style, header=header, page_height=ctx.height),
    ]
