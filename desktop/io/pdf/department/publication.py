"""A department's publication as one PDF, part by part in the order its document layout gives (DEPARTMENT.md §2–4):
the Anhui 部门预算 (cover, 目录, 部门概况, the tables, the 说明, 名词解释, 附件 with the 公开清单 and the forms),
the Hebei 绩效文本 (cover, 目录, 第一部分, the numbered forms) and the Anhui project package (cover when asked, list,
forms).

The 目录's page numbers are the real ones: the document is built once to learn on which page every listed title
prints (zero-size markers), then again with those numbers; a form that runs over two pages moves the next number by
two because the numbers are read, not predicted. Page numbers start after the cover and the 目录.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, PageTemplate, Spacer

from desktop.domain.department import Department
from desktop.domain.department.explanation import explain
from desktop.domain.department.explanation_text import Explanation
from desktop.domain.department.tables import compute_tables
from desktop.domain.model import Project, Workbook
from desktop.io.department_print import is_wide
from desktop.io.exporting import ExportFailed
from desktop.io.pdf.cover import public_list_flowables
from desktop.io.pdf.department.pages import BODY, FRONT, WIDE, ContentsLine, Mark, PageLog, frame_size, page_template
from desktop.io.pdf.department.parts import (
    TextContext,
    cover_flowables,
    explanation_flowables,
    glossary_flowables,
    overall_target_section,
    overview_flowables,
    part_title,
    section_title,
)
from desktop.io.pdf.department.tables import TableContext, table_flowables
from desktop.io.pdf.draft_mark import DRAFT_TEMPLATE_SUFFIX, draft_mark
from desktop.io.pdf.fonts import GlyphCheck, PdfFont, default_font
from desktop.io.pdf.form import FormContext, form_flowables
from desktop.io.pdf.grid import GridStyle
from desktop.templates.catalog import get_layout
from desktop.templates.classification import bundled_catalogue
from desktop.templates.documents import DocumentLayout, Part, get_document_layout
from desktop.templates.glossary import bundled_glossary
from desktop.templates.layouts import Layout, LayoutError
from desktop.templates.printing import PrintConfig


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the 目录: its marker key, text and indent level (0 part, 1 item)."""

    key: str
    text: str
    level: int


@dataclass
class Built:
    """One build: the flowables after the 目录, the 目录's entries, the templates and the problems found."""

    story: list[Flowable]
    entries: list[ContentsEntry]
    templates: dict[str, PageTemplate]
    problems: list[str]


