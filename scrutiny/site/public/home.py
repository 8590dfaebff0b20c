from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import meetings
from scrutiny.publishing.reviews import reviews_under_monitoring


@public_page(params=())
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    context = {
        "upcoming": meetings.upcoming_meetings(user=request.user, after=now),
        "recent": meetings.recent_meetings(user=request.user, before=now),
        "decisions": meetings.latest_decisions(user=request.user),
        "monitoring": reviews_under_monitoring(),
    }
    return render(request, "site/public/home.html", context)
