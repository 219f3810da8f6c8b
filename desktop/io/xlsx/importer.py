"""Reading Excel workbooks back: our own exports exactly, other units' official-layout sheets by their labels.

1. xlsx_guard checks the file before openpyxl touches it (old .xls/.et, renamed text, cut-short downloads, zip
   bombs); openpyxl then parses XML through defusedxml (entity bombs refused), read-only, so memory stays small.
2. Our own export carries the exact data in its hidden `_jixiao` sheet (xlsx_embed). A project is taken from it
   when its sheet is unchanged; a sheet that was edited, added or comes from another unit is read by its labels.
3. Label reading reuses the text importer: each sheet becomes tab-separated rows (a merged range gives its value
   in the top-left cell and empty cells elsewhere, just like a table copied out of a PDF) and goes through
   `parse_text`, so the layouts are recognised in one place. Line numbers are the sheet's row numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from desktop.domain.model import Project
from desktop.domain.project_diff import diff_projects
from desktop.io.importing import ImportFailed, ImportResult, SheetEdit, UnplacedLine
from desktop.io.xlsx.embed import EMBED_SHEET, EmbedDamaged, Embedded, SheetEntry, fingerprint, read_embedded
from desktop.io.xlsx.guard import check_xlsx
from desktop.os_errors import os_error_reason

MAX_ROWS = 20_000
MAX_COLUMNS = 64
MAX_CELLS = 8_000_000  # cells visited (rows × columns read), a bound on the work a hostile sheet can cause
GENERATED_SHEETS = ("公开清单", "指标明细")
_DECIMALS = re.compile(r"0\.(0+)")
_CELL_BREAKS = re.compile(r"[\t\r\n]+")


@dataclass
class SheetData:
    """One worksheet as read: raw values (for the fingerprint) and the text each cell shows."""

    title: str
    state: str
    values: list[tuple[object, ...]] = field(default_factory=list)
    shown: list[list[str]] = field(default_factory=list)
    clipped: bool = False  # rows or columns beyond what the import reads

    def as_text(self) -> str:
        """The sheet as tab-separated lines, one per row (line N is row N), cells' own line breaks as spaces."""
        lines = []
        for row in self.shown:
            cells = [_CELL_BREAKS.sub(" ", text).strip() for text in row]
            while cells and not cells[-1]:
                cells.pop()
            lines.append("\t".join(cells))
        return "\n".join(lines)


def shown_text(value: object, number_format: str) -> str:
    """The text a cell shows in Excel, as far as the import needs it (typed decimals, per cent, dates)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        fmt = number_format or "General"
        match = _DECIMALS.search(fmt)
        decimals = len(match.group(1)) if match else 0
        comma = "," if "#,##" in fmt else ""
        if "%" in fmt:
            return f"{value * 100:{comma}.{decimals}f}%"
        if match or fmt.replace("#,##", "").strip() in ("0", "#0"):
            return f"{value:{comma}.{decimals}f}"
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f") if isinstance(value, float) else str(value)
    if isinstance(value, datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """True when `exc` or an exception it was raised from is a `kind` (openpyxl wraps parse errors)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _load_sheets(path: Path) -> list[SheetData]:
    import openpyxl
    from defusedxml.common import DefusedXmlException

    sheets: list[SheetData] = []
    cells = 0
    try:
        with path.open("rb") as handle:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
            try:
                for ws in book.worksheets:
                    sheet = SheetData(str(ws.title), str(getattr(ws, "sheet_state", "visible")))
                    rows = ws.iter_rows(min_row=1, max_row=MAX_ROWS, min_col=1, max_col=MAX_COLUMNS)
                    for row in rows:
                        values = tuple(getattr(c, "value", None) for c in row)
                        sheet.values.append(values)
                        sheet.shown.append(
                            [
                                "" if v is None else shown_text(v, getattr(c, "number_format", "General"))
                                for v, c in zip(values, row, strict=True)
                            ]
                        )
                        cells += len(row)
                        if cells > MAX_CELLS:
                            raise ImportFailed("表格内容过多，不像是绩效目标表，已拒绝读取，工作簿未改动。")
                    max_column = ws.max_column if isinstance(ws.max_column, int) else 0
                    sheet.clipped = len(sheet.values) >= MAX_ROWS or max_column > MAX_COLUMNS
                    sheets.append(sheet)
            finally:
                book.close()
    except ImportFailed:
        raise
    except MemoryError:
        raise ImportFailed("文件内容过大，内存不足，已停止读取，工作簿未改动。") from None
    except OSError as exc:
        raise ImportFailed(f"无法读取 {path.name}：{os_error_reason(exc)}") from None
    except Exception as exc:
        if _caused_by(exc, DefusedXmlException):
            raise ImportFailed(
                "文件中含有不允许的 XML 实体定义（可能是恶意构造的“XML 炸弹”），为安全起见已拒绝读取，工作簿未改动。"
            ) from None
        raise ImportFailed(
            "文件内容已损坏，或不是用 Excel/WPS 保存的 .xlsx，无法读取。请在 Excel 或 WPS 中打开并另存为 .xlsx 后再试。"
        ) from None
    return sheets


