"""Shared fixtures."""

import pytest

from tests.seeds import seed_path


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
