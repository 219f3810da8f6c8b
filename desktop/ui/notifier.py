"""How actions outside the window talk to the clerk: message boxes, the status line, and the dialogs' parent.

File and project actions receive a Notifier instead of the main window, so they can be tested without one and never
reach into its widgets. `WindowNotifier` is the real one; `unattended` collects messages (the self-test, which must
never wait for a click).
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget


class Notifier(Protocol):
    """Where messages for the clerk go."""

    def parent(self) -> QWidget | None:
        """The window dialogs belong to."""
        ...

    def warn(self, title: str, text: str, *, critical: bool = False) -> None:
        """Something did not work: say what and what to do."""
        ...

    def inform(self, title: str, text: str) -> None:
        """Something worth a click to acknowledge (an export finished with remarks)."""
        ...

    def status(self, text: str, msecs: int = 0) -> None:
        """A line in the status bar (no click needed)."""
        ...


class WindowNotifier:
    """Message boxes over a main window and its status bar; with `unattended` set, messages are collected instead."""

    def __init__(self, window: QMainWindow) -> None:
        self._window = window
        self.unattended: list[str] | None = None

    def parent(self) -> QWidget | None:
        return self._window

    def warn(self, title: str, text: str, *, critical: bool = False) -> None:
        if self.unattended is not None:
            self.unattended.append(f"{title}：{text}")
        elif critical:
            QMessageBox.critical(self._window, title, text)
        else:
            QMessageBox.warning(self._window, title, text)

    def inform(self, title: str, text: str) -> None:
        if self.unattended is not None:
            self.unattended.append(f"{title}：{text}")
        else:
            QMessageBox.information(self._window, title, text)

    def status(self, text: str, msecs: int = 0) -> None:
        self._window.statusBar().showMessage(text, msecs)
