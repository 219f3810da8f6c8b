"""The workbook file's SQLite schema, its stamp, and its migrations.

A workbook file is recognised by `PRAGMA application_id` (header offset 68) and versioned by `PRAGMA user_version`
(offset 60), which equals the number of migration steps applied. The steps run through sqlite-utils' `Migrations`,
which also records them in its `_sqlite_migrations` table.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlite-utils (with click and dateutil) is imported only to migrate: opening stays fast
    from sqlite_utils import Database, Migrations
else:  # at run time the names only appear in type aliases, where a forward reference does
    Database = "sqlite_utils.Database"

APPLICATION_ID = 0x4A58_4742  # "JXGB": 绩效 (JiXiao) 工作簿 (GongzuoBu)

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
_APPLICATION_ID_OFFSET = 68

MIGRATION_SET = "jixiao-workbook"


def _create_tables(db: Database) -> None:
    """Version 1: stamp the file and create the project, spending step, indicator and meta tables."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    # AUTOINCREMENT so that a deleted project's id is never handed to a new project: an undo that restores the
    # deleted project (with its old id) must not collide with a project created meanwhile.
    db.execute(
        """
        CREATE TABLE project (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            year INTEGER NOT NULL,
            template TEXT NOT NULL,
            name TEXT,
            code TEXT,
            department_code TEXT,
            department_name TEXT,
            unit_code TEXT,
            unit_name TEXT,
            source TEXT,
            period TEXT,
            attribute TEXT,
            funds_total TEXT,
            funds_fiscal TEXT,
            funds_carryover TEXT,
            funds_other TEXT,
            has_midterm INTEGER NOT NULL DEFAULT 0 CHECK (has_midterm IN (0, 1)),
            midterm_start INTEGER,
            midterm_end INTEGER,
            midterm_goal TEXT,
            midterm_funds_total TEXT,
            midterm_funds_fiscal TEXT,
            midterm_funds_carryover TEXT,
            midterm_funds_other TEXT,
            purpose TEXT,
            has_spending_plan INTEGER NOT NULL DEFAULT 0 CHECK (has_spending_plan IN (0, 1)),
            basis TEXT,
            annual_goal TEXT,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final'))
        )
        """
    )
    db.execute(
        """
        CREATE TABLE spending_step (
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            month INTEGER NOT NULL,
            percent TEXT,
            PRIMARY KEY (project_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE indicator (
            id INTEGER PRIMARY KEY,
            project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            level1 TEXT NOT NULL,
            level2 TEXT,
            name TEXT,
            value TEXT,
            midterm_value TEXT,
            description TEXT,
            basis TEXT
        )
        """
    )
    # Needed both for loading in order and for ON DELETE CASCADE, which otherwise scans the whole table per project.
    db.execute("CREATE INDEX indicator_by_project ON indicator(project_id, position)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")


def _add_departments(db: Database) -> None:
    """Version 2: the department level (interchange version 2) — new project and indicator columns, departments.

    A project's money by source and its overview are nullable blocks like the mid-term one: `has_*` says whether
    the block exists at all. A department is kept as its interchange object (`content`, JSON text): it is edited
    and saved as a whole, and storing the spec's own shape means the file and the JSON export cannot drift apart.
    `printed` holds the figures as an imported document printed them (for the D rules), or NULL.
    """
    for column in ("kind", "function_code", *(f"fbs_{key}" for key in _FUNDS_BY_SOURCE), *_OVERVIEW_COLUMNS):
        db.execute(f"ALTER TABLE project ADD COLUMN {column} TEXT")
    for flag in ("has_funds_by_source", "has_overview"):
        db.execute(f"ALTER TABLE project ADD COLUMN {flag} INTEGER NOT NULL DEFAULT 0 CHECK ({flag} IN (0, 1))")
    db.execute("ALTER TABLE indicator ADD COLUMN prior_value TEXT")
    db.execute(
        """
        CREATE TABLE department (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            position INTEGER NOT NULL,
            year INTEGER NOT NULL,
            name TEXT NOT NULL,
            code TEXT,
            content TEXT NOT NULL,
            printed TEXT,
            UNIQUE (year, name)
        )
        """
    )


