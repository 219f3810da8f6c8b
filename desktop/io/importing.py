"""What every importer returns: the projects it read and every line it could not place."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.model import Project
from desktop.domain.project_diff import ProjectDiff


class ImportFailed(Exception):
    """The input cannot be read at all (binary, damaged, hostile, wrong format): exit status 2, nothing written."""


@dataclass(frozen=True)
class UnplacedLine:
    """A line (or sheet row) of the source that the importer could not place into any form."""

    line_no: int
    text: str
    reason: str
    sheet: str | None = None

    def where(self) -> str:
        """Where the line stands, for the report: "工作表“X”第 N 行" for a spreadsheet, "第 N 行" for text."""
        return f"工作表“{self.sheet}”第 {self.line_no} 行" if self.sheet else f"第 {self.line_no} 行"


@dataclass(frozen=True)
class SheetEdit:
    """A project of our own xlsx whose visible sheet was edited after export (in Excel/WPS): the visible cells
    were taken, and `diff` says what they changed against the copy saved in the file."""

    project: Project
    diff: ProjectDiff


@dataclass
class ImportResult:
    """Projects read from one source, with a report of what was left over."""

    source_name: str
    projects: list[Project] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # True for our own files (JSON, xlsx exported by this program): re-importing them replaces by default.
    ours: bool = False
    sheet_edits: list[SheetEdit] = field(default_factory=list)

    def indicator_count(self) -> int:
        """How many 三级 indicators were read in all."""
        return sum(len(p.indicators) for p in self.projects)

    def summary(self) -> str:
        """One Chinese line for the report: projects and indicators read, lines not placed."""
        text = f"从 {self.source_name} 读到 {len(self.projects)} 个项目、{self.indicator_count()} 条三级指标"
        if self.unplaced:
            text += f"；{len(self.unplaced)} 行未能识别"
        return text
