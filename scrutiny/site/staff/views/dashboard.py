from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.people.roles import Role, has_role
from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.selectors import dashboard_for


@staff_page()
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.user)
    return render(
        request,
        "site/staff/dashboard.html",
        {
            "board": board,
            "breadcrumbs": [("Staff", None)],
            # The import pages' own rules: trackers are the scrutiny officer's; the
            # committee record (minutes pages, ModernGov) is theirs and the clerks'.
            "can_import_trackers": has_role(request.user, Role.SCRUTINY_OFFICER),
            "can_import_records": has_role(request.user, Role.SCRUTINY_OFFICER)
            or has_role(request.user, Role.CLERK),
            # Unconfirmed reminders are settled in the admin, by those who may see them there.
            "can_settle_reminders": request.user.has_perm("reminders.view_remindersent"),
        },
    )
