from django.contrib import admin

from scrutiny.core.admin import AuditedAdmin
from scrutiny.people.models import Directorate, Person, SignInAttempt


@admin.register(Directorate)
class DirectorateAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "kind", "job_title", "directorate", "email", "user"]
    list_filter = ["kind", "directorate"]
    search_fields = ["name", "job_title", "email"]
    autocomplete_fields = ["directorate", "user"]


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):
    """Read-only: who tried to sign in, from where, and whether it worked."""

    list_display = ["at", "username", "ip_address", "succeeded"]
    list_filter = ["succeeded"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
