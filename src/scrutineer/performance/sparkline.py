"""A tiny inline SVG line of a series' figures, with the figures in words as its
accessible name."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from .yearly_scorecard import ScorecardCell

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 100, 24, 3


def sparkline_label(figures: list[ScorecardCell], name: str) -> str:
    values = "; ".join(f"{f.period.label}: {f.as_text or 'blank'}" for f in figures)
    return f"{name}, figures in order: {values}"


def sparkline(figures: list[ScorecardCell], name: str) -> SafeString | None:
    """A tiny inline SVG line of the figures, with gaps where there is no figure, and the
    figures in words as its accessible name. None when there are fewer than two figures."""
    values = [float(f.measure) if f.measure is not None else None for f in figures]
    numbers = [v for v in values if v is not None]
    if len(numbers) < 2:
        return None
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1.0
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    inner = SPARK_HEIGHT - 2 * SPARK_PAD
    points: list[tuple[float, float] | None] = [
        None
        if v is None
        else (
            round(SPARK_PAD + n * step, 1),
            round(
                SPARK_HEIGHT - SPARK_PAD - (v - low) / span * inner
                if high != low
                else SPARK_HEIGHT / 2,
                1,
            ),
        )
        for n, v in enumerate(values)
    ]
    segments, current = [], []
    for point in points:
        if point is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append(point)
    if current:
        segments.append(current)
    shapes = []
    for segment in segments:
        if len(segment) == 1:
            x, y = segment[0]
            shapes.append(f'<circle cx="{x}" cy="{y}" r="1.5" fill="#0b0c0c"/>')
        else:
            coords = " ".join(f"{x},{y}" for x, y in segment)
            shapes.append(
                f'<polyline points="{coords}" fill="none" stroke="#0b0c0c" stroke-width="1.5"'
                ' stroke-linejoin="round"/>'
            )
    last = next(p for p in reversed(points) if p is not None)
    shapes.append(f'<circle cx="{last[0]}" cy="{last[1]}" r="2.5" fill="#1d70b8"/>')
    label = escape(sparkline_label(figures, name))
    # The only text in it is the label, escaped above.
    return mark_safe(
        f'<svg class="app-sparkline" role="img" aria-label="{label}" focusable="false" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" '
        f'viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" xmlns="http://www.w3.org/2000/svg">'
        f"{''.join(shapes)}</svg>"
    )
