"""How an uploaded attachment is described beside its link."""

from __future__ import annotations

from django import template

from scrutineer.governance.attachments import facts

register = template.Library()


@register.filter
def attachment_facts(paper) -> str:
    """ "PDF, 2 pages, 41 KB": the type its content was checked to be, pages, size."""
    return facts(paper.media_type, paper.pages, paper.size)
