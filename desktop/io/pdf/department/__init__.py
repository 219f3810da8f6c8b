"""PDF of a department's publication (部门预算公开, 绩效文本, project package) by its document layout."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection
from pathlib import Path

from desktop.domain.department import Department
from desktop.domain.model import Project, Workbook
from desktop.io.exporting import ExportFailed, ExportReport
from desktop.io.pdf.department.publication import Publication, build_publication, document_layout_of, publication_pdf
from desktop.os_errors import os_error_reason
from desktop.templates.documents import DocumentLayout

__all__ = [
    "Publication",
    "build_publication",
    "document_layout_of",
    "export_publication_pdf",
    "publication_pdf",
    "write_atomically",
]


def write_atomically(data: bytes, path: Path) -> None:
    """Write `data` to `path` through a temporary file in the same folder; the old file stays when it fails."""
    path = Path(path)
    tmp: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp", delete=False) as f:
            tmp = Path(f.name)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        hint = "（若该文件正在其他程序中打开，请先关闭）" if isinstance(exc, PermissionError) else ""
        raise ExportFailed(f"无法写入 {path}：{os_error_reason(exc)}{hint}") from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export_publication_pdf(
    workbook: Workbook,
    department: Department,
    path: Path,
    *,
    layout: DocumentLayout | None = None,
    cover: bool = False,
    watermark: Collection[Project] = (),
) -> ExportReport:
    """Write the department's publication PDF to `path` (the forms of the projects in `watermark` marked 草稿); the
    report counts its pages and lists the problems."""
    built = build_publication(workbook, department, layout=layout, cover=cover, watermark=watermark)
    write_atomically(built.data, path)
    return ExportReport(path=Path(path), pages=built.pages, problems=built.problems)
