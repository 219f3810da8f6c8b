"""Kill the program in the middle of saving, again and again: the file always opens, holds exactly the old or the
new workbook, and the dead program's lock never keeps anyone read-only.

Through the library (a child process saving two alternating workbooks in a loop, killed with SIGKILL at a random
moment) and through the command line (`jixiao import`, killed at a random moment of its run).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.io.interchange import dumps, loads
from desktop.storage.lock import lock_path_for
from desktop.storage.workbook_file import WorkbookFile
from tests.fault.figures import count, rng
from tests.fault.saver import save_forever
from tests.fault.states import fingerprint, state

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_KILLS = 50
COMMAND_LINE_KILLS = 12

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def _open_after_kill(path: Path) -> list[tuple[object, ...]]:
    """Open for writing (the lock of the dead process must be taken over) and return what the file holds."""
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only, f"stranded: {wb_file.read_only_text()}"
        return fingerprint(wb_file.load())


def test_kills_during_library_saves(tmp_path: Path) -> None:
    path = tmp_path / "保存中被杀.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(state(0))
    old_or_new = {0: fingerprint(state(0)), 1: fingerprint(state(1))}
    random = rng("kills during library saves")
    # A fork server with the program already imported starts each saver in milliseconds, so 50 kills stay quick.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["desktop.storage.workbook_file", "tests.fault.saver"])
    for _ in range(LIBRARY_KILLS):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=save_forever, args=(str(path), send), daemon=True)
        child.start()
        try:
            assert receive.poll(60), "the saver did not start"
            assert receive.recv() == "", "the dead saver's lock kept the next one read-only"
            time.sleep(random.uniform(0.0, 0.2))  # a save of this workbook takes ~10–50 ms: many land mid-save
        finally:
            child.kill()
            child.join()
        stranded = lock_path_for(path).exists()
        held = _open_after_kill(path)
        assert held in old_or_new.values(), "the file holds neither the old nor the new workbook"
        count("kills during library saves", "old state" if held == old_or_new[0] else "new state")
        count("locks left by killed savers", "taken over at the next open" if stranded else "none left")
        for leftover in path.parent.glob(".*.tmp"):
            raise AssertionError(f"temporary left behind: {leftover.name}")


def test_kills_during_command_line_imports(tmp_path: Path) -> None:
    path = tmp_path / "导入中被杀.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(state(0, projects=10))
    batch = state(1, projects=5)
    source = tmp_path / "五个项目.json"
    source.write_text(dumps(batch), encoding="utf-8")
    added = fingerprint(loads(source.read_text(encoding="utf-8")))
    random = rng("kills during command-line imports")
    command = [sys.executable, "-m", "desktop", "import", str(source), "--into", str(path)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, env=_env(), cwd=ROOT, timeout=120)
    duration = time.monotonic() - started  # one whole run, to aim the kills inside it
    current = _open_after_kill(path)
    for _ in range(COMMAND_LINE_KILLS):
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
        time.sleep(random.uniform(duration * 0.3, duration * 1.1))
        child.send_signal(signal.SIGKILL)
        code = child.wait()
        assert child.stderr is not None and "程序内部错误" not in child.stderr.read().decode("utf-8", "replace")
        held = _open_after_kill(path)
        assert held in (current, current + added), "the import left a half-written workbook"
        count(
            "kills during command-line imports",
            "finished before the kill" if code == 0 else ("new state" if held != current else "old state"),
        )
        current = held