class _Assembler:
    """Turns the layout's parts into flowables, remembering 目录 entries and markers."""

    def __init__(
        self,
        workbook: Workbook,
        department: Department,
        layout: DocumentLayout,
        font: PdfFont,
        log: PageLog,
        offset: int,
        cover: bool,
        marked: frozenset[int] = frozenset(),
    ) -> None:
        self.department, self.layout, self.font, self.log, self.offset = department, layout, font, log, offset
        self.cover = cover
        self.marked = marked  # id() of the projects whose forms carry the 草稿 mark
        self.projects: list[Project] = workbook.department_projects(department)
        self.catalogue = bundled_catalogue(department.year)
        self.check = GlyphCheck(font)
        self.problems: list[str] = []
        self.entries: list[ContentsEntry] = []
        self.templates: dict[str, PageTemplate] = {
            FRONT: page_template(FRONT, font, log, offset),
            BODY: page_template(BODY, font, log, offset),
            WIDE: page_template(WIDE, font, log, offset, wide=True),
        }
        width, height = frame_size()
        self.text = TextContext(font, self.check, width, height)
        self.computed = compute_tables(department, self.projects, self.catalogue)
        self._explanation: Explanation | None = None
        self.pages = 0

    # ------------------------------------------------------------------------------------------------ helpers

    def mark(self, key: str, text: str | None, level: int) -> Mark:
        """A marker, listed in the 目录 when `text` is given."""
        if text:
            self.entries.append(ContentsEntry(key, text, level))
        return Mark(key, self.log)

    @staticmethod
    def new_page(template: str) -> list[Flowable]:
        """Start a new page on `template`."""
        return [NextPageTemplate(template), PageBreak()]

    def explanation(self) -> Explanation:
        """The generated 说明, computed once for the tables and 其他重要事项 sections this layout prints."""
        if self._explanation is None:
            other = next((p for p in self.layout.parts if p.kind == "other_matters"), None)
            sections = [s.id for s in other.sections] if other is not None else []
            self._explanation = explain(
                self.department,
                self.projects,
                self.catalogue,
                tables=self.layout.table_ids(),
                other=sections if other is not None else (),
                computed=self.computed,
            )
            for section, _, slot in self._explanation.missing():
                self.problems.append(f"情况说明“{section.heading}”中有增减原因未填写（{slot.about}）")
        return self._explanation

    def form_layout(self, part: Part, project: Project) -> Layout:
        """The form layout a project prints in: the part's, else the project's own."""
        template = part.template or project.template
        try:
            return get_layout(template)
        except LayoutError as exc:
            raise LayoutError(f"项目“{project.display_name()}”无法打印：{exc}") from None

    # ------------------------------------------------------------------------------------------------ parts

    def part(self, index: int, part: Part) -> list[Flowable]:
        """The flowables of one part, starting on a new page where the part does."""
        title = part_title(part, self.department)
        key = f"part:{index}"
        kind = part.kind
        if kind == "overview":
            head = [self.mark(key, title, 0), self.text.heading(title, 18, align="center", before=0)]
            return [*self.new_page(BODY), *head, *self._overview(part)]
        if kind == "tables":
            return self._tables(key, title)
        if kind == "explanations":
            head = [self.mark(key, title, 0), self.text.heading(title, 18, align="center", before=0)]
            sections = [s for s in self.explanation().sections if s.key != "other"]
            body: list[Flowable] = []
            for number, section in enumerate(sections, start=1):
                name = section.heading.split("、", 1)[-1]
                marker = self.mark(f"explain:{section.key}", f"{number}. {name}", 1)
                body += explanation_flowables(section, self.text, [marker])
            return [*self.new_page(BODY), *head, *body]
        if kind == "other_matters":
            explanation = self.explanation()
            other = next((s for s in explanation.sections if s.key == "other"), None)
            if other is None:
                return []
            number = len(explanation.sections)
            entry = self.mark("explain:other", f"{number}. {other.heading.split('、', 1)[-1]}", 1)
            return explanation_flowables(other, self.text, [entry])
        if kind == "glossary":
            return [*self.new_page(BODY), *self._glossary(key, title)]
        if kind == "public_list":
            return [*self.new_page(BODY), *self._public_list(key, title)]
        if kind == "forms":
            return self._forms(key, title, part)
        if kind == "overall_target":
            return self._overall_target(key, title, part)
        return []

    def _overview(self, part: Part) -> list[Flowable]:
        flow: list[Flowable] = []
        for number, section in enumerate(part.sections, start=1):
            text = section_title(section.title, self.department)
            flow.append(self.mark(f"overview:{section.id}", f"{number}. {text}", 1))
            one = Part(part.kind, part.title, (section,))
            parts = overview_flowables(one, self.department, self.text)
            # overview_flowables numbers its sections itself; renumber the heading of this single section
            parts[0] = self.text.heading(f"{_numeral(number)}、{text}")
            flow += parts
        return flow

    def _tables(self, key: str, title: str) -> list[Flowable]:
        flow: list[Flowable] = []
        for number, spec in enumerate(self.layout.tables, start=1):
            wide = is_wide(spec)
            width, _ = frame_size(wide=wide)
            ctx = TableContext(self.font, self.check, width, self.department.name, self.department.year)
            flow += self.new_page(WIDE if wide else BODY)
            if number == 1:
                flow += [self.mark(key, title, 0), self.text.heading(title, 18, align="center", before=0)]
            heading = spec.heading(self.department.name, self.department.year)
            flow.append(self.mark(f"table:{spec.id}", f"{number}. {heading}", 1))
            flow += table_flowables(spec, self.computed[spec.id], ctx)
        return flow

    def _glossary(self, key: str, title: str) -> list[Flowable]:
        glossary = bundled_glossary(self.layout.id) or bundled_glossary()
        head: list[Flowable] = [self.mark(key, title, 0), self.text.heading(title, 18, align="center", before=0)]
        if glossary is None:
            return head
        return [
            *head,
            *glossary_flowables(glossary, self.computed["general"], self.catalogue, self.text, self.problems),
        ]

    def _public_list(self, key: str, title: str) -> list[Flowable]:
        width, height = frame_size()
        ctx = FormContext(self.font, self.check, width, height)
        style = GridStyle(self.font, size=11, leading=11 * 1.3, pad_x=3.0, pad_y=2.5, min_height=7 * mm)
        flow: list[Flowable] = [self.mark(key, title, 0)]
        if title.startswith("附件"):
            flow.append(self.text.heading("附件", 16, before=0))
        return [*flow, *public_list_flowables(self.projects, ctx, style)]

    def _forms(self, key: str, title: str, part: Part) -> list[Flowable]:
        flow: list[Flowable] = []
        if title:
            flow += self.new_page(BODY)
            flow += [self.mark(key, title, 0), Spacer(1, self.text.height * 0.3)]
            for line in title.split(" ", 1):
                flow.append(self.text.heading(line, 24, align="center", before=6 * mm))
        for number, project in enumerate(self.projects, start=1):
            layout = self.form_layout(part, project)
            config: PrintConfig = layout.print
            draft = id(project) in self.marked
            template_id = layout.id + DRAFT_TEMPLATE_SUFFIX if draft else layout.id
            if template_id not in self.templates:
                under = draft_mark(self.font) if draft else None
                self.templates[template_id] = page_template(
                    template_id, self.font, self.log, self.offset, config, under=under
                )
            width, height = frame_size(config)
            form = form_flowables(project, layout, config, number, FormContext(self.font, self.check, width, height))
            label = layout.title.format_map(_FormTitle(number, project)) if title else None
            flow += [*self.new_page(template_id), self.mark(f"form:{number}", label, 1), *form]
        return flow

    def _overall_target(self, key: str, title: str, part: Part) -> list[Flowable]:
        flow: list[Flowable] = [*self.new_page(BODY), self.mark(key, title, 0)]
        for line in title.split(" ", 1):
            flow.append(self.text.heading(line, 20, align="center", before=0))
        for index, section in enumerate(part.sections):
            text = section_title(section.title, self.department)
            if index:
                flow += self.new_page(BODY)
            flow.append(self.mark(f"target:{section.id}", text, 1))
            flow += overall_target_section(section.id, text, self.department, self.text)
        return flow


