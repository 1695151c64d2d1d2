"""Harvest throughput on the job queue: `scrutineer harvest --queue` of N synthetic meetings
from the local server, run by one and then by two `scrutineer worker` processes on the local
Redis, into a throw-away database of the configured backend. Skipped without Redis."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scrutineer.harvest.localsite import LocalSite

from .harvest import FIRST_DAY, SyntheticSite
from .measure import throwaway_database

BROKER = os.environ.get("SCRUTINEER_BENCH_BROKER", "redis://127.0.0.1:6379/6")
SCRUTINEER = Path(sys.executable).with_name("scrutineer")


def _redis_missing() -> str | None:
    host, _, port = BROKER.split("://", 1)[1].split("/", 1)[0].rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=2) as connection:
            connection.sendall(b"PING\r\n")
            if connection.recv(16).startswith(b"+PONG"):
                return None
    except OSError as error:
        return f"no Redis at {host}:{port} ({error})"
    return f"{host}:{port} is not Redis"


def _database_url() -> str:
    from django.db import connection

    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    return (
        f"postgresql://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )


def _start_worker(env: dict, queue: str, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(SCRUTINEER), "worker", "-P", "solo", "-c", "1", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the worker did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.1)
    return process


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def queued_throughput(count: int, workers: int) -> float:
    """Meetings per second, from asking to the last job done."""
    from scrutineer.jobs.models import Job

    synthetic = SyntheticSite(count)
    last = FIRST_DAY + dt.timedelta(days=7 * count)
    queue = f"scrutineer-bench-{os.getpid()}-{workers}"
    with (
        tempfile.TemporaryDirectory() as scratch,
        throwaway_database(),
        LocalSite(synthetic) as site,
    ):
        synthetic.site = site.url
        env = {**os.environ, "DATABASE_URL": _database_url(), "SCRUTINEER_BROKER_URL": BROKER,
               "SCRUTINEER_QUEUE": queue}  # fmt: skip
        running = [
            _start_worker(env, queue, Path(scratch) / f"worker-{n}.log") for n in range(workers)
        ]
        try:
            start = time.perf_counter()
            subprocess.run(
                [str(SCRUTINEER), "harvest", site.url, "--council", "bench", "--since",
                 FIRST_DAY.isoformat(), "--until", last.isoformat(), "--interval", "0",
                 "--queue"],
                env=env, check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            while Job.objects.exclude(state__in=["done", "failed"]).exists():
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
            failed = Job.objects.filter(state="failed").count()
        finally:
            _stop(running)
    if failed:
        raise RuntimeError(f"{failed} of {count} harvest jobs failed")
    return count / elapsed


def report_queued(count: int) -> None:
    missing = _redis_missing()
    if missing:
        print(f"harvest on the job queue: skipped, {missing} (SCRUTINEER_BENCH_BROKER)")
        return
    one = queued_throughput(count, 1)
    two = queued_throughput(count, 2)
    print(
        f"harvest on the job queue ({count} meetings, one job each): one worker "
        f"{one:.1f} meetings/s, two workers {two:.1f} meetings/s ({two / one:.2f}x)"
    )
