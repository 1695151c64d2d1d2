"""The forms officers add and change a priority and its progress statements with. The plan on
a page's why, metrics and outcomes are typed one to a line. Every message says how to put
the problem right."""

from __future__ import annotations

from django import forms

from scrutineer.web.forms import GovukMixin, visibility_field

from .models import Priority, ProgressStatement
from .models.common import SignsOfSafety

ONE_A_LINE = "One to a line. Leave blank if the plan on a page does not give one"


class LinesField(forms.CharField):
    """A list typed one item to a line; blank lines are dropped."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class PriorityForm(GovukMixin, forms.ModelForm):
    period = forms.CharField(
        label="Period",
        max_length=64,
        help_text="As the plan names it, for example 2017/18 or 2020–2022",
        error_messages={"required": "Enter the period of the priority, for example 2017/18"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    number = forms.IntegerField(
        label="Number",
        required=False,
        min_value=1,
        max_value=99,
        help_text="Its number in the list. Leave blank if the plan does not number its priorities",
        error_messages={
            "invalid": "Enter the number as a whole number, like 2",
            "min_value": "Enter a number from 1 to 99",
            "max_value": "Enter a number from 1 to 99",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-2", "inputmode": "numeric"}),
    )
    title = forms.CharField(
        label="Priority",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the priority as the plan words it"},
    )
    why = LinesField(label="Why", help_text=ONE_A_LINE)
    metrics = LinesField(label="Metrics", help_text=ONE_A_LINE)
    outcomes = LinesField(label="Outcomes", help_text=ONE_A_LINE)
    visibility = visibility_field()

    class Meta:
        model = Priority
        fields = ["period", "number", "title", "why", "metrics", "outcomes", "visibility"]

    def __init__(self, *args, body, **kwargs):
        self.body = body
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        period, title = cleaned.get("period"), cleaned.get("title")
        if period and title:
            clash = Priority.objects.filter(body=self.body, period=period, title=title)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("title", f"{period} already has this priority: change its words")
        return cleaned

    def save(self, commit=True):
        self.instance.body = self.body
        self.instance.on_plan_on_a_page = bool(
            self.cleaned_data["why"]
            or self.cleaned_data["metrics"]
            or self.cleaned_data["outcomes"]
        )
        return super().save(commit)


class ProgressStatementForm(GovukMixin, forms.ModelForm):
    heading = forms.ChoiceField(
        label="Heading",
        choices=SignsOfSafety.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the heading the statement belongs under"},
    )
    text = forms.CharField(
        label="Progress statement",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the progress statement"},
    )

    class Meta:
        model = ProgressStatement
        fields = ["heading", "text"]

    def __init__(self, *args, priority, **kwargs):
        self.priority = priority
        super().__init__(*args, **kwargs)

    def save(self, commit=True):
        statement = self.instance
        statement.priority = self.priority
        if statement.pk is None:
            last = self.priority.progress.order_by("-order").first()
            statement.order = last.order + 1 if last else 0
        return super().save(commit)
