"""Forms for data calls: making a call, uploading a return, and typing a figure by hand.

Messages say how to put the problem right, as the GOV.UK Design System asks. The figure a
person types is read by the same rules as a figure in an uploaded return.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from scrutineer.packs import figures, spreadsheets
from scrutineer.periods import Quarter
from scrutineer.web.forms import GovukMixin, LimitedFileField, date_field, listed_choice

from ..models import DataCall, Indicator, Observation
from . import scope

Unit = Indicator.Unit


class OrganisationChoiceMixin:
    """A select of organisations: those responsible for indicators in the call first."""

    def __init__(self, *args, responsible=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organisations(responsible, others)

    def set_organisations(self, responsible, others=()):
        self.organisations = {str(o.pk): o for o in [*responsible, *others]}
        choices = [("", "Select an organisation")]
        if others:
            if responsible:
                choices.append(
                    (
                        "Responsible for indicators in this call",
                        [(str(o.pk), o.name) for o in responsible],
                    )
                )
            choices.append(
                (
                    "Other organisations (indicators with no responsible organisation)",
                    [(str(o.pk), o.name) for o in others],
                )
            )
        else:
            choices += [(str(o.pk), o.name) for o in responsible]
        self.fields["organisation"].choices = choices

    def clean_organisation(self):
        organisation = self.organisations.get(self.cleaned_data["organisation"])
        if organisation is None:
            raise ValidationError("Select the organisation the figures are from")
        return organisation


def organisation_field(help_text: str, required: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Organisation",
        help_text=help_text,
        error_messages={
            "required": required,
            "invalid_choice": "Select one of the organisations listed",
        },
    )


class UploadForm(OrganisationChoiceMixin, GovukMixin, forms.Form):
    organisation = organisation_field(
        "The partner whose figures these are", "Select the organisation the figures are from"
    )
    file = LimitedFileField(
        label="Upload the filled-in template",
        what="the filled-in template to upload",
        help_text="The XLSX or CSV template for this data call, with your figures in it.",
        max_bytes=spreadsheets.MAX_BYTES,
        max_label=spreadsheets.MAX_BYTES_LABEL,
    )


class TemplateForm(OrganisationChoiceMixin, GovukMixin, forms.Form):
    organisation = organisation_field(
        "The template lists the figures this partner returns",
        "Select the organisation to make a template for",
    )


class DataCallForm(GovukMixin, forms.Form):
    quarter = forms.CharField(
        label="Quarter",
        max_length=20,
        help_text="The financial quarter the figures are for, for example 2021/22 Q1 "
        "(April to June 2021)",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={"required": "Enter the quarter, for example 2021/22 Q1"},
    )
    deadline = date_field(
        "Deadline",
        required=True,
        noun="deadline",
        help_text="The last day partners can send their figures. Missing returns are recorded "
        "as not received after it. For example, 31/7/2021",
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=255,
        required=False,
        help_text="Leave blank to use “<quarter> scorecard data call”",
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators in the call",
        help_text="All the body's quarterly indicators are selected to start with",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "govuk-checkboxes__input"}),
        error_messages={
            "required": "Select at least one indicator for partners to return",
            "invalid_choice": "Select indicators from the list only",
        },
    )

    def __init__(self, *args, body=None, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.indicator_map = {str(i.pk): i for i in indicators}
        self.fields["indicators"].choices = [(str(i.pk), i.name) for i in indicators]

    def clean_quarter(self):
        text = self.cleaned_data["quarter"]
        quarter = Quarter.parse(text)
        if quarter is None:
            raise ValidationError(
                "Enter the quarter as a financial year and quarter, for example 2021/22 Q1"
            )
        label = quarter.label
        if DataCall.objects.filter(
            body=self.body,
            period__kind="quarter",
            period__start=quarter.start,
            period__end=quarter.end,
        ).exists():
            raise ValidationError(
                f"There is already a data call for {label}: choose another quarter, or open "
                "that call from the list"
            )
        return label

    def clean_indicators(self):
        return [self.indicator_map[pk] for pk in self.cleaned_data["indicators"]]


STATUS_CHOICES = [
    (Observation.Status.REPORTED, "A figure"),
    (Observation.Status.NOT_APPLICABLE, "Not applicable: there is no figure for this"),
    (Observation.Status.NOT_RECEIVED, "Not received: the partner has not sent it"),
]

VALUE_LABELS = {
    Unit.COUNT_PERCENT: ("Count", "Percentage"),
    Unit.COUNT_COUNT: ("First count", "Second count"),
    Unit.RATIO: ("First number", "Second number"),
}


class FigureForm(GovukMixin, forms.Form):
    area = forms.ChoiceField(
        label="Area", error_messages={"required": "Select the area the figure is for"}
    )
    breakdown = forms.ChoiceField(
        label="Breakdown",
        required=False,
        help_text="Leave as the total unless the figure is for one part, such as an age band",
    )
    status = forms.ChoiceField(
        label="What are you recording?",
        choices=STATUS_CHOICES,
        initial=Observation.Status.REPORTED,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are recording a figure or a status"},
    )
    value = forms.CharField(
        label="Figure",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    value2 = forms.CharField(
        label="Second figure",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    note = forms.CharField(
        label="Note",
        max_length=spreadsheets.MAX_CELL_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where the figure came from, or why it is being entered or changed. It is "
        "kept with the figure, with your name and the time",
        error_messages={
            "required": "Enter a note saying where the figure came from or why you are entering it",
            "max_length": (
                f"Shorten the note to {spreadsheets.MAX_CELL_CHARS:,} characters or fewer"
            ),
        },
    )

    def __init__(self, *args, indicator: Indicator, areas=(), breakdowns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.areas = {str(a.pk): a for a in areas}
        self.breakdowns = {str(b.pk): b for b in breakdowns}
        self.fields["area"].choices = [(str(a.pk), a.name) for a in areas]
        if len(areas) == 1:
            self.fields["area"].initial = str(areas[0].pk)
        self.fields["breakdown"].choices = [("", "Total (no breakdown)")] + [
            (str(b.pk), scope.breakdown_label(b)) for b in breakdowns
        ]
        unit = indicator.unit
        hint = figures.UNIT_HINTS[unit]
        if unit in figures.PAIRS:
            first, second = VALUE_LABELS[unit]
            self.fields["value"].label = first
            self.fields["value2"].label = second
            self.fields["value"].help_text = f"Enter {hint}"
        else:
            self.fields["value"].help_text = f"Enter {hint}"
            del self.fields["value2"]

    def clean_area(self):
        return listed_choice(self.areas, self.cleaned_data["area"], "areas")

    def clean_breakdown(self):
        value = self.cleaned_data["breakdown"]
        return listed_choice(self.breakdowns, value, "breakdowns", blank_is_none=True)

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(
                "Enter a note saying where the figure came from or why you are entering it"
            )
        return note

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if not status:
            return cleaned
        value = cleaned.get("value", "")
        value2 = cleaned.get("value2", "")
        if status != Observation.Status.REPORTED and (value or value2):
            self.add_error(
                "value" if value else "value2",
                "Clear the figure, or choose “A figure” as what you are recording",
            )
            return cleaned
        status_text = "" if status == Observation.Status.REPORTED else status
        try:
            figure = figures.parse_figure(self.indicator.unit, value, value2, status_text)
        except figures.FigureError as error:
            column = error.column if error.column in self.fields else "value"
            self.add_error(column, _sentence(error.message))
            return cleaned
        if figure is None:
            self.add_error("value", "Enter the figure, or choose not applicable or not received")
            return cleaned
        cleaned["figure"] = figure
        return cleaned


def _sentence(message: str) -> str:
    """Checks written for a spreadsheet cell, read as a form message: "value2" becomes "the
    second figure", and the message starts with a capital."""
    message = message.replace("leave value2 blank", "leave the second figure blank")
    message = message.replace("in value2", "as the second figure").replace(
        "in value", "as the first figure"
    )
    return message[:1].upper() + message[1:]
