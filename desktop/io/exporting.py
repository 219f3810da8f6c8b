"""What every exporter returns: the file written and what the clerk should know about it."""

from __future__ import annotations

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
