"""API tokens in the admin: administrators see who holds which token and revoke them.
A token is made by its holder on their own page (its secret is shown to them only), so
none is added here, and the digest is never shown."""

from django.contrib import admin, messages
from django.utils import timezone

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created", "last_used", "revoked"]
    list_filter = [("revoked", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "hint"]
    fields = ["user", "name", "hint", "created", "last_used", "revoked"]
    readonly_fields = ["user", "hint", "created", "last_used"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        count = queryset.filter(revoked__isnull=True).update(revoked=timezone.now())
        messages.success(request, f"Revoked {count} token{'s' if count != 1 else ''}.")
