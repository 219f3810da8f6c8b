"""Opening, saving and closing the workbook file, with every failure told to the clerk in Chinese.

A save that fails (disk full, file gone, folder read-only, someone else's lock) changes nothing: the document stays
modified, every edit stays in memory and the recovery copy keeps being written.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from desktop.ui.document import WorkbookDocument
from desktop.ui.notifier import Notifier
from desktop.ui.recovery import RecoveryWriter, offer_recovery
from desktop.ui.settings import forget_recent, remember_recent
from desktop.ui.validation_state import ValidationState, is_error

if TYPE_CHECKING:
    from desktop.storage.workbook_file import WorkbookFile

WORKBOOK_FILTER = "绩效目标工作簿 (*.jixiao)"


class FileController(QObject):
    """The open WorkbookFile and everything that reads or writes it."""

    opened = Signal()
    """A workbook (or its recovery copy) is now in the document."""
    file_changed = Signal()
    """The file behind the document changed (opened, saved as): title, read-only state."""
    saved = Signal(int, int)
    """(errors, warnings) found by the validation that follows every save."""

    def __init__(
        self,
        document: WorkbookDocument,
        validation: ValidationState,
        recovery: RecoveryWriter,
        notifier: Notifier,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.validation = validation
        self.recovery = recovery
        self.notifier = notifier
        self.file: WorkbookFile | None = None
        # Set by the self-test, which runs unattended: messages are collected instead of waiting for a click.
        self.unattended: list[str] | None = None

    def tell(self, title: str, text: str, *, critical: bool = False) -> None:
        """Show a failure to the clerk (or record it when unattended)."""
        if self.unattended is not None:
            self.unattended.append(f"{title}：{text}")
        else:
            self.notifier.warn(title, text, critical=critical)

    def read_only_text(self) -> str:
        """Why the open workbook cannot be saved in place ("" when it can)."""
        # The file knows why: someone's lock (with its age when on another computer), a read-only file or folder.
        return self.file.read_only_text() if self.file is not None else ""

    @property
    def path(self) -> Path | None:
        """The open workbook's path."""
        return self.file.path if self.file is not None else None

    @property
    def read_only(self) -> bool:
        """True when the workbook cannot be saved in place (someone else's lock, a read-only folder)."""
        return self.file is not None and self.file.read_only

    def open(self, path: Path, *, create: bool = False, ask_recovery: bool = True) -> bool:
        """Open a workbook in place of the current one; False (after telling the clerk why) when it cannot be."""
        from desktop.storage.workbook_file import WorkbookError, WorkbookFile

        try:
            new_file = WorkbookFile.open(path, create=create)
        except WorkbookError as exc:
            self.tell("无法打开工作簿", str(exc))
            forget_recent(str(Path(path).resolve()))
            return False
        try:
            # Each project reads its indicators when first shown, each department its content when first used.
            workbook = new_file.load(defer_indicators=True, defer_departments=True)
        except WorkbookError as exc:
            new_file.close()
            self.tell("无法打开工作簿", str(exc))
            return False
        self.close_file()
        self.file = new_file
        ask = ask_recovery and not new_file.read_only
        recovered = offer_recovery(self.notifier.parent(), new_file.path) if ask else None
        self.recovery.set_workbook_path(new_file.path)
        self.document.set_workbook(recovered if recovered is not None else workbook, modified=recovered is not None)
        self.opened.emit()
        if self.unattended is None:
            remember_recent(new_file.path)
        return True

    def take_over(self) -> bool:
        """取得编辑权: after the clerk confirmed the risk, take another computer's lock and continue editing here."""
        file = self.file
        if file is None or not file.can_take_over() or file.locked_by is None:
            return False
        holder = file.locked_by
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "取得编辑权",
            f"此工作簿正由 {holder.describe()}打开，已 {holder.age_text()}。\n\n"
            "只有在确认那台电脑已关机、死机或断开网络时才应取得编辑权。\n"
            "风险：如果对方其实仍在编辑，取得后对方将无法再保存，其尚未保存的修改只能另存为其他文件。\n"
            "取得编辑权会记入日志（谁、在哪台电脑、何时、从谁手中取得）。\n\n"
            "确定要取得编辑权吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.notifier.parent(),
        )
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("取得编辑权")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return False
        from desktop.storage.workbook_file import WorkbookError

        try:
            file.take_over()
            workbook = file.load()
        except WorkbookError as exc:
            self.tell("无法取得编辑权", str(exc))
            self.file_changed.emit()  # the bar now names whoever holds the lock
            return False
        _record_take_over(file.path, holder.describe())
        self.document.set_workbook(workbook, modified=False)
        self.opened.emit()
        self.notifier.status(f"已取得编辑权（原由 {holder.describe()}打开），此操作已记入日志")
        return True

    def close_file(self) -> None:
        """Release the lock of the open workbook (the document itself is left as it is)."""
        if self.file is not None:
            self.file.close()
            self.file = None

    def save(self) -> bool:
        """Ctrl+S: write the workbook in one transaction, then validate it and show the findings."""
        self.document.commit_open_editors()  # what is typed in an open cell is saved too
        if self.file is None:
            return self.save_as()
        if self.file.read_only:
            self.tell("只读工作簿", f"{self.read_only_text()}。\n\n请用“文件 → 另存为…”把修改保存到其他文件。")
            return False
        from desktop.storage.workbook_file import WorkbookError

        try:
            self.file.save(self.document.workbook)
        except WorkbookError as exc:
            self.recovery.write_now()
            self.tell("保存失败", str(exc), critical=True)
            self.notifier.status("保存失败：所有修改仍保留在程序中，尚未写入文件。")
            return False
        self._saved()
        return True

    def save_as(self) -> bool:
        """Write the workbook to another file and continue there (also the way out of a read-only workbook)."""
        self.document.commit_open_editors()
        start = str(self.path.with_name(self.path.stem + "（副本）.jixiao")) if self.path else ""
        from PySide6.QtWidgets import QFileDialog  # the file dialogs and checks: imported when first asked for

        from desktop.ui.file_checks import write_problem

        chosen, _ = QFileDialog.getSaveFileName(self.notifier.parent(), "另存为", start, WORKBOOK_FILTER)
        if not chosen:
            return False
        target = Path(chosen)
        if target.suffix.lower() != ".jixiao":
            target = target.with_name(target.name + ".jixiao")
        if self.path is not None and target.resolve() == self.path.resolve() and not self.read_only:
            return self.save()
        problem = write_problem(target)
        if problem is not None:
            self.tell("另存为失败", problem)
            return False
        from desktop.storage.workbook_file import WorkbookError, WorkbookFile

        try:
            new_file = WorkbookFile.open(target, create=True)
        except WorkbookError as exc:
            self.tell("另存为失败", str(exc))
            return False
        if new_file.read_only:
            holder = new_file.locked_by.describe() if new_file.locked_by else "其他程序"
            new_file.close()
            self.tell("另存为失败", f"“{target}”正由 {holder} 打开，不能覆盖。请换一个文件名。")
            return False
        try:
            new_file.save(self.document.workbook)
        except WorkbookError as exc:
            new_file.close()
            self.tell("另存为失败", str(exc))
            return False
        self.recovery.discard()
        self.close_file()
        self.file = new_file
        self.recovery.set_workbook_path(target)
        remember_recent(target)
        self._saved()
        self.file_changed.emit()
        return True

    def _saved(self) -> None:
        self.document.mark_saved()
        self.recovery.discard()
        self.validation.validate_all()
        counts = self.validation.counts().values()
        errors = sum(c.errors for c in counts)
        warnings = sum(c.warnings for c in counts)
        message = f"已保存（{datetime.now():%H:%M:%S}）；校验：错误 {errors} 个，提示 {warnings} 个。"
        department = self.validation.department_findings
        if department:
            department_errors = sum(1 for f in department if is_error(f))
            message += f"部门预算：错误 {department_errors} 个，提示 {len(department) - department_errors} 个。"
        self.notifier.status(message)
        self.saved.emit(errors, warnings)

    def new_workbook(self) -> bool:
        """新建工作簿: after 保存 / 不保存 / 取消, ask where, create an empty workbook there and open it (its lock
        taken). An existing file is never overwritten: the clerk is told to open it or choose another name."""
        if not self.maybe_save():
            return False
        start = str(self.path.parent / "新工作簿.jixiao") if self.path else "新工作簿.jixiao"
        from PySide6.QtWidgets import QFileDialog  # the file dialogs and checks: imported when first asked for

        from desktop.ui.file_checks import write_problem

        chosen, _ = QFileDialog.getSaveFileName(
            self.notifier.parent(),
            "新建工作簿",
            start,
            WORKBOOK_FILTER,
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not chosen:
            return False
        target = Path(chosen)
        if target.suffix.lower() != ".jixiao":
            target = target.with_name(target.name + ".jixiao")
        if target.exists():
            self.tell(
                "新建工作簿",
                f"“{target}”已经存在，不会覆盖它。\n\n要打开它请用“文件 → 打开工作簿”（Ctrl+O）；"
                "要新建请换一个文件名。",
            )
            return False
        problem = write_problem(target)
        if problem is not None:
            self.tell("新建工作簿失败", problem)
            return False
        if not self.open(target, create=True, ask_recovery=False):
            return False
        self.notifier.status(f"已新建工作簿“{target.name}”。按 Ctrl+N 新建项目，或按 Ctrl+I 导入。")
        return True

    def ask_open(self) -> None:
        """文件 → 打开工作簿…"""
        if not self.maybe_save():
            return
        start = str(self.path.parent) if self.path else ""
        from PySide6.QtWidgets import QFileDialog  # the file dialogs: imported when first asked for

        chosen, _ = QFileDialog.getOpenFileName(
            self.notifier.parent(), "打开工作簿", start, f"{WORKBOOK_FILTER};;所有文件 (*)"
        )
        if chosen:
            self.open(Path(chosen))

    def open_recent(self, path: str) -> None:
        """A workbook from 文件 → 最近打开."""
        if self.maybe_save():
            self.open(Path(path))

    def maybe_save(self) -> bool:
        """Before the workbook goes away: 保存 / 不保存 / 取消. False means stay where we are."""
        self.document.commit_open_editors()
        if not self.document.is_modified():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "保存修改",
            f"工作簿“{self.path.name if self.path else '未命名'}”有尚未保存的修改，是否保存？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self.notifier.parent(),
        )
        box.button(QMessageBox.StandardButton.Save).setText("保存")
        box.button(QMessageBox.StandardButton.Discard).setText("不保存")
        box.button(QMessageBox.StandardButton.Cancel).setText("取消")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.recovery.discard()
            return True
        return False


def _record_take_over(workbook: Path, previous: str) -> None:
    """One line in the program's log: who took editing of which workbook from whom, and when."""
    import getpass
    import socket

    from desktop.home import log_dir

    try:
        user = getpass.getuser()
    except Exception:  # getpass raises OSError, KeyError or ImportError depending on the platform
        user = "未知用户"
    when = f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S}"
    line = f"{when} {user}（电脑 {socket.gethostname()}）取得了“{workbook}”的编辑权，原由 {previous}打开\n"
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "jixiao-editing.log").open("a", encoding="utf-8") as log:
            log.write(line)
    except OSError:
        pass  # the lock itself records whom it replaced
