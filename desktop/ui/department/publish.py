"""部门文件 from the window: print, preview, and export as PDF or Excel the current department's publication.

The publication is the one `jixiao export --department` writes (its document layout's PDF: 部门预算公开, 绩效文本 …;
its tables as an xlsx with one sheet per table), so the paper matches the command line. Each action goes the way the
project exports go: typing still open in a field is committed first; the department's errors (D rules) are listed and
printing them is the clerk's stated choice; attached forms still drafts with errors can be marked 草稿; the forms get
the print check (amounts in 元, damaged text); a file that cannot be written is said in Chinese; a finished export
offers 打开所在文件夹.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.domain.department import Department
from desktop.domain.model import Project, Workbook
from desktop.domain.rules import Severity
from desktop.home import documents_dir
from desktop.io.exporting import ExportFailed
from desktop.storage.department_rows import content_problem
from desktop.templates.documents import DocumentLayout, DocumentLayoutError, get_document_layout
from desktop.templates.layouts import LayoutError
from desktop.ui.department.part import department_at
from desktop.ui.dialogs.export_done import tell_exported
from desktop.ui.document import WorkbookDocument
from desktop.ui.file_checks import write_problem
from desktop.ui.notifier import Notifier

_LISTED = 8
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
ConfirmForms = Callable[[Workbook, str], Workbook | None]
"""The forms' print check (ProjectActions.confirm_before_printing): the projects to go on with, None to stop."""
DraftsToMark = Callable[[Workbook, str], list[Project] | None]
"""The question about drafts with errors (ProjectActions.drafts_to_mark): the forms to mark 草稿, None to stop."""
Prepared = tuple[Department, list[Project]]
Built = tuple[bytes, int, list[str]]


def layout_of(department: Department) -> DocumentLayout:
    """The document layout the department prints in (Anhui's 部门预算公开 when it names none)."""
    return get_document_layout(department.document or "ah-department-budget")


def publication_name(department: Department) -> str:
    """ "泗县医疗保障局2024年部门预算公开": the department, its year and what its layout prints."""
    try:
        what = layout_of(department).name.split(" ", 1)[-1]
    except DocumentLayoutError:
        what = "部门文件"
    return f"{department.name}{department.year}年{what}"


def suggested_file(department: Department, suffix: str) -> Path:
    """Where the save dialog starts: the documents folder and the publication's name, with no character Windows
    refuses in a file name."""
    folder = documents_dir() if documents_dir().is_dir() else Path.home()
    name = _UNSAFE_FILE_CHARS.sub("_", publication_name(department)).strip(" .") or "部门文件"
    return Path(folder) / f"{name[:80]}{suffix}"


def _listed(lines: list[str]) -> str:
    more = f"\n  ……共 {len(lines)} 条" if len(lines) > _LISTED else ""
    return "\n".join(f"  · {line}" for line in lines[:_LISTED]) + more


