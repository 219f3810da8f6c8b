"""The workbook file: what is saved comes back, locks keep two writers apart, bad files give clear Chinese errors."""

from __future__ import annotations

import copy
import gc
import getpass
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop.domain.model import (
    Funds,
    Indicator,
    Midterm,
    OrgUnit,
    Project,
    SpendingStep,
    Status,
    Workbook,
    format_amount,
)
from desktop.home import default_workbook_path
from desktop.storage import schema
from desktop.storage.workbook_file import (
    APPLICATION_ID,
    WORKBOOK_SUFFIX,
    DamagedWorkbookError,
    LockInfo,
    NewerWorkbookError,
    NotAWorkbookError,
    ReadOnlyError,
    SaveError,
    WorkbookError,
    WorkbookFile,
    write_snapshot,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SUBPROCESS_TIMEOUT = 60


def realistic_project() -> Project:
    """A 中期 project using every field, with amounts whose exact spelling matters."""
    return Project(
        year=2024,
        template="ah-midterm",
        name="2024_城乡医疗救助",
        code="340522-039-0001",
        department=OrgUnit(code="039", name="霍邱县医疗保障局"),
        implementing_unit=OrgUnit(code=None, name="霍邱县医疗保障局"),
        source="财政拨款",
        period="3 年",
        attribute="延续性项目",
        funds=Funds(total=Decimal("1907400"), fiscal=Decimal("30.00"), carryover=Decimal("0"), other=None),
        midterm=Midterm(start=2024, end=2026, goal="三年内困难群众参保全覆盖", funds=Funds(total=Decimal("55542.50"))),
        purpose="减轻困难群众医疗支出负担",
        spending_plan=(
            SpendingStep(3, Decimal("25")),
            SpendingStep(6, None),
            SpendingStep(10, Decimal("80.0")),
            SpendingStep(12, Decimal("100")),
        ),
        basis="《安徽省医疗救助办法》",
        annual_goal="资助困难群众参保全覆盖, 住院和门诊救助应救尽救。",
        indicators=[
            Indicator(
                "产出指标", "数量指标", "资助参保人次", ">70000 人", "≥210000 人次", "资助参保的人次", "上年 68000"
            ),
            Indicator("产出指标", "时效指标", "结算时间", "2024 年 12 月 31 日前", None, None, None),
            Indicator("效益指标", "社会效益指标", "就医负担减轻程度", "明显提高", "明显提高", None, "群众反映"),
            Indicator("满意度指标", None, "服务对象满意度", "≥90%", None, "问卷调查", None),
        ],
        status=Status.FINAL,
    )


def plain_project(name: str, indicators: int = 3) -> Project:
    """A small ordinary project: no mid-term block, no spending plan."""
    return Project(
        year=2024,
        template="ah-project",
        name=name,
        department=OrgUnit("039", "霍邱县医疗保障局"),
        funds=Funds(total=Decimal("30.00"), fiscal=Decimal("30.00")),
        indicators=[Indicator("产出指标", "数量指标", f"{name}指标{i}", f"≥{i} 人") for i in range(indicators)],
    )


def save_new(path: Path, *projects: Project) -> Workbook:
    """Create a workbook file holding these projects; return the (now id-carrying) Workbook."""
    workbook = Workbook(list(projects))
    with WorkbookFile.open(path, create=True) as wb_file:
        wb_file.save(workbook)
    return workbook


def load(path: Path) -> Workbook:
    with WorkbookFile.open(path, read_only=True) as wb_file:
        return wb_file.load()


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
        check=True,
    )


def assert_clear_message(exc: BaseException, path: Path) -> None:
    """What the clerk sees names the file and is written in Chinese."""
    text = str(exc)
    assert path.name in text
    assert CHINESE.search(text), text


