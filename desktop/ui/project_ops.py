"""What the clerk does to whole projects: add, duplicate, delete, mark final, apply a fix, import, export.

Each operation is a small function of the window: it asks what it must ask, then pushes one undo command. Every
failure is told in Chinese; nothing in the workbook changes when an import or export fails.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain import operations as ops
from desktop.domain.model import Project, Status, Workbook
from desktop.ui.file_checks import os_error_text, write_problem

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# The dialogs, the importers and the exporters (with openpyxl and reportlab) are imported where they are used, on
# first use: none of them is needed to show the window (benchmarks/floors.py, start-up row).

_MAX_LISTED = 12


def new_project(window: MainWindow) -> None:
    """新建项目: choose layout and year, add the empty project after the current one and start typing its name."""
    from desktop.ui.dialogs.new_project_dialog import ask_new_project

    current = window.current_project()
    project = ask_new_project(window, current.template if current else None)
    if project is None:
        return
    document = window.document
    document.push(ops.add_projects(document.workbook, [project], None, "新建项目"))
    window.project_list.select_project(project)
    window.form.focus_first_field()


def duplicate_project(window: MainWindow) -> None:
    """复制项目: a copy (as a draft) right after the original."""
    project = window.current_project()
    if project is None:
        return
    document = window.document
    operation, copy = ops.duplicate_project(document.workbook, project)
    document.push(operation)
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
    document.push(ops.delete_projects(document.workbook, projects))
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
        document.push(ops.SetStatus(project, Status.DRAFT, f"取消定稿“{project.display_name()}”"))
        return
    window.validation.flush()
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
    document.push(ops.SetStatus(project, Status.FINAL, f"标记“{project.display_name()}”为定稿"))


def apply_fix(window: MainWindow, project: Project, finding: Any) -> None:
    """一键修复: the finding's fix as one undo step (before and after kept whole)."""
    if finding.fix is None or window.file_ops.read_only:
        return
    if project.status is Status.FINAL:
        QMessageBox.information(window, "已定稿", "此项目已定稿，如需修改请先“取消定稿”。")
        return
    window.document.push(ops.ApplyFix(project, finding.fix))
    window.validation.flush()
    window.statusBar().showMessage(
        f"已修复“{project.display_name()}”{finding.location_text}：{finding.fix.label}。按 Ctrl+Z 可撤销。", 10_000
    )


def selection_workbook(window: MainWindow) -> Workbook:
    """The projects selected in the list, or the whole workbook when none is selected."""
    selected = window.project_list.selected_projects()
    return Workbook(projects=selected) if selected else window.document.workbook


def choose_projects(window: MainWindow, verb: str) -> Workbook | None:
    """Which projects to print or export: a selection of several as it is; otherwise the clerk says.

    One project is always selected (the one on screen), so "the selection" alone would quietly export a single
    form when the bureau wants all of them; asking costs one click and never sends the wrong file.
    """
    selected = window.project_list.selected_projects()
    everything = window.document.workbook
    if len(selected) > 1 or len(everything.projects) <= 1:
        return Workbook(projects=selected) if len(selected) > 1 else everything
    current = window.current_project()
    box = QMessageBox(
        QMessageBox.Icon.Question, verb, f"要{verb}哪些项目？", QMessageBox.StandardButton.NoButton, window
    )
    one = box.addButton(f"当前项目“{current.display_name()}”", QMessageBox.ButtonRole.AcceptRole) if current else None
    every = box.addButton(f"全部 {len(everything.projects)} 个项目", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(every)
    box.setInformativeText("在左侧列表中按住 Ctrl 或 Shift 可选中若干个项目，只处理选中的项目。")
    box.exec()
    clicked = box.clickedButton()
    if clicked is every:
        return everything
    if clicked is one and current is not None:
        return Workbook(projects=[current])
    return None


def import_projects(window: MainWindow) -> None:
    """导入…: pick a file, preview and confirm in the import dialog, add everything as one undo step."""
    from desktop.ui.dialogs.import_dialog import run_import_dialog

    chosen, _ = QFileDialog.getOpenFileName(
        window, "导入", "", "可导入的文件 (*.txt *.tsv *.csv *.xlsx *.json);;所有文件 (*)"
    )
    if not chosen:
        return
    projects = run_import_dialog(window, Path(chosen))
    if not projects:
        return
    document = window.document
    document.push(
        ops.add_projects(document.workbook, projects, None, f"导入 {len(projects)} 个项目（{Path(chosen).name}）")
    )
    window.project_list.select_project(projects[0])


def print_preview(window: MainWindow) -> None:
    """打印预览 of the selection."""
    from desktop.ui.dialogs.print_preview import show_print_preview

    show_print_preview(window, selection_workbook(window))


def print_selection(window: MainWindow) -> None:
    """打印… the projects the clerk chooses."""
    from desktop.ui.dialogs.print_preview import print_with_dialog

    workbook = choose_projects(window, "打印")
    if workbook is not None:
        print_with_dialog(window, workbook)


def export_pdf(window: MainWindow) -> None:
    """导出 PDF… of the projects the clerk chooses."""
    from desktop.ui.dialogs.print_preview import export_pdf_with_dialog

    workbook = choose_projects(window, "导出 PDF")
    if workbook is not None:
        export_pdf_with_dialog(window, workbook)


def _export_target(window: MainWindow, title: str, suffix: str, description: str) -> Path | None:
    base = window.file_ops.path
    start = str(base.with_suffix(suffix)) if base is not None else ""
    chosen, _ = QFileDialog.getSaveFileName(window, title, start, f"{description} (*{suffix})")
    if not chosen:
        return None
    path = Path(chosen)
    path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
    problem = write_problem(path)
    if problem is not None:
        QMessageBox.warning(window, f"{title} 失败", problem)
        return None
    return path


def export_xlsx(window: MainWindow) -> None:
    """导出 Excel…: the chosen projects as the workbook finance bureaus ask for by e-mail."""
    from desktop.io.exporting import ExportFailed
    from desktop.io.xlsx import export as xlsx_export

    workbook = choose_projects(window, "导出 Excel")
    target = _export_target(window, "导出 Excel", ".xlsx", "Excel 工作簿") if workbook is not None else None
    if workbook is None or target is None:
        return
    try:
        report = xlsx_export.export_xlsx(workbook, target)
    except ExportFailed as exc:
        QMessageBox.critical(window, "导出 Excel 失败", f"无法导出到“{target}”：{exc}")
        return
    except OSError as exc:
        QMessageBox.critical(window, "导出 Excel 失败", f"无法导出到“{target}”：{os_error_text(exc)}")
        return
    problems = "\n".join(f"  {p}" for p in getattr(report, "problems", [])[:_MAX_LISTED])
    QMessageBox.information(
        window,
        "导出完成",
        f"已导出 {len(workbook.projects)} 个项目到\n{target}" + (f"\n\n请注意：\n{problems}" if problems else ""),
    )


def export_json(window: MainWindow) -> None:
    """导出 JSON…: the interchange file other programs read."""
    from desktop.io.interchange import write_json

    workbook = choose_projects(window, "导出 JSON")
    target = _export_target(window, "导出 JSON", ".json", "JSON 交换文件") if workbook is not None else None
    if workbook is None or target is None:
        return
    try:
        write_json(workbook, target)
    except OSError as exc:
        QMessageBox.critical(window, "导出 JSON 失败", f"无法写入“{target}”：{os_error_text(exc)}")
        return
    window.statusBar().showMessage(f"已导出 {len(workbook.projects)} 个项目到 {target}")
