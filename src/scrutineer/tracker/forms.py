"""Forms for the tracker and the work programme.

Every message says how to put the problem right, as the GOV.UK Design System asks.
Every edit form carries the version of the record it was loaded against, so that an edit
made against an old version is refused rather than overwriting someone else's change.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from scrutineer.governance.models import Visibility
from scrutineer.web.forms import (
    DATE_EXAMPLE,
    GovukMixin,
    VersionedForm,
    date_field,
    listed_choice,
    visibility_field,
)

from .filters import (
    DUE_WITHIN_MAX_DAYS,
    FLAGS,
    OUTSTANDING,
    SCOPES,
    SEEN,
    TrackerFilters,
    read_flag,
)
from .models import TrackedItem, WorkProgrammeItem
from .owners import split_labels


class ResponseForm(VersionedForm):
    date = date_field(
        "Date of the response",
        required=True,
        noun="date of the response",
        help_text=f"The date the response was given or received. For example, {DATE_EXAMPLE}",
        missing=f"Enter the date of the response, for example {DATE_EXAMPLE}",
    )
    responder = forms.CharField(
        label="Who responded",
        max_length=255,
        required=False,
        help_text="For example, Director of Children's Services, or the name of the officer",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    text = forms.CharField(
        label="Response",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was said or done, as the responder put it",
        error_messages={"required": "Enter the response"},
    )
    links = forms.CharField(
        label="Links to evidence (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One web address per line, starting with https://",
    )

    def clean_links(self):
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    f"Enter each link as a full web address starting with https://, one per line "
                    f"({line[:60]} is not one)"
                ) from None
        return "\n".join(lines)


class StatusForm(VersionedForm):
    status = forms.ChoiceField(
        label="New status",
        choices=TrackedItem.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new status"},
    )
    note = forms.CharField(
        label="Why the status changed",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This note is kept in the status history, with your name and the time",
        error_messages={"required": "Enter a note saying why the status changed"},
    )

    def __init__(self, *args, current_status: str = "", **kwargs):
        self.current_status = current_status
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, f"{label} (current status)" if value == current_status else label)
            for value, label in TrackedItem.Status.choices
        ]

    def rebind_kwargs(self) -> dict:
        return {"current_status": self.current_status}

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError("Enter a note saying why the status changed")
        return note

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == self.current_status:
            label = TrackedItem.Status(status).label
            raise ValidationError(
                f"Select a status different from the current one ({label}), "
                "or go back if nothing has changed"
            )
        return status


class BodyChoiceMixin:
    """A body select over the bodies the user may edit (``bodies``: (slug, name) pairs)."""

    def set_bodies(self, bodies):
        self.bodies = {body.slug: body for body in bodies}
        self.fields["body"].choices = [("", "Select a body")] + [
            (body.slug, body.name) for body in bodies
        ]

    def clean_body(self):
        body = self.bodies.get(self.cleaned_data["body"])
        if body is None:
            raise ValidationError("Select the body that made the recommendation or action")
        return body


class TrackedItemForm(BodyChoiceMixin, GovukMixin, forms.Form):
    item_type = forms.ChoiceField(
        label="Type",
        choices=TrackedItem.Type.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is a recommendation, an action or an "
            "information request"
        },
    )
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The recommendation, action or request, as it was made",
        error_messages={"required": "Enter the text of the recommendation, action or request"},
    )
    number = forms.CharField(
        label="Number (optional)",
        max_length=16,
        required=False,
        help_text="As printed, for example 7.1 or 2a",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    body = forms.ChoiceField(
        label="Body",
        help_text="The board or group that made it",
        error_messages={
            "required": "Select the body that made the recommendation or action",
            "invalid_choice": "Select one of the bodies listed: you can add items only to "
            "the bodies you are an officer of",
        },
    )
    meeting_date = date_field(
        "Date of the meeting it came from (optional)",
        required=False,
        noun="meeting date",
        help_text=f"Leave blank if it did not come from a meeting. For example, {DATE_EXAMPLE}",
    )
    source_kind = forms.ChoiceField(
        label="Where it came from",
        choices=TrackedItem.SourceKind.choices,
        initial=TrackedItem.SourceKind.MANUAL,
    )
    source_reference = forms.CharField(
        label="Source reference (optional)",
        required=False,
        help_text="For example, Serious Case Review – Child T, recommendation 7.1",
    )
    due_date = date_field(
        "Due date (optional)",
        required=False,
        noun="due date",
        help_text=f"When a response or the action is due. For example, {DATE_EXAMPLE}",
    )
    due_basis = forms.CharField(
        label="Why it is due then (optional)",
        required=False,
        help_text="For example, “update requested in 6 months”",
    )
    owners = forms.CharField(
        label="Owners (optional)",
        required=False,
        help_text="Who must act on it, separated by commas. For example, LSCB, Social Care",
    )
    addressees = forms.CharField(
        label="Addressed to (optional)",
        required=False,
        help_text="Who it is addressed to, separated by commas. For example, "
        "Cabinet Member (Education and Skills)",
    )
    officer_contact_text = forms.CharField(
        label="Officer contact (optional)",
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    visibility = visibility_field()

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_bodies(bodies)

    def clean(self):
        return check_parties_and_due(self, super().clean())


def check_parties_and_due(form, cleaned: dict) -> dict:
    """Every party's name fits, and a reason for the due date comes with the date."""
    for name in ("owners", "addressees"):
        for label in split_labels(cleaned.get(name, "")):
            if len(label) > 255:
                form.add_error(name, "Shorten each name to 255 characters or fewer")
                break
    if cleaned.get("due_basis") and not cleaned.get("due_date") and "due_date" not in form.errors:
        form.add_error("due_date", "Enter the due date, or leave “why it is due then” blank")
    return cleaned