# ---------------------------------------------------------------------------------------------------------------------
# What is saved comes back


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    path = tmp_path / "霍邱县医保局.jixiao"
    no_blocks = plain_project("医疗保障专项业务费")
    blank_blocks = replace(plain_project("居民医保业务经费"), midterm=Midterm(), spending_plan=())
    originals = [realistic_project(), no_blocks, blank_blocks]
    save_new(path, *(p.clone() for p in originals))

    loaded = load(path).projects

    assert [p.clone() for p in loaded] == originals
    # Decimal("30.00") == Decimal("30") too, so check the spelling the printed form will show.
    assert format_amount(loaded[0].funds.fiscal) == "30.00"
    assert format_amount(loaded[0].funds.total) == "1907400"
    assert format_amount(loaded[0].midterm.funds.total if loaded[0].midterm else None) == "55542.50"
    assert loaded[0].spending_plan is not None and loaded[0].spending_plan[1].percent is None
    # "no mid-term block" and "a blank one" print differently, so they must stay apart.
    assert loaded[1].midterm is None and loaded[1].spending_plan is None
    assert loaded[2].midterm == Midterm() and loaded[2].spending_plan == ()


def test_amounts_are_stored_as_typed_text(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, realistic_project())
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT funds_total, funds_fiscal, funds_other, midterm_funds_total FROM project").fetchone()
    assert row == ("1907400", "30.00", None, "55542.50")


def test_save_assigns_ids_that_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    first, second = plain_project("甲"), plain_project("乙")
    assert first.id is None

    save_new(path, first, second)

    assert first.id is not None and second.id is not None and first.id != second.id
    assert [p.id for p in load(path).projects] == [first.id, second.id]


def test_saving_again_keeps_ids_and_order(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    workbook = save_new(path, plain_project("甲"), plain_project("乙"))
    ids = [p.id for p in workbook.projects]
    with WorkbookFile.open(path) as wb_file:
        workbook.projects.reverse()
        workbook.projects[0].indicators.append(Indicator("效益指标", "社会效益指标", "新增指标", "明显"))
        wb_file.save(workbook)

    loaded = load(path)
    assert [p.id for p in loaded.projects] == ids[::-1]
    assert loaded.projects[0].indicators[-1].name == "新增指标"


def test_deleted_project_and_its_indicators_are_gone_after_reopen(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    workbook = save_new(path, plain_project("甲"), plain_project("乙", indicators=5))
    with WorkbookFile.open(path) as wb_file:
        del workbook.projects[1]
        wb_file.save(workbook)

    assert [p.name for p in load(path).projects] == ["甲"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM indicator").fetchone() == (3,)


def test_undo_of_a_delete_restores_the_project_under_its_old_id(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    workbook = save_new(path, plain_project("甲"), plain_project("乙"))
    removed = workbook.projects.pop()
    with WorkbookFile.open(path) as wb_file:
        wb_file.save(workbook)
        wb_file.save(Workbook([*workbook.projects, removed]))
        newcomer = plain_project("丙")
        wb_file.save(Workbook([*workbook.projects, removed, newcomer]))

    # AUTOINCREMENT: the new project does not reuse the id the restored one carries.
    assert newcomer.id not in {p.id for p in workbook.projects} | {removed.id}
    assert [p.name for p in load(path).projects] == ["甲", "乙", "丙"]


def test_write_snapshot_makes_a_standalone_copy_without_touching_the_workbook(tmp_path: Path) -> None:
    saved = plain_project("已保存")
    path = tmp_path / "a.jixiao"
    save_new(path, saved)
    unsaved = plain_project("未保存")
    workbook = Workbook([saved, unsaved])
    before = copy.deepcopy(workbook)

    recovery = tmp_path / "恢复副本.jixiao"
    write_snapshot(workbook, recovery)

    assert workbook == before and unsaved.id is None
    assert [(p.id, p.name) for p in load(recovery).projects][0] == (saved.id, "已保存")
    assert [p.name for p in load(recovery).projects] == ["已保存", "未保存"]
    assert sorted(f.name for f in tmp_path.iterdir()) == ["a.jixiao", "home", "恢复副本.jixiao"]


# ---------------------------------------------------------------------------------------------------------------------
# The file format


def test_file_is_stamped_as_ours_with_a_rollback_journal(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, plain_project("甲"))
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
        assert conn.execute("PRAGMA user_version").fetchone() == (schema.schema_version(),)
        assert conn.execute("PRAGMA journal_mode").fetchone() != ("wal",)
    # SQLite header bytes 18/19 are 2 in WAL mode; a rollback-journal file has 1.
    assert path.read_bytes()[18:20] == b"\x01\x01"
    assert not list(tmp_path.glob("*-wal"))


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, plain_project("甲"))
    with WorkbookFile.open(path) as wb_file:
        conn = wb_file._connection()
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO indicator (project_id, position, level1) VALUES (999, 0, '产出指标')")


def test_orphan_indicators_make_the_file_count_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "坏链接.jixiao"
    save_new(path, plain_project("甲"))
    with sqlite3.connect(path) as conn:  # a plain connection has foreign keys off, like a careless tool
        conn.execute("INSERT INTO indicator (project_id, position, level1) VALUES (999, 0, '产出指标')")

    with pytest.raises(DamagedWorkbookError) as caught:
        WorkbookFile.open(path)
    assert_clear_message(caught.value, path)
    assert "备份" in str(caught.value)


def test_default_workbook_path_honours_jixiao_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "便携"))
    assert default_workbook_path() == tmp_path / "便携" / f"我的绩效目标{WORKBOOK_SUFFIX}"

    monkeypatch.delenv("JIXIAO_HOME")
    assert default_workbook_path().parent.name == "绩效目标"
    assert default_workbook_path().suffix == WORKBOOK_SUFFIX


def test_create_makes_missing_folders_and_an_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "文档" / "绩效目标" / "新.jixiao"
    with WorkbookFile.open(path, create=True) as wb_file:
        assert wb_file.load() == Workbook()
        assert not wb_file.read_only


def test_missing_file_without_create_says_so(tmp_path: Path) -> None:
    path = tmp_path / "不存在.jixiao"
    with pytest.raises(WorkbookError, match="找不到工作簿文件") as caught:
        WorkbookFile.open(path)
    assert_clear_message(caught.value, path)
    assert not path.exists()


# ---------------------------------------------------------------------------------------------------------------------
# Files that are not usable


def _text_file(path: Path) -> None:
    path.write_text("项目名称\t城乡医疗救助\n", encoding="utf-8")


def _empty_file(path: Path) -> None:
    path.write_bytes(b"")


def _other_programs_database(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")


def _truncated_workbook(path: Path) -> None:
    real = path.with_name("real.jixiao")
    save_new(real, *(plain_project(f"项目{i}", indicators=15) for i in range(50)))
    data = real.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (_text_file, NotAWorkbookError),
        (_empty_file, NotAWorkbookError),
        (_other_programs_database, NotAWorkbookError),
        (_truncated_workbook, DamagedWorkbookError),
    ],
    ids=["text", "empty", "other-sqlite", "truncated"],
)
def test_unusable_files_raise_a_clear_error(
    tmp_path: Path, make: Callable[[Path], None], error: type[WorkbookError]
) -> None:
    path = tmp_path / "报送材料.jixiao"
    make(path)
    before = path.read_bytes()

    with pytest.raises(error) as caught:
        WorkbookFile.open(path)

    assert_clear_message(caught.value, path)
    assert path.read_bytes() == before  # we never "repair" a file we do not understand
    assert not (tmp_path / "报送材料.jixiao.lock").exists()


