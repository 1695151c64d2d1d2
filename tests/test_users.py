"""Issue 11 §1: an administrator invites users and gives them roles per body on a
Scrutineer page; the invited person chooses their own password from the mail."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from scrutineer.governance import access
from scrutineer.governance.models import Body
from tests.helpers import signed_in, user_in


@pytest.fixture
def bodies(db):
    return [
        Body.objects.create(name="Education Scrutiny Board"),
        Body.objects.create(name="Safeguarding Children Partnership"),
    ]


def test_an_administrator_invites_an_officer_who_sets_a_password(bodies, django_user_model):
    admin = signed_in(user_in(django_user_model, "ada", "admin"))
    page = admin.get(reverse("user-invite"))
    assert page.status_code == 200 and "Invite a user" in page.content.decode()
    done = admin.post(
        reverse("user-invite"),
        {
            "username": "oscar",
            "first_name": "Oscar",
            "last_name": "Vale",
            "email": "oscar@example.org",
            "role": "officer",
            "bodies": [bodies[0].pk],
        },
    )
    assert done.status_code == 302 and done.url == reverse("users")
    oscar = get_user_model().objects.get(username="oscar")
    assert not oscar.is_staff
    assert access.can_edit_body(oscar, bodies[0]) and not access.can_edit_body(oscar, bodies[1])
    (invitation,) = mail.outbox
    assert invitation.to == ["oscar@example.org"]
    assert invitation.subject == "You are invited to Scrutineer"
    link = re.search(r"http://testserver(/password/reset/\S+/)", invitation.body).group(1)
    client = Client()
    chosen = client.get(link, follow=True)
    password = "oscar's own long passphrase"
    client.post(
        chosen.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    signed = Client().post(reverse("sign-in"), {"username": "oscar", "password": password})
    assert signed.status_code == 302
    listed = admin.get(reverse("users")).content.decode()
    assert "oscar@example.org" in listed and "Education Scrutiny Board" in listed


def test_an_administrator_changes_a_role_and_the_bodies(bodies, django_user_model):
    admin = signed_in(user_in(django_user_model, "ada", "admin"))
    olive = user_in(django_user_model, "olive", "officer", bodies=[bodies[0]])
    refused = admin.post(reverse("user-roles", args=[olive.pk]), {"role": "officer"})
    assert refused.status_code == 200 and "Choose the bodies this officer serves" in (
        refused.content.decode()
    )
    admin.post(reverse("user-roles", args=[olive.pk]), {"role": "member"})
    olive = get_user_model().objects.get(pk=olive.pk)
    assert set(olive.groups.values_list("name", flat=True)) == {"member"}
    assert not Body.objects.filter(officers=olive).exists()


def test_only_administrators_manage_users(bodies, django_user_model):
    officer = signed_in(user_in(django_user_model, "otto", "officer", bodies=[bodies[0]]))
    for url in (reverse("users"), reverse("user-invite")):
        assert officer.get(url).status_code == 403
    assert Client().get(reverse("users")).url.startswith("/sign-in/")
