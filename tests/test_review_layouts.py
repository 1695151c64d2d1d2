# ruff: noqa: E501  (the fixtures are prose, printed one paragraph a line as papers are)
"""Case-review recommendations in the layouts published reviews use. Every fixture is
invented (Exampleshire, Child Q, Adult R); the layouts follow real Serious Case Reviews,
Safeguarding Adults Reviews and Domestic Homicide Review action plans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutineer.governance.models import Body
from scrutineer.packs.segment import segment
from scrutineer.packs.tracking import extract_tracked_items
from scrutineer.tracker.models import TrackedItem
from scrutineer.tracker.owners import links_for_label, split_labels

ESCP = "Exampleshire Safeguarding Children Partnership"
CHILDREN = "Exampleshire Children's Services"
POLICE = "Exampleshire Police"
ICB = "NHS Exampleshire Integrated Care Board"

# "9.1 Recommendation 1", the agency on a line of its own, then the text ---------------------

HEADINGS = f"""SERIOUS CASE REVIEW
Child Q
Overview report, published by the {ESCP}

1. Introduction
1.1 This review looks at the help given to Child Q and his sister over two years.

9. Recommendations

9.1 Recommendation 1
{CHILDREN}
Children's Services should make sure that every assessment of a baby records who else lives in the household.

9.2 Recommendation 2
{POLICE}
When officers attend a report of domestic abuse where a child is present, a notification should reach the school by the next working day.
The notification should say whether the child saw the incident.

9.3 Recommendation 3
{CHILDREN} / {POLICE}
The two agencies should agree a joint protocol for visits to families who avoid contact, covering:
- unannounced visits made together;
- what to do when nobody answers the door.

9.4 Recommendation 4
{ICB}
The Board should commission refresher training for GP practices on recognising bruising in babies who are not yet mobile.

9.5 Recommendation 5
{ESCP}
The Partnership should audit, within twelve months, whether the changes above have made a difference to children like Child Q.

10. Appendix: Terms of Reference
The review was asked to consider the period from January 2023 to March 2025.
"""


def _items(text: str, components=None):
    lines = text.splitlines()
    return extract_tracked_items(lines, segment(lines) if components is None else components)


def _reviews(items):
    return [item for item in items if item.source_kind == "case-review"]


def _codes(warnings, code):
    return [w.lines for w in warnings if w.code == code]


def test_recommendation_headings_with_the_agency_on_its_own_line():
    items, warnings = _items(HEADINGS)
    recs = _reviews(items)
    assert [r.number for r in recs] == ["1", "2", "3", "4", "5"]
    assert [r.owners for r in recs] == [[CHILDREN], [POLICE], [CHILDREN, POLICE], [ICB], [ESCP]]
    assert [r.lines for r in recs] == [(10, 12), (14, 17), (19, 23), (25, 27), (29, 31)]
    assert recs[0].text == (
        "Children's Services should make sure that every assessment of a baby records who "
        "else lives in the household."
    )
    assert recs[1].text.endswith(
        "next working day.\nThe notification should say whether the child saw the incident."
    )
    assert recs[2].text.splitlines() == [
        "The two agencies should agree a joint protocol for visits to families who avoid "
        "contact, covering:",
        "- unannounced visits made together;",
        "- what to do when nobody answers the door.",
    ]
    assert recs[4].text.startswith("The Partnership should audit")
    assert not any(r.text.startswith("Recommendation") for r in recs)
    assert {r.review for r in recs} == {"Serious Case Review – Child Q"}
    assert warnings == []


def test_the_same_layout_read_without_components():
    recs = _reviews(_items(HEADINGS, components=[])[0])
    assert [(r.number, r.owners) for r in recs] == [
        ("1", [CHILDREN]),
        ("2", [POLICE]),
        ("3", [CHILDREN, POLICE]),
        ("4", [ICB]),
        ("5", [ESCP]),
    ]


# Variants: "Recommendation 3:" inline, owners in the sentence, parts, labels, gaps ----------

VARIANTS = """Exampleshire Safeguarding Adults Review
Adult R

