"""A real `scrutineer worker` on the local Redis, against a scratch database of the suite's
backend (an SQLite file, or a PostgreSQL database), for end-to-end tests of queued jobs.

    @pytest.fixture(scope="module")
    def worker(tmp_path_factory):
        with running_worker(tmp_path_factory.mktemp("worker")) as running:
            yield running

    def test_...(worker):
        worker.scrutineer("ingest", "--queue", path)   # any command, in the worker's setting
        rows = worker.jobs()                              # once every job has finished
        worker.scratch.query("SELECT COUNT(*) FROM governance_document")

Skips when Redis does not answer, unless SCRUTINEER_REQUIRE_SEEDS=1 (CI), where it fails.
The broker is redis://127.0.0.1:6379/SCRUTINEER_TEST_REDIS_DB (5), on a queue of this
test process's own, so no message left by another run reaches the worker.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

SCRUTINEER = Path(sys.executable).with_name("scrutineer")
REDIS = ("127.0.0.1", 6379)
REDIS_DB = int(os.environ.get("SCRUTINEER_TEST_REDIS_DB", "5"))


def redis_answers() -> str | None:
    """None when Redis answers PING at REDIS, else why not."""
    try:
        with socket.create_connection(REDIS, timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            answer = connection.recv(64)
    except OSError as error:
        return f"no Redis at {REDIS[0]}:{REDIS[1]} ({error})"
    return None if answer.startswith(b"+PONG") else f"Redis answered {answer!r} to PING"


class Worker:
    """`scrutineer worker` on a scratch database of the suite's backend, one per module."""

    def __init__(self, scratch, log: Path, env: dict | None = None):
        self.scratch = scratch
        queue = f"scrutineer-test-{os.getpid()}"  # no message left by another run reaches it
        self.env = {
            **scratch.env,
            "SCRUTINEER_BROKER_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
            "SCRUTINEER_QUEUE": queue,
            **(env or {}),
        }
        self.log = log
        self.process = subprocess.Popen(
            [
                str(SCRUTINEER),
                "worker",
                "-P",
                "solo",
                "-c",
                "1",
                "-Q",
                queue,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        self._wait_for("ready.", 60)

    def _wait_for(self, text: str, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"the worker did not say {text!r}:\n{self.log.read_text(errors='replace')}")

    def scrutineer(self, *args) -> str:
        """Run `scrutineer ARGS` with the worker's database and broker; its output."""
        done = subprocess.run(
            [str(SCRUTINEER), *map(str, args)],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def jobs(self, seconds: float = 60) -> list[tuple]:
        """Every job, once all have finished."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            rows = self.scratch.query("SELECT id, state, attempts, error FROM jobs_job ORDER BY id")
            if rows and all(state in {"done", "failed"} for _, state, _, _ in rows):
                return rows
            time.sleep(0.1)
        pytest.fail(f"jobs unfinished after {seconds} s: {rows}\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running_worker(tmp: Path, env: dict | None = None):
    """A worker (and its scratch database) for the duration of the block; ``env`` adds to
    the environment of the worker and of ``Worker.scrutineer``."""
    reason = redis_answers()
    if reason:
        if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
            pytest.fail(f"{reason}: CI runs the worker test on the local Redis")
        pytest.skip(f"{reason}: the end-to-end worker test needs Redis")
    from tests.test_concurrent_ingest import PostgresScratch, SqliteScratch

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    scratch = {"sqlite3": SqliteScratch, "postgresql": PostgresScratch}[vendor](tmp)
    try:
        running = Worker(scratch, tmp / "worker.log", env)
        try:
            yield running
        finally:
            running.stop()
    finally:
        scratch.close()
