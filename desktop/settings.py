"""Where the program keeps its own files (logs, recovery copies); user settings live in QSettings (ui/)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "jixiao"
APP_AUTHOR = "jixiao"


def data_dir() -> Path:
    """Per-user data folder (recovery copies); JIXIAO_HOME overrides it, for tests and portable installs."""
    home = os.environ.get("JIXIAO_HOME")
    if home:
        return Path(home) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Per-user log folder (internal errors are written here, never shown as tracebacks)."""
    home = os.environ.get("JIXIAO_HOME")
    if home:
        return Path(home) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
