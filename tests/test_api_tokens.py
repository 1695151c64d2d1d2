"""API tokens: a reader makes, lists and revokes their own; only a digest is kept; a token
on an API request reads as its user, and a bad one is refused with 401."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from scrutineer.api.models import ApiToken
from scrutineer.environment import rate
from tests.helpers import page, signed_in, user_in

SECRET = re.compile(r"scr_[A-Za-z0-9_-]{43}")
API = "/api/v1/"


def _make(client, name="Meetings spreadsheet") -> str:
    response = client.post(reverse("api-tokens"), {"name": name})
    assert response.status_code == 200
    shown = page(response).get_element_by_id("new-token").text_content()
    assert SECRET.fullmatch(shown), shown
    return shown


@pytest.fixture
def member(django_user_model, db):
    return user_in(django_user_model, "member", "member")


def test_the_tokens_page_is_for_signed_in_readers(client, db):
    response = client.get(reverse("api-tokens"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_a_token_is_shown_once_and_only_its_digest_is_kept(member):
    client = signed_in(member)
    assert "You have no tokens." in client.get(reverse("api-tokens")).content.decode()
    response = client.post(reverse("api-tokens"), {"name": "Meetings spreadsheet"})
    secret = page(response).get_element_by_id("new-token").text_content()
    assert SECRET.fullmatch(secret)
    assert "no-store" in response["Cache-Control"]  # the secret is in this page only

    token = ApiToken.objects.get()
    assert (token.user, token.name, token.hint) == (member, "Meetings spreadsheet", secret[:8])
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not [field for field, value in row.items() if secret in str(value)]

    listed = client.get(reverse("api-tokens")).content.decode()
    assert secret not in listed
    assert "Meetings spreadsheet" in listed and f"{secret[:8]}…" in listed


def test_a_token_needs_a_name(member):
    response = signed_in(member).post(reverse("api-tokens"), {"name": " "})
    assert "Enter what the token is for" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_reader_revokes_their_own_tokens_only(member, django_user_model):
    client = signed_in(member)
    _make(client)
    token = ApiToken.objects.get()
    other = signed_in(user_in(django_user_model, "other", "member"))
    revoke = reverse("api-token-revoke", kwargs={"pk": token.pk})
    assert other.post(revoke).status_code == 404
    assert client.get(revoke).status_code == 302  # a GET changes nothing
    token.refresh_from_db()
    assert token.revoked is None

    response = client.post(revoke, follow=True)
    assert "Revoked: “Meetings spreadsheet” no longer reads the API." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked is not None
    assert client.post(revoke).status_code == 404  # once


def _refused(response, reason: str) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": reason}
    assert response["WWW-Authenticate"].startswith('Bearer realm="api", error="invalid_token"')


def test_a_revoked_unknown_or_empty_token_is_refused(member):
    secret = _make(signed_in(member))
    ApiToken.objects.get().revoke()
    gone = "This token is not known or has been revoked: make a new one."
    _refused(Client(headers={"Authorization": f"Bearer {secret}"}).get(API), gone)
    _refused(Client(headers={"Authorization": "Bearer scr_guessed"}).get(API), gone)
    _refused(
        Client(headers={"Authorization": "Bearer "}).get(API),
        "The Authorization header names no token: send 'Bearer <token>'.",
    )


def test_a_token_of_a_user_who_may_no_longer_sign_in_is_refused(member):
    secret = _make(signed_in(member))
    member.is_active = False
    member.save()
    _refused(
        Client(headers={"Authorization": f"bearer {secret}"}).get(API),
        "The account this token belongs to can no longer sign in.",
    )


def test_a_token_is_read_only_under_the_api(member):
    """The site's pages use sessions; a token header there is not read, good or bad."""
    response = Client(headers={"Authorization": "Bearer scr_guessed"}).get(reverse("home"))
    assert response.status_code == 200
    assert "Sign in" in response.content.decode()


def test_a_token_request_makes_no_session_and_notes_its_use_once_a_minute(member):
    secret = _make(signed_in(member))
    sessions = Session.objects.count()
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    response = client.get(API)
    assert response.status_code != 401
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == sessions
    first = ApiToken.objects.get().last_used
    assert first is not None
    client.get(API)
    assert ApiToken.objects.get().last_used == first  # not written again within the minute


def test_the_admin_lists_tokens_without_their_digest(member, admin_client):
    secret = _make(signed_in(member))
    token = ApiToken.objects.get()
    listed = admin_client.get(reverse("admin:api_apitoken_changelist")).content.decode()
    assert "Meetings spreadsheet" in listed and secret[:8] in listed
    change = admin_client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert token.digest not in change.content.decode()
    assert admin_client.get(reverse("admin:api_apitoken_add")).status_code == 403


def test_a_rate_is_requests_per_period(monkeypatch):
    monkeypatch.setenv("SCRUTINEER_API_ANON_RATE", "60/min")
    assert rate("SCRUTINEER_API_ANON_RATE", "120/min") == "60/min"
    monkeypatch.setenv("SCRUTINEER_API_ANON_RATE", "")
    assert rate("SCRUTINEER_API_ANON_RATE", "120/min") == ""
    monkeypatch.setenv("SCRUTINEER_API_ANON_RATE", "lots")
    with pytest.raises(ImproperlyConfigured, match="SCRUTINEER_API_ANON_RATE='lots'"):
        rate("SCRUTINEER_API_ANON_RATE", "120/min")
