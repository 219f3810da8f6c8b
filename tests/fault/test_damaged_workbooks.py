"""Damaged and tampered workbook files: opening, validating and exporting them ends in a Chinese message (exit 2),
never a traceback; validation of an undamaged-looking file exits 0 or 1. The damage is real: bytes cut, flipped or
zeroed, and values written by another tool through SQLite."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import run
from desktop.io.demo import demo_workbook
from desktop.storage.workbook_file import WorkbookError, WorkbookFile
from tests.fault.figures import count, rng
from tests.hostile import nested

RANDOM_BYTE_DAMAGE = 40
_CHINESE = re.compile("[\u4e00-\u9fff]")

# (what, SQL run on the file) — values the program never writes.
TAMPERED: list[tuple[str, str]] = [
    ("year as text", "UPDATE project SET year = '二〇二四'"),
    ("year 2^63-1", f"UPDATE project SET year = {2**63 - 1}"),
    ("year negative", "UPDATE project SET year = -1"),
    ("year as real", "UPDATE project SET year = 2024.5"),
    ("year as blob", "UPDATE project SET year = x'00ff'"),
    ("amount 27 digits", "UPDATE project SET funds_total = '1" + "0" * 26 + "'"),
    ("amount 28 decimals", "UPDATE project SET funds_fiscal = '0." + "1" * 28 + "'"),
    ("amount text", "UPDATE project SET funds_total = 'abc'"),
    ("amount NaN", "UPDATE project SET funds_total = 'NaN'"),
    ("amount as integer", "UPDATE project SET funds_total = 30"),
    ("amount a megabyte of digits", "UPDATE project SET funds_total = '" + "9" * 1_000_000 + "'"),
    ("status unknown", "UPDATE project SET status = 'done'"),
    ("template unknown", "UPDATE project SET template = '../../etc/passwd'"),
    ("month 13", "INSERT INTO spending_step (project_id, position, month, percent) SELECT id, 9, 13, '5' FROM project"),
    ("percent 10^27", "INSERT INTO spending_step (project_id, position, month, percent) SELECT id, 9, 3, '1"
     + "0" * 27 + "' FROM project"),
    ("midterm start text", "UPDATE project SET has_midterm = 1, midterm_start = 'x'"),
    ("indicator orphan", "INSERT INTO indicator (project_id, position, level1) VALUES (99999, 0, 'x')"),
    ("project table dropped", "DROP TABLE spending_step"),
    ("newer version", "PRAGMA user_version = 999"),
    ("other application", "PRAGMA application_id = 1234"),
    ("department nested", "INSERT INTO department (position, year, name, code, content, printed) "
     "VALUES (0, 2024, 'x', NULL, '" + nested(5000) + "', NULL)"),
    ("department not JSON", "INSERT INTO department (position, year, name, code, content, printed) "
     "VALUES (0, 2024, 'x', NULL, '{', NULL)"),
]  # fmt: skip


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("pristine") / "原件.jixiao"
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:6]
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return path.read_bytes()


def _commands_on(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str]]:
    results = []
    for name, argv in [
        ("validate", ["validate", str(path)]),
        ("export", ["export", str(path), "-o", str(tmp_path / "出.json")]),
        ("import into", ["import", str(tmp_path / "in.json"), "--into", str(path)]),
    ]:
        status = run(argv)
        _out, err = capsys.readouterr()
        results.append((name, status, err))
    return results


def _check(what: str, path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    problems = []
    try:
        with WorkbookFile.open(path) as wb_file:
            wb_file.load()
        opened = True
    except WorkbookError as exc:
        opened = False
        if not _CHINESE.search(str(exc)):
            problems.append(f"{what}: library message not Chinese: {exc}")
    count("damaged workbooks", "opened (damage not in the data)" if opened else "refused with a message")
    for name, status, err in _commands_on(path, tmp_path, capsys):
        if "程序内部错误" in err or "Traceback" in err:
            problems.append(f"{what}: {name}: internal error: {err.strip()[:200]}")
        elif status == 2 and not _CHINESE.search(err):
            problems.append(f"{what}: {name}: exit 2 without a Chinese message")
        elif opened is False and status not in (2,):
            problems.append(f"{what}: {name}: exit {status} on a workbook that does not open")
    return problems


def _prepare(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    workbook = demo_workbook()
    workbook.projects = workbook.projects[:1]
    from desktop.io.interchange import write_json

    write_json(workbook, source)


def test_tampered_values(pristine: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _prepare(tmp_path)
    problems = []
    for what, sql in TAMPERED:
        path = tmp_path / f"{len(problems)}-{what}.jixiao"
        path.write_bytes(pristine)
        conn = sqlite3.connect(path)
        conn.executescript("PRAGMA ignore_check_constraints = ON;" + sql)
        conn.commit()
        conn.close()
        problems += _check(what, path, tmp_path, capsys)
    assert not problems, "\n".join(problems)


def test_bytes_cut_flipped_and_zeroed(pristine: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _prepare(tmp_path)
    random = rng("damaged workbooks")
    damages: list[tuple[str, Callable[[bytearray], bytes]]] = [
        ("empty", lambda b: b""),
        ("header only", lambda b: bytes(b[:100])),
        ("first page zeroed", lambda b: bytes(4096) + bytes(b[4096:])),
    ]
    for _ in range(RANDOM_BYTE_DAMAGE):
        kind = random.random()
        if kind < 0.3:
            cut = random.randrange(1, len(pristine))
            damages.append((f"cut at {cut}", lambda b, c=cut: bytes(b[:c])))
        elif kind < 0.7:
            at = random.randrange(100, len(pristine))
            damages.append((f"byte {at} flipped", lambda b, a=at: _flip(b, a, random.randrange(1, 256))))
        else:
            page = random.randrange(1, len(pristine) // 4096)
            damages.append(
                (
                    f"page {page} zeroed",
                    lambda b, p=page: bytes(b[: p * 4096]) + bytes(4096) + bytes(b[(p + 1) * 4096 :]),
                )
            )
    problems = []
    for n, (what, damage) in enumerate(damages):
        path = tmp_path / f"损坏{n}.jixiao"
        path.write_bytes(damage(bytearray(pristine)))
        problems += _check(what, path, tmp_path, capsys)
    assert not problems, "\n".join(problems)


def _flip(data: bytearray, at: int, mask: int) -> bytes:
    data[at] ^= mask
    return bytes(data)
