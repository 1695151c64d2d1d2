"""Every document can be downloaded as it was published: a text, a PDF, a ModernGov answer.
The bytes downloaded hash to the document's sha256, which is the sha256 of the file as
given (not of the text read from it)."""

from __future__ import annotations

import codecs
import hashlib
import os
from pathlib import Path

import pytest

from scrutineer.governance.models import Council, Document, Original
from scrutineer.ingest.loader import ingest_bytes, ingest_file
from scrutineer.ingest.moderngov import answer_document
from scrutineer.packs.moderngov import read_answer
from scrutineer.web.councils import council_addresses

from .helpers import page, signed_in, texts, user_in
from .pdf_papers import SEPTEMBER
from .seeds import SEED_NAMES, seed_path

pytestmark = pytest.mark.django_db

MANCHESTER = (
    Path(
        os.environ.get(
            "SCRUTINEER_MODERNGOV", Path(__file__).resolve().parents[2] / "shared" / "moderngov"
        )
    )
    / "manchester"
)


def address(document: Document, suffix: str = "") -> str:
    """The document's page (or ``suffix`` under it), under its council's prefix when the
    database holds several councils (the module's seeds, and another council's paper)."""
    several = Council.objects.count() > 1
    with council_addresses(document.council if several else None):
        return f"{document.get_absolute_url()}{suffix}"


def original(client, document: Document):
    return client.get(address(document, "original/"))


def downloaded(client, document: Document) -> bytes:
    response = original(client, document)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response)


def test_every_seed_downloads_as_published_with_its_sha256(client, seeded, django_user_model):
    member = signed_in(user_in(django_user_model, "member", "member"))
    for path in map(seed_path, SEED_NAMES):
        data = path.read_bytes()
        document = Document.objects.get(name=path.name)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        got = downloaded(member, document)
        assert got == data
        assert hashlib.sha256(got).hexdigest() == document.sha256
        assert len(got) == document.size_bytes
        tree = page(member.get(address(document)))
        [offer] = texts(tree, '//dt[.="Original"]/following-sibling::dd')
        size = f"{document.size_bytes / 1024:.1f} KB"
        assert offer.startswith(f"Download the original (text, {size}), as published")
        assert document.sha256 in offer
        response = original(member, document)
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{path.name}"'
        # A paper with restricted parts (the 2022 pack's private item) is not offered to the
        # public whole: an original cannot be redacted.
        withheld = path.name == "scrutiny-pack-2022-03-17.txt"
        assert original(client, document).status_code == (404 if withheld else 200)


def test_a_pdf_downloads_as_published(pdf_papers, client):
    data = pdf_papers[SEPTEMBER].read_bytes()
    document = ingest_file(pdf_papers[SEPTEMBER]).document
    got = downloaded(client, document)
    assert hashlib.sha256(got).hexdigest() == document.sha256 == hashlib.sha256(data).hexdigest()
    [offer] = texts(page(client.get(address(document))), '//dt[.="Original"]/../dd')
    assert offer.startswith("Download the original (PDF, ")


def test_a_utf16_paper_keeps_its_bytes_not_its_decoded_text(client):
    """The sha256 is of the file as given: a UTF-16 paper downloads as UTF-16, byte order
    mark and all, and hashes to it; its text is what was read from it."""
    path = seed_path("hwb-pack-2014-02-24.txt")
    data = codecs.BOM_UTF16_LE + path.read_text("utf-8").encode("utf-16-le")
    document = ingest_bytes(data, "pack-utf16.txt").document
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size_bytes == len(data)
    assert downloaded(client, document) == data


def manchester(name: str) -> bytes:
    path = MANCHESTER / name
    if not path.is_file():
        message = f"{path} not found: this test needs ../shared/moderngov/manchester"
        if os.environ.get("SCRUTINEER_REQUIRE_SEEDS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_bytes()


def test_a_moderngov_answer_downloads_as_read(client):
    data = manchester("meeting_with_minutes.xml")
    council = Council.objects.for_slug("manchester")
    name = "https://democracy.example.org/mgWebService.asmx/GetMeeting?lMeetingId=4967"
    document, created = answer_document(read_answer(data.decode("utf-8"), name), "A", council)
    assert created
    got = downloaded(client, document)
    assert got == data
    assert hashlib.sha256(got).hexdigest() == document.sha256
    response = original(client, document)
    assert response["Content-Type"] == "application/xml"
    assert (
        response["Content-Disposition"] == 'attachment; filename="GetMeeting?lMeetingId=4967.xml"'
    )
    assert Original.objects.get(document=document).content_type == "application/xml"


def test_a_moderngov_answer_ingested_as_a_paper_keeps_its_file(client):
    data = manchester("meeting_with_minutes.xml")
    document = ingest_bytes(data, "meeting_with_minutes.xml", "manchester").document
    assert document.format == "moderngov-getmeeting-xml"
    assert downloaded(client, document) == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()
