"""The demo workbook: the 24 project forms of the three published seed documents, mistakes included."""

from __future__ import annotations

from desktop.domain.model import Workbook
from desktop.io.interchange import read_json
from desktop.resources import resource_path

DEMO_FILES: tuple[str, ...] = ("huoqiu-2024.json", "sixian-2024.json", "xinglong-2024.json")


def demo_workbook() -> Workbook:
    """A new Workbook holding every bundled example form, in document order."""
    projects = []
    for name in DEMO_FILES:
        projects.extend(read_json(resource_path("demo", name)).projects)
    return Workbook(projects=projects)
