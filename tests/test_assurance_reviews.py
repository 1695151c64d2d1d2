# ruff: noqa: E501  (the fixture is prose, printed one paragraph a line as papers are)
"""Learning reviews: read from the seeds and from an invented partnership's report, loaded
as records linked to their recommendations, shown on their pages, and kept from readers
who may not see a review that is not yet published."""

from __future__ import annotations

import datetime as dt

from django.contrib.admin.models import LogEntry
from django.test import Client

from scrutineer.assurance.models import LearningReview
from scrutineer.governance.models import Body, Document, Visibility, Warning
from scrutineer.governance.restriction import all_withheld_spans
from scrutineer.ingest.loader import ingest_file
from scrutineer.packs.assurance.reviews import learning_reviews, names_commissioner
from scrutineer.packs.segment import segment
from scrutineer.packs.tracking import extract_tracked_items
from scrutineer.tracker.models import ActionPlan
from tests.helpers import page, row_counts, signed_in, table, texts, user_in
from tests.seeds import seed_path

G_TO_K = "Serious Case Review – Child G, Child H, Child I, Child J, Child K"
MATT = "Serious Case Review – Matt"
BOARD = "Coventry Safeguarding Children Board"
PARTNERSHIP = "Coventry Safeguarding Children's Partnership"
PACK_2016 = "scrutiny-pack-2016-07-21.txt"
PACK_2022 = "scrutiny-pack-2022-03-17.txt"


def _review(pack, title):
    return next(r for r in pack.assurance.reviews if r.title == title)


# Reading ------------------------------------------------------------------------------------


def test_child_g_to_k_is_read_with_the_lines_of_every_fact(parsed_seeds):
    pack = parsed_seeds(PACK_2016)
    assert [r.title for r in pack.assurance.reviews] == [G_TO_K]
    review = _review(pack, G_TO_K)
    # The title is the name its recommendations already carry.
    assert {i.review for i in pack.tracked_items if i.source_kind == "case-review"} == {G_TO_K}
    assert review.kind == "scr"
    assert review.subject == "Child G, Child H, Child I, Child J, Child K"
    assert review.lines == (203, 785)
    assert review.body == BOARD
    assert review.decided == "2015-03-02"
    assert review.appointed == "June 2015"
    assert review.chair == "David Peplow"
    assert review.author == "Sian Griffiths"
    assert (review.timeline_from, review.timeline_to) == ("January 2010", "end September 2012")
    assert review.published == "2016-07-11"
    assert review.not_published_reason is None
    assert review.trigger.startswith("The Coventry City Police Commander referred the cases")
    assert review.panel == [
        "Children’s Society (responsible for the projects known as Reunite and Streetwise)",
        "COMPASS (drug and alcohol service)",
        "Coventry City Council Children’s Services",
        "Coventry and Warwickshire Partnership NHS Trust",
        "Coventry City Council (Education)",
        "Coventry & Rugby CCG",
        "University Hospitals Coventry and Warwickshire NHS Trust",
        "West Midlands Police",
        "YMCA Coventry and Warwickshire",
        "Youth Offending Service, Coventry City Council",
    ]
    assert review.scope == [
        "What can we learn specifically about these cases, as well as more widely around responses to troubled young people?",
        "Why did it happen and could it have been prevented?",
        "Could it happen now? If yes, what do we need to change?",
        "the voice of the children, their understanding of their own situations and the implications for what disclosures they make",
        "Professionals’ relationships to the children",
    ]
    assert len(review.findings) == 13
    assert {f.heading for f in review.findings} == {"Summary"}
    assert [f.text for f in review.findings[3:11]] == [
        "Lack of practitioner knowledge",
        "Lack of agency knowledge",
        "Critical or judgemental attitudes which reflected a lack of understanding of the impact of CSE.",
        "Skill and knowledge base in working with adolescents",
        "Resource pressures – for police investigation",
        "Resource pressures - social care",
        "Availability of suitable long term accommodation.",
        "Absence of a strategic multi-agency approach",
    ]
    assert review.findings[0].lines == (663, 663)
    assert review.facts == {
        "body": (203, 203),
        "subject": (206, 206),
        "trigger": (235, 235),
        "decided": (235, 235),
        "appointed": (244, 244),
        "chair": (244, 244),
        "author": (244, 244),
        "panel": (289, 300),
        "scope": (272, 283),
        "timeline": (287, 287),
        "findings": (661, 679),
        "published": (176, 176),
    }


