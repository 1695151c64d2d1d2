"""The scorecard's filters, read from the query string."""

from __future__ import annotations

from django import forms

from scrutineer.periods import FinancialYear
from scrutineer.web.forms import GovukMixin

from . import yearly_scorecard as sc


class ScorecardFilterForm(GovukMixin, forms.Form):
    """The scorecard's filters, read from the query string."""

    priority = forms.ChoiceField(label="Priority", required=False)
    rag = forms.ChoiceField(
        label="RAG rating", required=False, choices=[("", "Any rating"), *sc.RAG_CHOICES]
    )
    period = forms.ChoiceField(
        label="Latest period",
        required=False,
        help_text="Show the scorecard as it stood at the end of this quarter",
    )
    missing = forms.BooleanField(
        label="Only indicators with missing data",
        required=False,
        help_text="The latest figure was not received or left blank, or has not come in yet",
    )

    def __init__(self, *args, priorities=(), year: FinancialYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].choices = [("", "All priorities")] + [(p, p) for p in priorities]
        self.fields["period"].choices = [("", "Latest available")] + [
            (q.key, q.description) for q in year.quarters
        ]

    def filters(self) -> sc.Filters:
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data  # the valid ones; the page lists the others' errors
        return sc.Filters(
            priority=data.get("priority", ""),
            rag=data.get("rag", ""),
            missing=bool(data.get("missing")),
            period=data.get("period", ""),
        )