_FUNDS_BY_SOURCE = (
    "general",
    "gov_fund",
    "state_capital",
    "carryover_general",
    "carryover_gov_fund",
    "carryover_state_capital",
    "special_account",
    "unit",
)
_OVERVIEW_COLUMNS = ("overview_summary", "overview_implementer", "overview_timeframe", "overview_content")


def _add_final_copies(db: Database) -> None:
    """Version 3: a project marked final (定稿) keeps its content at that moment, as its interchange object (JSON
    text), so "与定稿版比较" can say what changed since — also after 撤销定稿 and after a re-import."""
    db.execute("ALTER TABLE project ADD COLUMN final_taken TEXT")
    db.execute("ALTER TABLE project ADD COLUMN final_content TEXT")


MigrationStep = Callable[[Database], None]


def _indicator_midterm_name(db: Database) -> None:
    """The mid-term half's own 三级 name (ah-midterm forms that name an indicator differently in the two halves)."""
    db.execute("ALTER TABLE indicator ADD COLUMN midterm_name TEXT")


# Step N brings a file to user_version N. Append new steps; never edit or reorder released ones.
MIGRATION_STEPS: list[MigrationStep] = [
    _create_tables,
    _add_departments,
    _add_final_copies,
    _indicator_midterm_name,
]


def schema_version() -> int:
    """The user_version this program writes (the number of migration steps it knows)."""
    return len(MIGRATION_STEPS)


def _build_migrations() -> Migrations:
    from sqlite_utils import Migrations

    migrations = Migrations(MIGRATION_SET)
    for version, step in enumerate(MIGRATION_STEPS, start=1):
        migrations(name=f"v{version}_{step.__name__.lstrip('_')}")(_stamping(step, version))
    return migrations


def _stamping(step: MigrationStep, version: int) -> MigrationStep:
    """Wrap a step so that user_version is bumped in the same transaction as the step's changes."""

    def run(db: Database) -> None:
        step(db)
        db.execute(f"PRAGMA user_version = {version}")

    return run


def user_version(conn: sqlite3.Connection) -> int:
    """The file's schema version."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection) -> None:
    """Bring a file (empty, or older) to the current schema; each step is its own transaction."""
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)
    _build_migrations().apply(db)


def has_user_data(conn: sqlite3.Connection) -> bool:
    """True when any table other than SQLite's and sqlite-utils' bookkeeping holds a row."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "AND name != '_sqlite_migrations'"
        )
    ]
    for table in tables:
        quoted = table.replace('"', '""')
        if conn.execute(f'SELECT 1 FROM "{quoted}" LIMIT 1').fetchone() is not None:
            return True
    return False


def backup_path_for(path: Path, version: int) -> Path:
    """Where the copy made before migrating a file to `version` goes: `<name>.before-v<version>.bak` beside it."""
    return path.with_name(f"{path.name}.before-v{version}.bak")


def backup_before_migration(conn: sqlite3.Connection, path: Path) -> Path:
    """Copy the open database to `<name>.before-v<N>.bak` (N = the version about to be reached) and return it.

    The copy is written to a temporary name and renamed, so a half-written backup never carries the final name; an
    older backup of the same name is replaced because it predates edits made since.
    """
    target = backup_path_for(path, schema_version())
    temporary = target.with_name(target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    try:
        copy = sqlite3.connect(temporary)
        try:
            conn.backup(copy)
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def read_header(path: Path) -> bytes:
    """The first 100 bytes of a file (fewer when the file is shorter)."""
    with path.open("rb") as handle:
        return handle.read(HEADER_SIZE)


def header_application_id(header: bytes) -> int:
    """The application_id stamped in a full SQLite header."""
    return int.from_bytes(header[_APPLICATION_ID_OFFSET : _APPLICATION_ID_OFFSET + 4], "big", signed=True)
