"""Where the program keeps its files: the one place that reads `JIXIAO_HOME`.

Without `JIXIAO_HOME`, the clerk's workbooks and own layouts live in the documents folder (文档/绩效目标, with the
layouts in its `版式` subfolder), recovery copies and logs in the platform's per-user folders, settings in the
registry (QSettings, ui/settings.py). With `JIXIAO_HOME` set to a folder, all of them live there (tests, a
portable install on a USB stick).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "jixiao"
APP_AUTHOR = "jixiao"
DEFAULT_WORKBOOK_NAME = "我的绩效目标.jixiao"
USER_LAYOUTS_FOLDER = "版式"


def jixiao_home() -> Path | None:
    """The folder named by `JIXIAO_HOME`, or None when it is not set."""
    home = os.environ.get("JIXIAO_HOME")
    return Path(home) if home else None


def documents_dir() -> Path:
    """The folder of the clerk's workbooks: JIXIAO_HOME, else 文档/绩效目标."""
    home = jixiao_home()
    return home if home is not None else Path(platformdirs.user_documents_dir()) / "绩效目标"


def default_workbook_path() -> Path:
    """The workbook opened when none is named."""
    return documents_dir() / DEFAULT_WORKBOOK_NAME


def user_layouts_dir() -> Path:
    """The `版式` folder beside the default workbook: layout files dropped here are read at start (no rebuild)."""
    return documents_dir() / USER_LAYOUTS_FOLDER


def data_dir() -> Path:
    """Per-user data folder (recovery copies, the demo workbook)."""
    home = jixiao_home()
    return home / "data" if home is not None else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Per-user log folder (internal errors are written here, never shown as tracebacks)."""
    home = jixiao_home()
    return home / "logs" if home is not None else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def settings_file() -> Path | None:
    """The INI file settings go to under JIXIAO_HOME; None means the platform's usual store."""
    home = jixiao_home()
    return home / "settings.ini" if home is not None else None
