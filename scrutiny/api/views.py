"""The API's views: parse, fetch through `publishing` as the public pages do, shape with
the serialisers, answer. No rule is decided here."""

from django.http import Http404, HttpRequest, JsonResponse
from django.utils.html import strip_tags

from scrutiny.api import committees as committee_data
from scrutiny.api import meetings as meeting_data
from scrutiny.api import reviews as review_data
from scrutiny.api.openapi import openapi_document
from scrutiny.api.responses import (
    MODIFIED_SINCE,
    NOT_FOUND,
    api_response,
    api_view,
    checked_page,
    day,
    filter_choice,
    kept_filters,
    link,
    modified_since,
    page_number,
)
from scrutiny.api.responses import pagination as page_links
from scrutiny.core.page_cache import public_page
from scrutiny.publishing import committees, reviews, rules
from scrutiny.publishing.meetings import meeting_record
from scrutiny.reviews.selectors import recommendation_states, review_exceptions
from scrutiny.search import params as search_params
from scrutiny.search import selectors as search_selectors


@public_page(scopes=(), params=())
@api_view
def index(request: HttpRequest) -> JsonResponse:
    return api_response(
        request,
        {
            "committees": link(request, "api:committee_list"),
            "reviews": link(request, "api:review_list"),
            "openapi": link(request, "api:openapi"),
        },
    )


@public_page(params=())
@api_view
def committee_list(request: HttpRequest) -> JsonResponse:
    entries = committees.committees_with_next_meeting(
        user=request.user, changed_since=modified_since(request)
    )
    return api_response(
        request, {"results": [committee_data.committee_list_entry(request, c) for c in entries]}
    )


@public_page
@api_view
def committee_detail(request: HttpRequest, slug: str) -> JsonResponse:
    committee = committees.get_committee_or_404(slug)
    number = page_number(request)
    since = modified_since(request)
    page, _ = committees.meetings_by_municipal_year(
        user=request.user, committee=committee, page_number=number, changed_since=since
    )
    data = committee_data.committee_detail(
        request,
        committee=committee,
        members=committees.current_members(committee),
        work_programme=committees.work_programme(committee=committee),
        page=checked_page(page, number),
        keep=kept_filters(request, MODIFIED_SINCE),
    )
    return api_response(request, data)


@public_page(params=("page", "status"))
@api_view
def committee_actions(request: HttpRequest, slug: str) -> JsonResponse:
    committee = committees.get_committee_or_404(slug)
    number = page_number(request)
    state = filter_choice(request, "status", committees.ACTION_FILTERS, default="open")
    page, state = committees.action_log(
        user=request.user, committee=committee, state=state, page_number=number
    )
    data = committee_data.action_log(
        request, committee=committee, page=checked_page(page, number), state=state
    )
    return api_response(request, data)


@public_page(params=())
@api_view
def meeting_detail(request: HttpRequest, pk: int) -> JsonResponse:
    meeting = rules.get_visible_meeting_or_404(request.user, pk)
    record = meeting_record(user=request.user, meeting=meeting)
    return api_response(request, meeting_data.meeting_detail(request, record))


@public_page
@api_view
def review_list(request: HttpRequest) -> JsonResponse:
    number = page_number(request)
    since = modified_since(request)
    page, entries = reviews.review_list(page_number=number, changed_since=since)
    data = {
        "results": [review_data.review_list_entry(request, e) for e in entries],
        **page_links(
            request,
            checked_page(page, number),
            "api:review_list",
            keep=kept_filters(request, MODIFIED_SINCE),
        ),
    }
    return api_response(request, data)


@public_page(params=())
@api_view
def review_detail(request: HttpRequest, slug: str) -> JsonResponse:
    review = reviews.get_review_or_404(slug)
    states = recommendation_states(review)
    page = reviews.review_page(review=review, states=states)
    exceptions = review_exceptions(review=review, states=states)
    data = review_data.review_detail(request, page, exceptions)
    return api_response(request, data)


@public_page(scopes=(), params=())
@api_view
def openapi(request: HttpRequest) -> JsonResponse:
    return api_response(request, openapi_document(server=link(request, "api:index")))


@public_page(params=search_params.PARAMETERS)
@api_view
def search(request: HttpRequest) -> JsonResponse:
    """The site's search, as JSON: the same parameters, the same results in the same
    order. A parameter the search page would flag is a 404 here, like any unknown filter."""
    asked = search_params.read(request.GET)
    number = page_number(request)
    if asked.errors or not asked.query:
        raise Http404(NOT_FOUND)
    found = search_selectors.search(asked.query, asked.filters, page=number)
    if number > found.pages:
        raise Http404(NOT_FOUND)
    keep = request.GET.copy()
    keep.pop("page", None)

    def page_link(page: int) -> str:
        return link(request, "api:search", query=f"{keep.urlencode()}&page={page}")

    return api_response(
        request,
        {
            "query": found.query,
            "count": found.total,
            "more": found.more,
            "page": found.page,
            "pages": found.pages,
            "next": page_link(number + 1) if number < found.pages else None,
            "previous": page_link(number - 1) if number > 1 else None,
            "results": [
                {
                    "kind": result.kind,
                    "kind_label": result.kind_label,
                    "title": strip_tags(result.title),
                    "title_html": str(result.title),
                    "snippet_html": str(result.snippet),
                    "url": request.build_absolute_uri(result.url),
                    "committee": result.committee_name,
                    "date": day(result.dated),
                    "municipal_year": result.municipal_year,
                }
                for result in found.results
            ],
        },
    )
