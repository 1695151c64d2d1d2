"""A body's page links to its assurance pages: those with records the reader may see, and
all of them for an officer of the body, who may add the first."""

import pytest
from django.test import Client

from scrutineer.assurance.models import LearningReview
from scrutineer.governance.models import Body
from tests.helpers import page, signed_in, texts, user_in

LINKS = "//h2[@id='assurance']/following-sibling::ul[1]//a"


@pytest.mark.django_db
def test_the_partnership_page_links_to_what_the_public_may_read(seeded):
    partnership = LearningReview.objects.get(title__endswith="Matt").body
    shown = texts(page(Client().get(partnership.get_absolute_url())), LINKS)
    # Matt is unpublished, so the public meets no review of this partnership; its audits,
    # priorities and training from the 2022 report are public.
    assert shown == [
        "Assurance dashboard",
        "Annual reports",
        "Audits",
        "Priorities",
        "Training",
    ]


@pytest.mark.django_db
def test_a_member_of_the_partnership_is_also_led_to_its_reviews(seeded, django_user_model):
    partnership = LearningReview.objects.get(title__endswith="Matt").body
    member = user_in(django_user_model, "reader", "member", reads=[partnership])
    shown = texts(page(signed_in(member).get(partnership.get_absolute_url())), LINKS)
    assert "Learning reviews" in shown


@pytest.mark.django_db
def test_a_body_with_no_assurance_records_shows_none_but_to_its_officers(seeded, django_user_model):
    board = Body.objects.get(name="Coventry Health and Well-being Board")
    assert texts(page(Client().get(board.get_absolute_url())), LINKS) == []
    officer = user_in(django_user_model, "officer", "officer", bodies=[board])
    shown = texts(page(signed_in(officer).get(board.get_absolute_url())), LINKS)
    assert shown == [
        "Assurance dashboard",
        "Annual reports",
        "Learning reviews",
        "Audits",
        "Priorities",
        "Training",
        "Budget",
    ]
