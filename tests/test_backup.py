"""`scrutineer backup` and `scrutineer restore`, run as real processes of the real command
against SQLite files of their own, whatever database the rest of the suite uses."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from scrutineer.cli import SAMPLE_DIR

SCRUTINEER = Path(sys.executable).with_name("scrutineer")


def run(database: Path | str, *args: str) -> subprocess.CompletedProcess:
    url = database if isinstance(database, str) else f"sqlite:///{database}"
    env = {**os.environ, "DATABASE_URL": url, "SCRUTINEER_SECRET_KEY": "test-backup-key"}
    return subprocess.run(
        [str(SCRUTINEER), *args], env=env, capture_output=True, text=True, timeout=300
    )


def ok(database, *args) -> str:
    done = run(database, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def refused(database, *args) -> str:
    done = run(database, *args)
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    return done.stderr


def row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> Path:
    """Database A: migrated, with the bundled sample packs ingested."""
    database = tmp_path_factory.mktemp("a") / "a.sqlite3"
    ok(database, "migrate", "--no-input", "--verbosity", "0")
    ok(database, "ingest", *sorted(str(p) for p in SAMPLE_DIR.glob("*.txt")))
    return database


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A database as `scrutineer migrate` leaves it, holding no records yet."""
    database = tmp_path_factory.mktemp("migrated") / "empty.sqlite3"
    ok(database, "migrate", "--no-input", "--verbosity", "0")
    return database


