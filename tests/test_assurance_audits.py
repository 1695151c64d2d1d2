"""Audits read from the 2022 scrutiny pack (the CSCP annual report's "Quality assurance"
section) and from an invented report in another partnership's style: kind, period, scope,
standards, who returned it, findings under the Signs of Safety headings, recommendations as
tracked items; loaded as Audit, AuditFinding and linked tracked items, idempotently."""

from __future__ import annotations

import pytest

from scrutineer.assurance.models import Audit, AuditFinding
from scrutineer.ingest.loader import ingest_bytes
from scrutineer.packs.assurance.audits import read_audits, report_body
from scrutineer.packs.model import Component
from scrutineer.tracker.models import TrackedItem
from tests.seeds import seed_path

PACK = "scrutiny-pack-2022-03-17.txt"
CSCP = "Coventry Safeguarding Children's Partnership"
BABIES, SCHOOLS, S11 = (
    "Babies at risk audit",
    "Section 175/157 Schools Safeguarding Audit",
    "Section 11 Audit",
)


def _audits(parsed_seeds):
    return {a.title: a for a in parsed_seeds(PACK).assurance.audits}


def _recommendations(parsed_seeds, title):
    items = parsed_seeds(PACK).tracked_items
    return [i for i in items if i.source_kind == "audit" and i.audit == title]


def test_three_audits_in_the_2022_pack(parsed_seeds):
    audits = parsed_seeds(PACK).assurance.audits
    assert [(a.title, a.kind, a.lines, a.body) for a in audits] == [
        (BABIES, "multi-agency", (756, 771), CSCP),
        (SCHOOLS, "section-175", (773, 783), CSCP),
        (S11, "section-11", (785, 792), CSCP),
    ]


def test_the_section_175_157_audit(parsed_seeds):
    audit = _audits(parsed_seeds)[SCHOOLS]
    assert audit.period == "2020"
    assert audit.scope == "The CSCP undertakes an annual assessment of all schools in Coventry."
    assert audit.returned == ["All schools except three"]
    assert (audit.not_returned, audit.not_returned_count) == ([], 3)
    assert audit.facts == {
        "scope": (775, 775),
        "period": (775, 775),
        "returned": (775, 775),
        "not_returned": (775, 775),
        "body": (277, 277),
    }
    items = _recommendations(parsed_seeds, SCHOOLS)
    assert [(i.lines, i.owners, i.item_type, i.number) for i in items] == [
        ((777, 777), ["CSCP Board"], "R", None),
        ((778, 778), ["Safeguarding in Education Advisor"], "R", None),
        ((779, 779), ["Schools"], "R", None),
        ((781, 781), ["Safeguarding in Education Advisor"], "R", None),
        ((782, 782), ["Early Help team"], "R", None),
        ((783, 783), ["Safeguarding in Education Advisor"], "R", None),
    ]
    assert items[0].text.startswith("The CSCP Board should obtain assurance from the Local")


def test_the_section_11_audit(parsed_seeds):
    audit = _audits(parsed_seeds)[S11]
    assert (audit.period, audit.standards_count, audit.facts["standards"]) == (None, 8, (787, 787))
    assert audit.scope.startswith("An annual assessment is undertaken by the Board of all CSCP")
    items = _recommendations(parsed_seeds, S11)
    assert [i.lines for i in items] == [(791, 791), (792, 792)]
    assert items[1].text.startswith("Agencies are to send their collated feedback")
    assert [i.owners for i in items] == [[], []]


