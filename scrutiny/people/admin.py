from django.contrib import admin

from scrutiny.core.admin import AuditedAdmin
from scrutiny.people.models import Directorate, Person


@admin.register(Directorate)
class DirectorateAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "kind", "job_title", "directorate", "email", "user"]
    list_filter = ["kind", "directorate"]
    search_fields = ["name", "job_title", "email"]
    autocomplete_fields = ["directorate", "user"]
