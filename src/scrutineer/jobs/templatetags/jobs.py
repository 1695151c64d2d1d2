from django import template

from scrutineer.governance import access

register = template.Library()


@register.filter
def can_load_papers(user) -> bool:
    return access.can_load_papers(user)
