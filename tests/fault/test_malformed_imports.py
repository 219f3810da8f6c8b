"""Hundreds of malformed imports across JSON, xlsx and text: each ends with exit status 1 or 2 and a Chinese message,
never "程序内部错误" or a traceback, and the target workbook stays byte for byte what it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.io.demo import demo_workbook
from desktop.io.xlsx.export import export_xlsx
from desktop.storage.lock import lock_path_for
from desktop.storage.workbook_file import WorkbookFile
from tests.fault.figures import count, rng
from tests.fault.malformed import Case, json_cases, text_cases, xlsx_cases

JSON_CASES = 120
XLSX_CASES = 60
TEXT_CASES = 60
_CHINESE = re.compile("[\u4e00-\u9fff]")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "目标.jixiao"
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:2]
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return path


def _import_all(
    cases: Iterator[Case], group: str, target: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = target.read_bytes()
    failures = []
    for n, (name, write) in enumerate(cases):
        case_folder = folder / f"case{n}"
        case_folder.mkdir()
        source = write(case_folder)
        status = run(["import", str(source), "--into", str(target)])
        out, err = capsys.readouterr()
        count(group, f"exit {status}")
        problem = None
        if status not in (1, 2):
            problem = f"exit {status}"
        elif not _CHINESE.search(err):
            problem = "no Chinese message"
        elif "程序内部错误" in err or "Traceback" in err:
            problem = "internal error"
        elif target.read_bytes() != before or lock_path_for(target).exists():
            problem = "target workbook changed"
        if problem is not None:
            failures.append(f"{name}: {problem}: {(err or out).strip()[:300]}")
    assert not failures, "\n".join(failures)


def test_malformed_json_imports(
    target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_all(
        json_cases(rng("malformed JSON imports"), JSON_CASES), "malformed JSON imports", target, tmp_path, capsys
    )


def test_malformed_xlsx_imports(target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:2]
    exported = tmp_path / "ours.xlsx"
    export_xlsx(workbook, exported)
    cases = xlsx_cases(rng("malformed xlsx imports"), XLSX_CASES, exported.read_bytes(), exported)
    _import_all(cases, "malformed xlsx imports", target, tmp_path, capsys)


def test_malformed_text_imports(target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _import_all(
        text_cases(rng("malformed text imports"), TEXT_CASES), "malformed text imports", target, tmp_path, capsys
    )
