"""One module per concept, in the domain's own words."""

from .annual_reports import AnnualReport
from .audits import Audit, AuditFinding
from .budgets import Budget, BudgetLine
from .plans import PlanHeader, PlanLevel
from .priorities import Priority, ProgressStatement, Subgroup
from .reviews import LearningReview
from .training import TrainingCount, TrainingCourse

__all__ = [
    "AnnualReport",
    "Audit",
    "AuditFinding",
    "Budget",
    "BudgetLine",
    "LearningReview",
    "PlanHeader",
    "PlanLevel",
    "Priority",
    "ProgressStatement",
    "Subgroup",
    "TrainingCount",
    "TrainingCourse",
]