class DepartmentPublisher:
    """The four 部门文件 actions on their collaborators: the document, the current department, the notifier, and
    the forms' print check."""

    def __init__(
        self,
        document: WorkbookDocument,
        current: Callable[[], int | None],
        notifier: Notifier,
        confirm_forms: ConfirmForms,
        drafts_to_mark: DraftsToMark,
    ) -> None:
        self.document = document
        self.current = current
        self.notifier = notifier
        self.confirm_forms = confirm_forms
        self.drafts_to_mark = drafts_to_mark

    # -- the actions ---------------------------------------------------------------------------------------------
    def print_preview(self) -> None:
        """部门文件打印预览: the publication's pages, with 打印… and 导出 PDF… of exactly what is shown."""
        from desktop.ui.dialogs.print_preview import PrintPreviewDialog

        prepared = self._prepare("打印预览")
        built = self._build(*prepared) if prepared is not None else None
        parent = self.notifier.parent()
        if prepared is None or built is None:
            return
        department = prepared[0]
        data, _pages, problems = built
        projects = Workbook(projects=self.document.workbook.department_projects(department))
        dialog = PrintPreviewDialog(
            parent,
            projects,
            data,
            problems,
            export=lambda owner: self._save_pdf(owner, department, built),
            name=publication_name(department),
        )
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def print_publication(self) -> None:
        """打印部门文件…: the publication through the print dialog (its problems are asked about first)."""
        from desktop.ui.dialogs.print_preview import print_pdf

        prepared = self._prepare("打印")
        built = self._build(*prepared) if prepared is not None else None
        parent = self.notifier.parent()
        if prepared is None or built is None or parent is None:
            return
        department = prepared[0]
        data, _pages, problems = built
        if problems:
            answer = QMessageBox.question(
                parent,
                "打印部门文件",
                f"打印内容有以下问题：\n{_listed(problems)}\n\n仍要打印吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        print_pdf(parent, data, publication_name(department))

    def export_pdf(self) -> None:
        """导出部门文件（PDF）…: where to save, then the publication's PDF there."""
        prepared = self._prepare("导出 PDF")
        if prepared is None:
            return
        department = prepared[0]
        path = self._ask_path(department, "导出部门文件（PDF）", ".pdf", "PDF 文件")
        built = self._build(*prepared) if path is not None else None
        if path is not None and built is not None:
            self._write_pdf(self.notifier.parent(), department, built, path)

    def export_xlsx(self) -> None:
        """导出部门文件（Excel）…: the publication's tables, one sheet per table, ready for the 公开 submission."""
        from desktop.io.xlsx.department import export_publication_xlsx

        prepared = self._prepare("导出 Excel", forms=False)
        if prepared is None:
            return
        department = prepared[0]
        path = self._ask_path(department, "导出部门文件（Excel）", ".xlsx", "Excel 工作簿")
        if path is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            report = export_publication_xlsx(self.document.workbook, department, path)
        except (ExportFailed, DocumentLayoutError) as exc:
            error = str(exc)
        except OSError as exc:
            from desktop.os_errors import os_error_reason

            error = f"无法写入 {path}：{os_error_reason(exc, '写入')}"
        else:
            error = ""
        finally:
            QGuiApplication.restoreOverrideCursor()
        if error:
            self.notifier.warn("导出部门文件失败", error, critical=True)
            return
        tell_exported(
            self.notifier.parent(),
            "导出完成",
            f"已导出{department.display_name()}的预算表（{report.pages} 张工作表）到\n{path}",
            path,
        )

    # -- the steps -----------------------------------------------------------------------------------------------
    def department(self) -> Department | None:
        """The current department, read from the workbook."""
        return department_at(self.document.workbook, self.current())

    def _prepare(self, verb: str, *, forms: bool = True) -> Prepared | None:
        """Commit open editors, say the department's errors (printing them anyway is the clerk's choice), ask about
        the attached forms still drafts with errors (mark them 草稿?) and run the forms' print check; the department
        to publish and the forms to mark, or None when the clerk stopped."""
        self.document.commit_open_editors()
        department = self.department()
        parent = self.notifier.parent()
        if department is None:
            self.notifier.inform(verb, "请先在左侧选择一个部门（或它的一个项目），再打印或导出部门文件。")
            return None
        problem = content_problem(department)  # its stored content, read now if it was not yet
        if problem is not None:
            self.notifier.warn(f"{verb}部门文件", problem)
            return None
        projects = self.document.workbook.department_projects(department)
        from desktop.domain.validation import validate_department  # the rules: imported on first use

        errors = [f for f in validate_department(department, projects) if f.severity is Severity.ERROR]
        if errors:
            lines = [f"{f.rule} {f.location_text}：{f.message}" for f in errors]
            answer = QMessageBox.question(
                parent,
                f"{verb}部门文件",
                f"{department.display_name()}的部门资料还有 {len(errors)} 个错误，印出的文件会前后不一致：\n"
                f"{_listed(lines)}\n\n仍要{verb}吗？（选“否”后可在“校验结果”面板中逐个转到出错的位置）",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        marked: list[Project] = []
        if forms and projects and self._prints_forms(department):
            chosen = self.drafts_to_mark(Workbook(projects=projects), verb)
            if chosen is None or self.confirm_forms(Workbook(projects=projects), verb) is None:
                return None
            marked = chosen
        fresh = self.department()  # a fix of the forms may have run; the department itself is read again
        return (fresh, marked) if fresh is not None else None

    @staticmethod
    def _prints_forms(department: Department) -> bool:
        try:
            return any(part.kind == "forms" for part in layout_of(department).parts)
        except DocumentLayoutError:
            return False

    def _build(self, department: Department, marked: list[Project]) -> Built | None:
        """The publication's PDF (the forms in `marked` with the 草稿 watermark), page count and problems; None after
        saying why it could not be made."""
        from desktop.io.pdf.department import build_publication

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            built = build_publication(self.document.workbook, department, watermark=marked)
        except (ExportFailed, LayoutError, DocumentLayoutError) as exc:
            error = str(exc)
        else:
            return built.data, built.pages, built.problems
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.notifier.warn("无法生成部门文件", error)
        return None

    def _ask_path(self, department: Department, title: str, suffix: str, description: str) -> Path | None:
        start = suggested_file(department, suffix)
        chosen, _ = QFileDialog.getSaveFileName(self.notifier.parent(), title, str(start), f"{description} (*{suffix})")
        if not chosen:
            return None
        path = Path(chosen)
        path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
        problem = write_problem(path)
        if problem is not None:
            self.notifier.warn(f"{title}失败", problem)
            return None
        return path

    def _save_pdf(self, owner: QWidget, department: Department, built: Built) -> None:
        """导出 PDF… in the preview: exactly the pages shown."""
        start = suggested_file(department, ".pdf")
        chosen, _ = QFileDialog.getSaveFileName(owner, "导出部门文件（PDF）", str(start), "PDF 文件 (*.pdf)")
        if not chosen:
            return
        path = Path(chosen)
        path = path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
        problem = write_problem(path)
        if problem is not None:
            QMessageBox.warning(owner, "导出部门文件（PDF）失败", problem)
            return
        self._write_pdf(owner, department, built, path)

    def _write_pdf(self, owner: QWidget | None, department: Department, built: Built, path: Path) -> None:
        from desktop.io.pdf.department import write_atomically

        data, pages, problems = built
        try:
            write_atomically(data, path)
        except ExportFailed as exc:
            QMessageBox.critical(owner, "导出部门文件失败", str(exc))
            return
        tell_exported(
            owner,
            "导出完成",
            f"已导出{publication_name(department)}（{pages} 页）到\n{path}",
            path,
            problems=_listed(problems) if problems else "",
        )