def _parse_sheet(sheet: SheetData, template: str | None, year: int | None) -> ImportResult:
    """Read one sheet by its labels through the text importer; row numbers are kept as line numbers."""
    from desktop.io.text.importer import parse_text

    name = f"工作表“{sheet.title}”"
    try:
        parsed = parse_text(sheet.as_text(), name, template=template, year=year)
    except ImportFailed as exc:
        return ImportResult(source_name=name, notes=[f"{name}：{exc}"])
    parsed.unplaced = [
        UnplacedLine(line.line_no, line.text, line.reason, sheet=sheet.title) for line in parsed.unplaced
    ]
    parsed.notes = [note if name in note else f"{name}：{note}" for note in parsed.notes]
    parsed.guesses = [replace(guess, sheet=sheet.title) for guess in parsed.guesses]
    return parsed


def _merge(into: ImportResult, part: ImportResult) -> None:
    offset = len(into.projects)
    into.guesses.extend(replace(guess, project=guess.project + offset) for guess in part.guesses)
    into.projects.extend(part.projects)
    into.unplaced.extend(part.unplaced)
    into.notes.extend(part.notes)


def _match(sheet: SheetData, mark: str, unclaimed: list[SheetEntry]) -> tuple[SheetEntry | None, bool]:
    """The exported sheet this one was (same title, else same content under a new title) and whether it is unchanged."""
    by_title = next((e for e in unclaimed if e.title == sheet.title), None)
    if by_title is not None and by_title.fingerprint == mark:
        return by_title, True
    renamed = next((e for e in unclaimed if e.fingerprint == mark), None)
    if renamed is not None:
        return renamed, True
    return by_title, False


def _read_own(
    result: ImportResult, embedded: Embedded, sheets: Sequence[SheetData], template: str | None, year: int | None
) -> None:
    projects = embedded.workbook.projects
    unclaimed = list(embedded.sheets)
    exact = 0
    for sheet in sheets:
        mark = fingerprint(sheet.values)
        entry, unchanged = _match(sheet, mark, unclaimed)
        if entry is None:
            if sheet.state == "visible" and sheet.title not in GENERATED_SHEETS:
                result.notes.append(f"工作表“{sheet.title}”是导出后新加的，按表格标签读取。")
                _merge(result, _parse_sheet(sheet, template, year))
            continue
        unclaimed.remove(entry)
        if entry.project == 0:
            if not unchanged:
                result.notes.append(f"工作表“{sheet.title}”由项目表生成，其中的修改不会导入。")
            continue
        if not 1 <= entry.project <= len(projects):
            raise EmbedDamaged("隐藏数据表中的工作表清单与数据不符")
        original: Project = projects[entry.project - 1]
        if unchanged:
            result.projects.append(original)
            exact += 1
            continue
        part = _parse_sheet(sheet, template or original.template, year or original.year)
        if part.projects:
            _take_edited(result, sheet.title, original, part)
        else:
            result.notes.append(
                f"工作表“{sheet.title}”在导出后被修改过，但按表格内容读不出项目，已按导出时的数据导入（该表的修改未导入）。"
            )
            result.notes.extend(part.notes)
            result.projects.append(original)
    for entry in unclaimed:
        if entry.project:
            result.notes.append(f"工作表“{entry.title}”已从文件中删除，该项目未导入。")
    result.notes.insert(0, f"这是本程序导出的文件：{exact} 个项目按文件中保存的完整数据读回，与导出时完全一致。")
    if template is not None and any(p.template != template for p in projects):
        result.notes.insert(1, f"文件中记录了每个项目的版式，未改用指定的版式“{template}”。")


