"""The demo workbook: the 24 project forms of the three published seed documents, mistakes included, and the
departments of the two department documents (泗县's 部门预算 publication, 兴隆's 绩效文本).

The forms are read from the seed documents themselves (resources/demo/seeds/*.txt, text extracted from the
published PDFs) by the text importer, exactly as a clerk's own documents would be. The hand transcription
(resources/demo/*.json, see TRANSCRIPTION-NOTES.md) is the reference: a project the importer reads differently
from it, or misses, is taken from the transcription instead. `demo_projects()` says which way each project came,
and the tests keep the list of transcription fallbacks from growing. The departments have no transcription: they
are the import's, which tests/test_department_import.py checks figure by figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.datafile import DataFileError, read_json
from desktop.domain.department import Department
from desktop.domain.model import Project, Workbook
from desktop.io.importing import ImportFailed, ImportResult
from desktop.io.interchange import InterchangeError, project_to_json, workbook_from_json
from desktop.resources import resource_path

DEMO_KIND = "示例数据文件"


@dataclass(frozen=True)
class DemoSource:
    """One seed document and its hand transcription."""

    seed: str
    transcription: str


DEMO_SOURCES: tuple[DemoSource, ...] = (
    DemoSource("huoqiu-2024-project-forms.txt", "huoqiu-2024.json"),
    DemoSource("sixian-2024-department-budget.txt", "sixian-2024.json"),
    DemoSource("xinglong-2024-department-performance.txt", "xinglong-2024.json"),
)


@dataclass(frozen=True)
class DemoProject:
    """A demo project and where it came from: the importer (`imported`) or the transcription (fallback)."""

    project: Project
    imported: bool
    seed: str


def read_transcription(name: str) -> Workbook:
    """A bundled hand transcription (resources/demo/NAME), checked; raises DataFileError naming file and key."""
    path = resource_path("demo", name)
    try:
        return workbook_from_json(read_json(path, DEMO_KIND))
    except InterchangeError as exc:
        raise DataFileError(f"{DEMO_KIND} {path.name} 有误：{exc}") from None


def _read_seed(source: DemoSource) -> ImportResult | None:
    from desktop.io.text.importer import read_text

    try:
        return read_text(resource_path("demo", "seeds", source.seed))
    except (ImportFailed, OSError):
        return None


def demo_projects(seeds: dict[str, ImportResult | None] | None = None) -> list[DemoProject]:
    """Every demo project in document order, imported from its seed where the import equals the transcription.

    `seeds` holds the seed documents already read (by file name), so that the demo reads each only once."""
    out: list[DemoProject] = []
    for source in DEMO_SOURCES:
        reference = read_transcription(source.transcription).projects
        read = seeds[source.seed] if seeds is not None and source.seed in seeds else _read_seed(source)
        pool = list(read.projects) if read is not None else []
        for expected in reference:
            found = next((p for p in pool if p.name == expected.name), None)
            if found is not None:
                pool.remove(found)
            if found is not None and project_to_json(found) == project_to_json(expected):
                out.append(DemoProject(found, True, source.seed))
            else:
                out.append(DemoProject(expected, False, source.seed))
    return out


def demo_workbook() -> Workbook:
    """A new Workbook holding every bundled example form, in document order, and the departments of the seeds."""
    seeds = {source.seed: _read_seed(source) for source in DEMO_SOURCES}
    departments: list[Department] = [d for read in seeds.values() if read is not None for d in read.departments]
    return Workbook(projects=[demo.project for demo in demo_projects(seeds)], departments=departments)
