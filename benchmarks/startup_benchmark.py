"""Time from process start to a shown main window: a bare QMainWindow, the app on the demo, on 1 000 projects.

Each case runs in a fresh `python -c` process (offscreen) several times; the parent notes the time just before
starting the process and the child prints the wall-clock time once its window is shown and painted, so the figure
includes interpreter start-up and imports, as the clerk experiences it. Prints the medians as a small table.

    .venv/bin/python benchmarks/startup_benchmark.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTreeView())
window.resize(1366, 768)
window.show()
app.processEvents()
print(time.time())
"""

APP = """
import sys, time
from pathlib import Path
from desktop.ui.app import run_app
status = run_app(Path(sys.argv[1]), selftest=True)
print(time.time())
sys.exit(status)
"""


def make_big_workbook(path: Path, count: int = 1000) -> None:
    """A workbook of `count` projects cycling through the demo forms (names numbered so they differ)."""
    sys.path.insert(0, str(ROOT))
    from desktop.domain.model import Workbook
    from desktop.io.demo import demo_workbook
    from desktop.storage.workbook_file import WorkbookFile

    demo = demo_workbook().projects
    projects = []
    for i in range(count):
        project = demo[i % len(demo)].clone()
        project.name = f"{project.display_name()}（{i + 1:04d}）"
        project.year = 2024 + i % 3
        projects.append(project)
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(Workbook(projects=projects))


def time_process(code: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from just before starting the process to the time it prints."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark process failed ({done.returncode}):\n{done.stderr}")
    shown = float(done.stdout.strip().splitlines()[-1])
    return shown - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_HOME=str(home), PYTHONPATH=str(ROOT))
        demo = Path(tmp) / "demo.jixiao"
        big = Path(tmp) / "big.jixiao"
        os.environ["JIXIAO_HOME"] = str(home)
        sys.path.insert(0, str(ROOT))
        from desktop.io.demo import demo_workbook
        from desktop.storage.workbook_file import WorkbookFile

        with WorkbookFile.open(demo, create=True) as wb_file:
            wb_file.save(demo_workbook())
        make_big_workbook(big)
        cases = [
            ("bare QMainWindow + QTreeView", BARE, []),
            ("jixiao, demo workbook (24 projects)", APP, [str(demo)]),
            ("jixiao, 1 000 projects", APP, [str(big)]),
        ]
        print(f"process start → main window shown (offscreen), median of {args.runs} runs")
        print(f"{'case':40} {'median':>8} {'min':>8} {'max':>8}")
        for name, code, extra in cases:
            times = [time_process(code, extra, env) for _ in range(args.runs)]
            print(f"{name:40} {statistics.median(times):7.3f}s {min(times):7.3f}s {max(times):7.3f}s")


if __name__ == "__main__":
    main()