def test_the_facts_lines_say_what_is_read(seed_lines):
    lines = seed_lines(PACK_2016)
    assert "2nd March 2015" in lines[235 - 1]
    assert "appointed in June 2015" in lines[244 - 1] and "David Peplow" in lines[244 - 1]
    assert lines[287 - 1] == "January 2010 to end September 2012."
    assert "on 11th July 2016" in lines[176 - 1]


def test_child_g_to_k_recommendations_differ_where_printed_twice(parsed_seeds):
    pack = parsed_seeds(PACK_2016)
    recommendations = [i for i in pack.tracked_items if i.review == G_TO_K]
    assert [i.number for i in recommendations] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    differs = {
        tuple(w.lines): w.message
        for w in pack.warnings
        if w.code == "review-recommendation-differs"
    }
    # 7.2 and 7.5 are worded differently in the body of the report; 7.3, 7.4 and 7.6 are
    # printed the same; 7.1 is printed once.
    assert differs == {
        (
            659,
            763,
        ): "Recommendation 7.2 (line 763) is worded differently where the review first states it at line 659",
        (
            462,
            766,
        ): "Recommendation 7.5 (line 766) is worded differently where the review first states it at line 462",
    }


def test_matt_is_read_not_published_with_the_reason_as_printed(parsed_seeds):
    pack = parsed_seeds(PACK_2022)
    assert [r.title for r in pack.assurance.reviews] == [MATT]
    review = _review(pack, MATT)
    assert review.kind == "scr"
    assert review.subject == "Matt"
    assert review.body == PARTNERSHIP
    assert review.lines == (796, 819)
    assert review.published is None
    assert review.not_published_reason == (
        "An investigation remains current and for this reason the review is yet to be published."
    )
    assert review.facts == {
        "body": (796, 796),
        "subject": (796, 796),
        "not_published_reason": (796, 796),
    }
    items = [i for i in pack.tracked_items if i.review == MATT]
    assert [i.number for i in items] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [s.number for i in items for s in i.subitems] == [
        "1a", "1b", "1c", "2a", "2b", "3a", "3b", "3c", "4a", "4b", "4c", "4d",
    ]  # fmt: skip


NORTHBRIDGE = """Northbridge Safeguarding Children Partnership

Local Child Safeguarding Practice Review
Baby Rowan

1. Introduction

1.1 The Northbridge Safeguarding Children Partnership has commissioned this Child Safeguarding Practice Review after the rapid review held in the autumn.
1.2 The safeguarding partners made the decision to commission a Child Safeguarding Practice Review on 14 October 2021, when the rapid review found that learning for the wider system was likely.
1.3 Lead reviewer: Priya Okonkwo
1.4 The review was chaired by Tomasz Lindqvist, an independent safeguarding consultant, who was appointed in November 2021.

2. Review panel

- Northbridge Council Children's Social Care
- Northbridge and Eastvale Integrated Care Board
- Eastvale Constabulary
- Northbridge Community Health Trust

3. Period under review

The review looked at agency involvement from March 2020 to July 2021.

4. Terms of reference

The panel agreed the following questions:

- How well did agencies share what they knew about the household before Baby Rowan was born?
- Were the risks of unsafe sleep understood and discussed with both parents?

5. Key findings

- Pre-birth assessment did not include the father's history.
- Health visiting contacts were held by video during the pandemic and missed the sleeping arrangements.

Recommendations

1. The Partnership should ask every agency to record who lives in a household before a baby is born.
2. The Integrated Care Board should check that safer sleep advice is given to both parents at every contact.

The Partnership published this Child Safeguarding Practice Review on 3 May 2022.
"""


