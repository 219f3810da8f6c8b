"""Importing project forms from text: tables copied from Excel, WPS or Word, or text extracted from a PDF.

A document may hold one form or many, among other text (a department budget prints its forms between chapters
of prose and other tables). Each form is found by its 项目名称 row, confirmed by the labels around it, widened
upwards to its title, year and unit lines and downwards to the end of its indicator table; its layout is
recognised from the labels it prints (or given). Everything inside a form that could not be placed is reported
with its line number; text outside the forms is summarised in the notes. A form printed twice in one document
(the body and the 附件) is imported once. A file without tabs whose comma-separated cells hold a form (Excel's
"CSV（逗号分隔）") is read as such, and the notes say so.

`parse_indicator_rows` reads indicator rows pasted onto the indicator tree (Ctrl+V).
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from desktop.domain.model import Indicator, Project
from desktop.domain.size_limits import file_size_problem, import_size_problem, paste_size_problem
from desktop.io.importing import GuessedRow, ImportFailed, ImportResult, UnplacedLine
from desktop.io.interchange import project_to_json
from desktop.io.text.categories import join_split_labels
from desktop.io.text.columns import column_map_from_header, default_column_map, is_header_row, paste_column_map
from desktop.io.text.department_build import build_department
from desktop.io.text.department_parts import document_kind, split_document
from desktop.io.text.header import FormDraft, HeaderReader
from desktop.io.text.indicators import IndicatorReader
from desktop.io.text.labels import Kind, LabelBook, detect_layout, label_book
from desktop.io.text.lines import Row, decode, has_html, is_enumerated, split_rows
from desktop.io.text.outside import report_outside
from desktop.io.text.preamble import find_plain_year, find_year, preamble_kind, read_preamble
from desktop.templates.catalog import get_layout
from desktop.templates.frames import Frame
from desktop.templates.layouts import Layout, LayoutError

_FOREIGN_FIRST_CELL = re.compile(r"^(?:\d{1,4}|序号|合计|总计|小计)$")
_RUNNING = ("page", "title", "year", "amount_unit")
_HEADINGS = ("title", "year", "unit", "amount_unit")


@dataclass(frozen=True)
class _Span:
    start: int
    anchor: int
    end: int


def read_text(path: Path, template: str | None = None, year: int | None = None) -> ImportResult:
    """Read the forms in a text file (UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16 with BOM).

    Raises ImportFailed (Chinese message) for a file that cannot be read or is not text (an .xlsx or .pdf renamed,
    any binary). An empty file gives an ImportResult without projects.
    """
    try:
        too_big = file_size_problem(path.stat().st_size, path.name)
        if too_big is not None:
            raise ImportFailed(too_big)
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailed(f"无法读取 {path.name}：{exc.strerror or exc}") from None
    return parse_text(decode(data, path.name), path.name, template, year)


def parse_text(text: str, source_name: str, template: str | None = None, year: int | None = None) -> ImportResult:
    """Find and read every form in `text`. `template` forces a layout id; `year` overrides every form's year.

    Raises ImportFailed (naming the limit) for a text too big to be a document (size_limits).
    """
    too_big = import_size_problem(text, source_name)
    if too_big is not None:
        raise ImportFailed(too_big)
    forced: Layout | None = None
    if template is not None:
        try:
            forced = get_layout(template)
        except LayoutError as exc:
            raise ImportFailed(str(exc)) from None
    result = ImportResult(source_name=source_name)
    rows = split_rows(text)
    if all(row.is_blank() for row in rows):
        result.notes.append(f"{source_name} 是空的，没有可导入的内容。")
        return result
    if has_html(text):
        result.notes.append(f"{source_name} 中有网页格式标记（如 <p>、&nbsp;），已去掉，只导入文字")
    book = label_book(forced.id if forced is not None else None)
    spans = _find_spans(rows, book)
    if not spans and "," in text and "\t" not in text:
        # Excel's "CSV（逗号分隔）": read with commas for tabs, but only when that finds a form by its labels
        # (prose uses commas too).
        csv_rows = split_rows(text, ",")
        csv_spans = _find_spans(csv_rows, book)
        if csv_spans:
            rows, spans = csv_rows, csv_spans
            result.notes.append(f"{source_name} 按逗号分隔的表格（CSV）读取")
    kind = document_kind(rows)
    if not spans and kind is None:
        result.notes.append(
            f"{source_name} 中没有找到项目表：未发现带“项目名称”、资金和绩效指标的表格。"
            "请复制完整的项目支出绩效目标表（含表头）后再导入。"
        )
        report_outside(result, rows, [], book)
        return result
    document_year = _document_year(rows, spans[0].start) if spans else None
    drafts: list[tuple[FormDraft, Project]] = []
    for span in spans:
        form_rows = rows[span.start : span.end]
        if forced is not None:
            layout = forced
        else:
            layout, margin = detect_layout(form_rows, book)
            if margin <= 0:
                result.notes.append(f"第 {rows[span.anchor].line_no} 行起的表：版式难以确定，按“{layout.name}”读取")
        draft = _read_form(form_rows, span.anchor - span.start, layout)
        project = draft.to_project(_form_year(draft, year, document_year, result))
        # A form printing no year of its own shares the year of the form before it.
        document_year = document_year or project.year
        drafts.append((draft, project))
    _collect(result, drafts)
    claimed: set[int] = set()
    if kind is not None:
        claimed = _read_department(result, rows, spans, kind, year)
    report_outside(result, rows, [(span.start, span.end) for span in spans], book, claimed)
    return result


def _read_department(
    result: ImportResult, rows: list[Row], spans: list[_Span], kind: str, year: int | None
) -> set[int]:
    """Read the department document around the forms; returns the rows it read (or reported)."""
    skip = {i for span in spans for i in range(span.start, span.end)}
    draft = split_document(rows, kind, skip)
    department, messages = build_department(draft, result.projects, result.source_name)
    if year is not None:
        department = replace(department, year=year)
    result.departments.append(department)
    result.notes.extend(messages)
    result.unplaced.extend(draft.unplaced)
    result.unplaced.sort(key=lambda u: u.line_no)
    return draft.claimed


def parse_indicator_rows(text: str, frame: Frame) -> tuple[list[Indicator], list[UnplacedLine]]:
    """Indicators from rows copied out of a sheet or document (1–7 tab-separated cells per row).

    Recognised rows: `一级 二级 三级 指标值`, `二级 三级 指标值`, `三级 指标值`, Hebei's six columns
    (… 绩效指标描述 指标值 指标值确定依据), the mid-term layout's seven, or any of them under their heading row.
    Empty 一级/二级 cells inherit the row above; a 二级 without 一级 gets the 一级 `frame` puts it under. Rows that
    name no category at all come back with `level1 == ""` and `level2 is None`: the caller places them under the
    二级 selected in the tree. Blank lines and heading rows are skipped; rows holding only marks are returned as
    unplaced lines. Raises ImportFailed (naming the limit) for a text too big to be a table (size_limits).
    """
    too_big = paste_size_problem(text)
    if too_big is not None:
        raise ImportFailed(too_big)
    rows = split_rows(text)
    book = label_book()
    header = next((row for row in rows if is_header_row(row, book)), None)
    data = [row for row in rows if not row.is_blank() and row is not header]
    columns = column_map_from_header(header, book) if header is not None else paste_column_map(data)
    reader = IndicatorReader(frame, columns, book, paste=True)
    for row in data:
        reader.feed(row)
    return reader.indicators(), reader.unplaced


def _names_project(row: Row, book: LabelBook) -> bool:
    filled = row.filled()
    for index, (pos, cell) in enumerate(filled):
        hit = book.match(row.raw[pos], cell)
        if hit is None or hit.spec.kind is not Kind.FIELD or hit.spec.key != "name":
            continue
        if hit.value:
            return True
        if index + 1 < len(filled):
            following = filled[index + 1]
            return book.match(row.raw[following[0]], following[1]) is None
    return False


def _looks_like_form(rows: list[Row], book: LabelBook) -> bool:
    """A 项目名称 row starts a form only if a heading row of indicators or two other form labels follow."""
    seen = set()
    for row in rows:
        if is_header_row(row, book):
            return True
        for pos, cell in row.filled():
            hit = book.match(row.raw[pos], cell)
            if hit is not None and hit.spec.kind in (Kind.FIELD, Kind.FUNDS, Kind.GOAL) and hit.spec.key != "name":
                seen.add(hit.spec)
    return len(seen) >= 2


def _find_spans(rows: list[Row], book: LabelBook) -> list[_Span]:
    candidates = [i for i, row in enumerate(rows) if _names_project(row, book)]
    spans: list[_Span] = []
    floor = 0
    for k, anchor in enumerate(candidates):
        limit = candidates[k + 1] if k + 1 < len(candidates) else len(rows)
        if not _looks_like_form(rows[anchor:limit], book):
            continue
        start = _form_start(rows, anchor, floor, book)
        end = _form_end(rows, anchor, limit, book)
        spans.append(_Span(start, anchor, end))
        floor = end
    return spans


def _form_start(rows: list[Row], anchor: int, floor: int, book: LabelBook) -> int:
    start = anchor
    for j in range(anchor - 1, floor - 1, -1):
        if rows[j].is_blank():
            continue
        if preamble_kind(rows[j], book) is None:
            break
        start = j
    return start


def _foreign(row: Row) -> bool:
    """A table row that starts another table (a 序号 or 合计 in the first column), not an indicator row."""
    filled = row.filled()
    return bool(filled) and filled[0][0] == 0 and _FOREIGN_FIRST_CELL.match(filled[0][1]) is not None


def _form_end(rows: list[Row], anchor: int, limit: int, book: LabelBook) -> int:
    """One past the form's last row: its indicator table, a cell continued on a line of its own, a signature line.

    Everything between the 项目名称 row and the indicator table's heading belongs to the form (goals printed as
    numbered lines without cells included); after the table, a line of prose ends it.
    """
    heading = next((k for k in range(anchor + 1, limit) if is_header_row(rows[k], book)), None)
    tail = _heading_tail(rows, anchor, limit, book)
    last = anchor
    in_table = False
    for j in range(anchor + 1, limit):
        row = rows[j]
        if row.is_blank():
            continue
        if j >= tail and preamble_kind(row, book) in _HEADINGS:
            break  # the next form's title, year and unit lines (also when copied as table rows)
        if heading is not None and j < heading:
            last = j
            continue
        if is_header_row(row, book):
            in_table, last = True, j
            continue
        if row.tabbed:
            if in_table and _foreign(row):
                break
            last = j
            continue
        text = row.joined()
        if preamble_kind(row, book) in ("page", "signature") or _has_label(row, book):
            last = j
            continue
        if j == last + 1 and not is_enumerated(text) and len(text) <= 80 and preamble_kind(row, book) is None:
            last = j
            continue
        following = next(
            (k for k in range(j + 1, limit) if not rows[k].is_blank() and preamble_kind(rows[k], book) is None), None
        )
        if following is not None and rows[following].tabbed and not _foreign(rows[following]):
            last = j
            continue
        break
    return last + 1


def _heading_tail(rows: list[Row], anchor: int, limit: int, book: LabelBook) -> int:
    """Where the run of blank and preamble rows right before the next form's 项目名称 row starts (`limit` when there
    is no next form): a title there heads the next form, while a running title inside a table is followed by
    more table rows."""
    if limit >= len(rows):
        return limit
    tail = limit
    while tail - 1 > anchor and (rows[tail - 1].is_blank() or preamble_kind(rows[tail - 1], book) is not None):
        tail -= 1
    return tail


def _has_label(row: Row, book: LabelBook) -> bool:
    return any(book.match(row.raw[pos], cell) is not None for pos, cell in row.filled())


def _read_form(rows: list[Row], anchor: int, layout: Layout) -> FormDraft:
    book = label_book(layout.id)
    draft = FormDraft(layout=layout, first_line=rows[anchor].line_no)
    read_preamble(rows[:anchor], draft, book)
    table = next((i for i in range(anchor, len(rows)) if is_header_row(rows[i], book)), None)
    if table is None:
        table = next((i for i in range(anchor + 1, len(rows)) if _starts_with_level1(rows[i], layout.frame)), len(rows))
        columns = default_column_map(layout)
        body = rows[table:]
    else:
        columns = column_map_from_header(rows[table], book)
        body = rows[table + 1 :]
    header = HeaderReader(draft, book)
    for row in rows[anchor:table]:
        # A page break inside the header: its page number and running title are not part of a goal.
        if preamble_kind(row, book) not in _RUNNING:
            header.feed(row)
    reader = IndicatorReader(layout.frame, columns, book)
    category_columns = [c for c in (columns.level1, columns.level2, columns.right_level2) if c is not None]
    for row in join_split_labels(body, category_columns):
        reader.feed(row)
    draft.indicators = reader.indicators()
    draft.guesses = list(reader.guesses)
    draft.unplaced.extend(reader.unplaced)
    draft.notes.extend(reader.notes)
    draft.notes.extend(f"第 {draft.first_line} 行起的表：{note}" for note in reader.frame_notes())
    return draft


def _starts_with_level1(row: Row, frame: Frame) -> bool:
    filled = row.filled()
    return row.tabbed and bool(filled) and frame.level1(filled[0][1]) is not None


def _document_year(rows: list[Row], until: int) -> int | None:
    """The year of the document's own heading (`2024 年部门预算绩效文本`), for forms that print none."""
    for row in rows[:until]:
        line = row.joined()
        if row.tabbed or not line or len(line) > 40:
            continue
        found = find_year(line) or find_plain_year(line)
        if found is not None:
            return found
    return None


