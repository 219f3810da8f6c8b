"""PDF export of the printable forms: cover, public list, then one form per project, each on a new page.

The printed, signed and stamped form is what the finance bureau files, so the PDF embeds its CJK font, follows each
layout file's `[print]` geometry on A4, and numbers its pages "第 N 页 共 M 页".
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.doctemplate import LayoutError as PlatypusLayoutError

from desktop.domain.model import Project, Workbook
from desktop.domain.size_limits import print_size_problem
from desktop.io.exporting import ExportFailed, ExportReport, give_user_permissions
from desktop.io.pdf.cover import cover_flowables, department_of, public_list_flowables, years_of
from desktop.io.pdf.draft_mark import DRAFT_TEMPLATE_SUFFIX, draft_mark
from desktop.io.pdf.fonts import GlyphCheck, PdfFont, default_font, find_cjk_font
from desktop.io.pdf.form import FormContext, document_title, form_flowables
from desktop.io.pdf.grid import GridStyle
from desktop.os_errors import os_error_reason
from desktop.templates.catalog import get_layout
from desktop.templates.layouts import Layout, LayoutError
from desktop.templates.printing import PrintConfig

__all__ = ["export_pdf", "find_cjk_font", "pdf_bytes"]

_COVER = "cover"
_FOOTER_Y = 8 * mm
_FOOTER_SIZE = 9.0


def _page_size(config: PrintConfig) -> tuple[float, float]:
    width, height = landscape(A4) if config.orientation == "landscape" else A4
    return float(width), float(height)


def _frame_box(config: PrintConfig) -> tuple[float, float, float, float]:
    """x, y, width, height of the printable area."""
    top, right, bottom, left = (m * mm for m in config.margins_mm)
    page_w, page_h = _page_size(config)
    return left, bottom, page_w - left - right, page_h - top - bottom


def _page_template(
    template_id: str, config: PrintConfig, on_page: Callable[[Canvas, BaseDocTemplate], None] | None = None
) -> PageTemplate:
    x, y, w, h = _frame_box(config)
    frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=f"{template_id}-body")
    if on_page is None:
        return PageTemplate(id=template_id, frames=[frame], pagesize=_page_size(config))
    return PageTemplate(id=template_id, frames=[frame], pagesize=_page_size(config), onPage=on_page)


def _numbered_canvas(font: PdfFont, skip_first: bool, pages: list[int]) -> type[Canvas]:
    """A canvas that writes "第 N 页 共 M 页" once the total is known (two passes over the saved pages)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start every page in the embedded font: reportlab's default (Helvetica) would be listed in each page's
            # resources although no character is ever drawn in it.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or font.name
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._saved)
            numbered = count - 1 if skip_first else count
            for index, state in enumerate(self._saved):
                self.__dict__.update(state)
                number = index if skip_first else index + 1
                if number >= 1:
                    self.setFont(font.name, _FOOTER_SIZE)
                    self.drawCentredString(self._pagesize[0] / 2, _FOOTER_Y, f"第 {number} 页 共 {numbered} 页")
                super().showPage()
            pages.append(count)
            super().save()

    return NumberedCanvas


def _shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "…"


def _layout_for(project: Project) -> Layout:
    try:
        return get_layout(project.template)
    except LayoutError as exc:
        raise LayoutError(f"项目“{project.display_name()}”无法打印：{exc}") from None


