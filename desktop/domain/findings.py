"""What a check produces: a Finding with its Location and, where one click corrects it, a Fix.

Kept apart from the checks (`checks_base` and the `checks_*` modules) so that the window can show findings without
importing the rules that produce them: those are imported with the first check, after the window has painted.
Location keys are explained in `desktop.domain.checks_base`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.domain.department.model import Department
    from desktop.domain.model import Project
    from desktop.domain.rules import Severity


@dataclass(frozen=True)
class Location:
    """Where a finding points: a header field, or one indicator row (and its column)."""

    field: str | None = None
    indicator: int | None = None
    column: str | None = None
    table: str | None = None
    row: str | None = None


@dataclass(frozen=True)
class Fix:
    """A one-click correction. `apply` returns a corrected copy and never changes the project it is given."""

    label: str
    apply: Callable[[Project], Project]


@dataclass(frozen=True)
class DepartmentFix:
    """A one-click correction of a department; `apply` returns a corrected copy (departments are frozen values)."""

    label: str
    apply: Callable[[Department], Department]


@dataclass(frozen=True)
class Finding:
    """One thing a reviewer would send the form back for, with where it is and what to change."""

    rule: str
    severity: Severity
    project_id: int | None
    project_name: str
    location: Location
    location_text: str
    message: str
    value: str | None = None
    fix: Fix | None = None
    department: str | None = None
    department_fix: DepartmentFix | None = None

    def to_json(self) -> dict[str, str | None]:
        """The finding as `jixiao validate --json` prints it (spec/INTERCHANGE.md); a department finding has
        `"project": null` and the department's name under `"department"`."""
        if self.department is not None:
            return {
                "rule": self.rule,
                "severity": self.severity.value,
                "project": None,
                "department": self.department,
                "location": self.location_text,
                "message": self.message,
            }
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "project": self.project_name,
            "location": self.location_text,
            "message": self.message,
        }
