"""Server-rendered SVG charts (matplotlib, Agg, no pyplot state).

Each chart is an inline SVG with ``role="img"``, a ``<title>`` and a ``<desc>`` that say
what it shows, and the page puts a data table under it. No meaning rests on colour: every
series has its own marker and line style and the legend shows both; bars carry their
figures as direct labels. Every colour has at least 3:1 contrast with the white background.

Charts are small, with text left as text (``svg.fonttype: none``) and no layout passes,
so one renders in tens of milliseconds.
"""

from __future__ import annotations

import io
import math
import re
import threading
from dataclasses import dataclass
from html import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

BACKGROUND = "#ffffff"
TEXT = "#0b0c0c"
GRID = "#b1b4b6"
# (colour, line style, marker): colour, dash and shape each tell the series apart.
STYLES = (
    ("#0b0c0c", "-", "o"),  # 19.5:1
    ("#1d70b8", "--", "s"),  # 5.2:1
    ("#b1370c", ":", "^"),  # 5.9:1
    ("#00703c", "-.", "D"),  # 6.2:1
    ("#4c2c92", (0, (6, 2, 1, 2, 1, 2)), "v"),  # 10.2:1
    ("#6f4e00", (0, (1, 1)), "P"),  # 7.2:1
    ("#912b88", (0, (8, 3)), "X"),  # 7.5:1
    ("#505a5f", (0, (3, 1, 3, 4)), "*"),  # 7.0:1
)
BAR_COLOUR = "#1d70b8"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "scrutineer",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.edgecolor": TEXT,
    "axes.labelcolor": TEXT,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "text.color": TEXT,
    "path.simplify": True,
}
MAX_TICKS = 8
# matplotlib's settings are process-wide: rc_context sets them for one chart and puts them
# back, so two threads drawing at once would undo each other's. One chart at a time.
_DRAWING = threading.Lock()
_ID = re.compile(r'\bid="([^"]+)"')
_REF = re.compile(r'(url\(#|xlink:href="#|href="#)')
_OPEN = re.compile(r"<svg\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")  # matplotlib escapes "<" and ">" in text and attributes
_STYLE = re.compile(r'\sstyle="([^"]*)"')
# The properties matplotlib writes in style="...", all of which SVG also takes as
# presentation attributes; those are not CSS, so the pages need no inline style in their
# Content-Security-Policy.
PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
    }
)


@dataclass(frozen=True)
class Point:
    label: str  # the period as printed
    position: float  # where it sits on the x axis (the period's end, as a day number)
    value: float | None  # None leaves a gap


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the label beside the bar: the figure as printed, or its status


def contrast(colour: str, background: str = BACKGROUND) -> float:
    """The WCAG contrast ratio of two "#rrggbb" colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _safe(text: str) -> str:
    """Text from a paper drawn as it is: a "$" must not start matplotlib's maths mode."""
    return text.replace("$", r"\$")


def _attributes(style: re.Match) -> str:
    """style="fill: #fff; stroke-width: 0.8" -> fill="#fff" stroke-width="0.8"."""
    attributes = []
    for declaration in style[1].split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if not name:
            continue
        if name not in PRESENTATION:
            raise ValueError(f"matplotlib wrote a style SVG has no attribute for: {name}")
        attributes.append(f' {name}="{value}"')
    return "".join(attributes)


def _svg(figure: Figure, chart_id: str, title: str, desc: str) -> str:
    """The figure as an inline SVG: no XML prolog or metadata, ids prefixed so that two
    charts on a page never share one, and an accessible name and description."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", facecolor=BACKGROUND, metadata={"Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'<style type="text/css">.*?</style>\s*', "", text, flags=re.S)

    def prefixed(tag: re.Match) -> str:  # only inside tags: drawn text is left as it is
        ids = _ID.sub(lambda m: f'id="{chart_id}-{m[1]}"', tag[0])
        return _STYLE.sub(_attributes, _REF.sub(lambda m: f"{m[1]}{chart_id}-", ids))

    text = _TAG.sub(prefixed, text)
    opening = _OPEN.search(text)
    tag = opening[0]
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    tag = tag.replace(
        "<svg",
        f'<svg class="app-chart" width="100%" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc"',
        1,
    )
    accessible = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>'
    )
    return text[: opening.start()] + tag + accessible + text[opening.end() :]


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=72, facecolor=BACKGROUND)
    return figure


def _ticks(points: list[Point]) -> tuple[list[float], list[str]]:
    """At most MAX_TICKS period labels, evenly spread, always including the last."""
    unique = sorted({(p.position, p.label) for p in points})
    seen: dict[float, str] = {}
    for position, label in unique:
        seen.setdefault(position, label)
    items = sorted(seen.items())
    if len(items) > MAX_TICKS:
        step = math.ceil(len(items) / MAX_TICKS)
        chosen = items[::-1][::step][::-1]
        items = chosen
    return [p for p, _ in items], [_safe(label) for _, label in items]


def time_series_svg(
    series: list[Series], *, chart_id: str, title: str, desc: str, y_label: str
) -> str:
    """Lines over time, one per area, each with its own colour, dash and marker."""
    with _DRAWING, matplotlib.rc_context(RC):
        figure = _figure(7.5, 3.2)
        axes = figure.add_axes((0.09, 0.2, 0.63, 0.74))
        everything: list[Point] = []
        for n, one in enumerate(series):
            colour, dash, marker = STYLES[n % len(STYLES)]
            xs = [p.position for p in one.points]
            ys = [math.nan if p.value is None else p.value for p in one.points]
            everything.extend(one.points)
            axes.plot(
                xs,
                ys,
                color=colour,
                linestyle=dash,
                marker=marker,
                markersize=5,
                linewidth=1.6,
                label=_safe(one.name),
                clip_on=False,
            )
        if everything:
            positions, labels = _ticks(everything)
            axes.set_xticks(positions, labels, rotation=30, ha="right", fontsize=8)
        axes.set_ylabel(_safe(y_label))
        axes.grid(axis="y", color=GRID, linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
        axes.set_facecolor(BACKGROUND)
        if series:  # one column, beside the plot, in the order of the table's columns
            figure.legend(
                loc="center left",
                ncols=1,
                frameon=False,
                fontsize=8,
                handlelength=3.5,
                bbox_to_anchor=(0.74, 0.57),
            )
        return _svg(figure, chart_id, title, desc)


def breakdown_svg(bars: list[Bar], *, chart_id: str, title: str, desc: str, x_label: str) -> str:
    """Horizontal bars, one per category, each labelled with its figure as printed."""
    with _DRAWING, matplotlib.rc_context(RC):
        height = 0.9 + 0.32 * max(len(bars), 1)
        figure = _figure(7.5, height)
        axes = figure.add_axes((0.3, 0.55 / height, 0.6, 1 - 0.75 / height))
        positions = list(range(len(bars)))[::-1]
        values = [0.0 if b.value is None else b.value for b in bars]
        axes.barh(positions, values, color=BAR_COLOUR, height=0.6, edgecolor=TEXT, linewidth=0.6)
        axes.set_yticks(positions, [_safe(b.label) for b in bars], fontsize=8)
        top = max(values, default=0) or 1.0
        for position, bar, value in zip(positions, bars, values, strict=True):
            axes.text(value + top * 0.01, position, _safe(bar.text), va="center", fontsize=8)
        axes.set_xlim(0, top * 1.25)
        axes.set_xlabel(_safe(x_label))
        axes.grid(axis="x", color=GRID, linewidth=0.6)
        axes.set_axisbelow(True)
        axes.spines[["top", "right"]].set_visible(False)
        return _svg(figure, chart_id, title, desc)
