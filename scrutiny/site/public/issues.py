from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing.meetings import get_issue_or_404, issue_history


@public_page
def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    issue = get_issue_or_404(slug)
    page, items = issue_history(user=request.user, issue=issue, page_number=request.GET.get("page"))
    context = {
        "issue": issue,
        "page": page,
        "items": items,
        "breadcrumbs": [("Home", reverse("site:home")), (issue.title, None)],
    }
    return render(request, "site/public/issue_detail.html", context)
