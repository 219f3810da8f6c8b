"""The program against its floors, in one run: our time, the floor's, the ratio, for every row of issue 16.

| row | ours | floor | goal |
| start-up, demo | `jixiao --selftest demo` | a bare QMainWindow + QTreeView shown (floor_window.py) | ≤ 2.0× |
| start-up, 1 000 / 5 000 projects | `jixiao --selftest big` | `jixiao --selftest demo` | ≤ 1.1× / ≤ 1.5× |
| PDF, 24 / 200 forms | `jixiao export … -o x.pdf` | bare reportlab, platypus tables (floor_pdf.py) | ≤ 1.0× |
| (PDF, 24 / 200 forms) | the same | bare reportlab drawing on the canvas only (floor_pdf_canvas.py) | shown, no goal |
| xlsx, 24 forms | `jixiao export … -o x.xlsx` | bare openpyxl writing the same cells (floor_xlsx.py) | ≤ 1.1× |

Every figure is a whole process (interpreter start, imports, work, exit), timed from outside. For each row the two
commands run in turn — A B, then B A, … — after one warm-up of each (which also compiles the bytecode), so drift
of a shared machine hits both alike; the ratio printed is the median of the per-round ratios, the times are
medians. Peak memory is the largest resident size of each process (from `wait4`).

    .venv/bin/python benchmarks/floors.py [--rounds N] [--only ROW ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PY = sys.executable
HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Row:
    """One line of the table: our command against the floor's, and the goal for the ratio."""

    key: str
    label: str
    ours: list[str]
    floor: list[str]
    floor_label: str
    goal: float | None  # None: shown for reference, no goal


@dataclass(frozen=True)
class Run:
    """One finished process: wall seconds and peak resident memory in MB."""

    seconds: float
    peak_mb: float


def run(command: list[str], env: dict[str, str]) -> Run:
    """Start `command`, wait for it, and measure it as the operating system accounts for it."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{errors.decode(errors='replace')}")
    return Run(seconds, usage.ru_maxrss / 1024)


def big_workbook(count: int):  # type: ignore[no-untyped-def]
    """`count` projects cycling through the demo's 24 real forms, renamed and re-priced so that they differ."""
    from desktop.domain.model import Workbook
    from desktop.io.demo import demo_workbook

    demo = demo_workbook().projects
    projects = []
    for n in range(count):
        base = demo[n % len(demo)].clone()
        total = Decimal(100 + n * 7) / Decimal(4)
        projects.append(
            replace(base, name=f"{base.display_name()}（{n + 1:04d}）", funds=replace(base.funds, total=total))
        )
    return Workbook(projects=projects)


def prepare(folder: Path, env: dict[str, str]) -> dict[str, Path]:
    """The workbooks and floor inputs (not timed)."""
    from desktop.io.demo import demo_workbook
    from desktop.io.interchange import write_json
    from desktop.storage.workbook_file import WorkbookFile

    # Bytecode compiled, as an installed program has it (this environment may say PYTHONDONTWRITEBYTECODE).
    subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", "desktop"], cwd=ROOT, check=True)
    files: dict[str, Path] = {}
    for name, count in (("demo", 0), ("p200", 200), ("p1000", 1000), ("p5000", 5000)):
        path = folder / f"{name}.jixiao"
        workbook = demo_workbook() if count == 0 else big_workbook(count)
        with WorkbookFile.open(path, create=True) as wb_file:
            wb_file.save(workbook)
        files[name] = path
        if name in ("demo", "p200"):
            files[f"{name}.json"] = folder / f"{name}.json"
            write_json(workbook, files[f"{name}.json"])
    exported = folder / "plan-source.xlsx"
    run([PY, "-m", "desktop", "export", str(files["demo"]), "-o", str(exported)], env)
    files["demo.plan"] = folder / "demo-plan.json"
    run([PY, str(HERE / "floor_xlsx.py"), "plan", str(exported), str(files["demo.plan"])], env)
    return files


