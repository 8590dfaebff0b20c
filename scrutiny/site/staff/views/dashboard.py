from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.site.staff.access import staff_page
from scrutiny.site.staff.selectors import dashboard_for


@staff_page()
def dashboard(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.user)
    return render(
        request,
        "site/staff/dashboard.html",
        {"board": board, "breadcrumbs": [("Staff", None)]},
    )
