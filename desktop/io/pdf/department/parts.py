"""The text parts of a department publication: cover, headings, 部门概况, the 说明, 名词解释, 部门整体绩效目标."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop.domain.department import Department, Paragraph
from desktop.domain.department.explanation_text import ExplanationSection
from desktop.domain.department.phrasing import chinese_numeral, class_short
from desktop.domain.department.tables import ComputedTable
from desktop.io.pdf.blocks import TextBlock
from desktop.io.pdf.fonts import GlyphCheck, PdfFont
from desktop.templates.classification import Catalogue
from desktop.templates.documents import DocumentLayout, Part
from desktop.templates.glossary import Glossary

BODY_SIZE = 12.0
_INDENT = "\u3000\u3000"


@dataclass(frozen=True)
class TextContext:
    """Font, glyph check and page size shared by the text parts."""

    font: PdfFont
    check: GlyphCheck
    width: float
    height: float

    def t(self, text: str, where: str) -> str:
        """`text`, with characters the font lacks reported."""
        return self.check.text(text, where, "文字")

    def body(self, text: str, where: str, *, indent: bool = True, bold: bool = False) -> TextBlock:
        """A body paragraph, first line indented by two characters."""
        shown = (_INDENT if indent else "") + self.t(text, where)
        return TextBlock(shown, self.font, BODY_SIZE, align="left", bold=bold, leading=BODY_SIZE * 1.75)

    def heading(
        self, text: str, size: float = 14.0, *, align: str = "left", before: float = 4 * mm, keep: bool = False
    ) -> TextBlock:
        """A bold heading line; `keep` keeps it on the page of what follows."""
        block = TextBlock(
            self.t(text, "标题"),
            self.font,
            size,
            align=align,  # type: ignore[arg-type]
            bold=True,
            space_before=before,
            space_after=2 * mm,
        )
        block.keepWithNext = keep
        return block


def cover_flowables(department: Department, layout: DocumentLayout, ctx: TextContext) -> list[Flowable]:
    """The cover: the layout's title (department, year), then 编制 / 审核 lines or the date."""
    title = (layout.cover_title or "{department}\n{year}年度部门预算").format(
        department=department.name, year=department.year
    )
    flow: list[Flowable] = [Spacer(1, ctx.height * 0.22)]
    for index, line in enumerate(title.split("\n")):
        flow.append(TextBlock(ctx.t(line, "封面"), ctx.font, 26 if index < 2 else 18, bold=index < 2, leading=44))
    flow.append(Spacer(1, ctx.height * 0.3))
    cover = department.cover
    if layout.kind == "performance-text":
        compiled = (cover.compiled_by if cover else None) or department.name
        flow.append(TextBlock(ctx.t(f"{compiled}编制", "封面"), ctx.font, 16, space_after=4 * mm))
        if cover is not None and cover.reviewed_by:
            flow.append(TextBlock(ctx.t(f"{cover.reviewed_by}审核", "封面"), ctx.font, 16))
    if cover is not None and cover.date:
        flow.append(TextBlock(ctx.t(cover.date, "封面"), ctx.font, 16, space_before=6 * mm))
    return flow


def part_title(part: Part, department: Department) -> str:
    """The part's printed title with {department} and {year} filled."""
    return (part.title or "").format(department=department.name, year=department.year)


def section_title(title: str | None, department: Department) -> str:
    """A section title with {year} and {department} filled."""
    return (title or "").format(department=department.name, year=department.year)


def _numbered(paragraphs: Sequence[Paragraph], ctx: TextContext, where: str, style: str) -> list[Flowable]:
    """Numbered paragraphs: `inline` "（一）<title><text>", `titled` "（一）<title>" then the text."""
    flow: list[Flowable] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        mark = f"（{chinese_numeral(number)}）"
        title, text = (paragraph.title or "").strip(), (paragraph.text or "").strip()
        if style == "titled" and title:
            flow.append(ctx.body(mark + title, where, bold=True))
            if text:
                flow.append(ctx.body(text, where))
        else:
            flow.append(ctx.body(mark + title + text, where))
    return flow


