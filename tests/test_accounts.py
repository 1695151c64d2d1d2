"""Issue 11 §1: members and officers sign in on Scrutineer's own pages, without staff
status; repeated failures lock sign-in; passwords are changed and reset by email."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from scrutineer.governance.models import Body
from tests.helpers import user_in

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def board(db):
    return Body.objects.create(name="Education and Children's Services Scrutiny Board (2)")


@pytest.fixture
def officer(django_user_model, board):
    user = user_in(django_user_model, "otto", "officer", bodies=[board])
    user.set_password(PASSWORD)
    user.email = "otto@example.org"
    user.save()
    assert not user.is_staff
    return user


def sign_in(client, name, password, next_url=""):
    url = reverse("sign-in") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": name, "password": password, "next": next_url})


def test_an_officer_without_staff_status_signs_in_and_reaches_an_edit_page(officer):
    client = Client()
    page = client.get(reverse("sign-in"))
    html = page.content.decode()
    assert page.status_code == 200 and '<h1 class="govuk-heading-xl">Sign in</h1>' in html
    assert 'for="id_username"' in html and 'for="id_password"' in html
    add = reverse("tracked-item-add")
    assert client.get(add).url == f"{reverse('sign-in')}?next={add}"
    signed = sign_in(client, "otto", PASSWORD, add)
    assert signed.status_code == 302 and signed.url == add
    assert client.get(add).status_code == 200
    # the admin stays for administrators
    assert client.get("/admin/").status_code == 302
    client.post(reverse("sign-out"))
    assert client.get(add).status_code == 302


def test_a_wrong_password_is_an_error_in_the_govuk_pattern(officer):
    page = sign_in(Client(), "otto", "wrong")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: Sign in" in html and "govuk-error-summary" in html


def test_sign_in_is_locked_after_repeated_failures(officer, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "otto", "wrong")
    locked = sign_in(client, "otto", PASSWORD)
    assert locked.status_code == 429
    assert "Sign-in locked" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_keeps_csrf(officer):
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(reverse("sign-in"), {"username": "otto", "password": PASSWORD})
    assert refused.status_code == 403


def test_a_password_is_reset_by_email_and_changed_when_signed_in(officer):
    client = Client()
    sent = client.post(reverse("password_reset"), {"email": "otto@example.org"})
    assert sent.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.subject == "Reset your Scrutineer password"
    link = re.search(r"http://testserver(/password/reset/\S+/)", message.body).group(1)
    chosen = client.get(link, follow=True)
    assert "Choose a new password" in chosen.content.decode()
    new = "another long passphrase 7"
    done = client.post(chosen.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.url == reverse("password_reset_complete")
    assert sign_in(Client(), "otto", new).status_code == 302
    # changed when signed in
    client = Client()
    sign_in(client, "otto", new)
    newer = "a third long passphrase 9"
    changed = client.post(
        reverse("password_change"),
        {"old_password": new, "new_password1": newer, "new_password2": newer},
    )
    assert changed.url == reverse("password_change_done")
    assert sign_in(Client(), "otto", newer).status_code == 302
