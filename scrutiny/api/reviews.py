"""Reviews and their recommendations as the public review page shows them, with the
summary computed by `reviews.selectors` (never typed) in the committee's agreed position;
a service's later position is its own field, never the status.
A recommendation's sign-off resolution is left out: it may be exempt business, and the
meeting record says what of it may be seen."""

from __future__ import annotations

from django.http import HttpRequest

from scrutiny.api.committees import committee_summary, meeting_summary
from scrutiny.api.responses import day, link
from scrutiny.publishing.reviews import RecommendationRow, ReviewPage, ReviewWithSummary
from scrutiny.reviews.models import ProgressUpdate, Review
from scrutiny.reviews.selectors import ExceptionToDelivery, ProgressSummary, ServicePosition


def summary(figures: ProgressSummary) -> dict:
    """The counts and the sentence: "9 out of 13 recommendations achieved (2 completed
    behind schedule); 4 extended"."""
    return figures.as_dict()


def review_summary(request: HttpRequest, review: Review) -> dict:
    return {
        "slug": review.slug,
        "title": review.title,
        "stage": review.stage,
        "links": {
            "self": link(request, "api:review_detail", review.slug),
            "html": link(request, "site:review_detail", review.slug),
        },
    }


def review_list_entry(request: HttpRequest, entry: ReviewWithSummary) -> dict:
    return review_summary(request, entry.review) | {
        "committee": committee_summary(request, entry.review.committee),
        "summary": summary(entry.summary),
    }


def update(entry: ProgressUpdate | None) -> dict | None:
    if entry is None:
        return None
    return {"as_of": day(entry.as_of), "narrative": entry.narrative}


def service_position(position: ServicePosition | None) -> dict | None:
    if position is None:
        return None
    status = position.status
    return {
        "status": {"code": status.code, "label": status.label},
        "rag": status.rag,
        "as_of": day(position.as_of),
    }


def recommendation(request: HttpRequest, review: Review, row: RecommendationRow) -> dict:
    rec = row.recommendation
    directorate = rec.directorate_shown
    return {
        "number": rec.number,
        "reference": rec.reference,
        "text": rec.text,
        "owner": rec.owner.name if rec.owner else None,
        "directorate": directorate.name if directorate else None,
        "original_target_date": day(rec.original_target_date),
        "current_target_date": day(rec.current_target_date),
        "status": {"code": rec.status.code, "label": rec.status.label},
        "rag": rec.status.rag,
        "achieved_late": rec.achieved_late,
        "overdue": row.overdue,
        "service_position": service_position(row.service_position),
        "latest_update": update(row.latest_update),
        "links": {"html": link(request, "site:recommendation_detail", review.slug, rec.number)},
    }


def exception(entry: ExceptionToDelivery) -> dict:
    return {
        "recommendation": entry.recommendation.number,
        "status": {"code": entry.status.code, "label": entry.status.label},
        "reason": entry.reason,
        "original_target_date": day(entry.original_target_date),
        "current_target_date": day(entry.current_target_date),
        "overdue": entry.overdue,
        "latest_update": update(entry.latest_update),
    }


def review_detail(
    request: HttpRequest, page: ReviewPage, exceptions: list[ExceptionToDelivery]
) -> dict:
    review, due = page.review, page.next_report
    return review_summary(request, review) | {
        "committee": committee_summary(request, review.committee),
        "aim": review.aim,
        "scope": review.scope,
        "reported_to_executive_on": day(review.reported_to_executive_on),
        "summary": summary(page.summary),
        # The services' position, where it differs from what the committee has agreed.
        "reported_summary": summary(page.reported) if page.reported else None,
        "next_report": {
            "due_on": day(due.due_on),
            "meeting": meeting_summary(request, due.meeting) if due.meeting else None,
        }
        if due
        else None,
        "concerns": [c.text for c in page.concerns],
        "exceptions": [exception(e) for e in exceptions],
        "recommendations": [recommendation(request, review, r) for r in page.rows],
        "history": [
            {
                "on": day(t.happened_on),
                "period": t.period_label,
                "kind": t.kind,
                "text": t.text,
            }
            for t in page.timeline
        ],
    }
