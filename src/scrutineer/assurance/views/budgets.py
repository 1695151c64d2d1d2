"""Budget pages: a body's years, each year's position derived from its lines with the
printed totals beside it, charts with their tables, and the officers' form to add or change
a budget line."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from scrutineer.governance import access
from scrutineer.governance.edits import ADDED, CHANGED, changed_fields_message, record_edit
from scrutineer.governance.models import Warning
from scrutineer.packs.figures import pounds
from scrutineer.periods import FinancialYear
from scrutineer.web.editing import editable_body, officer_page

from ..budgets import budget_position
from ..models import Budget, BudgetLine
from ..money_forms import BudgetLineForm
from .training import bar_chart, readable_body

PRINTED_LABELS = {
    "contributions": "Contributions",
    "budgeted": "Budget",
    "actual": "Actual expenditure",
    "underspend": "Underspend",
    "overspend": "Overspend",
}


def amount(pence: int | None) -> str:
    return "Not given" if pence is None else pounds(pence)


def _year(slug: str) -> FinancialYear:
    try:
        return FinancialYear.from_slug(slug)
    except ValueError:
        raise Http404("Write the year as 2016-17.") from None


def budget_index(request, slug):
    body = readable_body(request, slug)
    years = []
    for budget in Budget.objects.visible_to(request.user).filter(body=body).order_by("year"):
        year = FinancialYear.parse(budget.year)
        if year is not None:
            years.append((budget, year.slug, budget_position(budget)))
    return render(
        request,
        "assurance/budget_index.html",
        {"body": body, "years": years, "can_edit": access.can_edit_body(request.user, body)},
    )


def _printed_rows(budget: Budget) -> list[dict]:
    rows = []
    for name, (pence, lines) in budget.printed.items():
        label = PRINTED_LABELS.get(name)
        if label is None and name.startswith("contributions:"):
            label = f"{name.split(':', 1)[1]}: total"
        rows.append({"label": label or name, "amount": pounds(pence), "lines": lines})
    return rows


def budget_year(request, slug, year):
    body = readable_body(request, slug)
    financial_year = _year(year)
    budget = get_object_or_404(
        Budget.objects.visible_to(request.user), body=body, year=financial_year.label
    )
    position = budget_position(budget)
    lines = list(budget.lines.all())
    contributions = [line for line in lines if line.kind == BudgetLine.Kind.CONTRIBUTION]
    spending = [line for line in lines if line.kind == BudgetLine.Kind.EXPENDITURE]
    for line in contributions:
        line.amount = pounds(line.pence) if line.pence is not None else ""
        line.derived_share = position.shares.get(line.label) if line.pence is not None else None
    for line in spending:
        line.amount = pounds(line.pence)
        line.budget_amount = pounds(line.budget_pence) if line.budget_pence is not None else ""
    warnings = Warning.objects.visible_to(request.user).filter(
        document_id=budget.source_id,
        code__startswith="budget",
        message__startswith=f"Budget {budget.year}:",
    )
    priced = [line for line in contributions if line.pence is not None]
    context = {
        "body": body,
        "budget": budget,
        "year": financial_year,
        "position": position,
        "income": pounds(position.income_pence) if priced else None,
        "spent": pounds(position.spent_pence) if spending else None,
        "budgeted": amount(position.budgeted_pence),
        "balance": pounds(abs(position.balance_pence)) if spending else None,
        "contributions": contributions,
        "spending": spending,
        "printed": _printed_rows(budget),
        "warnings": warnings,
        "can_edit": access.can_edit_body(request.user, body),
        "contribution_chart": _contribution_chart(contributions, budget.year),
        "spending_chart": bar_chart(
            [(line.label, round(line.pence / 100)) for line in spending if line.pence],
            chart_id="chart-spending",
            title=f"Expenditure {budget.year}, pounds",
            x_label="Pounds",
        ),
    }
    return render(request, "assurance/budget_year.html", context)


def _contribution_chart(contributions, year):
    priced = [(line.label, round(line.pence / 100)) for line in contributions if line.pence]
    if priced:
        return bar_chart(
            priced,
            chart_id="chart-contributions",
            title=f"Contributions {year}, pounds",
            x_label="Pounds",
        )
    shares = []
    for line in contributions:
        try:
            shares.append((line.label, round(float(line.share.rstrip("%")))))
        except ValueError:
            continue
    return bar_chart(
        shares,
        chart_id="chart-contributions",
        title=f"Shares of funding {year}, per cent",
        x_label="Per cent of funding",
    )


def _edit(request, slug, year, pk):
    body = editable_body(request, slug)
    line = get_object_or_404(BudgetLine, pk=pk, budget__body=body) if pk else None
    financial_year = _year(line.budget.year.replace("/", "-") if line else year)
    budget = (
        line.budget if line else Budget.objects.filter(body=body, year=financial_year.label).first()
    )
    form = BudgetLineForm(request.POST or None, instance=line, budget=budget or Budget(body=body))
    if request.method == "POST" and form.is_valid():
        if budget is None:
            budget = Budget.objects.create(body=body, year=financial_year.label)
            record_edit(request.user, budget, ADDED, f"Added the budget for {budget.year}")
        saved = form.save(commit=False)
        saved.budget = budget
        if line is None:
            saved.order = budget.lines.filter(kind=saved.kind).count()
        saved.save()
        if line is None:
            record_edit(request.user, budget, CHANGED, f"Added the budget line {saved.label}")
            messages.success(request, f"{saved.label} is added to the budget.")
        else:
            message = f"{saved.label}: {changed_fields_message(form).lower()}"
            record_edit(request.user, budget, CHANGED, message)
            messages.success(request, f"{saved.label} is saved.")
        return redirect(reverse("budget-year", args=[body.slug, financial_year.slug]))
    return render(
        request,
        "assurance/budget_form.html",
        {
            "form": form,
            "body": body,
            "year": financial_year,
            "heading": f"Change {line.label}"
            if line
            else f"Add a budget line for {financial_year.label}",
        },
    )


@officer_page
def line_add(request, slug, year):
    return _edit(request, slug, year, None)


@officer_page
def line_edit(request, slug, pk):
    return _edit(request, slug, None, pk)


BODY = "bodies/<slug:slug>/budget/"
urlpatterns = [
    path(BODY, budget_index, name="budget"),
    path(f"{BODY}<str:year>/", budget_year, name="budget-year"),
    path(f"{BODY}<str:year>/lines/new/", line_add, name="budget-line-add"),
    path(f"{BODY}lines/<int:pk>/edit/", line_edit, name="budget-line-edit"),
]