BUCKET_CHOICES = [("", "None: it is planned for a meeting")] + list(
    WorkProgrammeItem.Bucket.choices
)


class ProgrammePlacementForm(forms.Form):
    """A meeting of the body in that municipal year, or a bucket: exactly one."""

    meeting = forms.ChoiceField(label="Meeting", required=False)
    bucket = forms.ChoiceField(
        label="Or a bucket",
        choices=BUCKET_CHOICES,
        required=False,
        help_text="For items without a meeting date yet",
    )

    def set_meetings(self, meetings):
        self.meetings = {str(meeting.pk): meeting for meeting in meetings}
        self.fields["meeting"].choices = [("", "No meeting yet: use a bucket")] + [
            (str(m.pk), f"{m.date:%-d %B %Y}" + (" (postponed)" if m.status == "postponed" else ""))
            for m in meetings
        ]

    def clean_meeting(self):
        value = self.cleaned_data["meeting"]
        return listed_choice(self.meetings, value, "meetings", blank_is_none=True)

    def clean(self):
        cleaned = super().clean()
        meeting, bucket = cleaned.get("meeting"), cleaned.get("bucket")
        if "meeting" in self.errors or "bucket" in self.errors:
            return cleaned
        if meeting and bucket:
            self.add_error("bucket", "Choose a meeting or a bucket, not both")
        elif not meeting and not bucket:
            self.add_error(
                "meeting",
                "Select the meeting it will go to, or choose a bucket such as “Date to be decided”",
            )
        return cleaned


class ProgrammeItemForm(GovukMixin, ProgrammePlacementForm):
    title = forms.CharField(
        label="Title",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the title of the item"},
    )
    detail = forms.CharField(
        label="Detail (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the board will look at and why",
    )
    lead_officers = forms.CharField(
        label="Lead officers (optional)",
        required=False,
        help_text="Separated by commas. For example, John Gregg, Fran Doyle",
    )
    cabinet_members = forms.CharField(
        label="Cabinet Members (optional)",
        required=False,
        help_text="Separated by commas. For example, Cllr Ruane",
    )
    origin_text = forms.CharField(
        label="Origin (optional)",
        required=False,
        help_text="Where the item came from, for example “Scrutiny Board 2, 9 December 2021”",
    )
    standing = forms.BooleanField(
        label="This is a standing item",
        required=False,
        help_text="It comes to every meeting, such as the work programme itself",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=WorkProgrammeItem.Status.choices,
        initial=WorkProgrammeItem.Status.SCHEDULED,
    )
    visibility = visibility_field()

    field_order = ["title", "detail", "meeting", "bucket"]

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_meetings(meetings)


class MoveProgrammeItemForm(ProgrammePlacementForm, VersionedForm):
    status = forms.ChoiceField(
        label="Status",
        choices=WorkProgrammeItem.Status.choices,
        error_messages={"required": "Select the status of the item"},
    )

    def __init__(self, *args, meetings=(), **kwargs):
        self._meetings = list(meetings)
        super().__init__(*args, **kwargs)
        self.set_meetings(self._meetings)

    def rebind_kwargs(self) -> dict:
        return {"meetings": self._meetings}


SORTS = {
    "due": "Due date, earliest first",
    "-due": "Due date, latest first",
    "status": "Status, in workflow order",
    "-status": "Status, latest in the workflow first",
    "body": "Body, A to Z",
    "-body": "Body, Z to A",
    "type": "Type, R then A then I",
    "-type": "Type, I then A then R",
}


