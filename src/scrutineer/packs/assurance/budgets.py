"""Reading a year's budget: contributions by agency, expenditure lines and printed totals.

Two shapes, recognised by their structure rather than a council's wording:
- tables: a contributions table ("Agency | | Amount (£) | % of Budget", an agency's parts on
  rows with an empty first cell and its subtotal on their "Total" row) and an expenditure
  table ("Category | Amount (£)", or "Item | Budget | Actual"), with "Total ..." and
  "Under spend"/"Overspend" rows kept as printed totals;
- prose under a "Budget" heading: "the expenditure budget was £487,000", "the actual
  expenditure was £507,000", "an overspend of £20,000", "78% ... by X, 15% by Y and 1% by Z".

Amounts are whole pence. Totals are only kept (``ParsedBudget.printed``) and checked against
the lines (``budget_checks``); nothing is corrected.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..figures import read_amount
from ..model import Component, PackWarning
from .budget_checks import check_budget
from .model import ParsedBudget, ParsedBudgetLine
from .reporting import LINE_LIMIT, board_of, period_label, report_year, year_label

_TOTAL = re.compile(r"^\s{0,3}(?:grand\s)?total\b", re.IGNORECASE)
_BALANCE = re.compile(r"^\s{0,3}(under|over)\s?spend\b", re.IGNORECASE)
_MONEY = r"£\s?(\d{1,3}(?:,\d{3})+|\d{1,9})(?:\.(\d{2}))?\s?(k|m)?\b"
_PROSE = {
    "budgeted": re.compile(
        rf"\bbudget(?:\sfor\sthe\syear)?\s(?:was|of|totalled|is)\s{_MONEY}", re.I
    ),
    "actual": re.compile(
        rf"\b(?:actual|total)\s(?:expenditure|spend)\s(?:was|of|totalled|came to)\s{_MONEY}", re.I
    ),
    "overspend": re.compile(rf"\bover\s?spend\s(?:of|was)\s{_MONEY}", re.I),
    "underspend": re.compile(rf"\bunder\s?spend\s(?:of|was)\s{_MONEY}", re.I),
    "contributions": re.compile(
        rf"\b(?:income|contributions)\s(?:was|of|totalled)\s{_MONEY}", re.I
    ),
}
# "78% of funding for the Board is provided by Coventry City Council", "15% by X"
_SHARE = re.compile(r"(\d{1,3}(?:\.\d{1,2})?%)(?:\s[^%]{0,80}?)?\sby\s([^%]{1,80})")
_SHARE_PARTS = re.compile(r",\s|;\s|\sand\s(?=\d)")


def budgets(
    lines: list[str], components: list[Component]
) -> tuple[list[ParsedBudget], list[PackWarning]]:
    found: dict[tuple[str | None, str], ParsedBudget] = {}
    index = 0
    while index < len(lines):
        text = lines[index][:LINE_LIMIT]
        cells = [cell.strip() for cell in text.split("\t")]
        kind = _table_kind(cells) if len(cells) > 1 else None
        if kind is not None:
            budget = _budget(found, lines, components, index, _year_above(lines, components, index))
            index = _read_table(lines, index, kind, budget)
            continue
        if _is_budget_heading(text):
            index = _read_prose(lines, components, index, found)
            continue
        index += 1
    budgets_found = [b for b in found.values() if b.contributions or b.expenditure or b.printed]
    warnings = []
    for budget in budgets_found:
        warnings += check_budget(lines, budget)
    return budgets_found, warnings


def _pence(text: str) -> int | None:
    amount = read_amount(text.replace("£ ", "£"))
    if amount is None or amount.percent or amount.value < 0:
        return None
    return int(amount.value * 100)


def _money(match: re.Match) -> int:
    pounds = Decimal(match[1].replace(",", "") + "." + (match[2] or "00"))
    scale = {"k": 1_000, "m": 1_000_000}.get((match[3] or "").lower(), 1)
    return int(pounds * scale * 100)


def _words(cell: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%£]+", " ", cell.lower()).split())


def _table_kind(cells: list[str]) -> str | None:
    head = _words(cells[0])
    rest = [_words(cell) for cell in cells[1:]]
    money = any("amount" in c or "£" in c or "actual" in c for c in rest)
    if not money:
        return None
    if head in ("agency", "contributor", "partner", "organisation", "organization", "funder"):
        return "contribution"
    if head in ("category", "item", "expenditure", "heading", "cost", "spend", "line"):
        return "expenditure"
    return None


def _year_above(lines: list[str], components: list[Component], index: int) -> str | None:
    """The year the nearest heading above a table names, else the report's."""
    for above in range(index - 1, max(index - 10, -1), -1):
        text = lines[above][:LINE_LIMIT]
        if "\t" in text:
            break
        year = year_label(text) if len(text) < 200 else None
        if year:
            return year
    return report_year(lines, components, index + 1)


def _budget(found, lines, components, index: int, year: str | None) -> ParsedBudget:
    board = board_of(lines, components, index + 1)
    key = (board, year or "unknown")
    if key not in found:
        found[key] = ParsedBudget(key[1], (index + 1, index + 1), board)
    budget = found[key]
    budget.lines = (min(budget.lines[0], index + 1), max(budget.lines[1], index + 1))
    return budget