def test_a_practice_review_in_another_partnerships_style():
    """Invented: a CSPR with its facts under headings and on labelled lines ("Lead
    reviewer:"), a bulleted panel, a "Period under review" and "Key findings"."""
    lines = NORTHBRIDGE.splitlines()
    components = segment(lines)
    (review,), warnings = learning_reviews(lines, components)
    assert warnings == []
    items, _ = extract_tracked_items(lines, components)
    assert {i.review for i in items} == {review.title}
    assert review.title == "Child Safeguarding Practice Review – Baby Rowan"
    assert (review.kind, review.subject) == ("cspr", "Baby Rowan")
    assert review.body == "Northbridge Safeguarding Children Partnership"
    assert review.decided == "2021-10-14"
    assert (review.chair, review.author, review.appointed) == (
        "Tomasz Lindqvist",
        "Priya Okonkwo",
        "November 2021",
    )
    assert review.panel == [
        "Northbridge Council Children's Social Care",
        "Northbridge and Eastvale Integrated Care Board",
        "Eastvale Constabulary",
        "Northbridge Community Health Trust",
    ]
    assert (review.timeline_from, review.timeline_to) == ("March 2020", "July 2021")
    assert review.scope == [
        "How well did agencies share what they knew about the household before Baby Rowan was born?",
        "Were the risks of unsafe sleep understood and discussed with both parents?",
    ]
    assert [(f.heading, f.text, f.lines) for f in review.findings] == [
        ("Key findings", "Pre-birth assessment did not include the father's history.", (33, 33)),
        (
            "Key findings",
            "Health visiting contacts were held by video during the pandemic and missed the sleeping arrangements.",
            (34, 34),
        ),
    ]
    assert review.published == "2022-05-03"
    assert review.facts == {
        "body": (1, 1),
        "subject": (4, 4),
        "decided": (9, 9),
        "author": (10, 10),
        "appointed": (11, 11),
        "chair": (11, 11),
        "panel": (13, 18),
        "timeline": (22, 22),
        "scope": (26, 29),
        "findings": (31, 34),
        "published": (41, 41),
    }


def test_a_paper_with_two_reviews_of_a_kind_dates_only_the_one_it_names():
    lines = [
        "Exampleshire Safeguarding Adults Board",
        "",
        "Safeguarding Adults Review",
        "Adult R",
        "",
        "Recommendations",
        "",
        "1. The Board should publish a guide to self-neglect.",
        "2. The Board should audit hoarding cases.",
        "",
        "The Safeguarding Adults Review about another adult was published on 1 March 2023.",
    ]
    (review,), _ = learning_reviews(lines, segment(lines))
    assert review.title == "Safeguarding Adults Review – Adult R"
    assert review.kind == "learning-review"
    # The paper's only review of its kind: the sentence is taken as its publication.
    assert review.published == "2023-03-01"


CONTRADICTED = """Westmoor Safeguarding Children Board

SERIOUS CASE REVIEW
Child N

1. Introduction

1.1 The Chair of Westmoor Safeguarding Children Board made the decision to undertake a Serious Case Review on 9 January 2017.
1.2 Minutes of the Board record an agreement to undertake a Serious Case Review on 19 January 2017.
1.3 Publication of this review has been delayed until the inquest has concluded.

Recommendations

1. The Board should review its guidance on bruising in babies who are not yet mobile.
2. The Board should audit referrals from the emergency department.

The Board published this Serious Case Review on 2 October 2018. The SCR itself says it was published on 9 October 2018.
"""


def test_a_review_that_contradicts_itself_is_flagged_with_both_lines():
    """Invented: two decision dates, two publication dates, and "delayed" beside a date."""
    lines = CONTRADICTED.splitlines()
    (review,), warnings = learning_reviews(lines, segment(lines))
    # What is printed first is kept.
    assert (review.decided, review.published) == ("2017-01-09", "2018-10-02")
    assert review.not_published_reason == (
        "Publication of this review has been delayed until the inquest has concluded."
    )
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        (
            "review-decided-differs",
            "Serious Case Review – Child N is printed as decided on 2017-01-09 (line 8) and on 2017-01-19 (line 9)",
            (8, 9),
        ),
        (
            "review-published-differs",
            "Serious Case Review – Child N is printed as published on 2018-10-02 (line 17) and on 2018-10-09 (line 17)",
            (17, 17),
        ),
        (
            "review-publication-differs",
            "Serious Case Review – Child N is printed as published on 2018-10-02 (line 17) and as not published (line 10)",
            (10, 17),
        ),
    ]


def test_the_seeds_raise_no_warning_about_their_reviews(parsed_seeds):
    for name in [PACK_2016, PACK_2022]:
        codes = {w.code for w in parsed_seeds(name).warnings}
        assert not codes & {
            "review-decided-differs",
            "review-published-differs",
            "review-publication-differs",
        }


