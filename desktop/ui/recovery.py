"""Crash recovery: a copy of the unsaved workbook written every N seconds, offered again after a crash.

The copy lives in data_dir()/recovery/, named by a hash of the workbook's path, and is written only when there are
unsaved changes that the last copy does not have. A clean save or close deletes it, so a copy found at start-up
means the program ended without saving.
"""

from __future__ import annotations

import logging
from pathlib import Path

try:  # SHA-256 without `hashlib`, whose import loads OpenSSL (~6 ms of start-up); the standard `random` does the same
    from _sha256 import sha256  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - an interpreter built without the module
    from hashlib import sha256

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.domain.model import Workbook
from desktop.home import data_dir
from desktop.ui.document import WorkbookDocument
from desktop.ui.settings import AUTOSAVE_SECONDS

_log = logging.getLogger(__name__)

RECOVERY_QUESTION = "上次程序未正常退出，是否恢复未保存的修改？"


def recovery_path_for(workbook_path: Path) -> Path:
    """Where the recovery copy of a workbook is kept."""
    key: str = sha256(str(workbook_path.resolve()).encode("utf-8")).hexdigest()[:16]
    return data_dir() / "recovery" / f"{key}.jixiao"


def pending_recovery(workbook_path: Path) -> Path | None:
    """A recovery copy newer than the workbook file, if the last session ended without saving."""
    copy = recovery_path_for(workbook_path)
    try:
        copy_time = copy.stat().st_mtime
    except OSError:
        return None
    try:
        file_time = workbook_path.stat().st_mtime
    except OSError:
        return copy
    return copy if copy_time >= file_time else None


def offer_recovery(parent: QWidget | None, workbook_path: Path) -> Workbook | None:
    """Ask whether to take back the unsaved changes of a crashed session; the recovered workbook or None.

    A copy the clerk declines, or one that cannot be read, is removed so the question is not asked again.
    """
    copy = pending_recovery(workbook_path)
    if copy is None:
        return None
    answer = QMessageBox.question(
        parent,
        "恢复未保存的修改",
        f"{RECOVERY_QUESTION}\n\n工作簿：{workbook_path}\n恢复副本保存于：{_when(copy)}\n\n"
        "选择“是”会把这些修改载入程序（尚未保存，请检查后按 Ctrl+S 保存）；选择“否”将丢弃它们。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        copy.unlink(missing_ok=True)
        return None
    from desktop.storage.workbook_file import WorkbookError, WorkbookFile

    try:
        with WorkbookFile.open(copy, read_only=True) as wb_file:
            return wb_file.load()
    except WorkbookError as exc:
        QMessageBox.warning(parent, "无法恢复", f"恢复副本无法读取，已放弃恢复。\n\n{exc}")
        copy.unlink(missing_ok=True)
        return None


def _when(path: Path) -> str:
    from datetime import datetime

    return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M:%S}"


class RecoveryWriter(QObject):
    """Writes the recovery copy on a timer while the document has unsaved changes."""

    def __init__(self, document: WorkbookDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.workbook_path: Path | None = None
        self._generation = 0
        self._written = 0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.write_now)
        self.apply_interval()
        for signal in (document.project_inserted, document.project_removed, document.project_changed):
            signal.connect(self._bump)
        document.reset.connect(self._bump)
        document.undo_stack.indexChanged.connect(self._bump)

    def apply_interval(self) -> None:
        """(Re)start the timer with the interval from the settings."""
        self.timer.start(AUTOSAVE_SECONDS.get() * 1000)

    def set_workbook_path(self, path: Path | None) -> None:
        """The workbook being edited (None: nothing to recover into)."""
        self.workbook_path = path
        self._written = self._generation

    def _bump(self, *_: object) -> None:
        self._generation += 1

    def path(self) -> Path | None:
        """The recovery copy's path for the current workbook."""
        return recovery_path_for(self.workbook_path) if self.workbook_path is not None else None

    def write_now(self) -> bool:
        """Write the copy if there are unsaved changes it lacks; True when a copy was written."""
        target = self.path()
        if target is None or not self.document.is_modified() or self._written == self._generation:
            return False
        from desktop.storage.workbook_file import WorkbookError, write_snapshot

        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_snapshot(self.document.workbook, target)
        except (WorkbookError, OSError) as exc:
            # The clerk's edits are still in memory; a failed safety copy must not interrupt typing.
            _log.warning("recovery copy not written: %s", exc)
            return False
        self._written = self._generation
        return True

    def discard(self) -> None:
        """Remove the copy (after a clean save, or when the clerk closes without saving on purpose)."""
        target = self.path()
        if target is not None:
            target.unlink(missing_ok=True)
        self._written = self._generation
