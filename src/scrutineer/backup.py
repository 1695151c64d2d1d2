"""Back up and restore the embedded SQLite database.

Both directions use SQLite's online backup API (``sqlite3.Connection.backup``) rather than
copying the file: a file copy taken while the site is writing can catch a half-written
page or miss changes still in the write-ahead log, while the backup API copies one
consistent snapshot and lets the site keep serving. PostgreSQL has its own tools
(``pg_dump``/``pg_restore``, see docs/operations.md), so both commands refuse it.

A backup is written to a temporary file beside the target and renamed into place, so a
failed or interrupted backup never leaves a truncated file under the name asked for. A
restore checks everything it can about the file before it touches the configured
database, and the copy itself is one SQLite transaction, so any failure leaves the
database as it was.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"
DOCS = "docs/operations.md, 'Backup and restore'"

# Tables that `scrutineer migrate` fills by itself: rows in these alone do not make a
# database worth protecting from a restore.
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "sqlite_sequence",
    # The search index's FTS5 structure and settings, written when the table is made.
    "search_fts_data",
    "search_fts_config",
}


class BackupError(Exception):
    """A backup or restore that was refused or failed, naming the file and the problem."""


@dataclass
class Summary:
    """What a backup or restore copied: a table's name -> its row count."""

    path: Path
    size: int
    rows: dict[str, int]
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        total = sum(self.rows.values())
        return f"{self.path}: {self.size:,} bytes, {len(self.rows)} tables, {total:,} rows"


def sqlite_path(database: dict, command: str) -> Path:
    """The file of the configured database; PostgreSQL and in-memory databases are refused."""
    if database["ENGINE"] != "django.db.backends.sqlite3":
        tool = "pg_dump -Fc" if command == "backup" else "pg_restore --clean --if-exists"
        raise BackupError(
            f"scrutineer {command} works on the embedded SQLite database only, and "
            f"DATABASE_URL points at {database['ENGINE'].rsplit('.', 1)[-1]}: use {tool} "
            f"instead, as set out in {DOCS}."
        )
    name = str(database["NAME"])
    if name == ":memory:" or name.startswith("file:") or not name:
        raise BackupError(f"the configured SQLite database {name!r} is not a file on disk.")
    return Path(name).resolve()