def _form_year(draft: FormDraft, forced: int | None, document: int | None, result: ImportResult) -> int:
    if forced is not None:
        return forced
    if draft.year is not None:
        return draft.year
    if document is not None:
        return document
    titled = find_plain_year(draft.title_name or draft.name or "")
    if titled is not None:
        return titled
    today = datetime.date.today().year
    result.notes.append(f"第 {draft.first_line} 行起的表没有写年度，按 {today} 年导入（可用 --year 指定）")
    return today


def _fingerprint(project: Project) -> str:
    """The project's content with spaces and full-/half-width punctuation ignored (`，` ≡ `, ` ≡ `,`)."""
    data = project_to_json(project)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _collect(result: ImportResult, drafts: list[tuple[FormDraft, Project]]) -> None:
    """Add the projects, a form printed twice only once (the later copy: the 附件 is the document's formal copy)."""
    kept: list[tuple[FormDraft, Project]] = []
    seen: dict[str, FormDraft] = {}
    twice: list[str] = []
    for draft, project in reversed(drafts):
        key = _fingerprint(project)
        if key in seen:
            twice.append(
                f"第 {draft.first_line} 行起的“{project.display_name()}”与第 {seen[key].first_line} 行起的表相同"
                f"（只差空格或标点写法），只导入一次（第 {seen[key].first_line} 行起的一份）"
            )
            continue
        seen[key] = draft
        kept.append((draft, project))
    kept.reverse()
    result.notes.extend(reversed(twice))
    names: dict[str, int] = {}
    for draft, project in kept:
        if project.name and project.name in names:
            result.notes.append(
                f"“{project.name}”出现两次（第 {names[project.name]} 行、第 {draft.first_line} 行），"
                "内容不同，两份都已导入"
            )
        names.setdefault(project.name or "", draft.first_line)
        result.guesses.extend(GuessedRow(len(result.projects), i, line, why) for i, line, why in draft.guesses)
        result.projects.append(project)
    unplaced = [line for draft, _ in drafts for line in draft.unplaced]
    result.unplaced.extend(sorted(set(unplaced), key=lambda u: u.line_no))
    result.notes.extend(note for draft, _ in kept for note in draft.notes)
