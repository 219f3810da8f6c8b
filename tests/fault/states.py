"""Two complete, different workbooks for the kill-during-save runs (built the same way in parent and child)."""

from __future__ import annotations

from decimal import Decimal

from desktop.domain.model import Funds, Indicator, Project, Workbook


def state(which: int, projects: int = 40) -> Workbook:
    """Workbook `which` (0 or 1): every project, amount and indicator differs between the two."""
    made = []
    for n in range(projects + which):
        made.append(
            Project(
                year=2025,
                template="ah-project",
                name=f"状态{which}-项目{n}",
                funds=Funds(total=Decimal(f"{n}.{which}5"), fiscal=Decimal(f"{n}.{which}5")),
                annual_goal="保障" * (20 + which),
                indicators=[
                    Indicator("产出指标", "数量指标", f"指标{which}-{n}-{i}", f"≥{i + which} 人次") for i in range(12)
                ],
            )
        )
    return Workbook(projects=made)


def fingerprint(workbook: Workbook) -> list[tuple[object, ...]]:
    """What must be exactly old or new after a kill: every name, amount and indicator, in order."""
    return [
        (p.name, p.year, p.funds, p.annual_goal, tuple((i.name, i.value) for i in p.indicators))
        for p in workbook.projects
    ]