def test_owner_labels_that_name_the_commissioner():
    assert names_commissioner("LSCB", BOARD)
    assert names_commissioner("Board", BOARD)
    assert names_commissioner("Coventry Safeguarding Children Partnership", PARTNERSHIP)
    assert not names_commissioner("partners", BOARD)
    assert not names_commissioner("Board", PARTNERSHIP)
    assert not names_commissioner("Coventry Children Social Care", PARTNERSHIP)


# Records ------------------------------------------------------------------------------------


def _reviews():
    return {r.title: r for r in LearningReview.objects.select_related("body", "source")}


def test_the_seeds_load_as_reviews_linked_to_their_recommendations(seeded):
    reviews = _reviews()
    g_to_k, matt = reviews[G_TO_K], reviews[MATT]
    assert g_to_k.body.name == BOARD
    assert (g_to_k.decided_on, g_to_k.published_on) == (dt.date(2015, 3, 2), dt.date(2016, 7, 11))
    assert (g_to_k.chair, g_to_k.author, g_to_k.appointed) == (
        "David Peplow",
        "Sian Griffiths",
        "June 2015",
    )
    assert (g_to_k.timeline_from, g_to_k.timeline_to) == ("January 2010", "end September 2012")
    assert g_to_k.source.name == PACK_2016
    assert (g_to_k.first_line, g_to_k.last_line) == (203, 785)
    assert g_to_k.facts["decided"] == [235, 235]
    assert g_to_k.visibility == Visibility.PUBLIC
    recommendations = g_to_k.recommendations.order_by("first_line")
    assert [r.number for r in recommendations] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    # Owned by the board: "LSCB", "Board" and "LSCB and partners" name it.
    for item in recommendations:
        owners = {p.body for p in item.parties.filter(role="owner") if p.body}
        assert owners == {g_to_k.body}, item.number
    assert all(r.visibility == Visibility.PUBLIC for r in recommendations)

    assert matt.body.name == PARTNERSHIP
    assert matt.published_on is None and matt.visibility == Visibility.RESTRICTED
    assert matt.not_published_reason.startswith("An investigation remains current")
    assert matt.recommendations.filter(parent=None).count() == 7
    assert matt.recommendations.exclude(parent=None).count() == 12
    assert matt.items().count() == 19
    assert set(matt.items().values_list("visibility", flat=True)) == {Visibility.RESTRICTED}


def test_matt_progress_is_dated_by_the_paper(seeded):
    matt = _reviews()[MATT]
    one = matt.items().get(number="1", parent=None)
    assert [(r.date, r.first_line) for r in one.responses.all()] == [(dt.date(2022, 3, 17), 798)]
    one_a = matt.items().get(number="1a")
    assert one_a.responses.get().text.startswith("Children's Services have 24 licensed trainers")
    assert one_a.responses.get().date == dt.date(2022, 3, 17)


def test_loading_again_changes_nothing(seeded):
    before = row_counts()
    matt = _reviews()[MATT]
    snapshot = {f.name: getattr(matt, f.name) for f in LearningReview._meta.concrete_fields}
    ingest_file(seed_path(PACK_2022))
    ingest_file(seed_path(PACK_2016))
    assert row_counts() == before
    matt.refresh_from_db()
    assert {f.name: getattr(matt, f.name) for f in LearningReview._meta.concrete_fields} == snapshot
    assert matt.items().count() == 19


# Who may see what ---------------------------------------------------------------------------


def _paths_of_every_public_output():
    boards = Body.objects.all()
    paths = ["/tracker/", "/tracker/?q=neglect", "/reports/tracker.csv", "/reports/tracker.xlsx"]
    for body in boards:
        paths += [
            body.get_absolute_url(),
            f"/bodies/{body.slug}/reviews/",
            f"/reports/bodies/{body.slug}/outstanding-issues/",
            f"/reports/bodies/{body.slug}/outstanding-issues.docx",
        ]
    pack = Document.objects.get(name=PACK_2022)
    paths.append(pack.get_absolute_url())
    return paths


