"""Shared fixtures."""

import os
import secrets
from contextlib import contextmanager

import pytest
from django.conf import settings

# Scrutineer has no default secret key (see scrutineer.environment). The tests make one for
# this run; the environment carries it to the `scrutineer` processes some tests start.
if not os.environ.get("SCRUTINEER_SECRET_KEY"):
    os.environ["SCRUTINEER_SECRET_KEY"] = secrets.token_urlsafe(50)
    settings.SECRET_KEY = os.environ["SCRUTINEER_SECRET_KEY"]

from tests.pdf_papers import pdf_papers  # noqa: F401 (the PDF papers, made once a session)
from tests.seeds import seed_path

# Tests fetch the API far faster than any client would; the rate limit's own tests
# (test_api_rate_limit) set a rate.
settings.SCRUTINEER_API_ANON_RATE = settings.SCRUTINEER_API_TOKEN_RATE = ""


@pytest.fixture(scope="session")
def parsed_seeds():
    """Each seed parsed once for the whole session."""
    from scrutineer.packs import parse_file

    cache = {}

    def parsed(name: str):
        if name not in cache:
            cache[name] = parse_file(seed_path(name))
        return cache[name]

    return parsed


@pytest.fixture(scope="session")
def seed_lines():
    """Each seed's lines, read once for the whole session, as the parser reads them."""
    from scrutineer.packs import read_file, read_source

    cache = {}

    def lines(name: str) -> list[str]:
        if name not in cache:
            cache[name] = read_source(read_file(seed_path(name)), name).lines
        return cache[name]

    return lines


@contextmanager
def _ingested_for_the_module(django_db_blocker, paths):
    """Papers ingested once, inside a transaction rolled back when the module ends. Each test
    still runs in its own savepoint (the ``db`` fixture), so a test that writes leaves
    nothing for the next one."""
    from django.db import transaction

    from scrutineer.ingest.loader import ingest_file

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            for path in paths:
                ingest_file(path)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def seeded_database(django_db_setup, django_db_blocker):
    """The four seeds, ingested once per test module."""
    from tests.seeds import SEED_NAMES

    paths = [seed_path(name) for name in SEED_NAMES]
    with _ingested_for_the_module(django_db_blocker, paths):
        yield


@pytest.fixture(scope="module")
def sample_database(django_db_setup, django_db_blocker):
    """What `make demo` loads (the bundled sample packs), ingested once per test module."""
    from scrutineer.cli import SAMPLE_DIR

    with _ingested_for_the_module(django_db_blocker, sorted(SAMPLE_DIR.glob("*.txt"))):
        yield


@pytest.fixture
def seeded(seeded_database, db):
    """The four seeds, for a test that may write: its writes are undone after it."""


@pytest.fixture
def demo_records(sample_database, db):
    """The sample packs, for a test that may write: its writes are undone after it."""
