"""How fast validation is: one typical project (as on every keystroke) and a generated 1 000-project workbook.

Run: .venv/bin/python benchmarks/validate_benchmark.py
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

from desktop.domain.checks_base import parsed
from desktop.domain.model import Project, Workbook
from desktop.domain.validation import validate_project, validate_workbook
from desktop.io.demo import demo_workbook
from desktop.templates.layouts import bundled_layouts

LAYOUTS = bundled_layouts()

_NUMBER = re.compile(r"\d+")


def _median_seconds(action: Callable[[int], object], runs: int) -> float:
    times = []
    for i in range(runs):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e6:.0f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.1f} ms"


def _generated_workbook(size: int) -> Workbook:
    """`size` projects copied from the 24 demo forms, every number changed so that no parse is shared."""
    demo = demo_workbook().projects
    projects: list[Project] = []
    for n in range(size):
        project = demo[n % len(demo)].clone()
        project.name = f"{project.name}（{n + 1}）"

        def shifted(match: re.Match[str], n: int = n) -> str:
            return str(int(match.group()) + n)

        project.indicators = [
            replace(ind, value=_NUMBER.sub(shifted, ind.value or "") or None) for ind in project.indicators
        ]
        projects.append(project)
    return Workbook(projects=projects)


def main() -> None:
    """Print the figures."""
    typical = demo_workbook().projects[11]  # 兴隆 form 2: 8 rows, a spending plan, the six-column layout
    runs = 2000
    validate_project(typical, LAYOUTS)
    warm = _median_seconds(lambda _: validate_project(typical, LAYOUTS), runs)

    typed = typical.snapshot()

    def keystroke(i: int) -> None:
        # The clerk types one character into one value: that value is new, the others were parsed before.
        typed.indicators[0] = replace(typed.indicators[0], value=f"≥{238282 + i} 人")
        validate_project(typed, LAYOUTS)

    typing = _median_seconds(keystroke, runs)

    def cold(_: int) -> None:
        parsed.cache_clear()
        validate_project(typical, LAYOUTS)

    unparsed = _median_seconds(cold, 500)
    rows = len(typical.indicators)
    print(f"一个项目（{typical.name}，{rows} 条指标），{runs} 次取中位数：")
    print(f"  未改动再校验        {_fmt(warm)}")
    print(f"  改动一个指标值后校验 {_fmt(typing)}  ← 每次按键的代价")
    print(f"  全部指标值重新解析  {_fmt(unparsed)}")

    workbook = _generated_workbook(1000)
    indicators = sum(len(p.indicators) for p in workbook.projects)
    parsed.cache_clear()
    start = time.perf_counter()
    findings = validate_workbook(workbook, LAYOUTS)
    first = time.perf_counter() - start
    again = _median_seconds(lambda _: validate_workbook(workbook, LAYOUTS), 5)
    # The shifted numbers make many rates exceed 100% and dates leave 2024, hence the many findings.
    print(f"生成的工作簿：1000 个项目、{indicators} 条指标，{len(findings)} 条问题")
    print(f"  首次校验（全部解析） {_fmt(first)}（每个项目 {_fmt(first / 1000)}）")
    print(f"  再次校验（中位数）   {_fmt(again)}（每个项目 {_fmt(again / 1000)}）")


if __name__ == "__main__":
    main()
