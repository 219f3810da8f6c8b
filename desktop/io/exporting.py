"""What every exporter returns: the file written and what the clerk should know about it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # every exporter imports this module: the layouts are imported by the function that needs them
    from desktop.domain.model import Project


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


def list_amount_style(projects: Sequence[Project]) -> tuple[int, bool]:
    """Decimals and thousands separators of the amounts of a list of projects (公开清单, cover): one format for the
    whole column, the one the projects' layout asks for (the most common layout when they differ; 2 decimals when
    no layout says), with more decimals only where an amount has them, so nothing is rounded away."""
    from desktop.templates.catalog import get_layout
    from desktop.templates.layouts import LayoutError

    decimals, thousands = 2, False
    for template, _ in Counter(p.template for p in projects).most_common():
        try:
            layout = get_layout(template)
        except LayoutError:
            continue
        decimals = layout.amount_decimals if layout.amount_decimals is not None else 2
        thousands = layout.amount_thousands
        break
    own = [_places(p.funds.total) for p in projects]
    return max([decimals, *own]), thousands


def _places(value: Decimal | None) -> int:
    if value is None:
        return 0
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0
