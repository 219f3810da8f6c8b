"""Importing forms that may already be in the workbook: new, changed or unchanged, and what to do with each.

Forms come back from the finance bureau edited, and clerks import last week's file again; an import that only ever
appends makes duplicates. An incoming project matches a project of the workbook of the same budget year and
department (when both name one) with the same 项目编码 or, failing that, the same name. The clerk (or
`--on-conflict`) then chooses per project: replace the old one (it keeps its place in the list), keep both, or skip
the incoming one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from desktop.domain.model import Project, Status, Workbook
from desktop.domain.project_diff import ProjectDiff, diff_projects


class Match(StrEnum):
    """How an incoming project relates to the workbook."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        """The Chinese word the import preview shows."""
        return {"new": "新项目", "changed": "有改动", "unchanged": "无改动"}[self.value]


class Resolution(StrEnum):
    """What to do with an incoming project that matches one already in the workbook."""

    REPLACE = "replace"
    SKIP = "skip"
    KEEP_BOTH = "keep-both"

    @property
    def label(self) -> str:
        """The Chinese word of the choice."""
        return {"replace": "替换原项目", "skip": "跳过", "keep-both": "两个都保留"}[self.value]


@dataclass(frozen=True)
class Incoming:
    """One imported project, the workbook project it matches (or None) and what differs."""

    project: Project
    existing: Project | None
    match: Match
    diff: ProjectDiff | None = None

    def summary(self) -> str:
        """ "有改动：年度目标、2 条指标" / "新项目" / "无改动"."""
        if self.match is Match.CHANGED and self.diff is not None:
            return f"{self.match.label}：{'、'.join(self.diff.labels())}"
        return self.match.label


@dataclass
class ImportOutcome:
    """What an import did: projects added, replaced and skipped (by display name)."""

    added: list[Project] = field(default_factory=list)
    replaced: list[Project] = field(default_factory=list)
    skipped: list[Project] = field(default_factory=list)

    def summary(self) -> str:
        """One Chinese line for the report."""
        parts = [f"新增 {len(self.added)} 个项目"]
        if self.replaced:
            parts.append(f"替换 {len(self.replaced)} 个")
        if self.skipped:
            parts.append(f"跳过 {len(self.skipped)} 个")
        return "，".join(parts)


def _name_key(project: Project) -> str:
    return _name_key_text(project.name or "")


def _same_department(a: Project, b: Project) -> bool:
    """Two counties may both have a "2024_城乡医疗救助": a department named on both sides must agree."""
    if a.department.name and b.department.name:
        return _name_key_text(a.department.name) == _name_key_text(b.department.name)
    if a.department.code and b.department.code:
        return a.department.code.strip() == b.department.code.strip()
    return True


def _name_key_text(text: str) -> str:
    return "".join(text.split())


def find_existing(projects: Sequence[Project], incoming: Project, taken: set[int] | None = None) -> Project | None:
    """The workbook project that `incoming` is another version of: same year and department, and the same
    项目编码 or, failing that, the same name."""
    taken = taken if taken is not None else set()
    candidates = [
        p for p in projects if p.year == incoming.year and id(p) not in taken and _same_department(p, incoming)
    ]
    code = (incoming.code or "").strip()
    if code:
        by_code = next((p for p in candidates if (p.code or "").strip() == code), None)
        if by_code is not None:
            return by_code
    name = _name_key(incoming)
    if not name:
        return None
    return next((p for p in candidates if _name_key(p) == name), None)


def classify(existing: Sequence[Project], incoming: Sequence[Project]) -> list[Incoming]:
    """Each incoming project with its match in `existing` (each existing project is matched at most once)."""
    taken: set[int] = set()
    out: list[Incoming] = []
    for project in incoming:
        match = find_existing(existing, project, taken)
        if match is None:
            out.append(Incoming(project, None, Match.NEW))
            continue
        taken.add(id(match))
        _keep_what_the_source_lacks(project, match)
        diff = diff_projects(match, project)
        out.append(Incoming(project, match, Match.UNCHANGED if diff.is_empty() else Match.CHANGED, diff))
    return out


# Fields a form (text, another unit's sheet) does not carry: the department publication's and last year's values.
_NOT_ON_FORMS: tuple[str, ...] = ("kind", "function_code", "funds_by_source", "overview")


def _keep_what_the_source_lacks(incoming: Project, existing: Project) -> None:
    """A form read from text has no 项目类型, money by source, overview or 上年指标值: those of the workbook's
    version are kept, so neither the comparison nor a replace loses them."""
    for name in _NOT_ON_FORMS:
        if getattr(incoming, name) is None and getattr(existing, name) is not None:
            setattr(incoming, name, getattr(existing, name))
    prior = {
        (i.level1, i.level2, (i.name or "").strip()): i.prior_value
        for i in existing.indicators
        if i.prior_value is not None
    }
    incoming.indicators = [
        replace(i, prior_value=prior.get((i.level1, i.level2, (i.name or "").strip()))) if i.prior_value is None else i
        for i in incoming.indicators
    ]


def default_resolution(item: Incoming, ours: bool) -> Resolution:
    """The preselected choice: our own files (xlsx/JSON we exported) replace, other text is kept beside; an
    unchanged project is skipped either way."""
    if item.match is Match.UNCHANGED:
        return Resolution.SKIP
    return Resolution.REPLACE if ours else Resolution.KEEP_BOTH


def apply_import(
    workbook: Workbook, items: Sequence[Incoming], choices: Mapping[int, Resolution] | Resolution
) -> ImportOutcome:
    """Put the incoming projects into the workbook as chosen (`choices` by index in `items`, or one choice for
    all matched projects). A replaced project keeps its place and storage id; a new one goes to the end."""
    outcome = ImportOutcome()
    for index, item in enumerate(items):
        choice = choices if isinstance(choices, Resolution) else choices.get(index, Resolution.KEEP_BOTH)
        if item.existing is None:
            workbook.projects.append(item.project)
            outcome.added.append(item.project)
        elif choice is Resolution.SKIP:
            outcome.skipped.append(item.project)
        elif choice is Resolution.KEEP_BOTH:
            workbook.projects.append(item.project)
            outcome.added.append(item.project)
        else:
            position = next(i for i, p in enumerate(workbook.projects) if p is item.existing)
            item.project.id = item.existing.id
            item.project.status = Status.DRAFT
            # The 定稿 copy stays: "what changed since we submitted it" must also cover a version sent back.
            item.project.final_copy = item.existing.final_copy
            workbook.projects[position] = item.project
            outcome.replaced.append(item.project)
    return outcome
