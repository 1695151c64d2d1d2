"""Checks on what a paper prints about a year's budget: each printed total against the sum of
its lines, an agency's printed share against its amount, the printed under- or overspend
against the totals, and an expenditure line for something the text says did not happen.
Each difference is a warning naming both values and both line spans; nothing is corrected.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..figures import pounds
from ..model import PackWarning, Span
from .model import ParsedBudget, ParsedBudgetLine, where
from .reporting import LINE_LIMIT

_SHARE = re.compile(r"(\d{1,3})(?:\.(\d{1,2}))?%")


def _span(rows: list[ParsedBudgetLine]) -> Span:
    return (min(r.lines[0] for r in rows), max(r.lines[1] for r in rows))


def _warning(code: str, message: str, *spans: Span) -> PackWarning:
    return PackWarning(code, message, (min(s[0] for s in spans), max(s[1] for s in spans)))


def check_budget(lines: list[str], budget: ParsedBudget) -> list[PackWarning]:
    return (
        _totals(budget)
        + _subtotals(budget)
        + _shares(budget)
        + _balance(budget)
        + _not_held(lines, budget)
    )


def _sum_against(budget, what, rows, value, label) -> list[PackWarning]:
    if what not in budget.printed or not rows:
        return []
    printed, span = budget.printed[what]
    if printed == value:
        return []
    return [
        _warning(
            "budget-total-differs",
            f"Budget {budget.year}: the {label} ({where(_span(rows))}) sum to {pounds(value)} "
            f"but the printed total is {pounds(printed)} ({where(span)}).",
            _span(rows),
            span,
        )
    ]


def _totals(budget: ParsedBudget) -> list[PackWarning]:
    paid = [r for r in budget.contributions if r.pence is not None]
    spent = [r for r in budget.expenditure if r.pence is not None]
    planned = [r for r in budget.expenditure if r.budget_pence is not None]
    return (
        _sum_against(budget, "contributions", paid, sum(r.pence for r in paid), "contributions")
        + _sum_against(budget, "actual", spent, sum(r.pence for r in spent), "expenditure lines")
        + _sum_against(
            budget, "budgeted", planned, sum(r.budget_pence for r in planned), "budget lines"
        )
    )


def _subtotals(budget: ParsedBudget) -> list[PackWarning]:
    warnings = []
    for row in budget.contributions:
        key = f"contributions:{row.agency}"
        if key in budget.printed and row.pence is not None and budget.printed[key][0] != row.pence:
            printed, span = budget.printed[key]
            warnings.append(
                _warning(
                    "budget-total-differs",
                    f"Budget {budget.year}: {row.agency}'s parts ({where(row.lines)}) sum to "
                    f"{pounds(row.pence)} but its printed total is {pounds(printed)} "
                    f"({where(span)}).",
                    row.lines,
                    span,
                )
            )
    return warnings


def _shares(budget: ParsedBudget) -> list[PackWarning]:
    """A printed share against the amount's share of the contributions, to the places the
    paper prints."""
    paid = [r for r in budget.contributions if r.pence is not None]
    income = sum(r.pence for r in paid)
    warnings = []
    for row in paid:
        match = _SHARE.fullmatch((row.share or "").strip())
        if not match or not income:
            continue
        places = len(match[2] or "")
        printed = Decimal(match[0][:-1])
        derived = Decimal(100 * row.pence) / Decimal(income)
        if abs(derived - printed) > Decimal(5) / Decimal(10) ** (places + 1) + Decimal("0.0001"):
            warnings.append(
                _warning(
                    "budget-share-differs",
                    f"Budget {budget.year}: {row.agency} gives {pounds(row.pence)}, "
                    f"{derived:.{places}f}% of {pounds(income)}, but the paper prints "
                    f"{row.share} ({where(row.lines)}).",
                    row.lines,
                )
            )
    return warnings


def _balance(budget: ParsedBudget) -> list[PackWarning]:
    """The printed under- or overspend against the printed or derived totals."""
    printed = budget.printed
    spent = [r.pence for r in budget.expenditure if r.pence is not None]
    actual = printed["actual"][0] if "actual" in printed else (sum(spent) if spent else None)
    if "budgeted" in printed:
        planned, against = printed["budgeted"][0], "the budget"
    elif "contributions" in printed:
        planned, against = printed["contributions"][0], "the contributions"
    else:
        paid = [r.pence for r in budget.contributions if r.pence is not None]
        planned, against = (sum(paid), "the contributions") if paid else (None, "")
    warnings = []
    for name, sign in (("underspend", 1), ("overspend", -1)):
        if name not in printed or actual is None or planned is None:
            continue
        value, span = printed[name]
        derived = planned - actual
        if derived != sign * value:
            warnings.append(
                _warning(
                    "budget-balance-differs",
                    f"Budget {budget.year}: {against} {pounds(planned)} less the spend "
                    f"{pounds(actual)} is {pounds(derived)}, but the paper prints an {name} of "
                    f"{pounds(value)} ({where(span)}).",
                    span,
                )
            )
    return warnings


def _not_held(lines: list[str], budget: ParsedBudget) -> list[PackWarning]:
    """An expenditure line for an event the text says was not held ("There was no LSCB
    Annual Conference during this reporting period")."""
    warnings = []
    for row in budget.expenditure:
        name = " ".join((row.item or "").split()).lower()
        if len(name) < 5 or not row.pence:
            continue
        said = re.compile(
            rf"\b(?:no|not\s(?:an?|any))\s(?:[\w-]{{1,20}}\s){{0,3}}?{re.escape(name)}\b"
            rf"|\b{re.escape(name)}\s(?:was|were)\snot\s(?:held|run|delivered)\b",
            re.IGNORECASE,
        )
        for index, line in enumerate(lines):
            text = line[:LINE_LIMIT]
            if "\t" in text or name.split()[-1] not in text.lower():
                continue
            if said.search(text) and any(w in text.lower() for w in ("period", "year", "held")):
                warnings.append(
                    _warning(
                        "budget-item-not-held",
                        f"Budget {budget.year}: the expenditure includes {row.item} "
                        f"{pounds(row.pence)} ({where(row.lines)}) although the text says none "
                        f"was held (line {index + 1}).",
                        row.lines,
                        (index + 1, index + 1),
                    )
                )
                break
    return warnings