def test_file_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "新版.jixiao"
    save_new(path, plain_project("甲"))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")

    with pytest.raises(NewerWorkbookError, match="升级程序") as caught:
        WorkbookFile.open(path)
    assert_clear_message(caught.value, path)


# ---------------------------------------------------------------------------------------------------------------------
# Migrations


def _add_note_column(db: Database) -> None:
    db.execute("ALTER TABLE project ADD COLUMN note TEXT")


def test_migrating_an_older_file_keeps_a_backup_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "旧版.jixiao"
    save_new(path, realistic_project())
    # The program learns one more schema version than the file on disk was written with.
    current = schema.schema_version()
    monkeypatch.setattr(schema, "MIGRATION_STEPS", [*schema.MIGRATION_STEPS, _add_note_column])

    with WorkbookFile.open(path) as wb_file:
        loaded = wb_file.load()

    assert [p.clone() for p in loaded.projects] == [realistic_project()]
    backup = tmp_path / f"旧版.jixiao.before-v{current + 1}.bak"
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (current,)
        assert conn.execute("SELECT name FROM project").fetchall() == [("2024_城乡医疗救助",)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (current + 1,)
        assert "note" in {row[1] for row in conn.execute("PRAGMA table_info(project)")}


def test_read_only_open_of_an_older_file_leaves_it_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "旧版.jixiao"
    save_new(path, plain_project("甲"))
    before = path.read_bytes()
    monkeypatch.setattr(schema, "MIGRATION_STEPS", [*schema.MIGRATION_STEPS, _add_note_column])

    with WorkbookFile.open(path, read_only=True) as wb_file:
        assert [p.name for p in wb_file.load().projects] == ["甲"]

    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.bak"))


def test_failed_migration_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "旧版.jixiao"
    save_new(path, plain_project("甲"))

    def broken_step(db: Database) -> None:
        db.execute("ALTER TABLE project ADD COLUMN note TEXT")
        db.execute("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    monkeypatch.setattr(schema, "MIGRATION_STEPS", [*schema.MIGRATION_STEPS, broken_step])
    with pytest.raises(WorkbookError, match="升级格式时出错.*已撤销"):
        WorkbookFile.open(path)

    monkeypatch.undo()
    assert [p.name for p in load(path).projects] == ["甲"]
    assert (tmp_path / f"旧版.jixiao.before-v{schema.schema_version() + 1}.bak").exists()
    assert not (tmp_path / "旧版.jixiao.lock").exists()


def test_a_new_file_needs_no_backup(tmp_path: Path) -> None:
    save_new(tmp_path / "a.jixiao", plain_project("甲"))
    assert not list(tmp_path.glob("*.bak"))


# ---------------------------------------------------------------------------------------------------------------------
# Locking


def test_lock_file_names_who_is_editing(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    with WorkbookFile.open(path):
        lock = json.loads((tmp_path / "共享.jixiao.lock").read_text(encoding="utf-8"))
    assert lock["user"] == getpass.getuser()
    assert lock["host"] == socket.gethostname()
    assert lock["pid"] == os.getpid()
    assert datetime.fromisoformat(lock["since"]).tzinfo is not None


def test_second_open_is_read_only_and_names_the_editor(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    with WorkbookFile.open(path) as writer, WorkbookFile.open(path) as viewer:
        assert not writer.read_only and writer.locked_by is None
        assert viewer.read_only
        assert viewer.locked_by is not None and viewer.locked_by.user == getpass.getuser()
        assert [p.name for p in viewer.load().projects] == ["甲"]
        with pytest.raises(ReadOnlyError) as caught:
            viewer.save(Workbook())
        assert getpass.getuser() in str(caught.value) and "另存为" in str(caught.value)
    assert [p.name for p in load(path).projects] == ["甲"]


def test_lock_describe_reads_naturally() -> None:
    info = LockInfo(user="张三", host="PC-01", pid=42, since=datetime(2026, 11, 24, 9, 30).astimezone())
    assert info.describe() == "张三（电脑 PC-01，自 2026-11-24 09:30 起）"


def test_another_process_gets_read_only(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    code = """
        import json, sys
        from pathlib import Path
        from desktop.storage.workbook_file import WorkbookFile
        with WorkbookFile.open(Path(sys.argv[1])) as f:
            names = [p.name for p in f.load().projects]
            print(json.dumps({"read_only": f.read_only, "pid": f.locked_by.pid if f.locked_by else None,
                              "names": names}))
    """
    with WorkbookFile.open(path):
        result = json.loads(run_python(code, str(path)).stdout)
    assert result == {"read_only": True, "pid": os.getpid(), "names": ["甲"]}


def test_lock_of_another_process_is_respected_until_it_closes(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    code = """
        import sys
        from pathlib import Path
        from desktop.storage.workbook_file import WorkbookFile
        f = WorkbookFile.open(Path(sys.argv[1]))
        print("read-only" if f.read_only else "writer", flush=True)
        sys.stdin.readline()
        f.close()
    """
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "writer"
        with WorkbookFile.open(path) as viewer:
            assert viewer.read_only and viewer.locked_by is not None and viewer.locked_by.pid == child.pid
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.wait(timeout=SUBPROCESS_TIMEOUT) == 0
    finally:
        child.kill()
        child.wait()
    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: the pid no longer belongs to any process
    return child.pid


def _write_lock(path: Path, *, host: str, pid: int) -> None:
    info = LockInfo(user="李四", host=host, pid=pid, since=datetime(2026, 1, 5, 8, 0).astimezone())
    path.with_name(path.name + ".lock").write_text(info.to_json(), encoding="utf-8")


def test_stale_lock_of_a_crashed_program_on_this_computer_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    _write_lock(path, host=socket.gethostname(), pid=_dead_pid())

    with WorkbookFile.open(path) as wb_file:
        assert not wb_file.read_only and wb_file.locked_by is None
        lock = json.loads((tmp_path / "共享.jixiao.lock").read_text(encoding="utf-8"))
        assert lock["pid"] == os.getpid()


def test_lock_from_another_computer_is_never_stale(tmp_path: Path) -> None:
    path = tmp_path / "共享.jixiao"
    save_new(path, plain_project("甲"))
    _write_lock(path, host="PC-财务科-02", pid=_dead_pid())

    with WorkbookFile.open(path) as wb_file:
        assert wb_file.read_only
        assert wb_file.locked_by is not None
        assert wb_file.locked_by.describe() == "李四（电脑 PC-财务科-02，自 2026-01-05 08:00 起）"
    assert (tmp_path / "共享.jixiao.lock").exists()  # not ours to remove


def test_close_releases_the_lock_and_can_be_repeated(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, plain_project("甲"))
    wb_file = WorkbookFile.open(path)
    assert (tmp_path / "a.jixiao.lock").exists()

    wb_file.close()
    wb_file.close()

    assert not (tmp_path / "a.jixiao.lock").exists()
    with WorkbookFile.open(path) as again:
        assert not again.read_only
    with pytest.raises(WorkbookError, match="已经关闭"):
        wb_file.load()


def test_a_workbook_never_closed_releases_its_lock_when_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, plain_project("甲"))
    forgotten = WorkbookFile.open(path)
    assert (tmp_path / "a.jixiao.lock").exists()

    del forgotten
    gc.collect()

    with WorkbookFile.open(path) as again:
        assert not again.read_only


def test_read_only_open_never_takes_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.jixiao"
    save_new(path, plain_project("甲"))
    with WorkbookFile.open(path, read_only=True) as viewer:
        assert viewer.read_only and viewer.locked_by is None
        assert not (tmp_path / "a.jixiao.lock").exists()
        with WorkbookFile.open(path) as writer:
            assert not writer.read_only
        with pytest.raises(ReadOnlyError):
            viewer.save(Workbook())


# ---------------------------------------------------------------------------------------------------------------------
# Failed saves


def test_save_into_a_deleted_file_fails_and_keeps_the_workbook(tmp_path: Path) -> None:
    path = tmp_path / "将被删除.jixiao"
    workbook = save_new(path, plain_project("甲"))
    wb_file = WorkbookFile.open(path)
    try:
        path.unlink()
        workbook.projects.append(plain_project("新项目"))
        before = copy.deepcopy(workbook)
        with pytest.raises(SaveError) as caught:
            wb_file.save(workbook)
    finally:
        wb_file.close()

    assert_clear_message(caught.value, path)
    assert "删除" in str(caught.value) and "修改仍在程序中" in str(caught.value)
    assert workbook == before and workbook.projects[-1].id is None
    assert not path.exists()


def _make_read_only(folder: Path) -> Callable[[], None]:
    """Make `folder` refuse new files, even for root (which ignores permission bits): returns the undo."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    chattr = shutil.which("chattr")
    assert chattr is not None, "as root the read-only folder is made with chattr +i (package e2fsprogs)"
    subprocess.run([chattr, "+i", str(folder)], check=True)
    return lambda: subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.skipif(os.name != "posix", reason="POSIX folder permissions")
def test_save_in_a_read_only_folder_fails_and_leaves_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "只读"
    folder.mkdir()
    path = folder / "a.jixiao"
    workbook = save_new(path, plain_project("甲"))
    wb_file = WorkbookFile.open(path)
    restore = _make_read_only(folder)
    try:
        workbook.projects.append(plain_project("新项目"))
        before = copy.deepcopy(workbook)
        with pytest.raises(SaveError) as caught:
            wb_file.save(workbook)
    finally:
        restore()
        wb_file.close()

    assert_clear_message(caught.value, path)
    assert workbook == before and workbook.projects[-1].id is None
    assert [p.name for p in load(path).projects] == ["甲"]


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_save_on_a_full_disk_fails_and_leaves_the_file(tmp_path: Path) -> None:
    import resource

    path = tmp_path / "磁盘满.jixiao"
    workbook = save_new(path, plain_project("甲"))
    old_content = path.read_bytes()
    workbook.projects.extend(plain_project(f"新项目{i}", indicators=15) for i in range(300))
    before = copy.deepcopy(workbook)

    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG, as on a full disk, instead of dying
    with WorkbookFile.open(path) as wb_file:
        try:
            resource.setrlimit(resource.RLIMIT_FSIZE, (len(old_content) + 16 * 1024, hard))
            with pytest.raises(SaveError) as caught:
                wb_file.save(workbook)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
            signal.signal(signal.SIGXFSZ, old_handler)

        assert_clear_message(caught.value, path)
        assert workbook == before and all(p.id is None for p in workbook.projects[1:])
        assert path.read_bytes() == old_content

        wb_file.save(workbook)  # the same open file works again once there is room
    assert len(load(path).projects) == 301


# ---------------------------------------------------------------------------------------------------------------------
# A crash in the middle of a save

_SAVE_UNTIL_KILLED = """
    import sys, time
    from decimal import Decimal
    from pathlib import Path
    from desktop.domain.model import Funds, Indicator, Project, Workbook
    from desktop.storage.workbook_file import WorkbookFile

    path, pause = Path(sys.argv[1]), sys.argv[2] == "pause"
    f = WorkbookFile.open(path)
    assert not f.read_only
    conn = f._connection()
    # A tiny page cache forces SQLite to write changed pages into the file before COMMIT, so the kill really lands
    # on a half-rewritten file.
    conn.execute("PRAGMA cache_size = 8")
    def trace(sql):
        if pause and sql.startswith("INSERT INTO indicator"):
            print("inside", flush=True)
            time.sleep(60)
    conn.set_trace_callback(trace)
    print("saving", flush=True)
    f.save(Workbook([
        Project(year=2025, template="ah-project", name=f"新{i}", funds=Funds(total=Decimal("12.50")),
                indicators=[Indicator("产出指标", "数量指标", f"新{i}-{j}", "≥1") for j in range(15)])
        for i in range(400)
    ]))
    print("saved", flush=True)
"""


def _old_workbook(path: Path) -> None:
    save_new(path, *(plain_project(f"旧{i}", indicators=15) for i in range(20)))


def _assert_old_or_new(path: Path) -> str:
    """Reopen after the crash: the file must check out and hold one whole version, never a mix."""
    with WorkbookFile.open(path) as wb_file:  # the dead writer's lock is stale; open runs quick_check
        assert not wb_file.read_only
        projects = wb_file.load().projects
    names = {p.name[0] for p in projects if p.name}
    assert names in ({"旧"}, {"新"})
    version = names.pop()
    assert len(projects) == (20 if version == "旧" else 400)
    for project in projects:
        assert len(project.indicators) == 15
        assert all(ind.name and ind.name.startswith(f"{project.name}") for ind in project.indicators)
    return version


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_during_save_the_file_keeps_the_old_content(tmp_path: Path) -> None:
    path = tmp_path / "崩溃.jixiao"
    _old_workbook(path)
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_SAVE_UNTIL_KILLED), str(path), "pause"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "saving"
        assert child.stdout.readline().strip() == "inside"  # paused inside the transaction, after the projects
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()

    assert (tmp_path / "崩溃.jixiao-journal").exists()  # the crash left a hot journal: the file was mid-write
    # A viewer cannot roll the journal back and must not read the half-written file; it is told what to do.
    with pytest.raises(WorkbookError, match="中断") as caught:
        WorkbookFile.open(path, read_only=True)
    assert_clear_message(caught.value, path)
    assert _assert_old_or_new(path) == "旧"
    assert not (tmp_path / "崩溃.jixiao-journal").exists()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_at_any_moment_of_a_save_the_file_is_old_or_new(tmp_path: Path) -> None:
    template = tmp_path / "template.jixiao"
    _old_workbook(template)
    for attempt, delay in enumerate((0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 1.0)):
        path = tmp_path / f"崩溃{attempt}.jixiao"
        shutil.copyfile(template, path)
        child = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(_SAVE_UNTIL_KILLED), str(path), "run"],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "saving"
            try:
                child.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        _assert_old_or_new(path)
