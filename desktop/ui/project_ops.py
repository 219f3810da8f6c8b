"""What the clerk does to whole projects: add, duplicate, delete, mark final, apply a fix, import, export.

`ProjectActions` receives its real collaborators (the document, the validation state, the open file, the project
selection and a notifier), never the main window, so each action can be tested on its own. Each asks what it must ask,
then hands one operation to the document (one undo step). Every failure is told in Chinese; nothing in the workbook
changes when an import or export fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.domain.model import Project, Status, Workbook
from desktop.os_errors import os_error_reason
from desktop.templates.catalog import available_layouts
from desktop.ui.document import WorkbookDocument
from desktop.ui.file_ops import FileController
from desktop.ui.notifier import Notifier
from desktop.ui.validation_state import ValidationState

if TYPE_CHECKING:
    from desktop.domain.findings import Finding
    from desktop.io.exporting import ExportReport

# The dialogs, the importers, the exporters (with openpyxl and reportlab) and the operations are imported where they
# are used, on first use: none of them is needed to show the window (benchmarks/floors.py, start-up row).
_MAX_LISTED = 12


class ProjectSelection(Protocol):
    """The project list as the actions see it."""

    def current_project(self) -> Project | None:
        """The project whose form is shown."""
        ...

    def selected_projects(self) -> list[Project]:
        """The projects selected in the list, in list order."""
        ...

    def select_project(self, project: Project | None) -> None:
        """Make this project the one shown."""
        ...

    def open_project(self, project: Project) -> None:
        """Show this project and put the keyboard in its first field (a project just made)."""
        ...


class ProjectActions:
    """The project menu's actions, on their real collaborators."""

    def __init__(
        self,
        document: WorkbookDocument,
        validation: ValidationState,
        files: FileController,
        selection: ProjectSelection,
        notifier: Notifier,
    ) -> None:
        self.document = document
        self.validation = validation
        self.files = files
        self.selection = selection
        self.notifier = notifier

    def new_project(self) -> None:
        """新建项目: choose layout and year, add the empty project at the end and start typing its name."""
        from desktop.domain import operations as ops
        from desktop.ui.dialogs.new_project_dialog import ask_new_project

        current = self.selection.current_project()
        project = ask_new_project(self.notifier.parent(), current.template if current else None)
        if project is None:
            return
        self.document.push(ops.add_projects(self.document.workbook, [project], None, "新建项目"))
        self.selection.open_project(project)

    def duplicate_project(self) -> None:
        """复制项目: a copy (as a draft) right after the original."""
        from desktop.domain import operations as ops

        project = self.selection.current_project()
        if project is None:
            return
        operation, copy = ops.duplicate_project(self.document.workbook, project)
        self.document.push(operation)
        self.selection.select_project(copy)

    def delete_projects(self) -> None:
        """删除项目: asks first; the deletion is one undo step that restores the projects where they were."""
        from desktop.domain import operations as ops

        current = self.selection.current_project()
        projects = self.selection.selected_projects() or ([current] if current is not None else [])
        if not projects:
            return
        names = "\n".join(f"  {p.display_name()}" for p in projects[:_MAX_LISTED])
        more = f"\n  ……共 {len(projects)} 个项目" if len(projects) > _MAX_LISTED else ""
        answer = QMessageBox.question(
            self.notifier.parent(),
            "删除项目",
            f"确定删除以下项目吗？\n{names}{more}\n\n删除后可用“编辑 → 撤销”（Ctrl+Z）恢复。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        after = _neighbour(self.document.workbook.projects, projects)
        self.document.push(ops.delete_projects(self.document.workbook, projects))
        self.selection.select_project(after)

    def toggle_final(self) -> None:
        """标记为定稿 / 取消定稿. Marking final is refused while the project has errors, listing them."""
        from desktop.domain import operations as ops

        project = self.selection.current_project()
        if project is None:
            return
        if project.status is Status.FINAL:
            answer = QMessageBox.question(
                self.notifier.parent(),
                "撤销定稿",
                f"撤销“{project.display_name()}”的定稿，使它可以修改吗？\n\n"
                "定稿时的内容仍保留，可随时用“项目 → 与定稿版比较”查看此后改了什么；按 Ctrl+Z 可恢复定稿。",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.document.push(ops.SetStatus(project, Status.DRAFT, f"撤销定稿“{project.display_name()}”"))
                self.notifier.status(f"已撤销定稿：“{project.display_name()}”可以修改了。")
            return
        self.document.commit_open_editors()
        self.validation.flush()
        errors = self.validation.errors_of(project)
        if errors:
            lines = "\n".join(f"  {f.rule} {f.location_text}：{f.message}" for f in errors[:_MAX_LISTED])
            more = f"\n  ……共 {len(errors)} 个错误" if len(errors) > _MAX_LISTED else ""
            self.notifier.warn(
                "不能定稿",
                f"项目“{project.display_name()}”还有 {len(errors)} 个错误，改正后才能标记为定稿：\n{lines}{more}\n\n"
                "双击“校验结果”面板中的问题可以直接转到出错的位置。",
            )
            return
        from desktop.domain.finalise import finalised  # with the project comparison: loaded on first use

        final = finalised(project, self.validation.findings_of(project))  # keeps the content as submitted
        self.document.push(ops.ReplaceContent(project, final, f"标记“{project.display_name()}”为定稿"))
        self.notifier.status(f"已定稿：“{project.display_name()}”现为只读，修改前请先“撤销定稿”。")

    def compare_with_final(self) -> None:
        """与定稿版比较: what changed, field by field and indicator by indicator, since the project was marked final."""
        from desktop.ui.dialogs.final_compare import show_final_comparison

        project = self.selection.current_project()
        if project is None:
            return
        self.document.commit_open_editors()
        if project.final_copy is None:
            self.notifier.inform("与定稿版比较", f"项目“{project.display_name()}”从未标记为定稿，没有可比较的定稿版。")
            return
        from desktop.storage.errors import WorkbookError

        try:
            project.final_copy.content  # noqa: B018  (read from the file now: a damaged copy is said before the dialog)
        except WorkbookError as exc:
            self.notifier.warn("与定稿版比较", str(exc))
            return
        show_final_comparison(self.notifier.parent(), project)

    def rollover(self) -> None:
        """年度结转…: the chosen projects copied to the chosen year, added as one undo step; the status bar says
        what was made and what the target year already had."""
        from desktop.domain import operations as ops
        from desktop.ui.dialogs.rollover_dialog import ask_rollover

        if self.files.read_only:
            return
        self.document.commit_open_editors()
        if not self.document.workbook.projects and not self.document.workbook.departments:
            self.notifier.inform("年度结转", "工作簿中还没有项目可以结转。")
            return
        result = ask_rollover(
            self.notifier.parent(),
            self.document.workbook,
            self.selection.current_project(),
            self.selection.selected_projects(),
        )
        if result is None:
            return
        made = bool(result.projects or result.departments)
        if made:
            label = f"年度结转到 {result.to_year} 年（{len(result.projects)} 个项目）"
            if result.departments:
                label = (
                    f"年度结转到 {result.to_year} 年（{len(result.projects)} 个项目、{len(result.departments)} 个部门）"
                )
            workbook = self.document.workbook
            steps: list[ops.Operation] = [ops.add_projects(workbook, result.projects, None, label)]
            # The departments go in the same step, after the workbook's own.
            start = len(workbook.departments)
            steps += [ops.InsertDepartment(start + i, d, label) for i, d in enumerate(result.departments)]
            self.document.push(ops.Batch(tuple(steps), label))
            if result.projects:
                self.selection.select_project(result.projects[0])
            self.validation.flush()
        self.notifier.status(result.summary() + ("。按 Ctrl+Z 可撤销。" if made else "。"), 15_000)

    def apply_fixes(self, entries: Sequence[tuple[Project, Finding]], label: str | None = None) -> bool:
        """一键修复 (one finding) or 全部修复此类 (several): one undo step; False when nothing could be fixed."""
        from desktop.domain import operations as ops

        if self.files.read_only:
            return False
        fixable = [(p, f.fix) for p, f in entries if f.fix is not None]
        final = [p for p, _fix in fixable if p.status is Status.FINAL]
        fixes = [(p, fix) for p, fix in fixable if p.status is not Status.FINAL]
        if final and not fixes:
            self.notifier.inform("已定稿", "此项目已定稿，如需修改请先“取消定稿”。")
            return False
        if not fixes:
            return False
        if len(fixes) == 1:
            project, fix = fixes[0]
            self.document.push(ops.ApplyFix(project, fix))
            finding = next(f for p, f in entries if p is project and f.fix is fix)
            text = f"已修复“{project.display_name()}”{finding.location_text}：{fix.label}。按 Ctrl+Z 可撤销。"
        else:
            self.document.push(ops.fix_all(fixes, label or f"一键修复 {len(fixes)} 处"))
            text = f"已修复 {len(fixes)} 处。按 Ctrl+Z 可一次全部撤销。"
        if final:
            text += f"（{len(final)} 处在已定稿的项目中，未修改）"
        self.validation.flush()
        self.notifier.status(text, 10_000)
        return True

    def apply_fix(self, project: Project, finding: Finding) -> None:
        """一键修复: the finding's fix as one undo step."""
        self.apply_fixes([(project, finding)])

    def selection_workbook(self) -> Workbook:
        """The projects selected in the list, or the whole workbook when none is selected."""
        self.document.commit_open_editors()
        selected = self.selection.selected_projects()
        return Workbook(projects=selected) if selected else self.document.workbook

    def choose_projects(self, verb: str) -> Workbook | None:
        """Which projects to print or export: a selection of several as it is; otherwise the clerk says.

        One project is always selected (the one on screen), so "the selection" alone would quietly export a single
        form when the bureau wants all of them; asking costs one click and never sends the wrong file.
        """
        self.document.commit_open_editors()  # what is typed in an open cell goes out too
        selected = self.selection.selected_projects()
        everything = self.document.workbook
        if len(selected) > 1 or len(everything.projects) <= 1:
            return Workbook(projects=selected) if len(selected) > 1 else everything
        current = self.selection.current_project()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            verb,
            f"要{verb}哪些项目？",
            QMessageBox.StandardButton.NoButton,
            self.notifier.parent(),
        )
        role = QMessageBox.ButtonRole.AcceptRole
        one = box.addButton(f"当前项目“{current.display_name()}”", role) if current else None
        # The default is the set one cover stands for: the current project's year and department, never a silent
        # mix of years or counties ("2024—2025年度…" on one cover).
        same = [p for p in everything.projects if current is not None and _same_set(p, current)]
        group = None
        if current is not None and 1 < len(same) < len(everything.projects):
            department = (current.department.name or "").strip()
            group = box.addButton(f"{current.year} 年{department}的 {len(same)} 个项目", role)
        years = {p.year for p in everything.projects}
        departments = {"".join((p.department.name or "").split()) for p in everything.projects}
        mixed = []
        if len(years) > 1:
            mixed.append(f"{len(years)} 个年度")
        if len(departments) > 1:
            mixed.append(f"{len(departments)} 个部门")
        mix = f"（含{'、'.join(mixed)}）" if mixed else ""
        every = box.addButton(f"全部 {len(everything.projects)} 个项目{mix}", role)
        box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(group if group is not None else every)
        box.setInformativeText("在左侧列表中按住 Ctrl 或 Shift 可选中若干个项目，只处理选中的项目。")
        box.exec()
        clicked = box.clickedButton()
        if clicked is every:
            return everything
        if clicked is group and group is not None:
            return Workbook(projects=same)
        if clicked is one and current is not None:
            return Workbook(projects=[current])
        return None

    def import_projects(self) -> None:
        """导入…: pick a file, preview and confirm in the import dialog, add everything (projects and departments)
        as one undo step."""
        from PySide6.QtWidgets import QFileDialog

        from desktop.domain import operations as ops
        from desktop.domain.department_import import import_departments, import_step
        from desktop.domain.reimport import Resolution
        from desktop.ui.dialogs.import_dialog import run_import_plan

        parent = self.notifier.parent()
        chosen, _ = QFileDialog.getOpenFileName(
            parent, "导入", "", "可导入的文件 (*.txt *.tsv *.csv *.xlsx *.json *.jixiao);;所有文件 (*)"
        )
        if not chosen or parent is None:
            return
        self.document.commit_open_editors()
        workbook = self.document.workbook
        plan = run_import_plan(parent, Path(chosen), workbook.projects, workbook.departments)
        if not plan:
            return
        chosen_replace = Resolution.REPLACE
        replacements = [
            (item.existing, item.project)
            for item, resolution in plan.projects
            if resolution is chosen_replace and item.existing is not None
        ]
        additions = [
            item.project
            for item, resolution in plan.projects
            if item.existing is None or resolution is not chosen_replace
        ]
        department_replacements = [
            (item.existing, item.department)
            for item, resolution in plan.departments
            if resolution is chosen_replace and item.existing is not None
        ]
        department_additions = [item.department for item, _resolution in plan.departments if item.existing is None]
        what = [f"{len(plan.projects)} 个项目"] if plan.projects else []
        what += [f"{len(plan.departments)} 个部门"] if plan.departments else []
        label = f"导入 {'、'.join(what)}（{Path(chosen).name}）"
        projects = ops.import_projects(workbook, replacements, additions, label) if plan.projects else None
        departments = import_departments(workbook, department_replacements, department_additions, label)
        self.document.push(import_step(projects, departments, label))
        if replacements or additions:
            self.selection.select_project(replacements[0][0] if replacements else additions[0])
        done = [f"新增 {len(additions)} 个项目"] if plan.projects else []
        if replacements:
            done.append(f"替换 {len(replacements)} 个项目")
        if department_additions:
            done.append(f"新增 {len(department_additions)} 个部门")
        if department_replacements:
            done.append(f"替换 {len(department_replacements)} 个部门")
        self.notifier.status(f"已导入：{'，'.join(done)}。按 Ctrl+Z 可一次撤销。", 15_000)

    def print_preview(self) -> None:
        """打印预览 of the selection."""
        from desktop.ui.dialogs.print_preview import show_print_preview

        parent = self.notifier.parent()
        # The preview prints too (Ctrl+P in it): what would print damaged is said before it opens.
        workbook = self.confirm_before_printing(self.selection_workbook(), "打印预览")
        # Asked here too, so that the preview shows the pages as its 打印… and 导出 PDF… will give them.
        marked = self.drafts_to_mark(workbook, "打印预览") if workbook is not None else None
        if parent is not None and workbook is not None and marked is not None:
            show_print_preview(parent, workbook, marked)

    def confirm_before_printing(self, workbook: Workbook, verb: str) -> Workbook | None:
        """Say what would print damaged (W01 amounts in 元, W09 comparators, W11 web markup) before `verb` (导出 PDF,
        打印 …): fix it all in one undo step, print it as it is (the clerk's stated choice), or cancel (None)."""
        from desktop.domain.print_checks import print_warnings
        from desktop.ui.dialogs.print_check import PrintCheckDialog, PrintChoice

        warnings = print_warnings(workbook, available_layouts())
        if not warnings:
            return workbook
        parent = self.notifier.parent()
        dialog = PrintCheckDialog(workbook, warnings, verb, can_fix=not self.files.read_only, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        choice = dialog.choice
        dialog.setParent(None)  # gone with this call: its Alt+F / Alt+E must not linger beside the next one's
        dialog.deleteLater()
        if not accepted or choice is PrintChoice.CANCEL:
            return None
        if choice is PrintChoice.AS_IS:
            self.notifier.status(f"已按原样{verb}：{len(warnings)} 处问题未修正。", 10_000)
            return workbook
        entries = [(workbook.projects[w.project], w.finding) for w in warnings]
        self.apply_fixes(entries, f"{verb}前全部修正（{len(entries)} 处）")
        return workbook

    def drafts_to_mark(self, workbook: Workbook, verb: str, *, excel: bool = False) -> list[Project] | None:
        """Drafts with errors in the set are said before `verb`: the projects to mark 草稿 ([] for none), or None
        when the clerk cancels (see dialogs/draft_warning.py)."""
        from desktop.ui.dialogs.draft_warning import ask_about_drafts

        self.validation.flush()  # counts after the last edit and any fix just made
        count = lambda project: len(self.validation.errors_of(project))  # noqa: E731
        return ask_about_drafts(self.notifier.parent(), workbook, count, verb, excel=excel)

    def print_selection(self) -> None:
        """打印… the projects the clerk chooses."""
        from desktop.ui.dialogs.print_preview import print_with_dialog

        workbook = self.choose_projects("打印")
        if workbook is not None:
            workbook = self.confirm_before_printing(workbook, "打印")
        marked = self.drafts_to_mark(workbook, "打印") if workbook is not None else None
        parent = self.notifier.parent()
        if workbook is not None and marked is not None and parent is not None:
            print_with_dialog(parent, workbook, marked)

    def export_pdf(self) -> None:
        """导出 PDF… of the projects the clerk chooses."""
        from desktop.ui.dialogs.print_preview import export_pdf_with_dialog

        workbook = self.choose_projects("导出 PDF")
        if workbook is not None:
            workbook = self.confirm_before_printing(workbook, "导出 PDF")
        marked = self.drafts_to_mark(workbook, "导出 PDF") if workbook is not None else None
        if workbook is not None and marked is not None:
            export_pdf_with_dialog(self.notifier.parent(), workbook, marked)

    def _export_target(self, title: str, suffix: str, description: str) -> Path | None:
        base = self.files.path
        start = str(base.with_suffix(suffix)) if base is not None else ""
        from PySide6.QtWidgets import QFileDialog  # the file dialogs and checks: imported when first asked for

        from desktop.ui.file_checks import write_problem

        chosen, _ = QFileDialog.getSaveFileName(self.notifier.parent(), title, start, f"{description} (*{suffix})")
        if not chosen:
            return None
        path = Path(chosen)
        path = path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)
        problem = write_problem(path)
        if problem is not None:
            self.notifier.warn(f"{title} 失败", problem)
            return None
        return path

    def export_xlsx(self) -> None:
        """导出 Excel…: the chosen projects as the workbook finance bureaus ask for by e-mail."""
        from desktop.ui.dialogs.export_done import tell_exported

        workbook = self.choose_projects("导出 Excel")
        if workbook is not None:
            workbook = self.confirm_before_printing(workbook, "导出 Excel")
        marked = self.drafts_to_mark(workbook, "导出 Excel", excel=True) if workbook is not None else None
        target = self._export_target("导出 Excel", ".xlsx", "Excel 工作簿") if marked is not None else None
        if workbook is None or target is None:
            return
        report = self._export(workbook, target, "导出 Excel", marked or [])
        if report is None:
            return
        problems = "\n".join(f"  {p}" for p in report.problems[:_MAX_LISTED])
        marks = f"\n{len(marked or [])} 个草稿项目的工作表页眉印有“草稿”。" if marked else ""
        text = f"已导出 {len(workbook.projects)} 个项目到\n{target}{marks}"
        tell_exported(self.notifier.parent(), "导出完成", text, target, problems=problems)

    def export_json(self) -> None:
        """导出 JSON…: the interchange file other programs read."""
        workbook = self.choose_projects("导出 JSON")
        target = self._export_target("导出 JSON", ".json", "JSON 交换文件") if workbook is not None else None
        if workbook is None or target is None:
            return
        if self._export(workbook, target, "导出 JSON") is not None:
            self.notifier.status(f"已导出 {len(workbook.projects)} 个项目到 {target}")

    def _export(
        self, workbook: Workbook, target: Path, title: str, watermark: Sequence[Project] = ()
    ) -> ExportReport | None:
        """Write through the one export dispatch (as `jixiao export` does); a failure is told, and gives None."""
        from desktop.io.dispatch import export_to
        from desktop.io.exporting import ExportFailed
        from desktop.storage.errors import WorkbookError

        try:
            return export_to(workbook, target, watermark=watermark)
        except ExportFailed as exc:
            self.notifier.warn(f"{title} 失败", str(exc), critical=True)
        except WorkbookError as exc:  # content read on first use that the file cannot give (a damaged department)
            self.notifier.warn(f"{title} 失败", str(exc))
        except OSError as exc:  # the writers translate theirs; this is the last line of defence
            self.notifier.warn(f"{title} 失败", f"无法写入“{target}”：{os_error_reason(exc, '写入')}", critical=True)
        return None


def _same_set(project: Project, other: Project) -> bool:
    """Same year and same 主管部门 (the projects one cover and one 公开清单 are about)."""
    return project.year == other.year and "".join((project.department.name or "").split()) == "".join(
        (other.department.name or "").split()
    )


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
