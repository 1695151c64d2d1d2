"""Documents: the papers every record was read from. Their metadata, the sha256 of what
was published, and where to download the original; the text itself is on the site's page
(it runs to megabytes, so lists leave it out)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from ninja import Query, Router, Schema

from scrutineer.governance.models import Document, Original
from scrutineer.governance.restriction import Withholding

from ..links import readable_ids, shown
from ..listing import ListQuery, Resource, detail_response, list_response
from ..shapes import ERRORS, Context, CouncilRef, Source, moment, page_of

router = Router(tags=["documents"])


class DocumentOut(Schema):
    """A published paper. ``sha256`` is of the file as published; ``original`` is where to
    download it, null when the reader may not (a paper with parts restricted from them
    cannot be redacted, so it is not offered) or when it was not kept. ``sources`` is
    empty: a document is itself the source of other records."""

    id: int
    title: str
    name: str
    kind: str
    format: str
    sha256: str
    size_bytes: int
    line_count: int
    ingested_at: dt.datetime
    council: CouncilRef
    supersedes: int | None
    url: str
    original: str | None
    updated_at: dt.datetime
    sources: list[Source]


def shape(documents: list[Document], context: Context) -> list[dict]:
    withheld = Withholding(context.user, documents=[d.pk for d in documents])
    earlier = readable_ids(Document, (d.supersedes_id for d in documents), context.user)
    return [
        {
            "id": document.pk,
            "title": document.title,
            "name": document.name,
            "kind": document.kind,
            "format": document.format,
            "sha256": document.sha256,
            "size_bytes": document.size_bytes,
            "line_count": document.line_count,
            "ingested_at": document.ingested_at,
            "council": context.council(document.council_id),
            "supersedes": shown(document.supersedes_id, earlier),
            "url": context.address(document.council_id, "document", [document.pk]),
            "original": (
                context.address(document.council_id, "document-original", [document.pk])
                if document.has_original and not withheld.of(document)
                else None
            ),
            "updated_at": moment(document.updated_at),
            "sources": [],
        }
        for document in documents
    ]


DOCUMENTS = Resource(
    name="documents",
    rows=lambda: Document.objects.defer("text").annotate(
        has_original=Exists(Original.objects.filter(document=OuterRef("pk")))
    ),
    shape=shape,
    council_path="council",
    body_path=None,
    date_field="ingested_at__date",
)


@router.get(
    "",
    response={200: page_of(DocumentOut), 304: None, **ERRORS},
    url_name="api-documents",
    summary="Documents: metadata, sha256 and the original's address",
)
def documents(request, filters: Query[ListQuery]):
    return list_response(request, DOCUMENTS, filters)


@router.get(
    "/{int:pk}",
    response={200: DocumentOut, 304: None, **ERRORS},
    url_name="api-document",
    summary="A document: metadata, sha256 and the original's address",
)
def document(request, pk: int):
    return detail_response(request, DOCUMENTS, pk)
