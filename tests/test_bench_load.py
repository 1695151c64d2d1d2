"""`scrutineer bench --load` runs end to end: seeds ingested, the production server
started, wrk driving it, figures printed. A short run: the figures themselves are for
people to read (README), not for a test to judge."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.seeds import SEED_NAMES, seed_path

SCRUTINEER = str(Path(sys.executable).with_name("scrutineer"))


def test_bench_load_serves_the_seeds_and_reports_figures(tmp_path):
    seeds = seed_path(SEED_NAMES[0]).parent
    if shutil.which("wrk") is None:
        message = "bench --load needs wrk: apt-get install wrk"
        if os.environ.get("SCRUTINEER_REQUIRE_WRK") == "1":
            pytest.fail(message)
        pytest.skip(message)
    # Benchmarks run in throw-away databases: they need no database address and no key.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SCRUTINEER_SECRET_KEY", "SCRUTINEER_DEBUG"}
    }
    result = subprocess.run(
        [
            SCRUTINEER,
            "bench",
            str(seeds),
            "--load",
            "--duration",
            "2",
            "--connections",
            "4",
            "--workers",
            "2",
        ],
        env={**env, "SCRUTINEER_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    pages = re.search(r"connections for \d+ s over (.+)$", result.stdout, re.M)[1].split(", ")
    assert pages[0].startswith("/bodies/") and "/meetings/" in pages[0]
    assert pages[1] == "/tracker/"
    assert pages[2].startswith("/scorecard/")
    figures = re.search(
        r"load: ([\d.]+) requests/s, p50 (\d+) ms, p99 (\d+) ms .*, (\d+) requests, "
        r"errors: (.+) \(target 0\)",
        result.stdout,
    )
    assert figures, result.stdout
    assert float(figures[1]) > 0 and int(figures[4]) > 0
    assert int(figures[2]) <= int(figures[3])
    assert figures[5] == "none"
