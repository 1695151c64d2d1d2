"""The statutory annual report of a partnership for a financial year: the narrative an
officer writes for each section, and, once published, the version published, frozen.

The sections' figures are never stored here: a draft is generated from the records each
time it is shown (``assurance.annual_report``). Publishing keeps the HTML, DOCX and PDF as
they were that day, so a record corrected later does not change what was published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scrutineer.governance.models import Body
from scrutineer.periods import FinancialYear


class AnnualReport(models.Model):
    council_path = "body__council"

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    year = models.CharField(max_length=16, help_text='The financial year: "2016/17".')
    narrative = models.JSONField(
        default=dict, blank=True, help_text="Section key -> the officer's narrative."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_html = models.TextField(blank=True, help_text="The published page, frozen.")
    published_docx = models.BinaryField(null=True, blank=True)
    published_pdf = models.BinaryField(null=True, blank=True)

    class Meta:
        ordering = ["body", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_annual_report_a_year")
        ]

    def __str__(self):
        return f"{self.body.name} annual report {self.year}"

    def get_absolute_url(self):
        return reverse("annual-report", args=[self.body.slug, self.financial_year])

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear.parse(self.year)
