"""The annual report's pages: a body's reports (published ones for everyone; for its
officers, a year to prepare), the draft generated from the records with its narrative per
section, publishing (frozen), and the files of a published report and of a draft.

A draft is the body's officers' business: others get a 404 for a body they may not see and
are sent to sign in or refused otherwise (``officer_page``). A published report is public:
it is built only from public records whoever publishes it."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from scrutineer.governance import access
from scrutineer.governance.attachments import DOCX, PDF
from scrutineer.governance.edits import ADDED, CHANGED, record_edit
from scrutineer.governance.models import Body, in_council
from scrutineer.periods import FinancialYear
from scrutineer.reports import annual_report as layout
from scrutineer.web import converters  # registers <financial_year:…>
from scrutineer.web.downloads import download
from scrutineer.web.editing import editable_body, officer_page
from scrutineer.web.forms import GovukMixin

from ..annual_report import html_file, report_document, report_html
from ..models import AnnualReport

HTML = "text/html; charset=utf-8"
private = cache_control(private=True, max_age=0)


class YearForm(GovukMixin, forms.Form):
    year = forms.CharField(
        label="Financial year",
        help_text="For example, 2016/17",
        max_length=16,
        error_messages={"required": "Enter the financial year, for example 2016/17"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
    )

    def clean_year(self):
        year = FinancialYear.parse(self.cleaned_data["year"])
        if year is None or not converters.in_range(year.first):
            raise forms.ValidationError("Enter a financial year as 2016/17")
        return year


class NarrativeForm(GovukMixin, forms.Form):
    text = forms.CharField(
        label="Narrative",
        required=False,
        max_length=20000,
        help_text="Leave a blank line between paragraphs. The figures come from the records.",
        widget=forms.Textarea(attrs={"rows": 12}),
    )


def _body(request, slug) -> Body:
    return get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)


def _report(body, year) -> AnnualReport | None:
    return AnnualReport.objects.filter(body=body, year=year.label).first()


def _standing(report: AnnualReport | None) -> str:
    if report and report.published:
        return f"Published on {timezone.localtime(report.published_at):%-d %B %Y}"
    return "Draft: not published"


def _draft(body, year):
    report = _report(body, year)
    narrative = report.narrative if report else {}
    return report, report_document(body, year, narrative, _standing(report))


def _file_name(body, year, kind: str, draft: bool) -> str:
    return f"{body.slug}-annual-report-{year.slug}{'-draft' if draft else ''}.{kind}"


@require_http_methods(["GET", "HEAD"])
@private
def report_list(request, body):
    body = _body(request, body)
    can_edit = access.can_edit_body(request.user, body)
    reports = AnnualReport.objects.filter(body=body)
    if not can_edit:
        reports = reports.filter(published_at__isnull=False)
    form = YearForm(request.GET or None) if can_edit else None
    if form is not None and form.is_valid():
        return redirect("annual-report", body.slug, form.cleaned_data["year"])
    return render(
        request,
        "assurance/annual_reports.html",
        {"body": body, "reports": reports, "form": form, "can_edit": can_edit},
    )


@require_safe
@private
@officer_page
def report_page(request, body, year):
    body = _body(request, body)
    report = _report(body, year)
    if report and report.published:
        return render(
            request,
            "assurance/annual_report.html",
            {
                "body": body,
                "year": year,
                "report": report,
                "frozen": mark_safe(report.published_html),  # escaped when it was made
                "can_edit": access.can_edit_body(request.user, body),
            },
        )
    body = editable_body(request, body.slug)
    report, document = _draft(body, year)
    return render(
        request,
        "assurance/annual_report.html",
        {
            "body": body,
            "year": year,
            "report": report,
            "document": document,
            "draft": report_html(document, edit_links=True, body=body, year=year),
        },
    )


@require_http_methods(["GET", "POST"])
@private
@officer_page
def narrative(request, body, year, section):
    body = editable_body(request, body)
    if section not in layout.TITLES:
        raise Http404("No such section.")
    report = _report(body, year)
    if report and report.published:
        return redirect(report.get_absolute_url())
    current = (report.narrative if report else {}).get(section, "")
    form = NarrativeForm(request.POST or None, initial={"text": current})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            report, created = AnnualReport.objects.select_for_update().get_or_create(
                body=body, year=year.label
            )
            if created:
                record_edit(request.user, report, ADDED, "Started the annual report")
            text = form.cleaned_data["text"].strip()
            if text:
                report.narrative[section] = text
            else:
                report.narrative.pop(section, None)
            report.save(update_fields=["narrative"])
            message = f"Wrote the narrative of “{layout.TITLES[section]}”"
            record_edit(request.user, report, CHANGED, message)
        return redirect(reverse("annual-report", args=[body.slug, year]) + f"#section-{section}")
    return render(
        request,
        "assurance/annual_report_narrative.html",
        {"body": body, "year": year, "form": form, "title": layout.TITLES[section]},
    )


@require_http_methods(["GET", "POST"])
@private
@officer_page
def publish(request, body, year):
    body = editable_body(request, body)
    report = _report(body, year)
    if report and report.published:
        return redirect(report.get_absolute_url())
    if request.method == "POST":
        with transaction.atomic():
            report, created = AnnualReport.objects.select_for_update().get_or_create(
                body=body, year=year.label
            )
            if created:
                record_edit(request.user, report, ADDED, "Started the annual report")
            if not report.published:
                freeze(report, request.user)
                record_edit(request.user, report, CHANGED, "Published the annual report")
        return redirect(report.get_absolute_url())
    return render(request, "assurance/annual_report_publish.html", {"body": body, "year": year})


class WithdrawForm(GovukMixin, forms.Form):
    reason = forms.CharField(
        label="Why is the report withdrawn?",
        help_text="Kept in the report's history, for example: a figure in section 3 was wrong",
        max_length=500,
        error_messages={"required": "Enter why the report is withdrawn"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_http_methods(["GET", "POST"])
@private
@officer_page
def withdraw(request, body, year):
    """Take a published report down, back to a draft, with the reason in its history: a
    report published with a mistake is corrected and published again."""
    body = editable_body(request, body)
    report = _report(body, year)
    if report is None or not report.published:
        return redirect(reverse("annual-report", args=[body.slug, year]))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            report = AnnualReport.objects.select_for_update().get(pk=report.pk)
            if report.published:
                thaw(report)
                reason = form.cleaned_data["reason"].strip()
                record_edit(request.user, report, CHANGED, f"Withdrew the report: {reason}"[:200])
        return redirect(report.get_absolute_url())
    return render(
        request,
        "assurance/annual_report_withdraw.html",
        {"body": body, "year": year, "report": report, "form": form},
    )


def thaw(report: AnnualReport) -> None:
    """Undo ``freeze``: the kept files go, and the report is a draft again."""
    report.published_at = report.published_by = None
    report.published_html = ""
    report.published_docx = report.published_pdf = None
    report.save()


def freeze(report: AnnualReport, user) -> None:
    """Publish ``report``: its HTML, DOCX and PDF made now from the public records and
    kept, so the published report never changes with them."""
    report.published_at = timezone.now()
    report.published_by = user if getattr(user, "is_authenticated", False) else None
    document = report_document(
        report.body, report.financial_year, report.narrative, _standing(report)
    )
    report.published_html = report_html(document)
    report.published_docx = layout.to_docx(document)
    report.published_pdf = layout.to_pdf(document)
    report.save()


@require_safe
@private
def published_file(request, body, year, fmt):
    body = _body(request, body)
    report = _report(body, year)
    if report is None or not report.published or fmt not in {"docx", "pdf", "html"}:
        raise Http404("No published annual report for that year.")
    name = _file_name(body, year, fmt, draft=False)
    if fmt == "docx":
        return download(bytes(report.published_docx), DOCX, name)
    if fmt == "pdf":
        return download(bytes(report.published_pdf), PDF, name)
    title = f"{body.name} annual report {year.label}"
    return download(html_file(title, report.published_html), HTML, name)


@require_safe
@private
@officer_page
def draft_file(request, body, year, fmt):
    body = editable_body(request, body)
    if fmt not in {"docx", "pdf", "html"}:
        raise Http404("No such file.")
    _, document = _draft(body, year)
    name = _file_name(body, year, fmt, draft=True)
    if fmt == "docx":
        return download(layout.to_docx(document), DOCX, name)
    if fmt == "pdf":
        return download(layout.to_pdf(document), PDF, name)
    return download(html_file(document.title, report_html(document)), HTML, name)


# ``body`` in an address is the body's slug, as on the scorecard's pages.
REPORT = "bodies/<slug:body>/annual-reports/<financial_year:year>/"
urlpatterns = [
    path("bodies/<slug:body>/annual-reports/", report_list, name="annual-reports"),
    path(REPORT, report_page, name="annual-report"),
    path(f"{REPORT}sections/<slug:section>/", narrative, name="annual-report-section"),
    path(f"{REPORT}publish/", publish, name="annual-report-publish"),
    path(f"{REPORT}withdraw/", withdraw, name="annual-report-withdraw"),
    path(f"{REPORT}annual-report.<str:fmt>", published_file, name="annual-report-file"),
    path(f"{REPORT}draft.<str:fmt>", draft_file, name="annual-report-draft-file"),
]
