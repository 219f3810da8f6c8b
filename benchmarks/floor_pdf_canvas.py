"""The PDF floor: a bare reportlab script drawing the same forms as `jixiao export … -o x.pdf`.

No code of the program: it reads the interchange JSON of the workbook and the layout files (stdlib `json`,
`tomllib`), embeds the same TrueType font, and draws on A4 in each layout's orientation what the program prints —
a cover page, the public list, then per project the title, the header label/value rows, the funds rows, the goal,
the indicator table (一级/二级 merged over their rows, heading repeated on a continued page) and the signature line,
every cell ruled, text wrapped to its cell, "第 N 页 共 M 页" under each page. It is what reportlab alone costs
for that work, written the plain way (a `drawString` per line, widths summed per character): the floor the export
is measured against in `benchmarks/floors.py`.

    python benchmarks/floor_pdf.py WORKBOOK.json OUT.pdf
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
FONT = "F"
MARGINS = (18 * mm, 16 * mm, 16 * mm, 16 * mm)  # top, right, bottom, left
WEIGHTS = {"level1": 12, "level2": 15, "name": 26, "value": 20, "midterm_value": 20, "description": 22, "basis": 20}


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


def wrap(text: str, width: float, size: float) -> list[str]:
    """Greedy line breaking, character by character."""
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        line, used = "", 0.0
        for ch in paragraph:
            w = pdfmetrics.stringWidth(ch, FONT, size)
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return lines


class Sheet:
    """A cursor down the page that rules cells and breaks pages."""

    def __init__(self, canvas: Pages, pagesize: tuple[float, float], size: float) -> None:
        self.c, self.size, self.leading = canvas, size, size * 1.3
        self.pagesize = pagesize
        self.left, self.width = MARGINS[3], pagesize[0] - MARGINS[1] - MARGINS[3]
        self.top, self.bottom = pagesize[1] - MARGINS[0], MARGINS[2]
        self.y = self.top
        self.repeat: list[list[tuple[str, float]]] = []

    def new_page(self) -> None:
        self.c.showPage()
        self.c.setPageSize(self.pagesize)
        self.y = self.top

    def text(self, text: str, size: float, align: str = "center") -> None:
        self.c.setFont(FONT, size)
        for line in wrap(text, self.width, size):
            self.y -= size * 1.5
            if align == "center":
                self.c.drawCentredString(self.left + self.width / 2, self.y, line)
            elif align == "right":
                self.c.drawRightString(self.left + self.width, self.y, line)
            else:
                self.c.drawString(self.left, self.y, line)

    def row(self, cells: list[tuple[str, float]], heights: list[float] | None = None) -> float:
        """One ruled row of (text, width fraction) cells; returns its height."""
        wrapped = [wrap(t, f * self.width - 6, self.size) for t, f in cells]
        height = max([len(w) * self.leading + 6 for w in wrapped] + [7 * mm])
        if self.y - height < self.bottom:
            self.new_page()
            for r in self.repeat:
                self.row(r)
        self.draw(cells, wrapped, height)
        return height

    def draw(self, cells: list[tuple[str, float]], wrapped: list[list[str]], height: float) -> None:
        c = self.c
        c.setFont(FONT, self.size)
        c.setLineWidth(0.5)
        x = self.left
        for (_, frac), lines in zip(cells, wrapped, strict=True):
            w = frac * self.width
            c.rect(x, self.y - height, w, height, stroke=1, fill=0)
            base = self.y - (height - len(lines) * self.leading) / 2 - self.leading / 2 - 0.38 * self.size
            for line in lines:
                if len(lines) == 1:
                    c.drawCentredString(x + w / 2, base, line)
                else:
                    c.drawString(x + 3, base, line)
                base -= self.leading
            x += w
        self.y -= height


def indicator_table(sheet: Sheet, layout: dict[str, Any], project: dict[str, Any]) -> None:
    columns = [c["key"] for c in layout["indicators"]["columns"]]
    labels = [c["label"] for c in layout["indicators"]["columns"]]
    total = sum(WEIGHTS[k] for k in columns)
    fracs = [WEIGHTS[k] / total for k in columns]
    heading = list(zip(labels, fracs, strict=True))
    sheet.row(heading)
    sheet.repeat = [heading]
    rows = project["indicators"]
    # 一级 and 二级 print once per run of rows: the merged cell is drawn over the run after its rows.
    k = 0
    while k < len(rows):
        end = k + 1
        while end < len(rows) and rows[end]["level2"] == rows[k]["level2"] and rows[end]["level1"] == rows[k]["level1"]:
            end += 1
        top, page_top = sheet.y, sheet.c.getPageNumber()
        heights = []
        for ind in rows[k:end]:
            cells = [
                ("" if key in ("level1", "level2") else ind.get(key) or "", f)
                for key, f in zip(columns, fracs, strict=True)
            ]
            heights.append(sheet.row(cells))
        if sheet.c.getPageNumber() == page_top:
            run = sum(heights)
            x = sheet.left
            for key, f in zip(columns, fracs, strict=True):
                w = f * sheet.width
                if key in ("level1", "level2"):
                    sheet.c.setFillGray(1)
                    sheet.c.rect(x + 0.3, top - run + 0.3, w - 0.6, run - 0.6, stroke=0, fill=1)
                    sheet.c.setFillGray(0)
                    sheet.c.rect(x, top - run, w, run, stroke=1, fill=0)
                    text = rows[k][key] or ""
                    lines = wrap(text, w - 6, sheet.size)
                    base = top - run / 2 + (len(lines) - 1) * sheet.leading / 2 - 0.38 * sheet.size
                    for line in lines:
                        sheet.c.drawCentredString(x + w / 2, base, line)
                        base -= sheet.leading
                x += w
        k = end
    sheet.repeat = []


def form(canvas: Pages, layout: dict[str, Any], project: dict[str, Any], number: int) -> None:
    config = layout.get("print", {})
    pagesize = landscape(A4) if config.get("orientation") == "landscape" else A4
    canvas.setPageSize(pagesize)
    sheet = Sheet(canvas, pagesize, float(config.get("font_size", 10)))
    fields = {"number": number, "name": project["name"], "year": project["year"], "unit_code": "", "unit_name": ""}
    sheet.text(layout["title"].format_map(fields), float(config.get("title_size", 16)))
    if layout.get("subtitle"):
        sheet.text(layout["subtitle"].format_map(fields), 12)
    labels = layout.get("labels", {})
    for keys in layout.get("header", []):
        cells: list[tuple[str, float]] = []
        for key in keys:
            value = project.get(key)
            if isinstance(value, dict):
                value = " ".join(v for v in (value.get("code"), value.get("name")) if v)
            cells += [(labels.get(key, key), 0.18 / len(keys) * 2), (value or "", 0.82 / len(keys))]
        sheet.row(cells)
    funds = layout.get("funds", {})
    for r in funds.get("rows", []):
        sheet.row([(funds.get("label", ""), 0.18), (r["label"], 0.26), (project["funds"].get(r["key"]) or "", 0.56)])
    sheet.row([(labels.get("annual_goal", "年度目标"), 0.18), (project.get("annual_goal") or "", 0.82)])
    indicator_table(sheet, layout, project)
    if layout.get("signatures"):
        sheet.text(("\u3000" * 8).join(layout["signatures"]), sheet.size, "left")


def main() -> None:
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    folder = ROOT / "resources" / "templates"
    layouts = {p.stem: tomllib.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.toml")}
    pdfmetrics.registerFont(TTFont(FONT, str(ROOT / "resources/fonts/wqy-microhei.ttc"), subfontIndex=0))
    canvas = Pages(sys.argv[2], pagesize=A4, invariant=1)
    projects = data["projects"]
    cover = Sheet(canvas, A4, 10)
    cover.y -= 80 * mm
    cover.text("项目支出绩效目标表", 26)
    cover.text(f"共 {len(projects)} 个项目", 14)
    cover.new_page()
    cover.text("项目支出绩效目标公开清单", 16)
    heading = [("序号", 0.1), ("项目名称", 0.7), ("预算金额（万元）", 0.2)]
    cover.row(heading)
    cover.repeat = [heading]
    for n, p in enumerate(projects, start=1):
        cover.row([(str(n), 0.1), (p["name"], 0.7), (p["funds"].get("total") or "", 0.2)])
    numbers: dict[str, int] = {}
    for project in projects:
        canvas.showPage()
        numbers[project["template"]] = numbers.get(project["template"], 0) + 1
        form(canvas, layouts[project["template"]], project, numbers[project["template"]])
    canvas.showPage()
    canvas.save()


if __name__ == "__main__":
    main()
