"""The audit page, a body's list of audits, and the officers' forms for an audit, a finding
and a recommendation; restricted audits are hidden from readers who may not see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from scrutineer.assurance.models import Audit, AuditFinding
from scrutineer.governance.models import Body, Visibility
from scrutineer.tracker.models import Party, TrackedItem
from tests.helpers import page, signed_in, user_in

SECRET = "Westfold restricted neglect audit"


@pytest.fixture
def partnership(db, django_user_model):
    body = Body.objects.create(name="Westfold Safeguarding Partnership")
    other = Body.objects.create(name="Westfold Health and Wellbeing Board")
    audit = Audit.objects.create(
        body=body,
        kind=Audit.Kind.SECTION_11,
        title="Section 11 audit <b>2023</b>",
        period="2023/24",
        scope="All statutory partners against the Westfold toolkit.",
        standards_count=7,
        returned=["Westfold Police", "Westfold Council"],
        not_returned=["Westfold Hospice"],
    )
    AuditFinding.objects.create(
        audit=audit, heading="working-well", text="Leads are named in every agency.", order=0
    )
    AuditFinding.objects.create(
        audit=audit, heading="worried", text="Volunteer checks lag behind.", order=1
    )
    done, owed = (
        TrackedItem.objects.create(
            body=body,
            item_type="R",
            source_kind="audit",
            text=text,
            status=status,
            source_reference=audit.title,
        )
        for text, status in (("Publish the toolkit.", "complete"), ("Chase the hospice.", "open"))
    )
    Party.objects.create(tracked_item=owed, role=Party.Role.OWNER, label="Partnership Manager")
    audit.recommendations.add(done, owed)
    hidden = Audit.objects.create(
        body=body, kind=Audit.Kind.MULTI_AGENCY, title=SECRET, visibility=Visibility.RESTRICTED
    )
    return {
        "body": body,
        "audit": audit,
        "hidden": hidden,
        "owed": owed,
        "officer": user_in(django_user_model, "olwen", "officer", bodies=[body]),
        "stranger": user_in(django_user_model, "otis", "officer", bodies=[other]),
    }


def test_the_audit_page_shows_every_part_escaped(partnership):
    audit = partnership["audit"]
    response = Client().get(reverse("audit", args=[audit.pk]))
    html = page(response)
    text = " ".join(html.text_content().split())
    assert html.xpath("string(//h1)") == "Section 11 audit <b>2023</b>"
    assert b"<b>2023</b>" not in response.content
    for expected in (
        "Section 11 audit Period 2023/24",
        "Scope All statutory partners against the Westfold toolkit.",
        "7 standards",
        "Returned by Westfold Police Westfold Council",
        "Not returned by Westfold Hospice",
        "What's working well Leads are named in every agency.",
        "What we are worried about Volunteer checks lag behind.",
        "2 recommendations of Section 11 audit <b>2023</b>",
        "Chase the hospice.",
        "Owner: Partnership Manager",
    ):
        assert expected in text, expected
    assert "Change the audit" not in text  # not for a reader who may not edit


def test_the_list_counts_outstanding_recommendations_and_hides_restricted_audits(partnership):
    url = reverse("body-audits", args=[partnership["body"].slug])
    rows = page(Client().get(url)).xpath("//tbody/tr")
    assert [[" ".join(td.text_content().split()) for td in row.xpath("td")] for row in rows] == [
        ["Section 11 audit <b>2023</b>", "Section 11 audit", "2023/24", "2", "1"]
    ]
    assert SECRET.encode() not in Client().get(url).content
    officer = signed_in(partnership["officer"])
    assert SECRET.encode() in officer.get(url).content


def test_a_restricted_audit_is_not_found_by_the_public(partnership):
    hidden = partnership["hidden"]
    assert Client().get(reverse("audit", args=[hidden.pk])).status_code == 404
    assert (
        signed_in(partnership["stranger"]).get(reverse("audit", args=[hidden.pk])).status_code
        == 404
    )
    assert (
        signed_in(partnership["officer"]).get(reverse("audit", args=[hidden.pk])).status_code == 200
    )
    assert Client().get(reverse("audit-edit", args=[hidden.pk])).status_code == 404


def test_an_officer_adds_and_changes_an_audit(partnership):
    body, officer = partnership["body"], signed_in(partnership["officer"])
    url = reverse("audit-add", args=[body.slug])
    assert officer.get(url).status_code == 200
    errors = page(officer.post(url, {"title": "", "kind": "", "visibility": "public"}))
    assert errors.xpath("string(//title)").startswith("Error: ")
    summary = " ".join(
        errors.xpath("string(//div[contains(@class,'govuk-error-summary')])").split()
    )
    assert "Enter the audit's title" in summary and "Select the kind of audit" in summary
    response = officer.post(
        url,
        {
            "title": "Babies in winter audit",
            "kind": "multi-agency",
            "period": "2024",
            "scope": "Thirty families with a baby under six months.",
            "standards_text": "Safe sleep advice given\nFathers seen",
            "standards_count": "",
            "returned_text": "Health visiting\nChildren's social care",
            "not_returned_text": "",
            "visibility": "public",
        },
    )
    audit = Audit.objects.get(title="Babies in winter audit")
    assert response.status_code == 302 and response["Location"] == audit.get_absolute_url()
    assert (audit.body, audit.period, audit.returned) == (
        body,
        "2024",
        ["Health visiting", "Children's social care"],
    )
    assert [s["text"] for s in audit.standards] == ["Safe sleep advice given", "Fathers seen"]
    duplicate = officer.post(
        url, {"title": "Babies in winter audit", "kind": "single-agency", "visibility": "public"}
    )
    assert "This body already has an audit with that title" in duplicate.content.decode()

    edit = reverse("audit-edit", args=[audit.pk])
    form = page(officer.get(edit))
    assert (
        form.xpath("string(//textarea[@name='standards_text'])").strip()
        == "Safe sleep advice given\nFathers seen"
    )
    officer.post(
        edit,
        {
            "title": "Babies in winter audit",
            "kind": "multi-agency",
            "period": "2024/25",
            "scope": "Thirty families with a baby under six months.",
            "standards_text": "Safe sleep advice given\nFathers seen",
            "returned_text": "Health visiting\nChildren's social care",
            "not_returned_text": "Early years",
            "visibility": "restricted",
        },
    )
    audit.refresh_from_db()
    assert (audit.period, audit.not_returned, audit.visibility) == (
        "2024/25",
        ["Early years"],
        "restricted",
    )
    messages = list(
        LogEntry.objects.filter(object_id=str(audit.pk))
        .order_by("pk")
        .values_list("change_message", flat=True)
    )
    assert messages == [
        "Added the audit",
        "Changed period, who can see it and who did not return it",
    ]


def test_an_officer_adds_and_changes_a_finding_and_a_recommendation(partnership):
    audit, officer = partnership["audit"], signed_in(partnership["officer"])
    add = reverse("audit-finding-add", args=[audit.pk])
    officer.post(add, {"heading": "needs-to-happen", "text": "Audit volunteer checks again."})
    finding = audit.findings.get(heading="needs-to-happen")
    assert (finding.order, finding.source_id) == (2, None)
    officer.post(
        reverse("audit-finding-edit", args=[finding.pk]),
        {"heading": "needs-to-happen", "text": "Audit volunteer checks again in June."},
    )
    finding.refresh_from_db()
    assert finding.text == "Audit volunteer checks again in June."

    add = reverse("audit-recommendation-add", args=[audit.pk])
    bad = page(officer.post(add, {"text": "", "due_date": "31/2/2025"}))
    assert "Enter the recommendation" in bad.text_content()
    officer.post(
        add,
        {
            "number": "3",
            "text": "Train volunteer coordinators.",
            "owners": "Westfold Council; Westfold Police",
            "due_date": "31/3/2025",
        },
    )
    item = audit.recommendations.get(number="3")
    assert (
        item.source_kind,
        item.item_type,
        item.status,
        item.source_reference,
        item.due_date,
    ) == (
        "audit",
        "R",
        "open",
        audit.title,
        dt.date(2025, 3, 31),
    )
    assert sorted(item.parties.values_list("label", flat=True)) == [
        "Westfold Council",
        "Westfold Police",
    ]
    assert item.status_changes.count() == 1
    edit = reverse("audit-recommendation-edit", args=[audit.pk, item.pk])
    officer.post(
        edit,
        {
            "number": "3",
            "text": "Train volunteer coordinators.",
            "owners": "Westfold Council",
            "due_date": "30/4/2025",
        },
    )
    item.refresh_from_db()
    assert (item.due_date, list(item.parties.values_list("label", flat=True))) == (
        dt.date(2025, 4, 30),
        ["Westfold Council"],
    )
    text = " ".join(page(officer.get(audit.get_absolute_url())).text_content().split())
    assert "What needs to happen Audit volunteer checks again in June." in text
    assert "3: Train volunteer coordinators." in text


def test_only_the_bodys_officers_may_edit(partnership):
    audit = partnership["audit"]
    urls = [
        reverse("audit-add", args=[partnership["body"].slug]),
        reverse("audit-edit", args=[audit.pk]),
        reverse("audit-finding-add", args=[audit.pk]),
        reverse("audit-recommendation-add", args=[audit.pk]),
        reverse("audit-recommendation-edit", args=[audit.pk, partnership["owed"].pk]),
    ]
    stranger = signed_in(partnership["stranger"])
    for url in urls:
        assert stranger.get(url).status_code == 403, url
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/sign-in/?next={url}", url


def test_the_seed_audit_page(seeded):
    audit = Audit.objects.get(title="Section 175/157 Schools Safeguarding Audit")
    html = page(Client().get(audit.get_absolute_url()))
    text = " ".join(html.text_content().split())
    assert "Section 175/157 audit" in text and "Period 2020" in text
    assert "All schools except three" in text and "3 did not return it" in text
    assert "6 recommendations of Section 175/157 Schools Safeguarding Audit" in text
    links = html.xpath("//a[@class='app-source-link']/@href")
    assert any(link.endswith("#L775") for link in links)
    assert any(link.endswith("#L783") for link in links)
    listing = " ".join(
        page(Client().get(reverse("body-audits", args=[audit.body.slug]))).text_content().split()
    )
    assert "Babies at risk audit Multi-agency audit Not stated 11 4" in listing
    assert "Section 175/157 Schools Safeguarding Audit Section 175/157 audit 2020 0 6" in listing
