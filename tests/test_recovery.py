"""Crash recovery: the copy written while there are unsaved changes, and offered again at the next start."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.storage.workbook_file import WorkbookFile
from desktop.ui.main_window import MainWindow
from desktop.ui.recovery import RECOVERY_QUESTION, pending_recovery, recovery_path_for
from desktop.ui.settings import AUTOSAVE_SECONDS
from tests.test_main_window import closing, field, open_window, type_text  # noqa: F401 - fixture


@pytest.mark.usefixtures("closing")
def test_crash_then_restart_offers_the_unsaved_changes(qtbot, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    AUTOSAVE_SECONDS.set(15)
    first = open_window(qtbot, demo_path)
    assert first.recovery.timer.interval() == 15_000
    assert not first.recovery.write_now()  # nothing unsaved: no copy
    type_text(field(first, "name").edit, "（崩溃前的修改）")
    assert first.recovery.write_now()
    assert recovery_path_for(demo_path).exists()
    # The "crash": the process ends without saving or closing; only the lock goes with it.
    first.file_ops.close_file()
    first.hide()

    asked: list[str] = []

    def answer(parent, title, text, *args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.file_ops.open(demo_path)
    assert asked and RECOVERY_QUESTION in asked[0]
    assert second.document.workbook.projects[0].name.endswith("（崩溃前的修改）")  # type: ignore[union-attr]
    assert second.isWindowModified() and second.document.is_modified()
    assert field(second, "name").edit.text().endswith("（崩溃前的修改）")
    # Saving puts the recovered changes in the file and removes the copy.
    assert second.file_ops.save()
    assert not recovery_path_for(demo_path).exists()
    second.file_ops.close_file()
    with WorkbookFile.open(demo_path, read_only=True) as wb_file:
        assert wb_file.load().projects[0].name.endswith("（崩溃前的修改）")  # type: ignore[union-attr]


@pytest.mark.usefixtures("closing")
def test_declined_recovery_is_removed_and_not_asked_again(qtbot, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = open_window(qtbot, demo_path)
    type_text(field(first, "name").edit, "X")
    assert first.recovery.write_now()
    first.file_ops.close_file()
    first.hide()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.file_ops.open(demo_path)
    assert not second.document.is_modified()
    assert not second.document.workbook.projects[0].name.endswith("X")  # type: ignore[union-attr]
    assert pending_recovery(demo_path) is None
    second.file_ops.close_file()


def test_clean_close_leaves_no_copy(qtbot, demo_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, demo_path)
    type_text(field(window, "name").edit, "X")
    assert window.recovery.write_now()
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.StandardButton.Discard)
    assert window.close()
    assert not recovery_path_for(demo_path).exists()


def test_a_copy_left_by_an_earlier_version_is_still_found(demo_path, jixiao_home) -> None:  # type: ignore[no-untyped-def]
    """The copy is named by the SHA-256 of the workbook's path, as every version named it: after an update, the
    unsaved work of the crashed session is still offered."""
    import hashlib
    import shutil

    key = hashlib.sha256(str(demo_path.resolve()).encode("utf-8")).hexdigest()[:16]
    earlier = jixiao_home / "data" / "recovery" / f"{key}.jixiao"
    earlier.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(demo_path, earlier)
    assert recovery_path_for(demo_path) == earlier
    assert pending_recovery(demo_path) == earlier
