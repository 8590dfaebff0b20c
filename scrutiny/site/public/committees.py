from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import committees
from scrutiny.site.public.alerts import follow_context


@public_page(params=())
def committee_list(request: HttpRequest) -> HttpResponse:
    context = {
        "committees": committees.committees_with_next_meeting(),
        "breadcrumbs": [("Home", reverse("site:home")), ("Committees", None)],
    }
    return render(request, "site/public/committee_list.html", context)


@public_page
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    committee = committees.get_committee_or_404(slug)
    page, years = committees.meetings_by_municipal_year(
        user=request.user, committee=committee, page_number=request.GET.get("page")
    )
    context = {
        "committee": committee,
        "members": committees.current_members(committee),
        "page": page,
        "years": years,
        "work_programme": committees.work_programme(committee=committee),
        **follow_context(committee),
        "breadcrumbs": [
            ("Home", reverse("site:home")),
            ("Committees", reverse("site:committee_list")),
            (committee.name, None),
        ],
    }
    return render(request, "site/public/committee_detail.html", context)


@public_page(params=("page", "status"))
def committee_actions(request: HttpRequest, slug: str) -> HttpResponse:
    committee = committees.get_committee_or_404(slug)
    page, state = committees.action_log(
        user=request.user,
        committee=committee,
        state=request.GET.get("status", "open"),
        page_number=request.GET.get("page"),
    )
    context = {
        "committee": committee,
        "page": page,
        "state": state,
        "filters": committees.ACTION_FILTERS,
        "breadcrumbs": [
            ("Home", reverse("site:home")),
            ("Committees", reverse("site:committee_list")),
            (committee.name, reverse("site:committee_detail", args=[committee.slug])),
            ("Action log", None),
        ],
    }
    return render(request, "site/public/committee_actions.html", context)
