"""`jixiao export` as its own process pauses garbage collection while it loads (modules, workbook, checks) and
collects again while it writes, with what it loaded frozen out of each collection; `run()` called inside another
program (the window's tests, a script) never touches that program's collector."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.io import dispatch
from desktop.io.exporting import ExportReport


def test_run_inside_another_program_leaves_its_collector_alone(demo_path: Path, tmp_path: Path) -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    for suffix in (".pdf", ".xlsx"):
        assert cli.run(["export", str(demo_path), "-o", str(tmp_path / f"out{suffix}")]) == 0
        assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_its_own_process_writes_with_collection_on_and_the_loaded_objects_frozen(
    demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_OWN_PROCESS", True)
    events: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: events.append(f"freeze, collecting={gc.isenabled()}"))
    write = dispatch.export_to

    def writing(*args: Any, **kwargs: Any) -> ExportReport:
        events.append(f"write, collecting={gc.isenabled()}, writer loaded={'desktop.io.pdf.export' in sys.modules}")
        return write(*args, **kwargs)

    monkeypatch.setattr(dispatch, "export_to", writing)
    try:
        assert cli.run(["export", str(demo_path), "-o", str(tmp_path / "out.pdf")]) == 0
    finally:
        gc.enable()
    assert events == ["freeze, collecting=False", "write, collecting=True, writer loaded=True"]


def test_the_command_writes_the_same_file_as_the_call(demo_path: Path, tmp_path: Path) -> None:
    """The whole program (`python -m desktop`, through main()) against run() in this process: same pages, same text."""
    inside, outside = tmp_path / "inside.pdf", tmp_path / "outside.pdf"
    assert cli.run(["export", str(demo_path), "-o", str(inside)]) == 0
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "export", str(demo_path), "-o", str(outside)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "已导出 24 个项目" in done.stdout
    assert inside.read_bytes() == outside.read_bytes()
    assert len(PdfReader(outside).pages) == len(PdfReader(inside).pages) > 24
