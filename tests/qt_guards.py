"""Safety nets for the Qt tests: a dialog nobody answers fails the test instead of hanging the whole run.

Offscreen, a modal dialog (QMessageBox.warning, QDialog.exec, QFileDialog.getOpenFileName, a context menu...) waits
for a click that never comes, and the suite hangs until an outer timeout kills it, with no clue where. Tests patch
the dialogs they expect with monkeypatch; everything else reaching a modal entry point is recorded and raised as
UnansweredDialog, and a watchdog timer closes any modal window that still manages to open. Qt's "Ambiguous shortcut
overload" warning (two actions on one key: the key silently does nothing) fails the test too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Class → entry points that open a modal dialog or a nested event loop waiting for the user.
MODAL_ENTRY_POINTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("PySide6.QtWidgets", "QMessageBox", ("warning", "critical", "information", "question", "about", "aboutQt")),
    (
        "PySide6.QtWidgets",
        "QFileDialog",
        (
            "getOpenFileName",
            "getOpenFileNames",
            "getSaveFileName",
            "getExistingDirectory",
            "getOpenFileUrl",
            "getOpenFileUrls",
            "getSaveFileUrl",
            "getExistingDirectoryUrl",
        ),
    ),
    ("PySide6.QtWidgets", "QInputDialog", ("getText", "getMultiLineText", "getInt", "getDouble", "getItem")),
    ("PySide6.QtWidgets", "QColorDialog", ("getColor",)),
    ("PySide6.QtWidgets", "QFontDialog", ("getFont",)),
    ("PySide6.QtWidgets", "QDialog", ("exec",)),
    ("PySide6.QtWidgets", "QMenu", ("exec",)),
    ("PySide6.QtPrintSupport", "QPrintDialog", ("exec",)),
    ("PySide6.QtGui", "QDrag", ("exec",)),
)
WATCHDOG_INTERVAL_MS = 200
AMBIGUOUS_SHORTCUT = "Ambiguous shortcut overload"


class UnansweredDialog(AssertionError):
    """A test reached a modal dialog it did not patch; offscreen nobody could ever answer it."""


def _describe(where: str, args: tuple[Any, ...]) -> str:
    """`where` with the dialog's title and text: from the arguments of a static call, from the dialog for exec()."""
    texts = [a for a in args if isinstance(a, str)]
    if where.endswith("exec") and args and hasattr(args[0], "windowTitle"):
        dialog = args[0]
        texts = [dialog.windowTitle(), dialog.text() if hasattr(dialog, "text") else ""]
    shown = " / ".join(t for t in texts if t)[:300]
    return f"{where}({shown})"


def _refuser(where: str, seen: list[str]) -> Callable[..., Any]:
    def refuse(*args: Any, **_kwargs: Any) -> Any:
        description = _describe(where, args)
        seen.append(description)
        raise UnansweredDialog(
            f"modal dialog reached without a monkeypatch: {description}. Patch it in the test (monkeypatch.setattr)."
        )

    return refuse


@pytest.fixture(autouse=True)
def no_unanswered_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every modal entry point refuses (and is recorded) unless the test patches it itself; modals still open die."""
    seen: list[str] = []
    for module_name, class_name, names in MODAL_ENTRY_POINTS:
        cls = getattr(importlib.import_module(module_name), class_name)
        for name in names:
            monkeypatch.setattr(cls, name, _refuser(f"{class_name}.{name}", seen))
    watchdog = _start_watchdog(request, seen)
    yield seen
    if watchdog is not None:
        watchdog.stop()
        watchdog.deleteLater()
    if seen:
        pytest.fail("unanswered modal dialog(s): " + "; ".join(seen), pytrace=False)


def _start_watchdog(request: pytest.FixtureRequest, seen: list[str]) -> Any:
    """A timer that closes any modal or popup window (opened by C++ code no patch can reach) and records it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    if QApplication.instance() is None:
        if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
            return None
        request.getfixturevalue("qapp")

    def close_modals() -> None:
        for widget in (QApplication.activeModalWidget(), QApplication.activePopupWidget()):
            if widget is None:
                continue
            seen.append(_describe(f"{type(widget).__name__} left open, closed by the watchdog; exec", (widget,)))
            if isinstance(widget, QDialog):
                widget.reject()
            else:
                widget.close()

    timer = QTimer()
    timer.setInterval(WATCHDOG_INTERVAL_MS)
    timer.timeout.connect(close_modals)
    timer.start()
    return timer


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    """Fail a passing test whose run printed Qt's ambiguous-shortcut warning (the key did nothing)."""
    report = yield
    capture = getattr(item, "qt_log_capture", None)
    if call.when == "call" and report.passed and capture is not None:
        ambiguous = [r.message for r in capture.records if AMBIGUOUS_SHORTCUT in r.message]
        if ambiguous:
            report.outcome = "failed"
            report.longrepr = "Qt reported ambiguous shortcuts (two actions share one key):\n" + "\n".join(ambiguous)
    return report
