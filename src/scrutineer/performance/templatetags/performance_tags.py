"""Scorecard cells: a figure as printed (or its status in words), a trend with words, a
rating with its reason.

Every piece of text from a paper or a partner goes through ``_e`` (the standard library's
``html.escape``, which is what Django's ``escape`` calls) before it is joined into markup,
and each tag marks only its own finished markup safe. A scorecard has thousands of cells,
so these avoid ``format_html`` in the per-row tags: it costs several times as much.
"""

from __future__ import annotations

from html import escape as _escape

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from scrutineer.web.templatetags.govuk import rag_markup
from scrutineer.web.templatetags.provenance import source_link

from ..provenance import origin, person_name

register = template.Library()

STATUS_TAG = {
    "not-received": "govuk-tag--yellow",
    "blank": "govuk-tag--grey",
    "not-applicable": "govuk-tag--grey",
}
DIRECTIONS = {"↑": "Up", "↓": "Down"}


def _e(text) -> str:
    return _escape(str(text), quote=True)


def _shown(status: str, raw: str, status_label: str) -> str:
    if status == "reported":
        return f'<span class="app-figure">{_e(raw)}</span>'
    printed = raw if raw and raw != status_label else ""
    tag = (
        f'<strong class="govuk-tag {STATUS_TAG.get(status, "govuk-tag--grey")}">'
        f"{_e(status_label)}</strong>"
    )
    if printed:
        tag += f' <span class="app-figure">(printed “{_e(printed)}”)</span>'
    return tag


def _footnote(footnote: str) -> str:
    if not footnote:
        return ""
    return f'<span class="app-block govuk-hint">Note: {_e(footnote)}</span>'


def _figure(figure, latest_label: str = "") -> str:
    if figure is None:
        return '<span class="app-figure-none">No figure</span>'
    period = figure.period.label
    shown = _shown(figure.status, figure.raw, figure.status_label)
    if period != latest_label:
        shown += f'<span class="app-block govuk-hint">{_e(period)}</span>'
    return shown + _footnote(figure.footnote)


def _trend(row) -> str:
    trend = row.trend
    if trend is None:
        return f'No trend<span class="app-block govuk-hint">{_e(row.no_trend)}</span>'
    hidden = ""
    if trend.judged:  # "improving" needs the direction said too: "Down, improving"
        hidden = f'<span class="govuk-visually-hidden">{DIRECTIONS[trend.arrow]}, </span>'
    return (
        f'<span class="app-trend"><span aria-hidden="true">{trend.arrow}</span> '
        f"{hidden}{_e(trend.words)}</span>"
    )


def _rating(row) -> str:
    return rag_markup(row.rag, row.no_rating)


def _comparators(row) -> str:
    if not row.comparators:
        return "None given"
    latest = row.latest.period.label if row.latest else ""
    items = "".join(f"<li>{_e(c.area)}: {_figure(c.figure, latest)}</li>" for c in row.comparators)
    return f'<ul class="govuk-list app-comparators">{items}</ul>'


@register.simple_tag
def scorecard_rows(group, columns: int = 8, sparklines: bool = True):
    """The table bodies of one priority: one per table (group) of the paper, headed by its
    name, with a row per indicator. One tag for the lot: a scorecard has a couple of hundred
    rows, and resolving each cell through the template language costs more than the rest
    of the page."""
    head, tail = reverse("indicator", args=["placeholder"]).rsplit("placeholder", 1)
    out, group_name = ["<tbody>"], None
    for n, row in enumerate(group.rows):
        indicator = row.indicator
        if indicator.group != group_name or n == 0:
            if n:
                out.append("</tbody><tbody>")
            group_name = indicator.group
            if group_name:
                out.append(
                    f'<tr class="app-scorecard-group"><th scope="rowgroup" colspan="{columns}">'
                    f"{_e(group_name)}</th></tr>"
                )
        name = f'<a href="{_e(head + indicator.slug + tail)}">{_e(indicator.name)}</a>'
        if row.area and not row.own_area_is_council:
            name += f'<span class="app-block govuk-hint">{_e(row.area)}</span>'
        if indicator.visibility == "restricted":
            name += ' <strong class="govuk-tag govuk-tag--red">Restricted</strong>'
        latest = _e(row.breakdown.text) if row.breakdown else _figure(row.latest)
        if row.missing:
            latest += (
                ' <strong class="govuk-tag govuk-tag--yellow app-missing">Missing data</strong>'
                f' <span class="app-block govuk-hint">{_e(row.missing)}</span>'
            )
        cells = [latest, _figure(row.previous), _figure(row.baseline), _trend(row), _rating(row)]
        if sparklines:
            cells.append(row.sparkline or '<span class="govuk-hint">Too few figures to draw</span>')
        cells.append(_comparators(row))
        tds = "".join(f"<td>{cell}</td>" for cell in cells)
        out.append(f'<tr id="indicator-{_e(indicator.slug)}"><th scope="row">{name}</th>{tds}</tr>')
    out.append("</tbody>")
    return mark_safe("\n".join(out))


@register.simple_tag
def observation_cell(observation):
    """An observation as printed (or its status in words) and its footnote."""
    return mark_safe(
        _shown(observation.status, observation.raw, observation.get_status_display())
        + _footnote(observation.footnote)
    )


@register.simple_tag
def observation_source(observation):
    """Where a figure came from: the paper's lines, or the partner's submission."""
    document = submission = None
    if observation.source_id is not None:
        if getattr(observation, "source_readable", False):
            document = format_html("{}, {}", observation.source.title, source_link(observation))
        else:
            document = "A restricted document"
    if observation.submission_id is not None:
        submission = observation.submission
    call = submission.data_call.title if submission else ""
    url = getattr(observation, "call_url", None)
    words = origin(
        document=document,
        partner=_e(submission.organisation.name) if submission else None,
        call=f'<a href="{_e(url)}">{_e(call)}</a>' if url else _e(call),
        day=f"{submission.submitted_at:%d %b %Y}".lstrip("0") if submission else None,
        entered_by=_e(person_name(observation.entered_by)) if observation.entered_by_id else None,
    )
    return mark_safe(words or "Not recorded")
