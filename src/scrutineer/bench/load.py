"""`scrutineer bench --load`: the production server under many readers at once.

The seeds are ingested into a throw-away SQLite database; `scrutineer serve --production`
serves it on 127.0.0.1; wrk (Debian's `wrk`, a C load generator that costs the server
little CPU) keeps CONNECTIONS requests in flight for DURATION seconds, cycling through a
meeting page, the tracker and a scorecard, as readers would. Figures: requests per second,
median and 99th-percentile latency, and errors (failed connections, timeouts and any
answer that is not 2xx or 3xx). Measured, never asserted; the target is printed beside it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CONNECTIONS = 50
DURATION_S = 60
TARGET_P99_MS = 1000
REQUEST_TIMEOUT_S = 10
START_TIMEOUT_S = 60

# wrk runs this in each of its threads: take the pages in turn, and report in one line.
SCRIPT = """
local paths = {%(paths)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d, "connect": %%d, "read": %%d, "write": %%d, "status": %%d, ' ..
    '"timeout": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class LoadFigures:
    pages: list[str]
    workers: int
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _scrutineer() -> str:
    return str(Path(sys.executable).with_name("scrutineer"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        return response.read().decode()


def _first_link(html: str, pattern: str, page: str) -> str:
    found = re.search(pattern, html)
    if found is None:
        raise SystemExit(f"bench --load: no link matching {pattern} on {page}")
    return found[0]


def choose_pages(base: str) -> list[str]:
    """A meeting, the tracker and a scorecard, found as a reader would, by following links."""
    meeting = _first_link(_get(base + "/"), r"/bodies/[-\w]+/meetings/\d{4}-\d\d-\d\d/", "/")
    scorecard = _first_link(
        _get(base + "/scorecard/"), r"/scorecard/(?!indicators/|calls/)[-\w]+/\d{4}-\d\d/", "/"
    )
    return [meeting, "/tracker/", scorecard]


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while True:
        try:
            _get(base + "/")
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit("bench --load: the production server stopped") from None
            if time.monotonic() > deadline:
                raise SystemExit(f"bench --load: no answer in {START_TIMEOUT_S} s") from None
            time.sleep(0.2)


def drive(base: str, pages: list[str], connections: int, duration: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(SCRIPT % {"paths": ", ".join(json.dumps(p) for p in pages)})
    try:
        result = subprocess.run(
            [
                "wrk",
                f"--threads={min(connections, 2)}",
                f"--connections={connections}",
                f"--duration={duration}s",
                f"--timeout={REQUEST_TIMEOUT_S}s",
                f"--script={script.name}",
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def run_load(
    seeds: list[Path], *, connections: int, duration: int, workers: int | None
) -> LoadFigures:
    if shutil.which("wrk") is None:
        raise SystemExit("bench --load needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory(prefix="scrutineer-load-") as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(folder) / 'load.sqlite3'}",
            "SCRUTINEER_SECRET_KEY": secrets.token_urlsafe(50),
        }
        for step in (["migrate", "--no-input", "-v", "0"], ["ingest", *map(str, seeds)]):
            subprocess.run([_scrutineer(), *step], env=env, check=True, capture_output=True)
        from scrutineer.production import gunicorn_command

        command = gunicorn_command(f"127.0.0.1:{_free_port()}", workers)
        address = command[command.index("--bind") + 1]
        chosen_workers = int(command[command.index("--workers") + 1])
        # No access log: writing 50 lines a moment would measure the log, not the site.
        command[command.index("--access-logfile") : command.index("--access-logfile") + 2] = []
        server = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            base = f"http://{address}"
            _wait_until_up(base, server)
            pages = choose_pages(base)
            for page in pages:  # each worker's first request of a page is not the reader's
                for _ in range(chosen_workers):
                    _get(base + page)
            raw = drive(base, pages, connections, duration)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return LoadFigures(
        pages=pages,
        workers=chosen_workers,
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        errors={k: raw[k] for k in ("connect", "read", "write", "status", "timeout") if raw[k]},
    )


def report_load(figures: LoadFigures, connections: int) -> None:
    print(
        f"load: gunicorn with {figures.workers} workers on the seeds (SQLite), "
        f"{connections} connections for {figures.seconds:.0f} s over "
        f"{', '.join(figures.pages)}"
    )
    errors = ", ".join(f"{n} {kind}" for kind, n in figures.errors.items()) or "none"
    print(
        f"load: {figures.per_second:.1f} requests/s, p50 {figures.p50_ms:.0f} ms, "
        f"p99 {figures.p99_ms:.0f} ms (target <= {TARGET_P99_MS} ms), "
        f"max {figures.max_ms:.0f} ms, {figures.requests} requests, "
        f"errors: {errors} (target 0)"
    )
