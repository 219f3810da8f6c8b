"""The PDF floor: a bare reportlab script drawing the same forms as `jixiao export … -o x.pdf`, with reportlab's tables.

No code of the program: it reads the interchange JSON of the workbook and the layout files (stdlib `json`,
`tomllib`), embeds the same TrueType font and builds, the way reportlab's user guide shows for tables that run over
pages, one platypus document: a cover page, the public list, then per project the title, a `Table` of the header
label/value rows, the funds rows and the goal, and a `Table` of the indicators (一级/二级 merged over their runs with
`SPAN`, heading repeated on a continued page with `repeatRows`), every cell ruled (`GRID`), text wrapped in its cell
(`Paragraph` with `wordWrap="CJK"`), the signature line, "第 N 页 共 M 页" under each page, on A4 in each layout's
orientation. `benchmarks/floors.py` times the export against it; `floor_pdf_canvas.py` is a leaner bound that
draws on the canvas directly.

    python benchmarks/floor_pdf.py WORKBOOK.json OUT.pdf
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parents[1]
FONT = "F"
WEIGHTS = {"level1": 12, "level2": 15, "name": 26, "value": 20, "midterm_value": 20, "description": 22, "basis": 20}
MARGINS = (18 * mm, 16 * mm, 16 * mm, 16 * mm)  # top, right, bottom, left


class Pages(Canvas):  # type: ignore[misc]
    """reportlab's usual recipe for "page N of M": keep every page's state, number them when saving."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self.saved, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 9)
            self.drawCentredString(self._pagesize[0] / 2, 8 * mm, f"第 {number} 页 共 {len(self.saved)} 页")
            super().showPage()
        super().save()


def styles(size: float) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=size, leading=size * 1.3, wordWrap="CJK")
    centre = ParagraphStyle("centre", parent=cell, alignment=1)
    title = ParagraphStyle("title", parent=centre, fontSize=16, leading=22, spaceAfter=4)
    return cell, centre, title


def table(rows: list[list[Any]], widths: list[float], spans: list[tuple[int, int, int, int]], repeat: int = 0) -> Table:
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans]
    return Table(
        rows, colWidths=widths, style=TableStyle(commands), repeatRows=repeat, minRowHeights=[7 * mm] * len(rows)
    )


def form(layout: dict[str, Any], project: dict[str, Any], number: int, width: float) -> list[Any]:
    config = layout.get("print", {})
    cell, centre, title = styles(float(config.get("font_size", 10)))
    fields = {"number": number, "name": project["name"], "year": project["year"], "unit_code": "", "unit_name": ""}
    story: list[Any] = [Paragraph(layout["title"].format_map(fields), title)]
    if layout.get("subtitle"):
        story.append(Paragraph(layout["subtitle"].format_map(fields), centre))
    labels = layout.get("labels", {})
    rows: list[list[Any]] = []
    spans: list[tuple[int, int, int, int]] = []
    for keys in layout.get("header", []):
        row: list[Any] = []
        for key in keys:
            value = project.get(key)
            if isinstance(value, dict):
                value = " ".join(v for v in (value.get("code"), value.get("name")) if v)
            row += [Paragraph(labels.get(key, key), centre), Paragraph(value or "", cell)]
        if len(keys) == 1:
            row += ["", ""]
            spans.append((1, len(rows), 3, len(rows)))
        rows.append(row)
    funds = layout.get("funds", {})
    first = len(rows)
    for r in funds.get("rows", []):
        amount = project["funds"].get(r["key"]) or ""
        rows.append(
            [Paragraph(funds.get("label", ""), centre), Paragraph(r["label"], cell), Paragraph(amount, centre), ""]
        )
        spans.append((2, len(rows) - 1, 3, len(rows) - 1))
    if len(rows) - first > 1:
        spans.append((0, first, 0, len(rows) - 1))
    rows.append(
        [Paragraph(labels.get("annual_goal", "年度目标"), centre), Paragraph(project.get("annual_goal") or "", cell)]
    )
    rows[-1] += ["", ""]
    spans.append((1, len(rows) - 1, 3, len(rows) - 1))
    story.append(table(rows, [width * f for f in (0.18, 0.32, 0.16, 0.34)], spans))
    columns = [c["key"] for c in layout["indicators"]["columns"]]
    total = sum(WEIGHTS[k] for k in columns)
    widths = [width * WEIGHTS[k] / total for k in columns]
    body = [[Paragraph(c["label"], centre) for c in layout["indicators"]["columns"]]]
    spans = []
    starts: set[tuple[int, int]] = set()  # (column, row) where a run of one 一级/二级 begins: its name goes there
    indicators = project["indicators"]
    for j, key in enumerate(columns):
        if key not in ("level1", "level2"):
            continue
        k = 0
        while k < len(indicators):
            end = k + 1
            while end < len(indicators) and indicators[end][key] == indicators[k][key]:
                end += 1
            starts.add((j, k))
            if end - k > 1:
                spans.append((j, k + 1, j, end))
            k = end
    for k, ind in enumerate(indicators):
        row = []
        for j, key in enumerate(columns):
            if key in ("level1", "level2"):
                row.append(Paragraph(ind.get(key) or "", centre) if (j, k) in starts else "")
            else:
                row.append(Paragraph(ind.get(key) or "", cell))
        body.append(row)
    story.append(table(body, widths, spans, repeat=1))
    if layout.get("signatures"):
        story += [Spacer(1, 4 * mm), Paragraph(("\u3000" * 8).join(layout["signatures"]), cell)]
    return story


def template(name: str, pagesize: tuple[float, float]) -> PageTemplate:
    top, right, bottom, left = MARGINS
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id=name)
    return PageTemplate(id=name, frames=[frame], pagesize=pagesize)


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    folder = ROOT / "resources" / "templates"
    layouts = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.toml")}
    pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "resources/fonts/wqy-microhei.ttc"), subfontIndex=0))
    projects = data["projects"]
    portrait_width = A4[0] - MARGINS[1] - MARGINS[3]
    cell, centre, title = styles(10)
    cover_title = ParagraphStyle("cover", parent=title, fontSize=26, leading=34)
    story: list[Any] = [Spacer(1, 80 * mm), Paragraph("项目支出绩效目标表", cover_title)]
    story += [
        Paragraph(f"共 {len(projects)} 个项目", centre),
        PageBreak(),
        Paragraph("项目支出绩效目标公开清单", title),
    ]
    rows: list[list[Any]] = [[Paragraph(t, centre) for t in ("序号", "项目名称", "预算金额（万元）")]]
    for n, p in enumerate(projects, start=1):
        rows.append([str(n), Paragraph(p["name"], cell), Paragraph(p["funds"].get("total") or "", centre)])
    story.append(table(rows, [portrait_width * f for f in (0.1, 0.7, 0.2)], [], repeat=1))
    templates = {"portrait": template("portrait", A4), "landscape": template("landscape", landscape(A4))}
    numbers: dict[str, int] = {}
    for project in projects:
        layout = layouts[project["template"]]
        turn = "landscape" if layout.get("print", {}).get("orientation") == "landscape" else "portrait"
        numbers[project["template"]] = numbers.get(project["template"], 0) + 1
        width = (landscape(A4) if turn == "landscape" else A4)[0] - MARGINS[1] - MARGINS[3]
        story += [NextPageTemplate(turn), PageBreak(), *form(layout, project, numbers[project["template"]], width)]
    doc = BaseDocTemplate(sys.argv[2], pagesize=A4, pageTemplates=list(templates.values()), invariant=1)
    doc.build(story, canvasmaker=Pages)


if __name__ == "__main__":
    main()
