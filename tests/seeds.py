"""Where the seed papers are. Seed-based tests skip on a user's machine without ../shared/seeds and
fail under CI, which sets SCRUTINEER_REQUIRE_SEEDS=1."""

import os
from pathlib import Path

import pytest

SEEDS = Path(
    os.environ.get("SCRUTINEER_SEEDS", Path(__file__).resolve().parents[2] / "shared" / "seeds")
)
SEED_NAMES = [
    "scrutiny-pack-2016-07-21.txt",
    "scrutiny-pack-2022-03-17.txt",
    "hwb-pack-2014-02-24.txt",
    "lscb-annual-report-2016-17.txt",
]


def seed_path(name: str) -> Path:
    """The path of a seed file, or a skip (a failure under CI) when the seeds are absent."""
    path = SEEDS / name
    if not path.is_file():
        message = f"seed file {name} not found in {SEEDS}: these tests need ../shared/seeds"
        if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path