def rows(files: dict[str, Path], out: Path) -> list[Row]:
    """The table of issue 16."""
    app = [PY, "-m", "desktop", "--selftest"]
    export = [PY, "-m", "desktop", "export"]
    demo = str(files["demo"])
    return [
        Row("startup", "start-up, demo (24 projects)", [*app, demo], [PY, str(HERE / "floor_window.py")],
            "bare QMainWindow + QTreeView", 2.0),
        Row("p1000", "start-up, 1 000 projects", [*app, str(files["p1000"])], [*app, demo], "start-up, demo", 1.1),
        Row("p5000", "start-up, 5 000 projects", [*app, str(files["p5000"])], [*app, demo], "start-up, demo", 1.5),
        Row("pdf24", "PDF, 24 forms (demo)", [*export, demo, "-o", str(out / "a24.pdf")],
            [PY, str(HERE / "floor_pdf.py"), str(files["demo.json"]), str(out / "b24.pdf")],
            "bare reportlab, platypus tables", 1.0),
        Row("pdf200", "PDF, 200 forms", [*export, str(files["p200"]), "-o", str(out / "a200.pdf")],
            [PY, str(HERE / "floor_pdf.py"), str(files["p200.json"]), str(out / "b200.pdf")],
            "bare reportlab, platypus tables", 1.0),
        Row("pdf24c", "PDF, 24 forms (demo)", [*export, demo, "-o", str(out / "a24.pdf")],
            [PY, str(HERE / "floor_pdf_canvas.py"), str(files["demo.json"]), str(out / "c24.pdf")],
            "bare reportlab, canvas only", None),
        Row("pdf200c", "PDF, 200 forms", [*export, str(files["p200"]), "-o", str(out / "a200.pdf")],
            [PY, str(HERE / "floor_pdf_canvas.py"), str(files["p200.json"]), str(out / "c200.pdf")],
            "bare reportlab, canvas only", None),
        Row("xlsx24", "xlsx, 24 forms (demo)", [*export, demo, "-o", str(out / "a24.xlsx")],
            [PY, str(HERE / "floor_xlsx.py"), "write", str(files["demo.plan"]), str(out / "b24.xlsx")],
            "bare openpyxl", 1.1),
    ]  # fmt: skip


def measure(row: Row, rounds: int, env: dict[str, str]) -> tuple[list[Run], list[Run], list[float]]:
    """Warm-up of each, then `rounds` interleaved pairs (the order alternates)."""
    run(row.ours, env)
    run(row.floor, env)
    ours: list[Run] = []
    floor: list[Run] = []
    ratios: list[float] = []
    for r in range(rounds):
        if r % 2 == 0:
            a = run(row.ours, env)
            b = run(row.floor, env)
        else:
            b = run(row.floor, env)
            a = run(row.ours, env)
        ours.append(a)
        floor.append(b)
        ratios.append(a.seconds / b.seconds)
    return ours, floor, ratios


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=7, help="interleaved pairs per row (default 7)")
    parser.add_argument("--only", nargs="+", help="rows: startup p1000 p5000 pdf24 pdf200 pdf24c pdf200c xlsx24")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-floors-") as tmp:
        folder = Path(tmp)
        home = folder / "home"
        home.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_HOME=str(home), PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["JIXIAO_HOME"] = str(home)
        print("preparing workbooks (demo, 200, 1 000, 5 000 projects) …", flush=True)
        files = prepare(folder, env)
        table = [r for r in rows(files, folder) if not args.only or r.key in args.only]
        print(
            f"whole processes, {args.rounds} interleaved rounds after one warm-up each, medians; "
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}\n"
        )
        header = f"{'work':30} {'ours':>8} {'floor':>8} {'ratio':>7} {'goal':>7}  {'':4} {'peak MB':>13}  floor"
        print(header)
        print("-" * len(header))
        results = []
        for row in table:
            ours, floor, ratios = measure(row, args.rounds, env)
            a = statistics.median(r.seconds for r in ours)
            b = statistics.median(r.seconds for r in floor)
            ratio = statistics.median(ratios)
            peak_a = statistics.median(r.peak_mb for r in ours)
            peak_b = statistics.median(r.peak_mb for r in floor)
            mem = f"{peak_a:5.0f} / {peak_b:<5.0f}"
            goal = f"≤{row.goal:.1f}×" if row.goal is not None else "—"
            verdict = "" if row.goal is None else "ok" if ratio <= row.goal else "OVER"
            spread = f"(ratios {min(ratios):.2f}–{max(ratios):.2f})"
            print(f"{row.label:30} {a:7.3f}s {b:7.3f}s {ratio:6.2f}× {goal:>6}  {verdict:4} {mem:>13}  "
                  f"{row.floor_label} {spread}", flush=True)  # fmt: skip
            results.append({"row": row.key, "ours_s": a, "floor_s": b, "ratio": ratio, "goal": row.goal})
        for n in ("24", "200"):
            made = [(who, folder / f"{x}{n}.pdf") for who, x in (("ours", "a"), ("platypus", "b"), ("canvas", "c"))]
            counts = ", ".join(f"{who} {pages(path)}" for who, path in made if path.exists())
            if counts:
                print(f"\nPDF {n} forms, pages: {counts}", end="")
        print()
        if args.json:
            print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
