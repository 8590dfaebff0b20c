from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import links, rules
from scrutiny.publishing.meetings import meeting_record


@public_page(params=())
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = rules.get_visible_meeting_or_404(request.user, pk)
    record = meeting_record(user=request.user, meeting=meeting)
    committee = meeting.committee
    item_reviews = links.reviews_of_items(request.user, [entry.item for entry in record.items])
    reviews = list({r.pk: r for found in item_reviews.values() for r in found}.values())
    context = {
        "record": record,
        "meeting": meeting,
        "item_reviews": item_reviews,
        "reviews": sorted(reviews, key=lambda review: review.title),
        "breadcrumbs": [
            ("Home", reverse("site:home")),
            ("Committees", reverse("site:committee_list")),
            (committee.name, reverse("site:committee_detail", args=[committee.slug])),
            (f"{meeting.date:%-d %B %Y}", None),
        ],
    }
    return render(request, "site/public/meeting_detail.html", context)