@pytest.fixture(scope="module")
def backup_file(loaded, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("backups") / "scrutineer.backup"
    ok(loaded, "backup", str(target))
    return target


def test_backup_then_restore_into_a_fresh_database_gives_equal_rows(loaded, backup_file, tmp_path):
    fresh = tmp_path / "b.sqlite3"
    printed = ok(fresh, "restore", str(backup_file))

    source_counts = row_counts(loaded)
    assert row_counts(fresh) == source_counts
    assert source_counts["governance_meeting"] == 10
    assert source_counts["tracker_trackeditem"] == 8  # two listed rows restate resolutions
    assert source_counts["tracker_workprogrammeitem"] == 17
    assert dump(fresh) == dump(loaded)
    assert printed.startswith(f"Restored {backup_file} into {fresh}: ")
    assert f"{len(source_counts) - 1} tables" in printed  # sqlite_sequence is not counted
    # The restored database is a working one: Django sees every migration applied.
    assert "[ ]" not in ok(fresh, "showmigrations")


def test_backup_prints_the_file_its_size_and_rows(loaded, tmp_path):
    target = tmp_path / "copy.backup"
    printed = ok(loaded, "backup", str(target))
    counts = row_counts(target)
    del counts["sqlite_sequence"]
    assert printed == (
        f"Backed up to {target}: {target.stat().st_size:,} bytes, {len(counts)} tables, "
        f"{sum(counts.values()):,} rows.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.backup"]  # no temp file left


def test_backup_refuses_to_overwrite_without_force(loaded, tmp_path):
    target = tmp_path / "existing.backup"
    target.write_bytes(b"an earlier backup")
    assert refused(loaded, "backup", str(target)) == (
        f"CommandError: {target}: already exists; use --force to overwrite it.\n"
    )
    assert target.read_bytes() == b"an earlier backup"
    ok(loaded, "backup", "--force", str(target))
    assert row_counts(target) == row_counts(loaded)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing.backup"]


def test_a_backup_taken_during_a_write_holds_only_committed_rows(loaded, tmp_path):
    """The site keeps writing while a backup runs: the copy is the last committed state."""
    before = row_counts(loaded)["governance_body"]
    target = tmp_path / "during-write.backup"
    with closing(sqlite3.connect(loaded, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO governance_body "
            "(council_id, name, slug, kind, remit, category, expired, deleted, updated_at) "
            "SELECT MIN(id), 'Uncommitted Board', 'uncommitted-board', 'other', '', '', 0, 0, "
            "CURRENT_TIMESTAMP "
            "FROM governance_council"
        )
        ok(loaded, "backup", str(target))
        writer.execute("ROLLBACK")
    assert row_counts(target)["governance_body"] == before


@pytest.mark.parametrize(
    "content",
    [b"", b"Not a database at all\n" * 10, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["empty", "text", "sqlite-header-then-garbage"],
)
def test_a_file_that_is_not_a_sqlite_database_is_refused(tmp_path, content):
    bad = tmp_path / "bad.backup"
    bad.write_bytes(content)
    target = tmp_path / "b.sqlite3"
    message = refused(target, "restore", str(bad))
    assert message.startswith(f"CommandError: {bad}: is not ")
    assert not target.exists()


def test_a_damaged_backup_is_refused_by_the_integrity_check(backup_file, migrated, tmp_path):
    damaged = tmp_path / "damaged.backup"
    data = bytearray(backup_file.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Wreck pages 3 to 10, keeping the header and schema page readable.
    data[2 * page_size : 10 * page_size] = b"\x0d" * (8 * page_size)
    damaged.write_bytes(bytes(data))
    target = tmp_path / "b.sqlite3"
    shutil.copyfile(migrated, target)
    before = digest(target)

    message = refused(target, "restore", "--force", str(damaged))

    assert message.startswith(f"CommandError: {damaged}: ")
    assert "integrity check" in message or "malformed" in message
    assert digest(target) == before


def test_a_database_that_is_not_scrutineers_is_refused(tmp_path):
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
    target = tmp_path / "b.sqlite3"
    assert refused(target, "restore", str(other)) == (
        f"CommandError: {other}: is a SQLite database but not a Scrutineer one "
        "(it has no django_migrations or governance tables).\n"
    )
    assert not target.exists()


def test_restore_over_a_database_with_records_needs_force(loaded, backup_file, tmp_path):
    target = tmp_path / "b.sqlite3"
    shutil.copyfile(loaded, target)
    with closing(sqlite3.connect(target)) as connection:
        connection.execute("DELETE FROM tracker_trackeditem WHERE id = 1")
        connection.commit()
    counts, before = row_counts(target), digest(target)

    message = refused(target, "restore", str(backup_file))

    assert message.startswith(f"CommandError: {target}: the configured database already holds ")
    assert f"nothing was restored from {backup_file}. Use --force to replace them." in message
    assert digest(target) == before
    assert row_counts(target) == counts

    ok(target, "restore", "--force", str(backup_file))
    assert row_counts(target) == row_counts(loaded)


def test_restore_into_a_freshly_migrated_database_needs_no_force(
    loaded, backup_file, migrated, tmp_path
):
    target = tmp_path / "b.sqlite3"
    shutil.copyfile(migrated, target)
    ok(target, "restore", str(backup_file))
    assert row_counts(target) == row_counts(loaded)


def test_a_backup_from_a_newer_version_is_refused(backup_file, tmp_path):
    newer = tmp_path / "newer.backup"
    shutil.copyfile(backup_file, newer)
    with closing(sqlite3.connect(newer)) as connection:
        connection.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('tracker', '9999_from_the_future', '2030-01-01')"
        )
        connection.commit()
    target = tmp_path / "b.sqlite3"
    assert refused(target, "restore", str(newer)) == (
        f"CommandError: {newer}: comes from a newer version of Scrutineer (it has migrations "
        "this version does not know: tracker.9999_from_the_future); install that version or "
        "a later one to restore it.\n"
    )
    assert not target.exists()


def test_a_backup_from_an_older_version_says_to_migrate(backup_file, tmp_path):
    older = tmp_path / "older.backup"
    shutil.copyfile(backup_file, older)
    with closing(sqlite3.connect(older)) as connection:
        (latest,) = connection.execute(
            "SELECT name FROM django_migrations WHERE app = 'tracker' ORDER BY name DESC LIMIT 1"
        ).fetchone()
        connection.execute(
            "DELETE FROM django_migrations WHERE app = 'tracker' AND name = ?", [latest]
        )
        connection.commit()
    target = tmp_path / "b.sqlite3"
    printed = ok(target, "restore", str(older))
    assert printed.endswith(
        "The backup predates 1 migration(s) of this version: "
        "run `scrutineer migrate` before serving the site.\n"
    )
    listed = " ".join(ok(target, "showmigrations", "tracker").split())
    assert (listed.count("[ ]"), f"[ ] {latest}" in listed) == (1, True)


@pytest.mark.parametrize(
    ("command", "tool"),
    [("backup", "pg_dump -Fc"), ("restore", "pg_restore --clean --if-exists")],
)
def test_postgresql_is_refused_with_a_pointer_to_its_own_tools(command, tool, tmp_path):
    file = tmp_path / "scrutineer.backup"
    if command == "restore":
        file.write_bytes(b"")
    url = "postgresql://postgres@127.0.0.1:5432/scrutineer_backup_refused"
    assert refused(url, command, str(file)) == (
        f"CommandError: scrutineer {command} works on the embedded SQLite database only, and "
        f"DATABASE_URL points at postgresql: use {tool} instead, as set out in "
        "docs/operations.md, 'Backup and restore'.\n"
    )
    if command == "backup":
        assert not file.exists()