class TrackerFilterForm(GovukMixin, forms.Form):
    """The tracker list's filters, read from the query string."""

    body = forms.ChoiceField(label="Body", required=False)
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), (OUTSTANDING, "Any status still outstanding")]
        + list(TrackedItem.Status.choices),
    )
    owner = forms.CharField(
        label="Owner or addressee",
        required=False,
        max_length=100,
        help_text="Part of a name, for example LSCB or Cabinet Member",
    )
    item_type = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type")] + list(TrackedItem.Type.choices)
    )
    source_kind = forms.ChoiceField(
        label="Source",
        required=False,
        choices=[("", "Any source")] + list(TrackedItem.SourceKind.choices),
    )
    scope = forms.ChoiceField(
        label="Whose", required=False, choices=[("", "Everything tracked")] + list(SCOPES.items())
    )
    seen = forms.ChoiceField(
        label="Tracked live or history",
        required=False,
        choices=[("", "Both")] + list(SEEN.items()),
        help_text="History: open items the body's latest paper no longer shows",
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)
    owned = forms.BooleanField(
        label="Include items the body owns or was sent",
        required=False,
        help_text="Items other bodies raised that name the selected body",
    )
    due_within = forms.IntegerField(
        label="Due within (days)",
        required=False,
        min_value=0,
        max_value=DUE_WITHIN_MAX_DAYS,
        help_text="Open items due from today to this many days ahead",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of days as a whole number, for example 28",
            "min_value": "Enter a number of days of 0 or more",
            "max_value": f"Enter a number of days of {DUE_WITHIN_MAX_DAYS} or fewer",
        },
    )
    due_by = date_field(
        "Due on or before",
        required=False,
        noun="date",
        help_text=f"Open items due by this date. For example, {DATE_EXAMPLE}",
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(SORTS.items()))

    def __init__(self, data=None, *args, bodies=(), **kwargs):
        if data is not None:
            # The flags read as the exports read them: "owned=no" is not set.
            data = data.copy()
            for name in FLAGS:
                flag = read_flag(data.get(name, ""))
                if flag is not None:
                    data[name] = "true" if flag else "false"
        super().__init__(data, *args, **kwargs)
        self.bodies = {body.slug: body for body in bodies}
        self.fields["body"].choices = [("", "All bodies")] + [(b.slug, b.name) for b in bodies]

    def clean_owner(self):
        return " ".join(self.cleaned_data["owner"].split())

    def clean(self):
        cleaned = super().clean()
        for name in FLAGS:
            if read_flag(self.data.get(name, "")) is None:
                label = self.fields[name].label
                self.add_error(name, f"Select “{label}” or leave it unselected")
        return cleaned

    def filters(self, council=None) -> TrackerFilters:
        """The filters that were valid, within ``council``; call ``is_valid()`` first."""
        chosen = self.cleaned_data
        return TrackerFilters(
            council=council,
            body=self.bodies.get(chosen.get("body")),
            owned=bool(chosen.get("owned")),
            status=chosen.get("status") or "",
            owner=chosen.get("owner") or "",
            item_type=chosen.get("item_type") or "",
            source_kind=chosen.get("source_kind") or "",
            scope=chosen.get("scope") or "",
            seen=chosen.get("seen") or "",
            overdue=bool(chosen.get("overdue")),
            due_within=chosen.get("due_within"),
            due_by=chosen.get("due_by"),
        )


class TrackResolutionForm(GovukMixin, forms.Form):
    """ "Track this": the item a resolution opens, prefilled as ingest would derive it, for
    the officer to confirm or correct."""

    topic = forms.CharField(
        label="Agenda item",
        help_text="The title the item goes by in the tracker and the Outstanding Issues report",
        error_messages={"required": "Enter the title of the agenda item it arose under"},
    )
    text = forms.CharField(
        label="Text",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The recommendation, action or request, as it was resolved",
        error_messages={"required": "Enter the text of the recommendation, action or request"},
    )
    item_type = TrackedItemForm.base_fields["item_type"]
    addressees = TrackedItemForm.base_fields["addressees"]
    owners = TrackedItemForm.base_fields["owners"]
    due_date = TrackedItemForm.base_fields["due_date"]
    due_basis = TrackedItemForm.base_fields["due_basis"]
    visibility = visibility_field()

    def __init__(self, *args, private: bool = False, **kwargs):
        """``private``: the resolution is restricted (itself, its minute, item or meeting),
        so the item that quotes it must be too."""
        super().__init__(*args, **kwargs)
        self.private = private

    def clean_visibility(self):
        visibility = self.cleaned_data["visibility"]
        if self.private and visibility == Visibility.PUBLIC:
            raise forms.ValidationError(
                "The resolution is restricted, so its item must be restricted too"
            )
        return visibility

    def clean(self):
        return check_parties_and_due(self, super().clean())
