"""The one place that picks an importer or an exporter by the file's type (its extension).

The command line (`jixiao import`, `jixiao export`) and the window (导入…, the export actions) both come here, so a
file type is supported, refused or explained the same way everywhere. The readers and writers of the heavy formats
are imported when first needed, so that the window starts without loading reportlab and openpyxl.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.io.exporting import ExportFailed, ExportReport
from desktop.io.interchange import InterchangeError, read_json, write_json
from desktop.os_errors import os_error_reason
from desktop.templates.layouts import LayoutError

if TYPE_CHECKING:  # an export does not need the importers (their department and diff code): imported where used
    from desktop.domain.model import Project, Workbook
    from desktop.io.importing import ImportResult

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".tsv", ".csv", ".text")
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
EXPORT_SUFFIXES: tuple[str, ...] = (".pdf", ".xlsx", ".json")
# Files clerks often have but that must be opened in their program first (binary Office / WPS formats, PDF).
_OPEN_FIRST = (".xls", ".et", ".wps", ".doc", ".docx", ".pdf")


def read_import(path: Path, template: str | None = None, year: int | None = None) -> ImportResult:
    """Read `path` with the importer its extension calls for.

    `template` and `year` help reading forms that do not say them. Every failure (unknown type, unreadable or
    damaged file, unknown layout) is ImportFailed with a Chinese message that says what to do.
    """
    from desktop.io.importing import ImportFailed, ImportResult

    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            workbook = read_json(path)
            return ImportResult(
                source_name=path.name, projects=workbook.projects, departments=workbook.departments, ours=True
            )
        if suffix in EXCEL_SUFFIXES:
            from desktop.io.xlsx.importer import read_xlsx

            return read_xlsx(path, template, year)
        if suffix in TEXT_SUFFIXES:
            from desktop.io.text.importer import read_text

            return read_text(path, template, year)
    except (InterchangeError, LayoutError) as exc:
        raise ImportFailed(str(exc)) from None
    except OSError as exc:
        raise ImportFailed(f"无法读取 {path.name}：{os_error_reason(exc)}") from None
    if suffix in _OPEN_FIRST:
        raise ImportFailed(
            f"不能导入“{suffix}”文件：请在 Excel/WPS/Word 中打开，另存为 .xlsx，"
            "或把其中的表格复制粘贴到记事本、另存为 .txt 后再导入。"
        )
    raise ImportFailed(
        f"不能导入“{path.suffix or '无扩展名'}”文件。可导入：.txt/.tsv/.csv（从 Excel、WPS、Word 或 PDF 复制的表格）、"
        ".xlsx、.json、.jixiao（另一个工作簿）。"
    )


def export_to(
    workbook: Workbook, path: Path, *, cover: bool = True, watermark: Collection[Project] = ()
) -> ExportReport:
    """Write `workbook` to `path` in the format its extension names: .pdf forms, .xlsx submission, .json interchange.

    `cover` puts the cover and 公开清单 before the forms of a PDF; the pages (PDF) or sheets (xlsx) of the projects in
    `watermark` are marked "草稿" (a JSON file has no pages and is not marked). Raises ExportFailed with a Chinese
    message for another extension or a file that cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from desktop.io.pdf.export import export_pdf

        return export_pdf(workbook, path, cover=cover, watermark=watermark)
    if suffix == ".xlsx":
        from desktop.io.xlsx.export import export_xlsx

        return export_xlsx(workbook, path, watermark=watermark)
    if suffix == ".json":
        try:
            write_json(workbook, path)
        except OSError as exc:
            raise ExportFailed(f"无法写入 {path}：{os_error_reason(exc, '写入')}") from None
        return ExportReport(path, pages=len(workbook.projects))
    raise ExportFailed(f"不支持导出为“{path.suffix or '（无扩展名）'}”：请用 .pdf、.xlsx 或 .json 结尾的文件名")
