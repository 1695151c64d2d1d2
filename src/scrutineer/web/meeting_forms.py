"""The forms officers prepare a meeting with: the meeting, its status, its agenda items and
their attachments. Each refuses what the database would (a second meeting on a day, a
sub-item number used twice) as a message on the form, never as a server error."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from scrutineer.governance.attachments import AttachmentError, check_attachment, size_label
from scrutineer.governance.models import AgendaItem, LinkedDocument, Meeting, Visibility
from scrutineer.packs.text import find_time
from scrutineer.reports.clock import clock

from .forms import GovukMixin, LimitedFileField, date_field, visibility_field

TIME_EXAMPLE = "10am, 10:00 or 2.30pm"
_24_HOUR = re.compile(r"(\d{1,2})[.:](\d{2})")
AMBIGUOUS_TIME = "Enter a time like 2.30pm or 14:30"


def typed_time(text: str) -> dt.time | None:
    """A time as people type it: "10am", "2.30pm", "10:00", "14:30", "noon"; None for
    anything else. Twelve-hour times are read by the papers' own rule (``find_time``).
    "2.30" with no am or pm is refused (a ValidationError): at 1 to 7 o'clock it is far more
    often the afternoon than the night, so it is not read as 02:30."""
    text = " ".join(text.lower().split())
    if text in {"noon", "12 noon", "midday"}:
        return dt.time(12, 0)
    if match := _24_HOUR.fullmatch(text):
        hour, minute = int(match.group(1)), int(match.group(2))
        if 1 <= hour <= 7 and not match.group(1).startswith("0"):
            raise ValidationError(AMBIGUOUS_TIME, code="ambiguous")
        return dt.time(hour, minute) if hour < 24 and minute < 60 else None
    found = find_time(text)
    if found and re.fullmatch(r"\d{1,2}([.:]\d{2})?\s?[ap]\.?\s?m\.?", text):
        return dt.time.fromisoformat(found)
    return None


class ClockTimeField(forms.Field):
    """A time of day, typed (``typed_time``); blank is "not recorded". It shows a stored time
    as the papers print it ("2.30 pm"), which reads back as the same time."""

    default_error_messages = {"invalid": f"Enter a real start time, for example {TIME_EXAMPLE}"}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-5"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return clock(value) if isinstance(value, dt.time) else value

    def to_python(self, value):
        if value in (None, "") or isinstance(value, dt.time):
            return value or None
        found = typed_time(str(value))
        if found is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


YES_NO = [("yes", "Yes"), ("no", "No")]


class MeetingForm(GovukMixin, forms.ModelForm):
    date = date_field("Date", required=True, noun="meeting date")
    start_time = ClockTimeField(
        label="Start time",
        required=False,
        help_text=f"For example, {TIME_EXAMPLE}. Leave blank if it is not yet set",
    )
    private_business = forms.TypedChoiceField(
        label="Is there private business?",
        choices=YES_NO,
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        help_text="Items the public are excluded from, under Schedule 12A",
        error_messages={"required": "Select yes if there is private business"},
    )
    visibility = visibility_field()

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "venue", "contact_officer", "private_business"]
        fields += ["visibility"]
        labels = {"venue": "Venue", "contact_officer": "Contact officer"}
        help_texts = {
            "venue": "Where the meeting is held, as the front sheet will say",
            "contact_officer": "Name, telephone and email of who to contact about the meeting",
        }
        widgets = {"venue": forms.TextInput, "contact_officer": forms.TextInput}

    def __init__(self, *args, body, **kwargs):
        self.body = body
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            kwargs.setdefault("initial", {})
            kwargs["initial"]["private_business"] = "yes" if instance.private_business else "no"
            if instance.start:
                kwargs["initial"]["start_time"] = timezone.localtime(instance.start).time()
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["private_business"].initial = "no"

    def clean_date(self):
        day = self.cleaned_data["date"]
        others = Meeting.objects.filter(body=self.body, date=day).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(self.taken_message(day))
        return day

    def taken_message(self, day: dt.date) -> str:
        return (
            f"{self.body.name} already has a meeting on {day:%-d %B %Y}: "
            "enter another date, or change that meeting"
        )

    def save(self, commit=True):
        meeting = super().save(commit=False)
        meeting.body = self.body
        start = self.cleaned_data.get("start_time")
        # The same shape ingest writes: an aware start on the meeting's own day, in the
        # council's time zone (Europe/London).
        meeting.start = (
            timezone.make_aware(dt.datetime.combine(meeting.date, start)) if start else None
        )
        if commit:
            meeting.save()
        return meeting


STATUSES = [
    (Meeting.Status.SCHEDULED, "Scheduled: the meeting goes ahead on its date"),
    (Meeting.Status.POSTPONED, "Postponed: it will be held on a later date"),
    (Meeting.Status.CANCELLED, "Cancelled: it will not be held"),
]


class MeetingStatusForm(GovukMixin, forms.Form):
    status = forms.ChoiceField(
        label="Will the meeting go ahead?",
        choices=STATUSES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the meeting is scheduled, postponed or cancelled"
        },
    )


BUSINESS = [("public", "Public: the public may attend"), ("private", "Private: exempt information")]


class AgendaItemForm(GovukMixin, forms.ModelForm):
    parent = forms.ChoiceField(label="Is it a sub-item?", required=False, widget=forms.RadioSelect)
    business = forms.ChoiceField(
        label="Public or private business",
        choices=BUSINESS,
        initial="public",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the item is public or private business"},
    )
    visibility = visibility_field()

    class Meta:
        model = AgendaItem
        fields = ["number", "parent", "title", "presenter", "description", "business"]
        fields += ["exempt_paragraph", "visibility"]
        labels = {
            "number": "Item number",
            "title": "Title",
            "presenter": "Presenter",
            "description": "Description",
            "exempt_paragraph": "Exempt information paragraph",
        }
        help_texts = {
            "number": "For example, 4, or 4a for a sub-item",
            "presenter": "Who presents the item (optional)",
            "description": "What the board is asked to do (optional)",
            "exempt_paragraph": (
                "Required for private business. For example, Paragraph 3 of Part 1 of "
                "Schedule 12A to the Local Government Act 1972"
            ),
        }
        widgets = {
            "number": forms.TextInput(attrs={"class": "govuk-input--width-4"}),
            "title": forms.TextInput,
            "presenter": forms.TextInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "exempt_paragraph": forms.TextInput,
        }
        error_messages = {
            "number": {
                "required": "Enter the item number",
                "max_length": "Enter an item number of 10 characters or fewer",
            },
            "title": {"required": "Enter the item's title"},
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        item = self.instance
        parents = meeting.agenda_items.filter(parent=None).order_by("order", "pk")
        if item.pk:
            parents = parents.exclude(pk=item.pk)
            self.initial.setdefault("business", "private" if item.exempt_paragraph else "public")
            self.initial.setdefault("parent", str(item.parent_id or ""))
        self.parents = {str(p.pk): p for p in parents}
        self.fields["parent"].choices = [("", "No, it is a main item")] + [
            (key, f"Yes, under {parent}") for key, parent in self.parents.items()
        ]
        self.fields["parent"].initial = ""

    def clean_number(self):
        return self.cleaned_data["number"].strip().rstrip(".")

    def clean_parent(self):
        key = self.cleaned_data.get("parent") or ""
        if not key:
            return None
        if key not in self.parents:
            raise ValidationError("Select one of the items listed, or that it is a main item")
        if self.instance.pk and self.instance.subitems.exists():
            raise ValidationError("This item has sub-items, so it cannot be a sub-item itself")
        return self.parents[key]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("business") == "private":
            if not cleaned.get("exempt_paragraph", "").strip():
                self.add_error(
                    "exempt_paragraph",
                    "Enter the paragraph of Schedule 12A that makes the item private",
                )
        else:
            cleaned["exempt_paragraph"] = ""
        number, parent = cleaned.get("number"), cleaned.get("parent")
        if number and "parent" not in self.errors:
            siblings = AgendaItem.objects.filter(meeting=self.meeting, parent=parent, number=number)
            if siblings.exclude(pk=self.instance.pk).exists():
                where = f"under item {parent.number}" if parent else "on this agenda"
                self.add_error("number", f"Item {number} is already {where}: enter another number")
        return cleaned

    def _get_validation_exclusions(self):
        # The number's uniqueness is checked in clean(), under its parent and with a message
        # that says which item holds it; the model's constraints would only say it again.
        return super()._get_validation_exclusions() | {"number", "parent"}

    def _post_clean(self):
        self.instance.meeting = self.meeting
        super()._post_clean()


class AttachmentForm(GovukMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="As the agenda should list it, for example, Appendix A: budget monitoring",
        error_messages={"required": "Enter a title for the attachment"},
        widget=forms.TextInput,
    )
    visibility = visibility_field()

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.SCRUTINEER_ATTACHMENT_LIMIT  # read now, so a changed setting holds
        self.fields["file"] = LimitedFileField(
            label="File",
            what="a PDF, Word document or Excel workbook",
            help_text="A PDF, Word document or Excel workbook.",
            max_bytes=limit,
            max_label=size_label(limit),
        )
        # The file last: the fields before it are read even when an upload is stopped.
        self.order_fields(["title", "visibility", "file"])
        self.item = item
        if item.exempt_paragraph or item.visibility == Visibility.RESTRICTED:
            self.fields["visibility"].initial = Visibility.RESTRICTED

    def refuse_as_too_large(self) -> None:
        """Show the size error alone, for an upload stopped before it was read (and the
        fields sent after it, never read)."""
        self.is_valid()
        self.errors.clear()
        self.add_error("file", self.fields["file"].too_large)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.kind = check_attachment(upload.name, upload)
        except AttachmentError as error:
            raise ValidationError(error.message) from None
        return upload

    def save(self) -> LinkedDocument:
        """The attachment's row and its stored file. Call inside a transaction; the file is
        stored last, and removed again if the row cannot be written."""
        upload, kind = self.cleaned_data["file"], self.kind
        digest, size = hashlib.sha256(), 0
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
            size += len(chunk)
        upload.seek(0)
        stem = slugify(PurePath(upload.name).stem)[:80] or "attachment"
        paper = LinkedDocument(
            agenda_item=self.item,
            title=self.cleaned_data["title"].strip(),
            media_type=kind.media_type,
            size=size,
            sha256=digest.hexdigest(),
            pages=kind.pages,
            visibility=self.cleaned_data["visibility"],
        )
        paper.file.save(f"{stem}{kind.suffix}", upload, save=False)
        try:
            paper.save()
        except Exception:
            paper.file.delete(save=False)
            raise
        return paper
