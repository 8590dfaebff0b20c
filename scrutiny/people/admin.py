"""People, directorates, sign-ins and roles in the admin: reference data, edited here and
audited (a password only as "changed"). Sign-in records are read-only. An administrator
unlocks an account's sign-in with the users list's action, which clears its failures
through `scrutiny.people.unlock.sign_in_failures_clear` (audited); deleting one failure
record (say, an address's) is audited like any other admin write."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from scrutiny.core.admin import HIDDEN, AuditedAdmin, ReadOnlyAdmin, audit_admin_write
from scrutiny.people.models import DeviceCookieFailures, Directorate, Person, UnlockLink
from scrutiny.people.unlock import sign_in_failures_clear


@admin.register(Directorate)
class DirectorateAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "kind", "job_title", "directorate", "email", "user"]
    list_filter = ["kind", "directorate"]
    search_fields = ["name", "job_title", "email"]
    autocomplete_fields = ["directorate", "user"]


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    actions = ["unlock_sign_in"]

    @admin.action(
        description="Unlock sign-in for the selected users (forget their failed sign-ins)",
        permissions=["change"],
    )
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            sign_in_failures_clear(actor=request.user, user=user, how="an administrator")
        self.message_user(request, f"Sign-in unlocked for {len(queryset)} user(s).")

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit_admin_write(
                request,
                user,
                "password_change",
                before={"password": HIDDEN},
                after={"password": "(changed)"},
            )
        return response


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AuditedAdmin, axes_admin.AccessAttemptAdmin):
    """Failures for a username from an address (in one kind of browser): deleting it
    forgets them. To unlock an account, use the users list's action."""

    actions = []

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(ReadOnlyAdmin, axes_admin.AccessFailureLogAdmin):
    pass


@admin.register(DeviceCookieFailures)
class DeviceCookieFailuresAdmin(ReadOnlyAdmin):
    list_display = ["username", "failures", "last_failure_at"]
    search_fields = ["username"]


@admin.register(UnlockLink)
class UnlockLinkAdmin(ReadOnlyAdmin):
    list_display = ["user", "sent_to", "created_at", "used_at"]
    search_fields = ["user__username", "sent_to"]