def test_the_babies_at_risk_audit(parsed_seeds):
    audit = _audits(parsed_seeds)[BABIES]
    assert audit.scope.startswith("The CSCP undertook an audit to review the current circumstances")
    assert audit.facts["scope"] == (758, 758)
    well = [f for f in audit.findings if f.heading == "What's working well?"]
    worried = [f for f in audit.findings if f.heading == "What are we worried about?"]
    assert len(audit.findings) == len(well) + len(worried) == 11
    assert [f.text for f in well] == [
        "Practitioners are trained and well-equipped to identify risks and vulnerabilities.",
        "There was evidence of excellent multi-agency working between professionals.",
        "Management oversight and case direction was clear, concise and decision making was "
        "timely.",
        "The Early Help Partnership and Health Visiting Service discovered some good evidence of "
        "relationship-based practice and building trust with families",
        "The quality of chronologies continues to improve in most agencies.",
    ]
    assert worried[-1].text == (
        "It was evident there is no risk-based, multi-agency tiered approach to safer sleep advice."
    )
    assert {f.lines for f in audit.findings} == {(761, 761)}
    items = _recommendations(parsed_seeds, BABIES)
    assert [i.lines for i in items] == [(765, 765), (767, 767), (769, 769), (771, 771)]
    assert items[0].text.startswith("On receipt of the Child Protection plan information")


@pytest.mark.parametrize(
    "name",
    ["scrutiny-pack-2016-07-21.txt", "hwb-pack-2014-02-24.txt", "lscb-annual-report-2016-17.txt"],
)
def test_no_audit_is_read_where_none_is_described_as_one(parsed_seeds, name):
    """Headings about audits in general ("Quality assurance and audits") are not audits."""
    pack = parsed_seeds(name)
    assert pack.assurance.audits == []
    assert not [i for i in pack.tracked_items if i.source_kind == "audit"]
    assert not [w for w in pack.warnings if w.code.startswith("audit-")]


def test_no_audit_warning_in_the_2022_pack(parsed_seeds):
    assert not [w for w in parsed_seeds(PACK).warnings if w.code.startswith("audit-")]


# -- another partnership's house style (invented) ---------------------------------------------

FENBRIDGE = [
    "Learning and improvement",
    "",
    "Section 11 audit",
    "",
    "The 2022/23 audit asked every statutory partner to rate itself against 9 standards of the "
    "Section 11 toolkit. 23 of 25 agencies returned the self-assessment by the deadline.",
    "",
    "Not returned: Fenbridge Community Rehabilitation Service and Hollowfield Housing Trust",
    "",
    "What's going well",
    "",
    "Most agencies have a named safeguarding lead at board level.",
    "",
    "Supervision records are up to date in all health providers.",
    "",
    "What we are worried about",
    "",
    "- Training records for volunteers are incomplete.",
    "",
    "Next steps (recommendations)",
    "",
    "- The Partnership Manager should write to the two agencies that did not return the audit.",
    "- Agencies to publish their safeguarding training offer for volunteers by March 2024.",
    "",
    "Health visiting record-keeping audit",
    "",
    "This single agency audit looked at 60 health visiting records opened in the autumn. The "
    "audit made two recommendations:",
    "",
    "1. Record the child's voice at every visit.",
    "2. Close records within five working days of discharge.",
    "",
    "Early help performance",
    "",
    "Quality assurance and audit",
    "",
    "The board audits many things.",
]


def test_a_section_11_audit_in_another_style():
    audits, items, warnings = read_audits(FENBRIDGE)
    assert [(a.title, a.kind, a.lines) for a in audits] == [
        ("Section 11 audit", "section-11", (3, 22)),
        ("Health visiting record-keeping audit", "single-agency", (24, 29)),
    ]
    s11 = audits[0]
    assert (s11.period, s11.standards_count, s11.returned_count, s11.not_returned_count) == (
        "2022/23",
        9,
        23,
        2,
    )
    assert s11.not_returned == [
        "Fenbridge Community Rehabilitation Service",
        "Hollowfield Housing Trust",
    ]
    assert s11.facts == {
        "scope": (5, 5),
        "period": (5, 5),
        "standards": (5, 5),
        "returned": (5, 5),
        "not_returned": (7, 7),
    }
    assert [(f.heading, f.text, f.lines) for f in s11.findings] == [
        (
            "What's going well",
            "Most agencies have a named safeguarding lead at board level.",
            (11, 11),
        ),
        (
            "What's going well",
            "Supervision records are up to date in all health providers.",
            (13, 13),
        ),
        ("What we are worried about", "Training records for volunteers are incomplete.", (17, 17)),
    ]
    assert [(i.audit, i.number, i.owners, i.lines, i.source_kind) for i in items] == [
        ("Section 11 audit", None, ["Partnership Manager"], (21, 21), "audit"),
        ("Section 11 audit", None, ["Agencies"], (22, 22), "audit"),
        ("Health visiting record-keeping audit", "1", [], (28, 28), "audit"),
        ("Health visiting record-keeping audit", "2", [], (29, 29), "audit"),
    ]
    assert items[2].text == "Record the child's voice at every visit."
    assert warnings == []


