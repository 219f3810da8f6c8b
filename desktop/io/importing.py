"""What every importer returns: the projects (and departments) it read and every line it could not place."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.domain.department import Department
from desktop.domain.model import Project, Workbook
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


@dataclass(frozen=True)
class GuessedRow:
    """An indicator row the importer placed by a guess (its 二级 printed elsewhere, or not at all): the clerk checks
    these rows, and only these. `project` and `indicator` index into ImportResult.projects and its indicators."""

    project: int
    indicator: int
    line_no: int
    reason: str
    sheet: str | None = None

    def where(self) -> str:
        """Where the row stands in the source, as UnplacedLine.where says it."""
        return f"工作表“{self.sheet}”第 {self.line_no} 行" if self.sheet else f"第 {self.line_no} 行"


@dataclass
class ImportResult:
    """Projects and departments read from one source, with a report of what was left over."""

    source_name: str
    projects: list[Project] = field(default_factory=list)
    unplaced: list[UnplacedLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # True for our own files (JSON, xlsx exported by this program): re-importing them replaces by default.
    ours: bool = False
    sheet_edits: list[SheetEdit] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    guesses: list[GuessedRow] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing usable was read (no project and no department)."""
        return not self.projects and not self.departments

    def indicator_count(self) -> int:
        """How many 三级 indicators were read in all."""
        return sum(len(p.indicators) for p in self.projects)

    def summary(self) -> str:
        """One Chinese line for the report: projects and indicators read, lines not placed."""
        text = f"从 {self.source_name} 读到 {len(self.projects)} 个项目、{self.indicator_count()} 条三级指标"
        if self.departments:
            text += f"、{len(self.departments)} 个部门（{'、'.join(d.name for d in self.departments)}）"
        if self.unplaced:
            text += f"；{len(self.unplaced)} 行未能识别"
        if self.guesses:
            text += f"；{len(self.guesses)} 行的指标类别是推测的，请核对"
        return text

    def guess_lines(self) -> list[str]:
        """One Chinese line per guessed row: where, which project and indicator, where it was put and why."""
        lines = []
        for guess in self.guesses:
            project = self.projects[guess.project]
            ind = project.indicators[guess.indicator]
            place = " › ".join(x for x in (ind.level1, ind.level2) if x)
            name = ind.name or "（无名称）"
            lines.append(f"{guess.where()}“{name}”（{project.display_name()}）归入 {place}：{guess.reason}，请核对")
        return lines


def add_departments(workbook: Workbook, departments: list[Department]) -> list[str]:
    """Add imported departments to `workbook`; one of the same year and name replaces the old one (said in the notes).

    A department is identified by year + name (spec/INTERCHANGE.md), so two of them cannot stand side by side.
    """
    notes = []
    for department in departments:
        position = next(
            (i for i, d in enumerate(workbook.departments) if (d.year, d.name) == (department.year, department.name)),
            None,
        )
        if position is None:
            workbook.departments.append(department)
        else:
            workbook.departments[position] = department
            notes.append(f"工作簿中已有 {department.year} 年的“{department.name}”，已用导入的内容替换")
    return notes