Executive summary
Recommendation 1: The Exampleshire Safeguarding Adults Board should seek assurance that hospital discharge plans name a key worker.

Recommendations

Recommendation 1: The Exampleshire Safeguarding Adults Board should seek assurance that every hospital discharge plan names a key worker.

Recommendation 2
Agency: Exampleshire Adult Social Care
Adult Social Care should revise its self-neglect guidance so that it:
a) sets out when a multi-agency meeting must be called;
b) explains how to record a person's own view of the risks.

Recommendation 4
Lead agencies: Exampleshire Housing Options; Exampleshire Fire and Rescue Service
Housing Options and the Fire Service should share home safety visit findings for tenants who hoard.

Recommendation 5
Consideration should be given to a single contact point for families raising concerns.

Recommendation 5
Lead agency: Exampleshire Mental Health Trust
The Trust should check that carers' assessments are offered at every review.

Glossary
SAR: Safeguarding Adults Review
"""


def test_variants_inline_text_labelled_owners_and_parts():
    items, _ = _items(VARIANTS)
    recs = _reviews(items)
    assert [r.number for r in recs] == ["1", "2", "4", "5", "5"]
    assert recs[0].owners == ["Exampleshire Safeguarding Adults Board"]
    assert recs[0].text.startswith("The Exampleshire Safeguarding Adults Board should seek")
    assert recs[1].owners == ["Exampleshire Adult Social Care"]
    assert recs[1].text == "Adult Social Care should revise its self-neglect guidance so that it:"
    assert [(p.number, p.owners, p.lines) for p in recs[1].subitems] == [
        ("2a", ["Exampleshire Adult Social Care"], (14, 14)),
        ("2b", ["Exampleshire Adult Social Care"], (15, 15)),
    ]
    assert recs[1].subitems[1].text == "explains how to record a person's own view of the risks."
    assert recs[2].owners == [
        "Exampleshire Housing Options",
        "Exampleshire Fire and Rescue Service",
    ]
    assert recs[3].owners == [] and recs[3].text.startswith("Consideration should be given")
    assert recs[4].owners == ["Exampleshire Mental Health Trust"]
    assert recs[4].text.endswith("offered at every review.")  # the glossary is not read in


def test_variants_are_flagged_not_fixed():
    items, warnings = _items(VARIANTS)
    recs = _reviews(items)
    # the summary's statement of 1 and the body's are one recommendation, worded differently
    assert recs[0].lines == (5, 5) and recs[0].also_stated_at == [(9, 9)]
    assert _codes(warnings, "review-recommendation-differs") == [(5, 9)]
    assert _codes(warnings, "review-recommendation-number-gap") == [(17, 19)]
    assert _codes(warnings, "review-recommendation-number-repeated") == [(21, 24)]
    assert _codes(warnings, "review-recommendation-no-owner") == [(21, 22)]
    gap = next(w for w in warnings if w.code == "review-recommendation-number-gap")
    assert gap.message == "Recommendation 4 at line 17 follows 2: 3 is not printed"


# Numbered lists, as in the seeds, without a section number ----------------------------------

LIST = f"""Child Safeguarding Practice Review
Child V

Recommendations
1. The {ESCP} should publish a short guide on safe sleeping for parents of twins.
2. Exampleshire Maternity Service to add a safe sleeping question to the discharge checklist.
3. Health visitors should be reminded to ask who cares for the children overnight.
- This includes fathers and grandparents.

Conclusion
"""


def test_numbered_list_under_an_unnumbered_heading():
    items, warnings = _items(LIST)
    recs = _reviews(items)
    assert [(r.number, r.owners, r.lines) for r in recs] == [
        ("1", [ESCP], (5, 5)),
        ("2", ["Exampleshire Maternity Service"], (6, 6)),
        ("3", [], (7, 8)),  # "Health visitors should": not read as an owner, and flagged
    ]
    assert _codes(warnings, "review-recommendation-no-owner") == [(7, 8)]
    assert recs[2].text.endswith("overnight.\n- This includes fathers and grandparents.")
    assert {r.review for r in recs} == {"Child Safeguarding Practice Review – Child V"}


# A table with an owner column ------------------------------------------------------------------

TABLE = """Domestic Homicide Review
Adult M
Action plan

