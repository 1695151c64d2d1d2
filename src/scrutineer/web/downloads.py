"""The one way a file leaves the site: a paper's original, an attachment, an agenda pack,
generated minutes. The type is the one the site decided (never sniffed by the browser) and
the name is the one given; whether the reader may have it is the caller's check."""

from __future__ import annotations

from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    """Bytes made or kept by the site, saved by the browser under ``name``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file(file: File, content_type: str, name: str, *, inline: bool = False):
    """A file kept through the storage API, streamed; shown in the browser when ``inline``
    (a PDF pack), else saved. A file missing from storage is not found."""
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
