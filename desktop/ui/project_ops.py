"""What the clerk does to whole projects: add, duplicate, delete, mark final, apply a fix, import, export.

Each operation is a small function of the window: it asks what it must ask, then pushes one undo command. The
import and export modules are written separately and loaded only when used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.model import Project, Status, Workbook
from desktop.ui.new_project_dialog import ask_new_project
from desktop.ui.project_commands import (
    AddProjectsCommand,
    DeleteProjectsCommand,
    EditFieldCommand,
    ReplaceProjectCommand,
    duplicate_of,
)

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

NOT_INSTALLED = "此功能尚未安装"
_MAX_LISTED = 12


def optional_feature(window: MainWindow, module: str, name: str) -> Callable[..., Any] | None:
    """A function from a module written separately; a Chinese note (and None) while it is not installed."""
    try:
        return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        QMessageBox.information(window, "提示", NOT_INSTALLED)
        return None


def new_project(window: MainWindow) -> None:
    """新建项目: choose layout and year, add the empty project after the current one and start typing its name."""
    current = window.current_project()
    project = ask_new_project(window, current.template if current else None)
    if project is None:
        return
    document = window.document
    index = len(document.workbook.projects)
    document.undo_stack.push(AddProjectsCommand(document, [project], index, "新建项目"))
    window.project_list.select_project(project)
    window.form.focus_first_field()


def duplicate_project(window: MainWindow) -> None:
    """复制项目: a copy (as a draft) right after the original."""
    project = window.current_project()
    if project is None:
        return
    document = window.document
    copy = duplicate_of(project)
    index = (document.index_of(project) or 0) + 1
    document.undo_stack.push(AddProjectsCommand(document, [copy], index, f"复制项目“{project.display_name()}”"))
    window.project_list.select_project(copy)


def delete_projects(window: MainWindow) -> None:
    """删除项目: asks first; the deletion is one undo step that restores the projects where they were."""
    current = window.current_project()
    projects = window.project_list.selected_projects() or ([current] if current is not None else [])
    if not projects:
        return
    names = "\n".join(f"  {p.display_name()}" for p in projects[:_MAX_LISTED])
    more = f"\n  ……共 {len(projects)} 个项目" if len(projects) > _MAX_LISTED else ""
    answer = QMessageBox.question(
        window,
        "删除项目",
        f"确定删除以下项目吗？\n{names}{more}\n\n删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    document = window.document
    after = _neighbour(document.workbook.projects, projects)
    document.undo_stack.push(DeleteProjectsCommand(document, projects))
    window.project_list.select_project(after)


def _neighbour(projects: list[Project], leaving: list[Project]) -> Project | None:
    """The project to select once `leaving` are gone: the next one, else the previous one."""
    gone = {id(p) for p in leaving}
    positions = [i for i, p in enumerate(projects) if id(p) in gone]
    if not positions:
        return None
    for candidate in projects[positions[-1] + 1 :]:
        if id(candidate) not in gone:
            return candidate
    for candidate in reversed(projects[: positions[0]]):
        if id(candidate) not in gone:
            return candidate
    return None


def toggle_final(window: MainWindow) -> None:
    """标记为定稿 / 取消定稿. Marking final is refused while the project has errors, listing them."""
    project = window.current_project()
    if project is None:
        return
    document = window.document
    if project.status is Status.FINAL:
        command = EditFieldCommand(document, project, "status", Status.DRAFT, "定稿状态")
        command.setText(f"取消定稿“{project.display_name()}”")
        document.undo_stack.push(command)
        return
    window.validation.flush()
    if not window.validation.available:
        QMessageBox.warning(window, "不能定稿", "校验功能尚未安装，无法确认项目没有错误，暂不能定稿。")
        return
    errors = window.validation.errors_of(project)
    if errors:
        lines = "\n".join(f"  {f.rule} {f.location_text}：{f.message}" for f in errors[:_MAX_LISTED])
        more = f"\n  ……共 {len(errors)} 个错误" if len(errors) > _MAX_LISTED else ""
        QMessageBox.warning(
            window,
            "不能定稿",
            f"项目“{project.display_name()}”还有 {len(errors)} 个错误，改正后才能标记为定稿：\n{lines}{more}\n\n"
            "双击“校验结果”面板中的问题可以直接转到出错的位置。",
        )
        return
    command = EditFieldCommand(document, project, "status", Status.FINAL, "定稿状态")
    command.setText(f"标记“{project.display_name()}”为定稿")
    document.undo_stack.push(command)


def apply_fix(window: MainWindow, project: Project, finding: Any) -> None:
    """一键修复: the finding's fix as one undo step (before and after kept whole)."""
    if finding.fix is None or window.file_ops.read_only:
        return
    if project.status is Status.FINAL:
        QMessageBox.information(window, "已定稿", "此项目已定稿，如需修改请先“取消定稿”。")
        return
    fixed = finding.fix.apply(project)
    window.document.undo_stack.push(
        ReplaceProjectCommand(window.document, project, fixed, f"一键修复：{finding.fix.label}")
    )
    window.validation.flush()