Rec no\tRecommendation\tLead agency\tTarget date\tProgress
1\tFront-line staff are trained to ask about economic abuse.\tExampleshire Council\tMarch 2027\tTwo sessions held
\tThe training covers control of benefits and debt.\t\t\t
2\tRisk assessments are shared before a perpetrator is released.\tExampleshire Police / Probation Service\t30 June 2027\t
2a\tA named officer holds the shared assessment.\t\t\tComplete
2b\tThe victim is told the release date.\tExampleshire Victim Service\t\t
3\tGP practices flag repeat injuries in the records.\tNHS Exampleshire ICB\tDecember 2027\tComplete

Next steps
"""


def test_table_with_an_owner_column():
    items, warnings = _items(TABLE)
    recs = _reviews(items)
    assert [(r.number, r.owners, r.lines) for r in recs] == [
        ("1", ["Exampleshire Council"], (6, 7)),
        ("2", ["Exampleshire Police", "Probation Service"], (8, 10)),
        ("3", ["NHS Exampleshire ICB"], (11, 11)),
    ]
    assert recs[0].text == (
        "Front-line staff are trained to ask about economic abuse. The training covers "
        "control of benefits and debt."
    )
    assert [(p.number, p.owners) for p in recs[1].subitems] == [
        ("2a", ["Exampleshire Police", "Probation Service"]),
        ("2b", ["Exampleshire Victim Service"]),
    ]
    assert recs[1].subitems[0].status == "complete"
    assert (recs[0].due, recs[1].due_date) == ("March 2027", "2027-06-30")
    assert [len(r.responses) for r in recs] == [1, 0, 1]
    assert {r.review for r in recs} == {"Domestic Homicide Review – Adult M"}
    assert warnings == []


PDF_TABLE = """Minutes of the Exampleshire Community Safety Partnership

The partnership received a Child Safeguarding Practice Review: Child W
Recommendation\tAgency
1. Schools should record every missing-from-education day.\tExampleshire Education Service
2. Youth workers share concerns with the school nurse.\tYouth Service, School Nursing
3. Outreach is offered to the family within a week.\tTBC
"""


def test_table_without_a_number_column_numbers_from_the_text():
    items, warnings = _items(PDF_TABLE, components=[])
    recs = _reviews(items)
    assert [(r.number, r.owners) for r in recs] == [
        ("1", ["Exampleshire Education Service"]),
        ("2", ["Youth Service", "School Nursing"]),
        ("3", []),
    ]
    assert recs[1].text == "Youth workers share concerns with the school nurse."
    assert {r.review for r in recs} == {"Child Safeguarding Practice Review – Child W"}
    assert _codes(warnings, "review-recommendation-no-owner") == [(7, 7)]


def test_a_table_outside_any_review_is_not_read():
    text = "Audit findings\nRecommendation\tLead agency\n1\tDo more.\tExampleshire Council\n"
    assert _reviews(_items(text, components=[])[0]) == []


# Owners resolved as the tracker resolves them ---------------------------------------------------


@pytest.mark.django_db
def test_owners_resolve_to_bodies_as_the_tracker_links_them():
    partnership = Body.objects.create(name=ESCP, kind=Body.Kind.SUBGROUP)
    recs = _reviews(_items(HEADINGS)[0])
    assert [split_labels(", ".join(r.owners)) for r in recs][4] == [ESCP]
    assert links_for_label(recs[4].owners[0]) == {"body": partnership}
    assert links_for_label("ESCP") == {"body": partnership}
    assert all(links_for_label(owner) == {} for owner in recs[2].owners)


BRIEFING = """Briefing note

To Exampleshire Children and Families Scrutiny Board

Date 4th March 2026

Subject Serious Case Review

1 Purpose of the Note

- 1.1 To share with the board the review of the help given to Child Q.

2 Recommendations

- 2.1 The board is asked to note the review's recommendations.

