"""The partnership dashboard: one body's assurance figures on one page
(``assurance.dashboard`` works them out, for the reader asking)."""

from __future__ import annotations

from functools import lru_cache

from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.safestring import mark_safe

from scrutineer.governance.models import Body, in_council
from scrutineer.packs.figures import pounds
from scrutineer.performance import charts

from ..dashboard import HEADINGS, Dashboard, dashboard


def partnership_dashboard(request, slug):
    body = get_object_or_404(in_council(Body.objects.all(), request.council), slug=slug)
    board = dashboard(body, request.user, timezone.localdate())
    return render(
        request,
        "assurance/dashboard.html",
        {
            "body": body,
            "board": board,
            "training_chart": _training_chart(board),
            "budget_chart": _budget_chart(board),
            "training_rows": [
                (level, [totals.by_level.get(level, 0) for totals in board.training])
                for level in board.training_levels
            ],
            "headings": [label for _, label in HEADINGS],
        },
    )


@lru_cache(maxsize=256)
def _bars_svg(bars: tuple[charts.Bar, ...], chart_id: str, title: str, desc: str, x_label: str):
    """A chart drawn once per set of figures: the same figures draw the same SVG."""
    return charts.breakdown_svg(list(bars), chart_id=chart_id, title=title, desc=desc,
                                x_label=x_label)  # fmt: skip


def _training_chart(board: Dashboard) -> str:
    """People trained by level, last year against this year."""
    levels = board.training_levels
    if not levels:
        return ""
    bars = tuple(
        charts.Bar(f"Level {level}, {totals.period}", count, f"{count:,}")
        for level in levels
        for totals in board.training
        for count in [totals.by_level.get(level, 0)]
    )
    desc = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    title = f"People trained by level, {' against '.join(t.period for t in board.training)}"
    return mark_safe(  # charts escapes every piece of text it draws
        _bars_svg(
            bars,
            "chart-training",
            title,
            f"One bar for each level and year. {desc}.",
            "People trained",
        )  # fmt: skip
    )


def _budget_chart(board: Dashboard) -> str:
    """What was spent each year, labelled with the under- or overspend."""
    if not board.budgets:
        return ""
    bars = tuple(
        charts.Bar(
            row.budget.year,
            row.position.spent_pence / 100,
            f"{row.spent} ({row.position.outcome} {pounds(abs(row.position.balance_pence))})"
            if row.position.balance_pence
            else f"{row.spent} (balanced)",
        )
        for row in board.budgets
    )
    desc = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    return mark_safe(  # charts escapes every piece of text it draws
        _bars_svg(
            bars,
            "chart-budget",
            "Spending by year",
            f"One bar for each year. {desc}.",
            "Spent (pounds)",
        )  # fmt: skip
    )


urlpatterns = [
    path("bodies/<slug:slug>/assurance/", partnership_dashboard, name="assurance-dashboard"),
]
