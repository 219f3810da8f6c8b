"""Time and peak memory of the Excel export and import for a generated 200-project workbook (and the demo).

Each case runs in a fresh process so the figures include importing openpyxl, as a clerk's export does:
- export: the whole submission (public list, 200 form sheets, the indicator data sheet, the hidden data);
- import (own): reading our export back exactly through its hidden sheet (every sheet is still fingerprinted);
- import (labels): the same file without its hidden sheet, every form read by its labels (another unit's file).
Usage: `.venv/bin/python benchmarks/xlsx_benchmark.py [--repeat N] [--count N]`.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.domain.model import Workbook  # noqa: E402


def generated_workbook(count: int) -> Workbook:
    """`count` projects made from the demo's 24 real forms (all layouts they use), renamed and re-priced."""
    from desktop.io.demo import demo_workbook

    demo = demo_workbook().projects
    projects = []
    for n in range(count):
        base = demo[n % len(demo)]
        total = Decimal(100 + n * 7) / Decimal(4)
        projects.append(
            replace(base.clone(), name=f"{n + 1:03d} {base.name}", funds=replace(base.funds, total=total, fiscal=total))
        )
    return Workbook(projects=projects)


def _case(kind: str, count: int, folder: str) -> None:
    """Runs inside a fresh process: does one case and prints its figures as JSON."""
    start = time.perf_counter()
    path = Path(folder) / f"bench-{count}.xlsx"
    bare = Path(folder) / f"bench-{count}-bare.xlsx"
    if kind == "export":
        from desktop.io.xlsx.export import export_xlsx

        workbook = generated_workbook(count)
        start = time.perf_counter()
        export_xlsx(workbook, path)
        result: dict[str, float] = {"projects": len(workbook.projects), "bytes": path.stat().st_size}
    else:
        from desktop.io.xlsx.importer import read_xlsx

        read = read_xlsx(path if kind == "import-own" else bare)
        result = {"projects": len(read.projects), "indicators": read.indicator_count(), "unplaced": len(read.unplaced)}
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _strip_hidden(path: Path, bare: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    del book["_jixiao"]
    book.save(bare)


def main() -> None:
    """Run every case `--repeat` times in fresh processes and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        _case(args.case, args.count, args.folder)
        return
    with tempfile.TemporaryDirectory() as folder:
        for count in (24, args.count):
            for kind in ("export", "import-own", "import-labels"):
                runs = []
                for _ in range(args.repeat):
                    command = [sys.executable, __file__, "--case", kind, "--count", str(count), "--folder", folder]
                    wall = time.perf_counter()
                    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                    figures = json.loads(out)
                    figures["process_seconds"] = time.perf_counter() - wall
                    runs.append(figures)
                if kind == "export":
                    path = Path(folder) / f"bench-{count}.xlsx"
                    _strip_hidden(path, Path(folder) / f"bench-{count}-bare.xlsx")
                seconds = statistics.median(r["seconds"] for r in runs)
                process = statistics.median(r["process_seconds"] for r in runs)
                rss = max(r["peak_rss_mb"] for r in runs)
                extra = {k: v for k, v in runs[0].items() if k not in ("seconds", "process_seconds", "peak_rss_mb")}
                print(
                    f"{kind:14} {count:4d} projects: {seconds:6.2f} s (whole process {process:5.2f} s), "
                    f"peak RSS {rss:5.0f} MB  {extra}"
                )


if __name__ == "__main__":
    main()