This page is intentionally left blank

"""


@pytest.mark.django_db
def test_ingested_heading_layout_gives_five_items_with_their_owners():
    from scrutineer.ingest.loader import ingest_bytes

    Body.objects.create(name=ESCP, kind=Body.Kind.SUBGROUP)
    ingest_bytes((BRIEFING + HEADINGS).encode(), "child-q-review.txt")
    recs = TrackedItem.objects.filter(source_kind="case-review").order_by("number")
    assert [r.number for r in recs] == ["1", "2", "3", "4", "5"]
    owners = [[p.label for p in r.parties.order_by("pk")] for r in recs]
    assert owners == [[CHILDREN], [POLICE], [CHILDREN, POLICE], [ICB], [ESCP]]
    assert recs.get(number="5").parties.get().body.name == ESCP
    assert not recs.filter(text__startswith="Recommendation").exists()


# Never hangs ---------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "Recommendation 1",
        "9.1 Recommendation 2",
        "Recommendation one:",
        "Agency: Police",
        "Children's Services / Police",
        "a) part",
        "1a\tx\ty",
        "Rec no\tRecommendation\tLead agency",
        "1\tText\tPolice",
        "SERIOUS CASE REVIEW",
        "Recommendations",
        "1. The Board should act.",
        "- bullet",
        "\t",
        "",
        "(",
        "9.",
    ]
)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=60)), max_size=60))
def test_reader_never_hangs_on_arbitrary_text(lines):
    items, warnings = extract_tracked_items(lines, [])
    for item in items:
        assert 1 <= item.lines[0] <= item.lines[1] <= len(lines)


def test_an_action_plan_with_a_recommendation_column_is_read_once():
    text = (
        "Serious Case Review\nChild Z\n\n"
        "Recommendation\tAction\tLead\tTimescale\n"
        "1. Police should share logs.\tWrite a protocol\tExampleshire Police\tMay 2027\n"
    )
    items, _ = _items(text, components=[])
    assert [item.source_kind for item in items] == ["action-plan"]


DHR = """Exampleshire DHR
Adult M

Recommendations

Recommendation 1 (Exampleshire Police)
Officers attending a third call to the same address within a month should refer the household to the risk conference.

Recommendation 2
Staff at the surgery should ask about controlling behaviour when a patient asks to change their registered address.
Lead agency: Exampleshire GP Federation

Recommendation 3
The Community Safety Partnership should:
a) publish a directory of support for older victims,
in print as well as online;
b) review it every year.

Recommendation 4
Professional Curiosity
The Community Safety Partnership should run workshops for front-line staff on asking difficult questions. It should:
1. include housing officers and pharmacists;
2. report attendance to its board.

Recommendation 5: Exampleshire Police
Call handlers should check for earlier calls from the address.
"""


def test_initials_in_the_title_and_owners_in_brackets_or_after_the_text():
    items, warnings = _items(DHR, components=[])
    recs = _reviews(items)
    assert {r.review for r in recs} == {"Domestic Homicide Review – Adult M"}
    assert [(r.number, r.owners, r.lines) for r in recs] == [
        ("1", ["Exampleshire Police"], (6, 7)),
        ("2", ["Exampleshire GP Federation"], (9, 11)),
        ("3", ["Community Safety Partnership"], (13, 17)),
        ("4", ["Community Safety Partnership"], (19, 23)),
        ("5", ["Exampleshire Police"], (25, 26)),
    ]
    assert recs[3].text.splitlines()[0] == "Professional Curiosity"  # a title, kept as printed
    assert recs[3].text.splitlines()[-1] == "2. report attendance to its board."
    assert recs[1].text.startswith("Staff at the surgery") and "Lead agency" not in recs[1].text
    assert [(p.number, p.text, p.lines) for p in recs[2].subitems] == [
        (
            "3a",
            "publish a directory of support for older victims, in print as well as online;",
            (15, 16),
        ),
        ("3b", "review it every year.", (17, 17)),
    ]
    assert recs[2].text == "The Community Safety Partnership should:"
    assert warnings == []
