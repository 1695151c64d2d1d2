"""Uploading a paper to be read: the size is checked before a byte of it is read."""

from __future__ import annotations

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from scrutineer.packs.reader import MAX_BYTES
from scrutineer.web.forms import GovukMixin, LimitedFileField

MAX_LABEL = f"{MAX_BYTES // (1024 * 1024)} MB"
# Room for the form's other fields and the multipart boundaries around the file.
REQUEST_SLACK = 64 * 1024


class SizeLimit(FileUploadHandler):
    """First of the upload handlers: counts a file's bytes as they arrive and stops keeping
    them once they pass the limit, so an oversized upload never reaches the disk whole.
    The rest of the request is read and dropped, so that the browser gets the answer."""

    def __init__(self, request=None, limit: int = MAX_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file


class UploadForm(GovukMixin, forms.Form):
    file = LimitedFileField(
        label="Upload a paper",
        what="a paper to upload",
        help_text="An agenda pack, minutes or report: a PDF, or the text of one.",
        max_bytes=MAX_BYTES,
        max_label=MAX_LABEL,
    )

    def refuse_as_too_large(self) -> None:
        """Show the size error alone, for an upload stopped before it was read."""
        self.is_valid()
        self.errors.pop("file", None)
        self.add_error("file", self.fields["file"].too_large)