def _text(response) -> str:
    import io
    import zipfile

    content = response.content if not response.streaming else b"".join(response.streaming_content)
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def test_a_reader_who_may_not_see_matt_meets_it_nowhere(seeded, django_user_model):
    matt = _reviews()[MATT]
    anonymous = Client()
    assert anonymous.get(matt.get_absolute_url()).status_code == 404
    for item in matt.items():
        assert anonymous.get(item.get_absolute_url()).status_code == 404
    words = [
        "Serious Case Review – Matt",
        "24 licensed trainers",
        "disguised compliance",
        "Dudley Lodge",
    ]
    for path in _paths_of_every_public_output():
        response = anonymous.get(path)
        assert response.status_code == 200, path
        text = _text(response)
        for word in words:
            assert word not in text, (path, word)
    # Not because the outputs leave such items out: a reader of everything meets them.
    admin = user_in(django_user_model, "ada", "admin")
    seen = "".join(
        _text(signed_in(admin).get(path))
        for path in ["/reports/tracker.csv", f"/bodies/{matt.body.slug}/reviews/"]
    )
    assert all(word in seen for word in words)
    # The paper stays public; the lines of the review are withheld from it.
    pack = Document.objects.get(name=PACK_2022)
    assert (796, 819) in all_withheld_spans([pack.pk])[pack.pk]
    assert (
        not Warning.objects.visible_to(anonymous.get("/").wsgi_request.user)
        .filter(document=pack, first_line__gte=796, first_line__lte=819)
        .exists()
    )


def test_the_published_review_is_public(seeded):
    g_to_k = _reviews()[G_TO_K]
    response = Client().get(g_to_k.get_absolute_url())
    assert response.status_code == 200
    tree = page(response)
    assert texts(tree, "//h1") == [G_TO_K]
    rows = table(tree, f"Recommendations of {G_TO_K}")
    assert [row[0] for row in rows[1:]] == ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6"]
    body = response.content.decode()
    for fact in [
        "David Peplow",
        "Sian Griffiths",
        "2 March 2015",
        "11 July 2016",
        "January 2010 to end September 2012",
        "June 2015",
        "West Midlands Police",
    ]:
        assert fact in body, fact
    # Each fact links to its lines.
    facts = {
        row.xpath("string(dt)").strip(): (
            row.xpath("string(dd[1])").strip(),
            row.xpath("string(dd[2]//a/@href)"),
        )
        for row in tree.xpath("//dl[contains(@class, 'govuk-summary-list')]/div")
    }
    at = f"/documents/{g_to_k.source_id}/#L"
    assert facts["Commissioned by"] == (BOARD, f"{at}203")
    assert facts["Decided"] == ("2 March 2015", f"{at}235")
    assert facts["Chair and author appointed"] == ("June 2015", f"{at}244")
    assert facts["Chair"] == ("David Peplow", f"{at}244")
    assert facts["Author"] == ("Sian Griffiths", f"{at}244")
    assert facts["Timeline"] == ("January 2010 to end September 2012", f"{at}287")
    assert facts["Published"] == ("11 July 2016", f"{at}176")
    findings = tree.xpath("//h2[@id='findings']/following-sibling::ul[1]/li")
    assert len(findings) == 13
    assert findings[3].xpath("string(a/@href)") == f"{at}668"
    listing = page(Client().get(f"/bodies/{g_to_k.body.slug}/reviews/"))
    caption = f"Reviews of {BOARD}, with their recommendations still open and overdue"
    assert table(listing, caption)[1:] == [
        [G_TO_K, "Serious Case Review", "11 July 2016", "6", "0"]
    ]
    # A live recommendation (changed in Scrutineer since the board's latest paper) past its
    # due date is overdue, by the tracker's one rule (``TrackedItemQuerySet.overdue``).
    late = g_to_k.recommendations.get(number="7.6")
    late.due_date, late.last_seen = dt.date(2017, 1, 31), dt.date.today()
    late.save(update_fields=["due_date", "last_seen"])
    listing = page(Client().get(f"/bodies/{g_to_k.body.slug}/reviews/"))
    assert table(listing, caption)[1:][0][3:] == ["6", "1"]


def test_a_reader_of_the_partnership_reads_matt_and_its_recommendations(seeded, django_user_model):
    matt = _reviews()[MATT]
    member = user_in(django_user_model, "mia", "member", reads=[matt.body])
    client = signed_in(member)
    response = client.get(matt.get_absolute_url())
    assert response.status_code == 200
    tree = page(response)
    rows = table(tree, f"Recommendations of {MATT}")
    assert [row[0] for row in rows[1:]] == [
        "1", "1a", "1b", "1c", "2", "2a", "2b", "3", "3a", "3b", "3c",
        "4", "4a", "4b", "4c", "4d", "5", "6", "7",
    ]  # fmt: skip
    assert "yet to be published" in response.content.decode()
    assert MATT in client.get(f"/bodies/{matt.body.slug}/reviews/").content.decode()
    # Another body's reader still may not.
    other = user_in(django_user_model, "oscar", "member", reads=[_reviews()[G_TO_K].body])
    assert signed_in(other).get(matt.get_absolute_url()).status_code == 404