def selection_workbook(window: MainWindow) -> Workbook:
    """The projects selected in the list, or the whole workbook when none is selected."""
    selected = window.project_list.selected_projects()
    return Workbook(projects=selected) if selected else window.document.workbook


def import_projects(window: MainWindow) -> None:
    """导入…: pick a file, preview and confirm in the import dialog, add everything as one undo step."""
    chosen, _ = QFileDialog.getOpenFileName(
        window, "导入", "", "可导入的文件 (*.txt *.tsv *.xlsx *.json);;所有文件 (*)"
    )
    if not chosen:
        return
    run = optional_feature(window, "desktop.ui.import_dialog", "run_import_dialog")
    if run is None:
        return
    projects: list[Project] | None = run(window, Path(chosen))
    if not projects:
        return
    document = window.document
    index = len(document.workbook.projects)
    document.undo_stack.push(
        AddProjectsCommand(document, projects, index, f"导入 {len(projects)} 个项目（{Path(chosen).name}）")
    )
    window.project_list.select_project(projects[0])


def print_preview(window: MainWindow) -> None:
    """打印预览 of the selection."""
    show = optional_feature(window, "desktop.ui.print_preview", "show_print_preview")
    if show is not None:
        show(window, selection_workbook(window))


def print_selection(window: MainWindow) -> None:
    """打印… the selection."""
    run = optional_feature(window, "desktop.ui.print_preview", "print_with_dialog")
    if run is not None:
        run(window, selection_workbook(window))


def export_pdf(window: MainWindow) -> None:
    """导出 PDF… of the selection."""
    run = optional_feature(window, "desktop.ui.print_preview", "export_pdf_with_dialog")
    if run is not None:
        run(window, selection_workbook(window))


def _export_target(window: MainWindow, title: str, suffix: str, description: str) -> Path | None:
    base = window.file_ops.path
    start = str(base.with_suffix(suffix)) if base is not None else ""
    chosen, _ = QFileDialog.getSaveFileName(window, title, start, f"{description} (*{suffix})")
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def export_xlsx(window: MainWindow) -> None:
    """导出 Excel…: the selection as the workbook finance bureaus ask for by e-mail."""
    run = optional_feature(window, "desktop.io.xlsx_export", "export_xlsx")
    if run is None:
        return
    target = _export_target(window, "导出 Excel", ".xlsx", "Excel 工作簿")
    if target is None:
        return
    from desktop.io.exporting import ExportFailed

    workbook = selection_workbook(window)
    try:
        report = run(workbook, target)
    except (ExportFailed, OSError) as exc:
        QMessageBox.critical(window, "导出失败", f"无法导出到“{target}”：{exc}")
        return
    problems = "\n".join(f"  {p}" for p in getattr(report, "problems", [])[:_MAX_LISTED])
    QMessageBox.information(
        window,
        "导出完成",
        f"已导出 {len(workbook.projects)} 个项目到\n{target}" + (f"\n\n请注意：\n{problems}" if problems else ""),
    )


def export_json(window: MainWindow) -> None:
    """导出 JSON…: the interchange file other programs read."""
    target = _export_target(window, "导出 JSON", ".json", "JSON 交换文件")
    if target is None:
        return
    from desktop.io.interchange import write_json

    workbook = selection_workbook(window)
    try:
        write_json(workbook, target)
    except OSError as exc:
        QMessageBox.critical(window, "导出失败", f"无法写入“{target}”：{exc.strerror or exc}")
        return
    window.statusBar().showMessage(f"已导出 {len(workbook.projects)} 个项目到 {target}")