def backup(database: dict, target: Path, force: bool = False) -> Summary:
    """Copy the configured SQLite database to ``target`` while it may be in use."""
    source = sqlite_path(database, "backup")
    target = Path(target).absolute()
    if not source.is_file():
        raise BackupError(f"{source}: no database here to back up; run `scrutineer migrate`.")
    if target.resolve() == source:
        raise BackupError(f"{target}: is the database itself; choose another file.")
    if target.is_dir():
        raise BackupError(f"{target}: is a directory; give the name of the backup file.")
    if target.exists() and not force:
        raise BackupError(f"{target}: already exists; use --force to overwrite it.")
    if not target.parent.is_dir():
        raise BackupError(f"{target}: its directory {target.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    try:
        with _open_read_only(source) as live, closing(sqlite3.connect(temporary)) as copy:
            # pages=-1 copies everything in one step: a step-by-step copy restarts whenever
            # the site writes, and might never finish on a busy site.
            live.backup(copy, pages=-1)
            _check_integrity(copy, target)
            rows = _row_counts(copy)
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except sqlite3.Error as error:
        raise BackupError(f"{target}: the backup of {source} failed: {error}") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return Summary(target, target.stat().st_size, rows)


def restore(
    database: dict, source: Path, known_migrations: set[tuple[str, str]], force: bool = False
) -> Summary:
    """Replace the configured SQLite database with the backup ``source``.

    ``known_migrations`` are this code's migrations as (app, name): a backup that has
    applied one this code does not know comes from a newer version and is refused, since
    this code would misread its tables; one missing some is older and needs `migrate`.
    """
    target = sqlite_path(database, "restore")
    source = Path(source).absolute()
    _check_is_sqlite_file(source)
    if source.resolve() == target:
        raise BackupError(f"{source}: is the configured database itself.")
    if not target.parent.is_dir():
        raise BackupError(f"{target}: its directory {target.parent} does not exist.")
    with _open_read_only(source) as backup_db:
        try:
            _check_integrity(backup_db, source)
            applied = _applied_migrations(backup_db, source)
        except sqlite3.Error as error:
            raise BackupError(f"{source}: is not a usable SQLite database: {error}") from error
        newer = sorted(applied - known_migrations)
        if newer:
            names = ", ".join(f"{app}.{name}" for app, name in newer)
            raise BackupError(
                f"{source}: comes from a newer version of Scrutineer (it has migrations "
                f"this version does not know: {names}); install that version or a later "
                "one to restore it."
            )
        existed = target.exists()
        if existed and not force:
            holding = _tables_with_records(target)
            if holding:
                raise BackupError(
                    f"{target}: the configured database already holds records (in "
                    f"{', '.join(holding[:5])}{'...' if len(holding) > 5 else ''}); "
                    f"nothing was restored from {source}. Use --force to replace them."
                )
        try:
            with closing(sqlite3.connect(target)) as live:
                # One step, so one transaction on the target: all of the backup or none.
                backup_db.backup(live, pages=-1)
                rows = _row_counts(live)
        except sqlite3.Error as error:
            if not existed:
                target.unlink(missing_ok=True)
            raise BackupError(f"{source}: could not be restored into {target}: {error}") from error
    summary = Summary(target, target.stat().st_size, rows)
    missing = len(known_migrations - applied)
    if missing:
        summary.notes.append(
            f"The backup predates {missing} migration(s) of this version: "
            "run `scrutineer migrate` before serving the site."
        )
    return summary


def _check_is_sqlite_file(path: Path) -> None:
    """Refuse anything but a regular file that starts with SQLite's header, before reading."""
    try:
        info = path.stat()
    except OSError as error:
        raise BackupError(f"{path}: cannot be read ({error.strerror}).") from error
    if not stat.S_ISREG(info.st_mode):
        raise BackupError(f"{path}: is not a regular file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise BackupError(f"{path}: is not a SQLite database (its header is wrong).")


def _open_read_only(path: Path) -> closing[sqlite3.Connection]:
    """A connection that can neither change nor, by mistake, create the file."""
    try:
        return closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True))
    except sqlite3.Error as error:
        raise BackupError(f"{path}: cannot be opened as a SQLite database: {error}") from error


def code_migrations() -> set[tuple[str, str]]:
    """This code's migrations as (app, name), read from disk without touching a database."""
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _check_integrity(connection: sqlite3.Connection, path: Path) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        shown = "; ".join(problems[:3]) + ("..." if len(problems) > 3 else "")
        raise BackupError(f"{path}: fails SQLite's integrity check: {shown}")


def _tables(connection: sqlite3.Connection) -> list[str]:
    return [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]


def _quote(table: str) -> str:
    return '"' + table.replace('"', '""') + '"'


def _row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        table: connection.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0]
        for table in _tables(connection)
    }


def _applied_migrations(connection: sqlite3.Connection, path: Path) -> set[tuple[str, str]]:
    """The backup's applied migrations; a database without Scrutineer's tables is refused."""
    tables = set(_tables(connection))
    if "django_migrations" not in tables or not any(t.startswith("governance_") for t in tables):
        raise BackupError(
            f"{path}: is a SQLite database but not a Scrutineer one "
            "(it has no django_migrations or governance tables)."
        )
    return set(connection.execute("SELECT app, name FROM django_migrations"))


def _tables_with_records(path: Path) -> list[str]:
    try:
        with _open_read_only(path) as connection:
            return [
                table
                for table in _tables(connection)
                if table not in BOOKKEEPING_TABLES
                and connection.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1").fetchone()
            ]
    except sqlite3.Error as error:
        raise BackupError(
            f"{path}: the configured database cannot be read ({error}); use --force to replace it."
        ) from error


def _fsync(path) -> None:
    """Make the renamed backup durable, not just visible."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
