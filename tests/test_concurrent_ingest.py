"""Two processes writing the same records at once either both succeed or one refuses cleanly.

Real `scrutineer ingest` processes (and real upload processes) started together against a
scratch database of the backend the suite runs on: an SQLite file in a temporary directory,
or a PostgreSQL database created and dropped here. The scratch database is migrated once and
reset to that state before every trial. After each trial nothing is duplicated: the row
counts equal those of loading the same files one after the other.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.conf import settings

from scrutineer.contention import Contended, run_atomic
from scrutineer.governance.models import Body
from tests.seeds import seed_path

TRIALS = 20
UPLOAD_TRIALS = 5
SCRUTINEER = Path(sys.executable).with_name("scrutineer")
APPS = {"governance", "tracker", "performance", "reports", "ingest"}
DUPLICATES = {
    "documents": "SELECT sha256 FROM governance_document GROUP BY sha256 HAVING COUNT(*) > 1",
    "bodies": "SELECT name FROM governance_body GROUP BY name HAVING COUNT(*) > 1",
    "meetings": "SELECT body_id, date FROM governance_meeting GROUP BY body_id, date "
    "HAVING COUNT(*) > 1",
    "current figures": "SELECT indicator_id, area_id, period_id, breakdown_id "
    "FROM performance_observation WHERE superseded_by_id IS NULL "
    "GROUP BY indicator_id, area_id, period_id, breakdown_id HAVING COUNT(*) > 1",
}


def app_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in APPS
    )


class Scratch:
    """A database shared by the processes of one trial; ``reset`` returns it to a saved
    state ("migrated", or a state saved with ``save_as``)."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.env = {**os.environ, "SCRUTINEER_VAR_DIR": str(tmp), "DATABASE_URL": self.url}

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [*args], env={**self.env, **(env or {})}, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
        return done

    def counts(self) -> dict[str, int]:
        counts = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in app_tables())
        return dict(self.query(counts))

    def duplicates(self) -> dict[str, list]:
        return {what: rows for what, sql in DUPLICATES.items() if (rows := self.query(sql))}


class SqliteScratch(Scratch):
    def __init__(self, tmp: Path):
        self.path = tmp / "scratch.sqlite3"
        self.url = f"sqlite:///{self.path}"
        super().__init__(tmp)
        self.run(str(SCRUTINEER), "migrate", "-v0")
        self.save_as("migrated")

    def save_as(self, state: str) -> None:
        with sqlite3.connect(self.path) as source, sqlite3.connect(self._saved(state)) as copy:
            source.backup(copy)

    def reset(self, state: str = "migrated") -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self._saved(state), self.path)

    def query(self, sql: str) -> list[tuple]:
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql).fetchall()

    def close(self) -> None:
        pass

    def _saved(self, state: str) -> Path:
        return self.tmp / f"{state}.sqlite3"


class PostgresScratch(Scratch):
    """scrutineer_conc_<pid>, recreated for each trial from a template database (a file copy
    on the server, a fraction of a second)."""

    def __init__(self, tmp: Path):
        import psycopg

        self.psycopg = psycopg
        db = settings.DATABASES["default"]
        self.server = {
            "host": db["HOST"] or "127.0.0.1",
            "port": db["PORT"] or 5432,
            "user": db["USER"],
            "password": db["PASSWORD"],
        }
        self.name = f"scrutineer_conc_{os.getpid()}"
        self.admin = psycopg.connect(dbname="postgres", autocommit=True, **self.server)
        self.url = self._url(self.name)
        self.saved: list[str] = []
        super().__init__(tmp)
        self._create(self.name)
        self.run(str(SCRUTINEER), "migrate", "-v0")
        self.save_as("migrated")

    def save_as(self, state: str) -> None:
        self._create(self._saved(state), template=self.name)
        self.saved.append(self._saved(state))

    def reset(self, state: str = "migrated") -> None:
        self._create(self.name, template=self._saved(state))

    def query(self, sql: str) -> list[tuple]:
        with self.psycopg.connect(dbname=self.name, **self.server) as connection:
            return connection.execute(sql).fetchall()

    def close(self) -> None:
        for name in [self.name, *self.saved]:
            self._drop(name)
        self.admin.close()

    def _saved(self, state: str) -> str:
        return f"{self.name}_{state}"

    def _url(self, name: str) -> str:
        s = self.server
        login = quote(s["user"] or "", safe="")
        if s["password"]:
            login += ":" + quote(s["password"], safe="")
        return f"postgresql://{login}@{s['host']}:{s['port']}/{name}"

    def _create(self, name: str, template: str | None = None) -> None:
        sql = self.psycopg.sql
        self._drop(name)
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self.admin.execute(statement)

    def _drop(self, name: str) -> None:
        sql = self.psycopg.sql
        self.admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    kind = {"sqlite3": SqliteScratch, "postgresql": PostgresScratch}[vendor]
    database = kind(tmp_path_factory.mktemp("concurrent"))
    yield database
    database.close()


