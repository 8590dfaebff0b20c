from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import links
from scrutiny.publishing.meetings import get_issue_or_404, issue_history


@public_page
def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    issue = get_issue_or_404(slug)
    page, items = issue_history(user=request.user, issue=issue, page_number=request.GET.get("page"))
    reviews = links.reviews_of_issue(issue)
    newest = items[0].item if items and page.number == 1 else None
    committee = links.issue_committee(request.user, issue, reviews, newest=newest)
    breadcrumbs = [("Home", reverse("site:home")), ("Committees", reverse("site:committee_list"))]
    if committee is not None:
        breadcrumbs.append(
            (committee.name, reverse("site:committee_detail", args=[committee.slug]))
        )
    context = {
        "issue": issue,
        "page": page,
        "items": items,
        "reviews": reviews,
        "committee": committee,
        "breadcrumbs": [*breadcrumbs, (issue.title, None)],
    }
    return render(request, "site/public/issue_detail.html", context)
