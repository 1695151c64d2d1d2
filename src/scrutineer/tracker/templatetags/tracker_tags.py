"""Template tags for the tracker's own pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from scrutineer.tracker.models import TrackedItem
from scrutineer.web.templatetags.govuk import rag_tag, status_tag

register = template.Library()
OVERDUE_TAG = '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'


@register.filter
def status_label(value: str) -> str:
    """ "response-received" -> "Response received"; unknown values are shown as they are."""
    try:
        return TrackedItem.Status(value).label
    except ValueError:
        return value


# The two cells below are drawn for every row of the tracker list (and on the body page and
# an item's sub-items). They are tags, not included templates: rendering a template per cell
# cost the list page about a tenth of its time.


@register.simple_tag
def parties_cell(item) -> str:
    """A tracked item's owners and addressees in a table row (rows from
    ``tracker.queries.annotate_rows``)."""
    lines = []
    if item.owner_labels:
        owners = ", ".join(item.owner_labels)
        lines.append(format_html('<span class="app-block">Owner: {}</span>', owners))
    if item.addressee_labels:
        addressees = ", ".join(item.addressee_labels)
        lines.append(format_html('<span class="app-block">To: {}</span>', addressees))
    return mark_safe("\n".join(lines))  # each line escaped by format_html


@register.simple_tag
def status_cell(item) -> str:
    """A tracked item's status, overdue and RAG in a table row (rows from
    ``tracker.queries.annotate_rows``)."""
    overdue = mark_safe(OVERDUE_TAG if item.overdue_now else "")
    cell = format_html('<div class="app-tags">{}{}</div>', status_tag(item), overdue)
    if item.rag_now:
        cell += format_html('\n<div class="app-tags">{}</div>', rag_tag(item.rag_now))
    if item.history_now:
        cell += format_html('\n<p class="govuk-body-s">{}</p>', item.history_now)
    return cell