def race(scratch: Scratch, commands: list[list[str]]) -> list[subprocess.CompletedProcess]:
    """Start every command before waiting for any: a start-up of most of a second each
    dwarfs the microseconds between the two starts, so their work overlaps."""
    running = [
        subprocess.Popen(
            command, env=scratch.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for command in commands
    ]
    done = []
    for command, process in zip(commands, running, strict=True):
        out, err = process.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return done


def judge(runs: list[subprocess.CompletedProcess], names: list[str]) -> list[str]:
    """Each run succeeded, or failed with ``error: NAME: ...`` and no traceback. Returns
    the names of the files (or uploads) that went in."""
    loaded = []
    for run, name in zip(runs, names, strict=True):
        assert "Traceback" not in run.stderr + run.stdout, run.stderr
        if run.returncode == 0:
            loaded.append(name)
        else:
            assert f"error: {name}: " in run.stderr, run.stderr
    assert loaded, f"every process failed: {[run.stderr for run in runs]}"
    return loaded


def ingest_race(scratch: Scratch, paths: list[Path]) -> None:
    names = [path.name for path in paths]
    by_name = {path.name: path for path in paths}
    expected = {}  # the loaded files, in order -> counts of loading them one after the other

    def sequential(order: tuple[str, ...]) -> dict[str, int]:
        if order not in expected:
            scratch.reset()
            scratch.run(str(SCRUTINEER), "ingest", *[str(by_name[name]) for name in order])
            expected[order] = scratch.counts()
        return expected[order]

    outcomes = {"both loaded": 0, "one refused cleanly": 0}
    started = time.perf_counter()
    for _ in range(TRIALS):
        scratch.reset()
        runs = race(scratch, [[str(SCRUTINEER), "ingest", str(path)] for path in paths])
        loaded = judge(runs, names)
        outcomes["both loaded" if len(loaded) == len(paths) else "one refused cleanly"] += 1
        counts, duplicates = scratch.counts(), scratch.duplicates()
        assert duplicates == {}
        assert counts["governance_document"] == len({by_name[name].read_bytes() for name in loaded})
        orders = {tuple(loaded), tuple(reversed(loaded))}
        assert counts in [sequential(order) for order in orders]
    elapsed = time.perf_counter() - started
    print(f"\n{' + '.join(names)}, {TRIALS} trials in {elapsed:.1f} s: {outcomes}")


def test_two_ingests_of_the_same_seed(scratch):
    path = seed_path("lscb-annual-report-2016-17.txt")
    ingest_race(scratch, [path, path])


def test_two_ingests_of_seeds_naming_the_same_board(scratch):
    """Both scrutiny packs name the Education and Children's Services Scrutiny Board (2),
    its members and officers."""
    ingest_race(
        scratch,
        [seed_path("scrutiny-pack-2016-07-21.txt"), seed_path("scrutiny-pack-2022-03-17.txt")],
    )


def test_an_ingest_that_waits_too_long_for_sqlite_names_its_file(scratch):
    if not isinstance(scratch, SqliteScratch):
        pytest.skip("SQLite's busy timeout; PostgreSQL ingests queue on a lock instead")
    path = seed_path("lscb-annual-report-2016-17.txt")
    scratch.reset()
    holder = sqlite3.connect(scratch.path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer that keeps the database
        started = time.perf_counter()
        run = subprocess.run(
            [str(SCRUTINEER), "ingest", str(path)],
            env={**scratch.env, "SCRUTINEER_SQLITE_TIMEOUT": "0.5"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.perf_counter() - started
    finally:
        holder.close()
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[0] == (
        f"error: {path.name}: could not be loaded: the database stayed locked by another "
        "process for 0.5 s (SCRUTINEER_SQLITE_TIMEOUT); try again; nothing was written"
    )
    assert waited < 10
    assert scratch.counts()["governance_document"] == 0


# Data-call uploads ---------------------------------------------------------------------------

INDICATORS = 300

SETUP = textwrap.dedent(
    f"""
    import csv, datetime as dt, io, sys
    import django
    django.setup()
    from scrutineer.governance.models import Body, Organisation
    from scrutineer.performance.models import Area, DataCall, Indicator, Period
    from scrutineer.performance.datacalls.templates import template_csv

    body = Body.objects.create(name="Safeguarding Partnership")
    council = Organisation.objects.create(name="Coventry City Council")
    Area.objects.create(name="Coventry", kind=Area.Kind.LOCAL_AUTHORITY)
    period = Period.objects.create(
        label="2021/22 Q1", kind=Period.Kind.QUARTER,
        start=dt.date(2021, 4, 1), end=dt.date(2021, 6, 30),
    )
    call = DataCall.objects.create(
        body=body, period=period, deadline=dt.date(2021, 7, 31), title="Q1 call"
    )
    call.indicators.set(
        Indicator.objects.create(
            name=f"Indicator {{n}}", unit=Indicator.Unit.COUNT, body=body,
            responsible_organisation=council,
        )
        for n in range({INDICATORS})
    )
    sys.stdout.write(template_csv(call, council).decode("utf-8-sig"))
    """
)

UPLOAD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import django
    django.setup()
    from scrutineer.governance.models import Organisation
    from scrutineer.performance.models import DataCall
    from scrutineer.packs.spreadsheets import SubmissionRejected
    from scrutineer.performance.datacalls.returns import import_submission

    path = Path(sys.argv[1])
    council = Organisation.objects.get(name="Coventry City Council")
    try:
        submission = import_submission(DataCall.objects.get(), council, path.name,
                                       path.read_bytes())
    except SubmissionRejected as error:
        sys.exit(f"error: {path.name}: {error}")
    print(submission.pk, submission.outcome)
    """
)


def filled(template: str, base: int) -> bytes:
    rows = list(csv.reader(io.StringIO(template)))
    for n, row in enumerate(rows[2:]):
        row[5] = str(base + n)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def upload_race(scratch: Scratch, paths: list[Path]) -> None:
    outcomes = {"both loaded": 0, "one refused cleanly": 0}
    started = time.perf_counter()
    for _ in range(UPLOAD_TRIALS):
        scratch.reset("data call")
        runs = race(scratch, [[sys.executable, "-c", UPLOAD, str(path)] for path in paths])
        loaded = judge(runs, [path.name for path in paths])
        outcomes["both loaded" if len(loaded) == len(paths) else "one refused cleanly"] += 1
        assert scratch.duplicates() == {}
        distinct = {path.read_bytes() for path in paths if path.name in loaded}
        counts = scratch.counts()
        assert counts["performance_submission"] == len(distinct)
        assert counts["performance_observation"] == INDICATORS * len(distinct)
        current = scratch.query(
            "SELECT COUNT(*) FROM performance_observation WHERE superseded_by_id IS NULL"
        )
        assert current == [(INDICATORS,)]
    elapsed = time.perf_counter() - started
    print(
        f"\nuploads of {len(paths)} returns, {UPLOAD_TRIALS} trials in {elapsed:.1f} s: {outcomes}"
    )


@pytest.fixture(scope="module")
def returns(scratch):
    """Two different returns for the same call and partner, in files."""
    scratch.reset()
    template = scratch.run(sys.executable, "-c", SETUP).stdout
    scratch.save_as("data call")
    first, second = scratch.tmp / "first.csv", scratch.tmp / "second.csv"
    first.write_bytes(filled(template, 1))
    second.write_bytes(filled(template, 1000))
    return first, second


def test_two_uploads_of_different_returns_for_one_partner(scratch, returns):
    upload_race(scratch, list(returns))


def test_two_uploads_of_the_same_return(scratch, returns):
    upload_race(scratch, [returns[0], returns[0]])


# The retry itself ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_race_lost_on_every_attempt_is_given_up_with_a_sentence():
    Body.objects.create(name="Board")
    attempts = []

    def work():
        attempts.append(1)
        Body.objects.create(name="Board", slug=f"board-{len(attempts)}")

    with pytest.raises(Contended) as refused:
        run_atomic(work, attempts=3)
    assert len(attempts) == 3
    assert str(refused.value).startswith("another process kept changing the same records (")
    assert str(refused.value).endswith("); gave up after 3 attempts; try again")
    assert Body.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_race_lost_once_is_run_again_from_the_start():
    Body.objects.create(name="Board")
    names = iter(["Board", "Another board"])

    def work():
        Body.objects.create(name="Written by the lost attempt")
        return Body.objects.create(name=next(names))

    assert run_atomic(work).name == "Another board"
    assert sorted(Body.objects.values_list("name", flat=True)) == [
        "Another board",
        "Board",
        "Written by the lost attempt",
    ]
