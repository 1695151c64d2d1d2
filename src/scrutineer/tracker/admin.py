"""Admin for the tracker and the work programme.

Status is read-only here: a change of status belongs in the history, with a note, so it is
made on the tracked item's page. The admin keeps the same version rule as the site's forms
(``workflow.bump_version``): a change form saved after someone else changed the record is
refused instead of silently reverting their change, and every save bumps the version so
that forms open elsewhere are refused in turn.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from scrutineer.governance.admin import SourcedAdmin, SourceLinkMixin

from . import models, workflow

STALE_ADMIN_EDIT = (
    "This item was changed by someone else (now version {version}) after you opened this "
    "form; your changes were not saved. Reload to see the latest."
)
INCOMPLETE_ADMIN_FORM = (
    "This form did not say which version of the item it was opened on; your changes were "
    "not saved. Reload the page and make them again."
)


class PartyInline(admin.TabularInline):
    model = models.Party
    fields = ["role", "label", "person", "organisation", "body"]
    autocomplete_fields = ["person", "organisation", "body"]
    extra = 0


class StatusChangeInline(SourceLinkMixin, admin.TabularInline):
    """The history is a record of what happened: it can be read here, not rewritten."""

    model = models.StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note", "source_link"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResponseInline(SourceLinkMixin, admin.StackedInline):
    model = models.Response
    fields = ["date", "responder", "text", "links", "recorded_by", "source_link"]
    readonly_fields = ["recorded_by", "source_link"]
    extra = 0


class VersionedAdminForm(forms.ModelForm):
    """A change form that carries, hidden, the version of the record it was opened on."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["loaded_version"].initial = self.instance.version

    def clean(self):
        # The admin loads the record afresh for each POST, so its version here is the
        # current one. This check gives the clear message; the save's conditional UPDATE
        # is what guarantees no change is lost to a race after it.
        cleaned = super().clean()
        if self.instance.pk is not None:
            loaded = cleaned.get("loaded_version")
            if loaded is None:
                raise ValidationError(INCOMPLETE_ADMIN_FORM)
            if loaded != self.instance.version:
                raise ValidationError(STALE_ADMIN_EDIT.format(version=self.instance.version))
        return cleaned


class VersionedAdmin:
    """Saves a change only against the version its form was opened on, bumping it."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change:
            workflow.bump_version(obj, form.cleaned_data["loaded_version"])
        super().save_model(request, obj, form, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.StaleEdit:
            # Someone saved between the form's check and this save. The admin's transaction
            # has rolled back, so nothing (inlines included) was written; the version has
            # moved on for good, so showing the form again shows the refusal.
            return super().changeform_view(request, object_id, form_url, extra_context)


@admin.register(models.TrackedItem)
class TrackedItemAdmin(VersionedAdmin, SourcedAdmin):
    list_display = [
        "__str__",
        "item_type",
        "body",
        "status",
        "due_date",
        "source_kind",
        "visibility",
    ]
    list_filter = ["item_type", "status", "source_kind", "visibility", "body"]
    list_select_related = ["body"]
    search_fields = ["text", "number", "source_reference", "parties__label"]
    date_hierarchy = "due_date"
    autocomplete_fields = [
        "source",
        "body",
        "meeting",
        "resolution",
        "parent",
        "officer_contact",
    ]
    readonly_fields = ["source_link", "status", "version", "created_at", "updated_at"]
    inlines = [PartyInline, StatusChangeInline, ResponseInline]

    def get_search_results(self, request, queryset, search_term):
        # The party label search can match one item through several parties.
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False


@admin.register(models.WorkProgrammeItem)
class WorkProgrammeItemAdmin(VersionedAdmin, SourcedAdmin):
    list_display = ["__str__", "body", "municipal_year", "meeting", "bucket", "status"]
    list_filter = ["municipal_year", "bucket", "status", "standing", "visibility"]
    list_select_related = ["body", "meeting__body"]
    search_fields = ["title", "detail", "leads_as_written", "body__name"]
    autocomplete_fields = [
        "source",
        "body",
        "meeting",
        "origin_resolution",
        "origin_tracked_item",
        "taken_at",
        "taken_minute",
    ]
    readonly_fields = ["source_link", "version"]


@admin.register(models.FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tracked_item", "programme_item", "agenda_item", "minute"]
    list_select_related = ["tracked_item", "programme_item", "agenda_item", "minute"]
    search_fields = ["note", "tracked_item__text"]
    autocomplete_fields = ["tracked_item", "programme_item", "agenda_item", "minute"]
