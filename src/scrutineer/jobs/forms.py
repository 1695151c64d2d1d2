"""Uploading a paper to be read: the size is checked before a byte of it is read."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from scrutineer.packs.reader import MAX_BYTES
from scrutineer.web.forms import GovukMixin

MAX_LABEL = f"{MAX_BYTES // (1024 * 1024)} MB"


class UploadForm(GovukMixin, forms.Form):
    file = forms.FileField(
        label="Upload a paper",
        help_text="An agenda pack, minutes or report: a PDF, or the text of one. "
        f"The file must be smaller than {MAX_LABEL}.",
        error_messages={
            "required": "Select a paper to upload",
            "empty": "The selected file is empty",
            "invalid": "Select a paper to upload",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(f"The selected file must be smaller than {MAX_LABEL}")
        return upload
