"""GOV.UK Design System form and tag markup for Django forms and tracker records.

Widgets get the GOV.UK class for their kind and an ``aria-describedby`` naming the hint
and the error message shown next to them, so a screen reader announces both with the
field. Everything rendered here is escaped (by Django, or by ``html.escape`` as Django
does); nothing is marked safe that came from a user or a paper.
"""

from __future__ import annotations

from html import escape

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from scrutineer.rag import NO_RATING, Rag

register = template.Library()


@register.filter
def manages_users(user) -> bool:
    """Administrators manage users and roles (``web.users``)."""
    from scrutineer.governance.access import is_admin

    return is_admin(user)


_INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
}

STATUS_TAGS = {
    "open": "govuk-tag--grey",
    "sent": "app-tag--sent",
    "response-received": "app-tag--substitute",
    "accepted": "govuk-tag--green",
    "partially-accepted": "govuk-tag--yellow",
    "rejected": "govuk-tag--red",
    "in-progress": "app-tag--sent",
    "complete": "govuk-tag--green",
    "impact-reviewed": "govuk-tag--green",
    # Work programme statuses
    "scheduled": "app-tag--sent",
    "held": "govuk-tag--green",
    "on-the-agenda": "app-tag--sent",
    "postponed": "govuk-tag--yellow",
    "deferred": "govuk-tag--grey",
}


def hint_id(field) -> str:
    return f"{field.auto_id}-hint"


def error_id(field) -> str:
    return f"{field.auto_id}-error"


def describedby(field) -> str:
    ids = []
    if field.help_text:
        ids.append(hint_id(field))
    if field.errors:
        ids.append(error_id(field))
    return " ".join(ids)


@register.simple_tag
def govuk_widget(field, extra_class: str = ""):
    """Render a bound field's widget with the GOV.UK class and its hint and error ids."""
    widget = field.field.widget
    css = next(
        (css for kind, css in _INPUT_CLASSES.items() if isinstance(widget, kind)), "govuk-input"
    )
    if field.errors:
        css += {
            "govuk-input": " govuk-input--error",
            "govuk-textarea": " govuk-textarea--error",
            "govuk-select": " govuk-select--error",
        }.get(css, "")
    attrs = {"class": f"{css} {extra_class}".strip()}
    if widget.attrs.get("class"):
        attrs["class"] += f" {widget.attrs['class']}"
    described = describedby(field)
    if described:
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.inclusion_tag("web/form_field.html")
def govuk_field(field, width: str = "", label_class: str = ""):
    """A form group: label, hint, inline error message and the widget."""
    return {
        "field": field,
        "width": f"govuk-input--width-{width}" if width.isdigit() else width,
        "label_class": label_class,
        "hint_id": hint_id(field),
        "error_id": error_id(field),
        "describedby": describedby(field),
    }


@register.inclusion_tag("web/error_summary.html")
def govuk_error_summary(*forms_):
    """The "There is a problem" box: one link per error, to the field that has it."""
    errors = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("", message))
        for field in form.hidden_fields():
            errors.extend(("", message) for message in field.errors)
        for field in form.visible_fields():
            if field.errors:
                target = field.auto_id
                if isinstance(field.field.widget, forms.RadioSelect):
                    target = f"{field.auto_id}_0"
                for message in field.errors:
                    errors.append((target, message))
    return {"errors": errors}


@register.simple_tag
def status_tag(record):
    """A status as a tag. The text names the status; the colour only repeats it. A record
    whose shown status is derived (a work programme item on an agenda) shows that."""
    code, label = getattr(record, "shown_status", None) or (
        record.status,
        record.get_status_display(),
    )
    return format_html('<strong class="govuk-tag {}">{}</strong>', STATUS_TAGS.get(code, ""), label)


def rag_markup(rating: Rag | None, no_rating: str | None = None) -> str:
    """A RAG rating as a tag that says its colour, followed by its reason in words; with no
    rating, a grey "No rating" tag and ``no_rating`` (the reason), or nothing when that is
    None. Escaped by hand, not by format_html: a scorecard has hundreds of these."""
    if rating is None:
        if no_rating is None:
            return ""
        tag, label, reason = "govuk-tag--grey", NO_RATING, no_rating
    else:
        tag, label, reason = f"app-rag--{rating.colour}", rating.label, rating.reason
    return (
        f'<strong class="govuk-tag {escape(tag, quote=True)}">{escape(label)}</strong> '
        f'<span class="app-rag-reason">{escape(str(reason), quote=True)}</span>'
    )


@register.simple_tag
def rag_tag(rating):
    """A RAG rating as a tag that says its colour, followed by its reason in words."""
    return mark_safe(rag_markup(rating))