# Officers' forms ----------------------------------------------------------------------------


def test_an_officer_adds_and_changes_a_review_and_adds_a_recommendation(seeded, django_user_model):
    board = Body.objects.get(name=BOARD)
    officer = user_in(django_user_model, "olive", "officer", bodies=[board], reads=[board])
    client = signed_in(officer)
    assert Client().get(f"/bodies/{board.slug}/reviews/add/").status_code == 302
    empty = client.post(f"/bodies/{board.slug}/reviews/add/", {"title": ""})
    assert empty.status_code == 200
    assert texts(page(empty), "//ul[contains(@class, 'govuk-error-summary__list')]/li") == [
        "Select the kind of review",
        "Enter the review’s title",
        "Enter the review’s subject",
    ]
    response = client.post(
        f"/bodies/{board.slug}/reviews/add/",
        {
            "kind": "cspr",
            "title": "Child Safeguarding Practice Review – Child Z",
            "subject": "Child Z",
            "decided_on": "4 May 2023",
            "chair": "Ada Byrne",
            "panel_text": "Police\nHealth\n",
            "scope_text": "Was the risk known?",
        },
    )
    review = LearningReview.objects.get(
        body=board, title="Child Safeguarding Practice Review – Child Z"
    )
    assert response.status_code == 302 and response["Location"] == review.get_absolute_url()
    assert review.panel == ["Police", "Health"] and review.scope == ["Was the risk known?"]
    assert review.decided_on == dt.date(2023, 5, 4)
    assert review.visibility == Visibility.RESTRICTED  # not published
    assert Client().get(review.get_absolute_url()).status_code == 404

    client.post(
        f"/reviews/{review.pk}/recommendations/add/",
        {
            "number": "1",
            "text": "Share the learning.",
            "owners": "Exampleshire Police",
            "due_date": "1 June 2024",
        },
    )
    item = review.recommendations.get()
    assert (item.number, item.source_reference, item.body) == ("1", review.title, board)
    assert item.visibility == Visibility.RESTRICTED
    assert [p.label for p in item.parties.all()] == ["Exampleshire Police"]

    data = {
        "kind": "cspr",
        "title": review.title,
        "subject": "Child Z",
        "decided_on": "4 May 2023",
        "published_on": "2 February 2024",
        "chair": "Ada Byrne",
        "panel_text": "Police\nHealth",
        "scope_text": "Was the risk known?",
    }
    plan = ActionPlan.objects.create(body=board, title="Child Z action plan")
    data["action_plan"] = str(plan.pk)
    assert client.post(f"/reviews/{review.pk}/change/", data).status_code == 302
    review.refresh_from_db()
    item.refresh_from_db()
    assert review.published_on == dt.date(2024, 2, 2)
    assert review.visibility == Visibility.PUBLIC and item.visibility == Visibility.PUBLIC
    assert Client().get(review.get_absolute_url()).status_code == 200
    history = list(
        LogEntry.objects.filter(object_id=str(review.pk), content_type__model="learningreview")
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert history == [
        "Added the review",
        "Added recommendation 1",
        "Changed date published and action plan",
    ]
    shown = page(Client().get(review.get_absolute_url()))
    assert texts(shown, "//h2[@id='action-plan']/following-sibling::p[1]/a") == [
        "Child Z action plan"
    ]
    # A plan is one review's.
    other = LearningReview.objects.create(
        body=board, title="Rapid review – Child Y", kind="rapid-review", subject="Child Y"
    )
    taken = client.post(
        f"/reviews/{other.pk}/change/", {**data, "title": other.title, "subject": "Child Y"}
    )
    assert "Child Z action plan is already the plan of" in taken.content.decode()
    # Someone who is not an officer of the board may not.
    reader = user_in(django_user_model, "rae", "member", reads=[board])
    assert signed_in(reader).get(f"/reviews/{review.pk}/change/").status_code == 403
