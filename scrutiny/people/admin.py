"""People, directorates, sign-ins and roles in the admin. People, directorates and roles
(groups) are reference data, edited here and audited. Accounts are read-only here: they
are made and changed, switched off and invited on the staff workspace's accounts pages or
by `manage.py create_account`, through `scrutiny.committees.accounts.account_save`, whose
rules the admin must not go around; for the same reason a person's account is linked
there, not here. Sign-in records are read-only. An administrator unlocks an account's
sign-in with the users list's action, which clears its failures through
`scrutiny.people.unlock.sign_in_failures_clear` (audited); deleting one failure record
(say, an address's) is audited like any other admin write."""

from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.urls import reverse

from scrutiny.core.admin import AuditedAdmin, ReadOnlyAdmin
from scrutiny.people.models import (
    DeviceCookieFailures,
    Directorate,
    PasswordEmail,
    Person,
    UnlockLink,
)
from scrutiny.people.unlock import sign_in_failures_clear


@admin.register(Directorate)
class DirectorateAdmin(AuditedAdmin):
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(AuditedAdmin):
    list_display = ["name", "kind", "job_title", "directorate", "email", "user"]
    list_filter = ["kind", "directorate"]
    search_fields = ["name", "job_title", "email"]
    autocomplete_fields = ["directorate"]
    readonly_fields = ["user"]


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Read-only but for unlocking sign-in: accounts change on the accounts pages."""

    actions = ["unlock_sign_in"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_unlock_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    @admin.action(
        description="Unlock sign-in for the selected users (forget their failed sign-ins)",
        permissions=["unlock"],
    )
    def unlock_sign_in(self, request, queryset):
        for user in queryset:
            sign_in_failures_clear(actor=request.user, user=user, how="an administrator")
        self.message_user(request, f"Sign-in unlocked for {len(queryset)} user(s).")

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self.message_user(
                request,
                "Accounts are added and changed on the accounts page: " + reverse("staff:accounts"),
            )
        return super().changelist_view(request, extra_context)


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


@admin.register(PasswordEmail)
class PasswordEmailAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "sent_to", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__username", "sent_to"]