def overview_flowables(part: Part, department: Department, ctx: TextContext) -> list[Flowable]:
    """第一部分 部门概况: 主要职责, 部门预算构成 (its note and the table of units), 年度主要工作任务."""
    flow: list[Flowable] = []
    for number, section in enumerate(part.sections, start=1):
        flow.append(ctx.heading(f"{chinese_numeral(number)}、{section_title(section.title, department)}", keep=True))
        if section.id == "duties":
            flow += _numbered(department.duties, ctx, "主要职责", "inline")
        elif section.id == "tasks":
            flow += _numbered(department.tasks, ctx, "主要工作任务", "titled")
        elif section.id == "units":
            note = next((n.text for n in department.notes if n.title == "部门预算构成" and n.text), None)
            count = len(department.units)
            note = note or (
                f"{department.name}{department.year}年度部门预算包括纳入部门预算编制范围的预算单位共{count}个，"
                "具体情况见下表。"
            )
            flow.append(ctx.body(note, "部门预算构成"))
            flow.append(Spacer(1, 2 * mm))
            flow.append(_units_table(department, ctx))
    return flow


def _units_table(department: Department, ctx: TextContext) -> Table:
    def cell(text: str, bold: bool = False) -> TextBlock:
        return TextBlock(ctx.t(text, "部门预算构成"), ctx.font, 11, bold=bold)

    data: list[list[object]] = [[cell("序号", True), cell("单位名称", True), cell("单位性质", True)]]
    data += [[cell(str(i)), cell(u.name), cell(u.kind or "")] for i, u in enumerate(department.units, start=1)]
    grid = Table(data, colWidths=[ctx.width * w for w in (0.12, 0.58, 0.3)], repeatRows=1)
    grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return grid


def explanation_flowables(
    section: ExplanationSection, ctx: TextContext, lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """One 说明 section: its heading, then each paragraph's heading lines and its text as printed. A heading (with
    `lead`, the 目录's marker) is kept on the page of the text that follows it."""
    flow: list[Flowable] = []
    pending: list[Flowable] = [*lead, ctx.heading(section.heading)]
    for paragraph in section.paragraphs:
        for line in (paragraph.heading or "").split("\n"):
            if line:
                pending.append(ctx.body(line, section.heading, bold=True))
        for line in paragraph.full_text().split("\n"):
            if line.strip():
                pending.append(ctx.body(line.strip(), section.heading))
                flow.append(KeepTogether(pending) if len(pending) > 1 else pending[0])
                pending = []
    if pending:
        flow.append(KeepTogether(pending))
    return flow


def glossary_flowables(
    glossary: Glossary, general: ComputedTable, catalogue: Catalogue, ctx: TextContext, problems: list[str]
) -> list[Flowable]:
    """名词解释: the fixed terms, then each 功能分类 项 of the department ("卫生健康支出(类)…(款)…：反映…")."""
    entries = [(term.name, term.text) for term in glossary.terms]
    for row in general.rows:
        code = row.code
        if code is None or len(code) != 7:
            continue
        class_name = catalogue.function_name(code[:3]) or code[:3]
        section_name = catalogue.function_name(code[:5]) or code[:5]
        name = f"{class_name}(类){section_name}(款){row.label}"
        text = glossary.functions.get(code)
        if text is None:
            problems.append(f"名词解释中没有 {code} {row.label} 的说明，只印出了科目名称")
        entries.append((name, text or f"反映{class_short(row.label)}方面的支出。"))
    return [
        ctx.body(f"{chinese_numeral(n)}、{name}：{text}", "名词解释") for n, (name, text) in enumerate(entries, start=1)
    ]


def overall_target_section(section_id: str, title: str, department: Department, ctx: TextContext) -> list[Flowable]:
    """One section of the Hebei 第一部分: 总体绩效目标, 分项绩效目标 or 工作保障措施."""
    target = department.overall_target
    flow: list[Flowable] = [ctx.heading(title, keep=True)]
    if target is None:
        return flow
    if section_id == "goals":
        flow += _numbered(target.goals, ctx, "总体绩效目标", "inline")
    elif section_id == "items":
        for number, item in enumerate(target.items, start=1):
            flow.append(ctx.body(f"{number}、{(item.title or '').strip()}", "分项绩效目标", bold=True))
            flow.append(ctx.body(f"绩效目标：{(item.goal or '').strip()}", "分项绩效目标"))
            flow.append(ctx.body(f"绩效指标：{(item.indicators or '').strip()}", "分项绩效目标"))
    elif section_id == "measures":
        for number, paragraph in enumerate(target.measures, start=1):
            text = f"{number}、{(paragraph.title or '').strip()}{(paragraph.text or '').strip()}"
            flow.append(ctx.body(text, "工作保障措施"))
    elif section_id == "annual_goal" and target.annual_goal:
        flow.append(ctx.body(target.annual_goal, "年度履职目标"))
    return flow
