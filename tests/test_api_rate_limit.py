"""The API's rate limits: anonymous clients by address, token clients by user, each with its
own rate; over it, 429 with Retry-After."""

import pytest
from django.core.cache import cache
from django.test import Client

import scrutineer.settings
from scrutineer.api.models import ApiToken
from tests.helpers import user_in

MEETINGS = "/api/v1/meetings"


@pytest.fixture
def rates(settings, db):
    """A low limit for anonymous clients, a higher one for tokens; no counts yet."""
    settings.SCRUTINEER_API_ANON_RATE = "3/min"
    settings.SCRUTINEER_API_TOKEN_RATE = "6/min"
    cache.clear()
    yield
    cache.clear()


def bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_the_default_limits(settings):
    """What docs/api.md promises when the environment sets none."""
    assert scrutineer.settings.SCRUTINEER_API_ANON_RATE == "120/min"
    assert scrutineer.settings.SCRUTINEER_API_TOKEN_RATE == "1200/min"
    assert scrutineer.settings.NINJA_NUM_PROXIES == 0


def test_an_anonymous_client_over_the_limit_is_told_when_to_come_back(rates):
    client = Client()
    assert [client.get(MEETINGS).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(MEETINGS)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Counted by the connection's address: a forged X-Forwarded-For does not start a new count.
    assert client.get(MEETINGS, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    # Another address has a count of its own.
    assert Client(REMOTE_ADDR="198.51.100.7").get(MEETINGS).status_code == 200


def test_a_token_client_is_not_held_to_the_anonymous_limit(rates, django_user_model):
    member = user_in(django_user_model, "member", "member")
    _token, secret = ApiToken.issue(member, "Sync")
    anonymous = Client()
    for _ in range(3):
        anonymous.get(MEETINGS)
    assert anonymous.get(MEETINGS).status_code == 429
    client = bearer(secret)
    assert [client.get(MEETINGS).status_code for _ in range(6)] == [200] * 6
    # Its own limit, shared by every token of the user: a new token gives no new count.
    assert client.get(MEETINGS).status_code == 429
    _second, other = ApiToken.issue(member, "Another program")
    refused = bearer(other).get(MEETINGS)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    # Another user's token is counted apart.
    someone = user_in(django_user_model, "someone", "member")
    assert bearer(ApiToken.issue(someone, "Sync")[1]).get(MEETINGS).status_code == 200


def test_no_limit_when_the_rate_is_empty(settings, db):
    settings.SCRUTINEER_API_ANON_RATE = ""
    cache.clear()
    client = Client()
    assert {client.get(MEETINGS).status_code for _ in range(10)} == {200}
