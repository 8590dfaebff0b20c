import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scrutiny.core.page_cache import public_page
from scrutiny.imports.spreadsheets.values import neutralise
from scrutiny.publishing import links, reviews
from scrutiny.reviews.models import Rag
from scrutiny.site.public.alerts import follow_context


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
        **follow_context(review),
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
        **follow_context(recommendation),
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


# The public tracker's columns: what the review page shows of each recommendation.
TRACKER_COLUMNS = (
    "Number",
    "Reference",
    "Recommendation",
    "Directorate",
    "Executive response",
    "Agreed status",
    "RAG",
    "Overdue",
    "Original target date",
    "Current target date",
    "Completed on",
    "Service's position",
    "Service's position dated",
    "Latest update",
    "Latest update dated",
)


@public_page(params=())
def review_tracker_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The review's public tracker as CSV: the rows of the review page, nothing more."""
    review = reviews.get_review_or_404(slug)
    page = reviews.review_page(review=review)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{review.slug}-tracker.csv"'
    response.write("\ufeff")  # so spreadsheet programs read it as UTF-8
    writer = csv.writer(response)
    writer.writerow(TRACKER_COLUMNS)
    for row in page.rows:
        rec, update, position = row.recommendation, row.latest_update, row.service_position
        directorate = rec.directorate_shown
        writer.writerow(
            [
                neutralise(str(value))
                for value in (
                    rec.number,
                    rec.reference,
                    rec.text,
                    directorate.name if directorate else "",
                    rec.get_response_display(),
                    rec.status.label,
                    Rag(rec.status.rag).label,
                    "Yes" if row.overdue else "No",
                    _day(rec.original_target_date),
                    _day(rec.current_target_date),
                    _day(rec.completed_on),
                    position.status.label if position else "",
                    _day(position.as_of) if position else "",
                    update.narrative if update else "",
                    _day(update.as_of) if update else "",
                )
            ]
        )
    return response


def _day(value) -> str:
    return value.isoformat() if value else ""
