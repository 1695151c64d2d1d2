"""Issue 10 §3: a meeting's status comes from evidence, and a past meeting is never shown
as scheduled."""

import datetime as dt

from django.urls import reverse

from scrutineer.governance.models import Meeting

SCRUTINY = "Education and Children's Services Scrutiny Board (2)"
TODAY = dt.date(2026, 12, 1)


def standing(day: dt.date, body: str = SCRUTINY):
    return Meeting.objects.get(body__name=body, date=day).standing_on(TODAY)


def test_each_seed_meeting_stands_where_its_evidence_puts_it(seeded):
    assert standing(dt.date(2021, 12, 9)).label == "Held"  # its minutes are in the 2022 pack
    assert standing(dt.date(2022, 1, 27)).label == "Postponed"  # "27th January 2022 - postponed"
    assert standing(dt.date(2022, 3, 17)).label == "Agenda published, no minutes seen"
    assert standing(dt.date(2016, 9, 15)).label == "Date planned, no papers seen"
    codes = {m.standing_on(TODAY).code for m in Meeting.objects.filter(date__lt=TODAY)}
    assert "scheduled" not in codes
    assert codes == {"held", "postponed", "agenda-published", "not-seen"}


def test_a_scheduled_meeting_is_scheduled_until_its_day(seeded):
    march = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2022, 3, 17))
    assert march.standing_on(dt.date(2022, 3, 17)).label == "Scheduled"
    assert march.standing_on(dt.date(2022, 3, 18)).code == "agenda-published"


def test_lists_show_standings_without_a_query_per_meeting(
    seeded, client, django_assert_max_num_queries
):
    body = Meeting.objects.get(body__name=SCRUTINY, date=dt.date(2022, 3, 17)).body
    with django_assert_max_num_queries(16):  # ~20 meetings, standings in the one query
        page = client.get(reverse("body", args=[body.slug])).content.decode()
    assert "Agenda published, no minutes seen" in page
    assert ">Scheduled<" not in page
    home = client.get("/").content.decode()
    assert ">Scheduled<" not in home and "Held" in home


def test_programme_items_are_on_the_agenda_or_taken_by_their_evidence(seeded):
    from scrutineer.tracker.models import WorkProgrammeItem

    def item(title, day):
        return WorkProgrammeItem.objects.get(
            body__name=SCRUTINY, title=title, meeting__date=day, municipal_year="2021/22"
        )

    fsm = item("School holiday FSM and activity provision update", dt.date(2021, 12, 9))
    assert fsm.taken_minute.reference == "21/21"  # "Free School Meals Holiday Activities Fund"
    assert fsm.shown_status == ("held", "Taken")
    readiness = item("School Readiness", dt.date(2021, 12, 9))
    assert readiness.taken_minute.reference == "22/21"
    # 17 March 2022: on the agenda of that meeting, no minutes of it seen
    family = item("Family Health and Lifestyles Service update", dt.date(2022, 3, 17))
    assert family.taken_at.number == "5" and family.taken_minute is None
    assert family.shown_status == ("on-the-agenda", "On the agenda")
