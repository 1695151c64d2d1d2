"""What an officer types for a minute, and when the meeting closed."""

from __future__ import annotations

import re

from django import forms

from scrutineer.governance.minute_book import (
    draft_meetings_before,
    tracked_label,
    tracked_left_out,
)
from scrutineer.governance.models import Meeting, Minute
from scrutineer.packs.typedminute import (
    minute_html,
    typed_references,
    typed_resolutions,
    typed_text,
)
from scrutineer.periods import MunicipalYear
from scrutineer.web.forms import GovukMixin

from .meeting_forms import ClockTimeField

MAX_MINUTE_CHARS = 50_000
NO_APPROVAL = "none"


class MinuteForm(GovukMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=500,
        error_messages={"required": "Enter the minute's title"},
    )
    text = forms.CharField(
        label="What the minute records",
        required=False,
        max_length=MAX_MINUTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Leave a blank line between paragraphs. Start a line with “- ” for a "
        "bulleted list, and put **two stars** around words to show them in bold.",
        error_messages={"max_length": "The minute must be 50,000 characters or fewer"},
    )
    resolutions = forms.CharField(
        label="Resolutions",
        required=False,
        max_length=MAX_MINUTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As the minutes print them, for example “RESOLVED: (1) that the report be "
        "noted; (2) that the Director writes to the Minister”, or one part per line.",
    )
    references = forms.CharField(
        label="Earlier minutes it refers to (optional)",
        required=False,
        max_length=1000,
        help_text="For example, Minute 12/21, Minute 14/21",
    )

    def __init__(self, *args, item, minute: Minute | None, **kwargs):
        self.meeting: Meeting = item.meeting
        self.year = MunicipalYear.of(self.meeting.date).short
        self.minute = minute
        self.own = minute.reference if minute else None
        initial = {"title": item.title}
        if minute is not None:
            initial = {
                "title": minute.title,
                "text": typed_text(minute.html),
                "resolutions": _typed_resolutions(minute),
                "references": ", ".join(
                    [f"Minute {m.reference}" for m in minute.references.all()]
                    + [f"Minute {ref}" for ref in minute.unresolved_references]
                ),
            }
        drafts = list(draft_meetings_before(self.meeting, minute))
        agreed = next((m for m in drafts if minute and m.minutes_approved_by_id == minute.pk), None)
        initial["agrees"] = str(agreed.pk) if agreed else NO_APPROVAL
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.drafts = {str(m.pk): m for m in drafts}
        if drafts:
            self.fields["agrees"] = forms.ChoiceField(
                label="Does this minute agree the minutes of an earlier meeting?",
                choices=[
                    (pk, f"This minute agrees the minutes of the meeting on {m.date:%-d %B %Y}")
                    for pk, m in self.drafts.items()
                ]
                + [(NO_APPROVAL, "No, it agrees no earlier minutes")],
                widget=forms.RadioSelect,
                required=False,
                help_text="Earlier meetings of this body whose minutes are still draft.",
            )

    def clean_text(self):
        return minute_html(self.cleaned_data["text"])

    def clean_resolutions(self):
        typed = typed_resolutions(self.cleaned_data["resolutions"])
        typed = [(r.part or "", r.text) for r in typed]
        if tracked := tracked_left_out(self.minute, typed):
            raise forms.ValidationError(tracked_message(tracked))
        return typed

    def clean_references(self):
        found = []
        for part in re.split(r"[,;\n]", self.cleaned_data["references"]):
            if not part.strip():
                continue
            references = typed_references(part, self.year, self.own)
            if not references:
                raise forms.ValidationError(
                    f"“{part.strip()}” is not a minute number: write references like "
                    "Minute 12/21, separated by commas"
                )
            found += [ref for ref in references if ref not in found]
        return found

    def approves(self) -> Meeting | None:
        value = self.cleaned_data.get("agrees", NO_APPROVAL)
        return self.drafts.get(value)


def tracked_message(tracked) -> str:
    """Why a resolution cannot be removed: a tracked item was made from it and would lose
    the words it records."""
    named = " and ".join(tracked_label(row) for row in tracked)
    verb = "is" if len(tracked) == 1 else "are"
    return (
        f"{named} {verb} tracked as an item, so cannot be removed or given another part's "
        "words: keep it, or change the tracked item first"
    )


def _typed_resolutions(minute: Minute) -> str:
    """The stored resolutions as they would be typed: "RESOLVED:" then each part."""
    resolutions = list(minute.resolutions.all())
    if any(r.part for r in resolutions):
        return "\n".join(
            ["RESOLVED:"] + [f"({r.part}) {r.text}" if r.part else r.text for r in resolutions]
        )
    return "\n".join(r.text for r in resolutions)


class ClosedForm(GovukMixin, forms.ModelForm):
    closed_at = ClockTimeField(
        label="When the meeting closed",
        required=False,
        help_text="For example, 11.45am or 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={"invalid": "Enter a real time, for example 11.45am or 14:30"},
    )

    class Meta:
        model = Meeting
        fields = ["closed_at"]
