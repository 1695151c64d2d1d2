"""The forms officers keep training and budgets with: a course, a count of people trained,
a budget line. Each refuses what the database would (a course named twice in a period) as a
message on the form, never as a server error. Amounts are typed in pounds and kept in
pence."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from scrutineer.packs.figures import read_amount
from scrutineer.web.forms import GovukMixin, visibility_field

from .models import BudgetLine, TrainingCount, TrainingCourse

LEVELS = [("", "No level"), ("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3"), ("4", "Level 4")]
PERIOD_HELP = "As the paper prints it, for example 2020/21 or 2016/17 (October–March)"


def _level_field():
    return forms.TypedChoiceField(
        label="Level",
        choices=LEVELS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


def _number(label: str, *, required: bool, noun: str, help_text: str = ""):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "invalid": f"Enter the {noun} as a whole number, like 24",
            "required": f"Enter the {noun}",
            "min_value": f"The {noun} cannot be less than 0",
        },
    )


class CourseForm(GovukMixin, forms.ModelForm):
    period = forms.CharField(label="Period", max_length=64, help_text=PERIOD_HELP)
    name = forms.CharField(label="Course", max_length=500)
    level = _level_field()
    sessions = _number("Sessions", required=False, noun="number of sessions")
    attendees = _number("Attendees", required=False, noun="number of attendees")
    visibility = visibility_field()

    class Meta:
        model = TrainingCourse
        fields = ["period", "name", "level", "sessions", "attendees", "visibility"]

    def __init__(self, *args, body, **kwargs):
        self.body = body
        super().__init__(*args, **kwargs)
        self.fields["period"].error_messages["required"] = "Enter the period, like 2020/21"
        self.fields["name"].error_messages["required"] = "Enter the course's name"

    def clean(self):
        cleaned = super().clean()
        period, name = cleaned.get("period"), cleaned.get("name")
        twins = TrainingCourse.objects.filter(body=self.body, period=period, name=name)
        if self.instance.pk:
            twins = twins.exclude(pk=self.instance.pk)
        if period and name and twins.exists():
            self.add_error("name", f"{name} is already a course in {period}")
        return cleaned


class CountForm(GovukMixin, forms.ModelForm):
    period = forms.CharField(label="Period", max_length=64, help_text=PERIOD_HELP)
    level = _level_field()
    agency = forms.CharField(
        label="Agency",
        max_length=255,
        required=False,
        help_text="Leave blank for a count by level only",
    )
    count = _number("People trained", required=True, noun="number of people trained")
    printed_total = forms.BooleanField(
        label="This is a total as the paper prints it",
        required=False,
        help_text="A printed total is shown beside the sum of the rows, never added in",
    )
    visibility = visibility_field()

    class Meta:
        model = TrainingCount
        fields = ["period", "level", "agency", "count", "printed_total", "visibility"]

    def __init__(self, *args, **kwargs):
        kwargs.pop("body", None)
        super().__init__(*args, **kwargs)
        self.fields["period"].error_messages["required"] = "Enter the period, like 2020/21"


class PoundsField(forms.CharField):
    """An amount in pounds as people type it ("£1,250", "1250.50"), kept in pence."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            pounds, pence = divmod(value, 100)
            return f"{pounds}.{pence:02d}" if pence else str(pounds)
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        amount = read_amount(text if text.startswith("£") else f"£{text}")
        if amount is None or amount.percent or amount.value < 0 or amount.decimals > 2:
            raise forms.ValidationError(f"Enter {self.label.lower()} in pounds, like £1,250")
        return int(amount.value * Decimal(100))


class BudgetLineForm(GovukMixin, forms.ModelForm):
    kind = forms.ChoiceField(
        label="What is it",
        choices=BudgetLine.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a contribution or an expenditure line"},
    )
    label = forms.CharField(
        label="Agency or item",
        max_length=255,
        error_messages={"required": "Enter the agency or the expenditure item"},
    )
    pence = PoundsField(label="Amount", required=False, help_text="For spending, the actual")
    budget_pence = PoundsField(
        label="Budget", required=False, help_text="For spending, what was budgeted, if printed"
    )
    share = forms.CharField(
        label="Share as printed", max_length=16, required=False, help_text="For example, 59.9%"
    )

    class Meta:
        model = BudgetLine
        fields = ["kind", "label", "pence", "budget_pence", "share"]

    def __init__(self, *args, budget, **kwargs):
        self.budget = budget
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.budget.pk is None:  # the year's first line: its budget is made with it
            return cleaned
        twins = BudgetLine.objects.filter(
            budget=self.budget, kind=cleaned.get("kind"), label=cleaned.get("label")
        )
        if self.instance.pk:
            twins = twins.exclude(pk=self.instance.pk)
        if cleaned.get("label") and twins.exists():
            self.add_error("label", f"{cleaned['label']} is already a line of this budget")
        return cleaned