def _columns(cells: list[str]) -> tuple[int, int | None, int | None]:
    """The amount column (the actual where a budget is printed beside it), the budget column
    and the share column of a header."""
    words = [_words(cell) for cell in cells]
    actual = next((i for i, w in enumerate(words) if "actual" in w), None)
    budget = next((i for i, w in enumerate(words) if i and "budget" in w and "%" not in w), None)
    amount = actual or next((i for i, w in enumerate(words) if "amount" in w or "£" in w), 1)
    share = next((i for i, w in enumerate(words) if "%" in w or "share" in w), None)
    if actual is None:
        budget = None
    return amount, budget, share


def _rows(lines: list[str], start: int):
    index = start + 1
    while index < len(lines):
        text = lines[index][:LINE_LIMIT]
        if not text.strip() or "\t" not in text:
            return
        yield index, [cell.strip() for cell in text.split("\t")]
        index += 1


def _cell(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _read_table(lines: list[str], start: int, kind: str, budget: ParsedBudget) -> int:
    amount, budget_column, share = _columns([c.strip() for c in lines[start].split("\t")])
    end = start
    parent: ParsedBudgetLine | None = None
    for index, cells in _rows(lines, start):
        end = index
        span = (index + 1, index + 1)
        label = cells[0]
        # "Coventry City Council | Core Budget | 120,061": a part named in the second cell
        part = cells[1] if len(cells) > 2 and amount > 1 else ""
        pence = _pence(_cell(cells, amount))
        if pence is None and (_BALANCE.match(label) or _TOTAL.match(label)):
            pence = next((_pence(c) for c in reversed(cells[1:]) if _pence(c) is not None), None)
        printed_share = _cell(cells, share)
        if _BALANCE.match(label) and pence is not None:
            budget.printed[f"{_BALANCE.match(label)[1].lower()}spend"] = (pence, span)
        elif _TOTAL.match(label) and pence is not None:
            name = "contributions" if kind == "contribution" else "actual"
            budget.printed[name] = (pence, span)
            if budget_column is not None and _pence(_cell(cells, budget_column)) is not None:
                budget.printed["budgeted"] = (_pence(_cell(cells, budget_column)), span)
        elif kind == "contribution" and not label and parent is not None:
            if _TOTAL.match(part) and pence is not None:  # the agency's subtotal
                budget.printed[f"contributions:{parent.agency}"] = (pence, span)
                parent.share = printed_share or parent.share
            elif pence is not None:
                parent.pence = (parent.pence or 0) + pence
            parent.lines = (parent.lines[0], index + 1)
        elif kind == "contribution" and label:
            parent = ParsedBudgetLine(span, agency=label, pence=pence, share=printed_share or None)
            budget.contributions.append(parent)
        elif kind == "expenditure" and label and pence is not None:
            budget.expenditure.append(
                ParsedBudgetLine(
                    span,
                    item=label,
                    pence=pence,
                    budget_pence=_pence(_cell(cells, budget_column)),
                    share=printed_share or None,
                )
            )
        budget.lines = (budget.lines[0], max(budget.lines[1], index + 1))
    return end + 1


def _is_budget_heading(text: str) -> bool:
    words = _words(text)
    return (
        bool(words)
        and len(words) < 60
        and "\t" not in text
        and (
            words
            in ("budget", "finance", "financial arrangements", "funding", "budget and finance")
            or words.startswith(("budget ", "lscb budget", "board budget", "partnership budget"))
            and not text.rstrip().endswith(".")
        )
    )


def _read_prose(lines, components, start: int, found) -> int:
    """The paragraphs under a budget heading, up to the next short heading."""
    index = start + 1
    heading_year = period_label(lines[start][:LINE_LIMIT])
    budget = None
    while index < len(lines):
        text = lines[index][:LINE_LIMIT]
        if "\t" in text or text.strip() and len(text) < 80 and not text.rstrip().endswith("."):
            break
        if "£" in text or "%" in text:
            year = heading_year or year_label(text) or report_year(lines, components, index + 1)
            if budget is None:
                budget = _budget(found, lines, components, index, year)
            _read_sentences(text, (index + 1, index + 1), budget)
        index += 1
    return index


def _read_sentences(text: str, span, budget: ParsedBudget) -> None:
    for name, pattern in _PROSE.items():
        match = pattern.search(text)
        if match and name not in budget.printed:
            budget.printed[name] = (_money(match), span)
    if "%" not in text or " by " not in text:
        return
    for sentence in text.split(". "):
        if "%" not in sentence:
            continue
        for part in _SHARE_PARTS.split(sentence):
            match = _SHARE.search(part)
            if match:
                agency = match[2].strip().rstrip(".").strip()
                budget.contributions.append(ParsedBudgetLine(span, agency=agency, share=match[1]))
    budget.lines = (min(budget.lines[0], span[0]), max(budget.lines[1], span[1]))
