"""Links from a fact on a page to the lines of the published paper it was read from."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def source_link(record):
    """Render "line 82" linked to the document, or nothing for a record entered by hand.

    ``record`` is anything with ``source_url`` and ``source_label``; both are built from
    ids and numbers, never from ingested text, and format_html escapes them regardless.
    """
    if not record.source_url:
        return ""
    return format_html(
        '<a class="app-source-link" href="{}">'
        '<span class="govuk-visually-hidden">Source: </span>{}</a>',
        record.source_url,
        record.source_label or "source",
    )