class _FormTitle(dict[str, object]):
    """Values for a form layout's title ("{number}.{name}绩效目标表") as the 目录 lists it."""

    def __init__(self, number: int, project: Project) -> None:
        super().__init__(number=number, name=(project.name or "").strip(), code=project.code or "", year=project.year)

    def __missing__(self, key: str) -> str:
        return ""


def _numeral(number: int) -> str:
    from desktop.domain.department.phrasing import chinese_numeral

    return chinese_numeral(number)


def _assemble(
    workbook: Workbook, department: Department, layout: DocumentLayout, font: PdfFont, log: PageLog, offset: int,
    numbers: dict[str, int], cover: bool, marked: frozenset[int],
) -> tuple[list[Flowable], _Assembler]:  # fmt: skip
    asm = _Assembler(workbook, department, layout, font, log, offset, cover, marked)
    front: list[Flowable] = []
    rest: list[Flowable] = []
    contents_part: Part | None = None
    for index, part in enumerate(layout.parts):
        if part.kind == "cover":
            if part.optional and not cover:
                continue
            front += cover_flowables(department, layout, asm.text)
        elif part.kind == "contents":
            contents_part = part
        else:
            rest += asm.part(index, part)
    story: list[Flowable] = list(front)
    if contents_part is not None:
        if story:
            story.append(PageBreak())
        title = contents_part.title or "目录"
        story.append(asm.text.heading(title, 18, align="center", before=0))
        story.append(Spacer(1, 4 * mm))
        for entry in asm.entries:
            story.append(
                ContentsLine(
                    asm.check.text(entry.text, "目录", "标题"),
                    _page_text(numbers, entry.key),
                    font,
                    12.5 if entry.level == 0 else 11.5,
                    indent=0 if entry.level == 0 else 24,
                )
            )
    if not story and rest and isinstance(rest[0], NextPageTemplate):
        rest = rest[2:]  # nothing before the first part: no blank first page
        story.append(NextPageTemplate(BODY))
    return [*story, *rest], asm


