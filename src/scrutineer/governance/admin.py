"""Admin for the governance record, where officers correct and add records by hand.

Every foreign key uses an autocomplete widget: a select listing every person, meeting or
document would make change pages unusable once a few years of papers are loaded.
Documents arrive only through ingestion, so their text and hash are not editable here.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import URLField
from django.urls import reverse
from django.utils.html import format_html

from . import models
from .tenure import rederive_memberships

admin.site.site_header = "Scrutineer administration"
admin.site.site_title = "Scrutineer"
admin.site.index_title = "Records"

PROVENANCE_FIELDS = ["source", "first_line", "last_line", "source_link"]


def link_to_source(url, label):
    if not url:
        return "–"
    return format_html('<a href="{}">{}</a>', url, label or "document")


class SourceLinkMixin:
    """A read-only link to the lines a record was extracted from."""

    @admin.display(description="Source lines")
    def source_link(self, obj):
        return link_to_source(obj.source_url, obj.source_label)


class SourcedAdmin(SourceLinkMixin, admin.ModelAdmin):
    """Puts the provenance fields, which come first on the model, last on the page."""

    readonly_fields = ["source_link"]

    def get_fieldsets(self, request, obj=None):
        fields = [f for f in self.get_fields(request, obj) if f not in PROVENANCE_FIELDS]
        return [
            (None, {"fields": fields}),
            ("Source", {"fields": PROVENANCE_FIELDS, "classes": ["collapse"]}),
        ]


class DocumentTitleMixin:
    """Lists name each record's document; its text, which runs to megabytes, stays unread."""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document").defer("document__text")


class AliasForm(forms.ModelForm):
    """Officers type the alias; its comparison key is derived, as ingestion derives it."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("alias"):
            self.instance.key = models.alias_key(cleaned["alias"])
            owner = self._owner(cleaned)
            clashes = type(self.instance)._default_manager.filter(
                key=self.instance.key, council_id=owner.council_id if owner else None
            )
            if clashes.exclude(pk=self.instance.pk).exists():
                raise ValidationError(
                    {"alias": "This name already resolves to a record (same alias key)."}
                )
        return cleaned

    def _owner(self, cleaned):
        """The body or organisation the alias names: keys are unique within its council."""
        for field in ("body", "organisation"):
            if field in self.fields and cleaned.get(field):
                return cleaned[field]
        for field in ("body", "organisation"):
            if getattr(self.instance, f"{field}_id", None):
                return getattr(self.instance, field)
        return None


class OrganisationAliasInline(admin.TabularInline):
    model = models.OrganisationAlias
    form = AliasForm
    fields = ["alias", "key"]
    readonly_fields = ["key"]
    extra = 0


class BodyAliasInline(OrganisationAliasInline):
    model = models.BodyAlias


class PersonAliasInline(admin.TabularInline):
    model = models.PersonAlias
    extra = 0


class PostInline(admin.TabularInline):
    model = models.Post
    autocomplete_fields = ["organisation"]
    extra = 0


class SectionInline(admin.TabularInline):
    model = models.Section
    extra = 0


class DerivedMixin:
    """Memberships are derived from rosters and attendance (``governance.tenure``): shown,
    never edited. Correct the evidence instead."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(DerivedMixin, SourceLinkMixin, admin.TabularInline):
    model = models.Membership
    fields = [
        "person",
        "organisation",
        "role",
        "title",
        "vacant",
        "start_date",
        "last_seen",
        "end_date",
        "source_link",
    ]
    readonly_fields = fields
    extra = 0


class RosterEntryInline(SourceLinkMixin, admin.TabularInline):
    model = models.RosterEntry
    fields = ["person", "organisation", "role", "title", "vacant", "source_link"]
    readonly_fields = ["source_link"]
    autocomplete_fields = ["person", "organisation"]
    extra = 0


class AgendaItemInline(SourceLinkMixin, admin.TabularInline):
    model = models.AgendaItem
    fields = [
        "order",
        "number",
        "parent",
        "title",
        "first_page",
        "last_page",
        "presenter",
        "visibility",
        "source_link",
    ]
    readonly_fields = ["source_link"]
    autocomplete_fields = ["parent"]
    extra = 0


class AttendanceInline(SourceLinkMixin, admin.TabularInline):
    model = models.Attendance
    fields = [
        "name_as_written",
        "person",
        "status",
        "capacity",
        "chair",
        "substitute_for",
        "role",
        "organisation",
        "directorate",
        "source_link",
    ]
    readonly_fields = ["source_link"]
    autocomplete_fields = ["person", "substitute_for", "organisation"]
    extra = 0


class MinuteInline(SourceLinkMixin, admin.TabularInline):
    model = models.Minute
    fields = ["number", "municipal_year", "title", "agenda_item", "visibility", "source_link"]
    readonly_fields = ["source_link"]
    autocomplete_fields = ["agenda_item"]
    show_change_link = True
    extra = 0


