"""ParsedAssurance → rows: one module per concept, each only mapping what ``packs.assurance``
read. Runs after the tracked items and indicators of the same paper are loaded, so a review
or an audit can link the recommendations, and a priority the indicators, that paper gave."""

from __future__ import annotations

from scrutineer.governance.models import Body
from scrutineer.packs.assurance.model import ParsedAssurance

from .audits import load_audits
from .budgets import load_budgets
from .plans import load_plan_headers
from .priorities import load_priorities, load_subgroups
from .reviews import load_reviews
from .training import load_training


def load_assurance(loader, assurance: ParsedAssurance, home_body: Body | None) -> None:
    load_reviews(loader, assurance.reviews, home_body)
    load_audits(loader, assurance.audits, home_body)
    load_plan_headers(loader, assurance.action_plans, home_body)
    load_training(loader, assurance.training, home_body)
    load_budgets(loader, assurance.budgets, home_body)
    load_priorities(loader, assurance.priorities, home_body)
    load_subgroups(loader, assurance.subgroups, home_body)
