from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.publishing import links, reviews


@public_page
def review_list(request: HttpRequest) -> HttpResponse:
    page, entries = reviews.review_list(page_number=request.GET.get("page"))
    context = {
        "page": page,
        "entries": entries,
        "breadcrumbs": [("Home", reverse("site:home")), ("Reviews", None)],
    }
    return render(request, "site/public/review_list.html", context)


@public_page(params=())
def review_detail(request: HttpRequest, slug: str) -> HttpResponse:
    review = reviews.get_review_or_404(slug)
    context = {
        "page_data": reviews.review_page(review=review),
        "review": review,
        "considered": links.review_considered_at(request.user, review),
        "breadcrumbs": [*_committee_crumbs(review), (review.title, None)],
    }
    return render(request, "site/public/review_detail.html", context)


@public_page(params=())
def recommendation_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    review = reviews.get_review_or_404(slug)
    recommendation = reviews.get_recommendation_or_404(review, number)
    context = {
        "review": review,
        "recommendation": recommendation,
        "row": reviews.recommendation_row(recommendation),
        "timeline": reviews.recommendation_timeline(recommendation=recommendation),
        "considered": links.review_considered_at(request.user, review),
        "breadcrumbs": [
            *_committee_crumbs(review),
            (review.title, reverse("site:review_detail", args=[review.slug])),
            (f"Recommendation {recommendation.number}", None),
        ],
    }
    return render(request, "site/public/recommendation_detail.html", context)


def _committee_crumbs(review) -> list[tuple[str, str]]:
    """A review sits under its committee (whose work programme lists it)."""
    committee = review.committee
    return [
        ("Home", reverse("site:home")),
        ("Committees", reverse("site:committee_list")),
        (committee.name, reverse("site:committee_detail", args=[committee.slug])),
    ]
