"""Admin for indicators, their rating rules, areas, periods, breakdowns, figures, data calls
and submissions.

Figures are history: once saved, what was printed or submitted (the raw text, its values and
status, and which indicator, area, period and breakdown it is for) is read-only here. A
correction is a new figure that supersedes the old one, so that the old one stays visible.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from scrutineer.governance.admin import SourcedAdmin

from . import models


class RagRuleForm(forms.ModelForm):
    class Meta:
        model = models.RagRule
        fields = ["kind", "target", "tolerance", "comparator"]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == models.RagRule.Kind.TARGET and cleaned.get("target") is None:
            raise ValidationError({"target": "Enter the target the indicator is rated against"})
        if kind == models.RagRule.Kind.COMPARATOR and cleaned.get("comparator") is None:
            raise ValidationError({"comparator": "Choose the area the indicator is rated against"})
        if (cleaned.get("tolerance") or 0) < 0:
            raise ValidationError({"tolerance": "Enter a tolerance of 0 or more"})
        return cleaned


class RagRuleInline(admin.StackedInline):
    model = models.RagRule
    form = RagRuleForm
    autocomplete_fields = ["comparator"]
    extra = 0
    max_num = 1


@admin.register(models.Indicator)
class IndicatorAdmin(SourcedAdmin):
    list_display = ["name", "body", "priority", "unit", "polarity", "frequency", "visibility"]
    list_filter = ["body", "unit", "polarity", "frequency", "visibility"]
    search_fields = ["name", "priority", "group", "definition"]
    list_select_related = ["body"]
    autocomplete_fields = ["body", "source_agency", "responsible_organisation", "source"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RagRuleInline]


@admin.register(models.Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(models.Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["label"]
    ordering = ["-end", "start", "label"]


@admin.register(models.Breakdown)
class BreakdownAdmin(admin.ModelAdmin):
    list_display = ["value", "dimension"]
    list_filter = ["dimension"]
    search_fields = ["value"]


FIGURE_FIELDS = ["indicator", "area", "period", "breakdown", "raw", "value", "value2", "status"]


@admin.register(models.Observation)
class ObservationAdmin(SourcedAdmin):
    list_display = ["indicator", "period", "area", "breakdown", "raw", "status", "current"]
    list_filter = ["status", "visibility", "area__kind", "period__kind"]
    search_fields = ["indicator__name", "raw", "area__name", "period__label"]
    list_select_related = ["indicator", "period", "area", "breakdown"]
    raw_id_fields = ["indicator", "superseded_by", "submission", "entered_by"]
    autocomplete_fields = ["area", "period", "breakdown", "source"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("indicator__definition")

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "recorded_at"]
        return fields + FIGURE_FIELDS if obj is not None else fields

    def save_model(self, request, obj, form, change):
        if not change and obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(boolean=True, description="Current")
    def current(self, obj):
        return obj.superseded_by_id is None


@admin.register(models.DataCall)
class DataCallAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "period", "deadline", "closed_at"]
    list_filter = ["body"]
    search_fields = ["title", "body__name"]
    list_select_related = ["body", "period"]
    autocomplete_fields = ["body", "period", "indicators"]
    date_hierarchy = "deadline"


@admin.register(models.Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "data_call",
        "submitted_at",
        "submitted_by",
        "rows",
        "file_name",
    ]
    list_filter = ["data_call__body"]
    search_fields = ["organisation__name", "data_call__title", "file_name", "sha256"]
    list_select_related = ["organisation", "data_call", "submitted_by"]
    autocomplete_fields = ["data_call", "organisation"]
    raw_id_fields = ["submitted_by"]
    readonly_fields = ["submitted_at", "sha256", "rows", "file_name"]
