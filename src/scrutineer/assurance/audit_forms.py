"""The forms officers keep an audit with: the audit itself, one of its findings, and one of
its recommendations (a tracked item). Lists (standards, who returned it) are typed one to
a line."""

from __future__ import annotations

from django import forms

from scrutineer.web.forms import GovukMixin, visibility_field

from .models import Audit, AuditFinding
from .models.common import SignsOfSafety

ONE_A_LINE = "One to a line"


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class AuditForm(GovukMixin, forms.ModelForm):
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the audit's title"},
    )
    kind = forms.ChoiceField(
        label="Kind of audit",
        choices=Audit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of audit"},
    )
    period = forms.CharField(
        label="Period", max_length=64, required=False, help_text="For example, 2020 or 2020/21"
    )
    scope = forms.CharField(label="Scope", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    standards_text = forms.CharField(
        label="Standards", required=False, help_text=ONE_A_LINE, widget=forms.Textarea
    )
    standards_count = forms.IntegerField(
        label="Number of standards",
        required=False,
        min_value=0,
        help_text="When the standards are not listed",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={"invalid": "Enter the number of standards as a whole number, like 8"},
    )
    returned_text = forms.CharField(
        label="Who returned it", required=False, help_text=ONE_A_LINE, widget=forms.Textarea
    )
    not_returned_text = forms.CharField(
        label="Who did not return it", required=False, help_text=ONE_A_LINE, widget=forms.Textarea
    )
    visibility = visibility_field()

    class Meta:
        model = Audit
        fields = ["title", "kind", "period", "scope", "standards_count", "visibility"]

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body or getattr(self.instance, "body", None)
        if self.instance.pk:
            self.initial["standards_text"] = "\n".join(
                s.get("text", "") for s in self.instance.standards
            )
            self.initial["returned_text"] = "\n".join(self.instance.returned)
            self.initial["not_returned_text"] = "\n".join(self.instance.not_returned)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        others = Audit.objects.filter(body=self.body, title=title).exclude(pk=self.instance.pk)
        if self.body is not None and others.exists():
            raise forms.ValidationError("This body already has an audit with that title")
        return title

    def save(self, commit=True):
        audit = super().save(commit=False)
        data = self.cleaned_data
        audit.standards = [
            {"heading": "", "text": text, "lines": None}
            for text in lines_of(data["standards_text"])
        ]
        audit.returned = lines_of(data["returned_text"])
        audit.not_returned = lines_of(data["not_returned_text"])
        if commit:
            audit.save()
        return audit


class FindingForm(GovukMixin, forms.ModelForm):
    heading = forms.ChoiceField(
        label="Heading",
        choices=SignsOfSafety.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the heading the finding is under"},
    )
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the finding"},
    )

    class Meta:
        model = AuditFinding
        fields = ["heading", "text"]