class ResolutionInline(SourceLinkMixin, admin.TabularInline):
    model = models.Resolution
    fields = ["order", "part", "text", "source_link"]
    readonly_fields = ["source_link"]
    extra = 0


@admin.register(models.Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website", "moderngov_url"]
    search_fields = ["name", "slug"]
    formfield_overrides = {URLField: {"assume_scheme": "https"}}


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "name", "line_count", "visibility", "ingested_at"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title", "name", "sha256"]
    date_hierarchy = "ingested_at"
    fields = [
        "title",
        "kind",
        "visibility",
        "supersedes",
        "name",
        "sha256",
        "size_bytes",
        "line_count",
        "format",
        "ingested_at",
        "source_text",
    ]
    readonly_fields = [
        "name",
        "sha256",
        "size_bytes",
        "line_count",
        "format",
        "ingested_at",
        "source_text",
    ]
    autocomplete_fields = ["supersedes"]
    inlines = [SectionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("text")

    def has_add_permission(self, request):
        return False

    @admin.display(description="Source text")
    def source_text(self, obj):
        return link_to_source(obj.get_absolute_url(), f"{obj.line_count} lines")


@admin.register(models.Original)
class OriginalAdmin(admin.ModelAdmin):
    """The files documents were read from: seen, never added or changed by hand."""

    list_display = ["document", "content_type", "size"]
    fields = ["document", "content_type", "size", "download"]
    readonly_fields = fields
    search_fields = ["document__title", "document__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("document").defer("document__text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Size (bytes)")
    def size(self, obj):
        return obj.document.size_bytes

    @admin.display(description="Download")
    def download(self, obj):
        return link_to_source(
            reverse("document-original", args=[obj.document_id]), obj.document.name
        )


@admin.register(models.Section)
class SectionAdmin(DocumentTitleMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "document", "first_line", "last_line"]
    list_filter = ["kind"]
    search_fields = ["title", "document__title"]
    autocomplete_fields = ["document"]


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "council"]
    list_filter = ["council"]
    search_fields = ["name", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganisationAliasInline]


@admin.register(models.OrganisationAlias)
class OrganisationAliasAdmin(admin.ModelAdmin):
    form = AliasForm
    list_display = ["alias", "organisation", "key"]
    list_select_related = ["organisation"]
    search_fields = ["alias", "key", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "alias", "key"]
    readonly_fields = ["key"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "honorific", "surname_key", "initial", "council"]
    list_filter = ["council"]
    search_fields = ["name", "surname_key", "aliases__alias"]
    inlines = [PersonAliasInline, PostInline]


@admin.register(models.PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "person"]
    list_select_related = ["person"]
    search_fields = ["alias", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(models.Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "directorate", "organisation"]
    list_select_related = ["person", "organisation"]
    search_fields = ["person__name", "title", "directorate", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(models.Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "council", "category", "expired"]
    list_filter = ["council", "kind", "expired", "deleted"]
    list_select_related = ["parent"]
    search_fields = ["name", "aliases__alias"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "successor"]
    inlines = [BodyAliasInline, MembershipInline]


@admin.register(models.BodyAlias)
class BodyAliasAdmin(OrganisationAliasAdmin):
    list_display = ["alias", "body", "key"]
    list_select_related = ["body"]
    search_fields = ["alias", "key", "body__name"]
    autocomplete_fields = ["body"]
    fields = ["body", "alias", "key"]


@admin.register(models.Membership)
class MembershipAdmin(DerivedMixin, SourcedAdmin):
    list_display = ["__str__", "body", "role", "vacant", "start_date", "last_seen", "end_date"]
    list_filter = ["role", "vacant"]
    list_select_related = ["body", "person", "organisation"]
    search_fields = ["person__name", "organisation__name", "title", "body__name"]
    autocomplete_fields = ["source", "body", "person", "organisation"]


class RederivesMemberships:
    """A corrected list is new evidence: the body's memberships are derived again."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rederive_memberships(self.roster_of(form.instance).body)

    def delete_model(self, request, obj):
        body = self.roster_of(obj).body
        super().delete_model(request, obj)
        rederive_memberships(body)


@admin.register(models.Merge)
class MergeAdmin(DerivedMixin, admin.ModelAdmin):
    """Merges are made and undone on the site's merge pages, which keep what an undo needs."""

    list_display = ["__str__", "kind", "merged_by", "merged_at", "undone_at"]
    list_filter = ["kind", "council"]


@admin.register(models.Roster)
class RosterAdmin(RederivesMemberships, SourcedAdmin):
    list_display = ["__str__", "body", "as_at", "document"]
    list_select_related = ["body", "document"]
    search_fields = ["body__name"]
    autocomplete_fields = ["source", "body", "document"]
    inlines = [RosterEntryInline]

    def roster_of(self, obj):
        return obj


@admin.register(models.RosterEntry)
class RosterEntryAdmin(RederivesMemberships, SourcedAdmin):
    list_display = ["__str__", "role", "vacant"]
    list_select_related = ["roster__body", "person", "organisation"]
    search_fields = ["person__name", "organisation__name", "title", "roster__body__name"]
    autocomplete_fields = ["source", "roster", "person", "organisation"]

    def roster_of(self, obj):
        return obj.roster


@admin.register(models.Meeting)
class MeetingAdmin(SourcedAdmin):
    list_display = ["__str__", "body", "date", "status", "visibility", "private_business"]
    list_filter = ["status", "visibility", "body__kind"]
    search_fields = ["body__name", "venue"]
    date_hierarchy = "date"
    autocomplete_fields = ["source", "body"]
    inlines = [AgendaItemInline, AttendanceInline, MinuteInline]

    def get_queryset(self, request):
        # str(meeting) names the body, in the change list and in autocomplete results.
        return super().get_queryset(request).select_related("body")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rederive_memberships(form.instance.body)  # attendance is evidence of membership


@admin.register(models.AgendaItem)
class AgendaItemAdmin(SourcedAdmin):
    list_display = ["__str__", "meeting", "pages", "visibility"]
    list_filter = ["visibility"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "presenter", "meeting__body__name"]
    autocomplete_fields = ["source", "meeting", "parent"]


@admin.register(models.LinkedDocument)
class LinkedDocumentAdmin(SourcedAdmin):
    list_display = ["title", "agenda_item", "published", "visibility"]
    list_filter = ["visibility"]
    list_select_related = ["agenda_item__meeting__body"]
    search_fields = ["title", "url", "agenda_item__title"]
    autocomplete_fields = ["source", "agenda_item", "document"]

    def get_readonly_fields(self, request, obj=None):
        # An uploaded file and what it was checked to be are set only by the upload page,
        # which checks the bytes (governance.attachments).
        fixed = ["file", "media_type", "size", "sha256", "pages"]
        return [*super().get_readonly_fields(request, obj), *fixed]


@admin.register(models.Attendance)
class AttendanceAdmin(SourcedAdmin):
    list_display = ["name_as_written", "meeting", "status", "capacity", "chair", "person", "party"]
    list_filter = ["status", "capacity", "chair"]
    list_select_related = ["meeting__body", "person"]
    search_fields = ["name_as_written", "person__name", "meeting__body__name"]
    autocomplete_fields = ["source", "meeting", "person", "substitute_for", "organisation"]


@admin.register(models.ReportedAttendance)
class ReportedAttendanceAdmin(SourcedAdmin):
    list_display = [
        "name",
        "body",
        "group",
        "attended",
        "expected",
        "percent_printed",
        "period_start",
        "period_end",
    ]
    list_select_related = ["body"]
    search_fields = ["name", "group", "body__name"]
    autocomplete_fields = ["source", "body", "organisation"]


@admin.register(models.Minute)
class MinuteAdmin(SourcedAdmin):
    list_display = ["reference", "title", "meeting", "visibility"]
    list_filter = ["visibility", "municipal_year"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "municipal_year", "meeting__body__name"]
    autocomplete_fields = ["source", "meeting", "agenda_item", "references"]
    inlines = [ResolutionInline]


@admin.register(models.Resolution)
class ResolutionAdmin(SourcedAdmin):
    list_display = ["__str__", "minute", "part"]
    list_select_related = ["minute"]
    search_fields = ["text"]
    autocomplete_fields = ["source", "minute"]


@admin.register(models.Declaration)
class DeclarationAdmin(SourcedAdmin):
    list_display = ["__str__", "meeting", "person", "none_declared"]
    list_filter = ["none_declared"]
    list_select_related = ["meeting__body", "person"]
    search_fields = ["text", "person__name", "meeting__body__name"]
    autocomplete_fields = ["source", "meeting", "minute", "person"]


@admin.register(models.BriefingNote)
class BriefingNoteAdmin(DocumentTitleMixin, SourcedAdmin):
    list_display = ["__str__", "addressed_to", "date", "meeting", "document"]
    list_select_related = ["meeting__body"]
    search_fields = ["subject", "addressed_to", "sender"]
    autocomplete_fields = ["source", "document", "meeting"]


@admin.register(models.Warning)
class WarningAdmin(DocumentTitleMixin, SourceLinkMixin, admin.ModelAdmin):
    list_display = ["code", "message", "document", "source_link"]
    list_filter = ["code"]
    search_fields = ["code", "message", "document__title"]
    autocomplete_fields = ["document"]
    readonly_fields = ["created_at", "source_link"]
