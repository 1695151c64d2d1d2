"""Template tags for the tracker's own pages."""

from django import template

from scrutineer.tracker.models import TrackedItem

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """ "response-received" -> "Response received"; unknown values are shown as they are."""
    try:
        return TrackedItem.Status(value).label
    except ValueError:
        return value
