"""What every exporter returns: the file written and what the clerk should know about it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


class ExportFailed(Exception):
    """The export could not be written (disk, permissions, a broken layout): the message is Chinese."""


@dataclass
class ExportReport:
    """Result of one export: the file, how many pages or sheets, and problems found on the way."""

    path: Path
    pages: int = 0
    problems: list[str] = field(default_factory=list)


def give_user_permissions(path: Path) -> None:
    """Give a file written through a temporary file the permissions of any other file the user creates.

    Temporary files are created 0600; an exported PDF or sheet left so would be unreadable to colleagues on a shared
    drive or to the office's print service. The umask decides, as it does for every other file (0644 or 0664).
    """
    mask = os.umask(0o022)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)
