"""Where the start-up time goes, measured as whole processes: the bare-window floor, then what any window of this
program needs on top of it, then the program's own parts. Run next to `floors.py` to see which share of the demo
start-up a PySide6 program cannot avoid and which share is ours.

Each line is a separate process doing everything of the line before it plus one thing more; the figure is the median
CPU time (user + system, from `wait4`) of `--rounds` runs, interleaved, after one warm-up each; "+" is the increase
over the line before.

    .venv/bin/python benchmarks/startup_parts.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

_WINDOW = """
import sys
{before}
from PySide6.QtWidgets import QApplication, QMainWindow, QTreeView
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QTreeView())
window.resize(1366, 768)
{extra}
window.show()
app.processEvents()
window.close()
"""

# What every window of the program touches: the Qt namespace (alignment, keys, roles: ~90 Python enums built on
# first use), the key sequences of its menus, icons, message boxes, the locale, a settings store, a search box, a list
# header and a toolbar. (The style's standard icons, the form's spin boxes and text boxes are not: see the README.)
_QT_CLASSES = """
from PySide6.QtCore import Qt, QEvent, QLocale, QSettings, QTimer
from PySide6.QtGui import QKeySequence, QFont, QPalette, QAction, QIcon
from PySide6.QtWidgets import QMessageBox, QLineEdit, QComboBox, QHeaderView, QToolBar
"""

# Chinese text on screen: the bundled CJK font loaded and a few hundred distinct characters laid out and painted.
_CJK = """
from PySide6.QtGui import QFontDatabase, QFont
from PySide6.QtWidgets import QLabel
font_id = QFontDatabase.addApplicationFont({font!r})
app.setFont(QFont(QFontDatabase.applicationFontFamilies(font_id)[0]))
text = {text!r}
label = QLabel(text)
label.setWordWrap(True)
window.setCentralWidget(label)
"""


def _cjk_text() -> str:
    """Text from a real form: the demo's project names, goals and indicator names (a few hundred distinct glyphs)."""
    sys.path.insert(0, str(ROOT))
    from desktop.io.demo import demo_workbook

    parts = []
    for project in demo_workbook().projects[:6]:
        parts += [project.display_name(), project.annual_goal or ""]
        parts += [f"{i.name} {i.value}" for i in project.indicators[:12]]
    return "\n".join(parts)


def lines(workbook: Path) -> list[tuple[str, list[str]]]:
    font = str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc")
    cjk = _CJK.format(font=font, text=_cjk_text())

    def window(extra: str, before: str = "") -> list[str]:
        return [PY, "-c", _WINDOW.format(extra=extra, before=before)]

    # As the program imports them: what does not use Qt before PySide6 (desktop.cli), then the window's modules.
    before = (
        "import gc, importlib, desktop.cli\ngc.disable()\n"
        "[importlib.import_module(m) for m in desktop.cli._WINDOW_MODULES_WITHOUT_QT]"
    )
    imports = "import desktop.ui.app, desktop.ui.main_window\n"
    return [
        ("python, nothing imported", [PY, "-c", "pass"]),
        ("floor: bare QMainWindow + QTreeView shown", window("")),
        ("  + the Qt classes any window of ours uses", window(_QT_CLASSES)),
        ("  + the CJK font and Chinese text painted", window(_QT_CLASSES + cjk)),
        ("  + the program's modules imported", window(_QT_CLASSES + cjk + imports, before)),
        ("the program: jixiao --selftest (demo)", [PY, "-m", "desktop", "--selftest", str(workbook)]),
    ]


def cpu(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)[:200]}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-parts-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", JIXIAO_HOME=str(home), PYTHONPATH=str(ROOT))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["JIXIAO_HOME"] = str(home)
        sys.path.insert(0, str(ROOT))
        from desktop.io.demo import demo_workbook
        from desktop.storage.workbook_file import WorkbookFile

        subprocess.run([PY, "-m", "compileall", "-q", "-j", "0", "desktop"], cwd=ROOT, check=True)
        workbook = Path(tmp) / "demo.jixiao"
        with WorkbookFile.open(workbook, create=True) as wb_file:
            wb_file.save(demo_workbook())
        table = lines(workbook)
        times: dict[str, list[float]] = {label: [] for label, _ in table}
        for _label, command in table:
            cpu(command, env)  # warm-up
        for _ in range(args.rounds):
            for label, command in table:
                times[label].append(cpu(command, env))
        print(f"CPU seconds, median of {args.rounds} interleaved runs; python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}\n")  # fmt: skip
        floor = statistics.median(times[table[1][0]])
        previous = None
        for label, _ in table:
            value = statistics.median(times[label])
            step = f"+{value - previous:6.3f}" if previous is not None and label.startswith("  +") else " " * 7
            print(f"{label:46} {value:6.3f}s {step}  {value / floor:5.2f}× the floor")
            previous = value


if __name__ == "__main__":
    main()
