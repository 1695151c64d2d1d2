"""Uploading a paper to be read: the size is checked before a byte of it is read."""

from __future__ import annotations

from django import forms

from scrutineer.packs.reader import MAX_BYTES
from scrutineer.web.forms import GovukMixin, LimitedFileField

MAX_LABEL = f"{MAX_BYTES // (1024 * 1024)} MB"


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
