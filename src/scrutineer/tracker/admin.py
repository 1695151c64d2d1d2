"""Admin for the tracker and the work programme.

Status is read-only here: a change of status belongs in the history, with a note, so it is
made on the tracked item's page. Every save through the admin bumps the version, so that a
form someone else has open on the site is refused rather than overwriting the change.
"""

from django.contrib import admin
from django.db.models import F

from scrutineer.governance.admin import SourcedAdmin, SourceLinkMixin

from . import models


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


class VersionBumpMixin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            type(obj).objects.filter(pk=obj.pk).update(version=F("version") + 1)
            obj.refresh_from_db(fields=["version"])


@admin.register(models.TrackedItem)
class TrackedItemAdmin(VersionBumpMixin, SourcedAdmin):
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
class WorkProgrammeItemAdmin(VersionBumpMixin, SourcedAdmin):
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