def _page_text(numbers: dict[str, int], key: str):  # type: ignore[no-untyped-def]
    return lambda: str(numbers[key]) if key in numbers else ""


def _build_once(
    workbook: Workbook, department: Department, layout: DocumentLayout, font: PdfFont, numbers: dict[str, int],
    offset: int, cover: bool, marked: frozenset[int],
) -> tuple[bytes, PageLog, _Assembler]:  # fmt: skip
    import io

    log = PageLog()
    story, asm = _assemble(workbook, department, layout, font, log, offset, numbers, cover, marked)
    if not story:
        raise ExportFailed(f"{department.display_name()}没有可打印的内容。")
    buffer = io.BytesIO()
    templates = list(asm.templates.values())
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=templates,
        title=f"{department.name}{department.year}年{layout.name}",
        author="",
        creator="绩效目标填报",
        invariant=1,
    )
    doc.build(story)
    asm.pages = doc.page
    return buffer.getvalue(), log, asm


def publication_pdf(
    workbook: Workbook,
    department: Department,
    *,
    layout: DocumentLayout | None = None,
    cover: bool = False,
    watermark: Collection[Project] = (),
) -> tuple[bytes, list[str]]:
    """The PDF bytes and the problems (see `build_publication`)."""
    built = build_publication(workbook, department, layout=layout, cover=cover, watermark=watermark)
    return built.data, built.problems


@dataclass(frozen=True)
class Publication:
    """A built publication: the PDF, its page count, its 目录 as printed and the problems found."""

    data: bytes
    pages: int
    contents: tuple[tuple[str, int | None], ...]
    problems: list[str]


def build_publication(
    workbook: Workbook,
    department: Department,
    *,
    layout: DocumentLayout | None = None,
    cover: bool = False,
    watermark: Collection[Project] = (),
) -> Publication:
    """The PDF of `department`'s publication by its document layout (or `layout`), and the problems found on the way
    (characters missing from the font, reasons not written, glossary entries missing). `cover` prints an optional
    cover (the project package's). The forms of the projects in `watermark` (drafts with errors) carry a diagonal
    "草稿" on each of their pages. Raises ExportFailed (Chinese message) when there is nothing to print or the
    department has no document layout, LayoutError for a broken form layout."""
    chosen = layout or document_layout_of(department)
    font = default_font()
    numbers: dict[str, int] = {}
    offset = 0
    marked = frozenset(id(p) for p in watermark)
    data, log, asm = _build_once(workbook, department, chosen, font, numbers, offset, cover, marked)
    for _ in range(3):  # the numbers settle after one more build; a third guards a 目录 that changed length
        offset = (log.first_numbered or 1) - 1
        fresh = {key: page - offset for key, page in log.marks.items()}
        if fresh == numbers and asm.offset == offset:
            break
        numbers = fresh
        data, log, asm = _build_once(workbook, department, chosen, font, numbers, offset, cover, marked)
    problems = list(dict.fromkeys([*asm.problems, *asm.check.problems]))
    contents = tuple((e.text, numbers.get(e.key)) for e in asm.entries)
    return Publication(data, asm.pages, contents, problems)


def document_layout_of(department: Department) -> DocumentLayout:
    """The department's document layout; Anhui's 部门预算 when it names none."""
    return get_document_layout(department.document or "ah-department-budget")
