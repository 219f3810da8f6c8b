"""Every user setting, declared once with its type and default (Picard-style), and window state kept apart.

Preferences (autosave interval, recent workbooks) live under their own keys; window geometry and dock layout are
kept under `window/` and never mixed with them, so "reset preferences" never moves a window and vice versa.
When JIXIAO_HOME is set (tests, portable installs) everything goes to an INI file under it, never to the real
user's registry or ~/.config.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from desktop.home import settings_file

ORGANIZATION = "jixiao"
APPLICATION = "jixiao"

T = TypeVar("T")


def qsettings() -> QSettings:
    """The settings store: an INI file under JIXIAO_HOME when set, else the platform's usual place."""
    ini = settings_file()
    if ini is not None:
        return QSettings(str(ini), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


# The options are plain classes with slots rather than frozen dataclasses: they are created while the window starts,
# where each dataclass costs ~1.5 ms to build its methods; `Final` keeps them read-only for mypy.
class Option(Generic[T]):
    """One preference: its key, its default, and how a stored value is turned back into the right type."""

    __slots__ = ("default", "help", "key")

    def __init__(self, key: str, default: T, help: str) -> None:
        self.key: Final = key
        self.default: Final = default
        self.help: Final = help

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def convert(self, raw: object) -> T:  # pragma: no cover - overridden
        raise NotImplementedError

    def get(self, store: QSettings | None = None) -> T:
        """The stored value, or the default when missing or unreadable (a hand-edited INI never crashes us)."""
        store = store or qsettings()
        raw = store.value(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def is_stored(self, store: QSettings | None = None) -> bool:
        """True once a value was stored (the clerk chose); False while the default applies."""
        return (store or qsettings()).contains(self.key)

    def set(self, value: T, store: QSettings | None = None) -> None:
        """Store a value."""
        store = store or qsettings()
        store.setValue(self.key, value)
        store.sync()


class IntOption(Option[int]):
    """A whole number kept within [minimum, maximum]."""

    __slots__ = ("maximum", "minimum")

    def __init__(self, key: str, default: int, help: str, *, minimum: int = 0, maximum: int = 2**31 - 1) -> None:
        super().__init__(key, default, help)
        self.minimum: Final = minimum
        self.maximum: Final = maximum

    def convert(self, raw: object) -> int:
        value = int(str(raw))
        return min(max(value, self.minimum), self.maximum)


class BoolOption(Option[bool]):
    """A yes/no preference (INI files store it as text)."""

    __slots__ = ()

    def convert(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise ValueError(text)


class PathListOption(Option[tuple[str, ...]]):
    """A list of file paths, newest first."""

    __slots__ = ()

    def convert(self, raw: object) -> tuple[str, ...]:
        if isinstance(raw, str):
            return (raw,) if raw else ()
        if isinstance(raw, list | tuple):
            return tuple(str(item) for item in raw if item)
        raise TypeError("not a list")

    def set(self, value: tuple[str, ...], store: QSettings | None = None) -> None:
        store = store or qsettings()
        store.setValue(self.key, list(value))
        store.sync()


AUTOSAVE_SECONDS = IntOption("recovery/autosave_seconds", 60, "恢复副本的自动保存间隔（秒）", minimum=10, maximum=3600)
RECENT_WORKBOOKS = PathListOption("files/recent_workbooks", (), "最近打开的工作簿")
# Until the clerk chooses (F9), the header starts folded on a short screen (see window_geometry).
FORM_COLLAPSED = BoolOption("view/form_collapsed", False, "收起项目信息，让绩效指标占满右侧")
MAX_RECENT = 8


def remember_recent(path: Path) -> tuple[str, ...]:
    """Put a workbook at the top of the recent list (without duplicates) and return the new list."""
    text = str(path.resolve())
    recent = (text,) + tuple(p for p in RECENT_WORKBOOKS.get() if p != text)
    recent = recent[:MAX_RECENT]
    RECENT_WORKBOOKS.set(recent)
    return recent


def forget_recent(path: str) -> None:
    """Drop a workbook that can no longer be opened from the recent list."""
    RECENT_WORKBOOKS.set(tuple(p for p in RECENT_WORKBOOKS.get() if p != path))


_GEOMETRY_KEY = "window/geometry"
_STATE_KEY = "window/state"


_SPLITTER_KEY = "window/splitter_{}"


def save_window_state(window: QMainWindow, splitters: dict[str, QSplitter] | None = None) -> None:
    """Remember where the main window was, how its docks were arranged and where the splitters were dragged."""
    store = qsettings()
    store.setValue(_GEOMETRY_KEY, window.saveGeometry())
    store.setValue(_STATE_KEY, window.saveState())
    for name, splitter in (splitters or {}).items():
        store.setValue(_SPLITTER_KEY.format(name), splitter.saveState())
    store.sync()


def restore_window_state(window: QMainWindow) -> bool:
    """Put the main window back where it was; False when nothing was stored (first start)."""
    store = qsettings()
    geometry = store.value(_GEOMETRY_KEY)
    state = store.value(_STATE_KEY)
    restored = False
    if isinstance(geometry, QByteArray | bytes):
        restored = window.restoreGeometry(QByteArray(geometry))
    if isinstance(state, QByteArray | bytes):
        window.restoreState(QByteArray(state))
    return restored


def restore_splitter(name: str, splitter: QSplitter) -> bool:
    """Put a splitter back where the clerk left it; False when nothing was stored."""
    state = qsettings().value(_SPLITTER_KEY.format(name))
    return isinstance(state, QByteArray | bytes) and splitter.restoreState(QByteArray(state))
