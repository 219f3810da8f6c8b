"""How fast the workbook file is: save, load and open a generated workbook of 1 000 projects × ~15 indicators.

Run: .venv/bin/python benchmarks/storage_benchmark.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop.domain.model import Indicator, Project, Workbook
from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookFile


def _generated(size: int) -> Workbook:
    """`size` projects copied from the demo forms, each padded to 15 indicators."""
    demo = demo_workbook().projects
    projects: list[Project] = []
    for n in range(size):
        project = demo[n % len(demo)].clone()
        project.name = f"{project.display_name()}（{n + 1}）"
        while len(project.indicators) < 15:
            project.indicators.append(Indicator("产出指标", "数量指标", f"补充指标{len(project.indicators)}", "≥1 次"))
        projects.append(project)
    return Workbook(projects=projects)


def _median(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    workbook = _generated(1000)
    indicators = sum(len(p.indicators) for p in workbook.projects)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jixiao"
        with WorkbookFile.open(path, create=True) as wb_file:
            first = _median(lambda: wb_file.save(workbook), runs=1)
            resave = _median(lambda: wb_file.save(workbook))
            load = _median(wb_file.load)

        def open_close() -> None:
            WorkbookFile.open(path).close()

        opening = _median(open_close)
        size = path.stat().st_size
    print(f"workbook: {len(workbook.projects)} projects, {indicators} indicators, file {size / 1_048_576:.1f} MB")
    print(f"{'first save':<28}{first * 1000:8.1f} ms")
    print(f"{'save again (all rewritten)':<28}{resave * 1000:8.1f} ms")
    print(f"{'load':<28}{load * 1000:8.1f} ms")
    print(f"{'open (checks + lock) + close':<28}{opening * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
