"""The form kit every app's forms share: GOV.UK widgets and messages, typed dates, who can
see a record, and the version check that refuses an edit made against an old copy.

Every message says how to put the problem right, as the GOV.UK Design System asks.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from scrutineer.governance.models import Visibility

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%d-%m-%Y"]
DATE_EXAMPLE = "27/3/2026"


class GovukMixin:
    """Widget classes the template tags cannot infer, and no browser-side validation."""

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default_invalid = forms.ChoiceField.default_error_messages["invalid_choice"]
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "govuk-radios__input")
            if field.error_messages.get("invalid_choice") == default_invalid:
                field.error_messages["invalid_choice"] = (
                    f"Select one of the options listed for “{str(field.label).lower()}”"
                )


def date_field(label: str, *, required: bool, noun: str, help_text: str = "", missing: str = ""):
    """A date typed as people write it. ``noun`` names the date in messages ("due date")."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or f"For example, {DATE_EXAMPLE}",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "invalid": f"Enter a real {noun}, for example {DATE_EXAMPLE}",
            "required": missing or f"Enter the {noun}, for example {DATE_EXAMPLE}",
        },
    )


def visibility_field():
    return forms.ChoiceField(
        label="Who can see it",
        choices=[
            (Visibility.PUBLIC, "Public: anyone can see it"),
            (Visibility.RESTRICTED, "Restricted: only signed-in members and officers"),
        ],
        initial=Visibility.PUBLIC,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can see it"},
    )


class LimitedFileField(forms.FileField):
    """A file to upload, refused over ``max_bytes``; ``what`` completes "Select ..."."""

    def __init__(self, *, label: str, what: str, help_text: str, max_bytes: int, max_label: str):
        self.max_bytes = max_bytes
        self.too_large = f"The selected file must be smaller than {max_label}"
        super().__init__(
            label=label,
            help_text=f"{help_text} The file must be smaller than {max_label}.",
            error_messages={
                "required": f"Select {what}",
                "empty": "The selected file is empty",
                "invalid": f"Select {what}",
            },
        )

    def validate(self, value):
        super().validate(value)
        if value and value.size > self.max_bytes:
            raise ValidationError(self.too_large)


# Room for a form's other fields and the multipart boundaries around its file.
REQUEST_SLACK = 64 * 1024


def declared_size(request) -> int:
    """The size a request says its body is: a request too large is refused unread."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class SizeLimit(FileUploadHandler):
    """First of the upload handlers: counts a file's bytes as they arrive and stops keeping
    them once they pass the limit, so an oversized upload never reaches the disk whole.
    The rest of the request is read and dropped, so that the browser gets the answer."""

    def __init__(self, request, limit: int):
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


class VersionedForm(GovukMixin, forms.Form):
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": "Reload the page and make your change again: the form was incomplete",
            "invalid": "Reload the page and make your change again: the form was incomplete",
        },
    )

    def with_version(self, version: int):
        """The same answers, re-bound against the record's current version."""
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        return type(self)(data, **self.rebind_kwargs())

    def rebind_kwargs(self) -> dict:
        return {}


def listed_choice(listed: dict, value: str, noun: str, *, blank_is_none: bool = False):
    """The record a choice names among those the form listed (keyed by the choice's value):
    a value that names none of them is refused, saying what to choose ("areas")."""
    if blank_is_none and not value:
        return None
    found = listed.get(value)
    if found is None:
        raise ValidationError(f"Select one of the {noun} listed")
    return found


def page_of(paginator, request):
    """The page of a list the query string asks for (``?page=2``), the first without one.

    A page that is not there (``?page=9`` of three, ``?page=last``, ``?page=0``) is not
    found (404), rather than quietly showing another page than the one asked for. The
    first page of an empty list is there: it says the list is empty.
    """
    from django.core.paginator import InvalidPage
    from django.http import Http404

    number = request.GET.get("page") or 1
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404(f"This list has no page {number}.") from None
