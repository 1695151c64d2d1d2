"""A budget's position, derived from its lines: income from contributions, the spend
budgeted and spent, and the under- or overspend. The one home of these sums; the paper's
printed totals are only ever compared with them."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Budget, BudgetLine


@dataclass(frozen=True)
class BudgetPosition:
    income_pence: int  # the contributions
    budgeted_pence: int | None  # the expenditure lines' budgets, when printed
    spent_pence: int  # the expenditure lines' actuals
    shares: dict[str, float]  # agency -> its share of the income, in per cent

    @property
    def planned_pence(self) -> int:
        """What the spend is measured against: the budget where one is printed, else the
        income."""
        return self.budgeted_pence if self.budgeted_pence is not None else self.income_pence

    @property
    def balance_pence(self) -> int:
        """Positive for an underspend, negative for an overspend."""
        return self.planned_pence - self.spent_pence

    @property
    def outcome(self) -> str:
        if self.balance_pence > 0:
            return "underspend"
        return "overspend" if self.balance_pence < 0 else "balanced"


def budget_position(budget: Budget) -> BudgetPosition:
    lines = list(budget.lines.all())
    contributions = [line for line in lines if line.kind == BudgetLine.Kind.CONTRIBUTION]
    spend = [line for line in lines if line.kind == BudgetLine.Kind.EXPENDITURE]
    income = sum(line.pence or 0 for line in contributions)
    budgets = [line.budget_pence for line in spend if line.budget_pence is not None]
    shares = {
        line.label: round(100 * (line.pence or 0) / income, 1) if income else 0.0
        for line in contributions
    }
    return BudgetPosition(
        income_pence=income,
        budgeted_pence=sum(budgets) if budgets else None,
        spent_pence=sum(line.pence or 0 for line in spend),
        shares=shares,
    )
