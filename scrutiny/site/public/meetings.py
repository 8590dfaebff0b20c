from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import rules
from scrutiny.publishing.meetings import meeting_record


@public_page(params=())
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = rules.get_visible_meeting_or_404(request.user, pk)
    record = meeting_record(user=request.user, meeting=meeting)
    committee = meeting.committee
    context = {
        "record": record,
        "meeting": meeting,
        "breadcrumbs": [
            ("Home", reverse("site:home")),
            ("Committees", reverse("site:committee_list")),
            (committee.name, reverse("site:committee_detail", args=[committee.slug])),
            (f"{meeting.date:%-d %B %Y}", None),
        ],
    }
    return render(request, "site/public/meeting_detail.html", context)