def test_a_recommendation_count_that_differs_from_the_list_is_flagged():
    lines = [*FENBRIDGE[:28], *FENBRIDGE[29:]]  # recommendation 2 left out
    _, items, warnings = read_audits(lines)
    assert [(w.code, w.message, w.lines) for w in warnings] == [
        (
            "audit-recommendation-count",
            "Health visiting record-keeping audit says it made 2 recommendations (line 26) but "
            "lists 1 (line 28)",
            (26, 28),
        )
    ]


def test_the_body_is_the_one_whose_annual_report_holds_the_audit():
    components = [
        Component("briefing-note", "Fenbridge Safeguarding Partnership Annual Report", (1, 9)),
        Component("annual-report", "Annual report 2022/23", (10, 90)),
    ]
    assert report_body(components, 40) == ("Fenbridge Safeguarding Partnership", (1, 1))
    assert report_body(components, 5) is None


# -- loading ----------------------------------------------------------------------------------


def test_audits_are_loaded_with_findings_and_linked_recommendations(seeded):
    audits = {a.title: a for a in Audit.objects.select_related("body")}
    assert {t: (a.kind, a.body.name) for t, a in audits.items()} == {
        BABIES: ("multi-agency", CSCP),
        SCHOOLS: ("section-175", CSCP),
        S11: ("section-11", CSCP),
    }
    schools = audits[SCHOOLS]
    assert (schools.period, schools.not_returned_count, schools.first_line, schools.last_line) == (
        "2020",
        3,
        773,
        783,
    )
    assert schools.facts["returned"] == [775, 775]
    assert audits[S11].standards_count == 8
    counts = {t: a.recommendations.count() for t, a in audits.items()}
    assert counts == {BABIES: 4, SCHOOLS: 6, S11: 2}
    lines = list(
        schools.recommendations.order_by("first_line").values_list("first_line", flat=True)
    )
    assert lines == [777, 778, 779, 781, 782, 783]
    assert set(
        schools.recommendations.values_list("source_kind", "item_type", "source_reference")
    ) == {("audit", "R", SCHOOLS)}
    owners = schools.recommendations.get(first_line=782).parties.values_list("label", flat=True)
    assert list(owners) == ["Early Help team"]
    findings = AuditFinding.objects.filter(audit=audits[BABIES])
    assert [f.heading for f in findings] == ["working-well"] * 5 + ["worried"] * 6
    assert {(f.first_line, f.printed_heading) for f in findings if f.heading == "worried"} == {
        (761, "What are we worried about?")
    }


def test_reingesting_a_new_version_changes_no_audit_rows(seeded):
    def rows():
        return (
            Audit.objects.count(),
            AuditFinding.objects.count(),
            TrackedItem.objects.filter(source_kind="audit").count(),
            sorted(Audit.recommendations.through.objects.values_list("audit_id", "trackeditem_id")),
        )

    before = rows()
    path = seed_path(PACK)
    ingest_bytes(path.read_bytes().replace(b"found Matt deceased", b"found Matt dead"), path.name)
    assert rows() == before
