"""``{{ value|sanitised }}``: HTML stored from another site (a ModernGov minute), cleaned
again with nh3 as it is shown, so that only plain structure and links ever reach a page."""

import nh3
from django import template
from django.utils.safestring import mark_safe

from scrutineer.packs.htmltext import DISPLAY_TAGS

register = template.Library()


@register.filter
def sanitised(value: str) -> str:
    return mark_safe(nh3.clean(value or "", tags=DISPLAY_TAGS, attributes={"a": {"href"}}))
