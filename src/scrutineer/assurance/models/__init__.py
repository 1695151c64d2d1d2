"""One module per concept, in the domain's own words."""

from .audits import Audit, AuditFinding
from .budgets import Budget, BudgetLine
from .plans import PlanHeader, PlanLevel
from .priorities import Priority, ProgressStatement, Subgroup
from .reviews import LearningReview
from .training import TrainingCount, TrainingCourse

__all__ = [
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