def _take_edited(result: ImportResult, title: str, original: Project, part: ImportResult) -> None:
    """An exported sheet edited in Excel/WPS: the visible cells win. What the sheet does not show (status,
    storage-only fields) comes from the copy saved at export; the differences are listed for the preview."""
    edited = part.projects[0]
    edited.status = original.status
    _keep_unshown(original, edited)
    diff = diff_projects(original, edited)
    if diff.is_empty():
        result.notes.append(f"工作表“{title}”在导出后被改动过格式，内容与导出时相同。")
    else:
        changed = "、".join(diff.labels())
        result.notes.append(f"工作表“{title}”在导出后被修改过（{changed}），以表格中显示的内容为准。")
        result.sheet_edits.append(SheetEdit(edited, diff))
    part.projects = [edited, *part.projects[1:]]
    _merge(result, part)


def _keep_unshown(original: Project, edited: Project) -> None:
    """Carry over what a form sheet does not show: the department fields and each indicator's 上年指标值."""
    edited.kind = original.kind
    edited.function_code = original.function_code
    edited.funds_by_source = original.funds_by_source
    edited.overview = original.overview
    prior = {(i.level1, i.level2, (i.name or "").strip()): i.prior_value for i in original.indicators}
    edited.indicators = [
        replace(i, prior_value=prior.get((i.level1, i.level2, (i.name or "").strip()))) for i in edited.indicators
    ]


def _read_foreign(result: ImportResult, sheets: Sequence[SheetData], template: str | None, year: int | None) -> None:
    visible = [s for s in sheets if s.state == "visible" and s.title not in GENERATED_SHEETS]
    if len(visible) > 1 and _read_department(result, visible, template, year):
        return
    for sheet in sheets:
        if sheet.state != "visible":
            result.notes.append(f"跳过隐藏的工作表“{sheet.title}”。")
        elif sheet.title in GENERATED_SHEETS:
            result.notes.append(f"跳过工作表“{sheet.title}”（由项目表生成，导入时以各项目表为准）。")
        else:
            _merge(result, _parse_sheet(sheet, template, year))


def _read_department(result: ImportResult, sheets: Sequence[SheetData], template: str | None, year: int | None) -> bool:
    """A department's publication kept as a workbook (one sheet per table, or per chapter) is read as one document,
    its sheets in order; False (nothing read) when the sheets are not one. Rows not placed keep their sheet and row."""
    from desktop.io.text.department_parts import document_kind
    from desktop.io.text.importer import parse_text
    from desktop.io.text.lines import split_rows

    texts: list[str] = []
    starts: list[tuple[int, SheetData]] = []  # (first line of the sheet in the joined text, sheet)
    line = 1
    for sheet in sheets:
        text = sheet.as_text()
        starts.append((line, sheet))
        texts.append(text)
        line += text.count("\n") + 2  # the sheet's lines and one blank line between sheets
    joined = "\n\n".join(texts)
    if document_kind(split_rows(joined)) is None:
        return False
    parsed = parse_text(joined, result.source_name, template=template, year=year)
    for unplaced in parsed.unplaced:
        first, sheet = next((start, s) for start, s in reversed(starts) if start <= unplaced.line_no)
        result.unplaced.append(UnplacedLine(unplaced.line_no - first + 1, unplaced.text, unplaced.reason, sheet.title))
    result.projects.extend(parsed.projects)
    result.departments.extend(parsed.departments)
    names = "、".join(f"“{s.title}”" for s in sheets)
    result.notes.append(
        f"各工作表（{names}）合起来是一份部门预算公开文件，按顺序作为一份文件读取；下面的行号按此顺序连续计"
    )
    result.notes.extend(parsed.notes)
    return True


def read_xlsx(path: Path, template: str | None = None, year: int | None = None) -> ImportResult:
    """Read the projects of an .xlsx file: our own export exactly, other sheets by their labels.

    `template` and `year` help the label reading (our own export records both). Raises ImportFailed with a
    Chinese message for files that are not safe or not readable as .xlsx; nothing is read from those.
    """
    check_xlsx(path)
    sheets = _load_sheets(path)
    result = ImportResult(source_name=path.name)
    clipped = [f"工作表“{s.title}”超过 {MAX_ROWS} 行或 {MAX_COLUMNS} 列，超出部分未读取。" for s in sheets if s.clipped]
    hidden = next((s for s in sheets if s.title == EMBED_SHEET), None)
    others = [s for s in sheets if s is not hidden]
    if hidden is not None:
        try:
            embedded = read_embedded(hidden.values)
            _read_own(result, embedded, others, template, year)
            result.ours = True
            result.notes.extend(clipped)
            return result
        except EmbedDamaged as exc:
            result = ImportResult(source_name=path.name, notes=[f"{exc}，改为按各工作表的标签读取。"])
    _read_foreign(result, others, template, year)
    result.notes.extend(clipped)
    return result
