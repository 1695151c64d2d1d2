"""A year's budget: contributions by agency and expenditure lines. Totals, shares and the
under- or overspend are derived from the lines; the paper's printed totals are kept beside
them so a difference is a warning, not a silent correction."""

from __future__ import annotations

from django.db import models

from scrutineer.governance.models.sources import Sourced

from .common import BodyRecord


class Budget(BodyRecord):
    year = models.CharField(max_length=16, help_text='"2016/17"')
    printed = models.JSONField(
        default=dict, blank=True, help_text='Printed totals: {"actual": [pence, [first, last]]}'
    )

    class Meta:
        ordering = ["body", "year"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="one_budget_a_year")]

    def __str__(self):
        return f"Budget {self.year}"


class BudgetLine(Sourced):
    restricted_with = ("budget",)

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", "Contribution"
        EXPENDITURE = "expenditure", "Expenditure"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    label = models.CharField(max_length=255, help_text="The agency or the expenditure line.")
    pence = models.BigIntegerField(null=True, blank=True)
    budget_pence = models.BigIntegerField(null=True, blank=True)
    share = models.CharField(max_length=16, blank=True, help_text='As printed: "59.9%".')
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["budget", "kind", "order"]
