"""ParsedBudget → rows: a budget per body and year with the totals the paper prints, and a
line per contribution and expenditure item. Re-ingesting a paper changes nothing; a row
keeps the paper it was first read from."""

from __future__ import annotations

from scrutineer.assurance.models import Budget, BudgetLine
from scrutineer.governance.models import Body
from scrutineer.ingest.records import upsert
from scrutineer.packs.assurance.model import ParsedBudget

from .bodies import owning_body
from .training import _first_source


def load_budgets(loader, found: list[ParsedBudget], home_body: Body | None) -> None:
    for parsed in found:
        body = owning_body(loader, parsed.body, parsed.lines, home_body)
        if body is None:
            continue
        printed = {name: [pence, list(span)] for name, (pence, span) in parsed.printed.items()}
        budget, created = fetch_budget(body, parsed.year)
        if budget.printed != {**budget.printed, **printed}:
            budget.printed = {**budget.printed, **printed}
            budget.save(update_fields=["printed"])
        _first_source(loader, budget, created, parsed.lines)
        loader._count("budgets", int(created))
        for kind, rows in (
            (BudgetLine.Kind.CONTRIBUTION, parsed.contributions),
            (BudgetLine.Kind.EXPENDITURE, parsed.expenditure),
        ):
            for order, row in enumerate(rows):
                line, made = upsert(
                    BudgetLine,
                    {"budget": budget, "kind": kind, "label": (row.agency or row.item or "")[:255]},
                    pence=row.pence,
                    budget_pence=row.budget_pence,
                    share=row.share or "",
                    order=order,
                )
                _first_source(loader, line, made, row.lines)
                loader._count("budget lines", int(made))


def fetch_budget(body: Body, year: str) -> tuple[Budget, bool]:
    budget = Budget.objects.filter(body=body, year=year).first()
    if budget is not None:
        return budget, False
    return Budget.objects.create(body=body, year=year), True
