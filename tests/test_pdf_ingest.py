"""Ingesting a PDF: the document keeps its original beside the text read from it, offers
it for download as restricted as the document, names pages in provenance; a bad PDF
writes nothing."""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps

from scrutineer.governance.models import (
    Document,
    Meeting,
    Original,
    Resolution,
    Visibility,
    line_span_label,
)
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.packs import PackError

from .helpers import signed_in, user_in
from .pdf_papers import (
    MINUTES,
    NOVEMBER,
    SEPTEMBER,
)
from .test_pdf import bad_pdfs

pytestmark = pytest.mark.django_db
# What the September sample holds, read from its text or its PDF alike
READ_FROM_SEPTEMBER = {
    "meetings": 6,
    "agenda items": 11,
    "attendance": 20,
    "minutes": 7,
    "resolutions": 6,
    "declarations": 1,
    "briefing notes": 3,
    "reported attendance": 11,
}


def all_rows() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"governance", "tracker", "performance"}
    }


def test_a_pdf_keeps_its_original_and_pages(pdf_papers, client):
    path = pdf_papers[SEPTEMBER]
    data = path.read_bytes()
    result = ingest_file(path)
    document = result.document
    assert result.created
    assert document.format == "pdf"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size_bytes == len(data)
    assert document.page_starts == [1, 51, 103, 136, 170, 205, 253, 266, 311, 322]
    original = Original.objects.get(document=document)
    assert (bytes(original.data), original.content_type) == (data, "application/pdf")

    download = client.get(f"/documents/{document.pk}/original/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == f'attachment; filename="{SEPTEMBER}.pdf"'
    assert b"".join(download) == data

    page = client.get(document.get_absolute_url()).content.decode()
    assert f'href="/documents/{document.pk}/original/"' in page
    assert f'<code class="app-hash">{document.sha256}</code>' in page
    assert "10 pages" in page
    assert '<span class="app-page-start">Page 3</span>' in page.split('id="L103"')[1][:200]


def test_provenance_names_the_page_and_line(pdf_papers, client):
    ingest_file(pdf_papers[SEPTEMBER])
    meeting = Meeting.objects.get(
        body__name="Children and Young People Scrutiny Board", date="2025-07-17"
    )
    hubs = Resolution.objects.get(
        minute__meeting=meeting, text__startswith="Note the progress made"
    )
    assert (hubs.first_line, hubs.source_label) == (126, "page 3, line 24")
    youth = Resolution.objects.get(minute__meeting=meeting, minute__number=11)
    assert youth.source_label == "page 4, line 3"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Source: </span>page 3, line 24</a>" in page
    # the one wording, for spans too
    assert line_span_label(126, 138, (1, 103, 136)) == "page 2, line 24 to page 3, line 3"
    assert line_span_label(104, 110, (1, 103, 136)) == "page 2, lines 2–8"
    assert line_span_label(104, 110, ()) == "lines 104–110"


def test_a_restricted_documents_original_is_not_public(pdf_papers, client, django_user_model):
    document = ingest_file(pdf_papers[MINUTES]).document
    Document.objects.filter(pk=document.pk).update(visibility=Visibility.RESTRICTED)
    url = f"/documents/{document.pk}/original/"
    assert client.get(url).status_code == 404
    assert client.get(document.get_absolute_url()).status_code == 404
    member = signed_in(user_in(django_user_model, "member", "member"))
    allowed = member.get(url)
    assert allowed.status_code == 200
    assert b"".join(allowed) == pdf_papers[MINUTES].read_bytes()


def test_a_paper_with_private_parts_offers_its_original_only_to_members(
    pdf_papers, client, django_user_model
):
    """The November pack has a private agenda item; its words are withheld from the public
    text, and an original cannot be redacted, so the public cannot download it."""
    document = ingest_file(pdf_papers[NOVEMBER]).document
    assert document.visibility == Visibility.PUBLIC
    url = f"/documents/{document.pk}/original/"
    assert client.get(url).status_code == 404
    page = client.get(document.get_absolute_url()).content.decode()
    assert "The original file is not offered, because parts of it are restricted." in page
    assert url not in page
    member = signed_in(user_in(django_user_model, "member", "member"))
    assert member.get(url).status_code == 200
    assert url in member.get(document.get_absolute_url()).content.decode()


def test_a_text_paper_keeps_its_original_too(client):
    from scrutineer.cli import SAMPLE_DIR

    path = SAMPLE_DIR / f"{SEPTEMBER}.txt"
    document = ingest_file(path).document
    assert (document.format, document.page_starts) == ("text", [])
    original = Original.objects.get(document=document)
    assert (bytes(original.data), original.content_type) == (
        path.read_bytes(),
        "text/plain; charset=utf-8",
    )
    assert client.get(f"/documents/{document.pk}/original/").status_code == 200
    assert "/original/" in client.get(document.get_absolute_url()).content.decode()


@pytest.mark.parametrize("name", ["encrypted.pdf", "scanned.pdf", "truncated.pdf", "damaged.pdf"])
def test_a_bad_pdf_writes_nothing(pdf_papers, name):
    ingest_file(pdf_papers[MINUTES])  # something already there, unchanged by the refusal
    before = all_rows()
    data, problem = bad_pdfs(pdf_papers[MINUTES].read_bytes())[name]
    with pytest.raises(PackError) as refused:
        ingest_bytes(data, name)
    assert str(refused.value) == f"{name}: {problem}"
    assert all_rows() == before


def test_an_officers_pdf_upload_is_read_as_a_job(pdf_papers, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from scrutineer.jobs.celery_app import app
    from scrutineer.jobs.models import Job

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        client = signed_in(user_in(django_user_model, "olive", "officer"))
        data = pdf_papers[SEPTEMBER].read_bytes()
        # a PDF is known by its content, whatever it is called
        client.post(reverse("upload-paper"), {"file": SimpleUploadedFile("pack.txt", data)})
        bad, problem = bad_pdfs(pdf_papers[MINUTES].read_bytes())["encrypted.pdf"]
        before = all_rows()
        client.post(reverse("upload-paper"), {"file": SimpleUploadedFile("locked.pdf", bad)})
    finally:
        app.conf.task_always_eager = eager
    done, failed = Job.objects.order_by("pk")
    assert done.state == "done"
    counts = {what: done.result["counts"][what] for what in READ_FROM_SEPTEMBER}
    assert counts == READ_FROM_SEPTEMBER
    document = Document.objects.get(pk=done.result["document"]["id"])
    assert (document.format, bytes(document.original.data)) == ("pdf", data)
    download = client.get(f"/documents/{document.pk}/original/")
    assert download["Content-Disposition"] == 'attachment; filename="pack.txt.pdf"'
    assert (failed.state, failed.error) == ("failed", f"locked.pdf: {problem}")
    assert all_rows() == before


def test_a_harvest_reads_a_linked_pdf(pdf_papers):
    """`harvest --documents` reads a meeting's linked PDF with the same reader, from a
    local server answering as a ModernGov site does."""
    from scrutineer.governance.models import LinkedDocument
    from scrutineer.harvest.localsite import LocalSite, Reply

    from .test_harvest import Manchester, answer, run

    data = pdf_papers[MINUTES].read_bytes()
    with LocalSite(Manchester()) as site:
        meeting = (
            answer(4967).decode("utf-8").replace("https://democracy.manchester.gov.uk", site.url)
        )
        site.route.overrides[("GetMeeting", "4967")] = Reply(meeting.encode("utf-8"))
        site.route.overrides[(None, "60860")] = Reply(data, content_type="application/pdf")
        site.route.overrides[(None, "60909")] = Reply(data, content_type="application/pdf")
        result = run(site, committees=["144"], documents=True)
    assert (result.papers, result.warnings) == (2, [])
    paper = LinkedDocument.objects.get(moderngov_id=60860).document
    assert (paper.format, paper.council.slug) == ("pdf", "manchester")
    assert bytes(paper.original.data) == data
    assert LinkedDocument.objects.get(moderngov_id=60909).document == paper  # the same bytes