def _build(
    workbook: Workbook, cover: bool, target: io.BytesIO, watermark: Collection[Project] = ()
) -> tuple[int, list[str]]:
    projects = workbook.projects
    if not projects:
        raise ExportFailed("工作簿中没有项目，没有可打印的内容。")
    for project in projects:  # refused at once rather than typeset for minutes
        too_big = print_size_problem(project)
        if too_big is not None:
            raise ExportFailed(too_big)
    font = default_font()
    check = GlyphCheck(font)
    configs: dict[str, tuple[Layout, PrintConfig]] = {}
    for project in projects:
        if project.template not in configs:
            layout = _layout_for(project)
            configs[project.template] = (layout, layout.print)
    templates: dict[str, PageTemplate] = {}
    story: list[Flowable] = []
    if cover:
        default = PrintConfig()
        templates[_COVER] = _page_template(_COVER, default)
        _, _, w, h = _frame_box(default)
        ctx = FormContext(font, check, w, h)
        size = default.font_size
        style = GridStyle(font, size=size, leading=size * 1.3, pad_x=3.0, pad_y=2.5, min_height=7 * mm)
        story += [*cover_flowables(projects, ctx), PageBreak(), *public_list_flowables(projects, ctx, style)]
    # Numbered titles (Hebei: "2.2024年…绩效目标表") count the forms of one layout, as each county's document does.
    numbers: Counter[str] = Counter()
    marked = {id(p) for p in watermark}
    for project in projects:
        numbers[project.template] += 1
        number = numbers[project.template]
        layout, config = configs[project.template]
        # A marked project gets its own page template: its continued pages keep the template, so they are marked too,
        # and the next project's NextPageTemplate ends the mark exactly where its form begins.
        template_id = layout.id + DRAFT_TEMPLATE_SUFFIX if id(project) in marked else layout.id
        if template_id not in templates:
            on_page = draft_mark(font) if id(project) in marked else None
            templates[template_id] = _page_template(template_id, config, on_page)
        if story:
            story += [NextPageTemplate(template_id), PageBreak()]
        _, _, w, h = _frame_box(config)
        story += form_flowables(project, layout, config, number, FormContext(font, check, w, h))
    if len(projects) == 1 and not cover:
        title = document_title(projects[0], configs[projects[0].template][0], 1)
    else:
        title = f"{department_of(projects)} {years_of(projects)}年度项目支出绩效目标".strip()
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        pageTemplates=list(templates.values()),
        title=title,
        author="",
        creator="绩效目标填报",
        invariant=1,
        leftMargin=0,
        rightMargin=0,
        topMargin=0,
        bottomMargin=0,
    )
    pages: list[int] = []
    try:
        doc.build(story, canvasmaker=_numbered_canvas(font, cover, pages))
    except PlatypusLayoutError as exc:
        # Every block splits or shortens its text, so this is a last line of defence: say which project, in Chinese.
        raise ExportFailed(
            f"有内容太长，无法排进一页 A4 纸（{_shorten(str(exc))}）；请缩短过长的名称或文字后重试。"
        ) from None
    return (pages[0] if pages else 0), list(dict.fromkeys(check.problems))


def pdf_bytes(
    workbook: Workbook, *, cover: bool = True, watermark: Collection[Project] = ()
) -> tuple[bytes, list[str]]:
    """The PDF of every project of `workbook` (cover and public list first when `cover`), with the problems found.

    The pages of the projects in `watermark` (drafts with errors, see desktop.domain.draft_check) carry a diagonal
    "草稿". Problems are Chinese sentences (missing characters, blank amounts in the public list). Raises ExportFailed
    for an empty workbook and LayoutError for a broken layout file.
    """
    buffer = io.BytesIO()
    _, problems = _build(workbook, cover, buffer, watermark)
    return buffer.getvalue(), problems


def export_pdf(
    workbook: Workbook, path: Path, *, cover: bool = True, watermark: Collection[Project] = ()
) -> ExportReport:
    """Write the PDF to `path` atomically (a temporary file in the same folder, then a rename); the pages of the
    projects in `watermark` carry a diagonal "草稿".

    Raises ExportFailed with a Chinese message when the file cannot be written (no permission, disk full, the old PDF
    open in a reader on Windows); the previous file, if any, is left as it was.
    """
    buffer = io.BytesIO()
    pages, problems = _build(workbook, cover, buffer, watermark)
    path = Path(path)
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            f.write(buffer.getvalue())
            f.flush()
            os.fsync(f.fileno())
        give_user_permissions(tmp)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        hint = "（若该文件正在 PDF 阅读器中打开，请先关闭）" if isinstance(exc, PermissionError) else ""
        raise ExportFailed(f"无法写入 {path}：{os_error_reason(exc)}{hint}") from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
    return ExportReport(path=path, pages=pages, problems=problems)
